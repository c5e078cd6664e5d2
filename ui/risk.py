"""The Risk page's parts: scenarios, the tornado with its break-even sentences, the Monte Carlo histograms and
quantiles, and the table of input ranges. Every figure comes from :mod:`crm_case.risk`; these helpers draw."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from crm_case import Case, from_percent, to_percent
from crm_case.model import Distribution, default_range
from crm_case.risk import ranges_after_edit, risk_inputs
from ui.charts import histogram, share_bars, value_bars
from ui.format import input_value, money, months, number, percent, symbol
from ui.i18n import input_label, input_name, t, unlabelled
from ui.state import commit_items, editor_error, editor_version, get_case, show_chart
from ui.story import sensitivity_chart
from ui.text import literal

# break-even sentence by (NPV positive now, break-even above the case value)
SENTENCES = {(True, True): "risk.breakeven.falls.up", (True, False): "risk.breakeven.falls.down",
             (False, True): "risk.breakeven.turns.up", (False, False): "risk.breakeven.turns.down"}
RANGE_COLUMNS = ("label", "case_value", "low", "high", "distribution", "low_value", "high_value")


def figure(value: Any) -> Any:
    """None for a figure that does not exist (a NaN in a table)."""
    return None if value is None or value != value else value


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
    with right:
        st.dataframe(pd.DataFrame({
            t("risk.figure"): [t("metric.npv"), t("metric.roi"), t("metric.irr"), t("metric.payback"),
                               t("metric.pv_costs"), t("metric.pv_benefits")],
            **{names[s]: [money(f["npv"], currency), percent(figure(f["roi"]), 0), percent(figure(f["irr"])),
                          months(figure(f["payback_months"])) if figure(f["payback_months"]) is not None else beyond,
                          money(f["pv_costs"], currency), money(f["pv_benefits"], currency)]
               for s, f in figures.iterrows()},
        }), hide_index=True)
        with st.expander(t("risk.scenarios.values")):
            values = result.values
            st.dataframe(pd.DataFrame({
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
        st.dataframe(pd.DataFrame(rows), hide_index=True)
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
                     "low_value": input_value(item.low, item.unit, currency),
                     "high_value": input_value(item.high, item.unit, currency)})
    return rows


def _ranges_edit(key: str, rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
    """Every shown input gets an explicit range (so row n of the table is range n: errors name the row);
    ranges of inputs not shown (a driver switched off) are kept after them."""
    edited = st.session_state[key].get("edited_rows", {})
    shown = []
    for index, row in enumerate(rows):
        row = row | edited.get(index, edited.get(str(index), {}))
        shown.append(row | {bound: None if row[bound] is None else from_percent(row[bound])
                            for bound in ("low", "high")})
    named = unlabelled([d.value for d in Distribution], lambda d: t(f"risk.distribution.{d}"))  # viewer's language
    shown = [row | {"distribution": named(row["distribution"])} for row in shown]
    items = ranges_after_edit(get_case(), shown)
    commit_items("risk.ranges", items, {"low": columns["low"], "high": columns["high"],
                                        "distribution": columns["distribution"]})


def ranges_editor(case: Case) -> None:
    """The table of input ranges: low and high in % of the case value, and the distribution."""
    columns = {c: t("risk.input") if c == "label" else t(f"risk.{c}") for c in RANGE_COLUMNS}
    rows = _range_rows(case)
    key = f"editor:ranges:{editor_version('risk.ranges')}"
    column = st.column_config
    st.data_editor(pd.DataFrame(rows), key=key, num_rows="fixed", hide_index=True, width="stretch",
                   on_change=_ranges_edit, args=(key, rows, columns), column_order=list(columns),
                   disabled=["label", "case_value", "low_value", "high_value"], column_config={
                       "label": column.TextColumn(columns["label"], width="large"),
                       "case_value": column.TextColumn(columns["case_value"]),
                       "low": column.NumberColumn(columns["low"], min_value=-100.0, max_value=0.0, step=5.0,
                                                  format="%.1f %%", help=t("risk.low.help")),
                       "high": column.NumberColumn(columns["high"], min_value=0.0, max_value=1000.0, step=5.0,
                                                   format="%.1f %%", help=t("risk.high.help")),
                       "distribution": column.SelectboxColumn(
                           columns["distribution"], options=[t(f"risk.distribution.{d.value}") for d in Distribution],
                           required=True, help=t("risk.distribution.help")),
                       "low_value": column.TextColumn(columns["low_value"]),
                       "high_value": column.TextColumn(columns["high_value"]),
                   })
    if message := editor_error("risk.ranges"):
        st.error(literal(message), icon=":material/block:")
