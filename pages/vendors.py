"""Vendor offers side by side: each offer put into the case against the same benefits; one click makes an offer
the case's vendor."""

import streamlit as st

from crm_case.vendors import compare_vendors
from ui.format import joined, money
from ui.i18n import glossary, t
from ui.own_case import sample_notes
from ui.state import bind, cached, get_case, get_evaluation, show_message
from ui.text import literal
from ui.vendors import MESSAGE, charts, comparison_table, offers_editor, use_buttons

case = get_case()
currency = case.assumptions.currency
vendors = case.vendors

st.title(t("vendors.title"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "roi", "irr", "payback", "tco"))
st.caption(t("vendors.caption", years=case.assumptions.horizon_years))

sample_notes("vendors")

comparison = cached("vendors", compare_vendors)
table = comparison.table
if comparison.missing:
    st.warning(t("vendors.missing", names=joined(literal(n) for n in comparison.missing)), icon=":material/warning:")

if table.empty:
    st.info(t("vendors.none"))
else:
    best = table.loc[table["npv"].idxmax()]
    cheapest = table.loc[table["tco_5"].idxmin()]
    cols = st.columns(3)
    cols[0].metric(t("vendors.best_npv"), money(best["npv"], currency), delta=literal(best["vendor"]),
                   delta_color="off", delta_arrow="off", border=True, help=t("vendors.best_npv.help"))
    cols[1].metric(t("vendors.lowest_tco"), money(cheapest["tco_5"], currency), delta=literal(cheapest["vendor"]),
                   delta_color="off", delta_arrow="off", border=True, help=t("vendors.tco.help"))
    cols[2].metric(t("vendors.chosen"), money(get_evaluation().adjusted.npv, currency),
                   delta=literal(vendors.chosen) if vendors.chosen else t("vendors.chosen.none"), delta_color="off",
                   delta_arrow="off", border=True, help=t("vendors.chosen.help"))
    charts(table, vendors.chosen, currency)
    comparison_table(table, currency)
    use_buttons(table, vendors.chosen)
show_message(MESSAGE)

# ---- the offers
st.subheader(t("vendors.offers"))
offers_editor(case)
bind(st.multiselect, "vendors.replaces", label=t("vendors.replaces"), help=t("vendors.replaces.help"),
     options=sorted({item.name for item in case.costs} | set(vendors.replaces)), to_widget=list,
     from_widget=list)
