"""Properties of the disputed rule (crm_case.scoring.disputed) and of room codes (crm_case.rooms)."""

from hypothesis import given
from hypothesis import strategies as st

from crm_case.rooms import CODE_ALPHABET, format_code, normalize_code
from crm_case.scoring import disputed

scores = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda x: round(x * 2) / 2)


@given(st.lists(scores, max_size=30), st.randoms())
def test_disputed_does_not_depend_on_the_order_of_votes(values, rng):
    shuffled = list(values)
    rng.shuffle(shuffled)
    assert disputed(values) == disputed(shuffled)


@given(scores, st.integers(min_value=3, max_value=40), scores)
def test_one_outlier_among_agreeing_votes_is_never_a_dispute(agreed, others, outlier):
    assert not disputed([agreed] * others + [outlier])


@given(st.lists(scores, min_size=4, max_size=30), st.floats(min_value=-5, max_value=5).map(lambda x: round(x)))
def test_disputed_does_not_change_when_every_vote_moves_alike(values, shift):
    assert disputed(values) == disputed([v + shift for v in values])


@given(st.text(alphabet=CODE_ALPHABET, min_size=6, max_size=6))
def test_a_code_shown_with_its_dash_and_typed_in_lower_case_reads_back(code):
    assert normalize_code(format_code(code).lower()) == code
    assert normalize_code(" ".join(format_code(code))) == code
