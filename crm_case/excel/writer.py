"""Excel out: the whole case as a live-formula workbook (pure, returns bytes), one function per sheet.

Sheets (:data:`~crm_case.excel.layout.EXPORT_SHEETS`): ``Assumptions``, ``Costs`` and ``Benefits`` (the inputs, in
the template's layout, so the file imports back), ``Drivers`` and ``Rollout`` (inputs with defined names and the
drivers' yearly formulas), ``Monthly`` (month-by-month adoption, dip, costs, benefits, net, discounting - all
formulas), ``Cash flow`` (the Forrester TEI table and the figures - NPV, ROI, IRR, MIRR, payback - as formulas,
with a chart; IRR() starts from the app's rate, and a note beside it says when several rates make NPV zero; see
:mod:`crm_case.excel.formulas`), the analyses' sheets (Cost of delay, Scoring, Scenarios, Tornado, Vendors,
Customer value, Goals: their inputs as Key | Value rows that import back, the engine's results beside them; the
Scenarios sheet also carries the case's pilot, ``pilot.*`` keys), ``Value of information`` (EVPI, each input's
EVPPI and, with a pilot, its four paths and its flexibility value: values from the Monte Carlo simulation, which
the reader ignores) and ``Values`` (a snapshot of the engine's figures at export time). Change a cost in Excel and
the NPV follows.

:func:`export_with_expected` also returns, for every formula cell, the value the engine computes for
it, so a test can recalculate the file in LibreOffice and compare.

Every sheet name, header, label, note and heading is written in the language asked for (``language``, English
by default; :mod:`crm_case.excel.words`), and the formulas name the sheets as that language does. The values the
engine computed (a scenario's name, a tornado input's label, a vendor's name) are written as the engine gives
them; number formats are Excel's own, which Excel shows in its user's way.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from crm_case.cashflow import Projection, tei_table
from crm_case.customers import clv_table
from crm_case.delay import COMPONENTS, analyse_delay
from crm_case.evaluate import Evaluation, evaluate
from crm_case.excel.formulas import (
    ItemRanges,
    cash_flow_sheet,
    driver_formulas,
    monthly_sheet,
    percent_text,
)
from crm_case.excel.inputs import define_name, write_assumptions, write_items, write_key_values
from crm_case.excel.layout import EXPORT_SHEETS, HEADER_FILL, MONEY_FORMAT, PERCENT_FORMAT, safe_text, style_header
from crm_case.excel.words import na, sheet_name, sheet_ref, word
from crm_case.goals import scorecard, yearly_benefit
from crm_case.i18n import DEFAULT, localize
from crm_case.i18n import formats as shown_as
from crm_case.model import Case
from crm_case.risk import CHUNK, Engine, MonteCarlo, Runs, draw, risk_inputs, scenarios, tornado
from crm_case.scoring import readiness, score
from crm_case.story import input_label
from crm_case.vendors import compare_vendors
from crm_case.voi import PATHS, evpi, evppi_table, pilot_paths

Expected = dict[str, dict[str, Any]]
"""{sheet: {cell: the engine's value}} of every formula cell of an export, each sheet by its name in the file."""
ASSUMPTION_NAMES = (("name", "CaseName"), ("currency", "CaseCurrency"), ("discount_rate", "DiscountRate"),
                    ("horizon_years", "HorizonYears"), ("start_date", "StartDate"), ("timing", "Timing"))
"""Assumptions field -> the defined name of its cell, used by the formulas."""


def export_workbook(case: Case, *, language: str = DEFAULT) -> bytes:
    """The case as a live-formula .xlsx in ``language`` (see the module docstring)."""
    return export_with_expected(case, language=language)[0]


def export_with_expected(case: Case, *, language: str = DEFAULT) -> tuple[bytes, Expected]:
    """The case as a live-formula .xlsx in ``language``, and {sheet: {cell: engine value}} for every formula cell
    (each sheet by its name in that language)."""
    result = evaluate(case)
    names = {title: sheet_name(title, language) for title in EXPORT_SHEETS}
    wb = openpyxl.Workbook()
    ws_a = wb.active
    ws_a.title = names["Assumptions"]
    refs = write_assumptions(ws_a, case, language)
    for key, name in ASSUMPTION_NAMES:
        define_name(wb, name, names["Assumptions"], refs[key])
    last_cost, cost_risk = write_items(wb.create_sheet(names["Costs"]), "Costs", case, language=language)
    last_benefit, benefit_risk = write_items(wb.create_sheet(names["Benefits"]), "Benefits", case, language=language)
    items = ItemRanges(last_cost, cost_risk, last_benefit, benefit_risk, result.projection.years,
                       sheet_ref(names["Costs"]), sheet_ref(names["Benefits"]))
    drivers, driver_cells = driver_formulas(wb, case, write_key_values(wb, "Drivers", case, language), language)
    write_key_values(wb, "Rollout", case, language)
    monthly, monthly_cells = monthly_sheet(wb, case, result.projection, items, drivers, language)
    expected: Expected = {names["Drivers"]: driver_cells, names["Monthly"]: monthly_cells,
                          names["Cash flow"]: cash_flow_sheet(wb, case, result, monthly, items, drivers, language)}
    _values_sheet(wb, result, case, language)
    _delay_sheet(wb, case, result.projection, language)
    _scoring_sheet(wb, case, language)
    _risk_sheets(wb, case, language)
    _value_of_information_sheet(wb, case, language)
    _vendors_sheet(wb, case, language)
    _customers_sheet(wb, case, language)
    _goals_sheet(wb, case, language)
    wb._sheets = [wb[names[title]] for title in EXPORT_SHEETS]
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), expected


def _values_sheet(wb: Any, result: Evaluation, case: Case, language: str) -> None:
    """Values: a snapshot of the engine's figures (risk-adjusted and not) and the TEI table at export time. A
    figure is named by its key (``npv``), as :meth:`~crm_case.evaluate.Metrics.as_dict` and the command line's
    JSON name it."""
    ws = wb.create_sheet(sheet_name("Values", language))
    ws.append([word(language, "values.title"), "", ""])
    ws["A1"].font = Font(bold=True)
    ws.append([word(language, f"values.{column}") for column in ("figure", "adjusted", "unadjusted", "note")])
    style_header(ws, 2)
    a, u = result.adjusted.as_dict(), result.unadjusted.as_dict()

    def shown(value: Any) -> Any:
        if value is None:
            return na(language)
        return "; ".join(percent_text(v, language) for v in value) if isinstance(value, list) else value

    for key in a:
        if key == "currency":
            continue
        ws.append([key, shown(a[key]), shown(u[key])])
        if key == "irr":  # the engine's sentence when several rates make NPV zero, once if both views agree
            adjusted = localize(result.adjusted.irr_note, language) if result.adjusted.irr_note else None
            unadjusted = localize(result.unadjusted.irr_note, language) if result.unadjusted.irr_note else None
            if adjusted == unadjusted:
                note = adjusted
            else:
                note = " ".join(word(language, "values.view_note", view=word(language, f"values.{view}"), note=text)
                                for view, text in (("adjusted", adjusted), ("unadjusted", unadjusted))
                                if text) or None
            if note:
                ws.cell(row=ws.max_row, column=4, value=note).font = Font(italic=True)
    ws.append([])
    table = tei_table(result.projection)
    periods = [c for c in table.columns if c not in {"section", "group"}]
    ws.append([word(language, "values.section"), word(language, "values.group"),
               *[_tei_column(c, language) for c in periods]])
    style_header(ws, ws.max_row)
    for row in table.itertuples(index=False):
        record = row._asdict()
        ws.append([word(language, f"values.section.{record['section']}"), _group_name(record["group"], language),
                   *[record[c] for c in periods]])
    for row in ws.iter_rows(min_row=3):
        for cell in row[1:]:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    ws.column_dimensions["A"].width = 30
    for letter in "BCDEFGHIJKLMN":
        ws.column_dimensions[letter].width = 15


def _tei_column(column: str, language: str) -> str:
    """A column of the TEI table (``initial``, ``year_3``, ``total``, ``present_value``) as a heading."""
    if column.startswith("year_"):
        return word(language, "header.year", n=int(column.removeprefix("year_")))
    return word(language, "header.initial") if column == "initial" else word(language, column)


def _group_name(group: str, language: str) -> str:
    """A TEI table's group (a category, an area, ``Total``, or any other name as it is) in ``language``."""
    for kind in ("category", "area"):
        with contextlib.suppress(KeyError):
            return word(language, f"{kind}.{group}")
    return word(language, "total") if group == "Total" else group


def _delay_sheet(wb: Any, case: Case, projection: Projection, language: str) -> None:
    """Cost of delay: its inputs (Key | Value, so the file imports back) and, from column G, the cost of
    waiting 0..24 months by component (values computed by the engine at export time)."""
    write_key_values(wb, "Cost of delay", case, language)
    ws = wb[sheet_name("Cost of delay", language)]
    table = analyse_delay(case, projection).table
    ws.cell(row=1, column=7, value=word(language, "delay.months"))
    for j, name in enumerate(COMPONENTS, start=8):
        ws.cell(row=1, column=j, value=word(language, f"delay.{name}"))
    ws.cell(row=1, column=8 + len(COMPONENTS), value=word(language, "delay.total"))
    for cell in ws[1][6:]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for i, record in enumerate(table.itertuples(index=False), start=2):
        ws.cell(row=i, column=7, value=int(record.delay_months))
        for j, name in enumerate([*COMPONENTS, "total"], start=8):
            cell = ws.cell(row=i, column=j, value=float(getattr(record, name)))
            cell.number_format = MONEY_FORMAT
    ws.cell(row=28, column=7, value=word(language, "delay.note"))
    for j in range(7, 9 + len(COMPONENTS)):
        ws.column_dimensions[get_column_letter(j)].width = 16


def _scoring_sheet(wb: Any, case: Case, language: str) -> None:
    """Scoring: its inputs (Key | Value, so the file imports back) and, from column G, the weighted result,
    the workshop's statistics and the readiness index (values at export time)."""
    write_key_values(wb, "Scoring", case, language)
    ws = wb[sheet_name("Scoring", language)]
    result = score(case.scoring)
    r = 1
    ws.cell(row=r, column=7, value=word(language, "scoring.title")).font = Font(bold=True)
    headers = ("criterion", "side", "weight", "normalised_weight", "score", "contribution")
    for j, h in enumerate(headers, start=7):
        ws.cell(row=2, column=j, value=word(language, f"scoring.{h}")).font = Font(bold=True)
    for i, row in enumerate(result.table.itertuples(index=False), start=3):
        safe_text(ws.cell(row=i, column=7), row.name)
        for j, value in enumerate([word(language, f"scoring.side.{row.side}"), row.weight, row.normalised_weight,
                                   row.score, row.contribution], start=8):
            ws.cell(row=i, column=j, value=value)
    r = 3 + len(result.table)
    for key, value in (("advantages", result.advantages), ("disadvantages", result.disadvantages),
                       ("net", result.net), ("verdict", word(language, f"scoring.verdict.{result.verdict}"))):
        ws.cell(row=r, column=7, value=word(language, f"scoring.{key}")).font = Font(bold=True)
        ws.cell(row=r, column=8, value=value)
        r += 1
    ready = readiness(case)
    ws.cell(row=r + 1, column=7, value=word(language, "scoring.readiness")).font = Font(bold=True)
    ws.cell(row=r + 1, column=8, value=round(ready.index, 2) if ready else word(language, "scoring.not_assessed"))
    ws.cell(row=r + 2, column=7, value=word(language, "scoring.weakest")).font = Font(bold=True)
    ws.cell(row=r + 2, column=8, value=", ".join(word(language, f"readiness.{a}") for a in ready.weakest)
            if ready else "")
    ws.column_dimensions["G"].width = 56
    for letter in "HIJKL":
        ws.column_dimensions[letter].width = 16


def _frame_block(ws: Any, frame: Any, row: int, column: int, title: str, formats: dict[str, str],
                 language: str) -> int:
    """Write ``frame`` with a bold title above its header at (row, column); returns the next free row.
    Each column's heading is ``excel.column.<name>`` in ``language``; text cells go through :func:`safe_text`;
    ``formats`` maps column names to number formats."""
    ws.cell(row=row, column=column, value=title).font = Font(bold=True)
    for j, name in enumerate(frame.columns, start=column):
        cell = ws.cell(row=row + 1, column=j, value=word(language, f"column.{name}"))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    none = na(language)
    for i, record in enumerate(frame.itertuples(index=False), start=row + 2):
        for j, (name, value) in enumerate(zip(frame.columns, record, strict=True), start=column):
            cell = ws.cell(row=i, column=j)
            if isinstance(value, str):
                safe_text(cell, value)
            elif value is None or (isinstance(value, float) and not np.isfinite(value)):
                cell.value = none
            else:
                cell.value = value.item() if hasattr(value, "item") else value
                cell.number_format = formats.get(name, "General")
    for j in range(column, column + len(frame.columns)):
        ws.column_dimensions[get_column_letter(j)].width = 18
    return row + 2 + len(frame)


def _risk_sheets(wb: Any, case: Case, language: str) -> None:
    """Scenarios: Monte Carlo settings and ranges (Key | Value, imported back), then from column G each
    input's value per scenario and the scenarios' figures. Tornado: NPV at each input's low and high end.
    Values computed by the engine at export time (the formulas are in the README)."""
    write_key_values(wb, "Scenarios", case, language)
    ws = wb[sheet_name("Scenarios", language)]
    result = scenarios(case)
    figures = result.figures()
    row = _frame_block(ws, figures, 1, 7, word(language, "block.scenario_figures"),
                       {"npv": MONEY_FORMAT, "pv_costs": MONEY_FORMAT, "pv_benefits": MONEY_FORMAT,
                        "roi": PERCENT_FORMAT, "irr": PERCENT_FORMAT, "payback_months": "0.0"}, language)
    _frame_block(ws, result.values.drop(columns=["path"]), row + 1, 7, word(language, "block.scenario_values"), {},
                 language)
    ws.column_dimensions["G"].width = 44
    table = tornado(case).drop(columns=["path"])
    sheet = wb.create_sheet(sheet_name("Tornado", language))
    _frame_block(sheet, table, 1, 1, word(language, "block.tornado"),
                 {"npv_low": MONEY_FORMAT, "npv_high": MONEY_FORMAT, "swing": MONEY_FORMAT}, language)
    sheet.column_dimensions["A"].width = 48


def npv_simulation(case: Case) -> MonteCarlo:
    """The case's Monte Carlo simulation as far as the value of information needs it: each run's risk-adjusted
    NPV, from the same draws (:func:`crm_case.risk.draw` of :func:`~crm_case.risk.risk_inputs` with the case's
    ``risk.runs`` and ``risk.seed``) and the same present values (:meth:`crm_case.risk.Engine.present_values`,
    :data:`CHUNK` runs at a time) as :func:`crm_case.risk.monte_carlo`, so the NPVs are its NPVs (``PV benefits -
    PV costs`` per run, summed as it sums them; a test checks equality). Per-run IRR, ROI and payback are left
    NaN: they are not needed here, and a run whose monthly flows change sign several times has its IRR solved alone
    (polynomial roots), which would make an export of such a case take minutes."""
    inputs = risk_inputs(case)
    runs, seed = case.risk.runs, case.risk.seed
    samples = draw(inputs, runs, seed)
    engine = Engine(case, risk_adjusted=True)
    pv_costs, pv_benefits = np.empty(runs), np.empty(runs)
    for start in range(0, runs, CHUNK):
        stop = min(start + CHUNK, runs)
        pv_costs[start:stop], pv_benefits[start:stop] = engine.present_values(
            {p: v[start:stop] for p, v in samples.items()}, stop - start)
    missing = np.full(runs, np.nan)
    return MonteCarlo(inputs, samples, Runs(pv_benefits - pv_costs, pv_costs, pv_benefits, missing, missing,
                                            missing), seed)


def _value_of_information_sheet(wb: Any, case: Case, language: str) -> None:
    """Value of information: from the case's Monte Carlo simulation (its runs and seed, risk-adjusted NPV;
    :mod:`crm_case.voi`), the EVPI with its standard error, the chance that the NPV is positive and the expected
    NPV; every varying input's EVPPI, standard error and share of the EVPI, largest first; and, when the case
    describes a pilot, the pilot in a sentence, the four paths' expected NPV, chance of a positive NPV, P10 and
    P90, the best path, the pilot's value as an option (Forrester TEI's *flexibility*) and the share of runs in
    which the rollout goes ahead after it. Values, not formulas (they come from the runs; the runs themselves
    are the app's CSV download); the import does not read this sheet. A share of a zero EVPI is n/a."""
    ws = wb.create_sheet(sheet_name("Value of information", language))
    mc = npv_simulation(case)
    currency = case.assumptions.currency
    ws.cell(row=1, column=1, value=word(language, "voi.title")).font = Font(bold=True)
    ws.cell(row=2, column=1, value=word(language, "voi.note", runs=shown_as.number(mc.count, language),
                                        seed=mc.seed)).font = Font(italic=True)
    perfect = evpi(mc)
    summary = pd.DataFrame([{"evpi": perfect.value, "standard_error": perfect.standard_error,
                             "probability_positive": mc.probability_positive,
                             "expected_npv": float(mc.runs.npv.mean())}])
    row = _frame_block(ws, summary, 4, 1, word(language, "voi.evpi"),
                       {"evpi": MONEY_FORMAT, "standard_error": MONEY_FORMAT, "probability_positive": PERCENT_FORMAT,
                        "expected_npv": MONEY_FORMAT}, language)
    if perfect.value == 0:
        ws.cell(row=row, column=1, value=word(language, "voi.evpi_none")).font = Font(italic=True)
        row += 1
    table = evppi_table(mc)
    table = pd.DataFrame({"label": [input_label(path, language) for path in table["path"]],
                          "evppi": table["evppi"], "standard_error": table["standard_error"],
                          "share_of_evpi": table["share_of_evpi"]})
    row = _frame_block(ws, table, row + 1, 1, word(language, "block.evppi"),
                       {"evppi": MONEY_FORMAT, "standard_error": MONEY_FORMAT, "share_of_evpi": PERCENT_FORMAT},
                       language)
    pilot = case.risk.pilot
    if pilot is not None:
        analysis = pilot_paths(case, pilot, mc)
        ws.cell(row=row + 1, column=1, value=word(language, "block.pilot")).font = Font(bold=True)
        ws.cell(row=row + 2, column=1, value=word(
            language, "voi.pilot", months=pilot.months, users=shown_as.number(pilot.users, language),
            cost=shown_as.money(pilot.cost, currency, language),
            stop_cost=shown_as.money(pilot.stop_cost, currency, language),
            inputs="; ".join(input_label(path, language) for path in pilot.reveals)))
        names = {path: word(language, f"voi.path.{path}", months=pilot.months) for path in PATHS}
        paths = analysis.table()
        paths = paths.assign(path=[names[p] for p in paths["path"]])[
            ["path", "expected_npv", "probability_positive", "p10", "p90"]]
        row = _frame_block(ws, paths, row + 4, 1, word(language, "block.paths"),
                           {"expected_npv": MONEY_FORMAT, "probability_positive": PERCENT_FORMAT,
                            "p10": MONEY_FORMAT, "p90": MONEY_FORMAT}, language)
        for key, value, number_format in (("best", names[analysis.best], "General"),
                                          ("flexibility", analysis.option_value, MONEY_FORMAT),
                                          ("expand_share", analysis.expand_share, PERCENT_FORMAT)):
            row += 1
            ws.cell(row=row, column=1, value=word(language, f"voi.{key}")).font = Font(bold=True)
            cell = ws.cell(row=row, column=2, value=value)
            cell.number_format = number_format
    ws.column_dimensions["A"].width = 56


def _vendors_sheet(wb: Any, case: Case, language: str) -> None:
    """Vendors: the offers (Key | Value, imported back) and, from column G, each offer's figures in the case."""
    write_key_values(wb, "Vendors", case, language)
    ws = wb[sheet_name("Vendors", language)]
    table = compare_vendors(case).table
    _frame_block(ws, table, 1, 7, word(language, "block.vendors"),
                 {"npv": MONEY_FORMAT, "tco_3": MONEY_FORMAT, "tco_5": MONEY_FORMAT, "one_off": MONEY_FORMAT,
                  "yearly": MONEY_FORMAT, "roi": PERCENT_FORMAT, "irr": PERCENT_FORMAT,
                  "expected_adoption": PERCENT_FORMAT, "payback_months": "0.0"}, language)
    ws.column_dimensions["G"].width = 30


def _customers_sheet(wb: Any, case: Case, language: str) -> None:
    """Customer value: segments, top share and the analysis aggregates (Key | Value, imported back), then from
    column G the lifetime value and spend guidance per segment (values at export time)."""
    write_key_values(wb, "Customer value", case, language)
    ws = wb[sheet_name("Customer value", language)]
    table = clv_table(case.customers.segments, case.assumptions.discount_rate)
    money = {c: MONEY_FORMAT for c in ("annual_margin", "acquisition_cost", "clv", "clv_infinite", "net_clv",
                                       "max_acquisition", "max_yearly_marketing", "segment_value", "yearly_budget")}
    _frame_block(ws, table, 1, 7, word(language, "block.customers"), money | {"retention": PERCENT_FORMAT}, language)
    ws.column_dimensions["G"].width = 24


def _goals_sheet(wb: Any, case: Case, language: str) -> None:
    """Goals: objectives, metrics, actuals and actions (Key | Value, imported back), then from column G each
    objective's yearly benefit from the case and the scorecard (values at export time)."""
    write_key_values(wb, "Goals", case, language)
    ws = wb[sheet_name("Goals", language)]

    money = pd.DataFrame([{"objective": o.name, "function": o.function.value, "link": o.link,
                           "yearly_benefit": yearly_benefit(case, o)[0],
                           "how_estimated": localize(yearly_benefit(case, o)[1], language)}
                          for o in case.goals.objectives], columns=["objective", "function", "link", "yearly_benefit",
                                                                   "how_estimated"])
    row = _frame_block(ws, money, 1, 7, word(language, "block.goals"), {"yearly_benefit": MONEY_FORMAT}, language)
    card = scorecard(case)[list(SCORECARD_COLUMNS)]
    _frame_block(ws, card, row + 1, 7, word(language, "block.scorecard"), {"gap": PERCENT_FORMAT}, language)
    ws.column_dimensions["G"].width = 28


SCORECARD_COLUMNS = ("metric", "objective", "strategy", "baseline", "target", "period", "actual", "expected", "gap",
                     "status", "owner", "action")
"""The scorecard's columns the Goals sheet shows."""
