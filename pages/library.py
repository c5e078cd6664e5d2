"""Case library: this case's link and history, every saved case, JSON in and out, and two cases compared."""

# The library itself is crm_case/store.py; autosave and the URL's case id are ui/library.py.

import re

import pandas as pd
import streamlit as st

from crm_case import CrmCaseError, StoreError, case_from_json, case_to_json, changes, evaluate
from crm_case.store import CaseInfo
from ui import library
from ui.format import change_value, money, months, percent, stamp
from ui.i18n import change_label, t
from ui.own_case import new_case_form
from ui.state import get_case, start_case
from ui.text import literal

MAX_JSON_BYTES = 2 * 1024 * 1024
case = get_case()
currency = case.assumptions.currency
store = library.store()
st.title(t("library.title"))
st.caption(t("library.caption"))

if reason := library.saving_off():
    st.warning(t("library.off", reason=literal(reason)), icon=":material/cloud_off:")

# ---- this case: status, link, your name
with st.container(border=True):
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"#### {literal(case.assumptions.name)}")
        st.caption(literal(library.status(case)))
    with right:
        name = st.text_input(t("library.author"), value=library.author(), help=t("library.author.help"),
                             key="library-author", max_chars=100)
        if name != library.author():
            library.set_author(name)
    if library.case_id():
        # The link opens the app's first page: a link to a page would show "Page not found" on a server that
        # has just started (Streamlit learns the pages on the first run).
        base = re.sub(r"/case-library/?$", "", (st.context.url or "").rstrip("/"))
        st.markdown(t("library.link"))
        st.code(f"{base}/?case={library.case_id()}", language=None)


def _open(case_id: str) -> None:
    if library.open_case(case_id):
        st.toast(t("library.opened", name=literal(get_case().assumptions.name)), icon=":material/folder_open:")


tab_cases, tab_history, tab_compare, tab_files = st.tabs(
    [t("library.tab.cases"), t("library.tab.history"), t("library.tab.compare"), t("library.tab.files")])


def _listing(rows: list[CaseInfo], *, deleted: bool = False) -> pd.DataFrame:
    return pd.DataFrame({
        t("library.col.name"): [r.name for r in rows],
        t("library.col.updated"): [stamp(r.deleted_at if deleted else r.updated_at) for r in rows],
        t("library.col.by"): [r.updated_by or t("library.anonymous") for r in rows],
        t("library.col.version"): [r.version for r in rows],
        t("library.col.current"): ["●" if r.id == library.case_id() else "" for r in rows],
    })


def _choice_label(rows: list[CaseInfo]):
    names = {r.id: f"{r.name} · {stamp(r.updated_at)} · #{r.id[:6]}" for r in rows}  # the id tells twins apart
    return lambda case_id: names.get(case_id, case_id)


cases: list[CaseInfo] = []
deleted: list[CaseInfo] = []
if store is not None:
    try:
        cases, deleted = store.cases(), store.cases(deleted=True)
    except StoreError as error:
        st.error(t("library.unreadable", reason=literal(str(error))), icon=":material/error:")

