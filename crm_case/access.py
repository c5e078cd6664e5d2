"""Who may see which case when a team shares one library: owners, named shares, links, and the checks.

In team mode every person is signed in (OpenID Connect, by the app) and uses the library through
``PersonStore(store, identity)``, a :class:`PersonStore` with the same methods as the
:class:`~crm_case.store.CaseStore`, each of which checks the person's role in the transaction that reads or
writes. The rules, and why:

* **A person is their e-mail address**, stripped and lower-cased (:class:`Identity`): providers return it in
  whatever case the user typed at sign-up, and a share typed as ``Ana@Example.com`` must reach ``ana@example.com``.
* **Each case has one owner**: whoever created it (or duplicated it: a copy is a new case, its maker's). Only the
  owner deletes, undeletes, shares and makes or revokes links, because these decide who else may see the case or
  whether it exists at all. A case made in personal mode has no owner and is invisible in team mode until an
  administrator gives it one (:func:`claim`): nobody can be assumed to be its owner.
* **Roles**: a *viewer* opens a case, its history and its earlier versions, and may duplicate it (the copy is
  theirs); an *editor* also saves and restores earlier versions; the *owner* does everything. A person's role is
  the highest of: owner, their named share (:meth:`PersonStore.share`), and the roles of the live links they
  have opened.
* **Links**: :meth:`PersonStore.make_link` returns a token (:func:`secrets.token_urlsafe` of 32 bytes: 256 bits,
  not guessable) shown once; the library keeps only its SHA-256, so a copy of the database opens nothing, and
  compares it in constant time. A signed-in person who opens a live link gains its role on the case, recorded so
  the case stays in their library; revoking the link ends that access at once (the grant counts only while its
  link is live).
* **Refusals do not leak**: a case the person may not view is refused exactly as a case that does not exist
  (:class:`CaseHidden`, also a :class:`~crm_case.store.CaseNotFound`), so trying ids reveals nothing. A person
  who may view but not do what they asked gets an :class:`AccessDenied` naming the action and their role.
* **Versions record the signed-in e-mail**, never a typed name: the ``author`` arguments of the
  :class:`PersonStore`'s methods are accepted (the app passes them in both modes) and ignored.
* **Workshop rooms stay separate**: a room's token (:mod:`crm_case.rooms`) grants voting in that room only; it is
  no link here and opens no case.

Three tables, in the library's database, made with its own (:meth:`~crm_case.store.CaseStore.add_schema`):
``crm_case_owners`` (a case's one owner: the primary key is the case), ``crm_case_shares`` (case, e-mail,
role) and ``crm_case_links`` with ``crm_case_link_uses`` (who opened which link). The personal library's own
methods ignore them, so personal mode works exactly as before.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, delete, func, select, union, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.model import Case
from crm_case.store import CASES, CaseInfo, CaseNotFound, CaseStore, StoredCase, StoreError, VersionInfo

if TYPE_CHECKING:
    from sqlalchemy import Select

__all__ = [
    "AccessDenied",
    "AccessError",
    "BadLink",
    "CaseHidden",
    "Identity",
    "LinkInfo",
    "LinkOpened",
    "MAX_EMAIL",
    "NewLink",
    "PersonStore",
    "Role",
    "Share",
    "claim",
    "hash_token",
]

MAX_EMAIL = 254
"""The longest e-mail address (RFC 5321's limit on a path). A version records its first 100 characters."""
TOKEN_BYTES = 32
"""Random bytes of a link's token: 256 bits (at least 192 are asked for), 43 URL-safe characters."""
_MAX_TOKEN = 200
"""A link token longer than this is refused without hashing it (a token is 43 characters)."""

_SCHEMA = MetaData()
OWNERS = Table(
    "crm_case_owners",
    _SCHEMA,
    Column("case_id", String(32), primary_key=True),
    Column("email", String(MAX_EMAIL), nullable=False),
    Column("since", DateTime, nullable=False),
    Index("crm_case_owners_email", "email"),
)
SHARES = Table(
    "crm_case_shares",
    _SCHEMA,
    Column("case_id", String(32), primary_key=True),
    Column("email", String(MAX_EMAIL), primary_key=True),
    Column("role", String(10), nullable=False),
    Column("granted_by", String(MAX_EMAIL), nullable=False),
    Column("granted_at", DateTime, nullable=False),
    Index("crm_case_shares_email", "email"),
)
LINKS = Table(
    "crm_case_links",
    _SCHEMA,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(10), nullable=False),
    Column("made_by", String(MAX_EMAIL), nullable=False),
    Column("made_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    Index("crm_case_links_case", "case_id"),
)
LINK_USES = Table(
    "crm_case_link_uses",
    _SCHEMA,
    Column("link_id", String(32), primary_key=True),
    Column("email", String(MAX_EMAIL), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("first_at", DateTime, nullable=False),
    Index("crm_case_link_uses_email", "email"),
)


class Role(StrEnum):
    """What a person may do with a case: ``viewer`` < ``editor`` < ``owner`` (each may do what the one before
    may)."""

    VIEWER = "viewer"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def can_edit(self) -> bool:
        """Save and restore earlier versions: editors and the owner."""
        return self.rank >= _RANKS[Role.EDITOR]

    @property
    def is_owner(self) -> bool:
        """Delete, undelete, share, make and revoke links: the owner only."""
        return self is Role.OWNER


_RANKS = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}
_NEEDS = {"open": Role.VIEWER, "history": Role.VIEWER, "duplicate": Role.VIEWER, "save": Role.EDITOR,
          "restore": Role.EDITOR, "delete": Role.OWNER, "undelete": Role.OWNER, "share": Role.OWNER,
          "links": Role.OWNER}
"""The least role each action needs (see the module docstring for why)."""


class AccessError(CrmCaseError):
    """A sharing request that cannot be right whoever asks: not an e-mail address, a role that cannot be shared,
    sharing with the owner, a link the case does not have."""


class AccessDenied(StoreError):
    """The signed-in person may not do this with this case. ``action`` is what was refused (``open``, ``save``,
    ``delete``, ``share``, ...), ``role`` their role on the case (``None``: they cannot see it)."""

    def __init__(self, message: str, detail: str = "", *, case_id: str = "", action: str = "",
                 role: Role | None = None) -> None:
        super().__init__(message, detail)
        self.case_id, self.action, self.role = case_id, action, role


class CaseHidden(AccessDenied, CaseNotFound):
    """No case with this id that the person may see: it does not exist, or it is not shared with them. The two
    are one error with one message on purpose, so that trying ids reveals nothing."""


class BadLink(AccessDenied):
    """A link token that opens nothing: never made, mistyped, cut short, tampered with, or revoked."""


@dataclass(frozen=True)
class Identity:
    """A signed-in person: ``email`` (stripped and lower-cased, the key of every share) and the ``name`` to
    show. Make one with :meth:`of`, which checks the address."""

    email: str
    name: str = ""

    def __post_init__(self) -> None:
        # every Identity is checked and normalised, however it was made: a share must never miss its person
        object.__setattr__(self, "email", normal_email(self.email))
        object.__setattr__(self, "name", str(self.name or "").strip())

    @classmethod
    def of(cls, email: object, name: object = "") -> Identity:
        """The identity of ``email`` (any case, surrounding spaces ignored); :class:`AccessError` unless it is an
        e-mail address: something@domain, at most :data:`MAX_EMAIL` characters, no spaces or control
        characters."""
        return cls(email, name)  # type: ignore[arg-type]  # (__post_init__ checks and normalises it)

    @property
    def label(self) -> str:
        """The name when there is one, else the e-mail."""
        return self.name or self.email


def normal_email(email: object) -> str:
    """An e-mail address as the key of shares: stripped and lower-cased; :class:`AccessError` unless it has a
    non-empty part on each side of its last ``@``, no whitespace or control character, and at most
    :data:`MAX_EMAIL` characters."""
    text = str(email if email is not None else "").strip().lower()
    local, at, domain = text.rpartition("@")
    if (not at or not local or not domain or len(text) > MAX_EMAIL
            or any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)):
        raise AccessError(Message("engine.access.bad_email", email=repr(str(email)[:80])))
    return text


