"""The line-item table (costs or benefits) in ``st.data_editor``, bound to the case.

The editor is drawn from the case every run under a versioned key; its ``on_change`` callback applies
the user's edits to the case's items and commits them through :func:`ui.state.commit_items` (validated
as a whole: one bad cell refuses the edit and names the row and column). Amounts beyond the horizon are
kept though not shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from crm_case import BenefitArea, CostCategory, from_percent, to_percent
from ui.i18n import group_name, t, unlabelled
from ui.state import apply_editor_state, commit_items, editor_error, editor_version, get_case
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


def apply_edits(section: str, state: dict[str, Any], years: int) -> list[dict[str, Any]]:
    """The case's ``section`` items after the data editor's ``state`` (``edited_rows``, ``added_rows``,
    ``deleted_rows``, indices of the rows as drawn), as plain dicts ready for validation."""
    group_field, groups, default_name, _ = _SECTIONS[section]
    originals = getattr(get_case(), section)
    rows = apply_editor_state(_rows(section, years), state,
                              lambda n: {group_field: groups[0], "name": t(default_name)})
    model_value = unlabelled(groups, group_name)  # the table shows categories and areas in the viewer's language
    return [_item(row | {group_field: model_value(row.get(group_field))}, group_field,
                  years, list(originals[i].per_year[years:]) if i is not None else [])
            for i, row in rows]


def _on_edit(section: str, key: str, years: int) -> None:
    commit_items(section, apply_edits(section, st.session_state[key], years), _columns(section, years))


def _item(row: dict[str, Any], group_field: str, years: int, tail: list[float]) -> dict[str, Any]:
    risk = _number(row.get("risk"))
    return {
        group_field: row.get(group_field),
        "name": row.get("name") or "",
        "initial": _number(row.get("initial")),
        "per_year": [_number(row.get(f"year_{k}")) for k in range(1, years + 1)] + tail,
        "risk_adjustment": from_percent(risk) if isinstance(risk, int | float) else risk,
    }


def items_editor(section: str) -> None:
    """Draw the editable table of the case's ``section`` ("costs" or "benefits")."""
    group_field, groups, default_name, group_label = _SECTIONS[section]
    years = get_case().assumptions.horizon_years
    frame = pd.DataFrame(_rows(section, years), columns=[group_field, "name", "initial",
                                                           *[f"year_{k}" for k in range(1, years + 1)], "risk"])
    # no min_value: the grid would silently drop a typed minus sign; the model refuses it by row and column
    money_column = {"format": "localized", "step": 1.0}
    config = {
        group_field: st.column_config.SelectboxColumn(t(group_label), options=[group_name(g) for g in groups],
                                                      required=True, default=group_name(groups[0]), width="medium"),
        "name": st.column_config.TextColumn(t("table.item"), required=True, default=t(default_name), width="large"),
        "initial": st.column_config.NumberColumn(t("table.initial"), **money_column),
        **{f"year_{k}": st.column_config.NumberColumn(t("table.year", n=k), **money_column)
           for k in range(1, years + 1)},
        "risk": st.column_config.NumberColumn(t("table.risk"), min_value=0.0, max_value=100.0, step=1.0,
                                              format="%.0f %%"),
    }
    key = f"editor:{section}:{editor_version(section)}"
    st.data_editor(frame, key=key, column_config=config, num_rows="dynamic", hide_index=True, width="stretch",
                   on_change=_on_edit, args=(section, key, years))
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
