"""User text is text (issue 16.3): a case whose every name, statement and note is hostile Markdown renders it
literally on every page that shows it.

Two halves. ``TestLiteral`` checks :func:`ui.text.literal` itself against a model of what Streamlit's Markdown does
with a string (CommonMark escapes, then the regex rewrites StreamlitMarkdown.tsx runs on the parsed text): read back,
every escaped string is the original, and no rewrite can match in it. ``TestPages`` puts the corpus into a case
(every user-text field the model has), runs the pages with AppTest and checks that each Markdown element the main
area sends carries the escaped form, never the raw string. tests/browser/test_user_text_browser.py checks the
rendered DOM in Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import Case, CrmCaseError, case_from_dict, sample_case
from ui.text import CUT, literal

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")

CORPUS: tuple[str, ...] = (
    "![t](http://127.0.0.1:18931/p.png)",                     # image: the viewer's browser would fetch it
    "<img src=x onerror=alert(1)>",                            # raw HTML
    '<a href="http://evil.example">click</a>',
    "<script>alert(1)</script>",
    r"$\frac{1}{2}$ KaTeX",                                    # inline math
    "$$x^2$$ display",                                         # display math
    ":red[coloured] text",                                     # colour directive
    ":material/home: icon",                                    # Material icon
    ":streamlit: logo and :smile: emoji",                      # Streamlit logo <img>, emoji shortcode
    "&lt;b&gt; entity &amp; more",                             # HTML entities
    "**bold** and _italic_",
    "# heading",
    "> quote",
    "- list item",
    "1. ordered",
    "`code` span",
    "[x]: http://ref.example",                                 # reference definition
    "[link](http://link.example)",
    "<http://auto.example>",                                   # autolink
    "bare http://bare.example and www.www.example",            # GFM autolink literals
    "mail me@mail.example",                                    # GFM e-mail autolink
    "a -> b <- c -- d >= e",                                   # typographic rewrites
    "| pipe | table |",
    "~~strike~~ ~tilde~",
    "back\\slash \\* escaped",
    "W" * 120,                                                 # a long word: the longest name the model allows
    "abc \u202e override \u202c def",                          # RTL override (and its pop)
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",   # Hebrew and Arabic
    "zero\u200bwidth\u200djoiner",                             # zero-width space and joiner
    "e\u0301 combining \u0338 marks",
    "emoji \U0001f44d\U0001f3fd \U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\u4e2d\u6587 \u65e5\u672c\u8a9e \ud55c\uad6d\uc5b4",       # CJK
    "  leading and trailing  ",                                # the model trims names: stored trimmed
    "[^1] footnote {#id} :::",
    "=== \\",
)
"""At least 30 hostile strings. Names hold at most 120 characters (objective and metric names 60, vendors 80): a
500-character word is refused by the model as a name and is tested as a corrective action (500 allowed) and in the
helper's own tests. A case holds at most 20 vendor offers: the first 20 strings that fit are offers."""

LONG_WORD = "W" * 500

# The rewrites StreamlitMarkdown.tsx (Streamlit 1.67) runs on parsed text nodes, where a backslash escape is gone.
REWRITES = {
    "gfm url autolink": re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I),
    "gfm e-mail autolink": re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
    "streamlit logo": re.compile(r":streamlit:"),
    "material icon": re.compile(r":material[_/](\w+):"),
    "emoji shortcode": re.compile(r":[\w+-][\w_+-]*:"),
    "typographic symbol": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}
PUNCTUATION = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def text_nodes(markdown: str) -> list[str]:
    """``markdown`` from :func:`literal` read as CommonMark reads it: split at :data:`CUT` (one text node each side),
    backslash escapes and numeric character references resolved."""
    nodes = []
    for part in markdown.split(CUT):
        part = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), part)
        nodes.append(re.sub(rf"\\([{PUNCTUATION}])", r"\1", part))
    return nodes


def unisolated(text: str) -> str:
    return text.lstrip("\u2068").rstrip("\u2069")


