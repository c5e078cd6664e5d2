"""Excel out: the whole case as a live-formula workbook (pure, returns bytes).

Sheets: ``Assumptions``, ``Costs`` and ``Benefits`` (the inputs, in the template's layout, so the file
imports back), ``Drivers`` and ``Rollout`` (inputs with defined names and the drivers' yearly formulas),
``Monthly`` (month-by-month adoption, dip, costs, benefits, net, discounting - all formulas),
``Cash flow`` (the Forrester TEI table and the figures - NPV, ROI, IRR, MIRR, payback - as formulas, with a
chart; IRR() starts from the app's rate, and a note beside it says when several rates make NPV zero), and
``Values`` (a snapshot of the engine's figures at export time). Change a cost in Excel and the NPV follows.

:func:`export_with_expected` also returns, for every formula cell, the value the engine computes for
it, so a test can recalculate the file in LibreOffice and compare.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import openpyxl
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from crm_case.cashflow import tei_table, to_years
from crm_case.drivers import DRIVER_FORMULAS
from crm_case.evaluate import evaluate
from crm_case.finance import last_negative_months
from crm_case.delay import COMPONENTS, analyse_delay
from crm_case.excel import HEADER_FILL, INPUT_FILL, MONEY_FORMAT, PERCENT_FORMAT, safe_text, style_header, write_assumptions, write_items
from crm_case.model import DRIVER_AREAS, DRIVER_LABELS, BenefitArea, Case, CostCategory
from crm_case.rollout import dip_share_curve
from crm_case.customers import clv_table
from crm_case.goals import scorecard, yearly_benefit
from crm_case.risk import scenarios, tornado
from crm_case.scoring import readiness, score
from crm_case.vendors import compare_vendors

Expected = dict[str, dict[str, Any]]

# Excel text of each driver's yearly formula, over defined names drv_<driver>_<field>.
_DRIVER_EXCEL = {
    "retention": "{customers}*({churn_before}-{churn_after})*{annual_margin_per_customer}",
    "sales_productivity": "{reps}*{hours_saved_per_week}*{working_weeks}*{loaded_hourly_cost}*{selling_time_share}",
    "win_rate": "{opportunities}*{margin}*({win_rate_after}*{average_deal}*(1+{deal_size_uplift})"
                "-{win_rate_before}*{average_deal})",
    "service_cost": "({contacts}*{self_service_deflection}+{contacts}*(1-{self_service_deflection})*{fcr_uplift})"
                    "*{cost_per_contact}",
    "marketing_efficiency": "{campaign_spend}*{waste_removed}",
    "acquisition_cost": "{new_customers}*{cac_before}*{cac_reduction}",
}
_FRACTIONS = {"churn_before", "churn_after", "selling_time_share", "win_rate_before", "win_rate_after",
              "deal_size_uplift", "margin", "self_service_deflection", "fcr_uplift", "waste_removed", "cac_reduction",
              "risk_adjustment", "peak_adoption", "dip_depth", "low", "high", "support_share", "expected_adoption",
              "implementation_risk", "retention", "top_share",
              # cost of delay rates
              "new_product_shortfall", "campaign_waste_share", "waste_growth_per_month", "attrition_rate",
              "churn_uplift", "price_increase_per_year"}


def _excel_number(value: float) -> str:
    """A float as a formula literal that Excel and LibreOffice read back to the same double."""
    return repr(float(value)).upper()


def irr_formula(irr_value: float | None, net_range: str, grid_range: str, monthly_net: str) -> str:
    """The Cash flow sheet's IRR cell: IRR() on the grid of the case's timing, annualised, with the app's
    rate as its guess.

    Excel: ``=IFERROR(IF(Timing="end_of_year", IRR(yearly net, g), IF(Timing="mid_year",
    (1+IRR(half-yearly grid, g6))^2-1, (1+IRR(monthly net, g1))^12-1)), "n/a")`` with the guess ``g`` the
    app's annual IRR ``irr_value`` converted to the grid's period: ``g6 = (1+g)^(1/2)-1``,
    ``g1 = (1+g)^(1/12)-1``. Excel's and LibreOffice's IRR iterate from the guess (10 % by default) to the
    nearest rate they reach; when the net flows change sign more than once several rates can make NPV zero
    (:func:`crm_case.finance.irr_roots`) and from 10 % they may reach another one than the app, so the guess
    is always the app's rate (harmless when there is one rate: the iteration starts on it). Without an app
    rate (``irr_value`` None) the spreadsheets' default guesses are kept (10 %, and 1 % a month).
    """
    if irr_value is None:
        yearly, half, monthly = "", "", ",0.01"
    else:
        yearly = "," + _excel_number(irr_value)
        half = "," + _excel_number((1.0 + irr_value) ** (1.0 / 2.0) - 1.0)
        monthly = "," + _excel_number((1.0 + irr_value) ** (1.0 / 12.0) - 1.0)
    return (f'=IFERROR(IF(Timing="end_of_year",IRR({net_range}{yearly}),IF(Timing="mid_year",'
            f'(1+IRR({grid_range}{half}))^2-1,(1+IRR({monthly_net}{monthly}))^12-1)),"n/a")')


def _percent(rate: float) -> str:
    return f"{rate * 100:.2f} %"


def irr_cell_note(metrics: Any) -> str | None:
    """The note beside the Cash flow sheet's IRR when the IRR is ambiguous (``metrics.irr_ambiguous``):
    the rates that make NPV zero, that the cell shows the app's rate, and to use MIRR; None otherwise."""
    if not metrics.irr_ambiguous:
        return None
    rates = [_percent(rate) for rate in metrics.irr_roots.rates]
    listed = ", ".join(rates[:-1]) + " and " + rates[-1]
    return (f"IRR is ambiguous: two or more rates make the NPV zero: {listed} (the net cash flow changes sign "
            f"{metrics.irr_roots.sign_changes} times). This cell shows the app's root, "
            f"{'n/a' if metrics.irr.value is None else _percent(metrics.irr.value)} (the one closest to zero; IRR() "
            "starts from it as its guess). Use MIRR (next row) instead.")


