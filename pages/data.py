"""Data: Excel in (template, validated upload, preview, apply) and out (the case as a live-formula workbook)."""

import pandas as pd
import streamlit as st

from crm_case import CrmCaseError, blend, evaluate
from crm_case.diff import compare_cases
from crm_case.excel.reader import read_workbook
from crm_case.excel.template import budget_template
from crm_case.excel.writer import export_workbook
from ui.format import money
from ui.i18n import glossary, language, localized, place_and_what, t
from ui.own_case import kept_parts_choice
from ui.state import get_case, set_case
from ui.text import literal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PENDING = "data:pending-import"

case = get_case()
currency = case.assumptions.currency
reader = language()  # the files are built after the run, in another thread: their language is given
st.title(t("data.title"), help=glossary("npv", "roi", "irr", "payback", "tei"))
st.caption(t("data.caption"))

# ---- downloads: built from a snapshot of the case taken now, when the button is drawn
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"**{t('data.template')}**")
    st.caption(t("data.template.caption"))
    st.download_button(t("data.template.button"), data=lambda snapshot=case, lang=reader: budget_template(
                       snapshot, language=lang),
                       file_name="crm-case-budget-template.xlsx", mime=XLSX, icon=":material/download:",
                       on_click="ignore", key="download-template")
with right.container(border=True):
    st.markdown(f"**{t('data.export')}**")
    st.caption(t("data.export.caption"))
    st.download_button(t("data.export.button"), data=lambda snapshot=case, lang=reader: export_workbook(
                       snapshot, language=lang),
                       file_name="crm-case.xlsx", mime=XLSX, icon=":material/download:", type="primary",
                       on_click="ignore", key="download-case")

# ---- upload
st.subheader(t("data.upload"))
st.caption(t("data.upload.caption"))
# .ods is read as an .xlsx is; a .csv is accepted only to be answered with the way out (a budget is several sheets)
upload = st.file_uploader(t("data.upload.label"), type=["xlsx", "xlsm", "ods", "csv"], key="upload-workbook")
if upload is not None and upload.file_id == st.session_state.get("data:applied-id"):
    pending = None  # applied already: the confirmation below, not a preview of "nothing to apply"
elif upload is not None:
    pending = st.session_state.get(PENDING)
    if pending is None or pending["file_id"] != upload.file_id:
        try:
            result = read_workbook(upload.getvalue(), case, filename=upload.name)
            pending = {"file_id": upload.file_id, "name": upload.name, "case": result.case,
                       "held": result.held, "warnings": result.warnings, "problems": []}
        except CrmCaseError as error:
            pending = {"file_id": upload.file_id, "name": upload.name, "case": None, "warnings": [],
                       "problems": error.problems}
        st.session_state[PENDING] = pending
else:
    st.session_state.pop(PENDING, None)
    pending = None

if pending:
    if pending["problems"]:
        st.error(t("data.problems", count=len(pending["problems"]), name=literal(pending["name"])),
                 icon=":material/error:")
        rows = [place_and_what(p) for p in pending["problems"]]
        st.dataframe(pd.DataFrame(rows, columns=[t("data.where"), t("data.problem")]), hide_index=True,
                     width="stretch")
    else:
        for warning in pending["warnings"]:
            st.warning(literal(localized(warning)), icon=":material/warning:")
        new_currency = pending["case"].assumptions.currency
        if new_currency != currency:  # amounts are not converted: no difference across two currencies
            st.warning(t("data.currency", old=currency, new=new_currency), icon=":material/currency_exchange:")
        keep = kept_parts_choice(pending["case"], case, pending["file_id"], pending["held"])
        new = blend(pending["case"], keep)
        diff = compare_cases(case, new)
        st.markdown(f"**{t('data.preview')}**")
        if diff.assumptions:  # the case's own settings first: a new name, horizon or rate changes every figure
            st.caption(t("data.settings"))
            st.dataframe(pd.DataFrame([(f, a, b) for f, a, b in diff.assumptions],
                                      columns=[t("data.setting"), t("data.now"), t("data.after")]),
                         hide_index=True, width="stretch")
        before, after = evaluate(case).adjusted.npv, evaluate(new).adjusted.npv
        cols = st.columns(4)
        if new_currency != currency:
            cols[0].metric(t("data.npv_change"), money(after, new_currency), border=True)
        else:
            cols[0].metric(t("data.npv_change"), money(after, new_currency), delta=money(after - before, new_currency),
                           border=True, help=t("data.npv_before", value=money(before, currency)))
        cols[1].metric(t("data.added"), len(diff.added), border=True)
        cols[2].metric(t("data.changed"), len(diff.changed), border=True)
        cols[3].metric(t("data.removed"), len(diff.removed), border=True)
        lines = [(t(f"data.kind.{k}"), t(f"table.section.{s}"), name)
                 for k, items in (("added", diff.added), ("changed", diff.changed), ("removed", diff.removed))
                 for s, name in items]
        lines += [(t("data.kind.changed"), t("projections.assumptions"), f"{f}: {a} → {b}")
                  for f, a, b in diff.assumptions]
        if lines:
            st.dataframe(pd.DataFrame(lines, columns=[t("data.change"), t("data.section"), t("table.item")]),
                         hide_index=True, width="stretch")
        else:
            st.info(t("data.no_change"))
        if st.button(t("data.apply"), type="primary", icon=":material/check:", key="apply-import",
                     disabled=diff.empty):
            set_case(new)
            st.session_state.pop(PENDING, None)
            st.session_state["data:applied"] = pending["name"]
            st.session_state["data:applied-id"] = pending["file_id"]
            st.rerun()
if applied := st.session_state.pop("data:applied", None):
    st.success(t("data.applied", name=literal(applied)), icon=":material/check_circle:")
