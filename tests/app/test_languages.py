"""The app in its users' languages (issue 18): every page renders in every language with nothing missing; a
page rendered in the pseudo-language shows no text that bypasses the catalogs; the language is the viewer's
(address, menu), kept in the address, and two viewers of one case each read their own."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.message import Message as Proto
from streamlit.testing.v1 import AppTest

from crm_case import CaseStore, sample_case
from crm_case.i18n import LANGUAGES, PSEUDO, text
from tests.app.bound import retention
from tests.app.test_app import APP, PAGES
from ui.library import library_url
from ui.text import CUT

# Fields of Streamlit's element messages that are not text a person reads (ids, keys, styles, chart data).
NOT_TEXT = {"id", "form_id", "key", "icon", "type", "fragment_id", "page_script_hash", "url_path", "default",
            "format", "spec", "data", "arrow_data", "theme", "selection_mode", "datasets", "element_id",
            "deferred_file_id", "url", "column_order", "page",
            # a component's code (its visible words arrive in its JSON data: the full-screen button's enter/exit)
            "component_name", "js_content", "js_source_path", "css_content", "css_source_path", "html_content"}
# Text that is the same in every language: each language's own name (the language menu), file formats.
SAME_EVERYWHERE = set(LANGUAGES.values()) | {"PNG", "SVG", "UTC"}
MARKUP = re.compile(r":material/[a-z_]+:|:[a-z]+\[|<[^>]*>|\\:|#[0-9a-f]{6}\b")  # icons, colours, HTML, ids


def labels_of(config: str) -> list[str]:
    """The labels and help texts in a table's column configuration (JSON)."""
    try:
        parsed = json.loads(config)
    except ValueError:
        return [config]
    found: list[str] = []

    def collect(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"label", "help", "placeholder", "enter", "exit"} and isinstance(item, str):
                    found.append(item)
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(parsed)
    return found


def texts(node) -> list[str]:
    """Every string of the rendered element tree that a person may read."""
    found: list[str] = []

    def fields(message: Proto) -> None:
        for field, value in message.ListFields():
            if field.name in NOT_TEXT:
                continue
            values = value if field.is_repeated else [value]
            if field.type == field.TYPE_MESSAGE:
                for item in values:
                    fields(item)
            elif field.type == field.TYPE_STRING:
                for item in values:
                    found.extend(labels_of(item) if item.startswith("{") else [item])

    def walk(item) -> None:
        proto = getattr(item, "proto", None)
        code = hasattr(proto, "body") and str(proto.body).startswith(("<style>", "<script>"))  # CSS, JS: not text
        if isinstance(proto, Proto) and not code:
            fields(proto)
        children = getattr(item, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(node)
    return found


def outside_catalogs(shown: str, user_text: set[str]) -> list[str]:
    """The words of ``shown`` (rendered in the pseudo-language) that no catalog text wraps: what is left once the
    ``⟦…⟧`` of every catalog text, the case's own text (names the user typed), markup and figures are removed."""
    rest = shown.replace(CUT, "").replace("\\", "")  # user text as literal() escapes it
    while (inner := re.sub(r"⟦[^⟦⟧]*⟧", " ", rest)) != rest:
        rest = inner
    for cut in re.findall(r"[^\n⟦⟧]+…", rest):  # user text shortened to fit ("Investment: team time, train…")
        if any(own.startswith(cut[:-1].strip()) for own in user_text):
            rest = rest.replace(cut, " ")
    for own in sorted(user_text, key=len, reverse=True):
        rest = rest.replace(own, " ")
    rest = MARKUP.sub(" ", rest)
    return [word for word in re.findall(r"[^\W\d_]{3,}", rest) if word not in SAME_EVERYWHERE]


def case_text(case) -> set[str]:
    """Every text of the case itself (names of lines, vendors, objectives...): the user's, in no catalog."""
    found: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, str) and len(value) > 2:
            found.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(case.model_dump(mode="json"))
    return found


def library_names() -> set[str]:
    """The names of the cases in the tests' library (the Case library page lists them): the users' text."""
    store = CaseStore(library_url())
    try:
        return {info.name for info in store.cases()} | {info.name for info in store.cases(deleted=True)}
    finally:
        store.dispose()


