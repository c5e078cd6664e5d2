"""The workbook's words in every language: what the template and the export write (:func:`word`,
:func:`sheet_name`) and what the import recognises (:func:`vocabulary`).

Every text of a workbook is a key of the ``excel`` catalogs (``crm_case/i18n/catalogs/<language>/excel.json``):
sheet names (``excel.sheet.costs``), headers (``excel.header.item``), the Assumptions rows' labels and notes
(``excel.assumption.discount_rate.label``), category and area names (``excel.category.IT``), the Key | Value
sheets' sections and inputs, the export's headings and the import's messages (``excel.problem.*``,
``excel.warning.*``, ``excel.file.*``). Inside the package a sheet is known by its English title (``"Cost of
delay"``, :data:`SHEET_IDS`); the Key column's keys (``offer.2.users``), the timing (``end_of_year``) and number
formats are identifiers, the same in every language.

The import reads a workbook written in any of the languages: :func:`vocabulary` maps each language's sheet names,
headers, Assumptions labels and category and area names (compared loosely, :func:`norm`) to what they mean. It is
built once per process from the catalogs and refuses to build if a text means two things in two languages (an
import must never guess).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from crm_case.i18n import DEFAULT, LANGUAGES, Message, text

__all__ = [
    "SHEET_IDS",
    "Vocabulary",
    "na",
    "norm",
    "problem",
    "sheet_name",
    "sheet_ref",
    "vocabulary",
    "warning",
    "word",
]

SHEET_IDS: Mapping[str, str] = MappingProxyType({
    "Instructions": "instructions",
    "Assumptions": "assumptions",
    "Costs": "costs",
    "Benefits": "benefits",
    "Drivers": "drivers",
    "Rollout": "rollout",
    "Monthly": "monthly",
    "Cost of delay": "cost_of_delay",
    "Scoring": "scoring",
    "Scenarios": "scenarios",
    "Tornado": "tornado",
    "Value of information": "value_of_information",
    "Vendors": "vendors",
    "Customer value": "customer_value",
    "Goals": "goals",
    "Values": "values",
    "Cash flow": "cash_flow",
})
"""Every sheet by its English title (the package's name of it) -> its catalog key (``excel.sheet.<id>``)."""
ITEM_COLUMNS = ("category", "area", "item", "initial", "risk adjustment")
"""The named columns of a Costs or Benefits sheet, as the import knows them (``excel.header.risk_adjustment`` is
``risk adjustment``)."""
ASSUMPTION_KEYS = ("name", "currency", "discount_rate", "horizon_years", "start_date", "timing", "number_format")
"""The Assumptions rows (``excel.assumption.<key>.label``), the optional Number format row last."""


def norm(value: Any) -> str:
    """A header or label compared loosely: Unicode compatibility forms folded (full-width letters and digits, as
    a Chinese keyboard may type them), surrounding and repeated spaces dropped, lower case; ``""`` for None."""
    if value is None:
        return ""
    shown = str(value)
    if not shown.isascii():
        shown = unicodedata.normalize("NFKC", shown)
    return " ".join(shown.split()).lower()


def word(language: str, key: str, /, **values: object) -> str:
    """The text of ``excel.<key>`` in ``language``."""
    return text(language, f"excel.{key}", **values)


def sheet_name(title: str, language: str = DEFAULT) -> str:
    """The name in ``language`` of the sheet whose English title is ``title`` (``Costos`` for ``Costs``)."""
    return word(language, f"sheet.{SHEET_IDS[title]}")


def sheet_ref(name: str) -> str:
    """A sheet's name as a formula writes it before ``!``: as it is when it is plain ASCII letters (``Costs``),
    else quoted with any quote doubled (``'Cash flow'``, ``'Costos de TI'``, ``'成本'``)."""
    if name.isascii() and name.isalpha():
        return name
    return "'" + name.replace("'", "''") + "'"


def na(language: str) -> str:
    """"n/a" in ``language``: a figure that does not exist (in a cell, or a formula's result)."""
    return word(language, "na")


def problem(key: str, /, **values: Any) -> Message:
    """The import's problem ``excel.problem.<key>`` (a :class:`~crm_case.i18n.Message`: English text, any language
    on demand)."""
    return Message(f"excel.problem.{key}", **values)


def warning(key: str, /, **values: Any) -> Message:
    """The import's warning ``excel.warning.<key>``."""
    return Message(f"excel.warning.{key}", **values)


@dataclass(frozen=True)
class Vocabulary:
    """What the import recognises, in every language, each text compared by :func:`norm`."""

    sheets: Mapping[str, str]
    """A sheet's name -> its English title."""
    columns: Mapping[str, str]
    """A Costs or Benefits header -> :data:`ITEM_COLUMNS` (Year columns aside)."""
    years: tuple[re.Pattern[str], ...]
    """One pattern per language of a Year header (``year 3``, ``año 3``, ``第3年``), the year's number its group."""
    assumptions: Mapping[str, str]
    """An Assumptions row's label -> its field (:data:`ASSUMPTION_KEYS`)."""
    keys: frozenset[str]
    """The Key column's header of a Key | Value sheet."""
    values: frozenset[str]
    """The Value column's header (of a Key | Value sheet and of the Assumptions sheet)."""
    categories: Mapping[str, str]
    """A cost category's name -> :class:`~crm_case.model.CostCategory` value."""
    areas: Mapping[str, str]
    """A benefit area's name -> :class:`~crm_case.model.BenefitArea` value."""

    def year(self, header: str) -> int | None:
        """The year of a Year header already :func:`norm`-ed (``year 01`` -> 1), or None."""
        for pattern in self.years:
            match = pattern.fullmatch(header)
            if match:
                return int(match.group(1))
        return None


def _lookup(kind: str, pairs: Iterable[tuple[str, str]]) -> Mapping[str, str]:
    """{norm(text): meaning}; a text that means two things (in two languages) is an error of the catalogs."""
    out: dict[str, str] = {}
    for shown, meaning in pairs:
        key = norm(shown)
        if out.setdefault(key, meaning) != meaning:
            raise ValueError(f"excel catalogs: the {kind} {shown!r} means both {out[key]!r} and {meaning!r}; an "
                             "import could not tell which")
    return MappingProxyType(out)


def _year_pattern(template: str) -> re.Pattern[str]:
    """``Year {n}`` -> ``year\\s*(\\d+)`` (compared after :func:`norm`; spaces around the number optional)."""
    before, _, after = template.partition("{n}")
    return re.compile(re.escape(norm(before)) + r"\s*(\d+)\s*" + re.escape(norm(after)))


@cache
def vocabulary() -> Vocabulary:
    """The words of every language (:data:`~crm_case.i18n.LANGUAGES`) the import recognises; built once per
    process. Raises ``ValueError`` when a text means two things (the catalogs' tests build it)."""
    from crm_case.model import BenefitArea, CostCategory  # here: the model imports nothing of Excel

    languages = list(LANGUAGES)
    headers = {"category": "category", "area": "area", "item": "item", "initial": "initial",
               "risk_adjustment": "risk adjustment"}
    key_value = _lookup("Key | Value header", ((word(lang, f"header.{column}"), column) for lang in languages
                                               for column in ("key", "value")))
    return Vocabulary(
        sheets=_lookup("sheet name", ((word(lang, f"sheet.{key}"), title) for lang in languages
                                      for title, key in SHEET_IDS.items())),
        columns=_lookup("column header", ((word(lang, f"header.{key}"), column) for lang in languages
                                          for key, column in headers.items())),
        years=tuple(dict.fromkeys(_year_pattern(word(lang, "header.year")) for lang in languages)),
        assumptions=_lookup("Assumptions label", ((word(lang, f"assumption.{key}.label"), key) for lang in languages
                                                  for key in ASSUMPTION_KEYS)),
        keys=frozenset(text_ for text_, column in key_value.items() if column == "key"),
        values=frozenset(text_ for text_, column in key_value.items() if column == "value"),
        categories=_lookup("cost category", ((word(lang, f"category.{c.value}"), c.value) for lang in languages
                                             for c in CostCategory)),
        areas=_lookup("benefit area", ((word(lang, f"area.{a.value}"), a.value) for lang in languages
                                       for a in BenefitArea)),
    )
