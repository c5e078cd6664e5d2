"""From objectives to metrics (seed 002): the standard CRM metrics, the expected path of a metric, its status, the
actuals file, the business case re-forecast from what is measured, and the edits that keep objectives, metrics,
actuals and corrective actions consistent (a renamed objective keeps its metrics, a renamed metric its actuals).

Conventions:

* A metric's **expected path** runs in a straight line from its baseline at go-live (the decision date plus
  ``rollout.months_to_go_live``) to its target at its objective's deadline; before go-live it is the baseline,
  after the deadline the target. Periods are months ``YYYY-MM``; a period's value is compared with the path at
  the end of that month.
* **Progress** = (value - baseline) / (target - baseline): the share of the planned change achieved, whatever
  the direction (a falling churn has positive progress). **Gap** = progress(actual) - progress(path).
* **Status**: on track when the gap is -10 points or better (:data:`AT_RISK`), at risk down to -25 points
  (:data:`OFF_TRACK`), off track below. A metric without actuals has no status.
* **Re-forecast**: a metric measuring a driver input (:data:`~crm_case.model.REFORECAST_INPUTS`) re-forecasts it
  from its latest actual after go-live: ``input = neutral + (planned - neutral) x realisation`` with
  ``realisation = progress(actual) / progress(path)`` clamped to 0..2, where *neutral* is the input's
  no-improvement value (churn without the CRM for churn with it; 0 for an uplift).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_case.drivers import DRIVER_FORMULAS
from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.model import (
    REFORECAST_INPUTS,
    Actual,
    Case,
    Direction,
    Metric,
    Objective,
    with_values,
)
from crm_case.numbers import NumberTextError, parse_number

AT_RISK = -0.10
"""A gap below this (10 points of the planned change behind the path) is at risk."""
OFF_TRACK = -0.25
"""A gap below this (25 points behind) is off track."""
STATUSES = ("on_track", "at_risk", "off_track")


# --------------------------------------------------------------------------- the metric library
@dataclass(frozen=True)
class LibraryMetric:
    name: str
    function: str
    unit: str
    direction: Direction
    definition: str


LIBRARY = (
    LibraryMetric("Campaign response rate", "Marketing", "%", Direction.HIGHER, "responses / people reached"),
    LibraryMetric("Lead conversion rate", "Marketing", "%", Direction.HIGHER, "qualified opportunities / leads"),
    LibraryMetric("Customer acquisition cost", "Marketing", "money", Direction.LOWER,
                  "sales and marketing spend / new customers"),
    LibraryMetric("Win rate", "Sales", "%", Direction.HIGHER, "deals won / deals closed (won + lost)"),
    LibraryMetric("Average deal size", "Sales", "money", Direction.HIGHER, "revenue won / deals won"),
    LibraryMetric("Revenue per rep", "Sales", "money", Direction.HIGHER, "revenue / sales reps"),
    LibraryMetric("Sales cycle length", "Sales", "days", Direction.LOWER, "mean days from opportunity to close"),
    LibraryMetric("First-contact resolution", "Service", "%", Direction.HIGHER,
                  "contacts resolved at the first contact / contacts"),
    LibraryMetric("Average handle time", "Service", "minutes", Direction.LOWER, "handling minutes / contacts"),
    LibraryMetric("Contacts per agent", "Service", "contacts", Direction.HIGHER, "contacts / agents, a month"),
    LibraryMetric("Self-service share", "Service", "%", Direction.HIGHER, "contacts resolved by self-service / all"),
    LibraryMetric("Net Promoter Score", "Service", "points", Direction.HIGHER,
                  "100 x (promoters - detractors) / answers (9-10, 0-6 of 0-10)"),
    LibraryMetric("Churn rate", "Service", "%", Direction.LOWER, "customers lost in a year / customers at start"),
    LibraryMetric("Customer lifetime value", "Marketing", "money", Direction.HIGHER,
                  "margin / (1 + discount rate - retention)"),
)
"""Standard CRM metrics by function, to pick from; each ``definition`` says how it is measured (the app takes
measured values, never raw counts, so no formula computes them here)."""


# --------------------------------------------------------------------------- tracking
def go_live(case: Case) -> dt.date:
    """The go-live date: the decision date plus ``months_to_go_live`` months."""
    start = pd.Timestamp(case.assumptions.start_date) + pd.DateOffset(months=case.rollout.months_to_go_live)
    return start.date()


def period_end(period: str) -> dt.date:
    """The last day of a ``YYYY-MM`` period."""
    return (pd.Period(period, freq="M").end_time).date()


def expected_value(metric: Metric, deadline: dt.date, start: dt.date, when: dt.date) -> float:
    """The metric's path at ``when``: baseline until ``start`` (go-live), target from ``deadline``, a straight
    line in between (by days). Excel: ``=base+(target-base)*MIN(1,MAX(0,(when-start)/(deadline-start)))``."""
    span = (deadline - start).days
    share = 1.0 if span <= 0 and when >= deadline else min(1.0, max(0.0, (when - start).days / span)) if span > 0 \
        else 0.0
    return metric.baseline + (metric.target - metric.baseline) * share


def progress(metric: Metric, value: float) -> float:
    """Share of the planned change achieved: ``(value - baseline) / (target - baseline)``."""
    return (value - metric.baseline) / (metric.target - metric.baseline)


def status_of(gap: float) -> str:
    """``on_track`` when ``gap >= AT_RISK``, ``at_risk`` when ``gap >= OFF_TRACK``, else ``off_track``."""
    if gap >= AT_RISK - 1e-12:
        return "on_track"
    if gap >= OFF_TRACK - 1e-12:
        return "at_risk"
    return "off_track"


def scorecard(case: Case) -> pd.DataFrame:
    """One row per metric: ``metric, objective, strategy, function, unit, direction, baseline, target,
    deadline, period`` (of the latest actual), ``actual, expected, progress, expected_progress, gap, status``
    (all missing - NaN - without actuals), ``owner, action`` (the corrective-action note)."""
    goals = case.goals
    objectives = {o.name.lower(): o for o in goals.objectives}
    start = go_live(case)
    latest: dict[str, Actual] = {}
    for a in goals.actuals:
        key = a.metric.lower()
        if key not in latest or a.period > latest[key].period:
            latest[key] = a
    rows = []
    for m in goals.metrics:
        objective = objectives[m.objective.lower()]
        actual = latest.get(m.name.lower())
        row: dict[str, Any] = {
            "metric": m.name, "objective": objective.name, "strategy": m.strategy, "function": objective.function.value,
            "unit": m.unit, "direction": m.direction.value, "baseline": m.baseline, "target": m.target,
            "deadline": objective.deadline, "period": None, "actual": None, "expected": None, "progress": None,
            "expected_progress": None, "gap": None, "status": None, "owner": m.owner,
            "action": goals.actions.get(m.name, ""),
        }
        if actual is not None:
            expected = expected_value(m, objective.deadline, start, period_end(actual.period))
            got, want = progress(m, actual.value), progress(m, expected)
            row |= {"period": actual.period, "actual": actual.value, "expected": expected, "progress": got,
                    "expected_progress": want, "gap": got - want, "status": status_of(got - want)}
        rows.append(row)
    return pd.DataFrame(rows, columns=["metric", "objective", "strategy", "function", "unit", "direction", "baseline",
                                       "target", "deadline", "period", "actual", "expected", "progress",
                                       "expected_progress", "gap", "status", "owner", "action"])


def history(case: Case, metric_name: str) -> pd.DataFrame:
    """A metric's actuals and its path by month, from the decision to the later of the deadline and the last
    actual: ``date, expected, actual`` (actual None where not measured)."""
    m = next(x for x in case.goals.metrics if x.name.lower() == metric_name.lower())
    objective = next(o for o in case.goals.objectives if o.name.lower() == m.objective.lower())
    start = go_live(case)
    actuals = {a.period: a.value for a in case.goals.actuals if a.metric.lower() == m.name.lower()}
    first = pd.Period(case.assumptions.start_date, freq="M")
    last = max([pd.Period(objective.deadline, freq="M"), *[pd.Period(p, freq="M") for p in actuals]])
    periods = pd.period_range(first, last, freq="M")
    return pd.DataFrame({
        "date": [p.end_time.normalize() for p in periods],
        "expected": [expected_value(m, objective.deadline, start, p.end_time.date()) for p in periods],
        "actual": [actuals.get(str(p)) for p in periods],
    })


# --------------------------------------------------------------------------- money of an objective
def yearly_benefit(case: Case, objective: Objective) -> tuple[float, str]:
    """The objective's estimated yearly benefit (case currency, at full adoption, before risk) and how it is
    estimated: the linked driver's value and formula, or the linked line item's mean yearly amount (the objective's
    own estimation when it has one; otherwise a :class:`~crm_case.i18n.Message`)."""
    if objective.link.startswith("drivers."):
        name = objective.link.removeprefix("drivers.")
        driver = getattr(case.drivers, name)
        value = DRIVER_FORMULAS[name](driver) if driver.enabled else 0.0
        if not driver.enabled:
            return value, Message("engine.goals.driver_off", driver=Message(f"engine.driver.{name}"))
        return value, objective.estimation or Message(f"engine.driver.{name}.plain")  # in words, as Benefits says it
    item_name = objective.link.removeprefix("benefits.")
    item = next((b for b in case.benefits if b.name.lower() == item_name.lower()), None)
    if item is None:
        return 0.0, Message("engine.goals.no_benefit_line", name=repr(item_name))
    years = case.assumptions.horizon_years
    amounts = [item.amount(y) for y in range(1, years + 1)]
    return float(np.mean(amounts)), objective.estimation or Message("engine.goals.line_mean")


# --------------------------------------------------------------------------- re-forecast
def reforecast(case: Case) -> tuple[Case, pd.DataFrame]:
    """The case with each tracked driver input re-forecast from its metric's latest actual (module docstring),
    and a table ``metric, input, planned, neutral, realisation, reforecast``. Inputs of switched-off drivers,
    metrics without actuals after go-live, and metrics whose path has not moved yet are left as planned."""
    card = scorecard(case).set_index("metric")
    changes: dict[str, float] = {}
    rows = []
    start = go_live(case)
    for m in case.goals.metrics:
        if m.driver_input is None:
            continue
        row = card.loc[m.name]
        _, name, field = m.driver_input.split(".")
        driver = getattr(case.drivers, name)
        if pd.isna(row["status"]) or not driver.enabled or period_end(row["period"]) <= start \
                or not row["expected_progress"]:
            continue
        planned = getattr(driver, field)
        neutral_spec = REFORECAST_INPUTS[m.driver_input]
        neutral = getattr(driver, neutral_spec.rsplit(".", 1)[1]) if isinstance(neutral_spec, str) else neutral_spec
        realisation = min(2.0, max(0.0, row["progress"] / row["expected_progress"]))
        value = max(neutral + (planned - neutral) * realisation, 0.0)
        changes[m.driver_input] = value if field == "hours_saved_per_week" else min(value, 1.0)
        rows.append({"metric": m.name, "input": m.driver_input, "planned": planned, "neutral": neutral,
                     "realisation": realisation, "reforecast": changes[m.driver_input]})
    table = pd.DataFrame(rows, columns=["metric", "input", "planned", "neutral", "realisation", "reforecast"])
    return with_values(case, changes), table


# --------------------------------------------------------------------------- the actuals file
_MONTHS = {m.lower(): i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                              "Nov", "Dec"), start=1)}


def parse_period(value: object) -> str | None:
    """``2027-03``, ``2027-3``, ``2027/03``, ``Mar 2027``, ``2027-Q1`` (its last month), or a date -> ``YYYY-MM``;
    None when it is none of these."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip() if value is not None else ""
    if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{4})\s*-?\s*[Qq]([1-4])", text):
        year, month = int(match[1]), 3 * int(match[2])
    elif match := re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?\s+(\d{4})", text):
        if match[1].lower() not in _MONTHS:
            return None
        year, month = int(match[2]), _MONTHS[match[1].lower()]
    else:
        return None
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 and 1900 <= year <= 2200 else None


