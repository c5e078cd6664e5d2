"""Each field's unit, bounds and label, declared once on the model and read through crm_case.model.field_info;
the one percent <-> fraction conversion."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_case import CrmCaseError, sample_case
from crm_case.diff import unit_of
from crm_case.model import (
    DRIVER_LABELS,
    MAX_FIGURE,
    RISK_INPUT_PATHS,
    Case,
    Drivers,
    Unit,
    field_info,
    field_titles,
    from_percent,
    is_fraction,
    to_percent,
    value_at,
    with_value,
)


# --------------------------------------------------------------------------- to_percent / from_percent
def test_to_percent_removes_the_binary_noise_of_the_product():
    assert 0.07 * 100 != 7.0  # the noise the conversion is there for
    assert to_percent(0.07) == 7.0
    assert to_percent(0.1) == 10.0
    assert to_percent(-0.995) == -99.5


def test_from_percent_is_the_inverse():
    assert from_percent(7) == 0.07
    assert from_percent(12.5) == 0.125
    assert from_percent(0) == 0.0


@given(st.floats(-1, 10, allow_nan=False).map(lambda x: float(f"{x:.15g}")))
def test_a_fraction_of_15_digits_survives_a_trip_through_percent(fraction):
    # 15 significant digits: what a case holds (the model keeps Excel's precision)
    assert from_percent(to_percent(fraction)) == fraction


# --------------------------------------------------------------------------- field_info
def test_the_discount_rate_is_a_rate_above_minus_100_percent_with_its_label():
    spec = field_info("assumptions.discount_rate")
    assert (spec.unit, spec.low, spec.high, spec.low_open, spec.high_open) == (Unit.RATE, -1.0, 1.0, True, False)
    assert spec.title == "Discount rate (% a year)"
    assert spec.name == "Discount rate"
    assert spec.percent


def test_list_positions_are_optional_and_the_type_narrowed_by_the_field():
    assert field_info("costs.2.initial") == field_info("costs.initial")
    assert field_info("costs.initial").unit is Unit.MONEY
    assert (field_info("costs.per_year").unit, field_info("costs.per_year").high) == (Unit.MONEY, MAX_FIGURE)
    weeks = field_info("drivers.sales_productivity.working_weeks")  # a Count of at most 53
    assert (weeks.unit, weeks.low, weeks.high) == (Unit.COUNT, 0.0, 53.0)
    assert (field_info("rollout.dip_months").unit, field_info("rollout.dip_months").high) == (Unit.MONTHS, 24.0)
    assert field_info("readiness.scores.budget").unit is Unit.SCORE
    assert field_info("customers.top_share").percent and field_info("customers.top_share").high_open


def test_text_choices_and_parts_have_no_unit():
    assert field_info("assumptions.name").unit is None
    assert field_info("assumptions.timing").kind == "choice"
    assert field_info("drivers.retention").kind == "object"
    assert field_info("assumptions.horizon_years").unit is Unit.YEARS


def test_an_unknown_path_is_a_key_error_and_not_a_fraction():
    with pytest.raises(KeyError):
        field_info("assumptions.nosuch")
    assert not is_fraction("assumptions.nosuch")


def test_is_fraction_names_what_the_export_writes_as_percentages():
    # the export's list before it read the model (crm_case/export.py _FRACTIONS, by field name)
    exported = {"churn_before", "churn_after", "selling_time_share", "win_rate_before", "win_rate_after",
                "deal_size_uplift", "margin", "self_service_deflection", "fcr_uplift", "waste_removed",
                "cac_reduction", "risk_adjustment", "peak_adoption", "dip_depth", "low", "high", "support_share",
                "expected_adoption", "implementation_risk", "retention", "top_share", "new_product_shortfall",
                "campaign_waste_share", "waste_growth_per_month", "attrition_rate", "churn_uplift",
                "price_increase_per_year"}
    percent = {path.rsplit(".", 1)[-1] for path in _numeric_paths() if is_fraction(path)}
    assert percent - {"discount_rate"} == exported


def _numeric_paths(model=Case, prefix=""):
    """Every number field of the case, by path without list positions."""
    out = []
    for name in model.model_fields:
        spec = field_info(prefix + name)
        if spec.kind in ("int", "float"):
            out.append(prefix + name)
    for name, info in model.model_fields.items():
        node = info.annotation
        node = getattr(node, "__args__", (node,))[0] if getattr(node, "__origin__", None) is tuple else node
        if isinstance(node, type) and hasattr(node, "model_fields"):
            out += _numeric_paths(node, f"{prefix}{name}.")
    return out


def test_every_number_of_the_case_has_a_unit_and_bounds_in_order():
    paths = _numeric_paths()
    assert len(paths) > 80
    for path in paths:
        spec = field_info(path)
        assert spec.unit is not None, path
        assert spec.low <= spec.high, path


@pytest.mark.parametrize("path", [p for p in RISK_INPUT_PATHS if not p.startswith("scale.")] + [
    "costs.0.initial", "costs.0.risk_adjustment", "delay.churn_uplift", "vendors.offers.0.support_share"])
def test_the_bounds_are_the_ones_the_model_enforces(path):
    case = sample_case()
    try:
        value_at(case, path)
    except KeyError:
        pytest.skip(f"the sample has no {path}")
    spec = field_info(path)
    inside = [spec.low + (0.01 if spec.low_open else 0), min(spec.high, 1e6) - (0.01 if spec.high_open else 0)]
    for value in inside:
        value = int(value) if spec.kind == "int" else value
        assert value_at(with_value(case, path, value), path) == pytest.approx(value), path
    for value in (spec.low - 1 if not spec.low_open else spec.low, spec.high + 1 if math.isfinite(spec.high) else None):
        if value is not None and math.isfinite(value):
            with pytest.raises(CrmCaseError):
                with_value(case, path, int(value) if spec.kind == "int" else value)


# --------------------------------------------------------------------------- labels and units read from the model
def test_driver_labels_are_the_titles_of_the_drivers():
    assert dict(DRIVER_LABELS) == {name: field_info(f"drivers.{name}").title for name in Drivers.model_fields}
    assert DRIVER_LABELS["win_rate"] == "Win rate and deal size"


def test_titles_hold_the_labels_of_the_inputs():
    titles = field_titles()
    assert titles["assumptions.discount_rate"] == "Discount rate (% a year)"
    assert titles["drivers.retention.enabled"] == "Include this benefit"
    assert "costs.initial" not in titles  # no title declared: field_info makes one of the name
    assert field_info("costs.initial").title == "Initial"


@pytest.mark.parametrize(("path", "unit"), [
    ("assumptions.discount_rate", "rate"), ("drivers.retention.churn_after", "fraction"),
    ("rollout.months_to_go_live", "months"), ("delay.delay_months", "months"), ("costs.per_year", "number"),
    ("assumptions.horizon_years", "number"), ("assumptions.name", "text"), ("nosuch.path", "text"),
    ("drivers.retention.enabled", "text"), ("risk.ranges.low", "number")])
def test_the_diff_reads_its_units_from_the_model(path, unit):
    assert unit_of(path) == unit


def test_value_at_reads_what_with_value_writes():
    case = sample_case()
    changed = with_value(case, "costs.0.initial", 123.0)
    assert value_at(changed, "costs.0.initial") == 123.0
    assert value_at(case, "assumptions.discount_rate") == case.assumptions.discount_rate
    with pytest.raises(KeyError):
        value_at(case, "costs.999.initial")
    with pytest.raises(KeyError):
        value_at(case, "assumptions.nosuch")