def _name(workbook: Any, name: str, sheet: str, ref: str) -> None:
    col, row = "".join(c for c in ref if c.isalpha()), "".join(c for c in ref if c.isdigit())
    workbook.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${col}${row}")


def _key_value_sheet(workbook: Any, title: str, rows: list[tuple[str, str, str, Any]], prefix: str) -> dict[str, str]:
    """Rows (label, input label, key, value) with a defined name ``prefix + key`` on each value; returns
    key -> defined name."""
    ws = workbook.create_sheet(title)
    ws.append(["Section", "Input", "Key", "Value"])
    style_header(ws)
    names = {}
    for row, (label, field_label, key, value) in enumerate(rows, start=2):  # counted: max_row scans every cell
        ws.append([label, field_label, key, value])
        cell = ws.cell(row=row, column=4)
        if isinstance(value, str):
            safe_text(cell, value)
        cell.fill = INPUT_FILL
        last = key.rsplit(".", 1)[-1]
        cell.number_format = PERCENT_FORMAT if last in _FRACTIONS else "General"
        name = prefix + key.replace(".", "_")
        _name(workbook, name, title, f"D{row}")
        names[key] = name
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["D"].width = 16
    ws.freeze_panes = "A2"
    return names


def export_with_expected(case: Case) -> tuple[bytes, Expected]:
    """The case as a live-formula .xlsx, and {sheet: {cell: engine value}} for every formula cell."""
    result = evaluate(case)
    projection = result.projection
    years, months = projection.years, projection.months
    expected: Expected = {}
    wb = openpyxl.Workbook()
    ws_a = wb.active
    ws_a.title = "Assumptions"
    refs = write_assumptions(ws_a, case)
    for key, name in (("name", "CaseName"), ("currency", "CaseCurrency"), ("discount_rate", "DiscountRate"),
                      ("horizon_years", "HorizonYears"), ("start_date", "StartDate"), ("timing", "Timing")):
        _name(wb, name, "Assumptions", refs[key])
    last_cost, cost_risk = write_items(wb.create_sheet("Costs"), "Costs", case)
    last_benefit, benefit_risk = write_items(wb.create_sheet("Benefits"), "Benefits", case)

    # ---- drivers and rollout
    driver_rows = []
    for driver, label in DRIVER_LABELS.items():
        model = getattr(case.drivers, driver)
        for field_name, value in model.model_dump().items():
            driver_rows.append((label, field_name.replace("_", " "), f"{driver}.{field_name}", value))
    names = _key_value_sheet(wb, "Drivers", driver_rows, "drv_")
    ws_d = wb["Drivers"]
    ws_d.append([])
    ws_d.append(["Yearly benefit at full adoption, before risk", "", "", ""])
    ws_d.cell(row=ws_d.max_row, column=1).font = Font(bold=True)
    yearly_names = {}
    expected["Drivers"] = {}
    for driver, label in DRIVER_LABELS.items():
        fields = {f: names[f"{driver}.{f}"] for f in type(getattr(case.drivers, driver)).model_fields}
        ws_d.append([label, "yearly benefit (formula)", None, "=" + _DRIVER_EXCEL[driver].format(**fields)])
        row = ws_d.max_row
        ws_d.cell(row=row, column=4).number_format = MONEY_FORMAT
        yearly_names[driver] = f"drv_{driver}_yearly"
        _name(wb, yearly_names[driver], "Drivers", f"D{row}")
        expected["Drivers"][f"D{row}"] = DRIVER_FORMULAS[driver](getattr(case.drivers, driver))
    rollout_rows = [("Rollout", k.replace("_", " "), k, v.value if hasattr(v, "value") else v)
                    for k, v in case.rollout.model_dump().items()]
    _key_value_sheet(wb, "Rollout", rollout_rows, "ro_")

    # ---- monthly
    ws_m = wb.create_sheet("Monthly")
    drivers = list(DRIVER_LABELS)
    head = ["Month", "Year", "Discount time (years)", "Discount factor", "Adoption", "Dip share", "Dip cost"]
    head += [f"{DRIVER_LABELS[d]} (before risk)" for d in drivers]
    head += ["Costs (risk-adjusted)", "Benefits (risk-adjusted)", "Net", "Cumulative net", "Discounted net",
             "Cumulative discounted net"]
    ws_m.append(head)
    style_header(ws_m)
    col = {name: get_column_letter(i + 1) for i, name in enumerate(
        ["month", "year", "time", "factor", "adoption", "dip_share", "dip_cost", *drivers,
         "costs", "benefits", "net", "cum", "disc", "cumdisc"])}
    first, last = 2, months + 2
    cy = get_column_letter(cost_risk)
    by = get_column_letter(benefit_risk)
    cost_years = f"Costs!$D$2:${get_column_letter(cost_risk - 1)}${last_cost}" if years else None
    benefit_years = f"Benefits!$D$2:${get_column_letter(benefit_risk - 1)}${last_benefit}"
    cost_risk_range = f"(1+Costs!${cy}$2:${cy}${last_cost})"
    benefit_risk_range = f"(1-Benefits!${by}$2:${by}${last_benefit})"
    driver_raw = {c.key.split(".", 1)[1]: projection.raw[i] for i, c in enumerate(projection.components)
                  if c.key.startswith("drivers.")}
    dip = next((projection.raw[i] for i, c in enumerate(projection.components) if c.key == "rollout.dip"),
               np.zeros(months + 1))
    dip_share = dip_share_curve(case.rollout, months)
    costs_adj, benefits_adj = projection.costs(True), projection.benefits(True)
    net = benefits_adj - costs_adj
    disc = net * projection.factors
    e_m: dict[str, Any] = {}
    for m in range(months + 1):
        r = m + 2
        R = lambda c: f"{col[c]}{r}"  # noqa: E731
        ws_m[R("month")] = m
        formulas = {
            "year": (f"=IF({R('month')}=0,0,ROUNDUP({R('month')}/12,0))", float(np.ceil(m / 12))),
            "time": (f'=IF(Timing="end_of_year",{R("year")},IF(Timing="mid_year",IF({R("month")}=0,0,{R("year")}-0.5),'
                     f'{R("month")}/12))', float(projection.times_years[m])),
            "factor": (f"=(1+DiscountRate)^(-{R('time')})", float(projection.factors[m])),
            "adoption": (f"=IF({R('month')}-ro_months_to_go_live<1,0,IF(ro_ramp_months=0,1,"
                         f"MIN(1,({R('month')}-ro_months_to_go_live)/ro_ramp_months)))*ro_peak_adoption",
                         float(projection.adoption[m])),
            "dip_share": (f"=IF(AND({R('month')}-ro_months_to_go_live>=1,{R('month')}-ro_months_to_go_live<=ro_dip_months),"
                          f"ro_dip_depth*(ro_dip_months-({R('month')}-ro_months_to_go_live)+1)/ro_dip_months,0)",
                          float(dip_share[m])),
            "dip_cost": (f"=ro_dip_affected_staff*ro_dip_monthly_output_per_person*{R('dip_share')}", float(dip[m])),
        }
        for d in drivers:
            formulas[d] = (f"=IF({names[f'{d}.enabled']},{yearly_names[d]}/12*{R('adoption')},0)",
                           float(driver_raw[d][m]) if d in driver_raw else 0.0)
        if m == 0:
            items_cost = f"SUMPRODUCT(Costs!$C$2:$C${last_cost},{cost_risk_range})"
            items_benefit = f"SUMPRODUCT(Benefits!$C$2:$C${last_benefit},{benefit_risk_range})"
        else:
            items_cost = f"SUMPRODUCT(INDEX({cost_years},0,{R('year')}),{cost_risk_range})/12"
            items_benefit = f"SUMPRODUCT(INDEX({benefit_years},0,{R('year')}),{benefit_risk_range})/12"
        driver_terms = "+".join(f"{R(d)}*(1-{names[f'{d}.risk_adjustment']})" for d in drivers)
        formulas["costs"] = (f"={items_cost}+{R('dip_cost')}", float(costs_adj[m]))
        formulas["benefits"] = (f"={items_benefit}+{driver_terms}", float(benefits_adj[m]))
        formulas["net"] = (f"={R('benefits')}-{R('costs')}", float(net[m]))
        formulas["cum"] = (f"={R('net')}" if m == 0 else f"={col['cum']}{r - 1}+{R('net')}", float(net[: m + 1].sum()))
        formulas["disc"] = (f"={R('net')}*{R('factor')}", float(disc[m]))
        formulas["cumdisc"] = (f"={R('disc')}" if m == 0 else f"={col['cumdisc']}{r - 1}+{R('disc')}",
                               float(disc[: m + 1].sum()))
        for key, (formula, value) in formulas.items():
            ws_m[R(key)] = formula
            e_m[R(key)] = value
    expected["Monthly"] = e_m
    for key in ("dip_cost", *drivers, "costs", "benefits", "net", "cum", "disc", "cumdisc"):
        for r in range(first, last + 1):
            ws_m[f"{col[key]}{r}"].number_format = MONEY_FORMAT
    for key in ("adoption", "dip_share"):
        for r in range(first, last + 1):
            ws_m[f"{col[key]}{r}"].number_format = PERCENT_FORMAT
    for r in range(first, last + 1):
        ws_m[f"{col['factor']}{r}"].number_format = "0.000000"
    for i in range(1, len(head) + 1):
        ws_m.column_dimensions[get_column_letter(i)].width = 15
    ws_m.freeze_panes = "B2"

    # ---- cash flow (TEI)
    ws = wb.create_sheet("Cash flow")
    period_cols = [get_column_letter(2 + k) for k in range(years + 1)]  # B = Initial, C.. = Year k
    total_col, pv_col = get_column_letter(3 + years), get_column_letter(4 + years)
    ws.append(["Risk-adjusted, " + case.assumptions.currency, "Initial", *[f"Year {k}" for k in range(1, years + 1)],
               "Total", "Present value"])
    style_header(ws)
    table = tei_table(projection).set_index(["section", "group"])
    month_years = f"Monthly!${col['year']}${first}:${col['year']}${last}"
    factors = f"Monthly!${col['factor']}${first}:${col['factor']}${last}"
    # average discount factor of each year's months: row 2 (helper, shown)
    ws.append(["Average discount factor of the year's months",
               *[f"=SUMIF({month_years},{k},{factors})/{1 if k == 0 else 12}" for k in range(years + 1)]])
    avg_row = 2
    e_cf: dict[str, Any] = {}
    for k in range(years + 1):
        in_year = projection.factors[(np.ceil(np.arange(months + 1) / 12) == k)]
        e_cf[f"{period_cols[k]}{avg_row}"] = float(in_year.sum() / (1 if k == 0 else 12))
        ws[f"{period_cols[k]}{avg_row}"].number_format = "0.000000"
    rows: dict[tuple[str, str], int] = {}

    def item_sum(sheet: str, last_row: int, risk: str, group: str, period: int) -> str:
        column = get_column_letter(3 + period)
        return (f'SUMPRODUCT(({sheet}!$A$2:$A${last_row}="{group}")*{sheet}!${column}$2:${column}${last_row}*{risk})')

    def item_pv(sheet: str, last_row: int, risk: str, group: str) -> str:
        terms = "+".join(f"{sheet}!${get_column_letter(3 + k)}$2:${get_column_letter(3 + k)}${last_row}"
                         f"*${period_cols[k]}${avg_row}" for k in range(years + 1))
        return f'SUMPRODUCT(({sheet}!$A$2:$A${last_row}="{group}")*{risk}*({terms}))'

    def monthly_sum(column: str, period: int) -> str:
        return f"SUMIF({month_years},{period},Monthly!${column}${first}:${column}${last})"

    def monthly_pv(column: str) -> str:
        return f"SUMPRODUCT(Monthly!${column}${first}:${column}${last},{factors})"

    def add_row(label: str, section: str, group: str, cells: list[str], pv: str) -> None:
        ws.append([label, *cells, f"=SUM({period_cols[0]}{ws.max_row + 1}:{period_cols[-1]}{ws.max_row + 1})", pv])
        row = ws.max_row
        rows[(section, group)] = row
        values = table.loc[(section, group)]
        for k in range(years + 1):
            e_cf[f"{period_cols[k]}{row}"] = float(values["initial"] if k == 0 else values[f"year_{k}"])
        e_cf[f"{total_col}{row}"] = float(values["total"])
        e_cf[f"{pv_col}{row}"] = float(values["present_value"])
        for c in [*period_cols, total_col, pv_col]:
            ws[f"{c}{row}"].number_format = MONEY_FORMAT

    for group in (c.value for c in CostCategory):
        cells = []
        for k in range(years + 1):
            formula = "=" + item_sum("Costs", last_cost, cost_risk_range, group, k)
            if group == CostCategory.PEOPLE.value and k:
                formula += "+" + monthly_sum(col["dip_cost"], k)
            cells.append(formula)
        pv = "=" + item_pv("Costs", last_cost, cost_risk_range, group)
        if group == CostCategory.PEOPLE.value:
            pv += "+" + monthly_pv(col["dip_cost"])
        add_row(f"Costs: {group}", "costs", group, cells, pv)
    first_cost = rows[("costs", "IT")]
    add_row("Total costs", "costs", "Total",
            [f"=SUM({c}{first_cost}:{c}{first_cost + 2})" for c in period_cols],
            f"=SUM({pv_col}{first_cost}:{pv_col}{first_cost + 2})")
    for group in (a.value for a in BenefitArea):
        area_drivers = [d for d in drivers if DRIVER_AREAS[d].value == group]
        cells = []
        for k in range(years + 1):
            formula = "=" + item_sum("Benefits", last_benefit, benefit_risk_range, group, k)
            for d in area_drivers:
                if k:
                    formula += f"+{monthly_sum(col[d], k)}*(1-{names[f'{d}.risk_adjustment']})"
            cells.append(formula)
        pv = "=" + item_pv("Benefits", last_benefit, benefit_risk_range, group)
        for d in area_drivers:
            pv += f"+{monthly_pv(col[d])}*(1-{names[f'{d}.risk_adjustment']})"
        add_row(f"Benefits: {group}", "benefits", group, cells, pv)
    first_benefit = rows[("benefits", "Marketing")]
    add_row("Total benefits", "benefits", "Total",
            [f"=SUM({c}{first_benefit}:{c}{first_benefit + 2})" for c in period_cols],
            f"=SUM({pv_col}{first_benefit}:{pv_col}{first_benefit + 2})")
    tc, tb = rows[("costs", "Total")], rows[("benefits", "Total")]
    add_row("Net benefits", "net", "Total", [f"={c}{tb}-{c}{tc}" for c in period_cols], f"={pv_col}{tb}-{pv_col}{tc}")
    net_row = rows[("net", "Total")]
    for r in (tc, tb, net_row):
        for cell in ws[r]:
            cell.font = Font(bold=True)

    # mid-year IRR grid: [Initial, Y1, 0, Y2, 0, ..., YN]
    ws.append(["Helpers"])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    grid_row = ws.max_row + 1
    grid = ["Mid-year grid (for IRR)", f"={period_cols[0]}{net_row}"]
    for k in range(1, years + 1):
        grid.append(f"={period_cols[k]}{net_row}")
        if k < years:
            grid.append(0)
    ws.append(grid)
    yearly_net = projection.net(True)
    net_years = to_years(yearly_net)
    grid_values = [net_years[0]]
    for k in range(1, years + 1):
        grid_values.append(net_years[k])
        if k < years:
            grid_values.append(0.0)
    for i, value in enumerate(grid_values):
        letter = get_column_letter(2 + i)
        if isinstance(ws[f"{letter}{grid_row}"].value, str):
            e_cf[f"{letter}{grid_row}"] = float(value)
        ws[f"{letter}{grid_row}"].number_format = MONEY_FORMAT
    grid_range = f"$B${grid_row}:${get_column_letter(1 + len(grid_values))}${grid_row}"

    m = result.adjusted
    net_range = f"${period_cols[0]}${net_row}:${period_cols[-1]}${net_row}"
    monthly_net = f"Monthly!${col['net']}${first}:${col['net']}${last}"
    cum = f"Monthly!${col['cum']}${first}:${col['cum']}${last}"
    cumdisc = f"Monthly!${col['cumdisc']}${first}:${col['cumdisc']}${last}"
    disc_range = f"Monthly!${col['disc']}${first}:${col['disc']}${last}"
    month_range = f"Monthly!${col['month']}${first}:${col['month']}${last}"
    ws.append(["Figures (risk-adjusted)"])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=12)
    figures_row = ws.max_row + 1

    def last_negative(cumulative: str, flows: str) -> str:
        tolerance = f"1E-9*MAX(1,SUMPRODUCT(MAX(ABS({flows}))))"
        return f"SUMPRODUCT(MAX(({cumulative}<-{tolerance})*({month_range}+1)))-1"

    def payback(helper: str, cumulative: str, flows: str) -> str:
        return (f'=IF({helper}<0,0,IF({helper}>={months},"n/a",{helper}+(-INDEX({cumulative},{helper}+1))'
                f"/INDEX({flows},{helper}+2)))")

    irr_value = m.irr.value
    figures = [
        ("PV of costs", f"={pv_col}{tc}", m.pv_costs, MONEY_FORMAT),
        ("PV of benefits", f"={pv_col}{tb}", m.pv_benefits, MONEY_FORMAT),
        ("NPV", f"=B{figures_row + 1}-B{figures_row}", m.npv, MONEY_FORMAT),
        ("ROI (TEI: (PV benefits - PV costs) / PV costs)", f'=IF(B{figures_row}>0,B{figures_row + 2}/B{figures_row},"n/a")',
         m.roi.value, PERCENT_FORMAT),
        ("IRR", irr_formula(irr_value, net_range, grid_range, monthly_net), irr_value, PERCENT_FORMAT),
        ("MIRR (financed and reinvested at the discount rate)",
         f'=IFERROR(MIRR({net_range},DiscountRate,DiscountRate),"n/a")', m.mirr.value, PERCENT_FORMAT),
        ("Last month with negative cumulative net (helper)", "=" + last_negative(cum, monthly_net), None, "0"),
        ("Payback (months)", payback(f"B{figures_row + 6}", cum, monthly_net), m.payback_months.value, "0.0"),
        ("Last month with negative cumulative discounted net (helper)", "=" + last_negative(cumdisc, disc_range), None,
         "0"),
        ("Discounted payback (months)", payback(f"B{figures_row + 8}", cumdisc, disc_range),
         m.discounted_payback_months.value, "0.0"),
    ]
    helpers = (float(last_negative_months(net)[0]), float(last_negative_months(disc)[0]))
    for i, (label, formula, value, fmt) in enumerate(figures):
        ws.append([label, formula])
        row = ws.max_row
        ws[f"B{row}"].number_format = fmt
        ws[f"A{row}"].font = Font(bold=True)
        if "helper" in label:
            value = helpers[0 if "discounted" not in label else 1]
        e_cf[f"B{row}"] = "n/a" if value is None else float(value)
        if label == "IRR" and (note := irr_cell_note(m)):
            ws[f"C{row}"] = note
            ws[f"C{row}"].font = Font(italic=True)
    expected["Cash flow"] = e_cf
    ws.column_dimensions["A"].width = 52
    for i in range(2, 5 + years):
        ws.column_dimensions[get_column_letter(i)].width = 15
    ws.freeze_panes = "B2"
    chart = LineChart()
    chart.title = "Cumulative net cash flow (risk-adjusted)"
    chart.y_axis.title = f"Cumulative net ({case.assumptions.currency})"
    chart.x_axis.title = "Months after the decision"
    chart.height, chart.width = 9, 22
    column_index = openpyxl.utils.column_index_from_string(col["cum"])
    chart.add_data(Reference(ws_m, min_col=column_index, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws_m, min_col=1, min_row=2, max_row=last))
    ws.add_chart(chart, f"A{ws.max_row + 3}")

    _values_sheet(wb, result, case)
    _delay_sheet(wb, case, projection)
    _scoring_sheet(wb, case)
    _risk_sheets(wb, case)
    _vendors_sheet(wb, case)
    _customers_sheet(wb, case)
    _goals_sheet(wb, case)
    order = ["Cash flow", "Assumptions", "Costs", "Benefits", "Drivers", "Rollout", "Monthly", "Cost of delay",
             "Scoring", "Scenarios", "Tornado", "Vendors", "Customer value", "Goals", "Values"]
    wb._sheets = [wb[name] for name in order]
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), expected


