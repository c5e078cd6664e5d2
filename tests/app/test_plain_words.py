"""No internal name reaches a page (issue 22, point 3): every page, rendered in English on the sample (with its
objectives, metrics and illustrative actuals, so the scorecard, the path chart and the re-forecast show), on a
blank case and on a blank case holding the sample's objectives, shows no dotted field path (``drivers.retention``)
and no snake_case identifier (``churn_before``) in any text a person reads: labels, captions, Markdown, help texts,
table cells and column headers, select options (a table's too), and the charts' titles, axis and legend titles,
legend labels and tooltip titles (a field shown without a title shows its name).

The case's own text (names users type) is left out, unless it is itself an identifier: the sample's links from
objectives and metrics to model inputs are paths, not words, and must be shown by their labels.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from crm_case import sample_case
from crm_case.goals import example_actuals, merge_actuals
from crm_case.start import blank_case
from tests.app.test_app import APP, PAGES
from tests.app.test_languages import MARKUP, case_text, library_names, texts

ALL_PAGES = [*PAGES, "pages/setup.py"]

SNAKE = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
"""A snake_case identifier: ``churn_before``, ``on_track`` (not ``_italic_`` Markdown, not part of a file name)."""
DOTTED = re.compile(r"(?<![\w/.@-])[a-z_]+(?:\.[a-z_]+)+(?![\w/@-])")
"""A dotted path: ``drivers.retention``, ``drivers.retention.churn_after``."""
NOT_A_PATH = re.compile(r"^(e\.g|i\.e|etc|vs|cf|a\.m|p\.m)$|\.(csv|xlsx|xls|ods|json|pdf|png|svg|zip|md|txt|py|"
                        r"com|org|net|io|example|app)$")
"""Dotted words that are not paths: abbreviations, file names, web addresses."""
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+")
CODE = re.compile(r"`[^`]+`")
"""Inline code: a command a person types (``python -m crm_case evaluate case.json``), shown as code on purpose."""

CHANNELS = ("x", "y", "color", "fill", "stroke", "size", "shape", "opacity", "strokeDash", "theta", "radius", "row",
            "column", "facet")
"""Vega-Lite encoding channels that draw an axis, a legend or a header, titled by ``title`` or else by the field."""


def findings(shown: str, user_text: set[str]) -> list[str]:
    """The identifiers and dotted paths in ``shown`` once markup, web addresses and the user's own text are out."""
    rest = re.sub(r"\\([\\`*_{}\[\]()#+.!|~<>-])", r"\1", shown)  # escapes out (literal: churn\_before)
    for own in sorted(user_text, key=len, reverse=True):
        rest = rest.replace(own, " ")
    rest = CODE.sub(" ", URL.sub(" ", MARKUP.sub(" ", rest)))
    found = SNAKE.findall(rest)
    found += [d for d in DOTTED.findall(rest) if not NOT_A_PATH.search(d)]
    return found