def parse_actuals(rows: list[list[object]], source: str, metrics: list[str]) -> list[dict]:
    """Rows ``Metric | Period | Value`` (header first) -> actuals; :class:`CrmCaseError` naming the row and
    column of every unknown metric, unreadable period, text value or repeated metric and period."""
    if not rows or not any(c not in (None, "") for c in rows[0]):
        raise CrmCaseError(Message("engine.goals.file_empty", source=source))
    header = [str(c).strip().lower() if c is not None else "" for c in rows[0]]
    missing = [name for name in ("metric", "period", "value") if name not in header]
    if missing:
        raise CrmCaseError(Message("engine.goals.columns_missing", source=source,
                                   columns=", ".join(repr(m.capitalize()) for m in missing)))
    col = {name: header.index(name) for name in ("metric", "period", "value")}
    known = {m.lower(): m for m in metrics}
    problems, out, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {k: row[i] if i < len(row) else None for k, i in col.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        name = str(cells["metric"]).strip() if cells["metric"] is not None else ""
        if name.lower() not in known:
            problems.append(Message("engine.goals.unknown_metric", source=source, row=number, name=repr(name),
                                    expected=", ".join(metrics)))
        period = parse_period(cells["period"])
        if period is None:
            problems.append(Message("engine.goals.bad_period", source=source, row=number, got=repr(cells["period"])))
        value = cells["value"]
        if isinstance(value, str):  # read exactly or refused: "0,11" is 0.11, "5,000" (5 or 5000?) is asked about
            try:
                value = parse_number(value, percent="%" in value)
            except NumberTextError as error:
                if error.kind != "not_a_number":
                    problems.append(Message("engine.goals.value_unread", source=source, row=number,
                                            problem=error.problems[0]))
                    continue
                value = None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            problems.append(Message("engine.goals.bad_value", source=source, row=number, got=repr(cells["value"])))
            continue
        if name.lower() in known and period is not None:
            key = (name.lower(), period)
            if key in seen:
                problems.append(Message("engine.goals.twice", source=source, row=number, metric=known[name.lower()],
                                        period=period, first=seen[key]))
            seen[key] = number
            out.append({"metric": known[name.lower()], "period": period, "value": float(value)})
    if problems:
        raise CrmCaseError(problems[:20] + ([Message("engine.file.more_problems", source=source,
                                                     count=len(problems) - 20)] if len(problems) > 20 else []))
    if not out:
        raise CrmCaseError(Message("engine.goals.no_values", source=source))
    return out


def merge_actuals(case: Case, actuals: list[dict]) -> Case:
    """The case with ``actuals`` added; a value for a metric and period already there replaces it."""
    new = {(a["metric"].lower(), a["period"]): a for a in actuals}
    kept = [a.model_dump() for a in case.goals.actuals if (a.metric.lower(), a.period) not in new]
    return with_values(case, {"goals.actuals": sorted([*kept, *new.values()],
                                                      key=lambda a: (a["metric"].lower(), a["period"]))})


def actuals_template(case: Case) -> bytes:
    """A CSV to fill: one row per metric and month from go-live to the deadline, the value empty."""
    rows = ["Metric,Period,Value"]
    start = pd.Period(go_live(case), freq="M")
    objectives = {o.name.lower(): o for o in case.goals.objectives}
    for m in case.goals.metrics:
        end = pd.Period(objectives[m.objective.lower()].deadline, freq="M")
        for p in pd.period_range(start, max(start, end), freq="M"):
            name = m.name.replace('"', '""')
            rows.append(f'"{name}",{p},')
    return ("\n".join(rows) + "\n").encode("utf-8")


def example_actuals(case: Case) -> list[dict]:
    """Illustrative monthly actuals from go-live for the case's metrics: most follow their path with noise;
    one in four lags behind (so the scorecard shows every status). Deterministic."""
    rng = np.random.default_rng(11)
    start = go_live(case)
    objectives = {o.name.lower(): o for o in case.goals.objectives}
    out = []
    for i, m in enumerate(case.goals.metrics):
        objective = objectives[m.objective.lower()]
        pace = (1.0, 0.95, 0.75, 0.45)[i % 4]
        for p in pd.period_range(pd.Period(start, freq="M") + 1, periods=9, freq="M"):
            expected = expected_value(m, objective.deadline, start, p.end_time.date())
            value = m.baseline + (expected - m.baseline) * pace + (m.target - m.baseline) * rng.normal(0, 0.03)
            out.append({"metric": m.name, "period": str(p), "value": round(float(value), 4)})
    return out


# --------------------------------------------------------------------------- edits that keep the goals consistent
def objective_renames(case: Case, renamed: Mapping[str, str]) -> dict[str, Any]:
    """The change (for :func:`~crm_case.model.with_values`) that keeps each metric on its objective when objectives
    are renamed: ``renamed`` maps an objective's old name to its new one (names as written, case-sensitive);
    ``{"goals.metrics": [...]}`` with every metric of an old name moved to the new name, the others as they are."""
    return {"goals.metrics": [m.model_dump(mode="json") | {"objective": renamed.get(m.objective, m.objective)}
                              for m in case.goals.metrics]}


def metric_renames(case: Case, renamed: Mapping[str, str]) -> dict[str, Any]:
    """The change (for :func:`~crm_case.model.with_values`) that keeps the actuals with their metrics after an edit
    of the metrics: ``renamed`` maps the old name of every metric kept to its new name (the same name when it was
    not renamed); actuals of a metric missing from ``renamed`` (removed) go with it. ``{"goals.actuals": [...]}``.
    Corrective actions stay under the name they were written for."""
    return {"goals.actuals": [a.model_dump(mode="json") | {"metric": renamed[a.metric]} for a in case.goals.actuals
                              if a.metric in renamed]}


def rename_objective(case: Case, old: str, new: str) -> Case:
    """The case with objective ``old`` named ``new`` and its metrics following it (:func:`objective_renames`);
    :class:`CrmCaseError` when no objective is named ``old`` or the new name is refused (empty, taken)."""
    if old not in {o.name for o in case.goals.objectives}:
        raise CrmCaseError(Message("engine.goals.no_objective", name=repr(old)))
    objectives = [o.model_dump(mode="json") | ({"name": new} if o.name == old else {}) for o in case.goals.objectives]
    return with_values(case, {"goals.objectives": objectives, **objective_renames(case, {old: new})})


def rename_metric(case: Case, old: str, new: str) -> Case:
    """The case with metric ``old`` named ``new`` and its actuals following it (:func:`metric_renames`);
    :class:`CrmCaseError` when no metric is named ``old`` or the new name is refused (empty, taken)."""
    names = [m.name for m in case.goals.metrics]
    if old not in names:
        raise CrmCaseError(Message("engine.goals.no_metric", name=repr(old)))
    metrics = [m.model_dump(mode="json") | ({"name": new} if m.name == old else {}) for m in case.goals.metrics]
    renamed = {name: new if name == old else name for name in names}
    return with_values(case, {"goals.metrics": metrics, **metric_renames(case, renamed)})


def with_library_definition(row: Mapping[str, Any]) -> dict[str, Any]:
    """A metric row (a dict of :class:`~crm_case.model.Metric` fields) completed from :data:`LIBRARY` when its name
    is a library metric's (any case) and it has no definition yet: the library's definition, and its unit where the
    row has none. Any other row is returned as it is (a copy)."""
    row = dict(row)
    spec = next((m for m in LIBRARY if m.name.lower() == str(row.get("name", "")).lower()), None)
    if spec and not row.get("definition"):
        row.update(definition=spec.definition, unit=row.get("unit") or spec.unit)
    return row


def with_action(case: Case, metric: str, text: str) -> Case:
    """The case with ``text`` (stripped) as the corrective action of ``metric``; an empty text removes the action.
    :class:`CrmCaseError` when the text is refused (more than 500 characters)."""
    actions = dict(case.goals.actions)
    if text.strip():
        actions[metric] = text.strip()
    else:
        actions.pop(metric, None)
    return with_values(case, {"goals.actions": actions})
