"""Autosave to the case library, and the case id in the URL.

Each browser session works on its own case object in ``st.session_state`` (ui/state.py). Once the case has
changed, it lives in the library under an id that the URL carries (``?case=<id>``): every accepted change
is saved as a new version (:func:`autosave`, called by ``ui.state.set_case``), so a refresh, a server
restart or the same link in another browser reopens it (:func:`sync_with_url`, called by the router on
every run).

What the session knows of the library is one :class:`Link` object in the session state, changed only by plain
attribute assignments under its lock. Streamlit may stop a run with a rerun at any access to ``st.session_state``
or any element drawn; no such access lies between a database write and the Link's record of it, so a rerun can
never leave the session believing in a version older than the one it wrote. And two runs of one session may
overlap (with ``runner.fastReruns``, Streamlit starts the new run while the old one is still finishing its save;
.streamlit/config.toml turns it off, but the lock does not rely on that): the lock makes a run's save wait for the
other's write and its record, so neither saves over a version the session itself has just written (which made
its next save a false conflict and stopped autosave). The Link
also keeps the case as the library holds it: the status is "Saved · version N" only when the session's case
equals it, and "Unsaved changes" otherwise; :func:`flush` (run on every run and by the sidebar's timer) writes
whatever is unsaved as one version.

Saves are version-checked: a session that saves over a version it has not seen (another tab, a colleague)
is refused; the session keeps its copy and offers to reload the library's or save its own as a new case.
When the library cannot be used (unreachable, read-only, full, locked, bad URL), saving is off for the session:
the app keeps working on the case in memory, says so with a reason that names no URL or path (the log has
them), and tries again on the sidebar's timer, at most every :data:`RETRY_SECONDS`, and at once on "Try saving
again"; when it works, the unsaved edits are written as one version.

Nothing here is shared between sessions but the store's connection pool (``st.cache_resource``), which
holds no case.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import streamlit as st

from crm_case import Case, CaseNotFound, CaseStore, CrmCaseError, StoreError, VersionConflict, sample_case, with_value
from crm_case.access import AccessDenied, BadLink, CaseHidden, PersonStore, Role
from crm_case.start import BLANK_NAME, default_name
from crm_case.store import CaseInfo, UnreadableCase, VersionInfo, database_url
from ui import auth, current, i18n
from ui.format import stamp
from ui.i18n import t
from ui.text import literal

ROOT = Path(__file__).resolve().parent.parent
PARAM = "case"
SHARE_PARAM = "share"
"""A sharing link's token (team mode): opened once (:func:`sync_with_url`), then the address names the case."""
WATCH_VARIABLE = "CRM_CASE_WATCH_SECONDS"
DEFAULT_WATCH_SECONDS = 10.0
RETRY_SECONDS = 5.0
"""While saving is off, runs between two tries are not slowed by a library that is down or locked: the next try is
at least this long after the last failure (the sidebar's timer tries on its own; "Try saving again" at once)."""
_LINK, _NOTICE, _AUTHOR, _ASK_NAME = "library:link", "library:notice", "library:author", "library:ask-name"
SHARED_NAMES = frozenset({sample_case().assumptions.name, BLANK_NAME})
"""Names every case started from the sample or blank has: such a case is named at its first save (a default with
the date and time, which the sidebar asks the user to confirm or change), so the library does not fill with twins."""
T = TypeVar("T")
_log = logging.getLogger("crm_case.library")


