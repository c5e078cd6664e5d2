"""Executive summary: headline figures, the J-curve, costs and benefits at a glance, and a verdict."""

import streamlit as st

from crm_case import sample_parts
from crm_case.scoring import readiness
from ui.format import chance, joined, money, month_year, months, number, percent, readiness_text, unbroken
from ui.i18n import glossary, t
from ui.own_case import irr_warning, start_here
from ui.state import (
    get_case,
    get_delay,
    get_evaluation,
    get_recommendation,
    get_score,
    show_chart,
    simulation,
    stop_page,
)
from ui.story import group_chart, group_inputs, j_curve_chart, j_curve_inputs, show_recommendation, verdict
from ui.text import literal, no_math

case = get_case()
result = get_evaluation()
adjusted, unadjusted = result.adjusted, result.unadjusted
a = case.assumptions
currency = a.currency
years = a.horizon_years
rate = percent(a.discount_rate, 0)

st.title(t("summary.title"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "roi", "irr", "payback", "tei", "percentiles"))
st.caption(t("summary.caption", years=years, start=month_year(a.start_date), rate=rate))
if start_here():  # an empty case: what to enter first, and no figure that would mean nothing
    stop_page()
# On a phone the columns stack: the verdict and the four headline figures (two a row) come first, then the
# recommendation's reasons and the other figures. On a wider screen the order is the reading order below.
st.html("""<style>
@media (max-width: 640px) {
  [data-testid="stMain"] h1 {font-size: 2rem;}
  .st-key-summary-top > :has(.st-key-summary-verdict), .st-key-summary-top > .st-key-summary-verdict {order: 1;}
  .st-key-summary-top > :has(.st-key-summary-headline), .st-key-summary-top > .st-key-summary-headline {order: 2;}
  .st-key-summary-top > :has(.st-key-summary-recommendation),
  .st-key-summary-top > .st-key-summary-recommendation {order: 3;}
  .st-key-summary-top > :has(.st-key-summary-more), .st-key-summary-top > .st-key-summary-more {order: 4;}
  .st-key-summary-headline [data-testid="stHorizontalBlock"],
  .st-key-summary-more [data-testid="stHorizontalBlock"] {flex-wrap: wrap; gap: 0.5rem;}
  .st-key-summary-headline [data-testid="stColumn"],
  .st-key-summary-more [data-testid="stColumn"] {min-width: calc(50% - 0.25rem); max-width: calc(50% - 0.25rem);
    flex: 1 1 calc(50% - 0.25rem);}
}
</style>""")
top = st.container(key="summary-top")
with top.container(key="summary-recommendation"):
    show_recommendation(st, get_recommendation())
    if held := sample_parts(case):
        st.caption(t("summary.sample", parts=joined(t(f"own.part.{p}") for p in held)))


def _headline(column, key: str, shown: str, context: str, help_key: str, **help_values) -> None:
    column.metric(
        t(f"metric.{key}"), unbroken(shown), delta=t("metric.unadjusted", value=unbroken(context)), delta_color="off",
        delta_arrow="off", help=t(help_key, **help_values), border=True,
    )


headline = top.container(key="summary-headline")
cols = headline.columns(4)
_headline(cols[0], "npv", money(adjusted.npv, currency), money(unadjusted.npv, currency), "metric.help.npv", rate=rate)
_headline(cols[1], "roi", percent(adjusted.roi.value, 0), percent(unadjusted.roi.value, 0), "metric.help.roi")
_headline(cols[2], "irr", percent(adjusted.irr.value), percent(unadjusted.irr.value), "metric.help.irr")
_headline(cols[3], "payback", months(adjusted.payback_months.value), months(unadjusted.payback_months.value),
          "metric.help.payback")

with headline:
    irr_warning(adjusted)

delay = case.delay.delay_months or 1
delay_cost = get_delay().per_month(delay)
second = top.container(key="summary-more").columns(4)
second[0].metric(t("summary.delay"), money(delay_cost, currency), delta=t("summary.delay.per", months=delay),
               delta_color="off", delta_arrow="off", help=t("summary.delay.help", months=delay), border=True)

scored = get_score()  # again only when the scoring changes
if case.scoring.criteria:
    weighed = t(f"summary.verdict.value.{scored.verdict}", margin=number(scored.margin, "0.0"))
    second[1].metric(t("summary.verdict"), weighed,
                     delta=t(f"summary.verdict.side.{scored.verdict}"), delta_color="off", delta_arrow="off",
                     help=t("summary.verdict.help"), border=True)
else:  # no criteria: not weighed, rather than "0 pts, balanced"
    second[1].metric(t("summary.verdict"), t("summary.verdict.none"), help=t("summary.verdict.help"), border=True)
ready = readiness(case)
second[2].metric(t("summary.readiness"), readiness_text(ready), border=True,
                 help=t("summary.readiness.help", areas=joined(t(f"readiness.area.{a}").lower()
                                                                 for a in ready.weakest)) if ready
                 else t("summary.readiness.none"))

simulated = simulation()
spread = simulated.quantiles(("npv",)).set_index("metric").loc["npv"]  # NPV's only: the runs' IRR is not needed
second[3].metric(t("summary.p_positive"), chance(simulated.probability_positive), border=True,
                 delta=no_math(t("summary.p_positive.range", low=unbroken(money(spread["p10"], currency, compact=True)),
                                 high=unbroken(money(spread["p90"], currency, compact=True)))), delta_color="off",
                 delta_arrow="off",
                 help=t("summary.p_positive.help", runs=number(simulated.count)))

# ---- verdict
top.container(key="summary-verdict").info(literal(verdict(case, result, get_delay())), icon=":material/gavel:")

# ---- J-curve
st.subheader(t("summary.jcurve"))
show_chart("summary.j_curve", lambda: j_curve_chart(case, result), inputs=j_curve_inputs(case, result))

# ---- costs by category, benefits by area
left, right = st.columns(2)
for column, kind, title in ((left, "cost", "summary.costs_by_category"),
                            (right, "benefit", "summary.benefits_by_area")):
    column.subheader(t(title))
    show_chart(f"summary.{kind}", lambda kind=kind: group_chart(case, result, kind), container=column,
               inputs=group_inputs(case, result, kind))
st.caption(t("summary.totals_caption", years=years))