def _values_sheet(wb: Any, result: Any, case: Case) -> None:
    ws = wb.create_sheet("Values")
    ws.append(["Snapshot of the app's figures at export time (values, not formulas)", "", ""])
    ws["A1"].font = Font(bold=True)
    ws.append(["Figure", "Risk-adjusted", "Unadjusted", "Note"])
    style_header(ws, 2)
    a, u = result.adjusted.as_dict(), result.unadjusted.as_dict()

    def shown(value: Any) -> Any:
        if value is None:
            return "n/a"
        return "; ".join(_percent(v) for v in value) if isinstance(value, list) else value

    for key in a:
        if key == "currency":
            continue
        ws.append([key, shown(a[key]), shown(u[key])])
        if key == "irr":  # the engine's sentence when several rates make NPV zero, once if both views agree
            adjusted, unadjusted = result.adjusted.irr_note, result.unadjusted.irr_note
            if adjusted == unadjusted:
                note = adjusted
            else:
                note = " ".join(f"{view}: {text}" for view, text in (("Risk-adjusted", adjusted),
                                                                     ("Unadjusted", unadjusted)) if text) or None
            if note:
                ws.cell(row=ws.max_row, column=4, value=note).font = Font(italic=True)
    ws.append([])
    table = tei_table(result.projection)
    ws.append(["Section", "Group", *[c for c in table.columns if c not in {"section", "group"}]])
    style_header(ws, ws.max_row)
    for row in table.itertuples(index=False):
        ws.append(list(row))
    for row in ws.iter_rows(min_row=3):
        for cell in row[1:]:
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
    ws.column_dimensions["A"].width = 30
    for letter in "BCDEFGHIJKLMN":
        ws.column_dimensions[letter].width = 15


