"""The Risk page's parts: scenarios, the tornado with its break-even sentences, what checking an input is worth
(value of information), the Monte Carlo histograms and quantiles, a pilot before deciding compared with the other
courses of action, and the table of input ranges. Every figure comes from :mod:`crm_case.risk` and
:mod:`crm_case.voi`; these helpers draw."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, from_percent, to_percent, with_values
from crm_case.i18n import Message
from crm_case.model import Distribution, default_range
from crm_case.risk import ranges_after_edit, risk_inputs
from crm_case.voi import PATHS, Estimate, PilotAnalysis
from ui.charts import histogram, information_bars, path_ranges, share_bars, value_bars
from ui.current import generation
from ui.format import (
    chance,
    column_width,
    input_value,
    money,
    months,
    number,
    number_text,
    percent,
    read_number,
    symbol,
)
from ui.i18n import input_label, input_name, labelled, localized, t, unlabelled
from ui.items import wide_table
from ui.state import (
    Rows,
    commit_items,
    editor_error,
    get_case,
    help_of,
    label_of,
    set_case,
    show_chart,
    table_editor,
)
from ui.story import sensitivity_chart
from ui.text import literal

# break-even sentence by (NPV positive now, break-even above the case value)
SENTENCES = {(True, True): "risk.breakeven.falls.up", (True, False): "risk.breakeven.falls.down",
             (False, True): "risk.breakeven.turns.up", (False, False): "risk.breakeven.turns.down"}
RANGE_COLUMNS = ("label", "case_value", "low", "high", "distribution", "values")
Z95 = 1.96
"""An estimate +/- 1.96 standard errors: its 95 % sampling interval (normal approximation)."""
SHOWN_INPUTS = 12
"""At most this many inputs in the value-of-information chart."""
NEW_PILOT = {"cost": 0.0, "months": 3, "users": 20, "stop_cost": 0.0, "spread": 0.5}
"""What the pilot form shows before a pilot is described (its inputs: the two that spread the NPV most)."""
PILOT_ERROR = "risk.pilot:error"


def figure(value: Any) -> Any:
    """None for a figure that does not exist (a NaN in a table)."""
    return None if value is None or value != value else value


SCENARIO_VALUES_OPEN = "risk-scenario-values-open"
"""The key of the expander of each scenario's input values: its state, open or not."""


def scenarios_view(result: Any, adjusted: bool, basis: str, currency: str, beyond: str) -> None:
    """Pessimistic, base and optimistic: NPV bars, their figures and the input values of each."""
    figures = result.figures(adjusted).set_index("scenario")
    left, right = st.columns([2, 3])
    names = {s: t(f"risk.scenario.{s}") for s in figures.index}
    with left:
        frame = pd.DataFrame({"name": [names[s] for s in figures.index], "value": figures["npv"].astype(float),
                              "text": [money(v, currency, compact=True) for v in figures["npv"]]})
        show_chart(f"risk.scenarios:{basis}", lambda: value_bars(
            frame, labels={"axis": t("risk.npv_axis", currency=symbol(currency)), "name": t("risk.scenario")},
            colours={names["pessimistic"]: "#D55E00", names["base"]: "#0072B2", names["optimistic"]: "#009E73"},
            height=280, currency=currency))
    with right:  # a static table: its columns wrap to fit a phone's width rather than scroll out of view
        st.table(pd.DataFrame({
            t("risk.figure"): [t("metric.npv"), t("metric.roi"), t("metric.irr"), t("metric.payback"),
                               t("metric.pv_costs"), t("metric.pv_benefits")],
            **{names[s]: [money(f["npv"], currency), percent(figure(f["roi"]), 0), percent(figure(f["irr"])),
                          months(figure(f["payback_months"])) if figure(f["payback_months"]) is not None else beyond,
                          money(f["pv_costs"], currency), money(f["pv_benefits"], currency)]
               for s, f in figures.iterrows()},
        }).set_index(t("risk.figure")))
        values_box = st.expander(t("risk.scenarios.values"), key=SCENARIO_VALUES_OPEN, on_change="rerun")
        if values_box.open:  # built and sent only while open (opening it reruns the page)
            values = result.values
            values_box.dataframe(pd.DataFrame({
                t("risk.input"): [input_label(p) for p in values["path"]],
                **{names[s]: [input_value(v, u, currency) for v, u in zip(values[s], values["unit"], strict=True)]
                   for s in ("pessimistic", "base", "optimistic")},
            }), hide_index=True)


