"""Every word a user reads, in their language: the catalogs (data, one folder per language), the choice of a
language, and messages the engine writes before it knows who reads them.

* A catalog is ``catalogs/<language>/<domain>.json``: a flat ``{key: text}`` map. The domains are the parts of
  the product that write text (:data:`DOMAINS`: the app's pages, the engine's messages, the Excel
  workbook and its import, the command line, the workshop's live voting, the slides and their PowerPoint deck,
  presentation mode); every language has the same keys with the same ``{placeholders}``
  (tests/unit/test_i18n.py). A language is added by copying ``catalogs/en`` and translating its values.
* :func:`text` fills a key's text in a language; a key a catalog lacks falls back to English (the tests make
  sure none does), so a gap never breaks a page.
* :class:`Message` is how the engine (which never knows the reader's language) writes a message: a ``str`` in
  English, as every caller and log already expects, that also carries its key and values, so that the app shows
  it in the reader's language (:func:`localize`).
* ``qps`` is a pseudo-language for tests: every English text wrapped in ``⟦…⟧``; a page rendered in it shows any
  text that bypasses the catalogs as text without the brackets.

Catalogs are read once per process (:func:`catalog` is cached) and never change while it runs.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "DEFAULT",
    "DOMAINS",
    "LANGUAGES",
    "Listing",
    "Localizable",
    "Message",
    "PSEUDO",
    "catalog",
    "catalog_of",
    "language_of",
    "locale_of",
    "localize",
    "placeholders",
    "text",
]

CATALOGS = Path(__file__).parent / "catalogs"
DEFAULT = "en"
LANGUAGES: Mapping[str, str] = MappingProxyType({
    "en": "English",
    "es": "Español",
    "it": "Italiano",
    "ro": "Română",
    "uk": "Українська",
    "zh-Hant": "中文（繁體）",
    "zh-Hans": "中文（简体）",
})
"""The languages of the app, by their code (BCP 47), each named in itself (as a language menu shows it)."""
PSEUDO = "qps"
"""The pseudo-language of the tests (not offered to users): English wrapped in ``⟦…⟧``."""
DOMAINS = ("app", "formats", "engine", "excel", "cli", "workshop", "deck", "present", "team")
"""The catalogs of a language: the app's pages (``app``), figures (``formats``), the engine's messages
(``engine``: validation, rules), the Excel template, export and import (``excel``), the command line (``cli``), the
workshop's vote (``workshop``), the PowerPoint deck (``deck``), the presentation (``present``) and sign-in and sharing
(``team``)."""

_LOCALES: Mapping[str, str] = MappingProxyType({
    "en": "en_US",
    "es": "es_ES",
    "it": "it_IT",
    "ro": "ro_RO",
    "uk": "uk_UA",
    "zh-Hant": "zh_Hant_TW",
    "zh-Hans": "zh_Hans_CN",
    PSEUDO: "en_US",
})


def locale_of(language: str) -> str:
    """The CLDR locale (babel's identifier) whose formats a language's reader sees: Spain for Spanish, Taiwan for
    Traditional Chinese..., US English for English and the pseudo-language."""
    return _LOCALES.get(language, "en_US")


def language_of(tag: str | None) -> str | None:
    """The app's language for a language tag as a browser or an address gives it (``es-ES``, ``zh-TW``,
    ``zh_Hant``, ``uk``), or None when the app does not speak it. Chinese of Taiwan, Hong Kong and Macao, or
    marked ``Hant``, is Traditional; any other Chinese is Simplified."""
    if not tag:
        return None
    parts = [p.lower() for p in re.split(r"[-_]", tag.strip()) if p]
    if not parts:
        return None
    if parts[0] == "zh":
        return "zh-Hant" if {"hant", "tw", "hk", "mo"} & set(parts[1:]) else "zh-Hans"
    if parts[0] == PSEUDO and len(parts) == 1:
        return PSEUDO
    return parts[0] if parts[0] in LANGUAGES else None


def _read(language: str, domain: str) -> dict[str, str]:
    path = CATALOGS / language / f"{domain}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def catalog_of(language: str, domain: str) -> Mapping[str, str]:
    """One domain's catalog of a language, as its file holds it (for the tests that compare catalogs)."""
    return MappingProxyType(_read(language, domain))


def _pseudo(value: str) -> str:
    return f"⟦{value}⟧"


@cache
def catalog(language: str) -> Mapping[str, str]:
    """Every key of a language, all domains together, English where the language lacks one; read once per
    process. An unknown language is English."""
    english: dict[str, str] = {}
    for domain in DOMAINS:
        english |= _read(DEFAULT, domain)
    if language == PSEUDO:
        return MappingProxyType({key: _pseudo(value) for key, value in english.items()})
    if language not in LANGUAGES or language == DEFAULT:
        return MappingProxyType(english)
    own: dict[str, str] = {}
    for domain in DOMAINS:
        own |= _read(language, domain)
    return MappingProxyType(english | {key: value for key, value in own.items() if value})


def text(language: str, key: str, /, **values: object) -> str:
    """The text of ``key`` in ``language`` with its ``{name}`` placeholders filled from ``values`` (a value that
    is a :class:`Message` is written in the same language). Raises KeyError for a key no catalog has."""
    template = catalog(language)[key]
    if not values:
        return template
    return template.format(**{name: localize(value, language) for name, value in values.items()})


def placeholders(template: str) -> frozenset[str]:
    """The ``{name}`` placeholders of a catalog text (what every language's text of a key must share)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Message(str):
    """A message of the engine: its English text (a ``str``: what logs, the command line and exceptions show),
    with the catalog key and values that write it in any language (:meth:`in_language`)."""

    key: str
    values: Mapping[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Message:
        self = super().__new__(cls, text(DEFAULT, key, **values))
        self.key = key
        self.values = MappingProxyType(dict(values))
        return self

    def in_language(self, language: str) -> str:
        """The message in ``language`` (English for a language that lacks the key)."""
        return text(language, self.key, **self.values)

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles keep the key and values
        return (_rebuild, (self.key, dict(self.values)))


def _rebuild(key: str, values: dict[str, Any]) -> Message:
    return Message(key, **values)


@runtime_checkable
class Localizable(Protocol):
    """What is written differently in each language: a :class:`Message`, or a figure of
    :mod:`crm_case.i18n.formats` (``Money``, ``Percent``, ``Months``) given as a message's value."""

    def in_language(self, language: str) -> str: ...


@dataclass(frozen=True)
class Listing:
    """Items of a list as a message's value, separated as the reader's language does (``a, b`` / ``a、b``,
    the key ``format.list``); each item a message, a figure or text."""

    items: tuple[object, ...]

    def in_language(self, language: str) -> str:
        return text(language, "format.list").join(localize(item, language) for item in self.items)


def localize(value: object, language: str) -> str:
    """A value as text in ``language``: a :class:`Localizable` (message, figure) in that language, a list of them
    joined by ``"; "``, anything else as ``str`` gives it (user text)."""
    if hasattr(value, "in_language"):  # a Localizable (a protocol's isinstance is slow: this runs per placeholder)
        return value.in_language(language)
    if isinstance(value, (list, tuple)) and value and all(hasattr(v, "in_language") for v in value):
        return "; ".join(v.in_language(language) for v in value)
    return str(value)
