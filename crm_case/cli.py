"""Command line: ``python -m crm_case new [--name N] [--currency C] [--years Y] [--start D] [--rate R] | sample |
evaluate PATH [--json] | risk PATH [--json] [--runs N] [--seed S] | template OUT | export PATH OUT |
deck PATH OUT [--slides KEYS]``, each with ``--lang xx``.

``risk`` runs the case's Monte Carlo simulation (``--runs`` and ``--seed`` override the case's own settings,
``risk.runs`` 100 to 100,000 and ``risk.seed`` 0 to 2^32 - 1) and reports what it says:
the chance that the NPV is positive, the P10 / P50 / P90 of NPV, IRR and payback, the value of perfect
information (EVPI) and of each input (EVPPI, with its standard error) and, when the case describes a pilot
(``risk.pilot``), the four paths (go ahead now, pilot then decide, wait then decide, do not invest) and the
pilot's value as an option (:mod:`crm_case.voi`). ``--json`` prints :func:`crm_case.voi.risk_report` as one
JSON object (also the tornado and the break-even values; no NaN: a figure that does not exist is ``null``); the
same seed gives byte-identical output.

``deck`` writes the slides of presentation mode as an editable PowerPoint deck (:func:`crm_case.deck.build_deck`):
``--slides headline,cashflow,risk`` chooses them and their order (default: every slide of
:data:`crm_case.story.SLIDE_KEYS`).

``--lang`` (one of :data:`~crm_case.i18n.LANGUAGES`, or a tag such as ``es-ES`` or ``zh-TW``; English by default)
is the language of everything written for people: the help, the evaluation's table (figures in the language's
formats, :mod:`crm_case.i18n.formats`), the recommendation, messages and errors, the workbooks ``template``
and ``export`` write and the deck ``deck`` writes. What a program reads stays as it is: ``evaluate --json``
and the cases ``new`` and ``sample`` write. A workbook in any language is read whatever ``--lang`` says.

Exit codes: 0 done; 2 bad input or usage (an unknown language too), with one line on stderr naming the problem
(never a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from crm_case.deck import build_deck
from crm_case.errors import CrmCaseError
from crm_case.evaluate import Metrics, evaluate
from crm_case.excel.reader import read_workbook
from crm_case.excel.template import budget_template
from crm_case.excel.writer import export_workbook
from crm_case.i18n import DEFAULT, LANGUAGES, Message, language_of, localize, text
from crm_case.i18n.formats import chance, date, money, months, number, percent
from crm_case.model import Case, case_from_json, case_to_json, check_json_size
from crm_case.recommendation import recommend
from crm_case.sample import sample_case
from crm_case.start import BLANK_NAME, blank_case
from crm_case.story import SLIDE_KEYS, input_label
from crm_case.voi import PATHS, risk_report

MAX_CASE_BYTES = 20 * 1024 * 1024
"""Largest workbook read, so a wrong file cannot exhaust memory; a .json case is held to the model's smaller
:data:`~crm_case.model.MAX_CASE_JSON_BYTES` before it is read."""


def _say(language: str, key: str, /, **values: object) -> str:
    """The text of ``cli.<key>`` in ``language``."""
    return text(language, f"cli.{key}", **values)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as for bad input
        raise _UsageError(f"{self.prog}: {message} (see --help)")


class _UsageError(Exception):
    pass


class _WorkbookError(CrmCaseError):
    """Every problem of a workbook, printed one per line."""


def language_option(tag: str) -> str:
    """The language ``--lang`` names (``es``, ``es-ES``, ``zh-TW``...), or an argparse error listing the
    languages."""
    language = language_of(tag)
    if language not in LANGUAGES:
        raise argparse.ArgumentTypeError(_say(DEFAULT, "error.language", tag=repr(tag),
                                              languages=", ".join(LANGUAGES)))
    return language


def _asked_language(argv: Sequence[str]) -> str:
    """The language of ``--lang`` wherever it is on the line, before the line is parsed (the help is written in
    it); English when there is none or it is not a language (the parser then says so)."""
    scan = _Parser(add_help=False)
    scan.add_argument("--lang")
    try:
        known, _ = scan.parse_known_args(list(argv))
    except _UsageError:  # --lang without a value: the parser says so
        return DEFAULT
    language = language_of(known.lang) if known.lang else None
    return language if language in LANGUAGES else DEFAULT


def _parser(language: str = DEFAULT) -> argparse.ArgumentParser:
    def say(key: str, **values: object) -> str:  # argparse reads % in help as a format
        return _say(language, f"help.{key}", **values).replace("%", "%%")

    def day(value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise argparse.ArgumentTypeError(_say(language, "error.date", value=repr(value))) from None

    def with_lang(dest: str) -> _Parser:
        holder = _Parser(add_help=False)
        holder.add_argument("--lang", dest=dest, type=language_option, default=None, metavar="xx",
                            help=say("lang", languages=", ".join(LANGUAGES)))
        return holder

    lang = with_lang("lang")  # each command's; the line's own (before the command) is kept apart: a command's
    parser = _Parser(prog="python -m crm_case", description=say("description"),  # default would overwrite it
                     parents=[with_lang("line_lang")])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    new_cmd = commands.add_parser("new", help=say("new"), parents=[lang])
    new_cmd.add_argument("--name", default=BLANK_NAME, help=say("name", default=repr(BLANK_NAME)))
    new_cmd.add_argument("--currency", default="EUR", help=say("currency"))
    new_cmd.add_argument("--years", type=int, default=5, help=say("years"))
    new_cmd.add_argument("--start", type=day, default=None, help=say("start"))
    new_cmd.add_argument("--rate", type=float, default=0.10, help=say("rate"))
    commands.add_parser("sample", help=say("sample"), parents=[lang])
    evaluate_cmd = commands.add_parser("evaluate", help=say("evaluate"), parents=[lang])
    evaluate_cmd.add_argument("path", type=Path, help=say("evaluate_path"))
    evaluate_cmd.add_argument("--json", action="store_true", help=say("json"))
    risk_cmd = commands.add_parser("risk", help=say("risk"), parents=[lang])
    risk_cmd.add_argument("path", type=Path, help=say("evaluate_path"))
    risk_cmd.add_argument("--json", action="store_true", help=say("risk_json"))
    risk_cmd.add_argument("--runs", type=int, default=None, metavar="N", help=say("runs"))
    risk_cmd.add_argument("--seed", type=int, default=None, metavar="S", help=say("seed"))
    template_cmd = commands.add_parser("template", help=say("template"), parents=[lang])
    template_cmd.add_argument("out", type=Path, help=say("out"))
    template_cmd.add_argument("--years", type=int, default=None, help=say("template_years"))
    export_cmd = commands.add_parser("export", help=say("export"), parents=[lang])
    export_cmd.add_argument("path", type=Path, help=say("export_path"))
    export_cmd.add_argument("out", type=Path, help=say("out"))
    deck_cmd = commands.add_parser("deck", help=say("deck"), parents=[lang])
    deck_cmd.add_argument("path", type=Path, help=say("export_path"))
    deck_cmd.add_argument("out", type=Path, help=say("deck_out"))
    deck_cmd.add_argument("--slides", default=None, metavar="KEYS", help=say("slides", keys=",".join(SLIDE_KEYS)))
    return parser


def slide_order(value: str | None) -> tuple[str, ...]:
    """The slides ``--slides`` names, in its order (``headline,cashflow``: comma-separated keys of
    :data:`~crm_case.story.SLIDE_KEYS`, spaces ignored); every slide when it is not given.
    :class:`CrmCaseError` names an unknown key and the known ones, or says that it names none."""
    if value is None:
        return SLIDE_KEYS
    keys = tuple(key.strip() for key in value.split(",") if key.strip())
    known = ", ".join(SLIDE_KEYS)
    if unknown := [key for key in keys if key not in SLIDE_KEYS]:
        raise CrmCaseError(Message("cli.error.slides", slides=", ".join(map(repr, unknown)), keys=known))
    if not keys:
        raise CrmCaseError(Message("cli.error.no_slides", keys=known))
    return keys


def load_case(path: Path) -> Case:
    """Read a case file (.json, or a filled budget template .xlsx in any language); :class:`CrmCaseError` names
    the file and every problem, each a :class:`~crm_case.i18n.Message`."""
    try:
        suffix = path.suffix.lower()
        if suffix not in {".json", ".xlsx", ".xlsm"}:
            raise CrmCaseError(Message("cli.error.file_type", suffix=repr(path.suffix or "(none)")))
        size = path.stat().st_size
        if suffix == ".json":
            check_json_size(size)
        if size > MAX_CASE_BYTES:
            raise CrmCaseError(Message("cli.error.too_large", limit=MAX_CASE_BYTES // 1024 // 1024))
        if suffix in {".xlsx", ".xlsm"}:
            try:
                return read_workbook(path.read_bytes()).case
            except CrmCaseError as error:  # a workbook's problems stay one per line
                raise _WorkbookError([Message("cli.error.in_file", path=str(path), problem=p)
                                      for p in error.problems]) from None
        return case_from_json(path.read_bytes())
    except OSError as error:
        raise CrmCaseError(Message("cli.error.read", path=str(path), reason=str(error.strerror or error))) from None
    except _WorkbookError:
        raise
    except CrmCaseError as error:
        raise CrmCaseError(Message("cli.error.in_file", path=str(path), problem=error.message)) from None


_ROWS = (
    ("pv_benefits", "money"),
    ("pv_costs", "money"),
    ("npv", "money"),
    ("roi", "pct"),
    ("irr", "pct"),
    ("mirr", "pct"),
    ("payback_months", "months"),
    ("discounted_payback_months", "months"),
)
"""The table's figures (``cli.figure.<key>``) and how each is written."""