def tornado_view(table: pd.DataFrame, base_npv: float, basis: str, currency: str) -> None:
    """The sensitivity tornado, at most 15 inputs."""
    show_chart(f"risk.tornado:{basis}", lambda: sensitivity_chart(table, base=base_npv, currency=currency, rows=15))
    if len(table) > 15:
        st.caption(t("risk.tornado.more", count=len(table) - 15))


def break_even_view(even: pd.DataFrame, currency: str) -> None:
    """One sentence per input (eight at most): the value at which the NPV changes sign, or that none does."""
    st.markdown(f"**{t('risk.breakeven')}**")
    npv_positive = even["npv_base"].iloc[0] > 0 if len(even) else True
    lines = []
    for row in even.head(8).itertuples():
        name = input_name(row.path)
        if np.isnan(row.value):
            key = "risk.breakeven.none.positive" if npv_positive else "risk.breakeven.none.negative"
            lines.append(t(key, input=name, low=input_value(row.searched_low, row.unit, currency),
                           high=input_value(row.searched_high, row.unit, currency)))
            continue
        key = SENTENCES[(bool(npv_positive), bool(row.value > row.base))]
        # a rate or share moves in points (10 % -> 36.5 % is +26.5 points, not +265 %); anything else in %
        change = (t("risk.points", value=number(abs(row.value - row.base) * 100, "0.0"))
                  if row.unit in {"fraction", "rate"} else percent(abs(row.change), 0))
        lines.append(t(key, input=name, base=input_value(row.base, row.unit, currency),
                       value=input_value(row.value, row.unit, currency), change=change))
    st.markdown("\n".join(f"- {line}" for line in lines))


def npv_distribution(mc: Any, quantiles: pd.DataFrame, basis: str, currency: str) -> None:
    """The NPV histogram with P10, P50 and P90, and the inputs that spread it most."""
    left, right = st.columns([3, 2])
    with left:
        marks = {f"P{int(q * 100)}": quantiles.loc["npv", f"p{int(q * 100)}"] for q in (0.1, 0.5, 0.9)}
        show_chart(f"risk.npv_histogram:{basis}", lambda: histogram(mc.runs.npv, marks=marks, labels={
            "axis": t("risk.npv_axis", currency=symbol(currency)), "share": t("risk.share_runs"),
            "from": t("risk.from"), "to": t("risk.to"), "runs": t("risk.runs")}, currency=currency))
    with right:
        st.markdown(f"**{t('risk.spread')}**")
        drivers = mc.drivers
        spread = drivers.head(8).assign(label=[input_label(p) for p in drivers["path"].head(8)])
        if spread.empty:
            st.info(t("risk.no_spread"))
        else:
            show_chart(f"risk.spread:{basis}", lambda: share_bars(spread, labels={
                "axis": t("risk.spread.axis"), "input": t("risk.input"), "rho": t("risk.rho")},
                height=40 + 32 * len(spread)))
            st.caption(t("risk.spread.caption"))


def irr_and_quantiles(mc: Any, quantiles: pd.DataFrame, basis: str, currency: str, beyond: str) -> None:
    """The IRR histogram, P10/P50/P90 of every figure and the runs to download."""
    left, right = st.columns([3, 2])
    with left:
        q = quantiles.loc["irr"]
        show_chart(f"risk.irr_histogram:{basis}", lambda: histogram(
            mc.runs.irr, marks={"P10": q["p10"], "P50": q["p50"], "P90": q["p90"]}, money=False, labels={
                "axis": t("risk.irr_axis"), "share": t("risk.share_runs"), "from": t("risk.from"),
                "to": t("risk.to"), "runs": t("risk.runs")}, height=260))
        if q["defined"] < 1:
            st.caption(t("risk.irr.undefined", share=percent(1 - q["defined"], 1)))
    with right:
        rows = []
        for key, fmt in (("npv", lambda v: money(figure(v), currency)), ("roi", lambda v: percent(figure(v), 0)),
                         ("irr", lambda v: percent(figure(v))),
                         ("payback_months", lambda v: beyond if np.isnan(v) else months(v))):
            row = quantiles.loc[key]
            rows.append({t("risk.figure"): t(f"risk.metric.{key}"), "P10": fmt(row["p10"]), "P50": fmt(row["p50"]),
                         "P90": fmt(row["p90"])})
        # a static table: in the narrow column at 1024 px a grid hid P90 behind a sideways scroll; this one wraps
        st.table(pd.DataFrame(rows).set_index(t("risk.figure")))
        st.caption(t("risk.quantiles.caption"))
        st.download_button(t("risk.download"), data=lambda result=mc: result.table().to_csv(index=False),
                           file_name="crm-case-monte-carlo-runs.csv", mime="text/csv", on_click="ignore",
                           icon=":material/download:", help=t("risk.download.help"))