def open_in(language: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("language", [*LANGUAGES, PSEUDO])
def test_every_page_renders_in_every_language(language):
    """Every page runs in the language (a key missing from every catalog would fail the run: CRM_CASE_DEBUG),
    with the sidebar's figures named in it. In the pseudo-language, where every catalog text is wrapped in ⟦…⟧, no
    page shows a word outside the brackets other than the case's own text, the language names and file formats:
    no text bypasses the catalogs."""
    at = open_in(language)
    leaks = {}
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, at.exception)
        assert at.title[0].value, page
        if language == PSEUDO:
            user_text = case_text(at.session_state["case"]) | library_names()
            leaks |= {(page, shown[:160]): words for shown in texts(at._tree)
                      if (words := outside_catalogs(shown, user_text))}
        else:
            assert at.sidebar.selectbox(key="language-menu").value == language
    assert [m.label for m in at.sidebar.metric] == [text(language, "metric.npv"), text(language, "metric.roi"),
                                                    text(language, "metric.payback")]
    assert leaks == {}


def test_the_address_chooses_the_language_and_keeps_it():
    at = open_in("es")
    assert at.session_state["language"] == "es"
    assert at.query_params["lang"] == "es"
    assert at.title[0].value == text("es", "summary.title")
    at.switch_page("pages/risk.py")
    at.run()
    assert at.query_params["lang"] == "es"  # a page change keeps it in the address (a link copied from it)


def test_an_unknown_language_in_the_address_is_english():
    at = open_in("fr")
    assert at.session_state["language"] == "en"
    assert at.title[0].value == text("en", "summary.title")


def test_the_menu_switches_the_language_and_keeps_the_case():
    at = open_in("en")
    before = at.session_state["case"]
    at.sidebar.selectbox(key="language-menu").set_value("zh-Hant").run()
    assert not at.exception, at.exception
    assert at.session_state["language"] == "zh-Hant"
    assert at.query_params["lang"] == "zh-Hant"
    assert at.title[0].value == text("zh-Hant", "summary.title")
    assert at.session_state["case"] == before


def test_the_language_is_the_viewers_not_the_cases():
    """One case opened by a Spanish and a Chinese viewer: each reads their own language."""
    spanish = open_in("es")
    spanish.switch_page("pages/benefit_drivers.py").run()
    retention(spanish).set_value("2.345").run()  # a change saves the case: it gets an id
    case_id = spanish.session_state["library:link"].case_id
    chinese = AppTest.from_file(APP, default_timeout=60)
    chinese.query_params.update({"case": case_id, "lang": "zh-Hant"})
    chinese.run()
    assert not chinese.exception, chinese.exception
    assert chinese.title[0].value == text("zh-Hant", "summary.title")
    spanish.switch_page("pages/summary.py").run()
    assert spanish.title[0].value == text("es", "summary.title")
    assert chinese.session_state["case"] == spanish.session_state["case"]
    assert chinese.session_state["case"].drivers.retention.customers == 2345.0


def test_the_case_link_keeps_the_chosen_language():
    at = open_in("uk")
    at.switch_page("pages/benefit_drivers.py").run()
    retention(at).set_value("2 100").run()
    at.switch_page("pages/library.py").run()
    case_id = at.session_state["library:link"].case_id
    assert any(code.value.endswith(f"?case={case_id}&lang=uk") for code in at.code)


def test_a_blank_case_shows_no_text_outside_the_catalogs():
    """A user's own blank case (its pages say what to enter first, not the sample's figures), in the
    pseudo-language: every page renders and no word bypasses the catalogs."""
    from crm_case.start import blank_case

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = PSEUDO
    at.session_state["case"] = blank_case(name="Nuestro caso", currency="CHF")
    at.run()
    leaks = {}
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, at.exception)
        user_text = case_text(at.session_state["case"]) | library_names()
        leaks |= {(page, shown[:160]): words for shown in texts(at._tree)
                  if (words := outside_catalogs(shown, user_text))}
    assert at.session_state["case"].assumptions.name == "Nuestro caso"
    assert leaks == {}


@pytest.mark.parametrize(("language", "names"), [("en", ["Advantage", "Disadvantage"]),
                                                 ("es", ["Ventaja", "Desventaja"])])
def test_a_criterions_side_is_a_word_of_the_viewers_language(language, names):
    """The criteria table's Side column shows and offers "Advantage" / "Disadvantage" in the viewer's language,
    never the model's value (``advantage``); the table's edits map them back (ui.scoring._side_value)."""
    at = open_in(language)
    at.switch_page("pages/advantages_vs_disadvantages.py").run()
    assert not at.exception, at.exception
    criteria = next(e for e in at.data_editor if e.key and e.key.startswith("editor:criteria:"))
    sides = [c.side for c in sample_case().scoring.criteria]
    assert list(criteria.value["side"]) == [names[0] if s == "advantage" else names[1] for s in sides]
    head = text(language, "scoring.side")
    [side] = [c for c in json.loads(criteria.proto.columns).values() if c.get("label") == head]
    assert side["type_config"]["options"] == names