def _figure(value: float | None, kind: str, currency: str, language: str) -> str:
    if kind == "money":
        return money(value, currency, language)
    if kind == "pct":
        return percent(value, language, 1)
    return months(value, language, 1)


def _width(shown: str) -> int:
    """Columns a terminal gives ``shown``: two for a wide character (Chinese), none for a combining mark."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in shown)


def _left(shown: str, width: int) -> str:
    return shown + " " * max(0, width - _width(shown))


def _right(shown: str, width: int) -> str:
    return " " * max(0, width - _width(shown)) + shown


def _rate(value: float, language: str) -> str:
    """The discount rate as the summary line writes it: ``10 %``, ``7.5 %`` (as many decimals as it has)."""
    if language == DEFAULT:
        return f"{value * 100:g} %"
    digits = next((d for d in range(4) if abs(round(value * 100, d) - value * 100) < 1e-9), 4)
    return percent(value, language, digits)


def render_table(case: Case, adjusted: Metrics, unadjusted: Metrics, language: str = DEFAULT) -> str:
    """The figures as a readable two-column table in ``language``, with the reasons for any n/a."""
    a = case.assumptions
    say = lambda key, **values: _say(language, key, **values)  # noqa: E731
    start = a.start_date.isoformat() if language == DEFAULT else date(a.start_date, language, "long")
    lines = [
        f"{a.name}",
        say("table.summary", years=a.horizon_years, date=start, rate=_rate(a.discount_rate, language),
            timing=say(f"timing.{a.timing.value}"), currency=a.currency),
        "",
        _left("", 22) + _right(say("table.adjusted"), 22) + _right(say("table.unadjusted"), 22),
    ]
    da, du = adjusted.as_dict(), unadjusted.as_dict()
    for key, kind in _ROWS:
        lines.append(_left(say(f"figure.{key}"), 22) + _right(_figure(da[key], kind, a.currency, language), 22)
                     + _right(_figure(du[key], kind, a.currency, language), 22))
    labels = {key: say(f"figure.{key}") for key, _ in _ROWS}
    notes = [(labels.get(k, k), v) for k, v in adjusted.reasons().items()]
    notes += [(say("table.figure_unadjusted", figure=labels.get(k, k)), v) for k, v in unadjusted.reasons().items()]
    if notes:
        lines.append("")
        lines += [say("table.na", figure=figure, reason=localize(reason, language)) for figure, reason in notes]
    ambiguous = [(say(f"table.{view}"), m.irr_note) for view, m in (("adjusted", adjusted), ("unadjusted", unadjusted))
                 if m.irr_note]
    if ambiguous:
        lines.append("")
        lines += [say("table.irr_note", view=view, note=localize(note, language)) for view, note in ambiguous]
    lines.append("")
    lines.append(say("table.roi"))
    return "\n".join(lines)


TOP_INPUTS = 8
"""How many inputs the readable risk summary lists by EVPPI (``--json`` lists them all)."""


def render_risk(case: Case, report: dict, language: str = DEFAULT) -> str:
    """The risk report (:func:`crm_case.voi.risk_report`) as readable text in ``language``: the runs, the chance
    that the NPV is positive, P10 / P50 / P90 of NPV, IRR and payback, the EVPI, the :data:`TOP_INPUTS` inputs
    worth most to learn (EVPPI, standard error, share of the EVPI) and, with a pilot, the four paths and the
    pilot's value as an option. Figures in the language's formats (:mod:`crm_case.i18n.formats`)."""
    say = lambda key, **values: _say(language, key, **values)  # noqa: E731
    currency = report["currency"]
    cash = lambda value: money(value, currency, language)  # noqa: E731
    lines = [case.assumptions.name,
             say("risk.summary", runs=number(report["runs"], language), seed=report["seed"], currency=currency),
             "", say("risk.chance", chance=chance(report["probability_positive"], language)), "",
             _left("", 22) + "".join(_right(q, 18) for q in ("P10", "P50", "P90"))]
    shown = {"npv": cash, "irr": lambda v: percent(v, language, 1), "payback_months": lambda v: months(v, language, 1)}
    for metric, write in shown.items():
        row = report["quantiles"][metric]
        lines.append(_left(say(f"figure.{metric}"), 22) + "".join(_right(write(row[q]), 18)
                                                                for q in ("p10", "p50", "p90")))
    evpi = report["evpi"]
    lines += ["", say("risk.evpi", value=cash(evpi["value"]), error=cash(evpi["standard_error"]))]
    worth = [row for row in report["evppi"] if row["evppi"] > 0]
    if not worth:
        lines.append(say("risk.evpi.none"))
    else:
        lines += ["", say("risk.evppi"),
                  _left(say("risk.column.input"), 44) + _right(say("risk.column.value"), 16)
                  + _right(say("risk.column.error"), 16) + _right(say("risk.column.share"), 14)]
        for row in worth[:TOP_INPUTS]:
            lines.append(_left(input_label(row["path"], language), 44) + _right(cash(row["evppi"]), 16)
                         + _right(cash(row["standard_error"]), 16)
                         + _right(percent(row["share_of_evpi"], language, 0), 14))
        if len(worth) > TOP_INPUTS:
            lines.append(say("risk.more", count=len(worth) - TOP_INPUTS))
    if "paths" in report:
        pilot = report["pilot"]
        lines += ["", say("risk.pilot", months=pilot["months"], users=number(pilot["users"], language),
                          cost=cash(pilot["cost"]), stop_cost=cash(pilot["stop_cost"]),
                          inputs="; ".join(input_label(p, language) for p in pilot["reveals"])),
                  _left(say("risk.column.path"), 34) + _right(say("risk.column.expected_npv"), 16)
                  + _right(say("risk.column.chance"), 12) + _right("P10", 16) + _right("P90", 16)]
        names = {path: say(f"risk.path.{path}", months=pilot["months"]) for path in PATHS}
        for row in report["paths"]:
            lines.append(_left(names[row["path"]], 34) + _right(cash(row["expected_npv"]), 16)
                         + _right(chance(row["probability_positive"], language), 12) + _right(cash(row["p10"]), 16)
                         + _right(cash(row["p90"]), 16))
        lines += ["", say("risk.best", path=names[report["best_path"]]),
                  say("risk.option", value=cash(report["option_value"]),
                      share=percent(report["expand_share"], language, 0))]
    lines += ["", say("risk.note")]
    return "\n".join(lines)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CrmCaseError(Message("cli.error.write", path=str(path), reason=str(error.strerror or error))) from None


def _lenient(stream: TextIO) -> TextIO:
    """``stream`` writing what its encoding cannot (a case named Café on an ASCII terminal) as escapes rather
    than failing."""
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")
    return stream


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or _lenient(sys.stdout)
    err = stderr or _lenient(sys.stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    language = _asked_language(argv)

    def error(message: object) -> None:
        err.write(_say(language, "error", message=localize(message, language)) + "\n")

    try:
        args = _parser(language).parse_args(argv)
        language = args.lang or args.line_lang or DEFAULT
        if args.command == "new":
            case = blank_case(name=args.name, currency=args.currency, years=args.years, start=args.start,
                              rate=args.rate)
            out.write(case_to_json(case) + "\n")
            return 0
        if args.command == "sample":
            out.write(case_to_json(sample_case()) + "\n")
            return 0
        if args.command == "template":
            if args.years is not None and not 1 <= args.years <= 10:
                raise CrmCaseError(Message("cli.error.years", years=args.years))
            _write(args.out, budget_template(years=args.years, language=language))
            return 0
        order = slide_order(args.slides) if args.command == "deck" else None  # before the case is read
        case = load_case(args.path)
        if args.command == "deck":
            _write(args.out, build_deck(case, language=language, order=order))
            return 0
        if args.command == "export":
            _write(args.out, export_workbook(case, language=language))
            return 0
        if args.command == "risk":
            report = risk_report(case, runs=args.runs, seed=args.seed, pilot=case.risk.pilot)
            if args.json:
                out.write(json.dumps(report, allow_nan=False) + "\n")
            else:
                out.write(render_risk(case, report, language) + "\n")
            return 0
        result = evaluate(case)
        advice = recommend(case, result)
        if args.json:
            out.write(json.dumps(result.as_dict() | {"recommendation": advice.as_dict()}) + "\n")
        else:
            out.write(render_table(case, result.adjusted, result.unadjusted, language) + "\n")
            out.write("\n" + _say(language, "recommendation", decision=_say(language, f"decision.{advice.decision}"))
                      + "\n")
            out.write("".join(f"- {localize(reason, language)}\n" for reason in advice.reasons))
        return 0
    except _WorkbookError as problems:
        for problem in problems.problems:
            error(problem)
        return 2
    except CrmCaseError as problem:
        error(problem.message)
        return 2
    except _UsageError as usage:
        error(str(usage))
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)
    except Exception as bug:  # any exception: a bug must still not print a traceback
        error(Message("cli.error.internal", kind=type(bug).__name__, error=str(bug)))
        return 1