def _range_rows(case: Case) -> list[dict[str, Any]]:
    """One row per input the ranges table shows: its range in % (given, or the default) and the values at its ends."""
    given = {r.path: r for r in case.risk.ranges}
    currency = case.assumptions.currency
    rows = []
    for item in risk_inputs(case):
        spec = given.get(item.path)
        low, high = (spec.low, spec.high) if spec else default_range(item.path)
        kind = spec.distribution if spec else Distribution.PERT
        rows.append({"path": item.path, "label": input_label(item.path),
                     "case_value": input_value(item.base, item.unit, currency),
                     "low": to_percent(low), "high": to_percent(high),
                     "distribution": t(f"risk.distribution.{kind.value}"),
                     "values": f"{input_value(item.low, item.unit, currency)} – "
                               f"{input_value(item.high, item.unit, currency)}"})
    return rows


def _ranges_edit(columns: dict[str, str], rows: Rows, _before: Rows) -> bool:
    """Every shown input gets an explicit range (so row n of the table is range n: errors name the row);
    ranges of inputs not shown (a driver switched off) are kept after them."""
    shown = [row | {bound: None if row[bound] is None else from_percent(row[bound]) for bound in ("low", "high")}
             for _, row in rows]
    named = unlabelled([d.value for d in Distribution], lambda d: t(f"risk.distribution.{d}"))  # viewer's language
    shown = [row | {"distribution": named(row["distribution"])} for row in shown]
    items = ranges_after_edit(get_case(), shown)
    return commit_items("risk.ranges", items, {"low": columns["low"], "high": columns["high"],
                                               "distribution": columns["distribution"]}, redraw=False)


def ranges_editor(case: Case) -> None:
    """The table of input ranges: low and high in % of the case value, and the distribution."""
    columns = {c: t("risk.input") if c == "label" else t(f"risk.{c}") for c in RANGE_COLUMNS}
    rows = _range_rows(case)
    column = st.column_config
    percents = [number(row[b], "0.0") + " %" for row in rows for b in ("low", "high") if row[b] is not None]
    names = [t(f"risk.distribution.{d.value}") for d in Distribution]

    def width(name: str, cells: list[str], **limits: Any) -> int:
        return column_width(cells, columns[name], **limits)

    with wide_table("ranges"):
        table_editor("risk.ranges", "ranges", rows, list(rows[0]) if rows else list(columns),
                     new_row=lambda _n: {}, on_rows=lambda edited, before: _ranges_edit(columns, edited, before),
                     num_rows="fixed", hide_index=True, width="content", column_order=list(columns),
                       disabled=["label", "case_value", "values"], column_config={
                           "label": column.TextColumn(columns["label"], pinned=True, width=width(
                               "label", [row["label"] for row in rows], minimum=140, maximum=184, editable=False)),
                           "case_value": column.TextColumn(columns["case_value"], width=width(
                               "case_value", [row["case_value"] for row in rows], maximum=110, editable=False)),
                           "low": column.NumberColumn(columns["low"], min_value=-100.0, max_value=0.0, step=5.0,
                                                      format="%.1f %%", help=t("risk.low.help"),
                                                      width=width("low", percents)),
                           "high": column.NumberColumn(columns["high"], min_value=0.0, max_value=1000.0, step=5.0,
                                                       format="%.1f %%", help=t("risk.high.help"),
                                                       width=width("high", percents)),
                           "distribution": column.SelectboxColumn(columns["distribution"], options=names,
                                                                  required=True, help=t("risk.distribution.help"),
                                                                  width=width("distribution", names)),
                           "values": column.TextColumn(columns["values"], help=t("risk.values.help"), width=width(
                               "values", [row["values"] for row in rows], maximum=200, editable=False)),
                       })
    if message := editor_error("risk.ranges"):
        st.error(literal(message), icon=":material/block:")


