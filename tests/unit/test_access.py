"""Who may see which case (crm_case/access.py), enforced by the store: every rule on SQLite and on PostgreSQL.

Three people: Olga owns the cases, Vera and Ed get shares or links, Sam is a stranger. Each rule of the module's
docstring has its test; a Hypothesis property drives random grants and revokes and checks that the library lists
exactly the cases :meth:`PersonStore.role` allows.
"""

from __future__ import annotations

import pickle
import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from crm_case import sample_case, with_value
from crm_case.access import (
    LINKS,
    AccessDenied,
    AccessError,
    BadLink,
    CaseHidden,
    Identity,
    PersonStore,
    Role,
    claim,
    hash_token,
)
from crm_case.i18n import LANGUAGES
from crm_case.rooms import RoomKind, RoomStore
from crm_case.store import CaseNotFound, CaseStore, StoreError, VersionConflict
from tests.store_backends import BACKENDS, Clock, make_store

OLGA, VERA, ED, SAM = "olga@example.com", "vera@example.com", "ed@example.com", "sam@example.com"


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with make_store(request.param, tmp_path, clock=Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))) as made:
        yield made


def person(store: CaseStore, email: str) -> PersonStore:
    return PersonStore(store, Identity.of(email, email.split("@")[0].title()))


@pytest.fixture
def team(store):
    """Olga's case (version 1) and the four people's views of the library."""
    olga, vera, ed, sam = (person(store, e) for e in (OLGA, VERA, ED, SAM))
    made = olga.create(sample_case(), name="board case (confidential)")
    return made.info.id, olga, vera, ed, sam


def edited(case, rate=0.12):
    return with_value(case, "assumptions.discount_rate", rate)


def listed(who: PersonStore, *, deleted: bool = False) -> set[str]:
    return {info.id for info in who.cases(deleted=deleted)}


def without_id(error: BaseException, case_id: str) -> str:
    return str(error).replace(case_id, "<id>")


# ------------------------------------------------------------------ identity
class TestIdentity:
    def test_email_is_stripped_and_lower_cased(self):
        assert Identity.of("  Ana.Lopez@Example.COM ", " Ana ") == Identity("ana.lopez@example.com", "Ana")
        assert Identity("ANA@EXAMPLE.COM").email == "ana@example.com"  # however it is made

    @pytest.mark.parametrize("bad", ["", "   ", "ana", "@example.com", "ana@", "an a@example.com",
                                     "ana@exa\nmple.com", "a" * 250 + "@example.com", None])
    def test_what_is_no_email_address_is_refused_with_a_message(self, bad):
        with pytest.raises(AccessError, match="is not an e-mail address"):
            Identity.of(bad)

    def test_a_share_typed_in_another_case_reaches_the_person(self, team):
        case_id, olga, vera, _, _ = team
        olga.share(case_id, "  VERA@Example.com", Role.VIEWER)
        assert vera.role(case_id) is Role.VIEWER


