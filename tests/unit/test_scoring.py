"""Weighted scoring, flip thresholds, workshop votes and readiness against hand-computed values."""

import io
import math

import openpyxl
import pytest

from crm_case import (
    Case,
    Criterion,
    CrmCaseError,
    Participant,
    Readiness,
    Scoring,
    case_from_dict,
    sample_case,
    with_value,
)
from crm_case.model import READINESS_AREAS, SEED_CRITERIA
from crm_case.scoring import (
    apply_readiness,
    criterion_renames,
    disputed,
    flip_thresholds,
    parse_votes,
    read_votes,
    readiness,
    readiness_from_votes,
    readiness_room,
    score,
    votes,
    votes_template,
)

SEED = Scoring(criteria=SEED_CRITERIA)


def test_seed_criteria_hand_computed():
    # weights 30/30/25/15 of 100; A = 0.3 x 8 + 0.3 x 7 = 4.5; D = 0.25 x 6 + 0.15 x 7 = 2.55
    result = score(SEED)
    assert result.advantages == pytest.approx(4.5)
    assert result.disadvantages == pytest.approx(2.55)
    assert result.net == pytest.approx(1.95) and result.margin == pytest.approx(1.95)
    assert result.verdict == "advantages"
    assert result.table["normalised_weight"].sum() == pytest.approx(1.0)


def test_balanced_and_disadvantages():
    crit = (Criterion(name="a", side="advantage", weight=1, score=5), Criterion(name="d", side="disadvantage",
                                                                                 weight=1, score=5))
    assert score(Scoring(criteria=crit)).verdict == "balanced"
    heavier = (crit[0], crit[1].model_copy(update={"score": 6.0}))
    assert score(Scoring(criteria=heavier)).verdict == "disadvantages"


def test_flip_thresholds_hand_computed():
    flips = flip_thresholds(SEED).set_index("name")
    # criterion 1: the others sum to 30x7 - 25x6 - 15x7 = -45; the net is zero at 45 / 8 = 5.625
    first = flips.loc["Better customer experience"]
    assert first["threshold"] == pytest.approx(5.625) and first["change"] == pytest.approx(5.625 - 30)
    # criterion 3 (a disadvantage): the others sum to 240 + 210 - 105 = 345; zero at 345 / 6 = 57.5
    third = flips.loc["Investment: team time, training and infrastructure"]
    assert third["threshold"] == pytest.approx(57.5) and third["relative_change"] == pytest.approx(57.5 / 25 - 1)


def test_cannot_flip_with_zero_score():
    crit = (Criterion(name="a", side="advantage", weight=1, score=5),
            Criterion(name="d", side="disadvantage", weight=1, score=0))
    flips = flip_thresholds(Scoring(criteria=crit)).set_index("name")
    assert not flips.loc["d", "can_flip"] and math.isnan(flips.loc["d", "threshold"])
    # the advantage alone: the others sum to 0, so it would need weight 0 - it cannot flip, only balance
    assert flips.loc["a", "threshold"] == 0 or not flips.loc["a", "can_flip"]


def test_votes_aggregate_and_disagreement():
    case = sample_case()
    stats = votes(case.scoring).set_index("criterion")
    first = stats.loc["Better customer experience"]
    # CEO 9, Sales 8, Service 9, CFO 6, IT 7
    assert first["mean"] == pytest.approx(7.8) and first["median"] == 8 and first["range"] == 3
    assert not first["disputed"]
    assert stats.loc["Investment: team time, training and infrastructure", "disputed"]  # 4..9
    result = score(case.scoring)
    assert result.table["score"].iloc[0] == pytest.approx(7.8)  # use_votes: the mean replaces the score
    median = score(Scoring.model_validate(case.scoring.model_dump() | {"aggregate": "median"}))
    assert median.table["score"].iloc[0] == 8


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"criteria": [{"name": "a", "side": "advantage", "weight": 0}]}, "weights are all zero"),
        ({"criteria": [{"name": "a", "side": "advantage", "score": 11}]}, "score must be at most 10"),
        ({"criteria": [{"name": " ", "side": "advantage"}]}, "must not be blank"),
        ({"criteria": [{"name": "a", "side": "advantage"}, {"name": "A", "side": "disadvantage"}]},
         "each criterion needs its own name"),
        ({"participants": [{"name": "Ann", "scores": {"Unknown": 5}}]}, "scores unknown criteria: Unknown"),
    ],
)
def test_bad_scoring_input(data, message):
    with pytest.raises(CrmCaseError, match=message):
        case_from_dict({"scoring": data})


