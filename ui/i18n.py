"""Every user-facing string in the viewer's language: ``t(key, **values)`` reads the catalogs of
:mod:`crm_case.i18n` (data files, one folder per language) in the language of this browser session.

The language is the viewer's, not the case's (two people on one case each read their own): ``?lang=xx`` in the
address, else the one chosen in the sidebar, else the browser's (``st.context.locale``), else English
(:func:`choose`, at the start of every run). A field's label and help are ``field.<path>`` / ``help.<path>``,
where the path is the case field without list indices (``drivers.retention.churn_after``); the English labels are
the titles the model declares on its fields (a test keeps them equal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from crm_case.i18n import DEFAULT, Message, catalog, language_of, localize, text

PARAM = "lang"
"""The address's query parameter naming the language (``?lang=es``)."""
KEY = "language"
"""Where the session keeps its language."""
CHOSEN = "language-chosen"
"""Set once the viewer chose the language (address or menu): it is then kept in the address."""

_CURRENT: ContextVar[str | None] = ContextVar("crm_case_language", default=None)
"""The language of the run in this thread (a session's runs, and only its, run in its script threads)."""


def language() -> str:
    """The viewer's language in this run (English outside a Streamlit run: tests, scripts)."""
    current = _CURRENT.get()
    if current is not None:
        return current
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT
    current = st.session_state.get(KEY, DEFAULT)  # a callback that runs before choose() in a new script thread
    _CURRENT.set(current)
    return current


@contextmanager
def use(wanted: str) -> Iterator[None]:
    """Everything inside is in ``wanted`` (a test, or a file made for another reader), then as before."""
    token = _CURRENT.set(wanted)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def choose() -> str:
    """The viewer's language for this run, from the address, the session, the browser or English, in that order;
    kept in the session and, once chosen, in the address (a link copied from it opens in the same language)."""
    asked = st.query_params.get(PARAM)
    wanted = language_of(asked)
    if wanted is not None:
        st.session_state[CHOSEN] = True
    else:
        wanted = st.session_state.get(KEY) or language_of(st.context.locale) or DEFAULT
    st.session_state[KEY] = wanted
    if st.session_state.get(CHOSEN) and asked != wanted:
        st.query_params[PARAM] = wanted
    _CURRENT.set(wanted)
    return wanted


def switch(wanted: str) -> None:
    """The viewer chose ``wanted`` (the sidebar's menu): used from now on and kept in the address."""
    st.session_state[KEY] = wanted
    st.session_state[CHOSEN] = True
    st.query_params[PARAM] = wanted
    _CURRENT.set(wanted)


def chosen() -> bool:
    """Whether the viewer chose the language (address or menu) rather than having the browser's."""
    return bool(st.session_state.get(CHOSEN))


def labelled(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A widget's ``format_func``: each option's label computed now, in this run's language (Streamlit may call
    ``format_func`` outside the run, where the viewer's language is unknown)."""
    names = {option: label(option) for option in options}
    return names.__getitem__


def unlabelled(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], Any]:
    """The inverse of :func:`labelled` for a table cell: the option a label shown in this run's language stands for
    (a value that is no option's label, e.g. the model's own value, as it is)."""
    options = {label(option): option for option in options}
    return lambda shown: options.get(shown, shown)


def t(key: str, /, **values: object) -> str:
    """The text of ``key`` in the viewer's language, with ``{name}`` placeholders filled from ``values``."""
    return text(language(), key, **values)


def has(key: str) -> bool:
    """Whether the catalogs have ``key`` (for optional help texts)."""
    return key in catalog(language())


def glossary(*terms: str) -> str:
    """The ``glossary.<term>`` entries of ``terms`` (``"npv"``, ``"irr"``, ``"tei"``, ``"percentiles"``...), one
    paragraph each: the help of a page's title, so every abbreviation the page uses is explained where it starts."""
    return "\n\n".join(t(f"glossary.{term}") for term in terms)


def localized(value: object) -> str:
    """A message of the engine (:class:`crm_case.i18n.Message`, or a list of them) in the viewer's language;
    anything else as text."""
    return localize(value, language())


def place_and_what(problem: object) -> tuple[str, str]:
    """A problem of an import as two columns, in the viewer's language: where (``Costos!C5``, as the file names
    its sheet) and what is wrong; ``("", message)`` for a problem that names no place."""
    message = localized(problem)
    where = str(problem.values.get("where", "")) if isinstance(problem, Message) else ""
    if where and message.startswith(where):
        return where, message[len(where):].lstrip(":：; ").strip()
    return "", message


def group_name(group: str) -> str:
    """A cost category or benefit area (the model's ``IT``, ``People``, ``Process``, ``Marketing``, ``Sales``,
    ``Service``) as the viewer reads it."""
    for key in (f"setup.category.{group}", f"benefits.area.{group}"):
        if has(key):
            return t(key)
    return group


def group_colours(colours: dict[str, str]) -> dict[str, str]:
    """A chart's colours by category or area, keyed by the names the viewer reads."""
    return {group_name(group): colour for group, colour in colours.items()}


def component_name(key: str, name: str) -> str:
    """A component of the cash flows as the viewer reads it: a driver's or the go-live dip's name in the
    language, a line item's name as the user typed it."""
    if key.startswith("drivers."):
        return t(f"driver.{key.split('.', 1)[1]}")
    return t("chart.dip") if key == "rollout.dip" else name


def input_label(path: str) -> str:
    """The label of an input of the risk analysis: ``risk.label.<path>``, else the field's own label, else
    (line-item multipliers) "IT costs (line items)"."""
    parts = path.split(".")
    if parts[0] == "scale":
        return t(f"risk.scale.{parts[1]}", group=group_name(parts[2]))
    override = f"risk.label.{path}"
    return t(override) if has(override) else t(f"field.{path}")


def input_name(path: str) -> str:
    """:func:`input_label` without its unit, lower case unless it starts with an acronym, for use inside a
    sentence ("churn with CRM")."""
    label = input_label(path)
    if label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    elif label.endswith("）") and "（" in label:  # Chinese: full-width brackets
        label = label[: label.rindex("（")]
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def change_label(path: str, item: str | None = None) -> str:
    """What a change of the case is about, for a history or a comparison: the field's label when the catalog
    has one (``Discount rate``), else the section and the field in words, with the list item's name
    (``Costs › “CRM subscription” › initial``)."""
    if has(f"field.{path}") and item is None:
        return t(f"field.{path}")
    section, *rest = path.split(".")
    parts = [t(f"library.section.{section}") if has(f"library.section.{section}") else section.replace("_", " ")]
    if item is not None:
        parts.append(f"“{item}”")
    if rest:
        key = f"field.{path}"
        parts.append(t(key) if has(key) else " ".join(rest).replace("_", " "))
    return " › ".join(parts)
