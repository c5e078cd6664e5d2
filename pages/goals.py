"""From objectives to metrics (seed 002): what the CRM must achieve, how each goal ties to the money of the
case, and - month after month - which metrics are off track and what that does to the case."""

import pandas as pd
import streamlit as st

from crm_case import CrmCaseError, evaluate
from crm_case.goals import (
    LIBRARY,
    actuals_template,
    example_actuals,
    go_live,
    history,
    merge_actuals,
    parse_actuals,
    reforecast,
    scorecard,
    yearly_benefit,
)
from crm_case.model import DRIVER_INPUT_PATHS, BenefitArea, Direction, Frequency, case_from_dict
from crm_case.xlsx_safety import read_rows
from ui.charts import tracking_chart
from ui.format import money, months, percent
from ui.i18n import input_label, t
from ui.own_case import empty_hint, sample_notes
from ui.items import metric_from_row, metric_rows
from ui.state import (
    apply_editor_state,
    cached,
    commit_items,
    editor_error,
    editor_version,
    get_case,
    get_evaluation,
    set_case,
    show_chart,
)
from ui.text import literal

STATUS_COLOURS = {"on_track": "green", "at_risk": "orange", "off_track": "red"}
STATUS_ICONS = {status: f":{colour}[●]" for status, colour in STATUS_COLOURS.items()}
NO_STATUS = ":gray[○]"

case = get_case()
currency = case.assumptions.currency
goals = case.goals


def shown(value, unit: str) -> str:
    """A metric value in its unit: per cent for ``%`` (stored as a fraction), money, or the number and unit."""
    if value is None or pd.isna(value):
        return "–"
    if unit == "%":
        return percent(value, 1)
    if unit == "money":
        return money(value, currency)
    return f"{value:,.1f} {unit}".strip()


st.title(t("goals.title"))
st.caption(t("goals.caption", go_live=f"{go_live(case):%B %Y}"))
empty_hint("goals", when=not case.goals.objectives)
sample_notes("goals")

