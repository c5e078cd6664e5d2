"""The guided set-up's rules (crm_case/setup_guide.py): the licence calculator, the often-forgotten TCO items, the
typical ranges of the driver inputs and their sources, what a case still lacks, and where to resume."""

import re

import pytest

from crm_case import CrmCaseError, blank_case, case_from_dict, sample_case, with_value
from crm_case.model import CostCategory, Drivers
from crm_case.setup_guide import (
    ASSUMPTION_GUIDES,
    DRIVER_INPUTS,
    STEPS,
    TCO_ITEMS,
    TCO_KEYS,
    costs_with_licences,
    costs_with_tco,
    driver_formula,
    gaps,
    is_uniform,
    licence_index,
    read_licences,
    step_done,
    suggested_step,
    tco_index,
    typical_range,
    yearly_licence_cost,
)


def _with_costs(case, items):
    """The case with ``items`` as its cost lines, validated as commit_items would."""
    return case_from_dict(case.model_dump() | {"costs": items})


# --------------------------------------------------------------------------- licence calculator
def test_yearly_licence_cost_is_users_times_price_times_twelve():
    assert yearly_licence_cost(60, 95) == 68_400  # README, the sample: 60 users x 95 EUR a month = 68,400 a year
    assert yearly_licence_cost(0, 95) == 0


@pytest.mark.parametrize(("users", "price", "named"), [(-1, 50, "users"), (10, -5, "price per user-month"),
                                                       (float("nan"), 50, "users"), (10, "50", "price")])
def test_licence_calculator_refuses_bad_input_by_name(users, price, named):
    with pytest.raises(CrmCaseError, match=f"licence calculator: {named}"):
        yearly_licence_cost(users, price)


def test_licences_on_a_blank_case_add_one_it_line_for_every_year():
    case = _with_costs(blank_case(years=5), costs_with_licences(blank_case(years=5), 20, 50))
    (line,) = case.costs
    assert line.name == "CRM licences (20 users x 50 EUR a month)"
    assert line.category is CostCategory.IT and line.initial == 0
    assert line.per_year == (12_000.0,) * 5  # hand: 20 x 50 x 12


def test_licences_replace_the_existing_licence_line_in_place_and_keep_its_risk():
    sample = sample_case()
    assert licence_index(sample) == 0  # "CRM subscription (60 users x 95 EUR a month)"
    case = _with_costs(sample, costs_with_licences(sample, 80, 90))
    assert len(case.costs) == len(sample.costs)
    assert case.costs[0].name == "CRM licences (80 users x 90 EUR a month)"
    assert case.costs[0].per_year == (86_400.0,) * 5  # hand: 80 x 90 x 12
    assert case.costs[1:] == sample.costs[1:]


def test_licences_are_read_back_from_the_line():
    assert read_licences(sample_case()) == (60, 95)  # README: 60 users x 95 EUR a month
    assert read_licences(blank_case()) is None
    case = _with_costs(blank_case(), costs_with_licences(blank_case(), 1_200, 49.5))
    assert case.costs[0].name == "CRM licences (1,200 users x 49.5 EUR a month)"
    assert read_licences(case) == (1_200, 49.5)


def test_a_cost_line_with_users_outside_it_is_not_a_licence_line():
    case = _with_costs(blank_case(), [{"category": "People", "name": "Training (40 users x 2 days)"}])
    assert licence_index(case) is None


# --------------------------------------------------------------------------- TCO items
def test_the_six_tco_items_and_their_categories():
    assert TCO_KEYS == ("training", "change_management", "knowledge_transfer", "data_migration", "internal_time",
                        "implementation_partner")
    categories = {item.key: item.category.value for item in TCO_ITEMS}
    # seed 004: people (training), process (change management, knowledge transfer); migration and partner are IT
    assert categories == {"training": "People", "change_management": "Process", "knowledge_transfer": "Process",
                          "data_migration": "IT", "internal_time": "People", "implementation_partner": "IT"}


def test_every_tco_item_is_found_in_the_sample():
    sample = sample_case()
    found = {key: sample.costs[tco_index(sample, key)].name for key in TCO_KEYS}
    assert found == {"training": "Training (initial and new joiners)", "change_management": "Change management",
                     "knowledge_transfer": "Process redesign and knowledge transfer",
                     "data_migration": "Data migration and cleansing",
                     "internal_time": "Internal project team time",
                     "implementation_partner": "Implementation partner and integration"}


def test_a_tco_item_is_added_changed_and_removed():
    blank = blank_case(years=3)
    case = _with_costs(blank, costs_with_tco(blank, "training"))
    assert [(c.name, c.category.value, c.initial, c.per_year) for c in case.costs] == [("Training", "People", 0, ())]
    case = _with_costs(case, costs_with_tco(case, "training", initial=15_000))
    case = _with_costs(case, costs_with_tco(case, "training", per_year=4_000))
    assert (case.costs[0].initial, case.costs[0].per_year) == (15_000, (4_000,) * 3)
    case = _with_costs(case, costs_with_tco(case, "training", include=False))
    assert case.costs == ()


def test_removing_a_tco_item_the_case_lacks_changes_nothing():
    assert costs_with_tco(blank_case(), "data_migration", include=False) == []


