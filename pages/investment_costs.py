"""Investment: cost line items, TCO per category and year, and the hidden costs the seeds warn about."""

import streamlit as st

from crm_case import has_content
from crm_case.cashflow import tei_table
from crm_case.costs import costs_with_hidden, missing_hidden_costs
from ui.charts import CATEGORY_COLOURS, yearly_bars
from ui.format import amount_columns, money, symbol
from ui.i18n import group_colours, group_name, t
from ui.items import items_editor
from ui.own_case import empty_hint, sample_notes
from ui.state import commit_items, get_case, get_evaluation, show_chart

case = get_case()
result = get_evaluation()
currency = case.assumptions.currency
years = case.assumptions.horizon_years

st.title(t("investment.title"), help=t("glossary.tco"))  # the abbreviation explained
st.caption(t("investment.caption"))
empty_hint("costs", when=not get_case().costs)

sample_notes("costs", "rollout")

st.subheader(t("investment.items"))
items_editor("costs")

def _tco() -> None:
    """The total cost of ownership: per category and year, and charted."""
    # ---- TCO
    st.subheader(t("investment.tco"))
    table = tei_table(result.projection)
    costs = table[table["section"] == "costs"].drop(columns="section")
    period_columns = ["initial", *[f"year_{k}" for k in range(1, years + 1)], "total", "present_value"]
    labels = {"group": t("table.category"), "initial": t("table.initial"), "total": t("table.total"),
              "present_value": t("table.present_value"),
              **{f"year_{k}": t("table.year", n=k) for k in range(1, years + 1)}}
    total = costs.set_index("group")
    cols = st.columns(4)
    cols[0].metric(t("investment.tco_total", years=years), money(total.loc["Total", "total"], currency), border=True)
    for column, group in zip(cols[1:], ("IT", "People", "Process"), strict=True):
        column.metric(t("investment.tco_group", group=group_name(group)), money(total.loc[group, "total"], currency),
                      border=True)
    shown = costs.assign(group=[t("table.total") if g == "Total" else group_name(g) for g in costs["group"]])
    shown = shown.rename(columns=labels)
    st.dataframe(shown, column_config=amount_columns([labels[c] for c in period_columns]), hide_index=True,
                 width="stretch")
    components = result.projection.component_totals()
    dip = float(components.loc[components["key"] == "rollout.dip", "total"].sum())
    st.caption(t("investment.tco_caption", currency=currency)
               + (" " + t("investment.tco_dip", dip=money(dip, currency)) if dip else ""))

    tidy = costs[costs["group"] != "Total"].melt(id_vars="group", value_vars=period_columns[:-2], var_name="period",
                                                  value_name="amount")
    tidy["period"] = tidy["period"].map(labels)
    tidy["group"] = tidy["group"].map(group_name)
    st.subheader(t("investment.chart"))
    show_chart("investment.yearly", lambda: yearly_bars(
        tidy, colours=group_colours(CATEGORY_COLOURS), period_title=t("chart.year"), group_title=t("chart.category"),
        amount_title=t("chart.amount", currency=symbol(currency)), currency=currency))


if has_content(case):  # no table and chart of zeros in an empty case
    _tco()

# ---- hidden costs
st.subheader(t("investment.hidden"))
missing = missing_hidden_costs(case)
if not missing:
    st.success(t("investment.hidden.none"), icon=":material/check_circle:")
else:
    st.caption(t("investment.hidden.caption"))
    buttons = st.columns(len(missing))
    for column, key in zip(buttons, missing, strict=True):
        if column.button(t("investment.hidden.add", name=t(f"hidden.{key}")), key=f"hidden:{key}"):
            commit_items("costs", costs_with_hidden(case, key, t(f"hidden.{key}")), {})
            st.rerun()
