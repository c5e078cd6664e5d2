"""Vendor offers side by side: each offer put into the case against the same benefits; one click makes an offer
the case's vendor."""

import pandas as pd
import streamlit as st

from crm_case import CrmCaseError
from crm_case.vendors import compare_vendors, with_offer
from ui.charts import grouped_bars, value_bars
from ui.format import money, months, percent, symbol
from ui.i18n import t
from ui.own_case import sample_notes
from ui.state import (
    apply_editor_state,
    bind,
    cached,
    commit_items,
    editor_error,
    editor_version,
    get_case,
    get_evaluation,
    set_case,
    show_chart,
)
from ui.text import literal

case = get_case()
currency = case.assumptions.currency
sym = symbol(currency)
vendors = case.vendors

st.title(t("vendors.title"))
st.caption(t("vendors.caption", years=case.assumptions.horizon_years))

sample_notes("vendors")

comparison = cached("vendors", compare_vendors)
table = comparison.table
if comparison.missing:
    st.warning(t("vendors.missing", names=", ".join(literal(n) for n in comparison.missing)), icon=":material/warning:")

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
    current_npv = get_evaluation().adjusted.npv
    cols[2].metric(t("vendors.chosen"), money(current_npv, currency),
                   delta=literal(vendors.chosen) if vendors.chosen else t("vendors.chosen.none"), delta_color="off",
                   delta_arrow="off", border=True, help=t("vendors.chosen.help"))

    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('vendors.npv_chart')}**")
        frame = pd.DataFrame({"name": table["vendor"], "value": table["npv"],
                              "text": [money(v, currency, compact=True) for v in table["npv"]]})
        show_chart("vendors.npv", lambda: value_bars(
            frame, labels={"axis": t("risk.npv_axis", currency=sym), "name": t("vendors.vendor")},
                                   highlight=vendors.chosen, horizontal=True, height=70 + 60 * len(table)))
    with right:
        st.markdown(f"**{t('vendors.tco_chart')}**")
        tco3, tco5 = t("vendors.tco3"), t("vendors.tco5")
        long = pd.concat([pd.DataFrame({"name": table["vendor"], "series": tco3, "value": table["tco_3"]}),
                          pd.DataFrame({"name": table["vendor"], "series": tco5, "value": table["tco_5"]})])
        show_chart("vendors.tco", lambda: grouped_bars(long, labels={"axis": t("vendors.tco_axis", currency=sym),
                                                   "name": t("vendors.vendor"), "series": t("vendors.horizon")},
                                     colours={tco3: "#56B4E9", tco5: "#0072B2"}, height=70 + 60 * len(table)))

    shown = pd.DataFrame({
        t("vendors.vendor"): [("✓ " if c else "") + v for v, c in zip(table["vendor"], table["chosen"])],
        t("metric.npv"): [money(v, currency) for v in table["npv"]],
        t("metric.roi"): [percent(v, 0) for v in table["roi"]],
        t("metric.irr"): [percent(v) for v in table["irr"]],
        t("metric.payback"): [months(v) for v in table["payback_months"]],
        t("vendors.tco3.column"): [money(v, currency) for v in table["tco_3"]],
        t("vendors.tco5.column"): [money(v, currency) for v in table["tco_5"]],
        t("vendors.one_off"): [money(v, currency) for v in table["one_off"]],
        t("vendors.yearly"): [money(v, currency) for v in table["yearly"]],
        t("vendors.go_live"): [f"{v} months" for v in table["months_to_go_live"]],
        t("vendors.adoption"): [percent(v, 0) for v in table["expected_adoption"]],
    })
    st.dataframe(shown, hide_index=True)
    st.caption(t("vendors.table.caption"))

    st.markdown(f"**{t('vendors.use')}**")
    buttons = st.columns(max(len(table), 1))
    for column, name in zip(buttons, table["vendor"]):
        chosen = vendors.chosen is not None and name.lower() == vendors.chosen.lower()
        if column.button(t("vendors.use.button", name=literal(name)), key=f"use-vendor:{name}", disabled=chosen,
                         type="secondary" if chosen else "primary"):
            try:
                set_case(with_offer(get_case(), name))
                st.session_state["vendors:message"] = ("success", t("vendors.use.done", name=literal(name)))
            except (CrmCaseError, KeyError) as error:
                st.session_state["vendors:message"] = ("error", t("vendors.use.failed", name=literal(name),
                                                                                 error=literal(str(error))))
            st.rerun()