def hostile_case() -> Case:
    """The sample case with the corpus in every user-text field the model has: the case name, cost and benefit
    items, criteria, participants, vendor offers, customer segments, objectives (name, statement, estimation),
    metrics (name, strategy, owner, unit) and a corrective action. Fields whose limit a string exceeds get the
    strings that fit."""
    data = sample_case().model_dump(mode="json")
    fits = lambda limit: [s for s in CORPUS if len(s.strip()) <= limit]  # noqa: E731
    data["assumptions"]["name"] = CORPUS[0]
    data["costs"] = [{"category": "IT", "name": s, "initial": 1000.0 + i, "per_year": [100.0]}
                     for i, s in enumerate(CORPUS)]
    # the first is the largest benefit: the verdict names it
    data["benefits"] = [{"area": "Sales", "name": s, "initial": 0.0, "per_year": [900_000.0 - 100 * i] * 5}
                        for i, s in enumerate(CORPUS)]
    data["scoring"]["criteria"] = [{"name": s, "side": "advantage" if i % 2 else "disadvantage", "weight": 1.0 + i,
                                    "score": 5.0} for i, s in enumerate(CORPUS)]
    data["scoring"]["participants"] = [{"name": s, "scores": {c: 6.0 for c in CORPUS[:3]}} for s in CORPUS]
    offer = data["vendors"]["offers"][0]
    # at most 20 offers a case (the model's limit): the strings of the most kinds
    data["vendors"] = {"offers": [offer | {"name": s} for s in fits(80)[:20]], "replaces": [], "chosen": None}
    segment = data["customers"]["segments"][0]
    data["customers"]["segments"] = [segment | {"name": s} for s in CORPUS]
    objective = data["goals"]["objectives"][0]
    names = fits(60)
    data["goals"]["objectives"] = [objective | {"name": s, "statement": s, "estimation": s} for s in names]
    metric = data["goals"]["metrics"][0]
    units = [s for s in CORPUS if len(s) <= 20]
    data["goals"]["metrics"] = [metric | {"name": s, "objective": s, "strategy": s, "owner": s,
                                          "unit": units[i % len(units)], "driver_input": None}
                                for i, s in enumerate(names)]
    data["goals"]["actuals"] = [{"metric": s, "period": f"{dt.date.today().year}-01", "value": 0.5} for s in names]
    data["goals"]["actions"] = {names[0]: LONG_WORD}
    return case_from_dict(data)


def case_texts(case: Case) -> set[str]:
    """Every user string of ``case`` as the model stored it (trimmed, inner blanks collapsed)."""
    texts = {case.assumptions.name, *(c.name for c in case.costs), *(b.name for b in case.benefits),
             *(c.name for c in case.scoring.criteria), *(p.name for p in case.scoring.participants),
             *(o.name for o in case.vendors.offers), *(s.name for s in case.customers.segments)}
    for o in case.goals.objectives:
        texts |= {o.name, o.statement, o.estimation}
    for m in case.goals.metrics:
        texts |= {m.name, m.strategy, m.owner, m.unit}
    return texts


class TestLiteral:
    @pytest.mark.parametrize("text", [*CORPUS, LONG_WORD, "x\n===\n- y", "12) z", "+ plus", "a  \nhard"])
    def test_reads_back_as_typed(self, text):
        assert unisolated("".join(text_nodes(literal(text)))) == text

    @pytest.mark.parametrize("text", [*CORPUS, LONG_WORD])
    def test_no_streamlit_rewrite_matches_a_text_node(self, text):
        for node in text_nodes(literal(text)):
            for name, pattern in REWRITES.items():
                assert not pattern.search(node), (name, node)

    @pytest.mark.parametrize("text", CORPUS)
    def test_every_markup_character_is_escaped(self, text):
        source = literal(text).replace(CUT, "")
        unescaped = re.sub(rf"\\[{PUNCTUATION}]|&#\d+;", "", source)
        assert not set(unescaped) & set("\\`*_~[]<>&$:|#"), source
        assert ":material/" not in literal(text)  # Streamlit rewrites this in the source, before parsing

    def test_line_starts_cannot_open_a_block(self):
        assert literal("- a") == "\\- a"
        assert literal("1. b") == "1\\. b"
        assert literal("+ c\n= d") == "\\+ c\n\\= d"
        assert literal("    code") == "&#32;&#32;&#32;&#32;code"  # never an indented code block

    def test_the_helpers_example(self):
        assert literal("![t](http://127.0.0.1:18931/p.png)") == (
            "!\\[t\\](http\\::color[]//127.0.0.1\\::color[]18931/p.png)")

    def test_right_to_left_text_is_isolated_and_left_to_right_is_not(self):
        assert literal("abc") == "abc"
        assert literal("a\u202eb") == "\u2068a\u202eb\u2069"
        # an isolate the text leaves open is closed; a PDI too many closes an FSI of its own
        assert literal("\u2067x") == "\u2068\u2067x\u2069\u2069"
        assert literal("x\u2069\u05d0") == "\u2068\u2068x\u2069\u05d0\u2069"

    def test_none_and_numbers(self):
        assert literal(None) == ""
        assert literal(12.5) == "12.5"

    def test_paragraphs_are_kept(self):
        assert literal("*a*\n\n*b*") == "\\*a\\*\n\n\\*b\\*"


def markdown_values(at: AppTest) -> list[str]:
    """The Markdown sources the main area sends: bodies, captions, callouts, headers, labels, metric values and
    deltas, help texts (the sidebar is app.py's)."""
    main = at.main
    values: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader"):
        values += [e.value for e in getattr(main, kind)]
    for metric in main.metric:
        values += [metric.label, metric.value, metric.proto.delta, metric.proto.help]
    for kind in ("button", "checkbox", "toggle", "expander", "tabs"):
        values += [getattr(e, "label", "") for e in getattr(main, kind)]
    values += [e.proto.help for kind in ("button", "checkbox", "toggle") for e in getattr(main, kind)]
    values += [t.value for t in at.toast]
    return [v for v in values if v]