def _delay_sheet(wb: Any, case: Case, projection: Any) -> None:
    """Cost of delay: its inputs (Key | Value, so the file imports back) and, from column G, the cost of
    waiting 0..24 months by component (values computed by the engine at export time)."""
    rows = [("Cost of delay", k.replace("_", " "), k, v) for k, v in case.delay.model_dump().items()]
    _key_value_sheet(wb, "Cost of delay", rows, "cod_")
    ws = wb["Cost of delay"]
    table = analyse_delay(case, projection).table
    ws.cell(row=1, column=7, value="Months of delay")
    for j, name in enumerate(COMPONENTS, start=8):
        ws.cell(row=1, column=j, value=name.replace("_", " ").capitalize())
    ws.cell(row=1, column=8 + len(COMPONENTS), value="Total (present value)")
    for cell in ws[1][6:]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for i, record in enumerate(table.itertuples(index=False), start=2):
        ws.cell(row=i, column=7, value=int(record.delay_months))
        for j, name in enumerate([*COMPONENTS, "total"], start=8):
            cell = ws.cell(row=i, column=j, value=float(getattr(record, name)))
            cell.number_format = MONEY_FORMAT
    ws.cell(row=28, column=7, value="Values computed by the app at export time; the formulas are in its README.")
    for j in range(7, 9 + len(COMPONENTS)):
        ws.column_dimensions[get_column_letter(j)].width = 16


