"""Executive summary: headline figures, the J-curve, costs and benefits at a glance, and a verdict."""

import pandas as pd
import streamlit as st

from crm_case.cashflow import monthly_table
from crm_case.delay import analyse_delay
from crm_case.risk import monte_carlo
from crm_case.scoring import readiness, score
from ui.charts import AREA_COLOURS, CATEGORY_COLOURS, group_bars, j_curve
from ui.format import money, months, percent, symbol
from ui.i18n import t
from ui.state import cached, get_case, get_evaluation, show_chart

case = get_case()
result = get_evaluation()
adjusted, unadjusted = result.adjusted, result.unadjusted
a = case.assumptions
currency = a.currency
years = a.horizon_years
rate = percent(a.discount_rate, 0)

st.title(t("summary.title"))
st.caption(t("summary.caption", years=years, start=f"{a.start_date:%B %Y}", rate=rate))


def _headline(column, key: str, shown: str, context: str, help_key: str, **help_values) -> None:
    column.metric(
        t(f"metric.{key}"), shown, delta=t("metric.unadjusted", value=context), delta_color="off",
        delta_arrow="off", help=t(help_key, **help_values), border=True,
    )


cols = st.columns(4)
_headline(cols[0], "npv", money(adjusted.npv, currency), money(unadjusted.npv, currency), "metric.help.npv", rate=rate)
_headline(cols[1], "roi", percent(adjusted.roi.value, 0), percent(unadjusted.roi.value, 0), "metric.help.roi")
_headline(cols[2], "irr", percent(adjusted.irr.value), percent(unadjusted.irr.value), "metric.help.irr")
_headline(cols[3], "payback", months(adjusted.payback_months.value), months(unadjusted.payback_months.value),
          "metric.help.payback")

delay = case.delay.delay_months or 1
delay_cost = analyse_delay(case, result.projection).per_month(delay)
second = st.columns(4)
second[0].metric(t("summary.delay"), money(delay_cost, currency), delta=t("summary.delay.per", months=delay),
               delta_color="off", delta_arrow="off", help=t("summary.delay.help", months=delay), border=True)

scored = score(case.scoring)
second[1].metric(t("summary.verdict"), t(f"summary.verdict.value.{scored.verdict}", margin=f"{scored.margin:.1f}"),
                 delta=t(f"summary.verdict.side.{scored.verdict}"), delta_color="off", delta_arrow="off",
                 help=t("summary.verdict.help"), border=True)
ready = readiness(case)
second[2].metric(t("summary.readiness"), f"{ready.index:.0f} / 100", border=True,
                 help=t("summary.readiness.help", areas=", ".join(t(f"readiness.area.{a}").lower()
                                                                 for a in ready.weakest)))

simulation = cached("monte_carlo:adjusted", monte_carlo)
spread = simulation.quantiles().set_index("metric").loc["npv"]
second[3].metric(t("summary.p_positive"), percent(simulation.probability_positive, 0), border=True,
                 delta=t("summary.p_positive.range", low=money(spread["p10"], currency, compact=True),
                         high=money(spread["p90"], currency, compact=True)), delta_color="off", delta_arrow="off",
                 help=t("summary.p_positive.help", runs=f"{simulation.count:,}"))

# ---- verdict
totals = result.projection.component_totals()
benefits = totals[totals["kind"] == "benefit"]
payback = adjusted.payback_months.value
parts = [
    t("verdict.payback", months=f"{payback:.0f}") if payback is not None else t("verdict.no_payback", years=years),
    t("verdict.npv", years=years, npv=money(adjusted.npv, currency, compact=True), rate=rate),
]
if len(benefits) and benefits["total"].iloc[0] > 0:
    top = benefits.iloc[0]
    parts.append(t("verdict.largest", name=top["name"].lower(), amount=money(top["total"], currency, compact=True),
                   years=years))
else:
    parts.append(t("verdict.no_benefit"))
if delay_cost:
    parts.append(t("verdict.delay", amount=money(delay_cost, currency, compact=True)))
st.info("; ".join(parts) + ".", icon=":material/gavel:")

# ---- J-curve
st.subheader(t("summary.jcurve"))
monthly = monthly_table(result.projection)
sym = symbol(currency)
show_chart("summary.j_curve", lambda: j_curve(
        monthly,
        currency=currency,
        labels={
            "month": t("chart.month"), "amount": t("chart.cumulative", currency=sym), "series": t("chart.series"),
            "go_live": t("chart.go_live"), "break_even": t("chart.break_even"),
            "cumulative_net": t("chart.cumulative_net"),
        },
        go_live_month=case.rollout.months_to_go_live,
        break_even_month=payback if payback else None,
    ),
)

# ---- costs by category, benefits by area
left, right = st.columns(2)
amount_title = t("chart.amount", currency=sym)
for column, kind, colours, title, group_title in (
    (left, "cost", CATEGORY_COLOURS, "summary.costs_by_category", "chart.category"),
    (right, "benefit", AREA_COLOURS, "summary.benefits_by_area", "chart.area"),
):
    groups = result.projection.by_group(kind)
    frame = pd.DataFrame({"group": list(groups), "amount": [float(v.sum()) for v in groups.values()]})
    column.subheader(t(title))
    show_chart(f"summary.{kind}", lambda frame=frame, colours=colours, group_title=group_title: group_bars(
        frame, colours=colours, currency=currency, group_title=t(group_title), amount_title=amount_title),
        container=column)
st.caption(t("summary.totals_caption", years=years))