def _tracking() -> None:
    """Status counts, the tree, the KPI scorecard, planned vs tracking and the actuals: what there is to track once
    the case has objectives."""
    card = cached("goals.scorecard", scorecard)
    tracked = card.dropna(subset=["status"])
    counts = tracked["status"].value_counts()
    planned = get_evaluation().adjusted
    tracking_case, inputs = cached("goals.reforecast", reforecast)
    tracking = cached("goals.tracking", lambda _case: evaluate(tracking_case).adjusted)

    cols = st.columns(4)
    for column, status in zip(cols, ("on_track", "at_risk", "off_track")):
        column.metric(f"{STATUS_ICONS[status]} {t(f'goals.status.{status}')}", f"{int(counts.get(status, 0))}",
                      border=True, help=t(f"goals.status.{status}.help"))
    cols[3].metric(t("goals.npv_tracking"), money(tracking.npv, currency),
                   delta=None if tracked.empty else money(tracking.npv - planned.npv, currency),
                   border=True, help=t("goals.npv_tracking.help", planned=money(planned.npv, currency)))
    if tracked.empty:
        st.info(t("goals.no_actuals"), icon=":material/info:")

    # ---- the tree: objectives -> strategies -> metrics
    st.subheader(t("goals.tree"))
    for objective in goals.objectives:
        value, how = yearly_benefit(case, objective)
        with st.container(border=True):
            st.markdown(f"**{literal(objective.name)}** · {t('goals.function.' + objective.function.value)} · "
                        f"{t('goals.by', deadline=f'{objective.deadline:%B %Y}')}")
            st.markdown(f"#### {literal(objective.statement)}")
            st.caption(t("goals.money", amount=literal(money(value, currency)), how=literal(how)))
            mine = card[card["objective"] == objective.name]
            for strategy, group in mine.groupby("strategy", sort=False):
                st.markdown(f"*{t('goals.strategy')}: {literal(strategy)}*")
                lines = []
                for row in group.itertuples():
                    icon = NO_STATUS if pd.isna(row.status) else STATUS_ICONS[row.status]
                    lines.append(t("goals.metric_line", icon=icon, name=literal(row.metric),
                                   baseline=literal(shown(row.baseline, row.unit)),
                                   target=literal(shown(row.target, row.unit)),
                                   actual=literal(shown(row.actual, row.unit)), owner=literal(row.owner or "–")))
                st.markdown("\n".join(f"- {line}" for line in lines))

    # ---- KPI scorecard
    st.subheader(t("goals.scorecard"))
    if tracked.empty:
        st.caption(t("goals.scorecard.empty"))
    else:
        st.caption(t("goals.scorecard.caption"))
        rows = [tracked.iloc[i:i + 4] for i in range(0, len(tracked), 4)]
        for chunk in rows:
            cols = st.columns(4)
            for column, row in zip(cols, chunk.itertuples()):
                delta = row.actual - row.expected
                size = t("goals.points", value=f"{abs(delta) * 100:.1f}") if row.unit == "%" else shown(abs(delta), row.unit)
                on_path = size in (t("goals.points", value="0.0"), shown(0.0, row.unit))
                # the badge takes the status's colour, so a small shortfall within tolerance is not red next to a
                # green "on track"; its arrow still says whether the actual is above or below the path
                column.metric(f"{STATUS_ICONS[row.status]} {literal(row.metric)}", literal(shown(row.actual, row.unit)),
                              delta=t("goals.on_path") if on_path else
                              literal(("+" if delta >= 0 else "-") + size) + " " + t("goals.vs_path"),
                              delta_color=STATUS_COLOURS[row.status], delta_arrow="off" if on_path else "auto",
                              border=True,
                              help=t("goals.metric.help", period=row.period,
                                     expected=literal(shown(row.expected, row.unit)),
                                     target=literal(shown(row.target, row.unit)), progress=percent(row.progress, 0),
                                     expected_progress=percent(row.expected_progress, 0)))

        # ---- actual vs path
        st.subheader(t("goals.chart"))
        names = list(tracked["metric"])
        choice = st.selectbox(t("goals.chart.metric"), names, key="goals-chart-metric")
        metric = next(m for m in goals.metrics if m.name == choice)
        frame = history(case, choice)
        show_chart(f"goals.chart:{choice}", lambda: tracking_chart(
            frame, target=metric.target, percent_axis=metric.unit == "%",
            labels={"date": t("goals.chart.date"), "value": f"{metric.name} ({metric.unit})" if metric.unit not in
                    {"%", ""} else metric.name, "expected": t("goals.chart.expected"), "actual": t("goals.chart.actual"),
                    "target": t("goals.chart.target")}))
        st.caption(t("goals.chart.caption"))

        # ---- off track: corrective actions
        st.subheader(t("goals.off_track"))
        behind = tracked[tracked["status"] != "on_track"].sort_values("gap")
        if behind.empty:
            st.success(t("goals.all_on_track"))
        for row in behind.itertuples():
            with st.container(border=True):
                left, right = st.columns([2, 3])
                left.markdown(f"{STATUS_ICONS[row.status]} **{literal(row.metric)}** ({literal(row.objective)})")
                left.caption(t("goals.behind", actual=literal(shown(row.actual, row.unit)),
                               expected=literal(shown(row.expected, row.unit)), gap=percent(-row.gap, 0),
                               owner=literal(row.owner or "–")))
                key = f"goals-action:{row.metric}"
                st.session_state[key] = goals.actions.get(row.metric, "")

                def _save(metric=row.metric, key=key) -> None:
                    current = get_case()
                    actions = dict(current.goals.actions)
                    text = st.session_state[key].strip()
                    if text:
                        actions[metric] = text
                    else:
                        actions.pop(metric, None)
                    data = current.model_dump(mode="json")
                    data["goals"]["actions"] = actions
                    try:
                        set_case(case_from_dict(data))
                    except CrmCaseError as error:
                        st.session_state["goals:message"] = ("error", literal(str(error)))

                right.text_area(t("goals.action"), key=key, on_change=_save, height=80, max_chars=500,
                                placeholder=t("goals.action.placeholder"))

    # ---- as planned vs as tracking
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
    else:
        right.dataframe(pd.DataFrame({
            t("goals.metric"): inputs["metric"],
            t("goals.input"): [input_label(p) for p in inputs["input"]],
            t("goals.planned"): [shown(v, "%") if p != "drivers.sales_productivity.hours_saved_per_week" else f"{v:.2f}"
                                 for v, p in zip(inputs["planned"], inputs["input"])],
            t("goals.realisation"): [percent(v, 0) for v in inputs["realisation"]],
            t("goals.reforecast"): [shown(v, "%") if p != "drivers.sales_productivity.hours_saved_per_week" else f"{v:.2f}"
                                    for v, p in zip(inputs["reforecast"], inputs["input"])],
        }), hide_index=True, width="stretch")

    # ---- actuals
    st.subheader(t("goals.actuals"))
    st.caption(t("goals.actuals.caption", count=len(goals.actuals)))
    cols = st.columns(3)
    cols[0].download_button(t("goals.actuals.template"), data=lambda snapshot=case: actuals_template(snapshot),
                            file_name="crm-case-actuals.csv", mime="text/csv", on_click="ignore",
                            icon=":material/download:")
    if cols[1].button(t("goals.actuals.example"), key="goals-example", icon=":material/science:",
                      help=t("goals.actuals.example.help")):
        set_case(merge_actuals(get_case(), example_actuals(get_case())))
        st.session_state["goals:message"] = ("success", t("goals.actuals.example.done"))
        st.rerun()
    if cols[2].button(t("goals.actuals.clear"), key="goals-clear", icon=":material/delete:", disabled=not goals.actuals):
        data = case.model_dump(mode="json")
        data["goals"]["actuals"] = []
        set_case(case_from_dict(data))
        st.rerun()
    upload = st.file_uploader(t("goals.actuals.upload"), type=["csv", "xlsx"], key="upload-actuals")
    if upload is not None and st.session_state.get("goals:last") != upload.file_id:
        st.session_state["goals:last"] = upload.file_id
        try:
            rows, _ = read_rows(upload.getvalue(), upload.name)
            actuals = parse_actuals(rows, upload.name, [m.name for m in goals.metrics])
            set_case(merge_actuals(get_case(), actuals))
            st.session_state["goals:message"] = ("success", t("goals.actuals.done", count=len(actuals),
                                                                   name=literal(upload.name)))
        except CrmCaseError as error:
            st.session_state["goals:message"] = ("error", t("goals.actuals.refused", name=literal(upload.name)) +
                                                 "\n\n" + "\n\n".join(f"- {literal(p)}" for p in error.problems))
        st.rerun()
    if message := st.session_state.pop("goals:message", None):
        (st.success if message[0] == "success" else st.error)(message[1])


