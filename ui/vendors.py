"""The Vendors page's parts: the comparison's charts and table, the buttons that make an offer the case's vendor,
and the offers table. The rules (an offer as cost lines, the chosen vendor following a rename) are
:mod:`crm_case.vendors`'; these helpers draw and commit."""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, from_percent, to_percent, with_values
from crm_case.i18n import Message, formats
from crm_case.vendors import offer_renames, with_offer
from ui.charts import grouped_bars, value_bars
from ui.current import ERROR
from ui.format import column_width, money, months, number, percent, symbol
from ui.i18n import language, localized, t
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
    """Every offer's figures in the case, a row per figure and a column per offer (the chosen one ticked), as a
    budget is read: the offers side by side. A static table, so that it wraps to the page at 1024 px rather than
    hide figures behind a sideways scroll (eleven columns of a grid did)."""
    rows = {
        t("metric.npv"): [money(v, currency) for v in table["npv"]],
        t("metric.roi"): [percent(v, 0) for v in table["roi"]],
        t("metric.irr"): [percent(v) for v in table["irr"]],
        t("metric.payback"): [months(v) for v in table["payback_months"]],
        t("vendors.tco3.column"): [money(v, currency) for v in table["tco_3"]],
        t("vendors.tco5.column"): [money(v, currency) for v in table["tco_5"]],
        t("vendors.one_off"): [money(v, currency) for v in table["one_off"]],
        t("vendors.yearly"): [money(v, currency) for v in table["yearly"]],
        t("vendors.go_live"): [formats.months(v, language(), digits=0) for v in table["months_to_go_live"]],
        t("vendors.adoption"): [percent(v, 0) for v in table["expected_adoption"]],
    }
    offers = [("✓ " if c else "") + v for v, c in zip(table["vendor"], table["chosen"], strict=True)]
    frame = pd.DataFrame([[figure, *values] for figure, values in rows.items()],
                         columns=[t("risk.figure"), *offers]).set_index(t("risk.figure"))
    st.table(frame)
    st.caption(t("vendors.table.caption" if table["chosen"].any() else "vendors.table.caption.none"))  # ✓ if any


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


FIGURES = OFFER_FIELDS[1:]
"""The offer's fields typed in the figures table (:func:`offers_editor`): every one but the name."""


def _digest(values: Any) -> str:
    """A short fingerprint of ``values`` for an editor's key (the editor is redrawn when it changes)."""
    return hashlib.sha1(repr(values).encode()).hexdigest()[:10]