@dataclass
class Link:
    """What this session knows of its case in the library, kept as one object in ``st.session_state``.

    ``saved`` is the case as the library holds it at ``version`` (for a case not in the library yet, the case as
    it was started: the sample, a blank case, an imported file); the session's case differs from it exactly when
    something is unsaved. ``tried`` are the cases sent to the library since the last confirmed write: a write may
    have committed though no answer came back. ``off`` is why saving is off (``None`` when on), ``retry_at`` the
    monotonic time of the next automatic try; ``conflict`` the message when the library's version is not this
    session's, ``kind`` which ("changed", "deleted", "missing"); ``showing`` a case the Link already names but the
    session's case does not yet hold (a switch of case that a rerun interrupted, finished at the next run);
    ``in_url`` whether the URL already carries ``case_id``."""

    case_id: str | None = None
    version: int | None = None
    saved_at: dt.datetime | None = None
    saved: Case | None = None
    tried: list[Case] = field(default_factory=list)
    off: str | None = None
    retry_at: float = 0.0
    conflict: str | None = None
    kind: str | None = None
    showing: Case | None = None
    fresh: bool = False
    checked: bool = False
    in_url: bool = True
    role: Role | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def pending(self, case: Case) -> bool:
        """Whether ``case`` differs from what the library holds for this session."""
        return self.fresh or (self.saved is not None and case is not self.saved and case != self.saved)

    def stored(self, info: CaseInfo, case: Case, *, wrote: bool = True) -> None:
        """Record that the library holds ``case`` as ``info``'s version (plain assignments: no rerun between);
        ``wrote``: this session has just written it, so saving works."""
        if info.id != self.case_id:
            self.in_url = False
        self.case_id, self.version, self.saved_at, self.saved = info.id, info.version, info.updated_at, case
        self.tried, self.conflict, self.kind, self.fresh = [], None, None, False
        if wrote and self.role is None and auth.team_mode():
            self.role = Role.OWNER  # written by this person: a case they created, or one they may edit
        if wrote:
            self.off = None

    def forget(self, starting: Case | None = None, *, fresh: bool = False) -> None:
        """No library case any more (deleted, or a new case started): the next change creates one. ``starting``:
        the new case, which is then what "unsaved" is measured from; ``fresh``: it is to be saved as it is (a
        case the user chose to open or start while saving was off), so it counts as unsaved until it is."""
        self.case_id = self.version = self.saved_at = self.conflict = self.kind = self.role = None
        self.tried, self.in_url, self.fresh = [], False, fresh
        if starting is not None:
            self.saved = starting

    def clash(self, kind: str) -> None:
        self.kind = kind
        self.conflict = (t("library.conflict.missing") if kind == "missing" else
                         t("library.conflict", where=t(f"library.conflict.{kind}")))

    def failed(self, error: StoreError) -> None:
        self.off, self.retry_at = error.message, time.monotonic() + RETRY_SECONDS
        _log.warning("saving is off: %s", error.detail)


def link() -> Link:
    """This session's :class:`Link` (made on first use)."""
    held = st.session_state.get(_LINK)
    if held is None:
        held = st.session_state[_LINK] = Link()
    return held


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> CaseStore:
    return CaseStore(url)


def library_url() -> str:
    """The database URL from the environment (``CRM_CASE_DATABASE_URL`` / ``CRM_CASE_DATA_DIR``)."""
    return database_url(os.environ, base=ROOT)


def store() -> CaseStore | None:
    """The session's library, or ``None`` when saving is off (the reason is in :func:`saving_off`). While off,
    the library is checked again once the retry is due (:data:`RETRY_SECONDS` after the last failure)."""
    held = link()
    if held.off:
        if time.monotonic() < held.retry_at:
            return None
        _check(held)
        if held.off:
            return None
    return _open_store(held)


def _open_store(held: Link) -> CaseStore | None:
    try:
        return _store_for(library_url())
    except StoreError as error:
        held.failed(error)
        return None


def cases_store() -> CaseStore | PersonStore | None:
    """The library as this session may use it for cases: in team mode the signed-in person's view of it
    (:class:`crm_case.access.PersonStore`: every read and write checked against their role, versions recorded under
    their e-mail), in personal mode the whole library; ``None`` when saving is off (:func:`store`). Workshop rooms
    keep :func:`store` (a room's link grants voting, not the case)."""
    library = store()
    if library is None or not auth.team_mode():
        return library
    person = auth.identity()
    if person is None:  # the router shows no page before sign-in; nothing is read or written without a person
        return None
    return PersonStore(library, person)


