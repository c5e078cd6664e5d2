"""What each sheet of the workbook holds, declared once and read by the template, the writer and the reader.

* ``Assumptions``: ``Name | Value`` rows (:data:`ASSUMPTION_ROWS`) and the optional ``Number format`` row
  (:data:`NUMBER_FORMAT_ROW`: a locale such as ``de-CH``: how numbers typed as text in this file are written;
  empty when amounts are typed as numbers);
* ``Costs`` and ``Benefits`` (:data:`COSTS`, :data:`BENEFITS`): ``Category | Item | Initial | Year 1 | ... |
  Year N | Risk adjustment`` (``Area`` for benefits);
* the Key | Value sheets (:data:`KEY_VALUE_SHEETS`: Drivers, Rollout, Cost of delay, Scoring, Scenarios, Vendors,
  Customer value, Goals): ``Section | Input | Key | Value`` rows, each key addressing a field of one part of the
  case (``offer.2.users`` is ``vendors.offers[1].users``, :func:`case_path`).

Amounts are written as :data:`MONEY_FORMAT`, rates (fractions: 0.15) as :data:`PERCENT_FORMAT` (Excel shows them
in its user's own way). Sheets are named here by their English titles; the words a workbook shows are those of its
language (:mod:`crm_case.excel.words`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill

from crm_case.excel.words import word
from crm_case.i18n import DEFAULT, Message
from crm_case.model import BenefitArea, CostCategory, is_fraction

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
MONEY_FORMAT = "#,##0;-#,##0"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
FACTOR_FORMAT = "0.000000"
"""Discount factors (six decimals)."""


@dataclass(frozen=True)
class AssumptionRow:
    """One ``Name | Value`` row of the Assumptions sheet: the field of :class:`~crm_case.model.Assumptions` it
    holds (``key``) and the value's number format; its label (column A) and note (column C) are
    ``excel.assumption.<key>.label`` and ``.note`` in the workbook's language."""

    key: str
    number_format: str | None = None

    def label(self, language: str = DEFAULT) -> str:
        return word(language, f"assumption.{self.key}.label")

    def note(self, language: str = DEFAULT) -> str:
        return word(language, f"assumption.{self.key}.note")


ASSUMPTION_ROWS = (
    AssumptionRow("name"),
    AssumptionRow("currency"),
    AssumptionRow("discount_rate", PERCENT_FORMAT),
    AssumptionRow("horizon_years"),
    AssumptionRow("start_date", DATE_FORMAT),
    AssumptionRow("timing"),
)
"""The Assumptions sheet's rows from row 2, in order. The English label of the discount rate is the model's field
name (``field_info("assumptions.discount_rate").name``, a test checks it)."""
NUMBER_FORMAT_ROW = AssumptionRow("number_format")
"""Optional Assumptions row below the others: the CLDR locale (de-CH, de-DE, fr-FR, en-US...) whose decimal mark
and digit grouping read the numbers typed as text in the workbook. It belongs to the file, not to the case."""


@dataclass(frozen=True)
class ItemSheet:
    """A sheet of line items (Costs or Benefits): one row per item under
    ``<group> | Item | Initial | Year 1 | ... | Year N | Risk adjustment``; amounts in the case currency
    (:data:`MONEY_FORMAT`), the risk adjustment a fraction (:data:`PERCENT_FORMAT`)."""

    title: str
    section: str
    """The case's field: ``costs`` or ``benefits``."""
    group: str
    """The first column, ``category`` or ``area``: the item's field, and its header's key (``excel.header.*``);
    its values are named ``excel.<group>.<value>``."""
    kinds: type[Enum]

    def header(self, years: int, language: str = DEFAULT) -> list[str]:
        """The header row with ``years`` Year columns, in ``language``."""
        return [word(language, f"header.{self.group}"), word(language, "header.item"),
                word(language, "header.initial"), *[word(language, "header.year", n=k) for k in range(1, years + 1)],
                word(language, "header.risk_adjustment")]

    def kind_name(self, value: str, language: str = DEFAULT) -> str:
        """A category's or area's name in ``language`` (``People`` -> ``Personas``)."""
        return word(language, f"{self.group}.{value}")

    def negative(self) -> Message:
        """Why a negative amount is refused."""
        return Message(f"excel.problem.negative.{self.section}")


COSTS = ItemSheet("Costs", "costs", "category", CostCategory)
BENEFITS = ItemSheet("Benefits", "benefits", "area", BenefitArea)
ITEM_SHEETS = MappingProxyType({sheet.title: sheet for sheet in (COSTS, BENEFITS)})


