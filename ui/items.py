"""The line-item table (costs or benefits) in ``st.data_editor``, bound to the case.

The editor is a :func:`ui.state.table_editor`: it keeps its key while the case holds what it shows, applies the
user's edits to the rows it was drawn with and commits them through :func:`ui.state.commit_items` (validated
as a whole: one bad cell refuses the edit and names the row and column). Amounts beyond the horizon are
kept though not shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from crm_case import BenefitArea, CostCategory, from_percent, to_percent
from ui.format import column_width, number
from ui.i18n import group_name, t, unlabelled
from ui.state import apply_editor_state, commit_items, editor_error, get_case, table_editor
from ui.text import literal

_SECTIONS = {
    "costs": ("category", [c.value for c in CostCategory], "investment.default_name", "table.category"),
    "benefits": ("area", [a.value for a in BenefitArea], "benefits.default_name", "table.area"),
}


def _rows(section: str, years: int) -> list[dict[str, Any]]:
    group_field = _SECTIONS[section][0]
    rows = []
    for item in getattr(get_case(), section):
        row = {group_field: group_name(getattr(item, group_field).value), "name": item.name, "initial": item.initial}
        row |= {f"year_{k}": item.amount(k) for k in range(1, years + 1)}
        row["risk"] = to_percent(item.risk_adjustment)
        rows.append(row)
    return rows


def _columns(section: str, years: int) -> dict[str, str]:
    group_field, _, _, group_label = _SECTIONS[section]
    return {group_field: t(group_label), "name": t("table.item"), "initial": t("table.initial"),
            **{f"year_{k}": t("table.year", n=k) for k in range(1, years + 1)}, "risk": t("table.risk"),
            "risk_adjustment": t("table.risk")}


def _number(value: Any) -> Any:
    """Blank cells are 0; anything else goes to validation as typed."""
    return 0.0 if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _new_row(section: str, years: int):
    """An added row's cells before the user's: the first category or area, the default name, amounts of 0."""
    group_field, groups, default_name, _ = _SECTIONS[section]
    return lambda _n: {group_field: group_name(groups[0]), "name": t(default_name), **_blanks(years)}


def _blanks(years: int) -> dict[str, float]:
    """What an empty amount cell stands for: 0 (:func:`_number`), as the case stores it."""
    return {f: 0.0 for f in ("initial", *[f"year_{k}" for k in range(1, years + 1)], "risk")}


def items_from_rows(section: str, rows: list[tuple[int | None, dict[str, Any]]], years: int) -> list[dict[str, Any]]:
    """The case's ``section`` items from the editor's rows (original index, row; index None for an added row), as
    plain dicts ready for validation; amounts beyond the horizon kept from the original item."""
    group_field, groups, _, _ = _SECTIONS[section]
    originals = getattr(get_case(), section)
    model_value = unlabelled(groups, group_name)  # the table shows categories and areas in the viewer's language
    return [_item(row | {group_field: model_value(row.get(group_field))}, group_field,
                  years, list(originals[i].per_year[years:]) if i is not None and i < len(originals) else [])
            for i, row in rows]


def apply_edits(section: str, state: dict[str, Any], years: int) -> list[dict[str, Any]]:
    """The case's ``section`` items after the data editor's ``state`` (``edited_rows``, ``added_rows``,
    ``deleted_rows``, indices of the rows as drawn), as plain dicts ready for validation."""
    return items_from_rows(section, apply_editor_state(_rows(section, years), state, _new_row(section, years)), years)


def _item(row: dict[str, Any], group_field: str, years: int, tail: list[float]) -> dict[str, Any]:
    risk = _number(row.get("risk"))
    return {
        group_field: row.get(group_field),
        "name": row.get("name") or "",
        "initial": _number(row.get("initial")),
        "per_year": [_number(row.get(f"year_{k}")) for k in range(1, years + 1)] + tail,
        "risk_adjustment": from_percent(risk) if isinstance(risk, int | float) else risk,
    }


WIDE_TABLE = "wide-table"
"""Key prefix of the containers of wide tables (:func:`wide_table`)."""
_WIDE_TABLE_CSS = f"""<style>
@media (min-width: 768px) and (max-width: 1279.98px) {{
  [data-testid="stMain"] [class*="st-key-{WIDE_TABLE}-"] {{
    margin-inline: -4rem; width: calc(100% + 8rem); max-width: none;
  }}
}}
</style>"""


def wide_table(name: str):
    """A container for a wide table (the cost and benefit tables, the ranges, the offers): between 768 and 1280 px
    it also takes 4 rem of the page's 5 rem side margins, so that a budget's years fit beside its names on a
    1024 px screen with the sidebar open; elsewhere it is the page's width."""
    st.html(_WIDE_TABLE_CSS)
    return st.container(key=f"{WIDE_TABLE}-{name}")