def read_only() -> bool:
    """Whether the session's case may be seen but not changed by this person (team mode, shared with them as a
    viewer, or through a view link): every input is drawn disabled, and the library refuses a save anyway."""
    held = link()
    return held.case_id is not None and held.role is not None and not held.role.can_edit


def role() -> Role | None:
    """This person's role on the session's library case (team mode), ``None`` in personal mode or before the case
    is in the library."""
    return link().role


def is_owner() -> bool:
    """Whether this person owns the session's case (always, in personal mode: one person, every case theirs)."""
    held = link()
    return not auth.team_mode() or held.case_id is None or (held.role is not None and held.role.is_owner)


def _refresh_role(held: Link, library: CaseStore | PersonStore) -> None:
    """Ask the library for this person's role on the Link's case (team mode only)."""
    if isinstance(library, PersonStore) and held.case_id is not None:
        with contextlib.suppress(StoreError):  # a library that cannot answer now: the role stays as it was
            held.role = library.role(held.case_id)


def saving_off() -> str | None:
    """Why saving is off for this session, or ``None`` when it is on."""
    return link().off


def retry(case: Case) -> None:
    """"Try saving again": check the library now and, when it works, save what is unsaved at once."""
    held = link()
    held.retry_at = 0.0
    _check(held)
    if not held.off:
        flush(case)


def case_id() -> str | None:
    return link().case_id


def version() -> int | None:
    return link().version


def conflict() -> str | None:
    return link().conflict


def can_reload() -> bool:
    """Whether the conflict can be resolved by loading the library's version (not when it was deleted or is gone)."""
    return link().kind == "changed"


def unsaved(case: Case) -> bool:
    """Whether ``case`` (the session's) has changes the library does not hold."""
    return link().pending(case)


def status(case: Case) -> str:
    """The save status in one line, for the sidebar and the Case library page: "Saved · version N · time" only
    when the library holds ``case``; "Unsaved changes" (or why not saved) otherwise."""
    held = link()
    if held.conflict:
        return held.conflict
    if held.off:
        return t("library.off.short")
    if held.pending(case):
        return t("library.status.unsaved") if held.case_id else t("library.status.unsaved.new")
    if held.case_id:
        return t("library.status.saved", version=held.version, when=stamp(held.saved_at))
    return t("library.status.new")


def author() -> str:
    """Who the library records as the author of a version: the signed-in person's e-mail in team mode (the store
    records it whatever is typed), the name typed on the Case library page in personal mode."""
    if auth.team_mode():
        person = auth.identity()
        return person.email if person else ""
    return st.session_state.get(_AUTHOR, "")


def set_author(name: str) -> None:
    st.session_state[_AUTHOR] = name.strip()[:100]


def take_notice() -> str | None:
    """A one-off message for the page (e.g. a link to a case that does not exist), shown once."""
    return st.session_state.pop(_NOTICE, None)


def notify(message: str) -> None:
    st.session_state[_NOTICE] = message


def _show_in_url(held: Link) -> None:
    """Put the session's case id into the URL (after the Link recorded it: a rerun here only delays the URL)."""
    if held.case_id:
        st.query_params[PARAM] = held.case_id
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    held.in_url = True


def _show(held: Link, case: Case) -> None:
    """Make ``case``, which the Link already names, the session's case. The Link says so first (``showing``, a
    plain assignment); writing the session state is a point where a rerun may stop the run, and then the next
    run finishes the switch (:func:`_finish_switch`) before anything is saved, so the case on screen is never
    saved as the version of another."""
    held.showing = case
    current.replace_case(case)
    held.showing = None
    _show_in_url(held)


def _finish_switch(held: Link) -> None:
    if held.showing is not None:
        _show(held, held.showing)


