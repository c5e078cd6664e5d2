"""The Objectives and metrics page's parts: the tree of objectives, strategies and metrics, the KPI scorecard, the
actual-vs-path chart, the corrective actions, planned vs tracking, the actuals and the two tables that edit the
objectives and metrics. The rules (renames that cascade, the library's definitions, actions) are
:mod:`crm_case.goals`'; these helpers draw and commit."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, with_values
from crm_case.excel.safety import read_rows
from crm_case.goals import (
    LIBRARY,
    actuals_template,
    example_actuals,
    history,
    merge_actuals,
    metric_renames,
    objective_renames,
    parse_actuals,
    with_action,
    with_library_definition,
    yearly_benefit,
)
from crm_case.model import DRIVER_INPUT_PATHS, BenefitArea, Direction, Frequency
from ui.charts import tracking_chart
from ui.format import joined, money, month_year, months, number, percent
from ui.i18n import input_label, localized, t
from ui.items import metric_from_row, metric_rows
from ui.state import (
    Rows,
    commit_items,
    editor_error,
    get_case,
    set_case,
    show_chart,
    show_message,
    table_editor,
)
from ui.text import literal

STATUS_COLOURS = {"on_track": "green", "at_risk": "orange", "off_track": "red"}
STATUS_ICONS = {status: f":{colour}[●]" for status, colour in STATUS_COLOURS.items()}
NO_STATUS = ":gray[○]"
MESSAGE = "goals:message"
OBJECTIVE_FIELDS = ["name", "statement", "function", "link", "deadline", "estimation"]
METRIC_FIELDS = ["name", "objective", "strategy", "unit", "direction", "baseline", "target", "frequency", "owner",
                 "driver_input", "definition"]
HOURS = "drivers.sales_productivity.hours_saved_per_week"


def shown(value: Any, unit: str, currency: str) -> str:
    """A metric value in its unit: per cent for ``%`` (stored as a fraction), money, or the number and unit."""
    if value is None or pd.isna(value):
        return "–"
    if unit == "%":
        return percent(value, 1)
    if unit == "money":
        return money(value, currency)
    return f"{number(value, '#,##0.0')} {unit}".strip()  # grouped as the viewer's language writes numbers


def tree(case: Case, card: pd.DataFrame) -> None:
    """Objectives -> strategies -> metrics, each objective with the money it stands for."""
    currency = case.assumptions.currency
    st.subheader(t("goals.tree"))
    for objective in case.goals.objectives:
        value, how = yearly_benefit(case, objective)
        with st.container(border=True):
            st.markdown(f"**{literal(objective.name)}** · {t('goals.function.' + objective.function.value)} · "
                        f"{t('goals.by', deadline=month_year(objective.deadline))}")
            st.markdown(f"#### {literal(objective.statement)}")
            st.caption(t("goals.money", amount=literal(money(value, currency)), how=literal(localized(how))))
            mine = card[card["objective"] == objective.name]
            for strategy, group in mine.groupby("strategy", sort=False):
                st.markdown(f"*{t('goals.strategy')}: {literal(strategy)}*")
                lines = []
                for row in group.itertuples():
                    icon = NO_STATUS if pd.isna(row.status) else STATUS_ICONS[row.status]
                    lines.append(t("goals.metric_line", icon=icon, name=literal(row.metric),
                                   baseline=literal(shown(row.baseline, row.unit, currency)),
                                   target=literal(shown(row.target, row.unit, currency)),
                                   actual=literal(shown(row.actual, row.unit, currency)),
                                   owner=literal(row.owner or "–")))
                st.markdown("\n".join(f"- {line}" for line in lines))


def scorecard_tiles(tracked: pd.DataFrame, currency: str) -> None:
    """One tile per tracked metric: its latest actual and how far it is from its path, four to a row."""
    st.caption(t("goals.scorecard.caption"))
    for chunk in [tracked.iloc[i:i + 4] for i in range(0, len(tracked), 4)]:
        cols = st.columns(4)
        for column, row in zip(cols, chunk.itertuples(), strict=False):  # the last chunk may be shorter
            delta = row.actual - row.expected
            size = (t("goals.points", value=number(abs(delta) * 100, "0.0")) if row.unit == "%"
                    else shown(abs(delta), row.unit, currency))
            on_path = size in (t("goals.points", value="0.0"), shown(0.0, row.unit, currency))
            # the badge takes the status's colour, so a small shortfall within tolerance is not red next to a
            # green "on track"; its arrow still says whether the actual is above or below the path
            column.metric(f"{STATUS_ICONS[row.status]} {literal(row.metric)}",
                          literal(shown(row.actual, row.unit, currency)),
                          delta=t("goals.on_path") if on_path else
                          literal(("+" if delta >= 0 else "-") + size) + " " + t("goals.vs_path"),
                          delta_color=STATUS_COLOURS[row.status], delta_arrow="off" if on_path else "auto",
                          border=True,
                          help=t("goals.metric.help", period=row.period,
                                 expected=literal(shown(row.expected, row.unit, currency)),
                                 target=literal(shown(row.target, row.unit, currency)),
                                 progress=percent(row.progress, 0),
                                 expected_progress=percent(row.expected_progress, 0)))


def path_chart(case: Case, tracked: pd.DataFrame) -> None:
    """A tracked metric (picked) against its expected path and target."""
    st.subheader(t("goals.chart"))
    choice = st.selectbox(t("goals.chart.metric"), list(tracked["metric"]), key="goals-chart-metric")
    metric = next(m for m in case.goals.metrics if m.name == choice)
    frame = history(case, choice)
    show_chart(f"goals.chart:{choice}", lambda: tracking_chart(
        frame, target=metric.target, percent_axis=metric.unit == "%",
        labels={"date": t("goals.chart.date"), "value": f"{metric.name} ({metric.unit})" if metric.unit not in
                {"%", ""} else metric.name, "expected": t("goals.chart.expected"), "actual": t("goals.chart.actual"),
                "target": t("goals.chart.target")}))
    st.caption(t("goals.chart.caption"))


def _save_action(metric: str, key: str) -> None:
    try:
        set_case(with_action(get_case(), metric, st.session_state[key]))
    except CrmCaseError as error:
        st.session_state[MESSAGE] = ("error", literal(localized(error)))


def corrective_actions(case: Case, tracked: pd.DataFrame) -> None:
    """The metrics behind their path, worst first, each with its corrective-action note (saved as typed)."""
    currency = case.assumptions.currency
    st.subheader(t("goals.off_track"))
    behind = tracked[tracked["status"] != "on_track"].sort_values("gap")
    if behind.empty:
        st.success(t("goals.all_on_track"))
    for row in behind.itertuples():
        with st.container(border=True):
            left, right = st.columns([2, 3])
            left.markdown(f"{STATUS_ICONS[row.status]} **{literal(row.metric)}** ({literal(row.objective)})")
            left.caption(t("goals.behind", actual=literal(shown(row.actual, row.unit, currency)),
                           expected=literal(shown(row.expected, row.unit, currency)), gap=percent(-row.gap, 0),
                           owner=literal(row.owner or "–")))
            key = f"goals-action:{row.metric}"
            st.session_state[key] = case.goals.actions.get(row.metric, "")
            right.text_area(t("goals.action"), key=key, on_change=_save_action, args=(row.metric, key), height=80,
                            max_chars=500, placeholder=t("goals.action.placeholder"))


def planned_vs_tracking(planned: Any, tracking: Any, inputs: pd.DataFrame, currency: str) -> None:
    """NPV, ROI and payback as planned and as the actuals say, and the driver inputs the actuals re-forecast."""
    st.subheader(t("goals.planned_vs_tracking"))
    st.caption(t("goals.planned_vs_tracking.caption"))
    left, right = st.columns([2, 3])
    left.dataframe(pd.DataFrame({
        t("goals.figure"): [t("metric.npv"), t("metric.roi"), t("metric.payback")],
        t("goals.as_planned"): [money(planned.npv, currency), percent(planned.roi.value, 0),
                                months(planned.payback_months.value)],
        t("goals.as_tracking"): [money(tracking.npv, currency), percent(tracking.roi.value, 0),
                                 months(tracking.payback_months.value)],
    }), hide_index=True, width="stretch")
    if inputs.empty:
        right.info(t("goals.reforecast.none"))
        return
    right.dataframe(pd.DataFrame({
        t("goals.metric"): inputs["metric"],
        t("goals.input"): [input_label(p) for p in inputs["input"]],
        t("goals.planned"): [shown(v, "%", currency) if p != HOURS else number(v, "0.00")
                             for v, p in zip(inputs["planned"], inputs["input"], strict=True)],
        t("goals.realisation"): [percent(v, 0) for v in inputs["realisation"]],
        t("goals.reforecast"): [shown(v, "%", currency) if p != HOURS else number(v, "0.00")
                                for v, p in zip(inputs["reforecast"], inputs["input"], strict=True)],
    }), hide_index=True, width="stretch")


def _upload_actuals(upload: Any, metrics: list[str]) -> None:
    try:
        rows, _ = read_rows(upload.getvalue(), upload.name)
        actuals = parse_actuals(rows, upload.name, metrics)
        set_case(merge_actuals(get_case(), actuals))
        st.session_state[MESSAGE] = ("success", t("goals.actuals.done", count=len(actuals), name=literal(upload.name)))
    except CrmCaseError as error:
        st.session_state[MESSAGE] = ("error", t("goals.actuals.refused", name=literal(upload.name)) +
                                     "\n\n" + "\n\n".join(f"- {literal(localized(p))}" for p in error.problems))


def actuals(case: Case) -> None:
    """The actuals: a template to fill, illustrative values, clearing them, and the upload."""
    goals = case.goals
    st.subheader(t("goals.actuals"))
    st.caption(t("goals.actuals.caption", count=len(goals.actuals)))
    cols = st.columns(3)
    cols[0].download_button(t("goals.actuals.template"), data=lambda snapshot=case: actuals_template(snapshot),
                            file_name="crm-case-actuals.csv", mime="text/csv", on_click="ignore",
                            icon=":material/download:")
    if cols[1].button(t("goals.actuals.example"), key="goals-example", icon=":material/science:",
                      help=t("goals.actuals.example.help")):
        set_case(merge_actuals(get_case(), example_actuals(get_case())))
        st.session_state[MESSAGE] = ("success", t("goals.actuals.example.done"))
        st.rerun()
    if cols[2].button(t("goals.actuals.clear"), key="goals-clear", icon=":material/delete:",
                      disabled=not goals.actuals):
        set_case(with_values(case, {"goals.actuals": []}))
        st.rerun()
    upload = st.file_uploader(t("goals.actuals.upload"), type=["csv", "xlsx"], key="upload-actuals")
    if upload is not None and st.session_state.get("goals:last") != upload.file_id:
        st.session_state["goals:last"] = upload.file_id
        _upload_actuals(upload, [m.name for m in goals.metrics])
        st.rerun()
    show_message(MESSAGE)


def link_label(link: str) -> str:
    """What an objective's link to the money of the case reads as: the driver's name (``drivers.retention`` is
    "Customer retention") or the benefit line's ("Benefit line: Upsell"); the path itself stays the cell's value."""
    if link.startswith("drivers."):
        return t(f"driver.{link.removeprefix('drivers.')}")
    return t("goals.objective.link.benefit", name=link.removeprefix("benefits."))


def _objective_rows(case: Case) -> list[dict]:
    return [o.model_dump() for o in case.goals.objectives]


def _new_objective(n: int) -> dict[str, Any]:
    start = get_case().assumptions.start_date
    return {"name": t("goals.objective.new", n=n), "statement": t("goals.objective.new", n=n), "function": "Sales",
            "link": "drivers.win_rate", "deadline": start.replace(year=start.year + 2)}


def _objectives_edit(columns: dict[str, str], rows: Rows, before: Rows) -> bool:
    """Commit the objectives table's rows; an objective renamed (its row's name before -> after) keeps its metrics."""
    current = get_case()
    was = {i: row["name"] for i, row in before if i is not None}
    renamed = {was[i]: row["name"] for i, row in rows if i is not None and i in was}
    items = [{f: row.get(f) for f in OBJECTIVE_FIELDS if row.get(f) is not None} for _, row in rows]
    return commit_items("goals.objectives", items, columns, also=objective_renames(current, renamed), redraw=False)


def objectives_editor(case: Case) -> None:
    """The objectives table; a renamed objective keeps its metrics."""
    columns = {f: t(f"goals.objective.{f}") for f in OBJECTIVE_FIELDS}
    links = [f"drivers.{name}" for name in type(case.drivers).model_fields] + [f"benefits.{b.name}"
                                                                              for b in case.benefits]
    st.markdown(f"**{t('goals.objectives')}**")
    column = st.column_config
    table_editor("goals.objectives", "objectives", _objective_rows(case), OBJECTIVE_FIELDS,
                 new_row=_new_objective, on_rows=lambda rows, before: _objectives_edit(columns, rows, before),
                 num_rows="dynamic", hide_index=True, width="stretch", column_config={
                       "name": column.TextColumn(columns["name"], required=True, pinned=True),
                       "statement": column.TextColumn(columns["statement"], width="large", required=True),
                       "function": column.SelectboxColumn(columns["function"], options=[a.value for a in BenefitArea],
                                                          required=True,
                                                          format_func=lambda a: t(f"goals.function.{a}")),
                       "link": column.SelectboxColumn(columns["link"], options=links, required=True,
                                                      help=t("goals.objective.link.help"), format_func=link_label),
                       "deadline": column.DateColumn(columns["deadline"], required=True),
                       "estimation": column.TextColumn(columns["estimation"],
                                                       help=t("goals.objective.estimation.help")),
                   })
    if message := editor_error("goals.objectives"):
        st.error(literal(message), icon=":material/block:")


def _new_metric(n: int) -> dict[str, Any]:
    current = get_case()
    first = current.goals.objectives[0].name if current.goals.objectives else ""
    return {"name": t("goals.metric.new", n=n), "objective": first, "strategy": t("goals.metric.new_strategy"),
            "direction": "higher", "baseline": 0.0, "target": 1.0, "frequency": "monthly"}


def _metrics_edit(columns: dict[str, str], rows: Rows, before: Rows) -> bool:
    """Commit the metrics table's rows; a metric named after one of the library's brings its definition, and a
    renamed metric (its row's name before -> after) keeps its actuals."""
    current = get_case()
    rows = [(i, with_library_definition(row)) for i, row in rows]
    was = {i: row["name"] for i, row in before if i is not None}
    renamed = {was[i]: row["name"] for i, row in rows if i is not None and i in was}
    items = [metric_from_row({f: row.get(f) for f in METRIC_FIELDS if row.get(f) is not None}) for _, row in rows]
    return commit_items("goals.metrics", items, columns, also=metric_renames(current, renamed), redraw=False)


def metrics_editor(case: Case) -> None:
    """The metrics table; a metric named after one of the library's brings its definition, a renamed metric keeps
    its actuals."""
    columns = {f: t(f"goals.metric.{f}") for f in METRIC_FIELDS}
    st.markdown(f"**{t('goals.metrics')}**")
    st.caption(t("goals.metrics.caption", library=joined(m.name for m in LIBRARY)))
    column = st.column_config
    table_editor("goals.metrics", "metrics", metric_rows(case.goals.metrics), METRIC_FIELDS,
                 new_row=_new_metric, on_rows=lambda rows, before: _metrics_edit(columns, rows, before),
                 num_rows="dynamic", hide_index=True, width="stretch", column_config={
                       "name": column.TextColumn(columns["name"], required=True, pinned=True),
                       "objective": column.SelectboxColumn(columns["objective"],
                                                           options=[o.name for o in case.goals.objectives],
                                                           required=True),
                       "strategy": column.TextColumn(columns["strategy"], width="medium", required=True),
                       "unit": column.TextColumn(columns["unit"], help=t("goals.metric.unit.help")),
                       "direction": column.SelectboxColumn(columns["direction"], options=[d.value for d in Direction],
                                                           required=True,
                                                           format_func=lambda d: t(f"goals.direction.{d}")),
                       "baseline": column.NumberColumn(columns["baseline"], required=True, format="localized"),
                       "target": column.NumberColumn(columns["target"], required=True, format="localized"),
                       "frequency": column.SelectboxColumn(columns["frequency"], options=[f.value for f in Frequency],
                                                           format_func=lambda f: t(f"goals.frequency.{f}")),
                       "owner": column.TextColumn(columns["owner"]),
                       "driver_input": column.SelectboxColumn(columns["driver_input"],
                                                              options=list(DRIVER_INPUT_PATHS),
                                                              help=t("goals.metric.driver_input.help"),
                                                              format_func=input_label),
                       "definition": column.TextColumn(columns["definition"], width="medium"),
                   })
    if message := editor_error("goals.metrics"):
        st.error(literal(message), icon=":material/block:")