# --------------------------------------------------------------------------- what texts() leaves out
def _arrow_frame(data: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pandas()


def table_texts(proto) -> list[str]:
    """A table's (or a table editor's) column headers, text cells and select options, as shown: a configured
    column shows its label, a hidden one (or one left out of the column order) nothing. texts() reads the
    labels, but neither the Arrow data nor a column's options."""
    found: list[str] = []
    config = json.loads(proto.columns) if proto.columns else {}
    order = list(proto.column_order)
    if proto.arrow_data.data:
        frame = _arrow_frame(proto.arrow_data.data)
        for column in frame.columns:
            settings = config.get(str(column), {})
            if settings.get("hidden") or (order and str(column) not in order):
                continue
            found.append(settings.get("label", str(column)))
            options = (settings.get("type_config") or {}).get("options") or []
            shown_as = {o["value"]: o["label"] for o in options if isinstance(o, dict) and "label" in o}
            found += [shown_as.get(v, v) for v in frame[column].tolist() if isinstance(v, str)]
        if not config.get("_index", {}).get("hidden") and not isinstance(frame.index, pd.RangeIndex):
            found += [v for v in frame.index.tolist() if isinstance(v, str)]
    for settings in config.values():
        options = (settings.get("type_config") or {}).get("options") or []
        # an option with a label (format_func) shows its label, which texts() reads
        found += [o for o in options if isinstance(o, str)]
    return found


def _titles(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    if isinstance(value, dict):
        return _titles(value.get("text"))
    return []


def _guide(encoding: dict):
    """The channel's axis, legend or header settings; None when the channel draws none (switched off, or an
    identity colour scale)."""
    if encoding.get("scale", {}) is None:
        return None
    return encoding.get("axis", encoding.get("legend", encoding.get("header", {})))


def _units(node: dict) -> list[dict]:
    """The unit specs of a layer, at any depth."""
    if "layer" in node:
        return [u for layer in node["layer"] if isinstance(layer, dict) for u in _units(layer)]
    return [node] if "encoding" in node else []


def chart_words(spec: dict, datasets: dict[str, pd.DataFrame]) -> tuple[list[str], list[str]]:
    """What a Vega-Lite chart writes, and the field names it shows as titles.

    The words: its titles, each axis, legend and header title, the labels of nominal axes and legends (from the
    scale's domain or the data) and each tooltip's title. The field names: a tooltip without a title, or an axis,
    legend or header without one in its whole layer (Vega-Lite merges a layer's titles; a given one wins), shows
    its field's name: a column name, never a word for a reader."""
    words: list[str] = []
    fields: list[str] = []

    def unit(node: dict, data: dict | None) -> None:
        encodings = node.get("encoding") or {}
        for channel in CHANNELS:
            encoding = encodings.get(channel)
            if not isinstance(encoding, dict) or (guide := _guide(encoding)) is None:
                continue
            words.extend(_titles(encoding.get("title")))
            if isinstance(guide, dict):
                words.extend(_titles(guide.get("title")))
            if encoding.get("type") == "nominal" and not (isinstance(guide, dict) and "labelExpr" in guide):
                domain = (encoding.get("scale") or {}).get("domain")
                if isinstance(domain, list):
                    words.extend(v for v in domain if isinstance(v, str))
                elif isinstance(data, dict) and (frame := datasets.get(data.get("name", ""))) is not None \
                        and encoding.get("field") in frame:
                    words.extend(v for v in frame[encoding["field"]].tolist() if isinstance(v, str))
        tooltip = encodings.get("tooltip")
        for entry in tooltip if isinstance(tooltip, list) else [tooltip] if isinstance(tooltip, dict) else []:
            if "title" in entry:
                words.extend(_titles(entry["title"]))
            elif "field" in entry:
                fields.append(str(entry["field"]))

    def untitled(units: list[dict]) -> list[str]:
        """The field names that title an axis, legend or header of these units (one layer): none for a channel
        that one of them titles."""
        titled = set()
        for node in units:
            for channel in CHANNELS:
                encoding = (node.get("encoding") or {}).get(channel)
                if isinstance(encoding, dict) and ("title" in encoding or "title" in (_guide(encoding) or {})):
                    titled.add(channel)
        names = []
        for node in units:
            for channel in CHANNELS:
                encoding = (node.get("encoding") or {}).get(channel)
                if isinstance(encoding, dict) and "field" in encoding and channel not in titled \
                        and _guide(encoding) is not None:
                    names.append(str(encoding["field"]))
        return names

    def walk(node, data: dict | None, top: bool) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, data, top)
            return
        if not isinstance(node, dict):
            return
        words.extend(_titles(node.get("title")))
        data = node.get("data") or data
        if top and ("layer" in node or "encoding" in node):  # the outermost layer merges its whole tree
            fields.extend(untitled(_units(node)))
        if "encoding" in node:
            unit(node, data)
        if "layer" in node:
            walk(node["layer"], data, top=False)
        for key in ("hconcat", "vconcat", "concat", "spec"):
            if key in node:
                walk(node[key], data, top=True)

    walk(spec, None, top=True)
    return words, fields


def readable(node) -> tuple[list[str], list[str]]:
    """Every text of the rendered tree a person reads: texts() (test_languages) and what it leaves out, the
    tables' cells and options and the charts' words; and the charts' field names shown as titles."""
    found = texts(node)
    fields: list[str] = []

    def walk(item) -> None:
        proto = getattr(item, "proto", None)
        if proto is not None and hasattr(proto, "arrow_data") and hasattr(proto, "columns"):
            found.extend(table_texts(proto))
        if proto is not None and getattr(proto, "spec", "") and hasattr(proto, "datasets"):
            datasets = {d.name: _arrow_frame(d.data.data) for d in proto.datasets if d.data.data}
            words, names = chart_words(json.loads(proto.spec), datasets)
            found.extend(words)
            fields.extend(names)
        children = getattr(item, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(node)
    return found, fields


# --------------------------------------------------------------------------- the pages
def _sample_tracked():
    case = sample_case()
    return merge_actuals(case, example_actuals(case))


def _blank_with_goals():
    return blank_case(name="Our CRM").model_copy(update={"goals": sample_case().goals})


CASES = {"sample with actuals": _sample_tracked, "blank": blank_case,
         "blank with the sample's goals": _blank_with_goals}


LAZY = ("sidebar-new-open", "projections-monthly-open", "risk-scenario-values-open")
"""The keys of the popover and expanders drawn only while open (app.NEW_CASE_OPEN, pages/cash_projections.py's
MONTHLY_OPEN, ui.risk.SCENARIO_VALUES_OPEN): opened here, so that their words are read too."""


def leaks_on_every_page(case) -> dict[tuple[str, str], list[str]]:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.session_state["case"] = case
    for key in LAZY:
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    leaks = {}
    for page in ALL_PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, at.exception)
        user_text = {s for s in case_text(at.session_state["case"]) | library_names()
                     if not (SNAKE.fullmatch(s) or DOTTED.fullmatch(s))}
        shown, fields = readable(at._tree)
        leaks |= {(page, text[:160]): words for text in shown if (words := findings(text, user_text))}
        leaks |= {(page, f"a chart's field {name!r}"): ["a field's name shown as a title"] for name in fields}
    return leaks


@pytest.mark.parametrize("which", CASES)
def test_no_page_shows_an_internal_name(which):
    assert leaks_on_every_page(CASES[which]()) == {}


# --------------------------------------------------------------------------- abbreviations explained
ABBREVIATIONS = {
    "NPV": (r"\bNPV\b", "net present value"),
    "PV": (r"\bPV\b", "present value"),
    "ROI": (r"\bROI\b", "return on investment"),
    "IRR": (r"\bIRR\b", "internal rate of return"),
    "MIRR": (r"\bMIRR\b", "modified internal rate of return"),
    "payback": (r"(?i)\bpayback\b", "until the cumulative"),
    "TEI": (r"\bTEI\b", "total economic impact"),
    "PERT": (r"\bPERT\b", "beta-pert distribution"),
    "P10/P50/P90": (r"\bP[159]0\b", "percentile"),
    "EVPI": (r"\bEVPI\b", "expected value of perfect information"),
    "TCO": (r"\bTCO\b", "total cost of ownership"),
    "CLV": (r"\bCLV\b", "customer lifetime value"),
}
"""The abbreviations of finance and of the method a reader may not know, each with the words that explain it."""


def leaves(node):
    """The elements of a rendered tree (not its blocks and columns), in the order a person reads them."""
    children = getattr(node, "children", None)
    if isinstance(children, dict) and children:
        for child in children.values():
            yield from leaves(child)
    elif getattr(node, "proto", None) is not None:
        yield node


def unexplained(node) -> dict[str, str]:
    """Each abbreviation whose first use (the first element that shows it) comes with no explanation, neither in
    that element's text or help text nor in an element before it (a glossary in the title's help), with that
    element's text."""
    seen, explained, missing = set(), set(), {}
    for element in leaves(node):
        shown = " ".join(readable(element)[0])
        explained |= {name for name, (_, meaning) in ABBREVIATIONS.items() if meaning in shown.lower()}
        for name, (pattern, _) in ABBREVIATIONS.items():
            if name not in seen and re.search(pattern, shown):
                seen.add(name)
                if name not in explained:
                    missing[name] = shown[:200]
    return missing


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_abbreviation_is_explained_where_a_page_first_shows_it(page):
    """NPV, IRR, TEI, PERT, P10... are explained where each page first shows them, or before: in that element's
    help text or words, or in the glossary of the page title's help. A finance user who does not know one learns
    it on the page where it appears."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.session_state["case"] = _sample_tracked()
    for key in LAZY:
        at.session_state[key] = True
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    assert unexplained(at.main) == {}


def test_the_sidebar_explains_its_figures():
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    assert unexplained(at.sidebar) == {}


# --------------------------------------------------------------------------- the finder itself
@pytest.mark.parametrize(("shown", "expected"), [
    ("Linked to drivers.retention", ["drivers.retention"]),
    ("churn_before falls", ["churn_before"]),
    (r"customers x (churn\_before - churn\_after)", ["churn_before", "churn_after"]),  # escaped by ui.text.literal
    ("Input: drivers.service_cost.fcr_uplift", ["drivers.service_cost.fcr_uplift"]),
    ("Download crm-case-actuals.csv, e.g. from https://example.org/a_b", []),
    ("An *italic* and _emphasised_ word, 12.5 %, :material/how_to_vote: icon", []),
    ("Churn before and after", []),
    ("or with the command line (`python -m crm_case evaluate case.json`)", []),
])
def test_the_finder_sees_paths_and_identifiers_only(shown, expected):
    assert sorted(findings(shown, set())) == sorted(expected)


def test_a_chart_field_without_a_title_is_read_as_its_name():
    spec = {"layer": [{"encoding": {"y": {"field": "y", "type": "quantitative"}}},
                      {"encoding": {"y": {"field": "amount", "title": "Amount"},
                                    "x": {"field": "month_index", "type": "quantitative"},
                                    "color": {"field": "series", "type": "nominal", "legend": None},
                                    "tooltip": [{"field": "net_flow"}, {"field": "a", "title": "Net"}]}},
                      {"layer": [{"encoding": {"x": {"field": "month_index"}}}]},  # titled by nothing either
                      {"encoding": {"color": {"field": "colour", "scale": None}}}]}  # identity colours: no legend
    words, fields = chart_words(spec, {})
    assert sorted(words) == ["Amount", "Net"]
    # the rule's "y" takes its layer's title: not shown
    assert sorted(fields) == ["month_index", "month_index", "net_flow"]
