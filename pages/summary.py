"""Executive summary: the headline figures of the case."""

import streamlit as st

from crm_case import evaluate
from ui.format import money, months, percent
from ui.state import get_case

case = get_case()
result = evaluate(case)
adjusted, unadjusted = result.adjusted, result.unadjusted
currency = case.assumptions.currency

st.title("Executive summary")
st.caption(
    f"{case.assumptions.horizon_years}-year business case from {case.assumptions.start_date:%B %Y}, "
    f"discounted at {percent(case.assumptions.discount_rate, 0)}; risk-adjusted, unadjusted in the help."
)
columns = st.columns(4)
columns[0].metric("NPV", money(adjusted.npv, currency), help=f"Unadjusted: {money(unadjusted.npv, currency)}")
columns[1].metric("ROI", percent(adjusted.roi.value, 0), help=f"Unadjusted: {percent(unadjusted.roi.value, 0)}")
columns[2].metric("IRR", percent(adjusted.irr.value), help=f"Unadjusted: {percent(unadjusted.irr.value)}")
columns[3].metric(
    "Payback", months(adjusted.payback_months.value), help=f"Unadjusted: {months(unadjusted.payback_months.value)}"
)