with tab_cases:
    row = st.columns(3)
    with row[0].popover(t("sidebar.new"), icon=":material/note_add:", width="stretch"):
        new_case_form("library-new")
    with row[1].popover(t("library.copy"), icon=":material/content_copy:", disabled=store is None,
                        width="stretch"):
        copy_name = st.text_input(t("library.copy.name"), value=t("library.copy.default", name=case.assumptions.name),
                                  max_chars=120, key="library-copy-name")
        if st.button(t("library.copy.button"), type="primary", key="library-copy-go") and library.save_as_new(
                get_case(), copy_name.strip() or case.assumptions.name):
            st.toast(t("library.copy.done"), icon=":material/content_copy:")
            st.rerun()
    current = library.case_id()
    with row[2].popover(t("library.delete"), icon=":material/delete:", disabled=store is None or current is None,
                        width="stretch"):
        st.markdown(t("library.delete.confirm", name=literal(case.assumptions.name)))
        if st.button(t("library.delete.yes"), type="primary", key="library-delete-go"):
            if problem := library.delete_current():
                st.error(literal(problem))
            else:
                st.toast(t("library.delete.done"), icon=":material/delete:")
                st.rerun()

    st.subheader(t("library.all", count=len(cases)))
    if cases:
        st.dataframe(_listing(cases), hide_index=True, width="stretch")
        others = [r.id for r in cases if r.id != library.case_id()]
        if others:
            pick, go = st.columns([4, 1], vertical_alignment="bottom")
            chosen = pick.selectbox(t("library.open"), others, format_func=_choice_label(cases), key="library-open")
            go.button(t("library.open.button"), on_click=_open, args=(chosen,), type="primary", width="stretch",
                      icon=":material/folder_open:")
    else:
        st.info(t("library.empty"), icon=":material/inventory_2:")
    with st.expander(t("library.deleted", count=len(deleted)), icon=":material/restore_from_trash:"):
        if deleted:
            st.dataframe(_listing(deleted, deleted=True).drop(columns=[t("library.col.current")]), hide_index=True,
                         width="stretch")
            pick, go = st.columns([4, 1], vertical_alignment="bottom")
            chosen = pick.selectbox(t("library.undelete.pick"), [r.id for r in deleted],
                                    format_func=_choice_label(deleted), key="library-undelete")
            if go.button(t("library.undelete"), width="stretch", icon=":material/restore:", key="library-undelete-go"):
                if problem := library.undelete(chosen):
                    st.error(literal(problem))
                else:
                    st.rerun()
        else:
            st.caption(t("library.deleted.none"))

with tab_history:
    history = []
    if store is not None and library.case_id():
        try:
            history = store.history(library.case_id())
        except StoreError as error:
            st.error(literal(str(error)))
    if not history:
        st.info(t("library.history.none"), icon=":material/history:")
    else:
        def _what(entry) -> str:
            if entry.action != "saved" and not entry.changes:
                return "—"
            parts = [f"{change_label(c['path'], c['item'])}: "
                     + (t(f"library.kind.{c['kind']}") if c["kind"] != "changed"
                        else f"{change_value(c['before'], c['path'], currency)} → "
                             f"{change_value(c['after'], c['path'], currency)}") for c in entry.changes]
            if entry.more:
                parts.append(t("library.history.more", count=entry.more))
            return "; ".join(parts) or t("library.history.same")

        st.dataframe(pd.DataFrame({
            t("library.col.version"): [h.version for h in history],
            t("library.col.when"): [stamp(h.saved_at) for h in history],
            t("library.col.by"): [h.author or t("library.anonymous") for h in history],
            t("library.col.action"): [t(f"library.action.{h.action}") for h in history],
            t("library.col.what"): [_what(h) for h in history],
        }), hide_index=True, width="stretch", height=min(420, 38 + 35 * len(history)),
            column_config={t("library.col.what"): st.column_config.TextColumn(width="large")})
        pick, go = st.columns([4, 1], vertical_alignment="bottom")
        version = pick.selectbox(t("library.restore.pick"), [h.version for h in history[1:]],
                                 format_func=lambda v: t("library.restore.option", version=v,
                                                         when=stamp(next(h.saved_at for h in history
                                                                         if h.version == v))),
                                 key="library-restore", placeholder=t("library.restore.placeholder"))
        if go.button(t("library.restore"), disabled=version is None, width="stretch", icon=":material/history:",
                     key="library-restore-go"):
            if problem := library.restore(version):
                st.error(literal(problem))
            else:
                st.rerun()