def open_case(wanted: str) -> bool:
    """Make the library's case ``wanted`` this session's case; ``False`` (with a notice) when it cannot. A case
    that cannot be opened leaves the session's own case as it was (and its id back in the URL)."""
    held = link()
    library = cases_store()
    if library is None:
        notify(t("library.notice.off_link", id=literal(wanted)))
        return False
    try:
        found = library.load(wanted)
    except CaseNotFound:
        notify(t("library.notice.unknown", id=literal(wanted)))
        _show_in_url(held)
        return False
    except UnreadableCase as error:
        notify(t("library.notice.unreadable", id=literal(wanted), reason=literal(i18n.localized(error))))
        _show_in_url(held)
        return False
    except StoreError as error:
        held.failed(error)
        notify(t("library.notice.off_link", id=literal(wanted)))
        return False
    if found.info.deleted:
        notify(t("library.notice.deleted", name=literal(found.info.name)))
        _show_in_url(held)
        return False
    with held.lock:
        held.role = None
        held.stored(found.info, found.case, wrote=False)
        held.showing = found.case
    _refresh_role(held, library)
    _show(held, found.case)
    return True


def _check(held: Link) -> None:
    """Whether the library can be written now (a write that is rolled back); saving is off when not."""
    held.checked = True
    if (library := _open_store(held)) is not None:
        try:
            library.check()
        except StoreError as error:
            held.failed(error)
            return
        held.off = None


def sync_with_url(case: Case) -> None:
    """Run by the router on every run, before any page, with the session's case: finishes a switch of case a
    rerun interrupted, checks once per session that the library can be written, opens the case the URL names
    when it is not the session's, puts the session's id back into the URL when a page switch (or a rerun)
    dropped it, and saves what is unsaved (:func:`flush`)."""
    held = link()
    if held.showing is not None:
        _finish_switch(held)
        return
    if held.saved is None and held.case_id is None:
        held.saved = case  # the session's first run: its case (the sample) is where it starts
    if not held.checked:
        _check(held)
    if token := st.query_params.get(SHARE_PARAM):
        _open_link(held, token)
        return
    wanted = st.query_params.get(PARAM)
    if held.case_id and (not held.in_url or not wanted):
        _show_in_url(held)
    elif wanted and wanted != held.case_id:
        open_case(wanted)
        return
    flush(case)


def _open_link(held: Link, token: str) -> None:
    """A sharing link (``?share=<token>``, team mode): the library records that this person may open the case
    (as the link grants, until it is revoked), and the case opens; the token leaves the address for the case's id.
    A link that opens nothing (unknown, revoked) says so and leaves the session's case as it was."""
    del st.query_params[SHARE_PARAM]
    library = cases_store()
    if not isinstance(library, PersonStore):
        notify(t("team.link.personal") if library is not None else t("library.notice.off_link", id="…"))
        _show_in_url(held)
        return
    try:
        opened = library.open_link(token)
    except BadLink:
        notify(t("team.link.refused"))
        _show_in_url(held)
        return
    except StoreError as error:
        _log.warning("opening a link failed: %s", error.detail)
        notify(i18n.localized(error.message))
        _show_in_url(held)
        return
    if opened.info.id == held.case_id:
        held.role = opened.role
        _show_in_url(held)
    else:
        open_case(opened.info.id)


def flush(case: Case) -> bool:
    """Save ``case`` (the session's) when it differs from what the library holds: an edit whose save a rerun cut
    short, or edits made while saving was off (written as one version once the library works again, unless the
    last failure was less than :data:`RETRY_SECONDS` ago). With nothing unsaved, a due retry still looks whether
    the library works again. Returns whether a version was written."""
    held = link()
    if held.conflict or held.showing is not None:
        return False
    if not held.pending(case):
        if held.off:
            store()  # a due retry: saving comes back on by itself
        return False
    before = held.version, held.case_id
    autosave(case)
    return (held.version, held.case_id) != before and not held.off