def scoring_rows(case: Case) -> list[tuple[str, str, str, Any]]:
    """Key | Value rows of the Scoring sheet: criteria, workshop votes (by criterion number) and readiness."""
    sc = case.scoring
    rows: list[tuple[str, str, str, Any]] = []
    for i, c in enumerate(sc.criteria, start=1):
        rows += [("Criterion", f"{i} {field}", f"criterion.{i}.{field}", getattr(c, field).value
                  if field == "side" else getattr(c, field)) for field in ("name", "side", "weight", "score")]
    rows += [("Workshop", "use votes", "use_votes", sc.use_votes), ("Workshop", "aggregate", "aggregate",
                                                                    sc.aggregate.value)]
    index = {c.name.lower(): i for i, c in enumerate(sc.criteria, start=1)}
    for p, person in enumerate(sc.participants, start=1):
        rows.append(("Participant", f"{p} name", f"vote.{p}.name", person.name))
        rows += [("Participant", f"{p} scores criterion {index[k.lower()]}", f"vote.{p}.{index[k.lower()]}", v)
                 for k, v in person.scores.items()]
    for area in case.readiness.weights:  # no score rows while readiness is not assessed
        if case.readiness.assessed:
            rows.append(("Readiness", f"{area.replace('_', ' ')} score (1-5)", f"readiness.score.{area}",
                         case.readiness.scores[area]))
        rows.append(("Readiness", f"{area.replace('_', ' ')} weight", f"readiness.weight.{area}",
                     case.readiness.weights[area]))
    if case.readiness.applied_index is not None:
        rows.append(("Readiness", "applied at index", "readiness.applied_index", case.readiness.applied_index))
    return rows


