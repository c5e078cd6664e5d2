"""Who may open the session's case (team mode): the owner shares it with people by e-mail as viewer or editor,
changes or removes their shares, makes links that grant view or edit (each shown once) and revokes them.

Every action goes through :mod:`ui.library` (which asks the signed-in person's view of the library,
:class:`crm_case.access.PersonStore`, so a refusal comes from the library itself, not from this page). Nothing here
is drawn in personal mode."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from crm_case.access import Role
from ui import auth, library
from ui.format import stamp
from ui.i18n import labelled, localized, t
from ui.text import literal

SHARED_ROLES = (Role.VIEWER.value, Role.EDITOR.value)
_MESSAGE, _NEW_LINK, _FORM = "team:message", "team:new-link", "team:share-form"


def role_name(role: object) -> str:
    """A role in words ("can view", "can edit", "owner")."""
    return t(f"team.role.{Role(str(role)).value}")


def _said(problem: str | None, done: str) -> None:
    """Keep an action's outcome for the next run of the tab: its problem, or what was done."""
    st.session_state[_MESSAGE] = ("error", literal(localized(problem))) if problem else ("success", done)


def _message() -> None:
    if said := st.session_state.pop(_MESSAGE, None):
        (st.error if said[0] == "error" else st.success)(said[1], icon=":material/error:" if said[0] == "error"
                                                         else ":material/check_circle:")


def _share_typed() -> None:
    email = (st.session_state.get(f"{_FORM}:email") or "").strip()
    role = st.session_state.get(f"{_FORM}:role") or Role.VIEWER.value
    if not email:
        _said(t("team.share.email.missing"), "")
        return
    _said(library.share(email, role), t("team.share.done", email=literal(email.lower()), role=role_name(role)))
    st.session_state[f"{_FORM}:email"] = ""


def _change(email: str, key: str) -> None:
    role = st.session_state[key]
    _said(library.share(email, role), t("team.share.changed", email=literal(email), role=role_name(role)))


def _remove(email: str) -> None:
    _said(library.unshare(email), t("team.share.removed", email=literal(email)))


def _make_link() -> None:
    role = st.session_state.get("team-link-role") or Role.VIEWER.value
    made, problem = library.make_link(role)
    if problem:
        _said(problem, "")
    else:
        st.session_state[_NEW_LINK] = (made.token, made.link.role.value)


def _revoke(link_id: str) -> None:
    _said(library.revoke_link(link_id), t("team.link.revoked"))


def _base_url() -> str:
    """The app's address without the page (a link opens the app's first page, which knows every page)."""
    return re.sub(r"/case-library/?$", "", (st.context.url or "").rstrip("/"))


def _people() -> None:
    st.markdown(f"**{t('team.share.people')}**")
    st.caption(t("team.share.people.caption"))
    email_col, role_col, go_col = st.columns([5.2, 2, 1.8], vertical_alignment="bottom")
    email_col.text_input(t("team.share.email"), key=f"{_FORM}:email", max_chars=254,
                         placeholder=t("team.share.email.placeholder"))
    role_col.selectbox(t("team.share.role"), SHARED_ROLES, key=f"{_FORM}:role",
                       format_func=labelled(SHARED_ROLES, role_name))
    go_col.button(t("team.share.add"), key="team-share-add", type="primary", on_click=_share_typed,
                  icon=":material/person_add:", width="stretch")
    shared, problem = library.shares()
    if problem:
        st.error(literal(localized(problem)), icon=":material/error:")
    if not shared:
        st.caption(t("team.share.none"))
        return
    for n, entry in enumerate(shared):
        who, role, since, remove = st.columns([3.2, 2, 2, 1.8], vertical_alignment="center")
        who.markdown(literal(entry.email))
        key = f"team-share-role:{n}:{entry.email}"
        st.session_state[key] = entry.role.value
        role.selectbox(t("team.share.role.of", email=literal(entry.email)), SHARED_ROLES, key=key,
                       format_func=labelled(SHARED_ROLES, role_name), label_visibility="collapsed",
                       on_change=_change, args=(entry.email, key))
        since.caption(t("team.share.since", when=stamp(entry.granted_at)))
        remove.button(t("team.share.remove"), key=f"team-share-remove:{n}:{entry.email}", on_click=_remove,
                      args=(entry.email,), icon=":material/person_remove:", width="stretch")


def _new_link() -> None:
    """The link just made, shown this once with its copy button (the library keeps only its hash)."""
    if (made := st.session_state.pop(_NEW_LINK, None)) is None:
        return
    token, role = made
    with st.container(border=True):
        st.markdown(t("team.link.new", role=role_name(role)))
        st.code(f"{_base_url()}/?share={token}", language=None, wrap_lines=True)
        st.caption(t("team.link.once"))


def _links() -> None:
    st.markdown(f"**{t('team.link.title')}**")
    st.caption(t("team.link.caption"))
    role_col, go_col = st.columns([2, 2], vertical_alignment="bottom")
    role_col.selectbox(t("team.link.role"), SHARED_ROLES, key="team-link-role",
                       format_func=labelled(SHARED_ROLES, role_name))
    go_col.button(t("team.link.make"), key="team-link-make", on_click=_make_link, icon=":material/add_link:")
    _new_link()
    made, problem = library.links()
    if problem:
        st.error(literal(localized(problem)), icon=":material/error:")
    if not made:
        st.caption(t("team.link.none"))
        return
    st.dataframe(pd.DataFrame({
        t("team.link.col.role"): [role_name(entry.role) for entry in made],
        t("team.link.col.made"): [stamp(entry.made_at) for entry in made],
        t("team.link.col.uses"): [entry.uses for entry in made],
        t("team.link.col.state"): [t("team.link.live") if entry.live
                                   else t("team.link.ended", when=stamp(entry.revoked_at)) for entry in made],
    }), hide_index=True, width="stretch")
    live = [entry for entry in made if entry.live]
    if live:
        names = {entry.id: t("team.link.option", role=role_name(entry.role), when=stamp(entry.made_at),
                             uses=entry.uses) for entry in live}
        pick, go = st.columns([7.2, 1.8], vertical_alignment="bottom")
        chosen = pick.selectbox(t("team.link.revoke.pick"), list(names), format_func=names.__getitem__,
                                key="team-link-revoke")
        go.button(t("team.link.revoke"), key="team-link-revoke-go", on_click=_revoke, args=(chosen,),
                  icon=":material/link_off:", width="stretch")


def sharing_tab() -> None:
    """The Case library page's "Sharing" tab (team mode): for the owner, people and links; for anyone else, their
    own role and who owns the case."""
    _message()
    if library.case_id() is None:
        st.info(t("team.share.unsaved"), icon=":material/cloud_upload:")
        return
    if not library.is_owner():
        role = library.role()
        st.info(t("team.share.not_owner", role=role_name(role) if role else ""), icon=":material/lock:")
        return
    _people()
    st.divider()
    _links()


def shown() -> bool:
    """Whether the page has a Sharing tab: team mode only."""
    return auth.team_mode()
