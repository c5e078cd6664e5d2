"""Projections: assumptions, the TEI yearly table, monthly flows, charts, every figure and how it is computed."""

import pandas as pd
import streamlit as st

from crm_case import BenefitArea, CostCategory, Timing
from crm_case.cashflow import monthly_table, tei_table
from ui.charts import j_curve, yearly_bars
from ui.format import amount_columns, money, months, percent, symbol
from ui.i18n import glossary, group_name, labelled, localized, t
from ui.own_case import irr_warning, start_here
from ui.state import bind, get_case, get_evaluation, percent_input, show_chart, stop_page, view_toggle

MONTHLY_OPEN = "projections-monthly-open"  # the key of the monthly table's expander: its state, open or not

st.title(t("projections.title"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "pv", "roi", "irr", "mirr", "payback", "tei"))
if start_here("analysis"):  # nothing to analyse in an empty case
    stop_page()


# ---- assumptions
with st.container(border=True):
    st.markdown(f"**{t('projections.assumptions')}**")
    c1, c2, c3 = st.columns(3)
    with c1:
        bind(st.text_input, "assumptions.name", max_chars=120)
        bind(st.text_input, "assumptions.currency", max_chars=3)
    with c2:
        bind(st.date_input, "assumptions.start_date", format="YYYY-MM-DD")
        bind(st.slider, "assumptions.horizon_years", min_value=1, max_value=10, step=1)
    with c3:
        percent_input("assumptions.discount_rate", slider=True, max_pct=50.0, step=0.5)
        bind(st.selectbox, "assumptions.timing", options=[v.value for v in Timing], to_widget=lambda v: v.value,
             format_func=labelled([v.value for v in Timing], lambda v: t(f"timing.{v}")))
    risk_adjusted = view_toggle("risk_adjusted", t("projections.risk_toggle"), help=t("projections.risk_help"))

case = get_case()
result = get_evaluation()
figures = result.metrics(risk_adjusted)
currency = case.assumptions.currency
years = case.assumptions.horizon_years
sym = symbol(currency)
view = t("projections.view.adjusted" if risk_adjusted else "projections.view.unadjusted")

# ---- figures
st.subheader(f"{t('projections.figures')} ({view})")
rows = [
    ("npv", money(figures.npv, currency)), ("roi", percent(figures.roi.value, 0)),
    ("irr", percent(figures.irr.value)), ("mirr", percent(figures.mirr.value)),
    ("pv_benefits", money(figures.pv_benefits, currency)), ("pv_costs", money(figures.pv_costs, currency)),
    ("payback", months(figures.payback_months.value)),
    ("discounted_payback", months(figures.discounted_payback_months.value)),
]
for start in (0, 4):
    cols = st.columns(4)
    for column, (key, shown) in zip(cols, rows[start:start + 4], strict=True):
        column.metric(t(f"metric.{key}"), shown, border=True)
names = {"roi": "metric.roi", "irr": "metric.irr", "mirr": "metric.mirr", "payback_months": "metric.payback",
         "discounted_payback_months": "metric.discounted_payback"}
for key, reason in figures.reasons().items():
    st.caption(t("projections.na_reason", metric=t(names.get(key, "metric.npv")), reason=localized(reason)))
irr_warning(figures)

# ---- TEI table
st.subheader(t("projections.tei"))
table = tei_table(result.projection, risk_adjusted=risk_adjusted)
period_columns = ["initial", *[f"year_{k}" for k in range(1, years + 1)], "total", "present_value"]
labels = {"initial": t("table.initial"), "total": t("table.total"), "present_value": t("table.present_value"),
          **{f"year_{k}": t("table.year", n=k) for k in range(1, years + 1)}}
line = [
    (t("table.section.net") if s == "net" else
     f"{t('table.section.' + s)}: {t('table.total').lower() if g == 'Total' else group_name(g)}")
    for s, g in zip(table["section"], table["group"], strict=True)
]
shown = table.drop(columns=["section", "group"]).rename(columns=labels)
shown.insert(0, t("table.line"), line)
st.dataframe(shown, column_config=amount_columns(list(labels.values())), hide_index=True, width="stretch")

# ---- charts
left, right = st.columns(2)
amount_title = t("chart.amount", currency=sym)
with left:
    st.subheader(t("projections.costs_vs_benefits"))
    totals = table[table["group"] == "Total"].set_index("section")
    tidy = pd.DataFrame(
        [{"period": labels[p], "group": t(f"chart.{s}"), "amount": totals.loc[s, p]}
         for p in period_columns[:-2] for s in ("costs", "benefits")]
    )
    colours = {t("chart.costs"): "#D55E00", t("chart.benefits"): "#009E73"}
    show_chart(f"projections.bars:{risk_adjusted}", lambda: yearly_bars(
        tidy, colours=colours, period_title=t("chart.year"), group_title=t("chart.series"), amount_title=amount_title,
        stacked=False, currency=currency))
monthly = monthly_table(result.projection, risk_adjusted=risk_adjusted)
with right:
    st.subheader(t("projections.cumulative"))
    show_chart(f"projections.j_curve:{risk_adjusted}", lambda: j_curve(
        monthly, currency=currency, series=("cumulative_net", "cumulative_discounted_net"),
        labels={"month": t("chart.month"), "amount": t("chart.cumulative", currency=sym),
                "series": t("chart.series"), "go_live": t("chart.go_live"), "break_even": t("chart.break_even"),
                "cumulative_net": t("chart.cumulative_net"),
                "cumulative_discounted_net": t("chart.cumulative_discounted")},
        go_live_month=case.rollout.months_to_go_live, break_even_month=figures.payback_months.value or None),
        inputs=(monthly[["cumulative_net", "cumulative_discounted_net"]], currency, case.rollout.months_to_go_live,
                figures.payback_months.value))

# ---- monthly table
def _monthly_table() -> None:
    money_columns = [c for c in monthly.columns if c not in {"month", "date", "year", "discount_factor", "adoption"}]
    heads = {c: t(f"table.{c}") if c in {"costs", "benefits", "net", "cumulative_net", "discounted_net",
                                         "cumulative_discounted_net", "discount_factor", "adoption"}
             else c for c in monthly.columns}
    heads |= {f"cost_{c.value.lower()}": f"{t('table.costs')}: {group_name(c.value)}" for c in CostCategory}
    heads |= {f"benefit_{a.value.lower()}": f"{t('table.benefits')}: {group_name(a.value)}" for a in BenefitArea}
    heads |= {"month": t("table.month"), "date": t("table.date"), "year": t("chart.year")}
    frame = monthly.assign(date=monthly["date"].dt.strftime("%Y-%m"), adoption=monthly["adoption"] * 100)
    config = amount_columns([heads[c] for c in money_columns]) | {
        heads["discount_factor"]: st.column_config.NumberColumn(heads["discount_factor"], format="%.4f"),
        heads["adoption"]: st.column_config.NumberColumn(heads["adoption"], format="%.0f %%"),
    }
    st.dataframe(frame.rename(columns=heads), column_config=config, hide_index=True, width="stretch", height=420)


# drawn only while open (opening it reruns the page): its 12 rows a year of some 20 columns are not built and sent
# on every change
monthly_box = st.expander(t("projections.monthly"), key=MONTHLY_OPEN, on_change="rerun")
if monthly_box.open:
    with monthly_box:
        _monthly_table()

with st.expander(t("projections.how")):
    st.markdown(t("how.body"))