if goals.objectives:  # no scorecard of nothing ("0 on track", "NPV as tracking") before an objective exists
    _tracking()

# ---- editing objectives and metrics
st.subheader(t("goals.edit"))
objective_fields = ["name", "statement", "function", "link", "deadline", "estimation"]
objective_columns = {f: t(f"goals.objective.{f}") for f in objective_fields}
links = [f"drivers.{name}" for name in type(case.drivers).model_fields] + [f"benefits.{b.name}" for b in case.benefits]


def _objective_rows(current) -> list[dict]:
    return [o.model_dump() for o in current.goals.objectives]


def _objectives_edit(key: str) -> None:
    current = get_case()
    rows = apply_editor_state(_objective_rows(current), st.session_state[key],
                              lambda n: {"name": t("goals.objective.new", n=n), "statement": t("goals.objective.new", n=n),
                                         "function": "Sales", "link": "drivers.win_rate",
                                         "deadline": current.assumptions.start_date.replace(
                                             year=current.assumptions.start_date.year + 2)})
    renamed = {current.goals.objectives[i].name: row["name"] for i, row in rows if i is not None}
    items = [{f: row.get(f) for f in objective_fields if row.get(f) is not None} for _, row in rows]
    metrics = [m.model_dump(mode="json") | {"objective": renamed.get(m.objective, m.objective)}
               for m in current.goals.metrics]
    commit_items("goals.objectives", items, objective_columns, also={"goals.metrics": metrics})


