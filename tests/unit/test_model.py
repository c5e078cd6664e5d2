"""The case model: validation messages name the field and the rule; JSON round trip; edits."""

import json

import pytest
from pydantic import ValidationError

from crm_case import (
    ROLLOUT_PRESETS,
    Case,
    CrmCaseError,
    CrmType,
    apply_preset,
    case_from_dict,
    case_from_json,
    case_to_json,
    sample_case,
    with_value,
)


def problems(data) -> list[str]:
    with pytest.raises(CrmCaseError) as caught:
        case_from_dict(data)
    return caught.value.problems


class TestValidationMessages:
    def test_fraction_names_field_and_rule(self):
        assert problems({"drivers": {"retention": {"churn_after": 1.4}}}) == [
            "drivers.retention.churn_after must be between 0 % and 100 %, got 140 %"
        ]

    def test_discount_rate(self):
        assert problems({"assumptions": {"discount_rate": -1.5}}) == [
            "assumptions.discount_rate must be above -100 % and at most 100 %, got -150 %"
        ]

    def test_horizon(self):
        assert problems({"assumptions": {"horizon_years": 11}}) == [
            "assumptions.horizon_years must be at most 10, got 11"
        ]

    def test_currency(self):
        [message] = problems({"assumptions": {"currency": "EURO"}})
        assert message.startswith("assumptions.currency must be an ISO 4217 currency code")
        assert "'EURO'" in message

    def test_currency_is_normalised(self):
        assert case_from_dict({"assumptions": {"currency": " usd "}}).assumptions.currency == "USD"

    def test_every_problem_at_once(self):
        found = problems(
            {
                "assumptions": {"start_date": "31/12/2026", "timing": "weekly"},
                "costs": [{"category": "Hardware", "name": "x", "per_year": [1, -5]}],
                "benefits": [{"area": "Sales", "name": " ", "initial": "abc"}],
                "colour": "blue",
            }
        )
        assert "assumptions.start_date must be a date as YYYY-MM-DD, got '31/12/2026'" in found
        assert any(p.startswith("assumptions.timing must be one of") and "'weekly'" in p for p in found)
        assert any(p.startswith("costs[0].category must be one of 'IT', 'People' or 'Process'") for p in found)
        assert "costs[0].per_year[1] must be zero or more, got -5" in found
        assert "benefits[0].name must not be blank" in found
        assert "benefits[0].initial must be a number, got 'abc'" in found
        assert "colour is not a known field" in found
        assert len(found) == 7

    def test_missing_required(self):
        assert problems({"costs": [{"name": "Licences"}]}) == ["costs[0].category is required"]

    def test_nan_refused(self):
        assert problems({"drivers": {"retention": {"customers": float("nan")}}}) == [
            "drivers.retention.customers must be a finite number, got nan"
        ]

    def test_figures_beyond_a_trillion_refused(self):
        """Larger inputs overflow products of several inputs to inf/NaN and cannot be written: refused by name."""
        assert problems({"drivers": {"retention": {"customers": 1e26}}}) == [
            "drivers.retention.customers must be at most 1,000,000,000,000 in size, got 1e+26"
        ]
        assert case_from_dict({"costs": [{"category": "IT", "name": "x", "initial": 1e12}]}).costs[0].initial == 1e12

    def test_start_date_within_the_calendar_the_projection_can_use(self):
        [message] = problems({"assumptions": {"start_date": "9999-06-30"}})
        assert message.startswith("assumptions.start_date") and "2200-12-31" in message

    def test_too_many_years(self):
        [message] = problems({"costs": [{"category": "IT", "name": "x", "per_year": [1] * 11}]})
        assert message == "costs[0].per_year has 11 values, at most 10 allowed"

    def test_not_an_object(self):
        with pytest.raises(CrmCaseError, match="must be a JSON object, got list"):
            case_from_dict([1, 2])


class TestJson:
    def test_round_trip_is_lossless(self):
        case = sample_case()
        assert case_from_json(case_to_json(case)) == case

    def test_malformed_names_line_and_column(self):
        with pytest.raises(CrmCaseError, match=r"not valid JSON: .*line 1 column"):
            case_from_json('{"assumptions": }')

    def test_deeply_nested_json_is_a_message(self):
        with pytest.raises(CrmCaseError, match="nested too deeply"):
            case_from_json("[" * 100_000 + "]" * 100_000)
        with pytest.raises(CrmCaseError, match="nested too deeply"):
            case_from_json('{"assumptions": ' + "[" * 5_000 + "]" * 5_000 + "}")

    def test_schema_version_is_written(self):
        assert json.loads(case_to_json(Case()))["schema_version"] == 1

    def test_unknown_schema_version(self):
        [message] = problems({"schema_version": 2})
        assert message == "schema_version must be one of 1, got 2"


class TestEdits:
    def test_with_value_returns_validated_copy(self):
        case = sample_case()
        changed = with_value(case, "drivers.retention.churn_after", 0.09)
        assert changed.drivers.retention.churn_after == 0.09
        assert case.drivers.retention.churn_after == 0.10  # the original is untouched

    def test_with_value_list_index(self):
        changed = with_value(sample_case(), "costs.1.initial", 1.0)
        assert changed.costs[1].initial == 1.0

    def test_with_value_refuses_invalid_and_keeps_case(self):
        case = sample_case()
        with pytest.raises(CrmCaseError, match=r"drivers\.retention\.churn_after must be between 0 % and 100 %"):
            with_value(case, "drivers.retention.churn_after", 1.5)
        assert case == sample_case()

    @pytest.mark.parametrize("path", ["drivers.nothing", "costs.99.initial", "assumptions.name.x"])
    def test_with_value_unknown_path(self, path):
        with pytest.raises(CrmCaseError, match="is not a field of the case"):
            with_value(sample_case(), path, 1)

    def test_frozen(self):
        with pytest.raises(ValidationError, match="Instance is frozen"):
            sample_case().assumptions.horizon_years = 4  # type: ignore[misc]

    @pytest.mark.parametrize("kind", list(CrmType))
    def test_presets(self, kind):
        case = apply_preset(sample_case(), kind)
        assert case.rollout.crm_type is kind
        for field, value in ROLLOUT_PRESETS[kind].items():
            assert getattr(case.rollout, field) == value
        assert case.rollout.dip_affected_staff == sample_case().rollout.dip_affected_staff

    def test_analytical_pays_back_sooner_than_operational(self):
        from crm_case import evaluate

        operational = evaluate(apply_preset(sample_case(), "operational")).adjusted.payback_months.value
        analytical = evaluate(apply_preset(sample_case(), "analytical")).adjusted.payback_months.value
        assert analytical < operational


def test_compare_cases():
    from crm_case import CostItem
    from crm_case.diff import compare_cases

    before = sample_case()
    costs = (*before.costs[1:], CostItem(category="IT", name="New tool", initial=1))
    costs = (costs[0].model_copy(update={"initial": 1.0}), *costs[1:])
    after = with_value(before.model_copy(update={"costs": costs}), "assumptions.discount_rate", 0.12)
    diff = compare_cases(before, after)
    assert diff.assumptions == [("discount_rate", 0.10, 0.12)]
    assert diff.added == [("costs", "New tool")]
    assert diff.removed == [("costs", before.costs[0].name)]
    assert diff.changed == [("costs", before.costs[1].name)]
    assert diff.parts == [] and not diff.empty
    assert compare_cases(before, before).empty
