"""Risk: how sure is the NPV? Scenarios, the sensitivity tornado, break-even values and a Monte Carlo simulation,
all driven by one table of input ranges."""

import numpy as np
import pandas as pd
import streamlit as st

from crm_case.model import Distribution, default_range
from crm_case.risk import break_even, monte_carlo, risk_inputs, scenarios, tornado
from ui.charts import histogram, share_bars, value_bars
from ui.format import chance, input_value, money, months, percent, symbol
from ui.i18n import input_label, input_name, t
from ui.own_case import start_here
from ui.state import (
    bind,
    cached,
    commit_items,
    editor_error,
    editor_version,
    get_case,
    show_chart,
    stop_page,
    view_toggle,
)
from ui.story import sensitivity_chart
from ui.text import literal

# break-even sentence by (NPV positive now, break-even above the case value)
SENTENCES = {(True, True): "risk.breakeven.falls.up", (True, False): "risk.breakeven.falls.down",
             (False, True): "risk.breakeven.turns.up", (False, False): "risk.breakeven.turns.down"}

case = get_case()
currency = case.assumptions.currency
sym = symbol(currency)

st.title(t("risk.title"))
st.caption(t("risk.caption"))
if start_here("analysis"):  # nothing to analyse in an empty case
    stop_page()

adjusted = view_toggle("risk_adjusted", t("risk.adjusted"), help=t("risk.adjusted.help"))
basis = "adjusted" if adjusted else "unadjusted"


def _simulate(c):
    if c.risk.runs <= 20_000:
        return monte_carlo(c, risk_adjusted=adjusted)
    bar = st.progress(0.0, text=t("risk.mc.running", runs=f"{c.risk.runs:,}"))
    result = monte_carlo(c, risk_adjusted=adjusted, progress=lambda share: bar.progress(share))
    bar.empty()
    return result


mc = cached(f"monte_carlo:{basis}", _simulate)
table = cached(f"tornado:{basis}", lambda c: tornado(c, risk_adjusted=adjusted))
quantiles = mc.quantiles().set_index("metric")
drivers = mc.drivers

# ---- the key message
top = [input_name(p) for p in drivers["path"].head(2)]
p_positive = mc.probability_positive
message = t("risk.message", p=chance(p_positive)) + (
    t("risk.message.hinges", inputs=t("risk.and").join(top)) if top else "") + "."
st.markdown(f"## {message}")

cols = st.columns(4)
cols[0].metric(t("risk.p_positive"), chance(p_positive), border=True, help=t("risk.p_positive.help",
                                                                                 runs=f"{mc.count:,}"))
for column, q in zip(cols[1:], ("p10", "p50", "p90")):
    column.metric(t(f"risk.{q}"), money(quantiles.loc["npv", q], currency), border=True, help=t(f"risk.{q}.help"))
beyond = t("risk.beyond", years=case.assumptions.horizon_years)


def _figure(value):
    """None for a figure that does not exist (a NaN in a table)."""
    return None if value is None or value != value else value


# ---- scenarios
st.subheader(t("risk.scenarios"))
st.caption(t("risk.scenarios.caption"))
result = cached("scenarios", scenarios)
figures = result.figures(adjusted).set_index("scenario")
left, right = st.columns([2, 3])
with left:
    names = {s: t(f"risk.scenario.{s}") for s in figures.index}
    frame = pd.DataFrame({"name": [names[s] for s in figures.index], "value": figures["npv"].astype(float),
                          "text": [money(v, currency, compact=True) for v in figures["npv"]]})
    show_chart(f"risk.scenarios:{basis}", lambda: value_bars(
        frame, labels={"axis": t("risk.npv_axis", currency=sym), "name": t("risk.scenario")},
                               colours={names["pessimistic"]: "#D55E00", names["base"]: "#0072B2",
                                        names["optimistic"]: "#009E73"}, height=280))
