"""Numbers typed as text in a workbook cell: read exactly, or refused with a message (pure).

A person types ``1.234,50``, ``1'234.50`` or ``CHF 12 500`` into a cell formatted as text; Python's
``float`` reads none of these, and stripping commas reads ``12.000,00`` as 12 and ``5.000`` as 5 (a
1,000x misread, silently). :func:`parse_number` reads a spelling only when it has one reading, or when
the workbook names its number format (a CLDR locale such as ``de-CH``); otherwise it says why.
"""

from __future__ import annotations

import math
import re
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol, is_currency

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain

SPACES = " \u00a0\u202f\u2009"
"""Space, no-break space, narrow no-break space (fr-FR, fr-CH) and thin space: always a group separator."""
APOSTROPHES = "'\u2019"
"""Typewriter and typographic apostrophe (de-CH writes 1’234.50): always a group separator."""
MINUS_SIGNS = "-\u2212"
"""Hyphen-minus and the Unicode minus sign."""
CURRENCY_SYMBOLS = ("SFr.", "US$", "Fr.", "fr.", "€", "$", "£", "¥", "₹")
"""Currency symbols accepted before or after a number (longest first); ISO 4217 codes are accepted too."""
EXAMPLE_FORMAT = "de-CH"
"""The format named in the ambiguity message's hint."""
FORMAT_SHEET, FORMAT_ROW = Message("excel.sheet.assumptions"), Message("excel.assumption.number_format.label")
"""Where the ambiguity message's hint says a workbook names its number format: the sheet and the row's label."""

_KIND = MappingProxyType({**{c: " " for c in SPACES}, **{c: "'" for c in APOSTROPHES}, ".": ".", ",": ","})
"""Separator -> its kind: every space is " ", both apostrophes "'"."""
_BODY = re.compile(r"[0-9.,'\u2019 \u00a0\u202f\u2009]+")
_SCIENTIFIC = re.compile(r"[0-9]*\.?[0-9]+[eE][+-]?[0-9]+")
_CODE_BEFORE = re.compile(r"([A-Za-z]{3})(?=[\s0-9.,(+\-\u2212]|$)")
_CODE_AFTER = re.compile(r"(?<=[\s0-9)])([A-Za-z]{3})$")
_DIGITS = frozenset("0123456789")
"""The only digits read: ASCII. Other scripts' digits (Arabic-Indic ٥, Devanagari ५...) are refused everywhere,
also in scientific notation (``float`` would read ``٥e٣``)."""
MEANINGLESS_LOCALES = frozenset({"root", "und", "posix"})
"""Subtags of a CLDR name that say nothing about how a country or language writes numbers: ``root`` (CLDR's
base), ``und`` (undetermined, which babel silently reads as en-US) and the ``POSIX`` variant (en_US_POSIX)."""