# ------------------------------------------------------------------ strangers
class TestStranger:
    """Sam has no share and no link: he cannot list, open, change or delete Olga's case, and what he is told is the
    same as for a case that does not exist (trying ids reveals nothing)."""

    def test_cannot_list_it(self, team):
        case_id, olga, _, _, sam = team
        assert listed(olga) == {case_id}
        assert listed(sam) == set()
        assert sam.role(case_id) is None and sam.roles() == {}

    @pytest.mark.parametrize("action", ["load", "info", "history", "load_version", "save", "restore_version",
                                        "duplicate", "delete", "undelete", "owner", "share", "unshare", "shares",
                                        "make_link", "links", "revoke_link"])
    def test_every_method_refuses_as_if_the_case_did_not_exist(self, team, action):
        case_id, olga, _, _, sam = team
        calls = {
            "load": lambda who, c: who.load(c),
            "info": lambda who, c: who.info(c),
            "history": lambda who, c: who.history(c),
            "load_version": lambda who, c: who.load_version(c, 1),
            "save": lambda who, c: who.save(c, edited(sample_case()), expected_version=1),
            "restore_version": lambda who, c: who.restore_version(c, 1, expected_version=1),
            "duplicate": lambda who, c: who.duplicate(c, name="mine now"),
            "delete": lambda who, c: who.delete(c),
            "undelete": lambda who, c: who.undelete(c),
            "owner": lambda who, c: who.owner(c),
            "share": lambda who, c: who.share(c, SAM, Role.EDITOR),
            "unshare": lambda who, c: who.unshare(c, VERA),
            "shares": lambda who, c: who.shares(c),
            "make_link": lambda who, c: who.make_link(c, Role.EDITOR),
            "links": lambda who, c: who.links(c),
            "revoke_link": lambda who, c: who.revoke_link(c, "0" * 32),
        }
        with pytest.raises(CaseHidden) as real:
            calls[action](sam, case_id)
        missing = "f" * 32
        with pytest.raises(CaseHidden) as absent:
            calls[action](sam, missing)
        assert without_id(real.value, case_id) == without_id(absent.value, missing)
        assert isinstance(real.value, CaseNotFound) and isinstance(real.value, AccessDenied)
        assert real.value.role is None and SAM in str(real.value)
        # nothing changed: one version, not deleted, no share for Sam, no copy
        assert [v.version for v in olga.history(case_id)] == [1]
        assert not olga.info(case_id).deleted
        assert olga.shares(case_id) == [] and olga.links(case_id) == []
        assert listed(sam) == set()

    def test_a_case_made_in_personal_mode_is_nobodys_until_claimed(self, store):
        made = store.create(sample_case(), author="typed name")
        olga, sam = person(store, OLGA), person(store, SAM)
        assert listed(olga) == set() and olga.role(made.info.id) is None
        with pytest.raises(CaseHidden):
            olga.load(made.info.id)
        claim(store, made.info.id, " Olga@Example.com ")
        assert listed(olga) == {made.info.id} and olga.role(made.info.id) is Role.OWNER
        assert sam.role(made.info.id) is None

    def test_claim_of_a_case_that_does_not_exist_is_not_found(self, store):
        with pytest.raises(CaseNotFound):
            claim(store, "f" * 32, OLGA)

    def test_claim_replaces_the_owner(self, team, store):
        case_id, olga, vera, _, _ = team
        olga.share(case_id, VERA, Role.VIEWER)
        claim(store, case_id, VERA)
        assert vera.role(case_id) is Role.OWNER and olga.role(case_id) is None
        assert vera.shares(case_id) == []  # her share is dropped: an owner needs none


# ------------------------------------------------------------------ viewers, editors, owners
class TestViewer:
    def test_can_open_everything_and_change_nothing(self, team):
        case_id, olga, vera, _, _ = team
        olga.save(case_id, edited(sample_case()), expected_version=1)
        olga.share(case_id, VERA, "viewer")
        assert listed(vera) == {case_id} and vera.roles() == {case_id: Role.VIEWER}
        assert vera.load(case_id).info.version == 2 and vera.info(case_id).version == 2
        assert [v.version for v in vera.history(case_id)] == [2, 1]
        assert vera.load_version(case_id, 1) == sample_case()
        assert vera.owner(case_id) == OLGA
        for refused in (lambda: vera.save(case_id, edited(sample_case(), 0.2), expected_version=2),
                        lambda: vera.restore_version(case_id, 1, expected_version=2)):
            with pytest.raises(AccessDenied) as error:
                refused()
            assert not isinstance(error.value, CaseNotFound)
            assert error.value.role is Role.VIEWER and "for viewing only" in str(error.value)
        assert olga.info(case_id).version == 2

    def test_a_refused_save_says_refused_not_changed_elsewhere(self, team):
        case_id, olga, vera, _, _ = team
        olga.share(case_id, VERA, Role.VIEWER)
        olga.save(case_id, edited(sample_case()), expected_version=1)
        with pytest.raises(AccessDenied):
            vera.save(case_id, edited(sample_case(), 0.3), expected_version=1)  # stale and refused: refused wins

    def test_may_duplicate_and_owns_the_copy(self, team):
        case_id, olga, vera, _, _ = team
        olga.share(case_id, VERA, Role.VIEWER)
        copy = vera.duplicate(case_id, name="Vera's copy")
        assert vera.role(copy.info.id) is Role.OWNER and olga.role(copy.info.id) is None
        assert copy.info.updated_by == VERA


