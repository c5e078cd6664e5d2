"""Numbers typed as text (issue 15.5): every spelling with the value a person means, or the message it gets.

Expected values are the number written in the spelling, read by hand; messages are checked word for word.
"""

import pytest
from babel.numbers import format_decimal

from crm_case import CrmCaseError
from crm_case.numbers import NumberTextError, number_symbols, parse_number

NNBSP, NBSP = "\u202f", "\u00a0"
HINT = "Type it as a number, or name the format in Assumptions (Number format | de-CH)"
MALFORMED = ("is not a number: its separators are not in a known place (digits are grouped by thousands, one "
             "decimal mark at most); expected a number")

READ = [
    # (text, value): the one reading, by hand
    ("1234", 1234),
    ("1,234.50", 1234.5),
    ("1.234,50", 1234.5),
    ("1 234,50", 1234.5),
    (f"1{NBSP}234,50", 1234.5),
    (f"1{NNBSP}234,50", 1234.5),  # fr-FR, fr-CH as Excel writes them
    ("1'234.50", 1234.5),
    ("1\u2019234.50", 1234.5),  # de-CH, typographic apostrophe
    ("1.234.567,89", 1_234_567.89),
    ("1,234,567.89", 1_234_567.89),
    ("1.234.567", 1_234_567),  # one mark repeated: it groups
    ("1 234 567", 1_234_567),
    ("12.000,00", 12_000),  # was read as 12
    ("1,5", 1.5),
    ("0.15", 0.15),
    ("0,500", 0.5),  # a lone 0 is never a thousands group
    (".5", 0.5),
    ("1234,567", 1234.567),  # four digits before: not a thousands group
    ("1 234.5", 1234.5),  # a space only groups, so the point is the decimal mark
    ("€1,234.50", 1234.5),
    ("1.234,50 €", 1234.5),
    ("CHF 1'234.50", 1234.5),
    ("1234 CHF", 1234),
    ("EUR 100", 100),
    ("100 usd", 100),
    ("$ 1,000,000", 1_000_000),
    ("Fr. 12.50", 12.5),
    ("-1.234,5", -1234.5),
    ("\u22127", -7),  # Unicode minus
    ("+42", 42),
    ("(1,234.00)", -1234),  # accounting negative
    ("(€ 1.234,00)", -1234),
    ("-€1,234.00", -1234),
    ("1.5e3", 1500),
    ("  7  ", 7),
]


@pytest.mark.parametrize(("text", "value"), READ)
def test_spellings_with_one_reading(text, value):
    assert parse_number(text) == pytest.approx(value, abs=0)


REFUSED = [
    # (text, message): ambiguous with both readings, malformed, or not a number
    ("5.000", f"'5.000' is ambiguous: 5 or 5,000? {HINT}"),
    ("5,000", f"'5,000' is ambiguous: 5 or 5,000? {HINT}"),
    ("12,500", f"'12,500' is ambiguous: 12.5 or 12,500? {HINT}"),
    ("-1.234", f"'-1.234' is ambiguous: -1.234 or -1,234? {HINT}"),
    ("(1,234)", f"'(1,234)' is ambiguous: -1.234 or -1,234? {HINT}"),
    ("EUR 5.000", f"'EUR 5.000' is ambiguous: 5 or 5,000? {HINT}"),
    ("1,23,456", f"'1,23,456' {MALFORMED}"),  # Indian lakh grouping
    ("1.2.3", f"'1.2.3' {MALFORMED}"),
    ("1..2", f"'1..2' {MALFORMED}"),
    ("1,234.567,8", f"'1,234.567,8' {MALFORMED}"),
    ("1 234'567", f"\"1 234'567\" {MALFORMED}"),  # two kinds of group separator
    ("1234.", "'1234.' is not a number: no digit follows its last '.' (type the number without it, or with the "
              "digits after it); expected a number"),  # was the general 'separators not in a known place'
    ("abc", "'abc' is not a number; expected a number"),
    ("", "'' is not a number; expected a number"),
    ("--5", "'--5' is not a number; expected a number"),
    ("XYZ 100", "'XYZ 100' is not a number; expected a number"),  # not an ISO 4217 code
    ("12k", "'12k' is not a number; expected a number"),
    ("nan", "'nan' is not a finite number; expected a number"),
    ("-inf", "'-inf' is not a finite number; expected a number"),
    ("1e999", "'1e999' is not a finite number; expected a number"),
    ("10 %", "'10 %' is a percentage; expected a number (type it without %)"),
]


@pytest.mark.parametrize(("text", "message"), REFUSED)
def test_spellings_refused_with_a_message(text, message):
    with pytest.raises(NumberTextError) as caught:
        parse_number(text)
    assert str(caught.value) == message