def hash_token(token: str) -> str:
    """The SHA-256 of a link token, hex: what the library keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Share:
    """A named share of a case: ``email`` may use it as ``role`` (viewer or editor). Times are UTC."""

    case_id: str
    email: str
    role: Role
    granted_by: str
    granted_at: datetime


@dataclass(frozen=True)
class LinkInfo:
    """A link to a case granting ``role`` to whoever signed in opens it; ``uses`` counts the people who have.
    The token itself is not kept (only its hash). Times are UTC."""

    id: str
    case_id: str
    role: Role
    made_by: str
    made_at: datetime
    revoked_at: datetime | None
    uses: int = 0

    @property
    def live(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class NewLink:
    """A link just made: its row and its ``token``, which is shown to the owner this once and never again."""

    link: LinkInfo
    token: str


@dataclass(frozen=True)
class LinkOpened:
    """What opening a link gave: the case's row and the person's role on it now (the highest they hold)."""

    info: CaseInfo
    role: Role


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _share_role(role: object) -> Role:
    """``viewer`` or ``editor`` (a share or a link never makes an owner); :class:`AccessError` otherwise."""
    try:
        found = Role(str(getattr(role, "value", role)).strip().lower())
    except ValueError:
        found = None
    if found not in (Role.VIEWER, Role.EDITOR):
        raise AccessError(Message("engine.access.bad_role", role=repr(str(role)[:40])))
    return found


def claim(store: CaseStore, case_id: str, owner: str | Identity) -> None:
    """Make ``owner`` the owner of ``case_id``: an administrator's act (a case made in personal mode has no owner,
    and no one sees it in team mode until claimed; no permission is checked: whoever can reach the database can do
    this anyway). Any owner before is replaced, and a named share ``owner`` held is dropped (the owner needs none).
    :class:`CaseNotFound` when there is no such case; :class:`AccessError` when ``owner`` is no e-mail address."""
    email = owner.email if isinstance(owner, Identity) else normal_email(owner)
    store.add_schema(_SCHEMA)
    with store._transaction(write=True) as connection:
        store._row(connection, case_id, CASES.c.id)
        connection.execute(delete(OWNERS).where(OWNERS.c.case_id == case_id))
        connection.execute(delete(SHARES).where(SHARES.c.case_id == case_id, SHARES.c.email == email))
        connection.execute(OWNERS.insert().values(case_id=case_id, email=email, since=store._now()))


class PersonStore:
    """The case library as one signed-in person may use it: :class:`~crm_case.store.CaseStore`'s methods, each
    checking their role (see the module docstring), plus sharing and links.

    Raises what :class:`CaseStore` raises, and :class:`CaseHidden` for a case the person may not see (whether it
    exists or not), :class:`AccessDenied` for what their role does not allow, :class:`BadLink` for a link that
    opens nothing and :class:`AccessError` for a sharing request that cannot be right. Every one is a
    :class:`~crm_case.errors.CrmCaseError` whose message says what was refused and why."""

    def __init__(self, store: CaseStore, identity: Identity) -> None:
        if not isinstance(identity, Identity):
            raise TypeError("PersonStore needs an Identity (crm_case.access.Identity.of(email, name))")
        self.store = store
        self.identity = identity
        store.add_schema(_SCHEMA)

    @property
    def where(self) -> str:
        """Where the library is (password masked), as :attr:`CaseStore.where`."""
        return self.store.where

    def check(self) -> None:
        """:meth:`CaseStore.check`: raise :class:`StoreError` unless the library can be read and written."""
        self.store.check()

    def dispose(self) -> None:
        """Nothing: the connections are the shared :class:`CaseStore`'s (dispose that one)."""

    # ------------------------------------------------------------------ the policy CaseStore asks
    def _role_in(self, connection: Connection, case_id: str) -> Role | None:
        """The person's role on ``case_id``: the highest of owner, named share and live links opened."""
        email = self.identity.email
        owner = connection.execute(select(OWNERS.c.email).where(OWNERS.c.case_id == case_id)).scalar_one_or_none()
        if owner == email:
            return Role.OWNER
        found = list(connection.execute(select(SHARES.c.role).where(SHARES.c.case_id == case_id,
                                                                    SHARES.c.email == email)).scalars())
        found += connection.execute(
            select(LINKS.c.role).join(LINK_USES, LINK_USES.c.link_id == LINKS.c.id)
            .where(LINK_USES.c.email == email, LINKS.c.case_id == case_id, LINKS.c.revoked_at.is_(None))).scalars()
        if not found:
            return None
        if connection.execute(select(CASES.c.id).where(CASES.c.id == case_id)).first() is None:
            return None
        return max((Role(role) for role in found), key=lambda role: role.rank)

    def need(self, connection: Connection, case_id: str, action: str) -> None:
        """Raise unless the person may do ``action`` with ``case_id``: :class:`CaseHidden` when they cannot even
        view it (or it does not exist), else :class:`AccessDenied` when their role is below what ``action``
        needs (``_NEEDS``)."""
        role = self._role_in(connection, case_id)
        self._allowed(role, case_id, action)

    def _allowed(self, role: Role | None, case_id: str, action: str) -> Role:
        needed = _NEEDS[action]
        what = Message(f"engine.access.action.{action}", id=case_id)
        email = self.identity.email
        detail = f"{email} ({role or 'no role'}) may not {action} case {case_id!r}"
        if role is None:
            raise CaseHidden(Message("engine.access.hidden", action=what, email=email), detail,
                             case_id=case_id, action=action, role=None)
        if role.rank < needed.rank:
            key = "engine.access.needs_owner" if needed is Role.OWNER else "engine.access.needs_editor"
            raise AccessDenied(Message(key, action=what, email=email, role=Message(f"engine.access.role.{role}")),
                               detail, case_id=case_id, action=action, role=role)
        return role

    def author(self, given: str) -> str:
        """The signed-in e-mail, whatever name was typed: a version says who really made it."""
        return self.identity.email

    def visible(self, query: Select, deleted: bool) -> Select:
        """Live cases: those the person owns, is named in a share of, or holds a live link to. Deleted cases:
        those they own only, the only ones they can bring back."""
        email = self.identity.email
        owned = select(OWNERS.c.case_id).where(OWNERS.c.email == email)
        if deleted:
            return query.where(CASES.c.id.in_(owned))
        shared = select(SHARES.c.case_id).where(SHARES.c.email == email)
        linked = (select(LINK_USES.c.case_id).join(LINKS, LINKS.c.id == LINK_USES.c.link_id)
                  .where(LINK_USES.c.email == email, LINKS.c.revoked_at.is_(None)))
        return query.where(CASES.c.id.in_(union(owned, shared, linked)))

    def created(self, connection: Connection, case_id: str) -> None:
        """A new case (created or duplicated) is its maker's, in the same transaction: never an orphan."""
        connection.execute(OWNERS.insert().values(case_id=case_id, email=self.identity.email,
                                                  since=self.store._now()))

    # ------------------------------------------------------------------ CaseStore's methods, checked
    def load(self, case_id: str) -> StoredCase:
        """The current version (needs view)."""
        return self.store._load(case_id, self)

    def info(self, case_id: str) -> CaseInfo:
        """The current version's row (needs view)."""
        return self.store._head(case_id, self)

    def cases(self, *, deleted: bool = False) -> list[CaseInfo]:
        """The cases the person may open, most recently changed first; with ``deleted``, the deleted cases they
        own."""
        return self.store._cases(deleted, self)

    def history(self, case_id: str) -> list[VersionInfo]:
        """Every version, newest first (needs view)."""
        return self.store._history(case_id, self)

    def load_version(self, case_id: str, version: int) -> Case:
        """The case as saved at ``version`` (needs view)."""
        return self.store._load_version(case_id, version, self)

    def create(self, case: Case, *, author: str = "", name: str | None = None) -> StoredCase:
        """A new case owned by the person (``author`` ignored: the version records their e-mail)."""
        return self.store._create(case, author, name, self)

    def save(self, case_id: str, case: Case, *, expected_version: int, author: str = "",
             action: str = "saved") -> StoredCase:
        """The next version (needs edit); :class:`~crm_case.store.VersionConflict` as :meth:`CaseStore.save`."""
        return self.store._save(case_id, case, expected_version, author, action, self)

    def restore_version(self, case_id: str, version: int, *, expected_version: int, author: str = "") -> StoredCase:
        """An earlier version made current again (needs edit)."""
        return self.store._restore_version(case_id, version, expected_version, author, self)

    def duplicate(self, case_id: str, *, name: str, author: str = "") -> StoredCase:
        """A copy owned by the person (needs view of the original: whoever can read a case can copy it out
        anyway)."""
        return self.store._duplicate(case_id, name, author, self)

    def delete(self, case_id: str, *, expected_version: int | None = None, author: str = "") -> CaseInfo:
        """Mark the case deleted (owner only)."""
        return self.store._delete(case_id, expected_version, author, self)

    def undelete(self, case_id: str, *, author: str = "") -> StoredCase:
        """Bring the deleted case back (owner only)."""
        return self.store._undelete(case_id, author, self)

    # ------------------------------------------------------------------ roles
    def role(self, case_id: str) -> Role | None:
        """The person's role on ``case_id``, or ``None`` when they may not see it (or it does not exist)."""
        with self.store._transaction() as connection:
            return self._role_in(connection, case_id)

    def roles(self) -> dict[str, Role]:
        """The role of every case the person may open (deleted ones included), in one call: for the library's
        list."""
        email = self.identity.email
        found: dict[str, Role] = {}

        def keep(case_id: str, role: str) -> None:
            role_ = Role(role)
            if case_id not in found or found[case_id].rank < role_.rank:
                found[case_id] = role_

        with self.store._transaction() as connection:
            for case_id in connection.execute(select(OWNERS.c.case_id).where(OWNERS.c.email == email)).scalars():
                keep(case_id, Role.OWNER)
            for row in connection.execute(select(SHARES.c.case_id, SHARES.c.role).where(SHARES.c.email == email)):
                keep(row.case_id, row.role)
            for row in connection.execute(
                    select(LINKS.c.case_id, LINKS.c.role).join(LINK_USES, LINK_USES.c.link_id == LINKS.c.id)
                    .where(LINK_USES.c.email == email, LINKS.c.revoked_at.is_(None))):
                keep(row.case_id, row.role)
            existing = set(connection.execute(select(CASES.c.id).where(CASES.c.id.in_(list(found)))).scalars()) \
                if found else set()
        return {case_id: role for case_id, role in found.items() if case_id in existing}

    def owner(self, case_id: str) -> str:
        """The owner's e-mail (needs view)."""
        with self.store._transaction() as connection:
            self.need(connection, case_id, "open")
            return connection.execute(select(OWNERS.c.email).where(OWNERS.c.case_id == case_id)).scalar_one_or_none() \
                or ""

    # ------------------------------------------------------------------ named shares (owner only)
    def share(self, case_id: str, email: str, role: Role | str) -> Share:
        """Let ``email`` use the case as ``role`` (viewer or editor), or change the role of an existing share.
        Owner only; :class:`AccessError` for an address that is none, a role other than viewer or editor, or
        the owner's own address."""
        email, role_ = normal_email(email), _share_role(role)
        with self.store._transaction(write=True) as connection:
            self.need(connection, case_id, "share")
            if email == self.identity.email:
                raise AccessError(Message("engine.access.share_owner", email=email, id=case_id))
            now = self.store._now()
            connection.execute(delete(SHARES).where(SHARES.c.case_id == case_id, SHARES.c.email == email))
            connection.execute(SHARES.insert().values(case_id=case_id, email=email, role=role_.value,
                                                      granted_by=self.identity.email, granted_at=now))
        return Share(case_id, email, role_, self.identity.email, _utc(now))

    def unshare(self, case_id: str, email: str) -> bool:
        """End ``email``'s named share (owner only); ``True`` when there was one. Access through a live link
        they opened stays until that link is revoked."""
        email = normal_email(email)
        with self.store._transaction(write=True) as connection:
            self.need(connection, case_id, "share")
            result = connection.execute(delete(SHARES).where(SHARES.c.case_id == case_id, SHARES.c.email == email))
        return result.rowcount > 0

    def shares(self, case_id: str) -> list[Share]:
        """The named shares of the case, by e-mail (owner only)."""
        with self.store._transaction() as connection:
            self.need(connection, case_id, "share")
            rows = connection.execute(select(SHARES).where(SHARES.c.case_id == case_id)
                                      .order_by(SHARES.c.email)).all()
        return [Share(r.case_id, r.email, Role(r.role), r.granted_by, _utc(r.granted_at)) for r in rows]

    # ------------------------------------------------------------------ links (owner only; anyone opens)
    def make_link(self, case_id: str, role: Role | str) -> NewLink:
        """A new link granting ``role`` (viewer or editor) to whoever signed in opens it (owner only). The
        token is in the result only: the library keeps its SHA-256."""
        role_ = _share_role(role)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        link_id = uuid.uuid4().hex
        with self.store._transaction(write=True) as connection:
            self.need(connection, case_id, "links")
            now = self.store._now()
            connection.execute(LINKS.insert().values(id=link_id, case_id=case_id, token_hash=hash_token(token),
                                                     role=role_.value, made_by=self.identity.email, made_at=now,
                                                     revoked_at=None))
        return NewLink(LinkInfo(link_id, case_id, role_, self.identity.email, _utc(now), None, 0), token)

    def _links(self, connection: Connection, case_id: str, *conditions: Any) -> list[LinkInfo]:
        uses = (select(LINK_USES.c.link_id, func.count().label("uses")).group_by(LINK_USES.c.link_id)
                .subquery())
        rows = connection.execute(
            select(LINKS, func.coalesce(uses.c.uses, 0).label("uses"))
            .outerjoin(uses, uses.c.link_id == LINKS.c.id)
            .where(LINKS.c.case_id == case_id, *conditions).order_by(LINKS.c.made_at.desc(), LINKS.c.id)).all()
        return [LinkInfo(r.id, r.case_id, Role(r.role), r.made_by, _utc(r.made_at), _utc(r.revoked_at), int(r.uses))
                for r in rows]

    def links(self, case_id: str) -> list[LinkInfo]:
        """The case's links, live and revoked, newest first (owner only)."""
        with self.store._transaction() as connection:
            self.need(connection, case_id, "links")
            return self._links(connection, case_id)

    def revoke_link(self, case_id: str, link_id: str) -> LinkInfo:
        """Revoke a link of the case (owner only): it opens nothing from now on, and whoever gained access
        through it loses that access at once. Revoking a revoked link changes nothing. :class:`AccessError` when
        the case has no such link."""
        with self.store._transaction(write=True) as connection:
            self.need(connection, case_id, "links")
            connection.execute(update(LINKS).where(LINKS.c.id == link_id, LINKS.c.case_id == case_id,
                                                   LINKS.c.revoked_at.is_(None)).values(revoked_at=self.store._now()))
            found = self._links(connection, case_id, LINKS.c.id == link_id)
        if not found:
            raise AccessError(Message("engine.access.no_link", id=case_id, link=repr(str(link_id)[:40])))
        return found[0]

    def open_link(self, token: str) -> LinkOpened:
        """Use a link: the person gains its role on its case, recorded so the case stays in their library until
        the link is revoked. :class:`BadLink` when the token opens nothing (unknown, altered, cut short or
        revoked: one message for all, so a guesser learns nothing)."""
        refused = BadLink(Message("engine.access.bad_link"), f"{self.identity.email} used a link that opens nothing",
                          action="open")
        if not isinstance(token, str) or not 0 < len(token) <= _MAX_TOKEN:
            raise refused
        wanted = hash_token(token.strip())
        with self.store._transaction(write=True) as connection:
            row = connection.execute(select(LINKS).where(LINKS.c.token_hash == wanted)).first()
            if row is None or not hmac.compare_digest(row.token_hash, wanted) or row.revoked_at is not None:
                raise refused
            known = connection.execute(select(LINK_USES.c.link_id).where(
                LINK_USES.c.link_id == row.id, LINK_USES.c.email == self.identity.email)).first()
            if known is None:
                try:
                    with connection.begin_nested():
                        connection.execute(LINK_USES.insert().values(link_id=row.id, email=self.identity.email,
                                                                     case_id=row.case_id, first_at=self.store._now()))
                except IntegrityError:  # the same person's other tab recorded it at the same moment
                    pass
            role = self._role_in(connection, row.case_id)
            if role is None:  # the case row is gone (never: cases are only marked deleted)
                raise refused
            case_row = self.store._row(connection, row.case_id)
        return LinkOpened(self.store._info(case_row), role)