def test_parse_votes_and_its_messages():
    names = [c.name for c in SEED_CRITERIA]
    rows = [["Criterion", "Ann", "Bob"], [names[0], 8, "7"], [names[1], 5, None]]
    people = parse_votes(rows, names)
    assert people == [{"name": "Ann", "scores": {names[0]: 8.0, names[1]: 5.0}},
                      {"name": "Bob", "scores": {names[0]: 7.0}}]
    with pytest.raises(CrmCaseError) as caught:
        parse_votes([["Criterion", "Ann"], ["Nope", 5], [names[0], "high"], [names[1], 12]], names)
    assert caught.value.problems[0].startswith("Votes!A2: 'Nope' is not a criterion of the case")
    assert caught.value.problems[1:] == ["Votes!B3: 'high' is not a score; expected 0 to 10",
                                         "Votes!B4: 12 is out of range; expected 0 to 10"]


def test_read_votes_from_csv_and_xlsx():
    case = sample_case()
    names = [c.name for c in case.scoring.criteria]
    csv = ("Criterion;Ann\n" + "\n".join(f"{n};6" for n in names)).encode()
    assert read_votes(csv, "votes.csv", names) == [{"name": "Ann", "scores": {n: 6.0 for n in names}}]
    people = read_votes(votes_template(case), "votes.xlsx", names)
    assert [p["name"] for p in people] == [p.name for p in case.scoring.participants]
    assert people[0]["scores"][names[0]] == 9
    with pytest.raises(CrmCaseError, match="not a spreadsheet"):
        read_votes(b"garbage", "votes.xlsx", names)


def test_readiness_index_hand_computed():
    # all areas 3 with equal weights: (3 - 1) / 4 = 50 %
    assert readiness(Case(readiness=Readiness(scores=dict.fromkeys(READINESS_AREAS, 3)))).index == pytest.approx(50)
    assert readiness(Case()) is None  # a new case has not been assessed
    scores = {a: 5 for a in READINESS_AREAS} | {"data_quality": 1}
    weights = {a: 1.0 for a in READINESS_AREAS} | {"data_quality": 3.0}
    result = readiness(Case(readiness=Readiness(scores=scores, weights=weights)))
    # weights 10: seven areas at 1.0 x 1.0, data quality 3 x 0 -> 7 / 10 = 70
    assert result.index == pytest.approx(70)
    assert result.weakest == ["data_quality"]
    assert result.extra_risk == pytest.approx(0.09) and result.ramp_factor == pytest.approx(1.3)


def test_apply_readiness_moves_the_numbers_once():
    case = sample_case()
    result = readiness(case)
    after = apply_readiness(case)
    assert after.drivers.retention.risk_adjustment == pytest.approx(0.20 + result.extra_risk)
    assert after.rollout.ramp_months == math.ceil(12 * result.ramp_factor)
    assert after.readiness.applied_index == pytest.approx(result.index)
    from crm_case import evaluate

    assert evaluate(after).adjusted.npv < evaluate(case).adjusted.npv


def test_readiness_must_cover_every_area():
    with pytest.raises(CrmCaseError, match="must cover exactly the readiness areas"):
        case_from_dict({"readiness": {"scores": {"budget": 3}}})
    with pytest.raises(CrmCaseError, match="must be at most 5"):
        case_from_dict({"readiness": {"scores": {a: 6 for a in READINESS_AREAS}}})


def test_votes_template_has_validation():
    workbook = openpyxl.load_workbook(io.BytesIO(votes_template(sample_case())))
    sheet = workbook["Votes"]
    assert sheet["A1"].value == "Criterion" and sheet["B1"].value == "CEO"
    assert sheet.data_validations.dataValidation[0].showErrorMessage


