"""The pilot a case holds (``risk.pilot``, :class:`crm_case.model.Pilot`): its rules, their messages, and a case
with a pilot saved and read back."""

import pytest

from crm_case import CrmCaseError, case_from_json, case_to_json, sample_case, with_values
from crm_case.i18n import text
from crm_case.model import MAX_DELAY_MONTHS, RISK_INPUT_PATHS, Pilot, field_info

ADOPTION = "rollout.peak_adoption"
HOURS = "drivers.sales_productivity.hours_saved_per_week"
README_PILOT = {"cost": 15_000, "months": 3, "users": 20, "reveals": [ADOPTION, HOURS]}
"""The pilot the README describes on the sample case."""


def refused(pilot: dict) -> list[str]:
    with pytest.raises(CrmCaseError) as error:
        with_values(sample_case(), {"risk.pilot": pilot})
    return error.value.problems


def test_the_sample_and_a_new_case_have_no_pilot():
    from crm_case import Case

    assert sample_case().risk.pilot is None and Case().risk.pilot is None


def test_a_pilot_has_the_defaults_its_docstring_gives():
    case = with_values(sample_case(), {"risk.pilot": README_PILOT})
    assert case.risk.pilot == Pilot(cost=15_000.0, months=3, users=20, reveals=(ADOPTION, HOURS), stop_cost=0.0,
                                    spread=0.5)


def test_every_refused_field_is_named_with_what_is_expected():
    problems = refused({"cost": -1, "months": 0, "users": 2.5, "reveals": ["rollout.nope", ADOPTION],
                        "stop_cost": float("nan"), "spread": 6})
    assert problems == [
        "risk.pilot.cost must be zero or more, got -1",
        "risk.pilot.months must be at least 1, got 0",
        "risk.pilot.users must be a whole number, got 2.5",
        "risk.pilot.reveals must name inputs of the risk analysis; not one: 'rollout.nope'",
        "risk.pilot.stop_cost must be a finite number, got nan",
        "risk.pilot.spread must be at most 5.0, got 6",
    ]


def test_a_pilot_reveals_at_least_one_input_each_once_and_lasts_at_most_the_longest_delay():
    assert refused(README_PILOT | {"reveals": [], "months": MAX_DELAY_MONTHS + 1}) == [
        "risk.pilot.months must be at most 24, got 25",
        "risk.pilot.reveals must name at least one input of the risk analysis that the pilot measures",
    ]
    assert refused(README_PILOT | {"reveals": [HOURS, ADOPTION, HOURS]}) == [
        f"risk.pilot.reveals names an input more than once: '{HOURS}'"]
    assert refused(README_PILOT | {"users": 0, "extra": 1}) == [
        "risk.pilot.users must be at least 1, got 0", "risk.pilot.extra is not a known field"]


def test_the_messages_are_in_the_readers_language():
    problem = refused(README_PILOT | {"reveals": []})[0]
    assert text("es", problem.key, **problem.values).startswith("risk.pilot.reveals debe indicar al menos un dato")


def test_one_path_given_as_text_is_a_list_of_one_and_any_risk_input_may_be_revealed():
    assert with_values(sample_case(), {"risk.pilot": README_PILOT | {"reveals": HOURS}}).risk.pilot.reveals == (
        HOURS,)
    assert Pilot(cost=0, months=1, users=1, reveals=RISK_INPUT_PATHS).reveals == RISK_INPUT_PATHS


def test_a_case_with_a_pilot_survives_json():
    case = with_values(sample_case(), {"risk.pilot": README_PILOT | {"stop_cost": 2_500.5, "spread": 0.25}})
    again = case_from_json(case_to_json(case))
    assert again == case and again.risk.pilot.reveals == (ADOPTION, HOURS)
    assert with_values(again, {"risk.pilot": None}) == sample_case()


def test_a_pilots_fields_are_edited_one_by_one_like_any_field():
    case = with_values(sample_case(), {"risk.pilot": README_PILOT})
    assert with_values(case, {"risk.pilot.users": 40, "risk.pilot.months": 6}).risk.pilot.model_dump() == (
        case.risk.pilot.model_dump() | {"users": 40, "months": 6})


def test_the_fields_declare_their_unit_bounds_and_title():
    months = field_info("risk.pilot.months")
    assert (months.low, months.high, months.title, months.kind) == (1, MAX_DELAY_MONTHS, "Pilot length (months)",
                                                                    "int")
    assert field_info("risk.pilot.cost").unit.value == "money"
    assert field_info("risk.pilot.users").low == 1
