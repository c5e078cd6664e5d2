"""What the Case library page draws: this case's box, the list of cases, the history, two cases compared, JSON in
and out. Reads and actions go through :mod:`ui.library` (one error handling); nothing here touches the store."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, case_from_json, case_to_json, changes, evaluate
from crm_case.store import CaseInfo, VersionInfo
from ui import auth, i18n, library
from ui.format import change_value, clauses, money, months, percent, stamp
from ui.i18n import change_label, labelled, localized, t
from ui.own_case import new_case_form
from ui.state import get_case, start_case
from ui.text import literal

MAX_JSON_BYTES = 2 * 1024 * 1024


def this_case(case: Case) -> None:
    """The session's case: its name and save status, the author's name, and its link."""
    with st.container(border=True):
        left, right = st.columns([3, 2])
        with left:
            st.markdown(f"#### {literal(case.assumptions.name)}")
            st.caption(literal(library.status(case)))
        with right:
            if auth.team_mode():  # the signed-in identity is the author of every version: nothing to type
                st.caption(t("team.author", who=literal(auth.who())))
                if (role := library.role()) is not None:
                    st.caption(t("team.your_role", role=t(f"team.role.{role.value}")))
            else:
                name = st.text_input(t("library.author"), value=library.author(), help=t("library.author.help"),
                                     key="library-author", max_chars=100)
                if name != library.author():
                    library.set_author(name)
        if library.case_id():
            # The link opens the app's first page: a link to a page would show "Page not found" on a server that
            # has just started (Streamlit learns the pages on the first run).
            base = re.sub(r"/case-library/?$", "", (st.context.url or "").rstrip("/"))
            st.markdown(t("library.link"))
            chosen = f"&lang={i18n.language()}" if i18n.chosen() else ""  # the language the sender chose, kept
            st.code(f"{base}/?case={library.case_id()}{chosen}", language=None)


def _open(case_id: str) -> None:
    if library.open_case(case_id):
        st.toast(t("library.opened", name=literal(get_case().assumptions.name)), icon=":material/folder_open:")


def _listing(rows: list[CaseInfo], *, deleted: bool = False) -> pd.DataFrame:
    return pd.DataFrame({
        t("library.col.name"): [r.name for r in rows],
        t("library.col.updated"): [stamp(r.deleted_at if deleted else r.updated_at) for r in rows],
        t("library.col.by"): [r.updated_by or t("library.anonymous") for r in rows],
        t("library.col.version"): [r.version for r in rows],
        t("library.col.current"): ["●" if r.id == library.case_id() else "" for r in rows],
    })


def choice_label(rows: list[CaseInfo]):
    """How a case is named in a choice: name, last change and the start of its id (which tells twins apart)."""
    names = {r.id: f"{r.name} · {stamp(r.updated_at)} · #{r.id[:6]}" for r in rows}
    return lambda case_id: names.get(case_id, case_id)


def _done(problem: str | None, toast: str | None = None, icon: str = ":material/check:") -> None:
    """After an action of :mod:`ui.library`: its message, or a toast and a new run showing the result."""
    if problem:
        st.error(literal(localized(problem)))
        return
    if toast:
        st.toast(toast, icon=icon)
    st.rerun()


def _actions(case: Case) -> None:
    saving = library.store() is not None
    row = st.columns(3)
    with row[0].popover(t("sidebar.new"), icon=":material/note_add:", width="stretch"):
        new_case_form("library-new")
    with row[1].popover(t("library.copy"), icon=":material/content_copy:", disabled=not saving, width="stretch"):
        copy_name = st.text_input(t("library.copy.name"), value=t("library.copy.default", name=case.assumptions.name),
                                  max_chars=120, key="library-copy-name")
        if st.button(t("library.copy.button"), type="primary", key="library-copy-go") and library.save_as_new(
                get_case(), copy_name.strip() or case.assumptions.name):
            _done(None, t("library.copy.done"), ":material/content_copy:")
    with row[2].popover(t("library.delete"), icon=":material/delete:",  # only the owner deletes (team mode)
                        disabled=not saving or library.case_id() is None or not library.is_owner(),
                        width="stretch"):
        st.markdown(t("library.delete.confirm", name=literal(case.assumptions.name)))
        if st.button(t("library.delete.yes"), type="primary", key="library-delete-go"):
            _done(library.delete_current(), t("library.delete.done"), ":material/delete:")


def _deleted(deleted: list[CaseInfo]) -> None:
    with st.expander(t("library.deleted", count=len(deleted)), icon=":material/restore_from_trash:"):
        if not deleted:
            st.caption(t("library.deleted.none"))
            return
        st.dataframe(_listing(deleted, deleted=True).drop(columns=[t("library.col.current")]), hide_index=True,
                     width="stretch")
        pick, go = st.columns([4, 1], vertical_alignment="bottom")
        chosen = pick.selectbox(t("library.undelete.pick"), [r.id for r in deleted],
                                format_func=choice_label(deleted), key="library-undelete")
        if go.button(t("library.undelete"), width="stretch", icon=":material/restore:", key="library-undelete-go"):
            _done(library.undelete(chosen))


def cases_tab(case: Case, cases: list[CaseInfo], deleted: list[CaseInfo]) -> None:
    """New case, save as copy, delete; every saved case, one to open; the deleted ones, one to bring back."""
    _actions(case)
    st.subheader(t("library.all", count=len(cases)))
    if cases:
        st.dataframe(_listing(cases), hide_index=True, width="stretch")
        others = [r.id for r in cases if r.id != library.case_id()]
        if others:
            pick, go = st.columns([4, 1], vertical_alignment="bottom")
            chosen = pick.selectbox(t("library.open"), others, format_func=choice_label(cases), key="library-open")
            go.button(t("library.open.button"), on_click=_open, args=(chosen,), type="primary", width="stretch",
                      icon=":material/folder_open:")
    else:
        st.info(t("library.empty"), icon=":material/inventory_2:")
    _deleted(deleted)


def _what(entry: VersionInfo, currency: str) -> str:
    """One version's changes, in words: "Sales reps: 67 → 71; ..." (at most the first few, then how many more)."""
    if entry.action != "saved" and not entry.changes:
        return "—"
    parts = [f"{change_label(c['path'], c['item'])}: "
             + (t(f"library.kind.{c['kind']}") if c["kind"] != "changed"
                else f"{change_value(c['before'], c['path'], currency)} → "
                     f"{change_value(c['after'], c['path'], currency)}") for c in entry.changes]
    if entry.more:
        parts.append(t("library.history.more", count=entry.more))
    return clauses(parts) or t("library.history.same")


