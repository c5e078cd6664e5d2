"""Command line: ``python -m crm_case new [--name N] [--currency C] [--years Y] [--start D] [--rate R] | sample |
evaluate PATH [--json] | template OUT | export PATH OUT``.

Exit codes: 0 done; 2 bad input or usage, with one line on stderr naming the problem (never a
traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from crm_case.errors import CrmCaseError
from crm_case.evaluate import Metrics, evaluate
from crm_case.excel.reader import read_workbook
from crm_case.excel.template import budget_template
from crm_case.excel.writer import export_workbook
from crm_case.model import Case, case_from_json, case_to_json, check_json_size
from crm_case.recommendation import DECISION_TITLES, recommend
from crm_case.sample import sample_case
from crm_case.start import BLANK_NAME, blank_case

MAX_CASE_BYTES = 20 * 1024 * 1024
"""Largest workbook read, so a wrong file cannot exhaust memory; a .json case is held to the model's smaller
:data:`~crm_case.model.MAX_CASE_JSON_BYTES` before it is read."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as for bad input
        raise _UsageError(f"{self.prog}: {message} (see --help)")


class _UsageError(Exception):
    pass


class _WorkbookError(CrmCaseError):
    """Every problem of a workbook, printed one per line."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date as YYYY-MM-DD, got {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m crm_case", description="CRM business case engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    new_cmd = commands.add_parser("new", help="write a blank case (nothing but its frame) as JSON to stdout")
    new_cmd.add_argument("--name", default=BLANK_NAME, help=f"name of the case (default {BLANK_NAME!r})")
    new_cmd.add_argument("--currency", default="EUR", help="ISO 4217 code of every amount (default EUR)")
    new_cmd.add_argument("--years", type=int, default=5, help="years evaluated, 1-10 (default 5)")
    new_cmd.add_argument("--start", type=_date, default=None,
                         help="decision date as YYYY-MM-DD (default 1 January of next year)")
    new_cmd.add_argument("--rate", type=float, default=0.10, help="annual discount rate as a fraction (0.08 = 8 %%)")
    commands.add_parser("sample", help="write the built-in sample case as JSON to stdout")
    evaluate_cmd = commands.add_parser("evaluate", help="evaluate a saved case (.json) or a filled budget (.xlsx)")
    evaluate_cmd.add_argument("path", type=Path, help="case file written by 'sample' or the app, or a filled template")
    evaluate_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    template_cmd = commands.add_parser("template", help="write the Excel budget template")
    template_cmd.add_argument("out", type=Path, help="where to write the .xlsx")
    template_cmd.add_argument("--years", type=int, default=None,
                              help="horizon and Year columns (1-10); default: a 3-year horizon with 10 Year columns")
    export_cmd = commands.add_parser("export", help="write a case as a live-formula Excel workbook")
    export_cmd.add_argument("path", type=Path, help="case (.json or .xlsx)")
    export_cmd.add_argument("out", type=Path, help="where to write the .xlsx")
    return parser


def load_case(path: Path) -> Case:
    """Read a case file (.json, or a filled budget template .xlsx); :class:`CrmCaseError` names the file
    and every problem."""
    try:
        suffix = path.suffix.lower()
        if suffix not in {".json", ".xlsx", ".xlsm"}:
            raise CrmCaseError(f"unsupported file type {path.suffix or '(none)'!r}: expected a .json case or an "
                               ".xlsx budget")
        size = path.stat().st_size
        if suffix == ".json":
            check_json_size(size)
        if size > MAX_CASE_BYTES:
            raise CrmCaseError(f"file is larger than {MAX_CASE_BYTES // 1024 // 1024} MB")
        if suffix in {".xlsx", ".xlsm"}:
            try:
                return read_workbook(path.read_bytes()).case
            except CrmCaseError as error:  # a workbook's problems stay one per line
                raise _WorkbookError([f"{path}: {p}" for p in error.problems]) from None
        return case_from_json(path.read_bytes())
    except OSError as error:
        raise CrmCaseError(f"{path}: cannot read: {error.strerror or error}") from None
    except _WorkbookError:
        raise
    except CrmCaseError as error:
        raise CrmCaseError(f"{path}: {error}") from None


def _fmt(value: float | None, kind: str, currency: str) -> str:
    if value is None:
        return "n/a"
    if kind == "money":
        return f"{value:,.0f} {currency}"
    if kind == "pct":
        return f"{value * 100:,.1f} %"
    return f"{value:,.1f} months"


_ROWS = (
    ("PV of benefits", "pv_benefits", "money"),
    ("PV of costs", "pv_costs", "money"),
    ("NPV", "npv", "money"),
    ("ROI", "roi", "pct"),
    ("IRR", "irr", "pct"),
    ("MIRR", "mirr", "pct"),
    ("Payback", "payback_months", "months"),
    ("Discounted payback", "discounted_payback_months", "months"),
)


def render_table(case: Case, adjusted: Metrics, unadjusted: Metrics) -> str:
    """The figures as a readable two-column table, with the reasons for any n/a."""
    a = case.assumptions
    lines = [
        f"{a.name}",
        f"{a.horizon_years} years from {a.start_date.isoformat()}, discount rate {a.discount_rate * 100:g} %, "
        f"timing {a.timing.value}, amounts in {a.currency}",
        "",
        f"{'':22}{'risk-adjusted':>22}{'unadjusted':>22}",
    ]
    da, du = adjusted.as_dict(), unadjusted.as_dict()
    for label, key, kind in _ROWS:
        lines.append(f"{label:22}{_fmt(da[key], kind, a.currency):>22}{_fmt(du[key], kind, a.currency):>22}")
    notes = adjusted.reasons() | {f"{k} (unadjusted)": v for k, v in unadjusted.reasons().items()}
    if notes:
        lines.append("")
        lines += [f"n/a {key}: {reason}" for key, reason in notes.items()]
    ambiguous = [(view, m.irr_note) for view, m in (("risk-adjusted", adjusted), ("unadjusted", unadjusted))
                 if m.irr_note]
    if ambiguous:
        lines.append("")
        lines += [f"IRR ({view}): {note}" for view, note in ambiguous]
    lines.append("")
    lines.append("ROI = (PV benefits - PV costs) / PV costs (Forrester TEI).")
    return "\n".join(lines)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CrmCaseError(f"{path}: cannot write: {error.strerror or error}") from None


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
    try:
        args = _parser().parse_args(argv)
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
                raise CrmCaseError(f"--years must be from 1 to 10, got {args.years}")
            _write(args.out, budget_template(years=args.years))
            return 0
        case = load_case(args.path)
        if args.command == "export":
            _write(args.out, export_workbook(case))
            return 0
        result = evaluate(case)
        advice = recommend(case, result)
        if args.json:
            out.write(json.dumps(result.as_dict() | {"recommendation": advice.as_dict()}) + "\n")
        else:
            out.write(render_table(case, result.adjusted, result.unadjusted) + "\n")
            out.write(f"\nRecommendation: {DECISION_TITLES[advice.decision]}\n")
            out.write("".join(f"- {reason}\n" for reason in advice.reasons))
        return 0
    except _WorkbookError as error:
        err.write("".join(f"error: {p}\n" for p in error.problems))
        return 2
    except CrmCaseError as error:
        err.write(f"error: {error}\n")
        return 2
    except _UsageError as error:
        err.write(f"error: {error}\n")
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)
    except Exception as error:  # any exception: a bug must still not print a traceback
        err.write(f"error: internal error ({type(error).__name__}: {error}); please report it\n")
        return 1