def test_participants_follow_names_case_blind():
    scoring = Scoring(criteria=SEED_CRITERIA, participants=(Participant(name="A", scores={
        SEED_CRITERIA[0].name.upper(): 2}),), use_votes=True)
    assert score(scoring).table["score"].iloc[0] == 2


@pytest.mark.parametrize("language", ["es", "uk", "zh-Hant"])
def test_votes_template_in_a_language_reads_back(language):
    """The votes template in the reader's language (sheet, header, placeholders, the score's message) reads back
    like the English one: the first column holds the criteria whatever its header says."""
    from crm_case.i18n import text

    case = sample_case()
    blank = with_value(case, "scoring.participants", [])
    workbook = openpyxl.load_workbook(io.BytesIO(votes_template(blank, language=language)))
    sheet = workbook[text(language, "excel.votes.sheet")]
    assert sheet["A1"].value == text(language, "excel.votes.criterion")
    assert sheet["B1"].value == text(language, "excel.votes.participant", n=1)
    assert sheet.data_validations.dataValidation[0].error == text(language, "excel.votes.score.error")
    names = [c.name for c in case.scoring.criteria]
    people = read_votes(votes_template(case, language=language), "votos.xlsx", names)
    assert [p["name"] for p in people] == [p.name for p in case.scoring.participants]


# --------------------------------------------------------------------------- disputed criteria (issue 19)
@pytest.mark.parametrize(("values", "expected", "why"), [
    ((5, 6, 7, 7, 8, 8, 8, 9), False, "ordinary disagreement in a room of eight: Q1 6.75, Q3 8, IQR 1.25"),
    ((2, 2, 3, 3, 8, 8, 9, 9), True, "a room split in two camps: Q1 2.75, Q3 8.25, IQR 5.5"),
    ((8, 8, 8, 8, 8, 8, 8, 1), False, "one outlier: Q1 = Q3 = 8, IQR 0"),
    ((0, 0, 0, 10), False, "one outlier of 10 points among four moves Q3 by a quarter: IQR 2.5"),
    ((2, 2, 9, 9), True, "four votes in two camps: Q1 2, Q3 9"),
    ((5, 9), True, "two votes: range 4"),
    ((5, 8, 6), False, "three votes: range 3"),
    ((1,), False, "one vote cannot disagree"),
    ((), False, "no votes"),
    ((5, math.nan, 9), True, "an unscored (NaN) value is left out: two votes, range 4"),
])
def test_disputed_rule_hand_computed(values, expected, why):
    assert disputed(values) is expected, why


def test_votes_table_has_the_interquartile_range():
    criteria = (Criterion(name="a", side="advantage"), Criterion(name="d", side="disadvantage"))
    people = [Participant(name=f"P{i}", scores={"a": a, "d": d})
              for i, (a, d) in enumerate(zip((5, 6, 7, 7, 8, 8, 8, 9), (2, 2, 3, 3, 8, 8, 9, 9), strict=True))]
    stats = votes(Scoring(criteria=criteria, participants=people)).set_index("criterion")
    assert stats.loc["a", "iqr"] == pytest.approx(1.25) and not stats.loc["a", "disputed"]
    assert stats.loc["d", "iqr"] == pytest.approx(5.5) and stats.loc["d", "disputed"]
    assert stats.loc["a", "range"] == 4  # the old rule (range >= 4) flagged it


# --------------------------------------------------------------------------- the scores and weights the verdict uses
def test_score_table_says_where_scores_and_weights_come_from_hand_computed():
    # A: votes 8 and 6 -> mean 7, weights 60 and 40 -> 50; D: one vote 4, one weight 20.
    # normalised 50/70 and 20/70: advantages 50/70 x 7 = 5, disadvantages 20/70 x 4 = 8/7
    crit = (Criterion(name="A", side="advantage", weight=1, score=5),
            Criterion(name="D", side="disadvantage", weight=1, score=5))
    people = (Participant(name="P1", scores={"A": 8, "D": 4}, weights={"A": 60, "D": 20}),
              Participant(name="P2", scores={"a": 6}, weights={"a": 40}))
    result = score(Scoring(criteria=crit, participants=people, use_votes=True))
    table = result.table.set_index("name")
    assert list(table["score"]) == [7, 4] and list(table["weight"]) == [50, 20]
    assert list(table["source"]) == ["votes", "votes"] and list(table["votes"]) == [2, 1]
    assert list(table["weight_source"]) == ["votes", "votes"] and list(table["weight_votes"]) == [2, 1]
    assert result.advantages == pytest.approx(5.0) and result.disadvantages == pytest.approx(8 / 7)


