"""crm-case: the Streamlit router. Pages live in pages/; the case lives in st.session_state."""

from pathlib import Path

import streamlit as st

from crm_case import evaluate
from ui.format import money, months, percent
from ui.state import get_case

HERE = Path(__file__).parent

st.set_page_config(page_title="crm-case", page_icon=":material/insights:", layout="wide")

pages = {
    "Case": [
        st.Page(HERE / "pages" / "summary.py", title="Executive summary", icon=":material/dashboard:", default=True),
    ],
}
navigation = st.navigation(pages)

case = get_case()
result = evaluate(case).adjusted
with st.sidebar:
    st.subheader(case.assumptions.name)
    st.caption(f"Amounts in {case.assumptions.currency}, risk-adjusted")
    st.metric("NPV", money(result.npv, case.assumptions.currency, compact=True))
    st.metric("ROI", percent(result.roi.value, 0))
    st.metric("Payback", months(result.payback_months.value))

navigation.run()