# --------------------------------------------------------------------------- value of information
def information_view(mc: Any, total: Estimate, inputs: pd.DataFrame, basis: str, currency: str) -> None:
    """The expected value of perfect information (EVPI) in one sentence; the value of learning each input
    (EVPPI, :func:`crm_case.voi.evppi_table`) ranked in a chart with its 95 % interval, and a sentence for each of
    the top three. Inputs worth nothing (under half a currency unit, shown as 0) are not drawn; when none is worth
    anything, a note says why."""
    error = money(Z95 * total.standard_error, currency)
    if total.value >= 0.5:
        st.markdown(t("risk.evpi", value=money(total.value, currency)),
                    help=t("risk.evpi.help", error=error, runs=number(mc.count)))
    else:
        st.markdown(t("risk.evpi.none"), help=t("risk.evpi.help", error=error, runs=number(mc.count)))
    worth = inputs[inputs["evppi"] >= 0.5].head(SHOWN_INPUTS)
    if worth.empty:
        st.info(t("risk.evppi.none" if total.value < 0.5 else "risk.evppi.none_alone"), icon=":material/info:")
        return
    frame = pd.DataFrame({
        "label": [input_label(p) for p in worth["path"]],
        "value": worth["evppi"].astype(float),
        "low": (worth["evppi"] - Z95 * worth["standard_error"]).clip(lower=0.0).astype(float),
        "high": (worth["evppi"] + Z95 * worth["standard_error"]).astype(float),
        "text": [money(v, currency, compact=True) for v in worth["evppi"]]})
    show_chart(f"risk.evppi:{basis}", lambda: information_bars(frame, labels={
        "axis": t("risk.evppi.axis", currency=symbol(currency)), "input": t("risk.input"),
        "low": t("risk.evppi.low"), "high": t("risk.evppi.high")}, currency=currency))
    st.caption(t("risk.evppi.caption"))
    lines = [t("risk.evppi.top", input=input_name(row.path), value=money(row.evppi, currency),
               error=money(Z95 * row.standard_error, currency)) for row in worth.head(3).itertuples()]
    st.markdown("\n".join(f"- {line}" for line in lines))


# --------------------------------------------------------------------------- the pilot
PILOT_AMOUNTS = ("cost", "stop_cost")
"""The pilot's money fields: typed as text that shows thousands separators (:func:`ui.format.number_text`) and read
with the validated parser of every amount input (:func:`ui.format.read_number`)."""


def _pilot_values(prefix: str) -> dict[str, Any]:
    """The form's fields as the pilot's values; a money field that cannot be read is refused with its label, the
    other fields' problems are the model's (all of them said at once)."""
    read = st.session_state
    values = {"months": read[f"{prefix}:months"], "users": read[f"{prefix}:users"],
              "reveals": list(read[f"{prefix}:reveals"]), "spread": read[f"{prefix}:spread"]}
    problems = []
    for name in PILOT_AMOUNTS:
        try:
            values[name] = read_number(read[f"{prefix}:{name}"])
        except CrmCaseError as error:
            problems.append(f"{label_of(f'risk.pilot.{name}')}: {localized(error)}")
    if problems:
        raise CrmCaseError(problems)
    return values


def _save_pilot(prefix: str, drawn_for: str) -> None:
    """The form's button: the pilot as typed becomes the case's (validated: a refused field is said under the
    form and the case stays as it was)."""
    if drawn_for != generation():
        return  # a form drawn before the case was replaced
    try:
        case = with_values(get_case(), {"risk.pilot": _pilot_values(prefix)})
    except CrmCaseError as error:
        st.session_state[PILOT_ERROR] = [_pilot_problem(p) for p in error.problems]
    else:
        st.session_state.pop(PILOT_ERROR, None)
        set_case(case)


def _pilot_problem(problem: str) -> str:
    """A refused pilot field named by its label in the form ("Inputs the pilot measures: must name..."), never by
    its path in the case (``risk.pilot.reveals``)."""
    if isinstance(problem, Message) and problem.key == "engine.validation.problem":
        where = str(problem.values["where"])
        if where.startswith("risk.pilot."):
            return f"{label_of(where)}: {localized(problem.values['what'])}"
    return localized(problem)


def _remove_pilot(drawn_for: str) -> None:
    if drawn_for == generation():
        st.session_state.pop(PILOT_ERROR, None)
        set_case(with_values(get_case(), {"risk.pilot": None}))


