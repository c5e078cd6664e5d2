"""Who is using the app: personal mode (no sign-in, one user) or team mode (sign-in through OpenID Connect).

**Team mode is on exactly when the secrets have an ``[auth]`` section** (``.streamlit/secrets.toml``, or the files
named by Streamlit's ``secrets.files`` option), which is what Streamlit's own ``st.login`` needs anyway:
``redirect_uri``, ``cookie_secret``, ``client_id``, ``client_secret``, ``server_metadata_url``. There is no second
switch that could disagree with it: an app that can sign people in always asks them to. Without it the app is in
personal mode: one person, no sign-in, everything as before (``make run`` then listens on 127.0.0.1 only).

In team mode nothing of the app is drawn before sign-in (the router shows :func:`sign_in_page` in place of every
page, whatever the address asks for), except the workshop participant's page ``/vote``: a room's link or code grants
voting on that room's items only, and that page shows no case data but the items voted on.

The signed-in identity comes from the provider's ID token (``st.user``): its e-mail (lower-cased, the key every
share and version names) and display name. This module only knows who signs in; what they may do with a case is
the store's (:mod:`crm_case.access`) and :mod:`ui.library`'s. It imports nothing of ``ui`` that saves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote

import streamlit as st

from crm_case.access import AccessError, Identity
from ui.i18n import t
from ui.text import literal

RETURN_COOKIE = "crm_case_return"
"""Where the browser asked to go before signing in (a path and query of this app), kept in a short-lived cookie
while it visits the provider: Streamlit's sign-in always comes back to the app's root, and a shared link
(``?case=<id>``, ``?share=<token>``) would otherwise be lost on the way."""
_RETURNED = "auth:returned"

_TEAM_MODE = "auth:team-mode"


def team_mode() -> bool:
    """Whether the app signs people in: the secrets have an ``[auth]`` section (see the module's docstring).
    ``False`` when there are no secrets at all."""
    held = st.session_state.get(_TEAM_MODE)
    if held is None:  # once per session: each look parses the secrets files again (about 20 ms a run, bench/server)
        try:
            held = "auth" in st.secrets
        except FileNotFoundError:  # no secrets file: personal mode (Streamlit's StreamlitSecretNotFoundError)
            held = False
        st.session_state[_TEAM_MODE] = held
    return held


def signed_in() -> bool:
    """Whether the browser's session carries a signed-in identity (always ``False`` in personal mode)."""
    return team_mode() and bool(st.user.get("is_logged_in", False))


def identity() -> Identity | None:
    """The signed-in person (e-mail lower-cased, display name), ``None`` in personal mode, before sign-in, or when
    the provider gave no usable e-mail address (:func:`sign_in_page` then says so)."""
    if not signed_in():
        return None
    try:
        return Identity.of(str(st.user.get("email") or ""), str(st.user.get("name") or ""))
    except AccessError:
        return None


def allowed() -> bool:
    """Whether the app may be shown to this session: personal mode, or a person signed in with an e-mail."""
    return not team_mode() or identity() is not None


def who() -> str:
    """How the signed-in person is named on screen: "Name (e-mail)", or the e-mail alone."""
    person = identity()
    if person is None:
        return ""
    name = person.name.strip()
    return f"{name} ({person.email})" if name and name.lower() != person.email else person.email


def _remember_address() -> None:
    """Keep the address asked for (path and query) in :data:`RETURN_COOKIE` for ten minutes, unless it is the
    root: the provider sends the browser back to the root, and :func:`return_to_address` goes on from there."""
    st.html(f"""<script>
(() => {{
  const here = location.pathname + location.search;
  if (here === "/" || here.startsWith("/oauth2callback") || here.startsWith("/auth/")) return;
  document.cookie = {json.dumps(RETURN_COOKIE)} + "=" + encodeURIComponent(here)
    + "; path=/; max-age=600; samesite=lax";
}})();
</script>""", unsafe_allow_javascript=True)


def return_to_address() -> bool:
    """Once per signed-in session: when the browser asked for another address before signing in
    (:data:`RETURN_COOKIE`), forget it and go there; ``True`` when the browser is sent there (the router then
    draws nothing more: the page asked for runs in the browser's next session). Only a path of this app is
    followed (it starts with one "/"), never another site."""
    if st.session_state.get(_RETURNED):
        return False
    st.session_state[_RETURNED] = True
    wanted = unquote((st.context.cookies or {}).get(RETURN_COOKIE, "") or "")
    clear = f'document.cookie = {json.dumps(RETURN_COOKIE)} + "=; path=/; max-age=0; samesite=lax";'
    if not wanted:
        return False
    if not wanted.startswith("/") or wanted.startswith(("//", "/\\")) or len(wanted) > 2000:
        st.html(f"<script>{clear}</script>", unsafe_allow_javascript=True)
        return False
    st.caption(t("team.signin.returning"))
    st.html(f"""<script>
(() => {{
  {clear}
  const wanted = {json.dumps(wanted)};
  location.replace(wanted);
}})();
</script>""", unsafe_allow_javascript=True)
    return True


def sign_in_page(language_menu: Callable[[], None] | None = None) -> None:
    """The only page of team mode before sign-in: what the app is, the one button, and the way in for a workshop
    participant (their link). A person signed in whose provider gave no e-mail address is told so, with sign-out."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle, st.container(border=True):
        st.markdown(f"### :material/lock: {t('team.signin.title')}")
        if team_mode() and bool(st.user.get("is_logged_in", False)) and identity() is None:
            st.warning(t("team.signin.no_email"), icon=":material/alternate_email:")
            st.button(t("team.signout"), key="team-signout", on_click=st.logout, icon=":material/logout:")
            return
        st.markdown(t("team.signin.intro"))
        if st.button(t("team.signin.button"), key="team-signin", type="primary", icon=":material/login:",
                     width="stretch"):
            st.login()
        st.caption(t("team.signin.vote"))
        if language_menu is not None:
            language_menu()
    _remember_address()


def signed_in_box() -> None:
    """The sidebar's line saying who is signed in, and the sign-out button (team mode only)."""
    if not team_mode() or identity() is None:
        return
    st.caption(t("team.signed_in", who=literal(who())))
    st.button(t("team.signout"), key="team-signout", on_click=st.logout, icon=":material/logout:",
              width="stretch")
