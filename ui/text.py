"""User text shown as typed: :func:`literal` turns a string someone typed (a case, line item, criterion, objective,
metric, strategy, vendor, segment or participant name, a statement, a note, a file name) into Streamlit Markdown
that renders exactly that string, so nothing in it is fetched, linked or formatted.

Every Streamlit element that takes text but no ``unsafe_allow_html`` still reads it as Markdown: ``st.markdown``,
``st.caption``, ``st.info``/``warning``/``error``/``success``, ``st.toast``, titles and headers, metric, expander,
tab, button, checkbox and radio labels, and ``help=`` tooltips. Its frontend (``StreamlitMarkdown.tsx``) parses with
react-markdown + remark-gfm + remark-math + remark-directive, then rewrites the *parsed text* with regular
expressions: GFM's bare-URL and e-mail autolinks (``http://x.example``, ``www.x.example``, ``a@b.example``),
``:streamlit:`` (an ``<img>``), ``:material/name:`` icons, emoji shortcodes (``:smile:``) and typographic symbols
(`` -> `` becomes an arrow). A backslash escape stops the parser but not those rewrites, because the escape is gone
by then; so :func:`literal` does both:

1. Every ASCII punctuation character gets a backslash (CommonMark 2.4: any ASCII punctuation may be escaped and
   is then literal): no emphasis, code, link, image, autolink, raw HTML, entity, heading, quote, list, table,
   KaTeX (``$``) or directive (``:red[...]``) can start. Spaces at the start or end of a line become ``&#32;`` (a
   literal space, never an indented code block or a hard line break).
2. Where a rewrite could still match (after a ``:``, before an ``@``, between ``www`` and ``.``, between the two
   characters of ``->``, ``<-``, ``--``, ``>=``, ``<=``, ``~=``) the text is cut into two Markdown text nodes by
   :data:`CUT`, an empty ``:color[]`` directive. Streamlit draws it as an empty ``<span>``: nothing visible, and the
   page's text (``innerText``, copy and paste, find in page) is exactly what was typed. (A zero-width character
   would cut the pattern too, but would then be part of the copied text.)
3. A string holding right-to-left letters or bidi controls is wrapped in Unicode isolates (FSI U+2068 ... PDI
   U+2069, closing any isolate the string opened and absorbing any it closes), so an RTL override (U+202E) or an
   Arabic name reorders nothing of the app's own sentence around it. Plain left-to-right strings get no isolate.

Long words: Streamlit's Markdown containers break an unbroken word at the container's edge
(``overflow-wrap: break-word``), checked in Chromium by tests/browser/test_user_text_browser.py.

Not for elements that already show text as text: ``st.dataframe``/``st.data_editor`` cells, ``st.text``,
``st.code``, ``st.html`` (give it ``html.escape``), selectbox and multiselect options, text input values, Altair
and Vega-Lite labels and tooltips (drawn as text). There the backslashes would show.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CUT", "literal"]

CUT = ":color[]"
"""Splits two Markdown text nodes and renders as an empty ``<span>``: Streamlit's ``:color[...]`` directive without
valid colours is a plain span (StreamlitMarkdown.tsx, ``createRemarkColoringAndSmall``)."""

_ANYWHERE = frozenset("\\`*_~[]<>&$:|#")
"""Escaped wherever they stand: emphasis, code, strikethrough, links/images/footnotes/directive labels, autolinks and
raw HTML, entities, KaTeX, directives, tables, and an ATX heading's closing ``#`` run."""
_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d{1,9})([.)])(?=[ \t]|$))")
"""At the start of a line: list markers ``-``/``+``, setext underlines ``=``/``-``, ordered lists ``1.``/``1)`` (a
number followed by a blank: "12.5" stays as it is)."""
_ARROWS = frozenset("<>-~=")
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})
_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
_PDI, _FSI = "\u2069", "\u2068"
_EDGE_SPACES = re.compile(r"^[ \t]+|[ \t]+$")


def _cut_before(text: str, i: int) -> bool:
    """Whether a text rewrite of Streamlit's Markdown could match across the gap before ``text[i]``."""
    before, here = text[i - 1], text[i]
    return (
        before == ":"  # :streamlit:, :material/x:, :smile:, http://
        or here == "@"  # name@domain.example (GFM e-mail autolink)
        or (here == "." and text[max(i - 3, 0):i].lower() == "www")  # www.x.example (GFM autolink)
        or (before in _ARROWS and here in _ARROWS)  # ->, <-, --, >=, <=, ~= become arrows and dashes
    )


def _unmarked(match: re.Match[str]) -> str:
    indent, mark, number, delimiter = match.groups()
    return indent + ("\\" + mark if mark else f"{number}\\{delimiter}")


def _line(text: str) -> str:
    out: list[str] = []
    for i, char in enumerate(text):
        if i and _cut_before(text, i):
            out.append(CUT)
        out.append("\\" + char if char in _ANYWHERE else char)
    escaped = "".join(out)
    # a list marker or setext underline at the start: its character escaped (an ordered list's "." or ")")
    escaped = _LINE_START.sub(_unmarked, escaped, count=1)
    # leading/trailing blanks: literal spaces, never indentation (a code block) or a hard break
    return _EDGE_SPACES.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), escaped)


def _isolated(text: str) -> str:
    """``text`` between FSI and PDI when it holds right-to-left letters or bidi controls, so that it cannot reorder
    what is around it; isolates it leaves open are closed, and PDIs it has too many close extra FSIs."""
    if not any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text):
        return text
    depth = unmatched = 0
    for char in text:
        if char in _OPENERS:
            depth += 1
        elif char == _PDI:
            if depth:
                depth -= 1
            else:
                unmatched += 1
    return _FSI * (unmatched + 1) + text + _PDI * (depth + 1)


def literal(text: object) -> str:
    """Streamlit Markdown that renders ``text`` exactly as typed: nothing in it fetched, linked or formatted.

    ``literal("![t](http://127.0.0.1/p.png)")`` is ``\\!\\[t\\]\\(http\\::color[]\\/\\/127\\.0\\.0\\.1\\/p\\.png\\)``.
    Use it for every user string that reaches Markdown (body, caption, callouts, toasts, headers, labels, ``help=``),
    including values put into catalog messages: ``t(key, name=literal(item.name))``. Line breaks are kept (each
    line escaped on its own, so "\\n\\n" still separates paragraphs). ``None`` is the empty string; anything else is
    ``str(text)``. Never for elements that show text as text (see the module docstring)."""
    if text is None:
        return ""
    value = str(text)
    if not value:
        return ""
    return "\n".join(_line(line) for line in _isolated(value).split("\n"))



def no_math(markdown: str) -> str:
    """The app's own Markdown (bold, headings, lists kept) with every ``$`` shown as a dollar sign: Streamlit renders
    text between two ``$`` as a KaTeX formula, so "$32,000 a year ..., $27,200 after risk" lost its amounts to math
    in a USD case. Use it for app text that carries amounts (``t(...)`` with :func:`ui.format.money` values) and
    reaches Markdown; user text goes through :func:`literal`, which escapes ``$`` too. A ``$`` already escaped stays
    as it is."""
    return re.sub(r"(?<!\\)\$", r"\\$", markdown)