def pilot_form(case: Case, options: list[str]) -> None:
    """The pilot's description (cost, months, users, the inputs it measures, the cost of stopping, the spread
    between users), saved into the case by its button; "Remove the pilot" when there is one. ``options``: the risk
    inputs it may measure, in the order offered (the first two are proposed for a new pilot)."""
    pilot = case.risk.pilot
    values = pilot.model_dump() if pilot else NEW_PILOT | {"reveals": options[:2]}
    options = list(dict.fromkeys([*options, *values["reveals"]]))
    drawn_for = generation()
    prefix = f"pilot:{drawn_for}:{hash(pilot)}"  # a new form (the case's values) whenever the case's pilot changes
    with st.form(f"{prefix}:form", border=True):
        first, second, third = st.columns(3)
        unit = f" ({symbol(case.assumptions.currency)})"  # money typed without its symbol: the label says which
        first.text_input(label_of("risk.pilot.cost") + unit, value=number_text(values["cost"]), key=f"{prefix}:cost",
                         help=help_of("risk.pilot.cost"))
        second.number_input(label_of("risk.pilot.months"), min_value=1, max_value=24, value=int(values["months"]),
                            step=1, key=f"{prefix}:months", help=help_of("risk.pilot.months"))
        third.number_input(label_of("risk.pilot.users"), min_value=1, value=int(values["users"]), step=1,
                           key=f"{prefix}:users", help=help_of("risk.pilot.users"))
        st.multiselect(label_of("risk.pilot.reveals"), options, default=list(values["reveals"]),
                       format_func=labelled(options, input_label), key=f"{prefix}:reveals",
                       help=help_of("risk.pilot.reveals"))
        first, second, _ = st.columns(3)
        first.text_input(label_of("risk.pilot.stop_cost") + unit, value=number_text(values["stop_cost"]),
                         key=f"{prefix}:stop_cost", help=help_of("risk.pilot.stop_cost"))
        second.number_input(label_of("risk.pilot.spread"), min_value=0.0, max_value=5.0, value=float(values["spread"]),
                             step=0.05, format="%.2f", key=f"{prefix}:spread", help=help_of("risk.pilot.spread"))
        st.form_submit_button(t("risk.pilot.save" if pilot else "risk.pilot.add"), type="primary",
                              icon=":material/science:", on_click=_save_pilot, args=(prefix, drawn_for))
    for problem in st.session_state.get(PILOT_ERROR, []):
        st.error(problem, icon=":material/block:")
    if pilot:
        st.button(t("risk.pilot.remove"), icon=":material/delete:", on_click=_remove_pilot, args=(drawn_for,))


def path_names(months_waited: int) -> dict[str, str]:
    """Each course of action of :data:`crm_case.voi.PATHS` as the viewer reads it."""
    count = "one" if months_waited == 1 else "many"
    return {path: t(f"risk.path.wait.{count}" if path == "wait" else f"risk.path.{path}", months=months_waited)
            for path in PATHS}


def paths_view(analysis: PilotAnalysis, basis: str, currency: str) -> None:
    """The four courses of action side by side: one chart (expected NPV, P10 to P90) and one table (expected NPV,
    P(NPV > 0), P10, P90), the best one named, and the pilot's value as an option (TEI's flexibility)."""
    names = path_names(analysis.pilot.months)
    table = analysis.table().set_index("path")
    best = analysis.best
    frame = pd.DataFrame({
        "name": [names[p] for p in PATHS], "expected": table["expected_npv"].astype(float),
        "p10": table["p10"].astype(float), "p90": table["p90"].astype(float),
        "chance": [chance(v) for v in table["probability_positive"]],
        "text": [money(v, currency, compact=True) for v in table["expected_npv"]]})
    show_chart(f"risk.paths:{basis}", lambda: path_ranges(frame, labels={
        "axis": t("risk.paths.axis", currency=symbol(currency)), "name": t("risk.paths.path"),
        "chance": t("risk.p_positive")}, best=names[best], currency=currency))
    st.caption(t("risk.paths.chart_caption"))
    st.dataframe(pd.DataFrame({
        t("risk.paths.path"): [names[p] for p in PATHS],
        t("risk.paths.expected"): [money(table.loc[p, "expected_npv"], currency) for p in PATHS],
        t("risk.p_positive"): [chance(table.loc[p, "probability_positive"]) for p in PATHS],
        "P10": [money(table.loc[p, "p10"], currency) for p in PATHS],
        "P90": [money(table.loc[p, "p90"], currency) for p in PATHS],
    }), hide_index=True)
    st.markdown(t("risk.paths.best", path=names[best], value=money(table.loc[best, "expected_npv"], currency)))
    st.markdown(t("risk.paths.option", value=money(analysis.option_value, currency)),
                help=t("risk.paths.option.help"))
    st.caption(t("risk.paths.caption", share=percent(analysis.expand_share, 0),
                 information=money(analysis.information.value, currency),
                 delay=money(analysis.delay_costs, currency)))