with tab_compare:
    options = [r.id for r in cases]
    if len(options) < 2:
        st.info(t("library.compare.need"), icon=":material/compare_arrows:")
    else:
        label = _choice_label(cases)
        first_default = options.index(library.case_id()) if library.case_id() in options else 0
        pick_a, pick_b = st.columns(2)
        a_id = pick_a.selectbox(t("library.compare.a"), options, index=first_default, format_func=label,
                                key="compare-a")
        b_id = pick_b.selectbox(t("library.compare.b"), options, index=1 if first_default == 0 else 0,
                                format_func=label, key="compare-b")
        head_a, head_b = f"A · {label(a_id)}", f"B · {label(b_id)}"
        try:
            a_case, b_case = store.load(a_id).case, store.load(b_id).case
        except StoreError as error:
            st.error(literal(str(error)))
        else:
            a_fig, b_fig = evaluate(a_case).adjusted, evaluate(b_case).adjusted
            st.markdown(f"**{t('library.compare.figures')}**")
            rows = [
                (t("metric.npv"), money(a_fig.npv, a_case.assumptions.currency),
                 money(b_fig.npv, b_case.assumptions.currency), money(b_fig.npv - a_fig.npv, currency)),
                (t("metric.roi"), percent(a_fig.roi.value), percent(b_fig.roi.value), ""),
                (t("metric.irr"), percent(a_fig.irr.value), percent(b_fig.irr.value), ""),
                (t("metric.payback"), months(a_fig.payback_months.value), months(b_fig.payback_months.value), ""),
                (t("metric.pv_costs"), money(a_fig.pv_costs, a_case.assumptions.currency),
                 money(b_fig.pv_costs, b_case.assumptions.currency), money(b_fig.pv_costs - a_fig.pv_costs, currency)),
                (t("metric.pv_benefits"), money(a_fig.pv_benefits, a_case.assumptions.currency),
                 money(b_fig.pv_benefits, b_case.assumptions.currency),
                 money(b_fig.pv_benefits - a_fig.pv_benefits, currency)),
            ]
            st.dataframe(pd.DataFrame(rows, columns=[t("library.compare.figure"), head_a, head_b,
                                                     t("library.compare.difference")]),
                         hide_index=True, width="stretch")
            differ = changes(a_case, b_case)
            st.markdown(f"**{t('library.compare.inputs', count=len(differ))}**")
            if differ:
                st.dataframe(pd.DataFrame({
                    t("library.compare.input"): [change_label(c.path, c.item) for c in differ],
                    head_a: [change_value(c.before, c.path, currency) if c.kind != "added" else "—"
                                  for c in differ],
                    head_b: [change_value(c.after, c.path, currency) if c.kind != "removed" else "—"
                                  for c in differ],
                }), hide_index=True, width="stretch", height=min(600, 38 + 35 * len(differ)))
            else:
                st.caption(t("library.compare.same"))

with tab_files:
    left, right = st.columns(2)
    with left.container(border=True):
        st.markdown(f"**{t('library.json.save')}**")
        st.caption(t("library.json.save.caption"))
        st.download_button(t("library.json.download"), data=lambda snapshot=case: case_to_json(snapshot),
                           file_name="crm-case.json", mime="application/json", icon=":material/download:",
                           on_click="ignore", key="download-json")
    with right.container(border=True):
        st.markdown(f"**{t('library.json.open')}**")
        st.caption(t("library.json.open.caption"))
        upload = st.file_uploader(t("library.json.label"), type=["json"], key="upload-json")
        if upload is not None:
            try:
                if upload.size > MAX_JSON_BYTES:
                    raise CrmCaseError(t("library.json.too_big", size=upload.size // 1024,
                                         limit=MAX_JSON_BYTES // 1024))
                loaded = case_from_json(upload.getvalue())
            except CrmCaseError as error:
                lines = "\n".join("- " + literal(problem) for problem in error.problems)
                st.error(f"{t('library.json.bad', name=literal(upload.name))}\n\n{lines}", icon=":material/error:")
            else:
                st.success(t("library.json.ok", name=literal(loaded.assumptions.name)), icon=":material/check_circle:")
                if st.button(t("library.json.apply"), type="primary", key="library-json-apply"):
                    if library.save_as_new(loaded) is None:  # saving is off: a new case, saved when it works
                        start_case(loaded, fresh=True)
                    st.toast(t("library.opened", name=literal(loaded.assumptions.name)), icon=":material/folder_open:")