with right:
    shown = pd.DataFrame({
        t("risk.figure"): [t("metric.npv"), t("metric.roi"), t("metric.irr"), t("metric.payback"),
                           t("metric.pv_costs"), t("metric.pv_benefits")],
        **{names[s]: [money(f["npv"], currency), percent(_figure(f["roi"]), 0), percent(_figure(f["irr"])),
                      months(_figure(f["payback_months"])) if _figure(f["payback_months"]) is not None else beyond,
                      money(f["pv_costs"], currency), money(f["pv_benefits"], currency)]
           for s, f in figures.iterrows()},
    })
    st.dataframe(shown, hide_index=True)
    with st.expander(t("risk.scenarios.values")):
        values = result.values
        st.dataframe(pd.DataFrame({
            t("risk.input"): [input_label(p) for p in values["path"]],
            **{names[s]: [input_value(v, u, currency) for v, u in zip(values[s], values["unit"])]
               for s in ("pessimistic", "base", "optimistic")},
        }), hide_index=True)

# ---- tornado and break-even
st.subheader(t("risk.tornado"))
st.caption(t("risk.tornado.caption"))
if table.empty:
    st.info(t("risk.no_inputs"))
else:
    base_npv = result.evaluations["base"].metrics(adjusted).npv
    show_chart(f"risk.tornado:{basis}", lambda: sensitivity_chart(table, base=base_npv, currency=currency, rows=15))
    if len(table) > 15:
        st.caption(t("risk.tornado.more", count=len(table) - 15))

    st.markdown(f"**{t('risk.breakeven')}**")
    even = cached(f"break_even:{basis}", lambda c: break_even(c, risk_adjusted=adjusted))
    npv_positive = even["npv_base"].iloc[0] > 0 if len(even) else True
    lines = []
    for row in even.head(8).itertuples():
        name = input_name(row.path)
        base_text = input_value(row.base, row.unit, currency)
        if np.isnan(row.value):
            key = "risk.breakeven.none.positive" if npv_positive else "risk.breakeven.none.negative"
            lines.append(t(key, input=name, low=input_value(row.searched_low, row.unit, currency),
                           high=input_value(row.searched_high, row.unit, currency)))
        else:
            key = SENTENCES[(bool(npv_positive), bool(row.value > row.base))]
            # a rate or share moves in points (10 % -> 36.5 % is +26.5 points, not +265 %); anything else in %
            change = (t("risk.points", value=f"{abs(row.value - row.base) * 100:.1f}")
                      if row.unit in {"fraction", "rate"} else percent(abs(row.change), 0))
            lines.append(t(key, input=name, base=base_text, value=input_value(row.value, row.unit, currency),
                           change=change))
    st.markdown("\n".join(f"- {line}" for line in lines))

# ---- Monte Carlo
st.subheader(t("risk.mc"))
st.caption(t("risk.mc.caption", runs=f"{mc.count:,}", seed=mc.seed))
left, right = st.columns([3, 2])
with left:
    marks = {f"P{int(q * 100)}": quantiles.loc["npv", f"p{int(q * 100)}"] for q in (0.1, 0.5, 0.9)}
    show_chart(f"risk.npv_histogram:{basis}", lambda: histogram(mc.runs.npv, marks=marks, labels={
        "axis": t("risk.npv_axis", currency=sym), "share": t("risk.share_runs"), "from": t("risk.from"),
        "to": t("risk.to"), "runs": t("risk.runs")}))
with right:
    st.markdown(f"**{t('risk.spread')}**")
    spread = drivers.head(8).assign(label=[input_label(p) for p in drivers["path"].head(8)])
    if spread.empty:
        st.info(t("risk.no_spread"))
    else:
        show_chart(f"risk.spread:{basis}", lambda: share_bars(spread, labels={
            "axis": t("risk.spread.axis"), "input": t("risk.input"),
                                                   "rho": t("risk.rho")}, height=40 + 32 * len(spread)))
        st.caption(t("risk.spread.caption"))

left, right = st.columns([3, 2])
with left:
    irr = mc.runs.irr
    q = quantiles.loc["irr"]
    show_chart(f"risk.irr_histogram:{basis}", lambda: histogram(
        irr, marks={"P10": q["p10"], "P50": q["p50"], "P90": q["p90"]}, money=False, labels={
        "axis": t("risk.irr_axis"), "share": t("risk.share_runs"), "from": t("risk.from"), "to": t("risk.to"),
        "runs": t("risk.runs")}, height=260))
    if q["defined"] < 1:
        st.caption(t("risk.irr.undefined", share=percent(1 - q["defined"], 1)))