class TestEditor:
    def test_saves_and_restores_under_their_own_email(self, team):
        case_id, olga, _, ed, _ = team
        olga.share(case_id, ED, Role.EDITOR)
        saved = ed.save(case_id, edited(sample_case()), expected_version=1, author="Typed Name")
        restored = ed.restore_version(case_id, 1, expected_version=2, author="Someone Else")
        assert (saved.info.version, restored.info.version) == (2, 3)
        assert [(v.version, v.author, v.action) for v in olga.history(case_id)] == [
            (3, ED, "restored"), (2, ED, "saved"), (1, OLGA, "created")]
        assert olga.info(case_id).updated_by == ED

    def test_cannot_delete_undelete_share_or_make_links(self, team):
        case_id, olga, _, ed, _ = team
        olga.share(case_id, ED, Role.EDITOR)
        for refused in (lambda: ed.delete(case_id), lambda: ed.share(case_id, SAM, Role.VIEWER),
                        lambda: ed.unshare(case_id, ED), lambda: ed.shares(case_id),
                        lambda: ed.make_link(case_id, Role.VIEWER), lambda: ed.links(case_id)):
            with pytest.raises(AccessDenied, match="only the case's owner may do that") as error:
                refused()
            assert error.value.role is Role.EDITOR and not isinstance(error.value, CaseNotFound)
        olga.delete(case_id)
        with pytest.raises(AccessDenied, match="only the case's owner"):
            ed.undelete(case_id)
        assert olga.info(case_id).deleted

    def test_a_share_revoked_while_editing_refuses_the_next_save(self, team):
        case_id, olga, _, ed, _ = team
        olga.share(case_id, ED, Role.EDITOR)
        held = ed.load(case_id)
        olga.share(case_id, ED, Role.VIEWER)
        with pytest.raises(AccessDenied):
            ed.save(case_id, edited(held.case), expected_version=held.info.version)
        assert olga.unshare(case_id, ED) is True and olga.unshare(case_id, ED) is False
        with pytest.raises(CaseHidden):
            ed.save(case_id, edited(held.case), expected_version=held.info.version)
        assert listed(ed) == set()


class TestOwner:
    def test_only_the_owner_deletes_and_undeletes_and_sees_the_deleted(self, team):
        case_id, olga, vera, _, _ = team
        olga.share(case_id, VERA, Role.EDITOR)
        deleted = olga.delete(case_id, expected_version=1, author="typed")
        assert deleted.deleted and deleted.updated_by == OLGA
        assert listed(olga) == set() and listed(olga, deleted=True) == {case_id}
        assert listed(vera) == set() and listed(vera, deleted=True) == set()
        assert vera.load(case_id).info.deleted  # still shared: she may look at it, not bring it back
        with pytest.raises(VersionConflict):  # editing a deleted case is the usual conflict
            vera.save(case_id, edited(sample_case()), expected_version=1)
        back = olga.undelete(case_id)
        assert not back.info.deleted and listed(vera) == {case_id}

    def test_share_changes_the_role_and_lists_the_shares(self, team):
        case_id, olga, vera, ed, _ = team
        olga.share(case_id, VERA, Role.VIEWER)
        olga.share(case_id, ED, Role.VIEWER)
        olga.share(case_id, VERA, Role.EDITOR)
        assert [(s.email, s.role, s.granted_by) for s in olga.shares(case_id)] == [
            (ED, Role.VIEWER, OLGA), (VERA, Role.EDITOR, OLGA)]
        assert (vera.role(case_id), ed.role(case_id)) == (Role.EDITOR, Role.VIEWER)

    @pytest.mark.parametrize(("email", "role", "message"), [
        (OLGA, Role.EDITOR, "an owner needs no share"),
        (VERA, "owner", "expected viewer or editor"),
        (VERA, "admin", "expected viewer or editor"),
        ("not an address", Role.VIEWER, "is not an e-mail address"),
    ])
    def test_a_share_that_cannot_be_right_is_refused(self, team, email, role, message):
        case_id, olga, _, _, _ = team
        with pytest.raises(AccessError, match=message):
            olga.share(case_id, email, role)
        assert olga.shares(case_id) == []