if message := st.session_state.pop("vendors:message", None):
    (st.success if message[0] == "success" else st.error)(message[1])

# ---- the offers
st.subheader(t("vendors.offers"))
st.caption(t("vendors.offers.caption"))
fields = ["name", "licence_per_user_month", "users", "implementation_fee", "internal_effort", "training",
          "data_migration", "support_share", "months_to_go_live", "expected_adoption", "implementation_risk"]
percent_fields = {"support_share", "expected_adoption", "implementation_risk"}
columns = {f: t(f"vendors.field.{f}", currency=sym) for f in fields}


def _rows(current) -> list[dict]:
    return [{f: (round(v * 100, 6) if f in percent_fields else v) for f, v in o.model_dump(mode="json").items()}
            for o in current.vendors.offers]


def _offers_edit(key: str) -> None:
    current = get_case()
    rows = apply_editor_state(_rows(current), st.session_state[key],
                              lambda n: {"name": t("vendors.new", n=n), "months_to_go_live": 6,
                                         "expected_adoption": 85.0, "implementation_risk": 15.0})
    renamed = {current.vendors.offers[i].name.lower(): row["name"] for i, row in rows if i is not None}
    items = [{f: (row[f] / 100.0 if f in percent_fields and row.get(f) is not None else row.get(f))
              for f in fields if row.get(f) is not None} for _, row in rows]
    chosen = current.vendors.chosen
    commit_items("vendors.offers", items, columns,
                 also={"vendors.chosen": renamed.get(chosen.lower()) if chosen else None})


key = f"editor:offers:{editor_version('vendors.offers')}"
money_column = lambda f: st.column_config.NumberColumn(columns[f], min_value=0.0, step=1000.0, format="localized")  # noqa: E731
pct_column = lambda f: st.column_config.NumberColumn(columns[f], min_value=0.0, max_value=100.0, step=1.0,  # noqa: E731
                                                      format="%.0f %%")
st.data_editor(pd.DataFrame(_rows(case), columns=fields), key=key, num_rows="dynamic", hide_index=True,
               width="stretch", on_change=_offers_edit, args=(key,), column_config={
                   "name": st.column_config.TextColumn(columns["name"], required=True, width="medium"),
                   "licence_per_user_month": st.column_config.NumberColumn(columns["licence_per_user_month"],
                                                                           min_value=0.0, step=5.0, format="%.2f"),
                   "users": st.column_config.NumberColumn(columns["users"], min_value=0.0, step=1.0, format="%.0f"),
                   "implementation_fee": money_column("implementation_fee"),
                   "internal_effort": money_column("internal_effort"),
                   "training": money_column("training"),
                   "data_migration": money_column("data_migration"),
                   "support_share": pct_column("support_share"),
                   "months_to_go_live": st.column_config.NumberColumn(columns["months_to_go_live"], min_value=0,
                                                                      max_value=60, step=1),
                   "expected_adoption": pct_column("expected_adoption"),
                   "implementation_risk": pct_column("implementation_risk"),
               })
if message := editor_error("vendors.offers"):
    st.error(literal(message), icon=":material/block:")

bind(st.multiselect, "vendors.replaces", label=t("vendors.replaces"), help=t("vendors.replaces.help"),
     options=sorted({item.name for item in case.costs} | set(vendors.replaces)), to_widget=list,
     from_widget=list)