def _scoring_sheet(wb: Any, case: Case) -> None:
    """Scoring: its inputs (Key | Value, so the file imports back) and, from column G, the weighted result,
    the workshop's statistics and the readiness index (values at export time)."""
    _key_value_sheet(wb, "Scoring", scoring_rows(case), "sc_")
    ws = wb["Scoring"]
    result = score(case.scoring)
    r = 1
    ws.cell(row=r, column=7, value="Weighted scoring (values at export time)").font = Font(bold=True)
    headers = ["Criterion", "Side", "Weight", "Normalised weight", "Score used", "Contribution"]
    for j, h in enumerate(headers, start=7):
        ws.cell(row=2, column=j, value=h).font = Font(bold=True)
    for i, row in enumerate(result.table.itertuples(index=False), start=3):
        safe_text(ws.cell(row=i, column=7), row.name)
        for j, value in enumerate([row.side, row.weight, row.normalised_weight, row.score, row.contribution], start=8):
            ws.cell(row=i, column=j, value=value)
    r = 3 + len(result.table)
    for label, value in (("Weighted advantages", result.advantages), ("Weighted disadvantages", result.disadvantages),
                         ("Net score", result.net), ("Verdict", f"{result.verdict} outweigh" if result.verdict !=
                                                     "balanced" else "balanced")):
        ws.cell(row=r, column=7, value=label).font = Font(bold=True)
        ws.cell(row=r, column=8, value=value)
        r += 1
    ready = readiness(case)
    ws.cell(row=r + 1, column=7, value="Readiness index (0-100)").font = Font(bold=True)
    ws.cell(row=r + 1, column=8, value=round(ready.index, 2) if ready else "not assessed")
    ws.cell(row=r + 2, column=7, value="Weakest areas").font = Font(bold=True)
    ws.cell(row=r + 2, column=8, value=", ".join(a.replace("_", " ") for a in ready.weakest) if ready else "")
    ws.column_dimensions["G"].width = 56
    for letter in "HIJKL":
        ws.column_dimensions[letter].width = 16