def test_an_unknown_tco_item_is_named():
    with pytest.raises(CrmCaseError, match="'hardware' is not a TCO item; expected one of training"):
        costs_with_tco(blank_case(), "hardware")


def test_yearly_amounts_are_uniform_only_when_one_amount_fills_the_horizon():
    sample = sample_case()
    assert is_uniform(sample.costs[tco_index(sample, "training")], 5)  # 8,000 in each of 5 years
    assert not is_uniform(sample.costs[tco_index(sample, "change_management")], 5)  # 20,000 in year 1 only
    assert is_uniform(sample.costs[tco_index(sample, "data_migration")], 5)  # no yearly amount at all


# --------------------------------------------------------------------------- driver inputs and typical ranges
def test_every_driver_input_is_guided_once():
    for name, field in Drivers.model_fields.items():
        inputs = set(field.annotation.model_fields) - {"enabled", "risk_adjustment"}
        assert [g.field for g in DRIVER_INPUTS[name]] == [f for f in field.annotation.model_fields if f in inputs]
    assert set(DRIVER_INPUTS) == set(Drivers.model_fields)


@pytest.mark.parametrize("guide", [g for guides in DRIVER_INPUTS.values() for g in guides], ids=lambda g: g.field)
def test_every_range_is_honest_about_its_source(guide):
    if guide.source == "yours":
        assert guide.low is None and guide.high is None
        assert guide.why.startswith("No typical value")
    else:
        assert guide.low is not None and 0 <= guide.low <= guide.high
        if guide.unit == "pct":
            assert guide.high <= 1  # fractions, not per cent
    if guide.source == "rule":
        assert guide.why.startswith("Rule of thumb")
    if guide.source == "seed":
        assert re.search(r"Seed 00[0-4]", guide.why)
    assert all(int(n) <= 4 for n in re.findall(r"[Ss]eeds? 00(\d)", guide.why))  # only the five seed articles
    if guide.kind == "points":
        assert guide.relative_to in {g.field for gs in DRIVER_INPUTS.values() for g in gs}


def test_productivity_recapture_is_forrester_s_fifty_percent():
    (share,) = [g for g in DRIVER_INPUTS["sales_productivity"] if g.field == "selling_time_share"]
    assert share.source == "forrester" and share.high == 0.5  # Forrester TEI: productivity recapture 50 %
    assert "productivity recapture" in share.why


def test_assumption_guides_are_the_tei_conventions():
    assert ASSUMPTION_GUIDES["horizon_years"][0] == 3  # Forrester TEI evaluates 3 years
    assert ASSUMPTION_GUIDES["discount_rate"][0] == 0.10  # and discounts at 10 % (TEI of SalesLoft, test_tei)


def test_a_range_in_points_follows_today_s_rate():
    sample = sample_case()  # win rate 22 %, churn 12 % (README)
    (after,) = [g for g in DRIVER_INPUTS["win_rate"] if g.field == "win_rate_after"]
    assert typical_range(after, sample, "win_rate") == pytest.approx((0.23, 0.25))  # hand: 22 % + 1 to 3 points
    (churn,) = [g for g in DRIVER_INPUTS["retention"] if g.field == "churn_after"]
    assert typical_range(churn, sample, "retention") == pytest.approx((0.09, 0.11))  # hand: 12 % - 3 to 1 points
    assert typical_range(churn, blank_case(), "retention") == (0.0, 0.0)  # clipped at 0 % with no churn today
    (reps,) = [g for g in DRIVER_INPUTS["sales_productivity"] if g.field == "reps"]
    assert typical_range(reps, sample, "sales_productivity") is None


def test_driver_formula_is_the_model_docstring():
    assert driver_formula("marketing_efficiency") == (
        "Campaign spend no longer wasted on the wrong audience: campaign_spend x waste_removed.")
    assert "reps x hours_saved_per_week x working_weeks" in driver_formula("sales_productivity")
    with pytest.raises(CrmCaseError, match="'churn' is not a benefit driver"):
        driver_formula("churn")


# --------------------------------------------------------------------------- gaps and steps
def test_a_blank_case_lacks_everything_and_the_sample_nothing():
    assert gaps(blank_case()) == ("costs", "licences", *[f"tco.{k}" for k in TCO_KEYS], "benefits", "dip",
                                  "readiness")
    assert gaps(sample_case()) == ()


def test_a_driver_switched_on_without_inputs_is_a_gap():
    case = with_value(blank_case(), "drivers.retention.enabled", True)
    assert "driver.retention" in gaps(case) and "benefits" not in gaps(case)


def test_steps_done_and_where_to_resume():
    blank = blank_case()
    assert [step_done(blank, s) for s in STEPS] == [False] * 5
    assert suggested_step(blank) == "company"
    named = with_value(blank, "assumptions.name", "Zürich AG")
    assert suggested_step(named) == "rollout"
    costed = _with_costs(named, costs_with_licences(named, 10, 40))
    assert suggested_step(costed) == "benefits"  # the licence line says the users: steps 2 and 3 are done
    assert [step_done(sample_case(), s) for s in STEPS] == [True, True, True, True, False]
    assert suggested_step(sample_case()) == "review"
    with pytest.raises(CrmCaseError, match="'intro' is not a step"):
        step_done(blank, "intro")
