"""Customer value: who brings the profit, what each segment is worth and may cost to win, and what the
relationship returned between two snapshots of the same customers."""

import datetime as dt

import streamlit as st

from crm_case import from_percent, to_percent
from crm_case.customers import analyse, has_customer_figures, summary_update
from ui import customers as view
from ui.format import number
from ui.i18n import t
from ui.own_case import sample_notes
from ui.state import bind, get_case, get_evaluation, set_case, show_message, stop_page

TODAY = dt.date.today()

case = get_case()
currency = case.assumptions.currency
top_share = case.customers.top_share

data = st.session_state.get(view.DATA)
if data is None:
    # A case of one's own (no segments, no figures) starts with no customer data: the sample's rows are offered, not
    # loaded, so nothing of the sample reaches the case unless the user picks it.
    own = not has_customer_figures(case)
    data = {"before": None, "after": None, "source": None, "version": 0} if own else view.sample_data(TODAY)
    st.session_state[view.DATA] = data
before, after = data["before"], data.get("after")

st.title(t("customers.title"), help=t("glossary.clv"))  # the abbreviation explained
st.caption(t("customers.caption"))
sample_notes("customers")
view.data_panel(data, top_share, TODAY)
show_message(view.MESSAGE)
if before is None:  # nothing to analyse until the user uploads a file or picks the sample
    st.info(t("customers.none"), icon=":material/upload_file:")
    stop_page()

# Keep the case's aggregates (they go to the Excel export) in step with this session's customer data
# (crm_case.customers.summary_update says when).
analysis = analyse(before, after, top_share)
chosen = st.session_state.pop("customers:chosen", False)
update = summary_update(case, analysis.summary(), chosen=chosen, written=st.session_state.get("customers:written"),
                        from_sample=data["source"] == t("customers.source.sample"))
if update.action == "write":
    set_case(update.case, derived=not chosen)
    st.session_state["customers:written"] = update.case.customers.summary
    case = get_case()
elif update.action == "keep":
    st.info(t("customers.kept", count=number(case.customers.summary.get('customers', 0), "#,##0")),
            icon=":material/inventory_2:")

key = f"{data['version']}:{top_share}"
view.headline(analysis, top_share, currency)
left, right = st.columns(2)
with left:
    view.whale(analysis, top_share, currency, key)
with right:
    view.tiers(analysis, top_share, currency)
    bind(st.slider, "customers.top_share", label=t("customers.top_share"), help=t("customers.top_share.help"),
         min_value=5, max_value=50, step=5, format="%d %%", to_widget=lambda v: round(to_percent(v)),
         from_widget=from_percent)
view.loyalty(before, currency, key)
view.return_on_relationship_view(analysis, currency, key)
view.lifetime_value(case)
columns = view.segments_editor(case)
left, right = st.columns(2)
view.segments_from_data_button(left, case, data, columns)
view.link_button(right, case, before, get_evaluation().adjusted.npv)