def assert_literal(values: list[str], texts: set[str]) -> None:
    """No element carries a user string unescaped. A string literal() leaves unchanged may stand as it is; one that
    is harmless inside a line ("1. ordered") must not start a line raw."""
    for text in texts:
        if not text or unisolated(literal(text)) == text:  # plain, or only isolated (its isolate may be wider)
            continue
        inline_safe = literal("x" + text) == "x" + text
        for value in values:
            rest = value.replace(literal(text), "")
            if inline_safe:
                assert not re.search(rf"(^|\n)[ \t]*{re.escape(text)}", rest), (text, value)
            else:
                assert text not in rest, (text, value)


PAGES = ["pages/summary.py", "pages/investment_costs.py", "pages/benefit_drivers.py",
         "pages/advantages_vs_disadvantages.py", "pages/objectives_and_metrics.py", "pages/vendors.py",
         "pages/customers.py", "pages/library.py", "pages/report.py", "pages/present.py", "pages/setup.py",
         "pages/risk.py", "pages/cash_projections.py"]


@pytest.fixture(scope="module")
def hostile():
    return hostile_case()


def test_the_corpus_fits_the_model(hostile):
    texts = case_texts(hostile)
    assert len(CORPUS) >= 30
    assert "leading and trailing" in texts  # the model trims names and collapses blanks: stored so
    with pytest.raises(CrmCaseError):  # a 500-character word is no name
        case_from_dict(hostile.model_dump() | {"assumptions": hostile.assumptions.model_dump() | {"name": LONG_WORD}})


@pytest.fixture(scope="module")
def rendered(hostile):
    """Each page of the hostile case, run once: page -> the Markdown values of its main area."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["case"] = hostile
    at.run()
    out = {}
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        out[page] = markdown_values(at)
    return out


@pytest.mark.parametrize("page", PAGES)
def test_no_page_sends_user_text_unescaped(rendered, hostile, page):
    assert_literal(rendered[page], case_texts(hostile))


def joined(rendered, page: str) -> str:
    return "\n".join(rendered[page])


def test_the_summarys_verdict_names_the_largest_benefit_escaped(rendered, hostile):
    assert literal(hostile.benefits[0].name.lower()) in joined(rendered, "pages/summary.py")


def test_objectives_metrics_and_strategies_are_escaped_on_their_page(rendered, hostile):
    page = joined(rendered, "pages/objectives_and_metrics.py")
    for objective in hostile.goals.objectives:
        assert f"#### {literal(objective.statement)}" in page
        assert f"**{literal(objective.name)}**" in page
    for metric in hostile.goals.metrics:
        assert literal(metric.strategy) in page and literal(metric.owner) in page


def test_vendor_names_in_metrics_and_buttons_are_escaped(rendered, hostile):
    page = joined(rendered, "pages/vendors.py")
    assert any(literal(o.name) in page for o in hostile.vendors.offers)


def test_the_case_name_is_escaped_in_the_library_and_the_presentation(rendered, hostile):
    name = literal(hostile.assumptions.name)
    assert f"#### {name}" in joined(rendered, "pages/library.py")
    assert name in joined(rendered, "pages/present.py")


def test_an_editor_refusal_quoting_user_text_is_escaped():
    """A refused table edit's message (ui/state.py keeps it under ``bind-error:<section>``) quotes what was typed;
    the page shows it escaped, paragraphs kept."""
    message = "Row 1, Item: must not contain control characters, got '<img src=x>\\x07'\n\nRow 2, Item: :red[x]"
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["case"] = sample_case()
    at.session_state["bind-error:costs"] = message
    at.run()
    at.switch_page("pages/investment_costs.py").run()
    assert literal(message) in [e.value for e in at.main.error]


def test_a_dollar_case_shows_every_amount_not_a_formula():
    """Two US-dollar amounts in one Markdown text ("$32,000 a year at full adoption, $27,200 after risk") made
    Streamlit render what lay between them as a KaTeX formula. Every page of the sample in USD, sidebar included:
    no Markdown value has two unescaped dollar signs."""
    from crm_case import with_value

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["case"] = with_value(sample_case(), "assumptions.currency", "USD")
    at.run()
    found = []
    for page in [*PAGES, "pages/delay.py", "pages/readiness.py", "pages/data.py"]:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        values = markdown_values(at)
        sidebar = at.sidebar
        for kind in ("markdown", "caption", "info", "warning", "error", "success"):
            values += [e.value for e in getattr(sidebar, kind)]
        values += [v for m in sidebar.metric for v in (m.label, m.value, m.proto.delta)]
        found += [(page, v) for v in values if len(re.findall(r"(?<!\\)\$", v)) >= 2]
    assert found == []