def test_criteria_nobody_weighed_or_scored_keep_their_own():
    # A weighed by one participant (50), D keeps its own weight 1 and, unscored, its own score 5:
    # normalised 50/51 and 1/51; advantages 50/51 x 8, disadvantages 1/51 x 5
    crit = (Criterion(name="A", side="advantage", weight=1, score=5),
            Criterion(name="D", side="disadvantage", weight=1, score=5))
    people = (Participant(name="P1", scores={"A": 8}, weights={"A": 50}),)
    result = score(Scoring(criteria=crit, participants=people, use_votes=True))
    table = result.table.set_index("name")
    assert table.loc["D", "source"] == "own" and table.loc["D", "votes"] == 0
    assert table.loc["D", "weight_source"] == "own" and table.loc["D", "weight"] == 1
    assert result.advantages == pytest.approx(400 / 51) and result.disadvantages == pytest.approx(5 / 51)
    unused = score(Scoring(criteria=crit, participants=people, use_votes=False)).table
    assert list(unused["source"]) == ["own", "own"] and list(unused["weight"]) == [1, 1]
    assert list(unused["votes"]) == [0, 0]


def test_participants_weights_follow_renamed_criteria_and_unknown_ones_are_refused():
    crit = (Criterion(name="A", side="advantage"), Criterion(name="D", side="disadvantage"))
    scoring = Scoring(criteria=crit, participants=(Participant(name="P", scores={"A": 5}, weights={"A": 7, "D": 3}),))
    change = criterion_renames(scoring, {"a": "Alpha"})
    assert change["scoring.participants"][0]["weights"] == {"Alpha": 7}
    with pytest.raises(CrmCaseError, match="unknown criteria: Z"):
        case_from_dict({"scoring": {"criteria": [{"name": "A", "side": "advantage"}],
                                    "participants": [{"name": "P", "weights": {"Z": 1}}]}})


# --------------------------------------------------------------------------- readiness votes
def test_readiness_room_statistics_and_medians_rounded_half_up():
    low = dict.fromkeys(READINESS_AREAS, 1)
    votes_ = [{"name": f"P{n}", "scores": low | {"budget": b, "skills": s}}
              for n, (b, s) in enumerate(((2, 1), (3, 1), (4, 5), (5, 5)))]
    change = readiness_from_votes(votes_)
    # budget 2,3,4,5: median 3.5 -> 4 (half up, not to even); skills 1,1,5,5: median 3
    assert change["readiness.scores"]["budget"] == 4 and change["readiness.scores"]["skills"] == 3
    case = with_value(Case(), "readiness", {"scores": change["readiness.scores"], "votes": change["readiness.votes"]})
    stats = readiness_room(case.readiness).set_index("area")
    budget, skills = stats.loc["budget"], stats.loc["skills"]
    assert budget["mean"] == 3.5 and budget["min"] == 2 and budget["max"] == 5 and budget["votes"] == 4
    assert budget["iqr"] == pytest.approx(1.5) and not budget["disputed"]  # Q1 2.75, Q3 4.25
    assert skills["iqr"] == pytest.approx(4) and skills["disputed"]  # Q1 1, Q3 5: two camps
    assert readiness_from_votes([]) == {}
    empty = readiness_room(Readiness())
    assert list(empty["votes"]) == [0] * 8 and not empty["disputed"].any()


def test_a_readiness_vote_must_score_every_area():
    with pytest.raises(CrmCaseError, match="missing 'budget'"):
        with_value(Case(), "readiness.votes",
                   [{"name": "P", "scores": {a: 3 for a in READINESS_AREAS if a != "budget"}}])