okey = f"editor:objectives:{editor_version('goals.objectives')}"
st.markdown(f"**{t('goals.objectives')}**")
st.data_editor(pd.DataFrame(_objective_rows(case), columns=objective_fields), key=okey, num_rows="dynamic",
               hide_index=True, width="stretch", on_change=_objectives_edit, args=(okey,), column_config={
                   "name": st.column_config.TextColumn(objective_columns["name"], required=True),
                   "statement": st.column_config.TextColumn(objective_columns["statement"], width="large",
                                                            required=True),
                   "function": st.column_config.SelectboxColumn(objective_columns["function"],
                                                                options=[a.value for a in BenefitArea], required=True),
                   "link": st.column_config.SelectboxColumn(objective_columns["link"], options=links, required=True,
                                                            help=t("goals.objective.link.help")),
                   "deadline": st.column_config.DateColumn(objective_columns["deadline"], required=True),
                   "estimation": st.column_config.TextColumn(objective_columns["estimation"],
                                                             help=t("goals.objective.estimation.help")),
               })
if message := editor_error("goals.objectives"):
    st.error(literal(message), icon=":material/block:")

metric_fields = ["name", "objective", "strategy", "unit", "direction", "baseline", "target", "frequency", "owner",
                 "driver_input", "definition"]
metric_columns = {f: t(f"goals.metric.{f}") for f in metric_fields}


def _metric_rows(current) -> list[dict]:
    return metric_rows(current.goals.metrics)


def _metrics_edit(key: str) -> None:
    current = get_case()
    first = current.goals.objectives[0].name if current.goals.objectives else ""
    rows = apply_editor_state(_metric_rows(current), st.session_state[key],
                              lambda n: {"name": t("goals.metric.new", n=n), "objective": first,
                                         "strategy": t("goals.metric.new_strategy"), "direction": "higher",
                                         "baseline": 0.0, "target": 1.0, "frequency": "monthly"})
    for _, row in rows:  # a metric picked from the library brings its definition, unit and direction
        spec = next((m for m in LIBRARY if m.name.lower() == str(row.get("name", "")).lower()), None)
        if spec and not row.get("definition"):
            row.update(definition=spec.definition, unit=row.get("unit") or spec.unit)
    renamed = {current.goals.metrics[i].name: row["name"] for i, row in rows if i is not None}
    items = [{f: row.get(f) for f in metric_fields if row.get(f) is not None} for _, row in rows]
    items = [metric_from_row(item) for item in items]
    actuals = [a.model_dump() | {"metric": renamed.get(a.metric, a.metric)} for a in current.goals.actuals
               if a.metric in renamed]
    commit_items("goals.metrics", items, metric_columns, also={"goals.actuals": actuals})


mkey = f"editor:metrics:{editor_version('goals.metrics')}"
st.markdown(f"**{t('goals.metrics')}**")
st.caption(t("goals.metrics.caption", library=", ".join(m.name for m in LIBRARY)))
st.data_editor(pd.DataFrame(_metric_rows(case), columns=metric_fields), key=mkey, num_rows="dynamic", hide_index=True,
               width="stretch", on_change=_metrics_edit, args=(mkey,), column_config={
                   "name": st.column_config.TextColumn(metric_columns["name"], required=True),
                   "objective": st.column_config.SelectboxColumn(metric_columns["objective"],
                                                                 options=[o.name for o in goals.objectives],
                                                                 required=True),
                   "strategy": st.column_config.TextColumn(metric_columns["strategy"], width="medium", required=True),
                   "unit": st.column_config.TextColumn(metric_columns["unit"], help=t("goals.metric.unit.help")),
                   "direction": st.column_config.SelectboxColumn(metric_columns["direction"],
                                                                 options=[d.value for d in Direction], required=True),
                   "baseline": st.column_config.NumberColumn(metric_columns["baseline"], required=True),
                   "target": st.column_config.NumberColumn(metric_columns["target"], required=True),
                   "frequency": st.column_config.SelectboxColumn(metric_columns["frequency"],
                                                                 options=[f.value for f in Frequency]),
                   "owner": st.column_config.TextColumn(metric_columns["owner"]),
                   "driver_input": st.column_config.SelectboxColumn(metric_columns["driver_input"],
                                                                    options=list(DRIVER_INPUT_PATHS),
                                                                    help=t("goals.metric.driver_input.help")),
                   "definition": st.column_config.TextColumn(metric_columns["definition"], width="medium"),
               })
if message := editor_error("goals.metrics"):
    st.error(literal(message), icon=":material/block:")