def _frame_block(ws: Any, frame: Any, row: int, column: int, title: str, formats: dict[str, str]) -> int:
    """Write ``frame`` with a bold title above its header at (row, column); returns the next free row.
    Text cells go through :func:`safe_text`; ``formats`` maps column names to number formats."""
    ws.cell(row=row, column=column, value=title).font = Font(bold=True)
    for j, name in enumerate(frame.columns, start=column):
        cell = ws.cell(row=row + 1, column=j, value=str(name).replace("_", " "))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for i, record in enumerate(frame.itertuples(index=False), start=row + 2):
        for j, (name, value) in enumerate(zip(frame.columns, record), start=column):
            cell = ws.cell(row=i, column=j)
            if isinstance(value, str):
                safe_text(cell, value)
            elif value is None or (isinstance(value, float) and not np.isfinite(value)):
                cell.value = "n/a"
            else:
                cell.value = value.item() if hasattr(value, "item") else value
                cell.number_format = formats.get(name, "General")
    for j in range(column, column + len(frame.columns)):
        ws.column_dimensions[get_column_letter(j)].width = 18
    return row + 2 + len(frame)


def risk_rows(case: Case) -> list[tuple[str, str, str, Any]]:
    """Key | Value rows of the Scenarios sheet: Monte Carlo settings and the ranges the user gave."""
    rows: list[tuple[str, str, str, Any]] = [("Monte Carlo", "runs", "runs", case.risk.runs),
                                             ("Monte Carlo", "seed", "seed", case.risk.seed)]
    for i, r in enumerate(case.risk.ranges, start=1):
        rows += [("Range", f"{i} input", f"range.{i}.path", r.path), ("Range", f"{i} low (relative)", f"range.{i}.low",
                 r.low), ("Range", f"{i} high (relative)", f"range.{i}.high", r.high),
                 ("Range", f"{i} distribution", f"range.{i}.distribution", r.distribution.value)]
    return rows


def vendor_rows(case: Case) -> list[tuple[str, str, str, Any]]:
    """Key | Value rows of the Vendors sheet: every offer's fields, the replaced items and the chosen offer."""
    rows: list[tuple[str, str, str, Any]] = []
    for i, offer in enumerate(case.vendors.offers, start=1):
        rows += [("Offer", f"{i} {k.replace('_', ' ')}", f"offer.{i}.{k}", v)
                 for k, v in offer.model_dump(mode="json").items()]
    rows += [("Replaces", f"cost item {i}", f"replaces.{i}", name)
             for i, name in enumerate(case.vendors.replaces, start=1)]
    if case.vendors.chosen is not None:
        rows.append(("Chosen", "offer used by the case", "chosen", case.vendors.chosen))
    return rows


def _risk_sheets(wb: Any, case: Case) -> None:
    """Scenarios: Monte Carlo settings and ranges (Key | Value, imported back), then from column G each
    input's value per scenario and the scenarios' figures. Tornado: NPV at each input's low and high end.
    Values computed by the engine at export time (the formulas are in the README)."""
    _key_value_sheet(wb, "Scenarios", risk_rows(case), "risk_")
    ws = wb["Scenarios"]
    result = scenarios(case)
    figures = result.figures()
    row = _frame_block(ws, figures, 1, 7, "Scenario figures (risk-adjusted, values at export time)",
                       {"npv": MONEY_FORMAT, "pv_costs": MONEY_FORMAT, "pv_benefits": MONEY_FORMAT,
                        "roi": PERCENT_FORMAT, "irr": PERCENT_FORMAT, "payback_months": "0.0"})
    _frame_block(ws, result.values.drop(columns=["path"]), row + 1, 7, "Input values per scenario", {})
    ws.column_dimensions["G"].width = 44
    table = tornado(case).drop(columns=["path"])
    sheet = wb.create_sheet("Tornado")
    _frame_block(sheet, table, 1, 1, "NPV with each input at the ends of its range, the others at their case "
                                     "values (values at export time)",
                 {"npv_low": MONEY_FORMAT, "npv_high": MONEY_FORMAT, "swing": MONEY_FORMAT})
    sheet.column_dimensions["A"].width = 48


