"""Cost of delay: what each month of waiting costs, itemised, charted and tied to the NPV."""

import pandas as pd
import streamlit as st

from crm_case import has_content
from crm_case.delay import COMPONENTS, analyse_delay, has_delay_inputs
from ui.charts import simple_bars, stacked_area, waterfall
from ui.format import money, symbol
from ui.i18n import glossary, t
from ui.own_case import empty_hint, sample_notes
from ui.state import bind, get_case, get_evaluation, number_input, percent_input, show_chart
from ui.story import delay_paths_chart
from ui.text import no_math

st.title(t("delay.title"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "pv"))
st.caption(t("delay.caption"))
empty_hint("delay", when=not has_content(get_case()))
sample_notes("delay")
bind(st.slider, "delay.delay_months", min_value=0, max_value=24, step=1)

case = get_case()
analysis = analyse_delay(case, get_evaluation().projection)
delay = case.delay.delay_months
currency = case.assumptions.currency
sym = symbol(currency)
amount_title = t("chart.amount", currency=sym)
names = {name: t(f"delay.part.{name}") for name in COMPONENTS}

def _figures() -> None:
    """The cost of waiting: headline, components and charts."""
    # ---- headline
    if delay:
        headline = t("delay.headline", month=money(analysis.per_month(delay), currency),
                     week=money(analysis.per_week(delay), currency))
        st.markdown(no_math(f"### {headline}"))
    else:
        st.markdown(f"### {t('delay.headline.none')}")
    cols = st.columns(3)
    cols[0].metric(t("delay.total", months=delay), money(analysis.total(delay), currency), border=True)
    cols[1].metric(t("delay.forgone"), money(analysis.components(delay)["forgone_value"], currency), border=True,
                   help=t("delay.forgone.help"))
    cols[2].metric(t("delay.opportunity"), money(analysis.total(delay) - analysis.components(delay)["forgone_value"],
                                                 currency), border=True, help=t("delay.opportunity.help"))

    # ---- charts
    left, right = st.columns(2)
    with left:
        st.subheader(t("delay.waterfall", months=delay))
        parts = pd.DataFrame({"part": [names[n] for n in COMPONENTS],
                              "amount": [analysis.components(delay)[n] for n in COMPONENTS]})
        show_chart("delay.waterfall", lambda: waterfall(parts, total_label=t("delay.total_short"),
                                                        amount_title=amount_title, part_title=t("delay.component"),
                                                        currency=currency))
    with right:
        st.subheader(t("delay.cumulative"))
        tidy = analysis.table.melt(id_vars="delay_months", value_vars=list(COMPONENTS), var_name="series",
                                   value_name="amount").rename(columns={"delay_months": "x"})
        tidy["rank"] = tidy["series"].map({n: i for i, n in enumerate(COMPONENTS)})
        tidy["series"] = tidy["series"].map(names)
        show_chart("delay.cumulative", lambda: stacked_area(
            tidy, x_title=t("delay.months_of_delay"), amount_title=amount_title, series_title=t("delay.component"),
            order=[names[n] for n in COMPONENTS], marker=delay, currency=currency))

    left, right = st.columns(2)
    with left:
        st.subheader(t("delay.paths", months=delay))
        show_chart("delay.paths", lambda: delay_paths_chart(analysis, delay, currency))
        st.caption(t("delay.paths.caption"))
    with right:
        st.subheader(t("delay.urgency"))
        urgency = analysis.urgency().rename(columns={"delay_months": "x", "marginal_cost": "amount"})
        show_chart("delay.urgency", lambda: simple_bars(urgency, x_title=t("delay.extra_month"),
                                                        amount_title=amount_title, marker=delay or None,
                                                        currency=currency))
        st.caption(t("delay.urgency.caption.step" if urgency["discount_step"].any() else "delay.urgency.caption"))


# An empty case with no delay inputs has nothing that waiting could cost: no figures of zero, only the inputs.
if has_content(case) or has_delay_inputs(case):
    _figures()

# ---- inputs
st.subheader(t("delay.inputs"))
st.caption(t("delay.inputs.caption"))
groups = [
    ("delay.group.customers", [("customers_lost_per_month", "count"), ("value_per_lost_customer", "money"),
                               ("customers_at_risk", "count"), ("churn_uplift", "pct"),
                               ("margin_per_customer", "money")]),
    ("delay.group.marketing", [("new_product_revenue_per_month", "money"), ("new_product_shortfall", "pct"),
                               ("campaign_spend_per_month", "money"), ("campaign_waste_share", "pct"),
                               ("waste_growth_per_month", "pct")]),
    ("delay.group.people", [("staff_redeployed", "count"), ("knowledge_replacement_cost", "money"),
                            ("headcount", "count"), ("attrition_rate", "pct"), ("experience_loss_per_leaver", "money"),
                            ("price_increase_per_year", "pct")]),
]
for column, (title, fields) in zip(st.columns(3), groups, strict=True):
    with column.container(border=True):
        st.markdown(f"**{t(title)}**")
        for name, kind in fields:
            path = f"delay.{name}"
            if kind == "pct":
                percent_input(path, step=0.5)
            else:
                number_input(path, step=1 if kind == "count" else 100, unit=sym if kind == "money" else None)
with st.expander(t("delay.how")):
    st.markdown(t("delay.how.body"))
