"""The chosen vendor follows an edit of the offers (crm_case.vendors.offer_renames): renamed, it keeps the choice;
removed, nothing is chosen."""

from crm_case import sample_case, with_offer
from crm_case.vendors import offer_renames

A = "Cloud suite (vendor A)"


def test_the_chosen_offer_follows_its_new_name():
    vendors = with_offer(sample_case(), A).vendors
    renamed = {o.name.lower(): o.name for o in vendors.offers} | {A.lower(): "Suite A"}
    assert offer_renames(vendors, renamed) == {"vendors.chosen": "Suite A"}


def test_a_removed_chosen_offer_leaves_none_chosen():
    vendors = with_offer(sample_case(), A).vendors
    kept = {o.name.lower(): o.name for o in vendors.offers if o.name != A}
    assert offer_renames(vendors, kept) == {"vendors.chosen": None}


def test_nothing_chosen_stays_so():
    vendors = sample_case().vendors
    assert offer_renames(vendors, {A.lower(): "Suite A"}) == {"vendors.chosen": None}


def test_the_figures_table_is_the_offers_transposed():
    """ui.vendors.figure_rows: a row per field (every field but the name, in the offers' order), a column o<i> per
    offer; offers_from_figures reads it back, a typed cell changing only its offer's field."""
    from ui.vendors import FIGURES, figure_rows, offers_from_figures

    offers = [{"name": "A", "users": 60.0, "training": 45_000.0, "expected_adoption": 85.0},
              {"name": "B", "users": 40.0, "training": 30_000.0, "expected_adoption": 78.0}]
    labels = {f: f.upper() for f in FIGURES}
    rows = figure_rows(offers, labels)
    assert [row["field"] for row in rows] == [f.upper() for f in FIGURES]
    users = rows[FIGURES.index("users")]
    assert users == {"field": "USERS", "o0": 60.0, "o1": 40.0}
    assert offers_from_figures(offers, rows) == offers  # read back unchanged
    users["o1"] = 55.0  # B's users typed
    rows[FIGURES.index("training")]["o0"] = None  # A's training emptied: the model's default (0) applies
    assert offers_from_figures(offers, rows) == [{"name": "A", "users": 60.0, "expected_adoption": 85.0},
                                                 offers[1] | {"users": 55.0}]


def test_a_refused_figure_is_named_by_offer_and_field():
    """A problem at vendors.offers[1].users reads "<offer 2's name>, <the field's label>: <what>"."""
    from crm_case import CrmCaseError, with_values
    from ui.vendors import _offer_problem

    case = sample_case()
    try:
        with_values(case, {"vendors.offers.1.users": -5.0})
    except CrmCaseError as error:
        problem = error.problems[0]
    else:
        raise AssertionError("a negative user count was accepted")
    names = [o.name for o in case.vendors.offers]
    text = _offer_problem(problem, names, {"users": "Users"})
    assert text.startswith("Lean cloud (vendor B), Users: "), text