def figure_rows(offers: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The offers transposed for the figures table: one row per field of :data:`FIGURES` (``field``: its label
    with its unit), one column ``o<i>`` per offer i holding that offer's value (shares in %)."""
    return [{"field": labels[f], **{f"o{i}": offer.get(f) for i, offer in enumerate(offers)}} for f in FIGURES]


def offers_from_figures(offers: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The offers (as :func:`_rows` gives them: shares in %) with the figures table's ``rows`` (in :data:`FIGURES`
    order) typed into them: cell (field f, column ``o<i>``) is offer i's f; an emptied cell drops the field (the
    model's default then applies, e.g. 0 for an amount). Offers beyond the table's columns are kept as they are."""
    out = [dict(offer) for offer in offers]
    for f, row in zip(FIGURES, rows, strict=True):
        for i, offer in enumerate(out):
            if f"o{i}" not in row:
                continue
            value = row[f"o{i}"]
            if value is None or (isinstance(value, float) and math.isnan(value)):
                offer.pop(f, None)
            else:
                offer[f] = value
    return out


def _to_model(row: dict[str, Any]) -> dict[str, Any]:
    """An offer as shown (shares in %) to the model's fields (shares as fractions), empty fields left out."""
    return {f: (from_percent(row[f]) if f in PERCENT_FIELDS else row[f]) for f in OFFER_FIELDS
            if row.get(f) is not None}


def _offer_problem(problem: str, names: list[str], labels: dict[str, str]) -> str:
    """A validation problem of ``vendors.offers[i].field`` as "<offer>, <field>: <what>"; any other as it is."""
    where = problem.values.get("where") if isinstance(problem, Message) else None
    match = re.match(r"^vendors\.offers\[(\d+)\]\.(\w+)$", str(where)) if where else None
    if not match or int(match.group(1)) >= len(names):
        return localized(problem)
    index, field = int(match.group(1)), match.group(2)
    return t("vendors.offers.error", offer=names[index], field=labels.get(field, field),
             message=localized(problem.values["what"]))


def _figures_edit(labels: dict[str, str], rows: Rows) -> bool:
    """Commit the figures table's edit: every offer of the case with its typed figures, validated as a whole
    (:func:`crm_case.with_values`); refused, the case stays as it was and each problem is named by offer and
    field under the tables."""
    current = get_case()
    offers = offers_from_figures(_rows(current), [row for _, row in rows])
    try:
        new = with_values(current, {"vendors.offers": [_to_model(o) for o in offers]})
    except CrmCaseError as error:
        names = [o.name for o in current.vendors.offers]
        st.session_state[ERROR + "vendors.offers"] = "\n\n".join(
            _offer_problem(p, names, labels) for p in error.problems)
        return False
    set_case(new)
    st.session_state.pop(ERROR + "vendors.offers", None)
    return True


def offers_editor(case: Case) -> None:
    """The offers, readable without sideways scrolling at 1024 px: a list of the offers' names (rename, add or
    remove an offer there; the chosen vendor follows a renamed offer) and under it a figures table with one row
    per field, its unit in its label, and one column per offer headed by its name (money with thousands
    separators, shares in %). Both are :func:`ui.state.table_editor` s of ``vendors.offers``: each keeps its key
    while the case holds what it shows, except that the list is redrawn when a figure changes and the figures
    table when a name changes (their keys carry the other's content). Any refusal is shown under both."""
    labels = {f: t(f"vendors.field.{f}", currency=symbol(case.assumptions.currency)) for f in OFFER_FIELDS}
    column = st.column_config
    rows = _rows(case)
    names = [row["name"] for row in rows]
    name_width = column_width(names, labels["name"], minimum=150, maximum=220)
    st.caption(t("vendors.offers.layout"))
    with wide_table("offers"):
        table_editor("vendors.offers", f"offer-names:{_digest([{f: r.get(f) for f in FIGURES} for r in rows])}",
                     rows, OFFER_FIELDS, new_row=_new_offer,
                     on_rows=lambda edited, before: _offers_edit(labels, edited, before),
                     num_rows="dynamic", hide_index=True, width="content", column_order=["name"],
                     column_config={"name": column.TextColumn(labels["name"], required=True,
                                                              width=name_width)})
        figures = figure_rows(rows, labels)
        shown = [number(row[f"o{i}"], "#,##0.##") for row in figures for i in range(len(rows))
                 if isinstance(row.get(f"o{i}"), int | float)]
        table_editor("vendors.offers:figures", f"offer-figures:{_digest(names)}", figures,
                     ["field", *[f"o{i}" for i in range(len(rows))]], new_row=lambda _n: {},
                     on_rows=lambda edited, _before: _figures_edit(labels, edited),
                     num_rows="fixed", hide_index=True, width="content", column_config={
                         "field": column.TextColumn(t("vendors.offers.field"), disabled=True, pinned=True,
                                                    width=column_width([labels[f] for f in FIGURES],
                                                                       editable=False, minimum=190, maximum=230)),
                         **{f"o{i}": column.NumberColumn(
                             name, min_value=0.0, format="localized", help=literal(name),
                             width=column_width(shown or ["000,000"], name, minimum=90, maximum=160))
                            for i, name in enumerate(names)},
                     })
    if message := editor_error("vendors.offers"):
        st.error(literal(message), icon=":material/block:")