def history_tab(currency: str) -> None:
    """The versions of this case, who saved each and what changed; an earlier one to make current again."""
    history, problem = library.history_of_current()
    if problem:
        st.error(literal(localized(problem)))
    if not history:
        st.info(t("library.history.none"), icon=":material/history:")
        return
    st.dataframe(pd.DataFrame({
        t("library.col.version"): [h.version for h in history],
        t("library.col.when"): [stamp(h.saved_at) for h in history],
        t("library.col.by"): [h.author or t("library.anonymous") for h in history],
        t("library.col.action"): [t(f"library.action.{h.action}") for h in history],
        t("library.col.what"): [_what(h, currency) for h in history],
    }), hide_index=True, width="stretch", height=min(420, 38 + 35 * len(history)),
        column_config={t("library.col.what"): st.column_config.TextColumn(width="large")})
    saved = {h.version: h.saved_at for h in history}
    pick, go = st.columns([4, 1], vertical_alignment="bottom")
    version = pick.selectbox(t("library.restore.pick"), [h.version for h in history[1:]],
                             format_func=labelled(saved, lambda v: t("library.restore.option", version=v,
                                                                     when=stamp(saved[v]))),
                             key="library-restore", placeholder=t("library.restore.placeholder"))
    if go.button(t("library.restore"), disabled=version is None or library.read_only(), width="stretch",
                 icon=":material/history:",
                 key="library-restore-go"):
        _done(library.restore(version))


