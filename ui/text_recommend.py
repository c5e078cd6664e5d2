"""English strings of the recommendation (summary, sidebar, first slide, report) and the report's benefit assumptions;
merged into the catalog by ui/i18n.py."""

EN: dict[str, str] = {
    # the decision (crm_case.recommendation.DECISIONS)
    "recommendation.title": "Recommendation",
    "recommendation.invest": "Invest now",
    "recommendation.invest_with_conditions": "Invest, de-risking first",
    "recommendation.wait": "Wait",
    "recommendation.do_not_invest": "Do not invest",
    "recommendation.heading": "Recommendation: {decision}",
    "recommendation.help": "Decided from the risk-adjusted NPV, the chance it is positive (Monte Carlo), readiness, "
                           "the weighted advantages and the cost of delay; the rules and thresholds are in the "
                           "README.",
    # the verdict's cost of delay when waiting costs nothing
    "verdict.delay.none": "waiting costs nothing",
    "verdict.delay.saves": "each month of waiting saves {amount}",
    # report: benefit assumptions
    "report.drivers": "Benefits (drivers)",
    "report.drivers.caption": "Each benefit driver included in the case: its inputs, its formula and its yearly "
                              "value at full adoption. The adoption ramp then phases it in from go-live, and its "
                              "risk adjustment lowers it.",
    "report.driver.formula": "Formula: {formula}",
    "report.driver.value": "Yearly value at full adoption: {value} before risk; {adjusted} after its risk "
                           "adjustment of {risk}.",
    "report.input": "Input",
    "report.group.cost": "Category",
    "report.group.benefit": "Area",
    "report.per_year": "Per year",
    "report.year_short": "Y{year}",
    "report.risk_adjustment": "Risk adj.",
    "report.benefits.caption": "Benefits entered as amounts; each is lowered by its risk adjustment.",
    "report.costs.caption": "Costs entered as amounts; each is raised by its risk adjustment.",
}