class NumberTextError(CrmCaseError):
    """Text that is not read as a number. The message names the text, not the cell: the caller prefixes
    ``Sheet!Cell: ``. ``kind`` says why: ``"not_a_number"`` (no number at all), ``"not_finite"``,
    ``"percent"`` (a % where no rate is expected), ``"malformed"`` (digits and separators in no known
    order), ``"format"`` (against the named number format, or an unknown one) or ``"ambiguous"``;
    ``readings`` holds the two values of an ambiguous spelling (decimal, thousands; before any %), else
    ``None``."""

    def __init__(self, message: Message, kind: str, readings: tuple[float, float] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.readings = readings


def number_symbols(locale: str) -> tuple[str, str]:
    """Decimal mark and group separator of a CLDR locale (``de-CH`` or ``de_CH``), from babel.

    Returns ``(".", "’")`` for de-CH, ``(",", ".")`` for de-DE, ``(",", "\\u202f")`` for fr-FR,
    ``(".", ",")`` for en-US. Raises :class:`NumberTextError` for a name babel does not know, a name without
    a country's or language's meaning (:data:`MEANINGLESS_LOCALES`: ``root``, ``und``, ``en_US_POSIX``), or a
    locale whose decimal mark is neither ``.`` nor ``,``.
    """
    name = str(locale).strip()
    unknown = NumberTextError(Message("engine.number.unknown_format", text=repr(name)), "format")
    if any(tag.lower() in MEANINGLESS_LOCALES for tag in re.split(r"[-_]", name)):
        raise unknown  # root, und, en_US_POSIX: no country's or language's way of writing numbers
    try:
        parsed = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise unknown from None
    decimal, group = get_decimal_symbol(parsed), get_group_symbol(parsed)
    if decimal not in ".,":
        raise NumberTextError(Message("engine.number.decimal_mark", text=repr(name), mark=repr(decimal)), "format")
    return decimal, group


def _peel(text: str) -> tuple[str, bool, bool]:
    """The digits of ``text`` without one sign (or accounting brackets), one currency and one per cent sign;
    returns (body, negative, percent). What is left over (a second sign...) stays in the body and is refused."""
    s = text.strip(SPACES)
    negative = brackets = percent = currency = False
    for _ in range(8):
        before = s
        s = s.strip(SPACES)
        if s[:1] == "(" and s[-1:] == ")" and not (brackets or negative):
            brackets = negative = True
            s = s[1:-1]
        elif s[:1] and s[:1] in MINUS_SIGNS and not negative:
            negative = True
            s = s[1:]
        elif s[:1] == "+" and not negative:
            s = s[1:]
        elif (s[-1:] == "%" or s[:1] == "%") and not (percent or currency):
            percent = True
            s = s[:-1] if s[-1:] == "%" else s[1:]
        elif not (currency or percent):
            symbol = next((c for c in CURRENCY_SYMBOLS if s.startswith(c) or s.endswith(c)), None)
            code = _CODE_BEFORE.match(s) or _CODE_AFTER.search(s)
            if symbol:
                s = s[len(symbol):] if s.startswith(symbol) else s[: -len(symbol)]
                currency = True
            elif code and is_currency(code.group(1).upper()):
                s = s[: code.start()] + s[code.end():]
                currency = True
        if s == before:
            break
    return s.strip(SPACES), negative, percent


def parse_number(text: str, *, locale: str | None = None, percent: bool = False, what: str | None = None) -> float:
    """The number a person meant by ``text``, read exactly, or :class:`NumberTextError` saying why not.

    Parameters
    ----------
    text : str
        What the cell holds, e.g. ``"1.234,50"``, ``"CHF 1'234.50"``, ``"(1,234)"``, ``"12.5 %"``.
    locale : str, optional
        The workbook's number format, a CLDR locale (``de-CH``, ``de-DE``, ``fr-FR``, ``en-US``...): its
        decimal mark (babel's ``get_decimal_symbol``) is the only decimal mark; separators are its group
        symbol (babel's ``get_group_symbol``), spaces and apostrophes. ``None``: the spelling must settle it.
    percent : bool
        A rate is expected: a trailing (or leading) ``%`` divides by 100 (``"12.5 %"`` -> 0.125); a value
        without ``%`` is returned as typed (``"0.125"`` -> 0.125). When False, a ``%`` is refused.
    what : str, optional
        What the cell should hold, for messages (``"an amount"``, ``"a discount rate"``; a
        :class:`~crm_case.i18n.Message` to be written in the reader's language); ``None``: ``"a number"``.

    Returns
    -------
    float
        The value; a rate as a fraction when ``percent`` and the text has ``%``.

    Raises
    ------
    NumberTextError
        Its message names the text, what is wrong and what is expected; the caller prefixes the cell.

    Notes
    -----
    The rule, after removing one sign (``-``, Unicode minus, ``+``, or accounting brackets ``(1,234)``
    for a negative: brackets only ever mean minus in a budget), one currency (``€ $ £ ¥ ₹ Fr. SFr. US$``
    or an ISO 4217 code such as CHF, EUR, USD, before or after) and, for a rate, one ``%``:

    * spaces (also no-break and narrow no-break) and apostrophes (``'`` and ``’``) only group digits;
    * with both ``.`` and ``,``, the last one is the decimal mark (once) and the other groups digits:
      ``1.234.567,89`` and ``1,234,567.89``;
    * one mark repeated groups digits (``1.234.567``); one mark once is the decimal mark unless exactly
      three digits follow and one to three digits (not a lone 0) precede it: ``5.000``, ``5,000`` and
      ``12,500`` are then **ambiguous** (5 or 5,000?) and refused with both readings, unless ``locale``
      settles it;
    * groups are thousands: one to three digits, then groups of exactly three (``1,23,456`` and ``1.2.3``
      are refused as malformed); a first group is never a lone 0 (``0.500.000``, and ``0.500`` under de-DE,
      are refused, never read as 500,000 or 500), and only a decimal mark may open the text (``.5``; ``,500``
      under en-US is refused);
    * digits are ASCII 0-9 only (``٥٠٠٠`` and ``٥e٣`` are refused alike); leading and trailing whitespace
      (a line break typed with Alt+Enter, a tab) is ignored, and messages quote the text as typed;
    * ``nan`` and ``inf`` are refused as not finite; plain scientific notation (``1.5e6``) is read, unless
      the named format's decimal mark is not the point (``1.5e3`` under de-DE, where ``.`` groups thousands).

    Excel's ``NUMBERVALUE(text, decimal_separator, group_separator)`` reads with named separators, like
    ``locale`` here; without them Excel uses the computer's regional settings, which this never guesses.

    Examples
    --------
    >>> parse_number("1.234,50"), parse_number("CHF 1'234.50"), parse_number("12.5 %", percent=True)
    (1234.5, 1234.5, 0.125)
    >>> parse_number("5.000", locale="de-DE"), parse_number("5.000", locale="de-CH")
    (5000.0, 5.0)
    """
    raw = str(text)
    shown = repr(raw)  # messages quote the text as typed: repr shows a line break (Alt+Enter) or a tab
    what = Message("engine.number.what.number") if what is None else what
    body, negative, has_percent = _peel(raw.strip())  # str.strip(): every leading or trailing whitespace
    not_a_number = NumberTextError(Message("engine.number.not_a_number", text=shown, what=what), "not_a_number")
    if body.lower() in {"nan", "inf", "infinity"}:
        raise NumberTextError(Message("engine.number.not_finite", text=shown, what=what), "not_finite")
    if has_percent and not percent:
        raise NumberTextError(Message("engine.number.percent", text=shown, what=what), "percent")
    if any(c.isdigit() and c not in _DIGITS for c in body):
        raise NumberTextError(Message("engine.number.digits", text=shown, what=what), "not_a_number")
    if not any(c in _DIGITS for c in body):
        raise not_a_number
    if _SCIENTIFIC.fullmatch(body):
        # 1.5e3 under de-DE: its point groups thousands, it is no decimal mark
        if locale is not None and "." in body and number_symbols(locale)[0] != ".":
            raise _against_format(shown, locale, what, ".")
        value = float(body)
    elif not _BODY.fullmatch(body):
        raise not_a_number
    else:
        value = _digits(body, shown, locale, what, negative, has_percent)
    value = -value if negative else value
    if not math.isfinite(value):
        raise NumberTextError(Message("engine.number.not_finite", text=shown, what=what), "not_finite")
    return value / 100 if has_percent else value


def _against_format(shown: str, locale: str, what: str, mark: str | None = None) -> NumberTextError:
    """The refusal of a spelling that the named number format cannot read. When ``mark`` (the separator at
    fault) is the format's group separator, the message says so: ``'0.500' cannot be a number in de-DE: .
    groups thousands there``."""
    decimal, group = number_symbols(locale)
    name = str(locale).strip()
    if mark is not None and _KIND.get(mark, mark) == _KIND.get(group, group):
        return NumberTextError(Message("engine.number.groups_there", text=shown, format=name, mark=mark,
                                       decimal=decimal, what=what), "format")
    return NumberTextError(Message("engine.number.against_format", text=shown, format=name, decimal=repr(decimal),
                                   group=repr(group), what=what), "format")


def _digits(body: str, shown: str, locale: str | None, what: str, negative: bool, has_percent: bool) -> float:
    """The value of digits with separators (no sign, currency or %), by the rule of :func:`parse_number`."""
    parts = re.findall(r"[0-9]+|[^0-9]", body)
    groups = [p for p in parts if p.isdigit()]
    seps = [_KIND[p] for p in parts if not p.isdigit()]
    malformed = NumberTextError(Message("engine.number.malformed", text=shown, what=what), "malformed")
    if not parts[-1].isdigit() and len(parts) > 1 and parts[-2].isdigit():
        raise NumberTextError(Message("engine.number.trailing_mark", text=shown, mark=repr(parts[-1]), what=what),
                              "malformed")
    # digits and separators must alternate; only a decimal mark may open the text (.5), and then no other
    # separator follows (.500.000 and ,500 under en-US are no numbers)
    expected_len = 2 * len(seps) + (0 if parts[0] in ".," else 1)
    if len(parts) != expected_len or not parts[-1].isdigit():
        raise malformed
    if parts[0] in ".,":
        if locale is not None and parts[0] != number_symbols(locale)[0]:
            raise _against_format(shown, locale, what, parts[0])
        if len(seps) > 1:
            raise malformed
        groups = ["0", *groups]
    if not seps:
        return float(body)
    marks = [s for s in seps if s in ".,"]
    decimal: str | None
    if locale is not None:
        decimal, group_symbol = number_symbols(locale)
        group_kinds = {_KIND.get(group_symbol, group_symbol), " ", "'"}
        malformed = _against_format(shown, locale, what)
        if marks.count(decimal) > 1 or (decimal in seps and seps[-1] != decimal) or \
                any(s not in group_kinds and s != decimal for s in seps):
            raise malformed
        decimal = decimal if decimal in seps else None
    elif "." in marks and "," in marks:
        decimal = seps[-1]
        if decimal not in ".," or marks.count(decimal) > 1:
            raise malformed
    elif marks:
        mark = marks[0]
        if len(marks) > 1:
            decimal = None
        elif seps[-1] != mark:
            raise malformed
        elif len(seps) > 1 or len(groups[-1]) != 3 or groups[0] == "0" or len(groups[0]) > 3:
            decimal = mark
        else:
            sign, unit = (-1.0 if negative else 1.0), (" %" if has_percent else "")
            as_decimal, as_thousands = sign * float(f"{groups[0]}.{groups[1]}"), sign * float(groups[0] + groups[1])
            raise NumberTextError(
                Message("engine.number.ambiguous", text=shown, decimal=Plain(as_decimal, suffix=unit),
                        thousands=Plain(as_thousands, suffix=unit), sheet=FORMAT_SHEET, row=FORMAT_ROW,
                        example=EXAMPLE_FORMAT),
                "ambiguous", readings=(as_decimal, as_thousands))
    else:
        decimal = None
    whole, fraction = (groups[:-1], groups[-1]) if decimal else (groups, "")
    group_seps = seps[:-1] if decimal else seps
    if group_seps and whole[0].startswith("0"):  # 0.500 is no thousands: a first group is never a lone 0
        if locale is not None:
            raise _against_format(shown, locale, what, parts[1])
        raise NumberTextError(Message("engine.number.leading_zero", text=shown, what=what), "malformed")
    if len(set(group_seps)) > 1 or (group_seps and (len(whole[0]) > 3 or any(len(g) != 3 for g in whole[1:]))):
        raise malformed
    return float("".join(whole) + "." + (fraction or "0"))
