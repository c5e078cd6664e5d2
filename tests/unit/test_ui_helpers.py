"""UI helpers that need no browser: the text catalog, number formatting, the line-item edit logic."""

import re
from pathlib import Path

import pytest

from crm_case import Assumptions, CrmType, Drivers, Rollout, Timing, sample_case
from crm_case.drivers import DRIVER_FORMULAS
from crm_case.i18n import catalog
from ui.format import chance, money, months, percent
from ui.i18n import t

EN = catalog("en")

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


def test_every_literal_key_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r'\bt\(\s*"([^"{}]+)"', path.read_text()))
    assert used, "no keys found: the scan is broken"
    assert sorted(used - set(EN)) == []


def test_dynamic_keys_exist():
    keys = [f"driver.{n}" for n in DRIVER_FORMULAS] + [f"formula.{n}" for n in DRIVER_FORMULAS]
    keys += [f"crm_type.{c.value}" for c in CrmType] + [f"timing.{v.value}" for v in Timing]
    keys += [f"benefits.area.{a}" for a in ("Marketing", "Sales", "Service")]
    for name, field in Drivers.model_fields.items():
        keys += [f"field.drivers.{name}.{f}" for f in field.annotation.model_fields if f not in {"enabled",
                                                                                                 "risk_adjustment"}]
    keys += [f"field.rollout.{f}" for f in Rollout.model_fields if f != "crm_type"]
    keys += [f"field.assumptions.{f}" for f in Assumptions.model_fields]
    assert [k for k in keys if k not in EN] == []


def test_placeholders_are_filled():
    assert t("verdict.payback", months="14") == "Pays back in 14 months"
    with pytest.raises(KeyError):
        t("verdict.payback", days="14")  # a missing placeholder is an error, not a silent "{months}"
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize(
    ("value", "currency", "compact", "expected"),
    [
        (556_781.18, "EUR", False, "€556,781"),
        (-1_234.5, "USD", False, "-$1,234"),
        (1_200_000, "EUR", True, "€1.2M"),
        (-556_781, "GBP", True, "-£556.8k"),
        (999, "EUR", True, "€999"),
        (None, "EUR", False, "n/a"),
        (float("nan"), "EUR", False, "n/a"),
        (float("-inf"), "EUR", True, "n/a"),
        (1e26, "EUR", False, "€1e+26"),  # babel cannot write 28 digits: powers of ten from 1e15 on
        (-2.5e30, "USD", True, "-$2.5e+30"),
        (999_999_999_999_999.0, "EUR", False, "€999,999,999,999,999"),
    ],
)
def test_money(value, currency, compact, expected):
    assert money(value, currency, compact=compact) == expected


def test_chance_never_claims_certainty():
    assert [chance(p) for p in (1.0, 0.996, 0.994, 0.5, 0.006, 0.004, 0.0, None)] == [
        "> 99 %", "> 99 %", "99 %", "50 %", "1 %", "< 1 %", "< 1 %", "n/a"]


def test_percent_and_months():
    assert percent(0.5237) == "52.4 %"
    assert percent(3.2868, 0) == "329 %"
    assert percent(None) == "n/a"
    assert months(31.94) == "31.9 months"
    assert months(None) == "n/a"
    assert percent(float("nan")) == "n/a" and months(float("inf")) == "n/a"
    assert percent(1e20) == "1e+22 %" and months(3e15) == "3e+15 months"


def test_apply_edits_edit_add_delete(monkeypatch):
    import streamlit as st

    from ui.items import apply_edits

    st.session_state["case"] = sample_case()
    state = {"edited_rows": {1: {"initial": 1.0}}, "added_rows": [{"name": "Extra", "year_1": 5}],
             "deleted_rows": [0]}
    items = apply_edits("costs", state, years=5)
    assert len(items) == len(sample_case().costs)  # one deleted, one added
    assert items[0]["name"] == "Implementation partner and integration" and items[0]["initial"] == 1.0
    assert items[-1] == {"category": "IT", "name": "Extra", "initial": 0.0, "per_year": [5, 0.0, 0.0, 0.0, 0.0],
                         "risk_adjustment": 0.0}


def test_apply_edits_keeps_years_beyond_the_horizon():
    import streamlit as st

    from ui.items import apply_edits

    st.session_state["case"] = sample_case()
    items = apply_edits("costs", {"edited_rows": {0: {"year_1": 1.0}}}, years=3)
    assert items[0]["per_year"] == [1.0, 68_400, 68_400, 68_400, 68_400]


def test_apply_editor_state_keeps_original_positions():
    from ui.state import apply_editor_state

    rows = [{"name": "a"}, {"name": "b"}, {"name": "c"}]
    state = {"edited_rows": {2: {"name": "C"}}, "deleted_rows": [0], "added_rows": [{"name": None}, {"name": "e"}]}
    out = apply_editor_state(rows, state, lambda n: {"name": f"new {n}"})
    assert out == [(1, {"name": "b"}), (2, {"name": "C"}), (None, {"name": "new 3"}), (None, {"name": "e"})]
    assert rows[2] == {"name": "c"}  # the caller's rows are not changed


def test_metric_editor_shows_percent_metrics_as_percentages():
    from crm_case import sample_case
    from ui.items import metric_from_row, metric_rows

    metrics = sample_case().goals.metrics
    rows = metric_rows(metrics)
    churn = next(r for r in rows if r["unit"] == "%")
    stored = next(m for m in metrics if m.name == churn["name"])
    assert (churn["baseline"], churn["target"]) == (round(stored.baseline * 100, 10), round(stored.target * 100, 10))
    assert metric_from_row(churn)["baseline"] == pytest.approx(stored.baseline)
    days = {"unit": "days", "baseline": 40.0, "target": 30.0}
    assert metric_from_row(days) == days


def test_goal_metric_values_in_their_unit():
    from ui.goals import shown

    assert shown(0.123, "%", "EUR") == percent(0.123, 1)  # a % metric is stored as a fraction
    assert shown(3_000.0, "money", "EUR") == money(3_000.0, "EUR")
    assert (shown(6.04, "minutes", "EUR"), shown(12.0, "", "EUR")) == ("6.0 minutes", "12.0")
    assert shown(None, "%", "EUR") == shown(float("nan"), "money", "EUR") == "–"


def test_a_risk_figure_that_does_not_exist_is_none():
    from ui.risk import figure

    assert (figure(float("nan")), figure(None), figure(0.0), figure(0.25)) == (None, None, 0.0, 0.25)


def test_the_tables_categories_are_in_the_viewers_language_and_stored_as_the_models():
    """In Spanish the Investment table shows "Personas" for People; a row edited to "Procesos" is stored as the
    model's Process, and a row left as it was keeps its category."""
    import streamlit as st

    from ui.i18n import use
    from ui.items import _rows, apply_edits

    st.session_state["case"] = sample_case()
    with use("es"):
        shown = {row["category"] for row in _rows("costs", 5)}
        assert shown == {t(f"setup.category.{c}") for c in ("IT", "People", "Process")}
        items = apply_edits("costs", {"edited_rows": {0: {"category": t("setup.category.Process")}}}, years=5)
    assert items[0]["category"] == "Process"
    assert [i["category"] for i in items[1:]] == [c.category.value for c in sample_case().costs[1:]]
    assert t("setup.category.People") == "People"  # English again outside the block