def test_ambiguity_carries_both_readings():
    with pytest.raises(NumberTextError) as caught:
        parse_number("12,500")
    assert caught.value.kind == "ambiguous" and caught.value.readings == (12.5, 12_500)


def test_the_error_is_a_crm_case_error_and_a_value_error():
    assert issubclass(NumberTextError, CrmCaseError) and issubclass(NumberTextError, ValueError)


@pytest.mark.parametrize(("text", "value"), [("12.5 %", 0.125), ("12,5%", 0.125), ("% 7", 0.07), ("0.15", 0.15),
                                             ("15", 15), ("-2 %", -0.02)])
def test_rates(text, value):
    # hand: a % divides by 100; without it the value is returned as typed (the caller checks the range)
    assert parse_number(text, percent=True) == pytest.approx(value)


def test_an_ambiguous_rate_names_both_readings_in_per_cent():
    with pytest.raises(NumberTextError, match=r"'5,000 %' is ambiguous: 5 % or 5,000 %\?"):
        parse_number("5,000 %", percent=True)


@pytest.mark.parametrize(("locale", "text", "value"), [
    ("de-CH", "5.000", 5),
    ("de-CH", "1'234.50", 1234.5),
    ("de-CH", "1\u2019234.50", 1234.5),
    ("de-DE", "5.000", 5000),
    ("de-DE", "5,000", 5),
    ("de-DE", "1.234,50", 1234.5),
    ("de_DE", "12.000,00", 12_000),
    ("fr-FR", f"1{NNBSP}234,50", 1234.5),
    ("fr-FR", "1 234,50", 1234.5),  # a plain space for the narrow one
    ("en-US", "5,000", 5000),
    ("en-US", "5.000", 5),
    ("es-ES", "5.000", 5000),
    ("it-IT", "1.234.567,89", 1_234_567.89),
])
def test_a_number_format_settles_the_reading(locale, text, value):
    assert parse_number(text, locale=locale) == pytest.approx(value, abs=0)


@pytest.mark.parametrize(("locale", "text", "message"), [
    ("de-DE", "1,234.50", "'1,234.50' does not follow the number format de-DE (decimal mark ',', digits grouped by "
                          "'.'); expected a number"),
    ("de-CH", "1.234,50", "'1.234,50' does not follow the number format de-CH (decimal mark '.', digits grouped by "
                          "'’'); expected a number"),
    ("en-US", "1.234.567", "'1.234.567' does not follow the number format en-US (decimal mark '.', digits grouped "
                           "by ','); expected a number"),
])
def test_a_spelling_against_the_number_format_is_refused(locale, text, message):
    with pytest.raises(NumberTextError) as caught:
        parse_number(text, locale=locale)
    assert str(caught.value) == message


def test_symbols_come_from_babel():
    # CLDR (babel): de-CH 1’234.5, de-DE 1.234,5, fr-FR 1 234,5 with a narrow no-break space, en-US 1,234.5
    assert number_symbols("de-CH") == (".", "\u2019")
    assert number_symbols("de-DE") == (",", ".")
    assert number_symbols("fr-FR") == (",", NNBSP)
    assert number_symbols("en-US") == (".", ",")


@pytest.mark.parametrize("name", ["xx-YY", "german", "de CH", ""])
def test_an_unknown_number_format_is_refused(name):
    with pytest.raises(NumberTextError, match=r"is not a known number format; expected a locale such as de-CH"):
        number_symbols(name)


@pytest.mark.parametrize("locale", ["de-CH", "de-DE", "fr-FR", "fr-CH", "en-US", "es-ES", "it-IT", "nl-NL"])
@pytest.mark.parametrize("value", [0.5, 7, 1234.5, 12_000, 1_234_567.89, 987_654_321.25])
def test_what_babel_writes_in_a_locale_reads_back_in_that_locale(locale, value):
    # round trip through an independent writer: babel's format_decimal with the locale's CLDR symbols
    text = format_decimal(value, locale=locale.replace("-", "_"))
    assert parse_number(text, locale=locale) == value


# --------------------------------------------------------------------------- review fixes: each test names what broke
@pytest.mark.parametrize(("text", "locale", "percent", "mark", "decimal"), [
    ("0.500", "de-DE", False, ".", ","),  # was 500: 0.500 read as a thousands group
    (".500", "de-DE", False, ".", ","),  # was 500: a leading group separator
    (",500", "en-US", False, ",", "."),  # was 500
    ("0.125 %", "de-DE", True, ".", ","),  # was 125 (12,500 %) instead of a refusal
])
def test_a_lone_zero_or_a_leading_group_separator_is_not_read_as_thousands_under_a_format(text, locale, percent,
                                                                                          mark, decimal):
    with pytest.raises(NumberTextError) as caught:
        parse_number(text, locale=locale, percent=percent)
    assert str(caught.value) == (f"{text!r} cannot be a number in {locale}: {mark} groups thousands there (its "
                                 f"decimal mark is {decimal}); expected a number")
    assert caught.value.kind == "format"