def watch_interval(environ=os.environ) -> float | None:
    """Seconds between two looks at whether someone else saved the session's case, and between two tries while
    saving is off (``CRM_CASE_WATCH_SECONDS``, default 10); ``None`` (no looking between runs) when it is 0 or
    not a positive number."""
    raw = environ.get(WATCH_VARIABLE, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_WATCH_SECONDS
    except ValueError:
        seconds = DEFAULT_WATCH_SECONDS
    return seconds if seconds > 0 else None


def changed_elsewhere() -> CaseInfo | None:
    """The library's current version of the session's case when it is not the one on screen (another tab or
    person saved or deleted it since), else ``None``. Nothing is loaded: the user chooses (the next save would
    be refused as a conflict anyway). A library that no longer holds the case at all (its data was deleted) is a
    conflict at once; one that cannot be read now is left to the next save to report."""
    held = link()
    if held.conflict or held.case_id is None or (library := cases_store()) is None:
        return None
    try:
        head = library.info(held.case_id)
    except CaseHidden:
        _lost_access(held)
        return None
    except CaseNotFound:
        held.clash("missing")
        return None
    except StoreError:
        return None
    _refresh_role(held, library)  # a share changed by the owner takes effect on this tick
    return head if head.deleted or head.version != held.version else None


def _lost_access(held: Link) -> None:
    """The person may no longer see the session's case (its share or link was removed): a conflict with no
    reload, the way out being a copy of their own."""
    held.kind, held.conflict, held.role = "hidden", t("team.denied.hidden"), None


def autosave(case: Case, *, create: bool = True, previous: Case | None = None) -> None:
    """Save ``case`` (just accepted by ``ui.state.set_case``) as the next version of the session's case, or as
    a new library case on the session's first change. With ``create`` false (a change the user did not make, and
    ``previous`` the case before it), a case not in the library is not created: its starting point moves instead,
    unless the user's own changes are still unsaved. A conflict or a library failure is recorded for the sidebar;
    the case in memory is never touched (but for the name a first save gives it)."""
    held = link()
    if held.showing is not None:  # a switch of case is unfinished: the next run finishes it
        return
    if held.case_id is None and not create:
        if previous is None or not held.pending(previous):
            held.saved = case
        return
    if held.conflict:
        return
    library = cases_store()
    if library is None:
        return
    if read_only():  # a viewer: the library would refuse the write, so it is not sent
        if not create:  # figures a page keeps in step with the case: nothing the viewer did, nothing to say
            if previous is None or not held.pending(previous):
                held.saved = case
            return
        _refused(held, library, None)
        return
    if held.case_id is None and case.assumptions.name in SHARED_NAMES:
        case = _first_name(case)
    who = author()
    denied = None
    # From here to the Link's record of the write, no Streamlit call (so no rerun can come between), and the lock
    # keeps an overlapping run of this session from writing at the same time.
    with held.lock:
        if held.conflict:
            return
        held.tried = [*held.tried[-19:], case]
        try:
            found = (library.create(case, author=who) if held.case_id is None
                     else _save_over(library, held, case, who))
        except VersionConflict as error:
            held.clash("deleted" if error.deleted else "changed")
            return
        except CaseHidden:
            _lost_access(held)
            return
        except AccessDenied as error:  # a viewer's change: refused by the library itself, never "saving is off"
            held.tried = held.tried[:-1]
            denied = error
        except CaseNotFound as error:
            held.clash("missing")
            _log.warning("the session's case is not in the library: %s", error.detail)
            return
        except StoreError as error:
            held.failed(error)
            return
        else:
            held.stored(found.info, case)
    if denied is not None:
        _refused(held, library, denied)
        return
    _show_in_url(held)


def _refused(held: Link, library: CaseStore | PersonStore, error: AccessDenied | None) -> None:
    """A change this person may not save (a viewer; ``error`` when the library itself refused it, ``None`` when the
    session already knew): the session's case goes back to the library's version (the inputs show it again) and
    the page says why, once."""
    if error is not None:
        _log.info("a change was refused: %s", error.detail)
        _refresh_role(held, library)
    if held.saved is not None:
        current.replace_case(held.saved)
    notify(t("team.denied.change"))


def _save_over(library: CaseStore, held: Link, case: Case, who: str):
    """``library.save`` of the session's case. A conflict with a version holding a case this session sent since
    its last confirmed write (:attr:`Link.tried`: that write committed though no answer came back, e.g. the
    connection broke after the commit) is no conflict: that version is the session's own, and the save goes on
    from it."""
    try:
        return library.save(held.case_id, case, expected_version=held.version, author=who)
    except VersionConflict as error:
        if error.deleted:
            raise
        head = library.load(held.case_id)
        if not any(head.case == sent for sent in held.tried):
            raise
        if head.case == case:
            return head
        return library.save(held.case_id, case, expected_version=head.info.version, author=who)


def _first_name(case: Case) -> Case:
    """``case`` under a name of its own for its first save (see :data:`SHARED_NAMES`); the session's case takes
    the name too, and the sidebar asks the user to confirm or change it."""
    named_case = with_value(case, "assumptions.name",
                            default_name(case.assumptions.name, dt.datetime.now()))
    current.put_case(named_case)
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
    held = link()
    if held.case_id and (held.conflict is None or held.kind == "changed"):
        held.conflict = held.kind = None
        open_case(held.case_id)


def save_as_new(case: Case, name: str | None = None) -> str | None:
    """Save ``case`` as a new library case and make it the session's (resolves a conflict keeping this copy,
    or "save as copy"). Returns the new id, ``None`` when saving is off."""
    held = link()
    library = cases_store()
    if library is None:
        return None
    if name:
        case = with_value(case, "assumptions.name", name)
    who = author()
    with held.lock:
        try:
            found = library.create(case, author=who)
        except StoreError as error:
            held.failed(error)
            return None
        held.role = None
        held.stored(found.info, found.case)
        held.showing = found.case
    _show(held, found.case)
    return found.info.id


def start(case: Case, *, fresh: bool = False) -> None:
    """Start ``case`` as this session's new case, not in the library until its first change (or, ``fresh``, until
    the library can be written: a case the user chose while saving was off); the library case the session had
    stays as it was saved."""
    held = link()
    with held.lock:
        held.forget(starting=case, fresh=fresh)
        held.showing = case
    _show(held, case)


# ------------------------------------------------------------------ library actions of the Case library page
def _on_current(what: str, action: Callable[[CaseStore, Link, str], Case | None]) -> str | None:
    """Run ``action(library, link, author)`` on the session's library case under the Link's lock (it writes and
    records the result in the Link); the case it returns is then shown. A message for the page when it cannot."""
    held = link()
    library = cases_store()
    if library is None or held.case_id is None:
        return saving_off()
    who = author()
    with held.lock:
        try:
            shown = action(library, held, who)
        except AccessDenied as error:
            _log.info("%s refused: %s", what, error.detail)
            return t("team.denied.action")
        except StoreError as error:
            _log.warning("%s failed: %s", what, error.detail)
            return error.message
    if shown is None:
        _show_in_url(held)
    else:
        _show(held, shown)
    return None


def delete_current() -> str | None:
    """Delete the session's case in the library (it stays restorable); the session keeps it on screen, unsaved.
    Returns a message when it cannot."""

    def delete(library: CaseStore, held: Link, who: str) -> None:
        library.delete(held.case_id, expected_version=held.version, author=who)
        held.forget()

    return _on_current("delete", delete)


def restore(version_: int) -> str | None:
    """Make the session's case's earlier version ``version_`` current again (a new version) and show it."""

    def restore_it(library: CaseStore, held: Link, who: str) -> Case:
        found = library.restore_version(held.case_id, version_, expected_version=held.version, author=who)
        held.stored(found.info, found.case)
        held.showing = found.case
        return found.case

    return _on_current("restore", restore_it)


def undelete(wanted: str) -> str | None:
    """Bring the deleted case ``wanted`` back and open it."""
    library = cases_store()
    if library is None:
        return saving_off()
    try:
        library.undelete(wanted, author=author())
    except AccessDenied as error:
        _log.info("undelete refused: %s", error.detail)
        return t("team.denied.action")
    except StoreError as error:
        _log.warning("undelete failed: %s", error.detail)
        return error.message
    open_case(wanted)
    return None


# ------------------------------------------------------------------ what the Case library page reads
def read(what: str, action: Callable[[CaseStore], T], empty: T) -> tuple[T, str | None]:
    """``action(library)`` and no problem; or ``empty`` and the message for the page when the library cannot be
    read (its detail logged, never shown). The one error handling of the page's reads."""
    library = cases_store()
    if library is None:
        return empty, None
    try:
        return action(library), None
    except StoreError as error:
        _log.warning("reading %s failed: %s", what, error.detail)
        return empty, error.message


def listing() -> tuple[list[CaseInfo], list[CaseInfo], str | None]:
    """Every case in the library, the deleted ones, and a message when they cannot be read."""
    found, problem = read("the list of cases", lambda library: (library.cases(), library.cases(deleted=True)),
                          ([], []))
    return found[0], found[1], problem


def history_of_current() -> tuple[list[VersionInfo], str | None]:
    """The versions of the session's library case (newest first), or none."""
    if case_id() is None:
        return [], None
    return read("the history", lambda library: library.history(case_id()), [])


def load_two(first: str, second: str) -> tuple[tuple[Case, Case] | None, str | None]:
    """The current versions of two library cases, to compare them."""
    return read("two cases", lambda library: (library.load(first).case, library.load(second).case), None)


# ------------------------------------------------------------------ sharing the session's case (team mode, owner)
def _owner_action(what: str, action: Callable[[PersonStore, str], T]) -> tuple[T | None, str | None]:
    """``action(person_store, case_id)`` on the session's library case, by its owner; its result and no problem,
    or ``None`` and the message for the page (refused, bad input, or the library unreachable)."""
    library, case_id_ = cases_store(), case_id()
    if not isinstance(library, PersonStore) or case_id_ is None:
        return None, saving_off() or t("team.denied.action")
    try:
        return action(library, case_id_), None
    except AccessDenied as error:
        _log.info("%s refused: %s", what, error.detail)
        return None, t("team.denied.action")
    except StoreError as error:
        _log.warning("%s failed: %s", what, error.detail)
        return None, error.message
    except CrmCaseError as error:  # AccessError: not an e-mail, the owner's own, an unknown link
        return None, str(error)


def shares() -> tuple[list, str | None]:
    """The named shares of the session's case (owner only), sorted by e-mail."""
    found, problem = _owner_action("reading the shares", lambda library, case: library.shares(case))
    return found or [], problem


def share(email: str, role_: Role | str) -> str | None:
    """Share the session's case with ``email`` as viewer or editor (or change their role); a message when not."""
    return _owner_action("sharing", lambda library, case: library.share(case, email, role_))[1]


def unshare(email: str) -> str | None:
    """Remove ``email``'s share of the session's case; a message when it cannot."""
    return _owner_action("removing a share", lambda library, case: library.unshare(case, email))[1]


def links() -> tuple[list, str | None]:
    """The sharing links of the session's case (owner only), live and revoked, newest first."""
    found, problem = _owner_action("reading the links", lambda library, case: library.links(case))
    return found or [], problem


def make_link(role_: Role | str):
    """A new sharing link to the session's case granting ``role_``: ``(NewLink, None)``, whose token is shown once
    and never again (the library keeps only its hash), or ``(None, message)``."""
    return _owner_action("making a link", lambda library, case: library.make_link(case, role_))


def revoke_link(link_id: str) -> str | None:
    """End the link ``link_id`` of the session's case: whoever opened it loses what it gave at once."""
    return _owner_action("revoking a link", lambda library, case: library.revoke_link(case, link_id))[1]
