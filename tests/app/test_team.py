"""Team mode in AppTest: the sign-in page is all a signed-out session gets, whatever page it asks for; the
signed-in e-mail is the author of every version; the Case library's Sharing tab shares the case with a person
and makes and revokes links, each refusal coming from the library. (st.user is AppTest's ``user``; team mode
is on when ``secrets`` has an ``[auth]`` section, as in a real server: tests/browser/test_team_browser.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import CaseStore
from crm_case.access import Identity, PersonStore, Role
from crm_case.store import database_url

ROOT = Path(__file__).resolve().parents[2]
AUTH = {"auth": {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "crm-case", "client_secret": "not-a-secret",
                 "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}
ALICE = {"is_logged_in": True, "email": "Alice@Example.com", "name": "Alice Martin"}


@pytest.fixture(autouse=True)
def library(tmp_path, monkeypatch):
    """A library of the test's own (CRM_CASE_DATA_DIR), and its store for the test to look into."""
    monkeypatch.setenv("CRM_CASE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CRM_CASE_DATABASE_URL", raising=False)
    store = CaseStore(database_url({"CRM_CASE_DATA_DIR": str(tmp_path)}, base=tmp_path))
    yield store
    store.dispose()


def team_app(user: dict | None = None, page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = dict(user if user is not None else {"is_logged_in": False})
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Every text on the page, as a person reads it (the markup that keeps user text literal removed)."""
    return " ".join(str(e.value) for kind in ("markdown", "caption", "info", "warning", "error", "success")
                    for e in getattr(at, kind)).replace(":color[]", "").replace("\\", "")


@pytest.mark.parametrize("page", [None, "pages/risk.py", "pages/library.py", "pages/present.py"])
def test_signed_out_sees_only_the_sign_in(page):
    at = team_app(page=page, case="0" * 32)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.sidebar.metric and not at.tabs
    assert "Acme" not in texts(at)


def test_a_signed_in_person_without_an_email_is_told_why_and_can_sign_out():
    at = team_app({"is_logged_in": True, "name": "No Mail"})
    assert "gave no e-mail address" in texts(at)
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.sidebar.metric


def test_personal_mode_has_no_sign_in_and_no_sharing_tab():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception
    assert "Sign in" not in [b.label for b in at.button]
    assert "Sharing" not in [tab.label for tab in at.tabs]
    assert at.text_input(key="library-author")  # the typed author name, as before


def test_the_signed_in_email_is_the_author_and_the_owner_shares(library):
    at = team_app(ALICE, "pages/benefit_drivers.py")
    assert "Signed in as Alice Martin (alice@example.com)" in texts(at)
    reps = next(w for w in at.text_input if w.key and w.key.endswith("drivers.sales_productivity.reps"))
    reps.set_value("57").run()
    case_id = at.query_params["case"][0] if isinstance(at.query_params["case"], list) else at.query_params["case"]
    assert library.history(case_id)[0].author == "alice@example.com"
    at.switch_page("pages/library.py").run()
    assert "Sharing" in [tab.label for tab in at.tabs]
    at.text_input(key="team:share-form:email").set_value("Bob@Example.com")
    at.button(key="team-share-add").click().run()
    assert "bob@example.com can now view." in texts(at)
    person = PersonStore(library, Identity.of("bob@example.com"))
    assert person.role(case_id) is Role.VIEWER
    at.selectbox(key="team-link-role").set_value("editor")
    at.button(key="team-link-make").click().run()
    shown = [c.value for c in at.code if "share=" in c.value]
    assert len(shown) == 1
    token = shown[0].rsplit("share=", 1)[1]
    carol = PersonStore(library, Identity.of("carol@example.com"))
    assert carol.open_link(token).role is Role.EDITOR
    at.run()  # shown once: gone at the next run
    assert not [c.value for c in at.code if "share=" in c.value]
    at.button(key="team-link-revoke-go").click().run()
    assert "The link is revoked" in texts(at)
    assert carol.role(case_id) is None


def test_a_viewer_cannot_change_the_case_and_is_told_so(library):
    owner = PersonStore(library, Identity.of("alice@example.com"))
    from crm_case import sample_case

    made = owner.create(sample_case(), name="Board case")
    owner.share(made.info.id, "bob@example.com", "viewer")
    at = team_app({"is_logged_in": True, "email": "bob@example.com"}, "pages/benefit_drivers.py",
                  case=made.info.id)
    assert "shared with you for viewing" in texts(at)
    reps = next(w for w in at.text_input if w.key and w.key.endswith("drivers.sales_productivity.reps"))
    before = owner.load(made.info.id).info.version
    assert reps.disabled  # every bound input (ui.state.bind) and table (table_editor) is disabled for a viewer
    assert all(editor.proto.disabled for editor in at.get("arrow_data_frame") if hasattr(editor.proto, "disabled"))
    assert owner.load(made.info.id).info.version == before  # a change sent anyway: tests/browser/test_team_browser.py
    at.switch_page("pages/advantages_vs_disadvantages.py").run()
    assert "Live voting is run by the case's owner and editors" in texts(at)
    assert not [b for b in at.button if b.key and b.key.startswith("live-open")]
    at.switch_page("pages/library.py").run()
    assert "You can view this case" in texts(at)