def column_settings(section: str, rows: list[dict[str, Any]], years: int) -> dict[str, Any]:
    """The editor's columns, each as narrow as its content allows (:func:`ui.format.column_width`), in reading
    order: the item's name pinned at the left (cut with an ellipsis beyond 150 px, whole when the cell is opened),
    then Initial and every year with thousands separators, all as wide as the widest amount, then the risk
    adjustment under a short title whose help says it in full, and the category or area last. On a 1024 px screen
    (with :func:`wide_table`) the name and every year fit; the last two are beside them."""
    group_field, groups, default_name, group_label = _SECTIONS[section]
    amounts = [number(row[f], "#,##0") for row in rows for f in ("initial", *[f"year_{k}" for k in range(1, years + 1)])
               if isinstance(row.get(f), int | float)]
    headers = [t("table.initial"), *[t("table.year", n=k) for k in range(1, years + 1)]]
    amount_width = max(column_width(amounts or ["000,000"], header) for header in headers)
    # no min_value: the grid would silently drop a typed minus sign; the model refuses it by row and column
    money_column = {"format": "localized", "step": 1.0, "width": amount_width}
    group_names = [group_name(g) for g in groups]
    return {
        group_field: st.column_config.SelectboxColumn(
            t(group_label), options=group_names, required=True, default=group_names[0],
            width=column_width(group_names, t(group_label), maximum=130)),
        "name": st.column_config.TextColumn(
            t("table.item"), required=True, default=t(default_name), pinned=True,
            width=column_width([row["name"] for row in rows], t("table.item"), minimum=110, maximum=150)),
        "initial": st.column_config.NumberColumn(t("table.initial"), **money_column),
        **{f"year_{k}": st.column_config.NumberColumn(t("table.year", n=k), **money_column)
           for k in range(1, years + 1)},
        "risk": st.column_config.NumberColumn(
            t("report.risk_adjustment"), help=t("field.risk_adjustment"), min_value=0.0, max_value=100.0, step=1.0,
            format="%.0f %%", width=column_width(["100 %"], t("report.risk_adjustment"))),
    }


def items_editor(section: str) -> None:
    """Draw the editable table of the case's ``section`` ("costs" or "benefits"): a row per item, its amounts
    Initial, Year 1... and its risk adjustment (:func:`column_settings`). Typed through
    :func:`ui.state.table_editor`, so fast typing across cells (and rows) keeps every keystroke."""
    group_field = _SECTIONS[section][0]
    years = get_case().assumptions.horizon_years
    rows = _rows(section, years)
    order = ["name", "initial", *[f"year_{k}" for k in range(1, years + 1)], "risk", group_field]

    def on_rows(edited, _before) -> bool:
        return commit_items(section, items_from_rows(section, edited, years), _columns(section, years), redraw=False)

    with wide_table(section):
        table_editor(section, section, rows, [group_field, "name", "initial",
                                              *[f"year_{k}" for k in range(1, years + 1)], "risk"],
                     new_row=_new_row(section, years), on_rows=on_rows, blanks=_blanks(years),
                     column_config=column_settings(section, rows, years), column_order=order,
                     num_rows="dynamic", hide_index=True, width="content")
    if message := editor_error(section):
        st.error(literal(message), icon=":material/block:")


def metric_rows(metrics) -> list[dict[str, Any]]:
    """Goal metrics as the metrics editor shows them: a metric in % shows its baseline and target as
    percentages (12 for a stored 0.12), like every other percentage of the app."""
    rows = [m.model_dump(mode="json") for m in metrics]
    for row in rows:
        if row.get("unit") == "%":
            row |= {f: to_percent(row[f]) for f in ("baseline", "target")}
    return rows


def metric_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """An edited metric row back to the case's units: baseline and target of a metric in % (its unit after
    the edit) from percentages to the fractions the case stores."""
    if row.get("unit") == "%":
        row = row | {f: from_percent(row[f]) for f in ("baseline", "target") if isinstance(row.get(f), int | float)}
    return row
