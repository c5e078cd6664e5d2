"""Autosave to the case library, and the case id in the URL.

Each browser session works on its own case object in ``st.session_state`` (ui/state.py). Once the case has
changed, it lives in the library under an id that the URL carries (``?case=<id>``): every accepted change
is saved as a new version (:func:`autosave`, called by ``ui.state.set_case``), so a refresh, a server
restart or the same link in another browser reopens it (:func:`sync_with_url`, called by the router on
every run).

Saves are version-checked: a session that saves over a version it has not seen (another tab, a colleague)
is refused; the session keeps its copy and offers to reload the library's or save its own as a new case.
When the library cannot be used (unreachable, read-only, bad URL), saving is off for the session: the app
keeps working on the case in memory and says so, with a retry.

Nothing here is shared between sessions but the store's connection pool (``st.cache_resource``), which
holds no case.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st

from crm_case import Case, CaseNotFound, CaseStore, StoreError, VersionConflict, sample_case, with_value
from crm_case.start import BLANK_NAME, default_name
from crm_case.store import CaseInfo, database_url
from ui.i18n import t

ROOT = Path(__file__).resolve().parent.parent
PARAM = "case"
WATCH_VARIABLE = "CRM_CASE_WATCH_SECONDS"
DEFAULT_WATCH_SECONDS = 10.0
_ID, _VERSION, _OFF, _CONFLICT, _NOTICE, _CHECKED, _AUTHOR, _SAVED_AT, _ASK_NAME = (
    "library:id", "library:version", "library:off", "library:conflict", "library:notice", "library:checked",
    "library:author", "library:saved-at", "library:ask-name")
SHARED_NAMES = frozenset({sample_case().assumptions.name, BLANK_NAME})
"""Names every case started from the sample or blank has: such a case is named at its first save (a default with
the date and time, which the sidebar asks the user to confirm or change), so the library does not fill with twins."""


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> CaseStore:
    return CaseStore(url)


def library_url() -> str:
    """The database URL from the environment (``CRM_CASE_DATABASE_URL`` / ``CRM_CASE_DATA_DIR``)."""
    return database_url(os.environ, base=ROOT)


def store() -> CaseStore | None:
    """The session's library, or ``None`` when saving is off (the reason is in :func:`saving_off`)."""
    if st.session_state.get(_OFF):
        return None
    try:
        return _store_for(library_url())
    except StoreError as error:
        _turn_off(error)
        return None


def _turn_off(error: StoreError) -> None:
    st.session_state[_OFF] = str(error)


def saving_off() -> str | None:
    """Why saving is off for this session, or ``None`` when it is on."""
    return st.session_state.get(_OFF)


def retry() -> None:
    """Try the library again after it failed."""
    st.session_state.pop(_OFF, None)
    st.session_state.pop(_CHECKED, None)


def case_id() -> str | None:
    return st.session_state.get(_ID)


def version() -> int | None:
    return st.session_state.get(_VERSION)


def conflict() -> str | None:
    return st.session_state.get(_CONFLICT)


def author() -> str:
    return st.session_state.get(_AUTHOR, "")


def set_author(name: str) -> None:
    st.session_state[_AUTHOR] = name.strip()[:100]


def take_notice() -> str | None:
    """A one-off message for the page (e.g. a link to a case that does not exist), shown once."""
    return st.session_state.pop(_NOTICE, None)


def notify(message: str) -> None:
    st.session_state[_NOTICE] = message


def saved_at():
    return st.session_state.get(_SAVED_AT)


def _attach(case_id_: str | None, version_: int | None, when=None) -> None:
    st.session_state[_ID], st.session_state[_VERSION] = case_id_, version_
    st.session_state[_SAVED_AT] = when
    st.session_state.pop(_CONFLICT, None)
    if case_id_:
        st.query_params[PARAM] = case_id_
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def open_case(wanted: str) -> bool:
    """Make the library's case ``wanted`` this session's case; ``False`` (with a notice) when it cannot."""
    from ui.state import replace_case

    library = store()
    if library is None:
        notify(t("library.notice.off_link", id=wanted))
        return False
    try:
        stored = library.load(wanted)
    except CaseNotFound:
        notify(t("library.notice.unknown", id=wanted))
        _attach(None, None)
        return False
    except StoreError as error:
        _turn_off(error)
        notify(t("library.notice.off_link", id=wanted))
        return False
    if stored.info.deleted:
        notify(t("library.notice.deleted", name=stored.info.name))
        _attach(None, None)
        return False
    replace_case(stored.case)
    _attach(stored.info.id, stored.info.version, stored.info.updated_at)
    return True