# ------------------------------------------------------------------ links
class TestLinks:
    def test_a_view_link_gives_view_and_cannot_edit(self, team):
        case_id, olga, vera, _, _ = team
        made = olga.make_link(case_id, Role.VIEWER)
        opened = vera.open_link(made.token)
        assert (opened.info.id, opened.role) == (case_id, Role.VIEWER)
        assert listed(vera) == {case_id} and vera.load(case_id).info.id == case_id
        with pytest.raises(AccessDenied):
            vera.save(case_id, edited(sample_case()), expected_version=1)
        assert [(link.role, link.uses, link.live) for link in olga.links(case_id)] == [(Role.VIEWER, 1, True)]

    def test_an_edit_link_lets_save(self, team):
        case_id, olga, _, ed, _ = team
        ed.open_link(olga.make_link(case_id, "editor").token)
        assert ed.save(case_id, edited(sample_case()), expected_version=1).info.updated_by == ED

    def test_the_highest_role_wins(self, team):
        case_id, olga, vera, _, _ = team
        olga.share(case_id, VERA, Role.VIEWER)
        assert vera.open_link(olga.make_link(case_id, Role.EDITOR).token).role is Role.EDITOR
        assert olga.open_link(olga.make_link(case_id, Role.VIEWER).token).role is Role.OWNER

    def test_revoking_ends_the_access_at_once_and_the_link_is_refused(self, team):
        case_id, olga, vera, _, _ = team
        made = olga.make_link(case_id, Role.EDITOR)
        vera.open_link(made.token)
        held = vera.load(case_id)
        revoked = olga.revoke_link(case_id, made.link.id)
        assert not revoked.live and revoked.revoked_at is not None
        assert vera.role(case_id) is None and listed(vera) == set()
        with pytest.raises(CaseHidden):
            vera.save(case_id, edited(held.case), expected_version=1)
        with pytest.raises(BadLink, match="this link opens no case"):
            vera.open_link(made.token)
        assert olga.revoke_link(case_id, made.link.id).revoked_at == revoked.revoked_at  # again: no change

    def test_revoking_a_link_the_case_does_not_have_is_refused(self, team, store):
        case_id, olga, _, _, _ = team
        other = olga.create(sample_case(), name="other")
        link = olga.make_link(other.info.id, Role.VIEWER)
        with pytest.raises(AccessError, match="has no link"):
            olga.revoke_link(case_id, link.link.id)
        assert olga.links(other.info.id)[0].live

    def test_a_guessed_or_tampered_token_is_refused(self, team):
        case_id, olga, _, _, sam = team
        token = olga.make_link(case_id, Role.EDITOR).token
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
        for wrong in (flipped, token[:-1], token + "x", token.upper(), "", " ", "x" * 500, "f" * 43, None, 42):
            with pytest.raises(BadLink) as error:
                sam.open_link(wrong)
            assert str(error.value) == "this link opens no case: it was revoked, or it is incomplete or mistyped; " \
                                       "ask the case's owner for a new link"
        assert sam.role(case_id) is None and listed(sam) == set()

    def test_the_token_is_long_random_and_only_its_hash_is_kept(self, team, store):
        case_id, olga, _, _, _ = team
        tokens = [olga.make_link(case_id, Role.VIEWER).token for _ in range(3)]
        assert len(set(tokens)) == 3
        assert all(len(t) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)  # >= 256 bits, URL-safe
        with store.engine.connect() as connection:
            rows = [tuple(str(v) for v in row) for row in connection.execute(select(LINKS))]
        assert not any(token in value for row in rows for value in row for token in tokens)
        assert {hash_token(t) for t in tokens} <= {value for row in rows for value in row}

    def test_a_workshop_room_token_opens_no_case(self, team, store):
        case_id, _, _, _, sam = team
        room = RoomStore(store).open(case_id, RoomKind.READINESS, [], opened_by=OLGA)
        for token in (room.token, room.code, room.id):
            with pytest.raises(BadLink):
                sam.open_link(token)
        assert sam.role(case_id) is None and listed(sam) == set()


# ------------------------------------------------------------------ personal mode and messages
class TestPersonalMode:
    def test_the_store_itself_works_as_before(self, store):
        made = store.create(sample_case(), author="Ana")
        store.save(made.info.id, edited(sample_case()), expected_version=1, author="Ben")
        assert [(v.author, v.action) for v in store.history(made.info.id)] == [("Ben", "saved"), ("Ana", "created")]
        store.delete(made.info.id)
        assert store.undelete(made.info.id).info.version == 4

    def test_it_lists_every_case_including_a_teams(self, store):
        """The personal library is its machine's single user: it has no sign-in, so it has no one to hide from."""
        team_case = person(store, OLGA).create(sample_case(), name="team")
        own = store.create(sample_case(), author="Ana")
        assert {info.id for info in store.cases()} == {team_case.info.id, own.info.id}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_refusals_read_in_every_language(language, store):
    olga, vera = person(store, OLGA), person(store, VERA)
    case_id = olga.create(sample_case()).info.id
    olga.share(case_id, VERA, Role.VIEWER)
    errors = []
    for refused in (lambda: vera.save(case_id, sample_case(), expected_version=1), lambda: vera.delete(case_id),
                    lambda: person(store, SAM).load(case_id), lambda: vera.open_link("nope")):
        with pytest.raises(AccessDenied) as error:
            refused()
        errors.append(error.value)
    for error in errors:
        text = error.in_language(language)
        assert "{" not in text and "engine." not in text
        assert language == "en" or text != str(error)
    assert case_id in errors[0].in_language(language) and VERA in errors[1].in_language(language)


