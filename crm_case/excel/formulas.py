"""The export's live formulas: the drivers' yearly benefits, the Monthly sheet and the Cash flow sheet.

Every formula cell is written with the value the engine computes for it (``expected``: {cell: value}), so a test
can recalculate the file in LibreOffice and compare. The formulas read the input sheets through defined names
(``DiscountRate``, ``Timing``, ``drv_retention_customers``, ``ro_peak_adoption``...) and ranges of the Costs and
Benefits sheets (:class:`ItemRanges`); the Monthly sheet's columns are :class:`MonthlyLayout`. A formula names a
sheet as the workbook's language names it (``'Costos'!$C$2:$C$9``, :func:`~crm_case.excel.words.sheet_ref`) and
compares categories and areas with their names in that language (``="Personas"``); its own text result ("n/a")
is in that language too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import openpyxl
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from crm_case.cashflow import Projection, tei_table, to_years
from crm_case.drivers import DRIVER_FORMULAS
from crm_case.evaluate import Evaluation
from crm_case.excel.inputs import define_name
from crm_case.excel.layout import FACTOR_FORMAT, MONEY_FORMAT, PERCENT_FORMAT, style_header
from crm_case.excel.words import na, sheet_name, sheet_ref, word
from crm_case.finance import last_negative_months
from crm_case.i18n import DEFAULT, PSEUDO
from crm_case.i18n.formats import percent
from crm_case.model import DRIVER_AREAS, DRIVER_LABELS, BenefitArea, Case, CostCategory
from crm_case.rollout import dip_share_curve

Cells = dict[str, Any]
"""{cell reference: the engine's value} of one sheet's formula cells."""

DRIVER_EXCEL = MappingProxyType({
    "retention": "{customers}*({churn_before}-{churn_after})*{annual_margin_per_customer}",
    "sales_productivity": "{reps}*{hours_saved_per_week}*{working_weeks}*{loaded_hourly_cost}*{selling_time_share}",
    "win_rate": "{opportunities}*{margin}*({win_rate_after}*{average_deal}*(1+{deal_size_uplift})"
                "-{win_rate_before}*{average_deal})",
    "service_cost": "({contacts}*{self_service_deflection}+{contacts}*(1-{self_service_deflection})*{fcr_uplift})"
                    "*{cost_per_contact}",
    "marketing_efficiency": "{campaign_spend}*{waste_removed}",
    "acquisition_cost": "{new_customers}*{cac_before}*{cac_reduction}",
})
"""Excel text of each driver's yearly formula (:data:`crm_case.drivers.DRIVER_FORMULAS`), over the defined names
``drv_<driver>_<field>`` of the Drivers sheet."""


def quoted(text: str) -> str:
    """Text as a formula's string literal: ``"Personas"`` (a quote inside doubled)."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class ItemRanges:
    """Where the export's Costs and Benefits sheets hold their items: the last data row and the Risk adjustment
    column (1-based) of each; ``years`` Year columns; ``costs`` and ``benefits`` the two sheets as a formula names
    them (:func:`~crm_case.excel.words.sheet_ref` of their names in the workbook's language)."""

    last_cost: int
    cost_risk: int
    last_benefit: int
    benefit_risk: int
    years: int
    costs: str = "Costs"
    benefits: str = "Benefits"

    @property
    def cost_years(self) -> str | None:
        """Costs' Year 1..N amounts (None for a horizon of no years)."""
        return (f"{self.costs}!$D$2:${get_column_letter(self.cost_risk - 1)}${self.last_cost}" if self.years
                else None)

    @property
    def benefit_years(self) -> str:
        return f"{self.benefits}!$D$2:${get_column_letter(self.benefit_risk - 1)}${self.last_benefit}"

    @property
    def cost_risk_range(self) -> str:
        """(1 + risk adjustment) of every cost: a cost overruns by its risk."""
        letter = get_column_letter(self.cost_risk)
        return f"(1+{self.costs}!${letter}$2:${letter}${self.last_cost})"

    @property
    def benefit_risk_range(self) -> str:
        """(1 - risk adjustment) of every benefit: a benefit falls short by its risk."""
        letter = get_column_letter(self.benefit_risk)
        return f"(1-{self.benefits}!${letter}$2:${letter}${self.last_benefit})"


@dataclass(frozen=True)
class DriverNames:
    """The defined names of the drivers: every input (``retention.churn_after`` -> ``drv_retention_churn_after``)
    and each driver's yearly benefit (``retention`` -> ``drv_retention_yearly``)."""

    inputs: dict[str, str]
    yearly: dict[str, str]


def driver_formulas(workbook: Any, case: Case, inputs: dict[str, str],
                    language: str = DEFAULT) -> tuple[DriverNames, Cells]:
    """Below the Drivers sheet's inputs: each driver's yearly benefit at full adoption, before risk, as a formula
    over the inputs' defined names (:data:`DRIVER_EXCEL`), named ``drv_<driver>_yearly``."""
    name = sheet_name("Drivers", language)
    ws = workbook[name]
    ws.append([])
    ws.append([word(language, "drivers.yearly"), "", "", ""])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    yearly, expected = {}, {}
    for driver in DRIVER_LABELS:
        fields = {f: inputs[f"{driver}.{f}"] for f in type(getattr(case.drivers, driver)).model_fields}
        ws.append([word(language, f"driver.{driver}"), word(language, "drivers.yearly_input"), None,
                   "=" + DRIVER_EXCEL[driver].format(**fields)])
        row = ws.max_row
        ws.cell(row=row, column=4).number_format = MONEY_FORMAT
        yearly[driver] = f"drv_{driver}_yearly"
        define_name(workbook, yearly[driver], name, f"D{row}")
        expected[f"D{row}"] = DRIVER_FORMULAS[driver](getattr(case.drivers, driver))
    return DriverNames(inputs, yearly), expected


# --------------------------------------------------------------------------- Monthly
@dataclass(frozen=True)
class MonthlyLayout:
    """The Monthly sheet: column letter by key (``month``, ``year``, ``factor``, a driver, ``net``, ``cum``...);
    month m on row m + 2, from row ``first`` to ``last``; ``sheet`` the sheet as a formula names it."""

    col: dict[str, str]
    first: int
    last: int
    sheet: str = "Monthly"

    def cell(self, key: str, month: int) -> str:
        return f"{self.col[key]}{month + 2}"

    def range(self, key: str) -> str:
        """The column of ``key`` over every month, as an absolute reference from another sheet."""
        return f"{self.sheet}!${self.col[key]}${self.first}:${self.col[key]}${self.last}"


@dataclass(frozen=True)
class _MonthlyValues:
    """The engine's monthly arrays that the Monthly sheet's formulas recompute."""

    projection: Projection
    dip: np.ndarray
    dip_share: np.ndarray
    driver_raw: dict[str, np.ndarray]
    costs: np.ndarray
    benefits: np.ndarray
    net: np.ndarray
    disc: np.ndarray

    @classmethod
    def of(cls, case: Case, projection: Projection) -> _MonthlyValues:
        months = projection.months
        driver_raw = {c.key.split(".", 1)[1]: projection.raw[i] for i, c in enumerate(projection.components)
                      if c.key.startswith("drivers.")}
        dip = next((projection.raw[i] for i, c in enumerate(projection.components) if c.key == "rollout.dip"),
                   np.zeros(months + 1))
        costs, benefits = projection.costs(True), projection.benefits(True)
        net = benefits - costs
        return cls(projection, dip, dip_share_curve(case.rollout, months), driver_raw, costs, benefits, net,
                   net * projection.factors)


MONTHLY_COLUMNS = ("month", "year", "time", "factor", "adoption", "dip_share", "dip_cost", "costs", "benefits", "net",
                   "cum", "disc", "cumdisc")
"""The Monthly sheet's columns but the drivers' (which come after ``dip_cost``), as their headers' keys
(``excel.monthly.<key>``)."""


def monthly_sheet(workbook: Any, case: Case, projection: Projection, items: ItemRanges,
                  drivers: DriverNames, language: str = DEFAULT) -> tuple[MonthlyLayout, Cells]:
    """The Monthly sheet: month by month adoption, dip, each driver's benefit, risk-adjusted costs and benefits,
    net, cumulative, discounted: all formulas."""
    name = sheet_name("Monthly", language)
    ws = workbook.create_sheet(name)
    keys = list(DRIVER_LABELS)
    columns = [*MONTHLY_COLUMNS[:7], *keys, *MONTHLY_COLUMNS[7:]]
    head = [word(language, "monthly.driver", driver=word(language, f"driver.{c}")) if c in DRIVER_LABELS else
            word(language, f"monthly.{c}") for c in columns]
    ws.append(head)
    style_header(ws)
    layout = MonthlyLayout({c: get_column_letter(i + 1) for i, c in enumerate(columns)}, 2, projection.months + 2,
                           sheet_ref(name))
    values = _MonthlyValues.of(case, projection)
    expected: Cells = {}
    for m in range(projection.months + 1):
        ws[layout.cell("month", m)] = m
        for key, (formula, value) in _month_row(m, layout, items, drivers, values).items():
            ws[layout.cell(key, m)] = formula
            expected[layout.cell(key, m)] = value
    for key in ("dip_cost", *keys, "costs", "benefits", "net", "cum", "disc", "cumdisc"):
        for r in range(layout.first, layout.last + 1):
            ws[f"{layout.col[key]}{r}"].number_format = MONEY_FORMAT
    for key in ("adoption", "dip_share"):
        for r in range(layout.first, layout.last + 1):
            ws[f"{layout.col[key]}{r}"].number_format = PERCENT_FORMAT
    for r in range(layout.first, layout.last + 1):
        ws[f"{layout.col['factor']}{r}"].number_format = FACTOR_FORMAT
    for i in range(1, len(head) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 15
    ws.freeze_panes = "B2"
    return layout, expected


def _month_row(m: int, layout: MonthlyLayout, items: ItemRanges, drivers: DriverNames,
               values: _MonthlyValues) -> dict[str, tuple[str, float]]:
    """Month ``m``'s row of the Monthly sheet: key -> (formula, the engine's value)."""
    r = {key: layout.cell(key, m) for key in layout.col}
    projection = values.projection
    formulas = {
        "year": (f"=IF({r['month']}=0,0,ROUNDUP({r['month']}/12,0))", float(np.ceil(m / 12))),
        "time": (f'=IF(Timing="end_of_year",{r["year"]},IF(Timing="mid_year",IF({r["month"]}=0,0,{r["year"]}-0.5),'
                 f'{r["month"]}/12))', float(projection.times_years[m])),
        "factor": (f"=(1+DiscountRate)^(-{r['time']})", float(projection.factors[m])),
        "adoption": (f"=IF({r['month']}-ro_months_to_go_live<1,0,IF(ro_ramp_months=0,1,"
                     f"MIN(1,({r['month']}-ro_months_to_go_live)/ro_ramp_months)))*ro_peak_adoption",
                     float(projection.adoption[m])),
        "dip_share": (f"=IF(AND({r['month']}-ro_months_to_go_live>=1,{r['month']}-ro_months_to_go_live<=ro_dip_months),"
                      f"ro_dip_depth*(ro_dip_months-({r['month']}-ro_months_to_go_live)+1)/ro_dip_months,0)",
                      float(values.dip_share[m])),
        "dip_cost": (f"=ro_dip_affected_staff*ro_dip_monthly_output_per_person*{r['dip_share']}",
                     float(values.dip[m])),
    }
    for d in DRIVER_LABELS:
        formulas[d] = (f"=IF({drivers.inputs[f'{d}.enabled']},{drivers.yearly[d]}/12*{r['adoption']},0)",
                       float(values.driver_raw[d][m]) if d in values.driver_raw else 0.0)
    if m == 0:
        items_cost = f"SUMPRODUCT({items.costs}!$C$2:$C${items.last_cost},{items.cost_risk_range})"
        items_benefit = f"SUMPRODUCT({items.benefits}!$C$2:$C${items.last_benefit},{items.benefit_risk_range})"
    else:
        items_cost = f"SUMPRODUCT(INDEX({items.cost_years},0,{r['year']}),{items.cost_risk_range})/12"
        items_benefit = f"SUMPRODUCT(INDEX({items.benefit_years},0,{r['year']}),{items.benefit_risk_range})/12"
    driver_terms = "+".join(f"{r[d]}*(1-{drivers.inputs[f'{d}.risk_adjustment']})" for d in DRIVER_LABELS)
    net, disc = values.net, values.disc
    row = m + 2
    formulas["costs"] = (f"={items_cost}+{r['dip_cost']}", float(values.costs[m]))
    formulas["benefits"] = (f"={items_benefit}+{driver_terms}", float(values.benefits[m]))
    formulas["net"] = (f"={r['benefits']}-{r['costs']}", float(net[m]))
    formulas["cum"] = (f"={r['net']}" if m == 0 else f"={layout.col['cum']}{row - 1}+{r['net']}",
                       float(net[: m + 1].sum()))
    formulas["disc"] = (f"={r['net']}*{r['factor']}", float(disc[m]))
    formulas["cumdisc"] = (f"={r['disc']}" if m == 0 else f"={layout.col['cumdisc']}{row - 1}+{r['disc']}",
                           float(disc[: m + 1].sum()))
    return formulas


# --------------------------------------------------------------------------- Cash flow
def _excel_number(value: float) -> str:
    """A float as a formula literal that Excel and LibreOffice read back to the same double."""
    return repr(float(value)).upper()


def irr_formula(irr_value: float | None, net_range: str, grid_range: str, monthly_net: str,
                language: str = DEFAULT) -> str:
    """The Cash flow sheet's IRR cell: IRR() on the grid of the case's timing, annualised, with the app's
    rate as its guess.

    Excel: ``=IFERROR(IF(Timing="end_of_year", IRR(yearly net, g), IF(Timing="mid_year",
    (1+IRR(half-yearly grid, g6))^2-1, (1+IRR(monthly net, g1))^12-1)), "n/a")`` with the guess ``g`` the
    app's annual IRR ``irr_value`` converted to the grid's period: ``g6 = (1+g)^(1/2)-1``,
    ``g1 = (1+g)^(1/12)-1``. Excel's and LibreOffice's IRR iterate from the guess (10 % by default) to the
    nearest rate they reach; when the net flows change sign more than once several rates can make NPV zero
    (:func:`crm_case.finance.irr_roots`) and from 10 % they may reach another one than the app, so the guess
    is always the app's rate (harmless when there is one rate: the iteration starts on it). Without an app
    rate (``irr_value`` None) the spreadsheets' default guesses are kept (10 %, and 1 % a month). "n/a" is
    written in ``language``.
    """
    if irr_value is None:
        yearly, half, monthly = "", "", ",0.01"
    else:
        yearly = "," + _excel_number(irr_value)
        half = "," + _excel_number((1.0 + irr_value) ** (1.0 / 2.0) - 1.0)
        monthly = "," + _excel_number((1.0 + irr_value) ** (1.0 / 12.0) - 1.0)
    return (f'=IFERROR(IF(Timing="end_of_year",IRR({net_range}{yearly}),IF(Timing="mid_year",'
            f'(1+IRR({grid_range}{half}))^2-1,(1+IRR({monthly_net}{monthly}))^12-1)),{quoted(na(language))})')


def percent_text(rate: float, language: str = DEFAULT) -> str:
    """A fraction as a percentage with two decimals: 0.1234 -> ``12.34 %`` (``12,34%`` in Italian...)."""
    if language in (DEFAULT, PSEUDO):
        return f"{rate * 100:.2f} %"
    return percent(rate, language, 2)


def irr_cell_note(metrics: Any, language: str = DEFAULT) -> str | None:
    """The note beside the Cash flow sheet's IRR when the IRR is ambiguous (``metrics.irr_ambiguous``):
    the rates that make NPV zero, that the cell shows the app's rate, and to use MIRR; None otherwise."""
    if not metrics.irr_ambiguous:
        return None
    rates = [percent_text(rate, language) for rate in metrics.irr_roots.rates]
    listed = word(language, "list.and", items=", ".join(rates[:-1]), last=rates[-1])
    shown = na(language) if metrics.irr.value is None else percent_text(metrics.irr.value, language)
    return word(language, "cash_flow.irr_note", rates=listed, changes=metrics.irr_roots.sign_changes, shown=shown)


@dataclass
class _CashFlow:
    """The Cash flow sheet while it is written: the TEI table's columns (B = Initial, C.. = Year k, then Total and
    Present value), the row of each (section, group) and the engine's value of each formula cell."""

    ws: Any
    years: int
    monthly: MonthlyLayout
    items: ItemRanges
    language: str = DEFAULT
    avg_row: int = 2
    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    expected: Cells = field(default_factory=dict)

    @property
    def period_cols(self) -> list[str]:
        return [get_column_letter(2 + k) for k in range(self.years + 1)]

    @property
    def total_col(self) -> str:
        return get_column_letter(3 + self.years)

    @property
    def pv_col(self) -> str:
        return get_column_letter(4 + self.years)

    def item_sum(self, sheet: str, last_row: int, risk: str, group: str, period: int) -> str:
        """Risk-adjusted amounts of ``group``'s items (its name as the sheet writes it) in one period (0 = Initial)
        of the Costs or Benefits sheet (``sheet`` as a formula names it)."""
        column = get_column_letter(3 + period)
        return (f"SUMPRODUCT(({sheet}!$A$2:$A${last_row}={quoted(group)})*{sheet}!${column}$2:${column}${last_row}"
                f"*{risk})")

    def item_pv(self, sheet: str, last_row: int, risk: str, group: str) -> str:
        """Present value of ``group``'s risk-adjusted items: each period's amounts times the period's average
        discount factor (row :attr:`avg_row`)."""
        terms = "+".join(f"{sheet}!${get_column_letter(3 + k)}$2:${get_column_letter(3 + k)}${last_row}"
                         f"*${self.period_cols[k]}${self.avg_row}" for k in range(self.years + 1))
        return f"SUMPRODUCT(({sheet}!$A$2:$A${last_row}={quoted(group)})*{risk}*({terms}))"

    def monthly_sum(self, key: str, period: int) -> str:
        """The Monthly column ``key`` summed over the months of year ``period``."""
        return f"SUMIF({self.monthly.range('year')},{period},{self.monthly.range(key)})"

    def monthly_pv(self, key: str) -> str:
        """The Monthly column ``key`` discounted month by month."""
        return f"SUMPRODUCT({self.monthly.range(key)},{self.monthly.range('factor')})"

    def add_row(self, label: str, section: str, group: str, cells: list[str], pv: str, table: Any) -> None:
        """A row of the TEI table: its period formulas, Total and Present value, with the engine's values from
        ``table`` (:func:`crm_case.cashflow.tei_table` indexed by section and group)."""
        ws, period_cols = self.ws, self.period_cols
        ws.append([label, *cells, f"=SUM({period_cols[0]}{ws.max_row + 1}:{period_cols[-1]}{ws.max_row + 1})", pv])
        row = ws.max_row
        self.rows[(section, group)] = row
        values = table.loc[(section, group)]
        for k in range(self.years + 1):
            self.expected[f"{period_cols[k]}{row}"] = float(values["initial"] if k == 0 else values[f"year_{k}"])
        self.expected[f"{self.total_col}{row}"] = float(values["total"])
        self.expected[f"{self.pv_col}{row}"] = float(values["present_value"])
        for c in [*period_cols, self.total_col, self.pv_col]:
            ws[f"{c}{row}"].number_format = MONEY_FORMAT


def cash_flow_sheet(workbook: Any, case: Case, result: Evaluation, monthly: MonthlyLayout, items: ItemRanges,
                    drivers: DriverNames, language: str = DEFAULT) -> Cells:
    """The Cash flow sheet: the Forrester TEI table (costs and benefits by group and year, totals, present
    values), the mid-year IRR grid and the figures (NPV, ROI, IRR, MIRR, payback), all formulas, with a chart
    of the cumulative net."""
    projection = result.projection
    ws = workbook.create_sheet(sheet_name("Cash flow", language))
    sheet = _CashFlow(ws, projection.years, monthly, items, language)
    ws.append([word(language, "cash_flow.header", currency=case.assumptions.currency),
               word(language, "header.initial"),
               *[word(language, "header.year", n=k) for k in range(1, projection.years + 1)],
               word(language, "total"), word(language, "present_value")])
    style_header(ws)
    _average_factors(sheet, projection)
    _tei_rows(sheet, tei_table(projection).set_index(["section", "group"]), drivers)
    grid_range = _irr_grid(sheet, projection)
    _figures(sheet, result, grid_range)
    ws.column_dimensions["A"].width = 52
    for i in range(2, 5 + projection.years):
        ws.column_dimensions[get_column_letter(i)].width = 15
    ws.freeze_panes = "B2"
    chart = LineChart()
    chart.title = word(language, "cash_flow.chart")
    chart.y_axis.title = word(language, "cash_flow.chart.y", currency=case.assumptions.currency)
    chart.x_axis.title = word(language, "cash_flow.chart.x")
    chart.height, chart.width = 9, 22
    monthly_ws = workbook[sheet_name("Monthly", language)]
    column_index = openpyxl.utils.column_index_from_string(monthly.col["cum"])
    chart.add_data(Reference(monthly_ws, min_col=column_index, min_row=1, max_row=monthly.last), titles_from_data=True)
    chart.set_categories(Reference(monthly_ws, min_col=1, min_row=2, max_row=monthly.last))
    ws.add_chart(chart, f"A{ws.max_row + 3}")
    return sheet.expected


def _average_factors(sheet: _CashFlow, projection: Projection) -> None:
    """Row 2 (a helper, shown): the average discount factor of each year's months (month 0 alone for Initial)."""
    ws, months = sheet.ws, projection.months
    ws.append([word(sheet.language, "cash_flow.average_factor"),
               *[f"=SUMIF({sheet.monthly.range('year')},{k},{sheet.monthly.range('factor')})/{1 if k == 0 else 12}"
                 for k in range(sheet.years + 1)]])
    for k in range(sheet.years + 1):
        in_year = projection.factors[(np.ceil(np.arange(months + 1) / 12) == k)]
        sheet.expected[f"{sheet.period_cols[k]}{sheet.avg_row}"] = float(in_year.sum() / (1 if k == 0 else 12))
        ws[f"{sheet.period_cols[k]}{sheet.avg_row}"].number_format = FACTOR_FORMAT


def _tei_rows(sheet: _CashFlow, table: Any, drivers: DriverNames) -> None:
    """Costs by category (People with the productivity dip), benefits by area (with the drivers of the area,
    after their risk), their totals and the net benefits."""
    items, period_cols, pv_col, language = sheet.items, sheet.period_cols, sheet.pv_col, sheet.language
    for group in (c.value for c in CostCategory):
        name = word(language, f"category.{group}")
        cells = []
        for k in range(sheet.years + 1):
            formula = "=" + sheet.item_sum(items.costs, items.last_cost, items.cost_risk_range, name, k)
            if group == CostCategory.PEOPLE.value and k:
                formula += "+" + sheet.monthly_sum("dip_cost", k)
            cells.append(formula)
        pv = "=" + sheet.item_pv(items.costs, items.last_cost, items.cost_risk_range, name)
        if group == CostCategory.PEOPLE.value:
            pv += "+" + sheet.monthly_pv("dip_cost")
        sheet.add_row(word(language, "cash_flow.costs", group=name), "costs", group, cells, pv, table)
    first_cost = sheet.rows[("costs", "IT")]
    sheet.add_row(word(language, "cash_flow.total_costs"), "costs", "Total",
                  [f"=SUM({c}{first_cost}:{c}{first_cost + 2})" for c in period_cols],
                  f"=SUM({pv_col}{first_cost}:{pv_col}{first_cost + 2})", table)
    for group in (a.value for a in BenefitArea):
        name = word(language, f"area.{group}")
        area_drivers = [d for d in DRIVER_LABELS if DRIVER_AREAS[d].value == group]
        cells = []
        for k in range(sheet.years + 1):
            formula = "=" + sheet.item_sum(items.benefits, items.last_benefit, items.benefit_risk_range, name, k)
            for d in area_drivers:
                if k:
                    formula += f"+{sheet.monthly_sum(d, k)}*(1-{drivers.inputs[f'{d}.risk_adjustment']})"
            cells.append(formula)
        pv = "=" + sheet.item_pv(items.benefits, items.last_benefit, items.benefit_risk_range, name)
        for d in area_drivers:
            pv += f"+{sheet.monthly_pv(d)}*(1-{drivers.inputs[f'{d}.risk_adjustment']})"
        sheet.add_row(word(language, "cash_flow.benefits", group=name), "benefits", group, cells, pv, table)
    first_benefit = sheet.rows[("benefits", "Marketing")]
    sheet.add_row(word(language, "cash_flow.total_benefits"), "benefits", "Total",
                  [f"=SUM({c}{first_benefit}:{c}{first_benefit + 2})" for c in period_cols],
                  f"=SUM({pv_col}{first_benefit}:{pv_col}{first_benefit + 2})", table)
    tc, tb = sheet.rows[("costs", "Total")], sheet.rows[("benefits", "Total")]
    sheet.add_row(word(language, "cash_flow.net_benefits"), "net", "Total", [f"={c}{tb}-{c}{tc}" for c in period_cols],
                  f"={pv_col}{tb}-{pv_col}{tc}", table)
    for r in (tc, tb, sheet.rows[("net", "Total")]):
        for cell in sheet.ws[r]:
            cell.font = Font(bold=True)


def _irr_grid(sheet: _CashFlow, projection: Projection) -> str:
    """The Helpers block: the mid-year IRR grid [Initial, Y1, 0, Y2, 0, ..., YN] (a half-yearly series for
    IRR()); returns its range."""
    ws, net_row = sheet.ws, sheet.rows[("net", "Total")]
    ws.append([word(sheet.language, "cash_flow.helpers")])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    grid_row = ws.max_row + 1
    grid = [word(sheet.language, "cash_flow.grid"), f"={sheet.period_cols[0]}{net_row}"]
    for k in range(1, sheet.years + 1):
        grid.append(f"={sheet.period_cols[k]}{net_row}")
        if k < sheet.years:
            grid.append(0)
    ws.append(grid)
    net_years = to_years(projection.net(True))
    grid_values = [net_years[0]]
    for k in range(1, sheet.years + 1):
        grid_values.append(net_years[k])
        if k < sheet.years:
            grid_values.append(0.0)
    for i, value in enumerate(grid_values):
        letter = get_column_letter(2 + i)
        if isinstance(ws[f"{letter}{grid_row}"].value, str):
            sheet.expected[f"{letter}{grid_row}"] = float(value)
        ws[f"{letter}{grid_row}"].number_format = MONEY_FORMAT
    return f"$B${grid_row}:${get_column_letter(1 + len(grid_values))}${grid_row}"


def _last_negative(cumulative: str, flows: str, month_range: str) -> str:
    """The last month whose cumulative flow is below zero (beyond a tolerance relative to the largest flow),
    -1 when none: the helper of a payback."""
    tolerance = f"1E-9*MAX(1,SUMPRODUCT(MAX(ABS({flows}))))"
    return f"SUMPRODUCT(MAX(({cumulative}<-{tolerance})*({month_range}+1)))-1"


def _payback(helper: str, cumulative: str, flows: str, months: int, none: str = "n/a") -> str:
    """Payback in months from the last negative month ``helper``: 0 when never negative, ``none`` ("n/a" in the
    workbook's language) when still negative at the horizon, else that month plus the share of the next month's
    flow that closes the gap."""
    return (f"=IF({helper}<0,0,IF({helper}>={months},{quoted(none)},{helper}+(-INDEX({cumulative},{helper}+1))"
            f"/INDEX({flows},{helper}+2)))")


def _figures(sheet: _CashFlow, result: Evaluation, grid_range: str) -> None:
    """The Figures block (risk-adjusted): PV of costs and benefits, NPV, ROI, IRR (with a note when ambiguous),
    MIRR, payback and discounted payback with their helpers."""
    ws, monthly, m, language = sheet.ws, sheet.monthly, result.adjusted, sheet.language
    months = result.projection.months
    none = na(language)
    tc, tb, net_row = sheet.rows[("costs", "Total")], sheet.rows[("benefits", "Total")], sheet.rows[("net", "Total")]
    net_range = f"${sheet.period_cols[0]}${net_row}:${sheet.period_cols[-1]}${net_row}"
    monthly_net, cum, cumdisc = monthly.range("net"), monthly.range("cum"), monthly.range("cumdisc")
    disc_range, month_range = monthly.range("disc"), monthly.range("month")
    ws.append([word(language, "cash_flow.figures")])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
    first = ws.max_row + 1
    pv_col = sheet.pv_col
    net = result.projection.benefits(True) - result.projection.costs(True)
    helpers = (float(last_negative_months(net)[0]), float(last_negative_months(net * result.projection.factors)[0]))
    figures = [  # (key of the label, formula, the engine's value, number format)
        ("pv_costs", f"={pv_col}{tc}", m.pv_costs, MONEY_FORMAT),
        ("pv_benefits", f"={pv_col}{tb}", m.pv_benefits, MONEY_FORMAT),
        ("npv", f"=B{first + 1}-B{first}", m.npv, MONEY_FORMAT),
        ("roi", f"=IF(B{first}>0,B{first + 2}/B{first},{quoted(none)})", m.roi.value, PERCENT_FORMAT),
        ("irr", irr_formula(m.irr.value, net_range, grid_range, monthly_net, language), m.irr.value, PERCENT_FORMAT),
        ("mirr", f"=IFERROR(MIRR({net_range},DiscountRate,DiscountRate),{quoted(none)})", m.mirr.value,
         PERCENT_FORMAT),
        ("last_negative", "=" + _last_negative(cum, monthly_net, month_range), helpers[0], "0"),
        ("payback", _payback(f"B{first + 6}", cum, monthly_net, months, none), m.payback_months.value, "0.0"),
        ("last_negative_discounted", "=" + _last_negative(cumdisc, disc_range, month_range), helpers[1], "0"),
        ("discounted_payback", _payback(f"B{first + 8}", cumdisc, disc_range, months, none),
         m.discounted_payback_months.value, "0.0"),
    ]
    for key, formula, value, fmt in figures:
        ws.append([word(language, f"cash_flow.figure.{key}"), formula])
        row = ws.max_row
        ws[f"B{row}"].number_format = fmt
        ws[f"A{row}"].font = Font(bold=True)
        sheet.expected[f"B{row}"] = none if value is None else float(value)
        if key == "irr" and (note := irr_cell_note(m, language)):
            ws[f"C{row}"] = note
            ws[f"C{row}"].font = Font(italic=True)
