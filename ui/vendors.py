"""The Vendors page's parts: the comparison's charts and table, the buttons that make an offer the case's vendor,
and the offers table. The rules (an offer as cost lines, the chosen vendor following a rename) are
:mod:`crm_case.vendors`'; these helpers draw and commit."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, from_percent, to_percent
from crm_case.vendors import offer_renames, with_offer
from ui.charts import grouped_bars, value_bars
from ui.format import column_width, money, months, number, percent, symbol
from ui.i18n import localized, t
from ui.items import wide_table
from ui.state import Rows, commit_items, editor_error, get_case, set_case, show_chart, table_editor
from ui.text import literal

MESSAGE = "vendors:message"
OFFER_FIELDS = ["name", "licence_per_user_month", "users", "implementation_fee", "internal_effort", "training",
                "data_migration", "support_share", "months_to_go_live", "expected_adoption", "implementation_risk"]
PERCENT_FIELDS = {"support_share", "expected_adoption", "implementation_risk"}


def charts(table: pd.DataFrame, chosen: str | None, currency: str) -> None:
    """NPV by offer (the chosen one highlighted) and TCO over 3 and 5 years, side by side."""
    sym = symbol(currency)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('vendors.npv_chart')}**")
        frame = pd.DataFrame({"name": table["vendor"], "value": table["npv"],
                              "text": [money(v, currency, compact=True) for v in table["npv"]]})
        show_chart("vendors.npv", lambda: value_bars(
            frame, labels={"axis": t("risk.npv_axis", currency=sym), "name": t("vendors.vendor")},
            highlight=chosen, horizontal=True, height=70 + 60 * len(table), currency=currency))
    with right:
        st.markdown(f"**{t('vendors.tco_chart')}**")
        tco3, tco5 = t("vendors.tco3"), t("vendors.tco5")
        long = pd.concat([pd.DataFrame({"name": table["vendor"], "series": tco3, "value": table["tco_3"]}),
                          pd.DataFrame({"name": table["vendor"], "series": tco5, "value": table["tco_5"]})])
        show_chart("vendors.tco", lambda: grouped_bars(long, labels={"axis": t("vendors.tco_axis", currency=sym),
                                                                     "name": t("vendors.vendor"),
                                                                     "series": t("vendors.horizon")},
                                                       colours={tco3: "#56B4E9", tco5: "#0072B2"},
                                                       height=70 + 60 * len(table), currency=currency))


def comparison_table(table: pd.DataFrame, currency: str) -> None:
    """Every offer's figures in the case, the chosen one ticked."""
    st.dataframe(pd.DataFrame({
        t("vendors.vendor"): [("✓ " if c else "") + v for v, c in zip(table["vendor"], table["chosen"], strict=True)],
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
    }), hide_index=True)
    st.caption(t("vendors.table.caption"))


def use_buttons(table: pd.DataFrame, chosen: str | None) -> None:
    """One button per offer that makes it the case's vendor (the chosen one's is disabled)."""
    st.markdown(f"**{t('vendors.use')}**")
    buttons = st.columns(max(len(table), 1))
    for column, name in zip(buttons, table["vendor"], strict=False):  # no offer: one empty column
        is_chosen = chosen is not None and name.lower() == chosen.lower()
        if column.button(t("vendors.use.button", name=literal(name)), key=f"use-vendor:{name}", disabled=is_chosen,
                         type="secondary" if is_chosen else "primary"):
            try:
                set_case(with_offer(get_case(), name))
                st.session_state[MESSAGE] = ("success", t("vendors.use.done", name=literal(name)))
            except (CrmCaseError, KeyError) as error:
                st.session_state[MESSAGE] = ("error", t("vendors.use.failed", name=literal(name),
                                                        error=literal(localized(error))))
            st.rerun()


def _rows(case: Case) -> list[dict]:
    return [{f: (to_percent(v) if f in PERCENT_FIELDS else v) for f, v in o.model_dump(mode="json").items()}
            for o in case.vendors.offers]


def _new_offer(n: int) -> dict[str, Any]:
    return {"name": t("vendors.new", n=n), "months_to_go_live": 6, "expected_adoption": 85.0,
            "implementation_risk": 15.0}


def _offers_edit(columns: dict[str, str], rows: Rows, before: Rows) -> bool:
    """Commit the offers table's rows; the chosen vendor follows a renamed offer (its row's name before -> after)."""
    current = get_case()
    was = {i: row["name"] for i, row in before if i is not None}
    renamed = {was[i].lower(): row["name"] for i, row in rows if i is not None and i in was}
    items = [{f: (from_percent(row[f]) if f in PERCENT_FIELDS and row.get(f) is not None else row.get(f))
              for f in OFFER_FIELDS if row.get(f) is not None} for _, row in rows]
    return commit_items("vendors.offers", items, columns, also=offer_renames(current.vendors, renamed), redraw=False)


def offers_editor(case: Case) -> None:
    """The offers table (shares in %); the chosen vendor follows a renamed offer."""
    columns = {f: t(f"vendors.field.{f}", currency=symbol(case.assumptions.currency)) for f in OFFER_FIELDS}
    column = st.column_config

    rows = _rows(case)

    def width(f: str, pattern: str = "#,##0", suffix: str = "") -> int:
        cells = [number(row[f], pattern) + suffix for row in rows if isinstance(row.get(f), int | float)]
        return column_width(cells, columns[f], maximum=150)

    def money_column(f: str):
        return column.NumberColumn(columns[f], min_value=0.0, step=1000.0, format="localized", width=width(f))

    def pct_column(f: str):
        return column.NumberColumn(columns[f], min_value=0.0, max_value=100.0, step=1.0, format="%.0f %%",
                                   width=width(f, "0", " %"))

    with wide_table("offers"):
        table_editor("vendors.offers", "offers", rows, OFFER_FIELDS, new_row=_new_offer,
                     on_rows=lambda edited, before: _offers_edit(columns, edited, before),
                     num_rows="dynamic", hide_index=True, width="content", column_config={
                           "name": column.TextColumn(columns["name"], required=True, pinned=True, width=column_width(
                               [row["name"] for row in rows], columns["name"], minimum=110, maximum=180)),
                           "licence_per_user_month": column.NumberColumn(
                               columns["licence_per_user_month"], min_value=0.0, step=5.0, format="%.2f",
                               width=width("licence_per_user_month", "0.00")),
                           "users": column.NumberColumn(columns["users"], min_value=0.0, step=1.0, format="%.0f",
                                                        width=width("users", "0")),
                           **{f: money_column(f) for f in ("implementation_fee", "internal_effort", "training",
                                                           "data_migration")},
                           "support_share": pct_column("support_share"),
                           "months_to_go_live": column.NumberColumn(columns["months_to_go_live"], min_value=0,
                                                                    max_value=60, step=1,
                                                                    width=width("months_to_go_live", "0")),
                           "expected_adoption": pct_column("expected_adoption"),
                           "implementation_risk": pct_column("implementation_risk"),
                       })
    if message := editor_error("vendors.offers"):
        st.error(literal(message), icon=":material/block:")