@pytest.mark.parametrize("text", ["0.500.000", "0,500.25", "0 500"])
def test_a_lone_zero_first_group_is_not_read_as_thousands(text):
    # regression: '0.500.000' was read as 500,000 (a thousands group never starts with a lone 0)
    with pytest.raises(NumberTextError) as caught:
        parse_number(text)
    assert str(caught.value) == f"{text!r} is not a number: digits grouped by thousands cannot start with 0; " \
                                "expected a number"


@pytest.mark.parametrize(("text", "locale", "value"), [
    ("0,500", None, 0.5), ("0.500", "de-CH", 0.5), ("0,500", "de-DE", 0.5), (",5", "de-DE", 0.5), (".5", "en-US", 0.5),
])
def test_a_lone_zero_before_the_decimal_mark_still_reads(text, locale, value):
    # hand: the mark is the decimal mark (the only one, or the format's), so these are halves
    assert parse_number(text, locale=locale) == value


def test_a_leading_decimal_mark_followed_by_a_group_is_refused():
    # regression: '.500.000' was read as 500,000
    with pytest.raises(NumberTextError, match=r"^'\.500\.000' is not a number: its separators are not in a known"):
        parse_number(".500.000")


@pytest.mark.parametrize(("text", "value"), [("5\n", 5), ("5\t", 5), ("\t1.234,50\r\n", 1234.5), ("12 %\n", 0.12),
                                             (f"{NBSP}7{NNBSP}", 7)])
def test_a_line_break_or_tab_around_a_number_is_ignored(text, value):
    # regression: '5\n' (Alt+Enter in Excel) was refused as "'5' is not a number"
    assert parse_number(text, percent=True) == pytest.approx(value, abs=0)


def test_a_refused_text_is_quoted_as_typed():
    with pytest.raises(NumberTextError) as caught:
        parse_number("abc\n")
    assert str(caught.value) == "'abc\\n' is not a number; expected a number"  # the line break shows


def test_a_trailing_decimal_mark_says_what_is_missing():
    with pytest.raises(NumberTextError) as caught:
        parse_number("5.")
    assert str(caught.value) == ("'5.' is not a number: no digit follows its last '.' (type the number without it, "
                                 "or with the digits after it); expected a number")


@pytest.mark.parametrize("text", ["\u0665e\u0663", "\u0665\u0660\u0660\u0660", "\u0967\u0968", "1e\u0663"])
def test_digits_of_other_scripts_are_refused_also_in_scientific_notation(text):
    # regression: Arabic-Indic '٥e٣' was read as 5000 by float() while '٥٠٠٠' was refused
    with pytest.raises(NumberTextError) as caught:
        parse_number(text)
    assert str(caught.value) == f"{text!r} is not a number: type its digits as 0-9; expected a number"


def test_scientific_notation_with_the_formats_group_mark_is_refused():
    # regression: '1.5e3' under de-DE was read as 1500 although . groups thousands there
    with pytest.raises(NumberTextError) as caught:
        parse_number("1.5e3", locale="de-DE")
    assert str(caught.value) == ("'1.5e3' cannot be a number in de-DE: . groups thousands there (its decimal mark "
                                 "is ,); expected a number")
    with pytest.raises(NumberTextError, match=r"does not follow the number format fr-FR"):
        parse_number("1.5e3", locale="fr-FR")
    # hand: where the point is the decimal mark, 1.5 x 10^3
    assert parse_number("1.5e3", locale="en-US") == parse_number("1.5e3", locale="de-CH") == 1500
    assert parse_number("15e2", locale="de-DE") == 1500  # no mark at all: one reading


@pytest.mark.parametrize("name", ["root", "und", "en_US_POSIX", "en-US-POSIX", "und-DE"])
def test_locales_without_a_country_or_language_are_refused(name):
    # regression: babel reads 'und' as en-US and 'root' as CLDR's base; neither says how a file writes numbers
    with pytest.raises(NumberTextError) as caught:
        number_symbols(name)
    assert str(caught.value) == (f"{name!r} is not a known number format; expected a locale such as de-CH, de-DE, "
                                 "fr-FR, en-US, es-ES or it-IT")