@dataclass(frozen=True)
class KeyValueSheet:
    """A sheet of ``Section | Input | Key | Value`` rows holding one or two parts of the case.

    A key is the path of a field below ``part`` with 1-based list positions, a list's name given as the sheet
    spells it (``lists``: ``offer`` for ``offers``); the export names each Value cell ``prefix + key`` (dots as
    underscores) so the Monthly formulas can use it.
    """

    title: str
    part: str
    """The case's field the keys start from (``vendors``)."""
    prefix: str
    held: tuple[str, ...]
    """The parts of the case the sheet holds, as :data:`crm_case.start.KEPT_PARTS` names them (none for Scenarios:
    the risk settings are not a part an import keeps or clears)."""
    lists: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The sheet's name of a list (``offer``) -> the model's field (``offers``)."""


KEY_VALUE_COLUMNS = ("section", "input", "key", "value")
"""The columns of a Key | Value sheet, as their headers' keys (``excel.header.key``)."""
VALUE_COLUMN = 4
"""Column D holds the values the export writes (the import finds the Key and Value columns by their header)."""
KEY_VALUE_SHEETS: Mapping[str, KeyValueSheet] = MappingProxyType({sheet.title: sheet for sheet in (
    KeyValueSheet("Drivers", "drivers", "drv_", ("drivers",)),
    KeyValueSheet("Rollout", "rollout", "ro_", ("rollout",)),
    KeyValueSheet("Cost of delay", "delay", "cod_", ("delay",)),
    KeyValueSheet("Scenarios", "risk", "risk_", (), MappingProxyType({"range": "ranges"})),
    KeyValueSheet("Vendors", "vendors", "ven_", ("vendors",),
                  MappingProxyType({"offer": "offers", "replaces": "replaces"})),
    KeyValueSheet("Customer value", "customers", "cv_", ("customers",), MappingProxyType({"segment": "segments"})),
    KeyValueSheet("Goals", "goals", "goal_", ("goals",),
                  MappingProxyType({"objective": "objectives", "metric": "metrics", "actual": "actuals",
                                    "action": "actions"})),
    KeyValueSheet("Scoring", "scoring", "sc_", ("scoring", "readiness"),
                  MappingProxyType({"criterion": "criteria", "vote": "participants"})),
)})
"""Every Key | Value sheet by title, in the order the import reads them."""
HELD_BY_SHEET = MappingProxyType({title: sheet.held for title, sheet in KEY_VALUE_SHEETS.items() if sheet.held})
"""Optional sheet -> the parts of the case it holds, named as :data:`crm_case.start.KEPT_PARTS` names them."""
REQUIRED_SHEETS = ("Assumptions", "Costs", "Benefits")
READ_SHEETS = (*REQUIRED_SHEETS, *KEY_VALUE_SHEETS)
"""Every sheet the import reads; the others (Monthly, Cash flow, Values...) are the export's output."""
EXPORT_SHEETS = ("Cash flow", "Assumptions", "Costs", "Benefits", "Drivers", "Rollout", "Monthly", "Cost of delay",
                 "Scoring", "Scenarios", "Tornado", "Value of information", "Vendors", "Customer value", "Goals",
                 "Values")
"""The export's sheets, in the order they appear."""
TEXT_KEYS = frozenset({"name", "path", "chosen", "statement", "link", "deadline", "estimation", "objective",
                       "strategy", "definition", "unit", "owner", "driver_input", "metric", "period", "note"})
"""Last part of the Key | Value keys whose value is text (names, paths, notes): never read as a number, so a
vendor called "1,000" stays a name."""

_READINESS_KEYS = MappingProxyType({"score": "scores", "weight": "weights"})


def case_path(sheet: str, key: str) -> str:
    """The path of the case field (as :func:`~crm_case.model.field_info` takes it) that ``key`` of the Key | Value
    ``sheet`` addresses: ``offer.2.users`` on Vendors is ``vendors.offers.2.users``; on Scoring,
    ``vote.1.3`` (person 1's score of criterion 3) is ``scoring.participants.1.scores.3`` and
    ``readiness.score.budget`` is ``readiness.scores.budget``."""
    layout = KEY_VALUE_SHEETS[sheet]
    parts = key.split(".")
    if sheet == "Scoring" and parts[0] == "readiness":
        return ".".join(["readiness", *[_READINESS_KEYS.get(p, p) for p in parts[1:2]], *parts[2:]])
    if sheet == "Scoring" and parts[0] == "vote" and len(parts) == 3 and parts[2].isdigit():
        parts = [*parts[:2], "scores", parts[2]]  # vote.<person>.<criterion number>: a score of the person
    return ".".join([layout.part, layout.lists.get(parts[0], parts[0]), *parts[1:]])


def key_number_format(sheet: str, key: str) -> str:
    """The number format of the Value cell of ``key`` on the Key | Value ``sheet``: a percentage where the field
    is a fraction (:func:`~crm_case.model.is_fraction` of :func:`case_path`), the fields where the import reads a
    ``%`` too; else General."""
    return PERCENT_FORMAT if is_fraction(case_path(sheet, key)) else "General"


def safe_text(cell: Any, text: str) -> None:
    """Write user text so that it can never become a formula (OWASP CSV/formula injection): text starting
    with ``=``, ``+``, ``-``, ``@``, tab or carriage return is stored as a string with Excel's quote
    prefix, so Excel shows it and never evaluates it."""
    cell.value = text
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        cell.data_type = "s"
        cell.quotePrefix = True


def style_header(ws: Any, row: int = 1) -> None:
    """Bold, shaded, wrapped header cells on ``row`` of ``ws``."""
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