def test_a_refusal_survives_pickling_with_its_details(store):
    olga, vera = person(store, OLGA), person(store, VERA)
    case_id = olga.create(sample_case()).info.id
    olga.share(case_id, VERA, Role.VIEWER)
    with pytest.raises(AccessDenied) as error:
        vera.delete(case_id)
    copy = pickle.loads(pickle.dumps(error.value))
    assert (type(copy), str(copy), copy.case_id, copy.action, copy.role) == (
        AccessDenied, str(error.value), case_id, "delete", Role.VIEWER)
    assert isinstance(copy, StoreError)


# ------------------------------------------------------------------ property
PEOPLE = (VERA, ED, SAM)
_step = st.one_of(
    st.tuples(st.just("share"), st.sampled_from(PEOPLE), st.sampled_from([Role.VIEWER, Role.EDITOR])),
    st.tuples(st.just("unshare"), st.sampled_from(PEOPLE)),
    st.tuples(st.just("link"), st.sampled_from([Role.VIEWER, Role.EDITOR])),
    st.tuples(st.just("revoke"), st.integers(0, 3)),
    st.tuples(st.just("open"), st.integers(0, 3), st.sampled_from(PEOPLE)),
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_random_grants_and_revokes_list_exactly_what_role_allows(backend, tmp_path):
    """Whatever sequence of shares, unshares, links made, revoked and opened: each person's role is the highest
    of their share and their live links' roles (computed here independently), the library lists the case exactly
    when that role exists, and saving works exactly for editors."""
    with make_store(backend, tmp_path, clock=Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))) as store:
        olga = person(store, OLGA)
        people = {email: person(store, email) for email in PEOPLE}

        @settings(max_examples=25 if backend == "sqlite" else 12, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
        @given(st.lists(_step, max_size=10))
        def check(steps):
            made = olga.create(sample_case())
            case_id, version = made.info.id, 1
            shares: dict[str, Role] = {}
            links: list[tuple[object, Role, bool]] = []  # (NewLink, role, live)
            opened: set[tuple[int, str]] = set()
            for step in steps:
                if step[0] == "share":
                    olga.share(case_id, step[1], step[2])
                    shares[step[1]] = step[2]
                elif step[0] == "unshare":
                    assert olga.unshare(case_id, step[1]) is (step[1] in shares)
                    shares.pop(step[1], None)
                elif step[0] == "link":
                    links.append((olga.make_link(case_id, step[1]), step[1], True))
                elif step[0] == "revoke" and step[1] < len(links):
                    made_link, role, _ = links[step[1]]
                    olga.revoke_link(case_id, made_link.link.id)
                    links[step[1]] = (made_link, role, False)
                elif step[0] == "open" and step[1] < len(links):
                    made_link, _, live = links[step[1]]
                    if live:
                        people[step[2]].open_link(made_link.token)
                        opened.add((step[1], step[2]))
                    else:
                        with pytest.raises(BadLink):
                            people[step[2]].open_link(made_link.token)
            for email, who in people.items():
                granted = [shares[email]] if email in shares else []
                granted += [links[i][1] for i, e in opened if e == email and links[i][2]]
                expected = max(granted, key=lambda role: role.rank) if granted else None
                assert who.role(case_id) is expected
                assert (case_id in listed(who)) is (expected is not None)
                assert who.roles().get(case_id) is expected
                if expected is Role.EDITOR:
                    version = who.save(case_id, edited(sample_case(), 0.1 + version / 100),
                                       expected_version=version).info.version
                elif expected is Role.VIEWER:
                    with pytest.raises(AccessDenied):
                        who.save(case_id, sample_case(), expected_version=version)
                else:
                    with pytest.raises(CaseHidden):
                        who.info(case_id)

        check()