def sync_with_url() -> None:
    """Run by the router on every run, before any page: opens the case the URL names when it is not the
    session's, puts the session's id back into the URL when a page switch dropped it, and checks once per
    session that the library can be written."""
    if not st.session_state.get(_CHECKED):
        st.session_state[_CHECKED] = True
        if (library := store()) is not None:
            try:
                library.check()
            except StoreError as error:
                _turn_off(error)
    wanted = st.query_params.get(PARAM)
    current = case_id()
    if wanted and wanted != current:
        open_case(wanted)
    elif current and not wanted:
        st.query_params[PARAM] = current


def watch_interval(environ=os.environ) -> float | None:
    """Seconds between two looks at whether someone else saved the session's case (``CRM_CASE_WATCH_SECONDS``,
    default 10); ``None`` (no looking between runs) when it is 0 or not a positive number."""
    raw = environ.get(WATCH_VARIABLE, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_WATCH_SECONDS
    except ValueError:
        seconds = DEFAULT_WATCH_SECONDS
    return seconds if seconds > 0 else None


def changed_elsewhere() -> CaseInfo | None:
    """The library's current version of the session's case when it is not the one on screen (another tab or
    person saved or deleted it since), else ``None``. Nothing is loaded: the user chooses (the next save would
    be refused as a conflict anyway). A library that cannot be read now is left to the next save to report."""
    if conflict() or case_id() is None or (library := store()) is None:
        return None
    try:
        head = library.info(case_id())
    except StoreError:
        return None
    return head if head.deleted or head.version != version() else None


def autosave(case: Case, *, create: bool = True) -> None:
    """Save ``case`` (just accepted by ``ui.state.set_case``) as the next version of the session's case, or as
    a new library case on the session's first change (unless ``create`` is false). A conflict or a library
    failure is recorded for the sidebar; the case in memory is never touched."""
    if conflict() or (case_id() is None and not create):
        return
    library = store()
    if library is None:
        return
    try:
        if case_id() is None:
            if case.assumptions.name in SHARED_NAMES:
                case = _first_name(case)
            stored = library.create(case, author=author())
        else:
            stored = library.save(case_id(), case, expected_version=version(), author=author())
    except VersionConflict as error:
        st.session_state[_CONFLICT] = t("library.conflict", where=t("library.conflict.deleted")
                                        if error.deleted else t("library.conflict.changed"))
        return
    except StoreError as error:
        _turn_off(error)
        return
    _attach(stored.info.id, stored.info.version, stored.info.updated_at)


def _first_name(case: Case) -> Case:
    """``case`` under a name of its own for its first save (see :data:`SHARED_NAMES`); the session's case takes
    the name too, and the sidebar asks the user to confirm or change it."""
    from ui.state import CASE_KEY

    named_case = with_value(case, "assumptions.name",
                            default_name(case.assumptions.name, dt.datetime.now()))
    st.session_state[CASE_KEY] = named_case
    st.session_state[_ASK_NAME] = True
    return named_case


def needs_name() -> bool:
    """Whether the session's case was just named by default at its first save and the user has not yet
    confirmed or changed the name."""
    return bool(st.session_state.get(_ASK_NAME))


def named() -> None:
    """The user has chosen the case's name (typed it, or kept the default)."""
    st.session_state.pop(_ASK_NAME, None)


def reload_from_library() -> None:
    """Resolve a conflict by taking the library's version (this session's unsaved change is dropped)."""
    wanted = case_id()
    st.session_state.pop(_CONFLICT, None)
    if wanted:
        open_case(wanted)


def save_as_new(case: Case, name: str | None = None) -> str | None:
    """Save ``case`` as a new library case and make it the session's (resolves a conflict keeping this copy,
    or "save as copy"). Returns the new id, ``None`` when saving is off."""
    library = store()
    if library is None:
        return None
    if name:
        case = with_value(case, "assumptions.name", name)
    try:
        stored = library.create(case, author=author())
    except StoreError as error:
        _turn_off(error)
        return None
    from ui.state import replace_case

    replace_case(stored.case)
    _attach(stored.info.id, stored.info.version, stored.info.updated_at)
    return stored.info.id


def detach() -> None:
    """Forget the session's library case (after deleting it): the case in memory stays, unsaved."""
    _attach(None, None)