def _figures(a_case: Case, b_case: Case, currency: str) -> list[tuple[str, str, str, str]]:
    """The headline figures of two cases side by side (risk-adjusted), money differences in ``currency``."""
    a_fig, b_fig = evaluate(a_case).adjusted, evaluate(b_case).adjusted
    a_cur, b_cur = a_case.assumptions.currency, b_case.assumptions.currency

    def amounts(name: str) -> tuple[str, str, str, str]:
        a, b = getattr(a_fig, name), getattr(b_fig, name)
        return t(f"metric.{name}"), money(a, a_cur), money(b, b_cur), money(b - a, currency)

    return [
        amounts("npv"),
        (t("metric.roi"), percent(a_fig.roi.value), percent(b_fig.roi.value), ""),
        (t("metric.irr"), percent(a_fig.irr.value), percent(b_fig.irr.value), ""),
        (t("metric.payback"), months(a_fig.payback_months.value), months(b_fig.payback_months.value), ""),
        amounts("pv_costs"),
        amounts("pv_benefits"),
    ]


def _compared(a_case: Case, b_case: Case, heads: tuple[str, str], currency: str) -> None:
    st.markdown(f"**{t('library.compare.figures')}**")
    st.dataframe(pd.DataFrame(_figures(a_case, b_case, currency), columns=[
        t("library.compare.figure"), *heads, t("library.compare.difference")]), hide_index=True, width="stretch")
    differ = changes(a_case, b_case)
    st.markdown(f"**{t('library.compare.inputs', count=len(differ))}**")
    if not differ:
        st.caption(t("library.compare.same"))
        return
    st.dataframe(pd.DataFrame({
        t("library.compare.input"): [change_label(c.path, c.item) for c in differ],
        heads[0]: [change_value(c.before, c.path, currency) if c.kind != "added" else "—" for c in differ],
        heads[1]: [change_value(c.after, c.path, currency) if c.kind != "removed" else "—" for c in differ],
    }), hide_index=True, width="stretch", height=min(600, 38 + 35 * len(differ)))


def compare_tab(cases: list[CaseInfo], currency: str) -> None:
    """Two saved cases: their figures side by side and every input that differs."""
    options = [r.id for r in cases]
    if len(options) < 2:
        st.info(t("library.compare.need"), icon=":material/compare_arrows:")
        return
    label = choice_label(cases)
    first_default = options.index(library.case_id()) if library.case_id() in options else 0
    pick_a, pick_b = st.columns(2)
    a_id = pick_a.selectbox(t("library.compare.a"), options, index=first_default, format_func=label, key="compare-a")
    b_id = pick_b.selectbox(t("library.compare.b"), options, index=1 if first_default == 0 else 0,
                            format_func=label, key="compare-b")
    pair, problem = library.load_two(a_id, b_id)
    if problem:
        st.error(literal(localized(problem)))
    elif pair is not None:
        _compared(*pair, (f"A · {label(a_id)}", f"B · {label(b_id)}"), currency)


def _json_in() -> None:
    st.markdown(f"**{t('library.json.open')}**")
    st.caption(t("library.json.open.caption"))
    upload = st.file_uploader(t("library.json.label"), type=["json"], key="upload-json")
    if upload is None:
        return
    try:
        if upload.size > MAX_JSON_BYTES:
            raise CrmCaseError(t("library.json.too_big", size=upload.size // 1024, limit=MAX_JSON_BYTES // 1024))
        loaded = case_from_json(upload.getvalue())
    except CrmCaseError as error:
        lines = "\n".join("- " + literal(localized(problem)) for problem in error.problems)
        st.error(f"{t('library.json.bad', name=literal(upload.name))}\n\n{lines}", icon=":material/error:")
        return
    st.success(t("library.json.ok", name=literal(loaded.assumptions.name)), icon=":material/check_circle:")
    if st.button(t("library.json.apply"), type="primary", key="library-json-apply"):
        if library.save_as_new(loaded) is None:  # saving is off: a new case, saved when it works
            start_case(loaded, fresh=True)
        st.toast(t("library.opened", name=literal(loaded.assumptions.name)), icon=":material/folder_open:")


def files_tab(case: Case) -> None:
    """The case as a JSON file to download, and a JSON file to open as a new case."""
    left, right = st.columns(2)
    with left.container(border=True):
        st.markdown(f"**{t('library.json.save')}**")
        st.caption(t("library.json.save.caption"))
        st.download_button(t("library.json.download"), data=lambda snapshot=case: case_to_json(snapshot),
                           file_name="crm-case.json", mime="application/json", icon=":material/download:",
                           on_click="ignore", key="download-json")
    with right.container(border=True):
        _json_in()