with right:
    rows = []
    for key, fmt in (("npv", lambda v: money(_figure(v), currency)), ("roi", lambda v: percent(_figure(v), 0)),
                     ("irr", lambda v: percent(_figure(v))),
                     ("payback_months", lambda v: beyond if np.isnan(v) else months(v))):
        row = quantiles.loc[key]
        rows.append({t("risk.figure"): t(f"risk.metric.{key}"), "P10": fmt(row["p10"]), "P50": fmt(row["p50"]),
                     "P90": fmt(row["p90"])})
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(t("risk.quantiles.caption"))
    st.download_button(t("risk.download"), data=lambda result=mc: result.table().to_csv(index=False),
                       file_name="crm-case-monte-carlo-runs.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", help=t("risk.download.help"))

# ---- settings: ranges, runs and seed
st.subheader(t("risk.ranges"))
st.caption(t("risk.ranges.caption"))
inputs = risk_inputs(case)
given = {r.path: r for r in case.risk.ranges}
columns = {"label": t("risk.input"), "case_value": t("risk.case_value"), "low": t("risk.low"), "high": t("risk.high"),
           "distribution": t("risk.distribution"), "low_value": t("risk.low_value"), "high_value": t("risk.high_value")}


def _row(item) -> dict:
    spec = given.get(item.path)
    low, high = (spec.low, spec.high) if spec else default_range(item.path)
    return {"path": item.path, "label": input_label(item.path),
            "case_value": input_value(item.base, item.unit, currency),
            "low": round(low * 100, 6), "high": round(high * 100, 6),
            "distribution": (spec.distribution if spec else Distribution.PERT).value,
            "low_value": input_value(item.low, item.unit, currency),
            "high_value": input_value(item.high, item.unit, currency)}


rows = [_row(i) for i in inputs]


def _ranges_edit(key: str) -> None:
    """Every shown input gets an explicit range (so row n of the table is range n: errors name the row);
    ranges of inputs not shown (a driver switched off) are kept after them."""
    edited = st.session_state[key].get("edited_rows", {})
    shown = {row["path"] for row in rows}
    items = []
    for index, row in enumerate(rows):
        row = row | edited.get(index, edited.get(str(index), {}))
        items.append({"path": row["path"], "low": None if row["low"] is None else row["low"] / 100.0,
                      "high": None if row["high"] is None else row["high"] / 100.0,
                      "distribution": row["distribution"]})
    items += [r.model_dump(mode="json") for r in get_case().risk.ranges if r.path not in shown]
    commit_items("risk.ranges", items, {"low": columns["low"], "high": columns["high"],
                                        "distribution": columns["distribution"]})


key = f"editor:ranges:{editor_version('risk.ranges')}"
st.data_editor(pd.DataFrame(rows), key=key, num_rows="fixed", hide_index=True, width="stretch",
               on_change=_ranges_edit, args=(key,), column_order=list(columns), disabled=["label", "case_value",
                                                                                          "low_value", "high_value"],
               column_config={
                   "label": st.column_config.TextColumn(columns["label"], width="large"),
                   "case_value": st.column_config.TextColumn(columns["case_value"]),
                   "low": st.column_config.NumberColumn(columns["low"], min_value=-100.0, max_value=0.0, step=5.0,
                                                        format="%.1f %%", help=t("risk.low.help")),
                   "high": st.column_config.NumberColumn(columns["high"], min_value=0.0, max_value=1000.0, step=5.0,
                                                         format="%.1f %%", help=t("risk.high.help")),
                   "distribution": st.column_config.SelectboxColumn(
                       columns["distribution"], options=[d.value for d in Distribution], required=True,
                       help=t("risk.distribution.help")),
                   "low_value": st.column_config.TextColumn(columns["low_value"]),
                   "high_value": st.column_config.TextColumn(columns["high_value"]),
               })
if message := editor_error("risk.ranges"):
    st.error(literal(message), icon=":material/block:")
left, right, _ = st.columns([1, 1, 2])
bind(st.number_input, "risk.runs", container=left, label=t("risk.runs_input"), min_value=100, max_value=100_000,
     step=1_000, help=t("risk.runs_input.help"))
bind(st.number_input, "risk.seed", container=right, label=t("risk.seed"), min_value=0, max_value=2**32 - 1, step=1,
     help=t("risk.seed.help"))