def _vendors_sheet(wb: Any, case: Case) -> None:
    """Vendors: the offers (Key | Value, imported back) and, from column G, each offer's figures in the case."""
    _key_value_sheet(wb, "Vendors", vendor_rows(case), "ven_")
    ws = wb["Vendors"]
    table = compare_vendors(case).table
    _frame_block(ws, table, 1, 7, "Each offer in the case, against the same benefits (values at export time)",
                 {"npv": MONEY_FORMAT, "tco_3": MONEY_FORMAT, "tco_5": MONEY_FORMAT, "one_off": MONEY_FORMAT,
                  "yearly": MONEY_FORMAT, "roi": PERCENT_FORMAT, "irr": PERCENT_FORMAT,
                  "expected_adoption": PERCENT_FORMAT, "payback_months": "0.0"})
    ws.column_dimensions["G"].width = 30


def customer_rows(case: Case) -> list[tuple[str, str, str, Any]]:
    """Key | Value rows of the Customer value sheet: the segments, the top share and the aggregates of the last
    customer analysis (never a customer row)."""
    cv = case.customers
    rows: list[tuple[str, str, str, Any]] = [("Tiers", "top share of customers", "top_share", cv.top_share)]
    for i, segment in enumerate(cv.segments, start=1):
        rows += [("Segment", f"{i} {k.replace('_', ' ')}", f"segment.{i}.{k}", v)
                 for k, v in segment.model_dump(mode="json").items()]
    rows += [("Analysis", key.replace(".", " ").replace("_", " "), f"summary.{key}", value)
             for key, value in cv.summary.items()]
    return rows


def _customers_sheet(wb: Any, case: Case) -> None:
    """Customer value: segments, top share and the analysis aggregates (Key | Value, imported back), then from
    column G the lifetime value and spend guidance per segment (values at export time)."""
    _key_value_sheet(wb, "Customer value", customer_rows(case), "cv_")
    ws = wb["Customer value"]
    table = clv_table(case.customers.segments, case.assumptions.discount_rate)
    money = {c: MONEY_FORMAT for c in ("annual_margin", "acquisition_cost", "clv", "clv_infinite", "net_clv",
                                       "max_acquisition", "max_yearly_marketing", "segment_value", "yearly_budget")}
    _frame_block(ws, table, 1, 7, "Lifetime value by segment at the case's discount rate (values at export time)",
                 money | {"retention": PERCENT_FORMAT})
    ws.column_dimensions["G"].width = 24


def goal_rows(case: Case) -> list[tuple[str, str, str, Any]]:
    """Key | Value rows of the Goals sheet: objectives, metrics, actuals and corrective actions."""
    goals = case.goals
    rows: list[tuple[str, str, str, Any]] = []
    for section, key, items in (("Objective", "objective", goals.objectives), ("Metric", "metric", goals.metrics),
                                ("Actual", "actual", goals.actuals)):
        for i, item in enumerate(items, start=1):
            rows += [(section, f"{i} {k.replace('_', ' ')}", f"{key}.{i}.{k}", v)
                     for k, v in item.model_dump(mode="json").items() if v not in (None, "")]
    for i, (metric, text) in enumerate(goals.actions.items(), start=1):
        rows += [("Action", f"{i} metric", f"action.{i}.metric", metric), ("Action", f"{i} note", f"action.{i}.note",
                                                                            text)]
    return rows


def _goals_sheet(wb: Any, case: Case) -> None:
    """Goals: objectives, metrics, actuals and actions (Key | Value, imported back), then from column G each
    objective's yearly benefit from the case and the scorecard (values at export time)."""
    _key_value_sheet(wb, "Goals", goal_rows(case), "goal_")
    ws = wb["Goals"]
    import pandas as pd

    money = pd.DataFrame([{"objective": o.name, "function": o.function.value, "link": o.link,
                           "yearly_benefit": yearly_benefit(case, o)[0], "how_estimated": yearly_benefit(case, o)[1]}
                          for o in case.goals.objectives], columns=["objective", "function", "link", "yearly_benefit",
                                                                   "how_estimated"])
    row = _frame_block(ws, money, 1, 7, "Objectives and their money in the case (values at export time)",
                       {"yearly_benefit": MONEY_FORMAT})
    card = scorecard(case)[["metric", "objective", "strategy", "baseline", "target", "period", "actual", "expected",
                            "gap", "status", "owner", "action"]]
    _frame_block(ws, card, row + 1, 7, "Scorecard at export time", {"gap": PERCENT_FORMAT})
    ws.column_dimensions["G"].width = 28


def export_workbook(case: Case) -> bytes:
    """The case as a live-formula .xlsx (see the module docstring)."""
    return export_with_expected(case)[0]
