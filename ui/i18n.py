"""Every user-facing string, through one function and one catalog (English now).

A page writes ``t("summary.title")`` or ``t("verdict.payback", months=...)``; another language is a new
catalog with the same keys (a test checks that every key a page uses exists). Field labels and help come
from ``field.<path>`` / ``help.<path>``, where the path is the case field without list indices
(``drivers.retention.churn_after``); the English field labels are the titles the model declares on its fields
(:func:`crm_case.model.field_titles`), added to the catalog below.
"""

from __future__ import annotations

from crm_case.model import field_info, field_titles

LANGUAGE = "en"

EN: dict[str, str] = {
    # navigation and app
    "app.title": "crm-case",
    "app.failed": "{what} could not be shown ({error}). Your case is unchanged and still saved; the other pages "
                  "work. If a value you just typed caused this, change it back, or restore an earlier version on "
                  "the Case library page.",
    "app.failed.page": "This page",
    "app.failed.sidebar": "The figures in the sidebar",
    "nav.group.case": "Case",
    "nav.group.analysis": "Analysis",
    "nav.summary": "Executive summary",
    "nav.investment": "Investment",
    "nav.benefits": "Benefits",
    "nav.projections": "Projections",
    "sidebar.currency": "Amounts in {currency} · risk-adjusted",
    "sidebar.new": "New case",
    "sidebar.name.ask": "Name this case",
    "sidebar.name.help": "The case was saved to the library under this default name. Type its own name, or keep it.",
    "sidebar.name.keep": "Keep this name",
    "sidebar.name.refused": "The name was not changed: {message}",
    # a user's own case: new case, sample values, an empty case
    "own.new.blank": "**A blank case**: nothing but its frame. The Guided set-up then takes you to a first business "
                     "case in a few minutes.",
    "own.new.default_name": "New CRM case",
    "own.new.currency.help": "ISO 4217 code of every amount in the case: EUR, CHF, USD, GBP...",
    "own.new.blank.button": "Start a blank case",
    "own.new.refused": "The case was not started: {message}.",
    "own.new.sample": "**A copy of the sample**: a mid-size B2B company's case, to explore the app. Every page says "
                      "which values are still the sample's.",
    "own.new.sample.button": "Start from the sample",
    "own.sample.note": ":material/science: The **{part}** here are still the sample company's values, not yours.",
    "own.sample.summary": "Still the sample's: {parts}",
    "own.sample.clear": "Clear",
    "own.part.costs": "cost lines",
    "own.part.benefits": "benefit lines",
    "own.part.drivers": "benefit drivers",
    "own.part.rollout": "go-live dip figures (staff affected and their output)",
    "own.part.delay": "cost-of-delay inputs",
    "own.part.scoring": "advantages, disadvantages and workshop votes",
    "own.part.readiness": "readiness scores",
    "own.part.customers": "customer segments",
    "own.part.goals": "objectives, metrics and actuals",
    "own.part.vendors": "vendor offers",
    "own.sample.clear.help.costs": "Remove every cost line.",
    "own.sample.clear.help.benefits": "Remove every benefit line.",
    "own.sample.clear.help.drivers": "Switch every driver off and empty its inputs.",
    "own.sample.clear.help.rollout": "No go-live dip: no affected staff and no output value. The rollout timing stays.",
    "own.sample.clear.help.delay": "Empty every cost-of-delay input.",
    "own.sample.clear.help.scoring": "Remove the criteria and the votes.",
    "own.sample.clear.help.readiness": "Readiness back to not assessed.",
    "own.sample.clear.help.customers": "Remove the segments and the customer analysis figures.",
    "own.sample.clear.help.goals": "Remove the objectives, metrics, actuals and actions.",
    "own.sample.clear.help.vendors": "Remove the vendor offers.",
    "own.empty.summary": "**This case is empty.** Enter its costs first, then the benefits you expect: the Guided "
                         "set-up takes you through both in a few minutes. The figures appear here as soon as there "
                         "is something to compute.",
    "own.empty.sidebar": ":material/edit_note: An empty case: its NPV, ROI and payback appear once it has costs or "
                         "benefits. Start with the Guided set-up.",
    "own.empty.analysis": "**Nothing to analyse yet.** This page works on the case's cash flows: enter its costs "
                          "first, then the benefits you expect. The Guided set-up takes you through both in a few "
                          "minutes.",
    "own.empty.costs": ":material/edit_note: **Start here:** add a line per cost in the table (Category, Item, "
                       "amounts), or add the often-forgotten costs listed at the bottom of the page.",
    "own.empty.benefits": ":material/edit_note: **No benefit yet:** switch on the drivers that apply and type their "
                          "inputs, or add benefit lines you estimate yourself below.",
    "own.empty.delay": ":material/edit_note: **Nothing costs anything to wait for yet:** the value forgone comes "
                       "from the case's benefits (enter them first); the opportunity costs, from the inputs at the "
                       "bottom of this page.",
    "own.empty.goals": ":material/edit_note: **No objective yet:** add one in the Objectives table at the bottom, "
                       "tied to a driver or a benefit line, then the metrics that judge it.",
    "own.empty.setup": "Guided set-up",
    "own.empty.link.costs": "Enter costs",
    "own.empty.link.benefits": "Choose benefits",
    "binding.refused": "{label}: {message}. The previous value is kept.",
    # metrics
    "metric.npv": "NPV",
    "metric.roi": "ROI",
    "metric.irr": "IRR",
    "metric.mirr": "MIRR",
    "metric.irr_ambiguous": "The IRR is ambiguous: the net cash flow changes sign more than once and {rates} all make "
                            "the NPV zero. The IRR shown is {shown}, the rate closest to zero (the exported workbook "
                            "shows the same). Judge this case by its NPV and its MIRR ({mirr}), which have one value.",
    "metric.payback": "Payback",
    "metric.discounted_payback": "Discounted payback",
    "metric.pv_costs": "PV of costs",
    "metric.pv_benefits": "PV of benefits",
    "metric.break_even": "Break-even month",
    "metric.unadjusted": "unadjusted {value}",
    "metric.help.npv": "Net present value: PV of benefits minus PV of costs, at {rate}.",
    "metric.help.roi": "Return on investment as Forrester TEI defines it: (PV benefits - PV costs) / PV costs.",
    "metric.help.irr": "Internal rate of return: the annual discount rate at which NPV is zero.",
    "metric.help.mirr": "Modified IRR of the yearly net flows, financed and reinvested at the discount rate.",
    "metric.help.payback": "Months from the decision until the cumulative net cash flow turns positive for good.",
    "metric.help.discounted_payback": "Payback computed on discounted cash flows.",
    "metric.na": "n/a",
    # executive summary
    "summary.title": "Executive summary",
    "summary.caption": "{years}-year business case from {start}, discounted at {rate}. Headline figures are "
    "risk-adjusted; the unadjusted value is shown under each.",
    "summary.jcurve": "Cumulative net cash flow",
    "summary.costs_by_category": "Costs by category",
    "summary.benefits_by_area": "Benefits by area",
    "summary.totals_caption": "Totals over {years} years, risk-adjusted, undiscounted.",
    "verdict.title": "Verdict",
    "verdict.payback": "Pays back in {months} months",
    "verdict.no_payback": "Does not pay back within {years} years",
    "verdict.npv": "{years}-year NPV {npv} at {rate}",
    "verdict.largest": "the largest single benefit is {name} ({amount} over {years} years)",
    "verdict.no_benefit": "no benefit is entered yet",
    "verdict.delay": "each month of waiting costs {amount}",
    # charts
    "chart.month": "Months after the decision",
    "chart.year": "Year",
    "chart.amount": "Amount ({currency})",
    "chart.cumulative": "Cumulative net cash flow ({currency})",
    "chart.go_live": "Go-live",
    "chart.break_even": "Break-even",
    "chart.series": "Cash flow",
    "chart.category": "Category",
    "chart.area": "Area",
    "chart.cumulative_net": "Cumulative net",
    "chart.cumulative_discounted": "Cumulative discounted net",
    "chart.costs": "Costs",
    "chart.benefits": "Benefits",
    "chart.monthly_benefit": "Benefit per month ({currency})",
    "chart.realised_benefits": "Benefits realised",
    "chart.dip": "Go-live dip (lost output)",
    "chart.adoption": "Adoption",
    # data
    "nav.group.data": "Data",
    "nav.data": "Excel in and out",
    "data.title": "Excel in and out",
    "data.caption": "Finance works in Excel: download the budget template, fill it in, upload it here, check "
    "what will change, then apply. Download the whole case as a workbook whose formulas recalculate to the "
    "figures shown in the app.",
    "data.template": "Budget template",
    "data.template.caption": "Assumptions, Costs and Benefits sheets with dropdowns, validation and "
    "instructions; the horizon and rate of the current case.",
    "data.template.button": "Download the template",
    "data.export": "The case as a workbook",
    "data.export.caption": "Inputs, a monthly model and the TEI cash-flow table with NPV, ROI, IRR and payback "
    "as live Excel formulas, a chart, and a snapshot of the values.",
    "data.export.button": "Download the case (.xlsx)",
    "data.upload": "Upload a filled budget",
    "data.upload.caption": "Nothing changes until you apply. What the workbook does not hold (benefit drivers, the "
    "go-live dip, cost-of-delay inputs...) is listed before you apply, each to keep or clear: what is still the "
    "sample's is cleared unless you keep it. Macros are never run.",
    "data.currency": "The workbook is in {new}, this case in {old}. Amounts are not converted: the case takes the "
                     "workbook's amounts as {new}, and any part you keep keeps its figures as they are, now read as "
                     "{new}. Only the figures after the import are shown, never a difference across two currencies.",
    "data.kept": "**Not in the workbook.** The current case holds these; tick what to keep. What is unticked is "
                 "cleared when you apply (what is still the sample's starts unticked).",
    "data.settings": "Settings of the case that change:",
    "data.setting": "Setting",
    "data.now": "Now",
    "data.after": "After applying",
    "data.kept.sample": "still the sample's",
    "data.kept.yours": "yours",
    "data.kept.label": "Keep the {part} ({whose})",
    "data.kept.drivers": "{name}: {value} a year at full adoption",
    "data.kept.rollout": "{staff} staff at {output} a month lose {depth} of their output at go-live, recovering "
                         "over {months} months",
    "data.kept.count": "{count} values entered",
    "data.kept.scoring": "{criteria} criteria, {votes} participants' votes",
    "data.kept.readiness": "readiness index {index}",
    "data.kept.customers": "{count} segments",
    "data.kept.goals": "{objectives} objectives, {metrics} metrics, {actuals} actuals",
    "data.kept.vendors": "{count} offers",
    "data.upload.label": "Workbook (.xlsx)",
    "data.problems": "{count} problem(s) in {name}; nothing was applied. Correct them and upload again:",
    "data.where": "Where",
    "data.problem": "What is wrong, what is expected",
    "data.preview": "What applying this workbook will change",
    "data.npv_change": "NPV after",
    "data.npv_before": "NPV now: {value}",
    "data.added": "Lines added",
    "data.changed": "Lines changed",
    "data.removed": "Lines removed",
    "data.kind.added": "Added",
    "data.kind.changed": "Changed",
    "data.kind.removed": "Removed",
    "data.change": "Change",
    "data.section": "Section",
    "data.no_change": "The workbook holds the same case: nothing to apply.",
    "data.apply": "Apply to the case",
    "data.applied": "{name} is applied; every page now shows it.",
    # cost of delay
    "nav.delay": "Cost of delay",
    "delay.title": "Cost of delay",
    "delay.caption": "Why now? What waiting costs: the business case's value that slips out of the evaluation "
    "window, plus the opportunity costs that accrue while the decision waits.",
    "delay.headline": "Each month of delay costs {month} ({week} per week)",
    "delay.headline.none": "Move the slider to see what waiting costs",
    "delay.total": "Cost of waiting {months} months",
    "delay.total_short": "Total",
    "delay.forgone": "Value forgone in the window",
    "delay.forgone.help": "NPV of starting now minus NPV of starting later, in the same window anchored to the "
    "decision date: a late start loses its tail.",
    "delay.opportunity": "Opportunity costs while waiting",
    "delay.opportunity.help": "The drivers below, summed over the months of waiting and discounted.",
    "delay.waterfall": "What waiting {months} months costs",
    "delay.component": "Component",
    "delay.cumulative": "Cumulative cost by months of delay",
    "delay.months_of_delay": "Months of delay",
    "delay.paths": "Start now vs start in {months} months",
    "delay.paths.caption": "Cumulative net cash flow, risk-adjusted; the shaded gap is what the wait gives up "
    "within the window.",
    "delay.start_now": "Start now",
    "delay.start_later": "Start in {months} months",
    "delay.urgency": "Urgency: cost of each extra month",
    "delay.urgency.caption": "Marginal cost of waiting one more month, by month of delay; the selected delay is "
    "the blue bar.",
    "delay.extra_month": "Month of delay",
    "delay.inputs": "Drivers of the cost of delay",
    "delay.inputs.caption": "Enter only costs the business case's benefits do not already count.",
    "delay.group.customers": "Customers",
    "delay.group.marketing": "Products and marketing",
    "delay.group.people": "People and prices",
    "delay.part.forgone_value": "Value forgone",
    "delay.part.lost_customers": "Customers lost to competitors",
    "delay.part.new_products": "Weaker new products",
    "delay.part.campaign_waste": "Growing campaign waste",
    "delay.part.redeployment": "Project staff redeployed",
    "delay.part.attrition": "Experience lost to attrition",
    "delay.part.loyalty": "Lower loyalty",
    "delay.part.price_increase": "CRM price increases",
    "delay.how": "How is the cost of delay computed?",
    "delay.how.body": """
The evaluation window is the case's horizon, anchored to the decision date. Starting *D* months later
shifts every monthly cash flow of the project *D* months later; what falls past the window is lost.

| component | formula, for each waiting month *t* = 1..*D*, discounted by (1 + rate)^(−t/12) |
|---|---|
| Value forgone | NPV(start now) − NPV(start in *D* months), risk-adjusted, once for the whole wait |
| Customers lost to competitors | customers lost per month × value per lost customer |
| Weaker new products | new-product revenue per month × shortfall |
| Growing campaign waste | campaign spend per month × waste share × ((1 + growth)^t − 1) |
| Project staff redeployed | staff redeployed × knowledge replacement cost, once, in month 1 |
| Experience lost to attrition | headcount × attrition rate / 12 × experience lost per leaver |
| Lower loyalty | customers at risk × churn uplift / 12 × t × margin per customer / 12 |
| CRM price increases | PV of IT costs × ((1 + p)^(t/12) − (1 + p)^((t−1)/12)) |

Each month of delay costs the total for *D* months divided by *D*; per week, that × 12 / 52.
""",
    "help.delay.delay_months": "How long the decision waits; every figure on this page follows.",
    "help.delay.customers_lost_per_month": "Customers that competitors' marketing events win from you each month "
    "you cannot react.",
    "help.delay.value_per_lost_customer": "Lifetime value (or margin) of one lost customer.",
    "help.delay.churn_uplift": "Loyalty falls when the relationship experience does not improve; lost customers "
    "accumulate month after month.",
    "help.delay.new_product_shortfall": "Share of new products' revenue missed for lack of market understanding.",
    "help.delay.waste_growth_per_month": "How fast the waste of badly targeted campaigns grows; only the growth "
    "beyond today's waste is counted.",
    "help.delay.staff_redeployed": "People assigned to the project who move to other work while it waits.",
    "help.delay.experience_loss_per_leaver": "Customer knowledge a leaver takes away because no CRM holds it.",
    "help.delay.price_increase_per_year": "CRM prices and complexity keep rising; applied to the "
    "case's IT costs.",
    "summary.delay": "Cost of delay",
    "summary.delay.per": "a month, over {months} months",
    "summary.delay.help": "Average cost of each month of a {months}-month wait; see the Cost of delay page.",
    # scoring
    "nav.group.decide": "Decide",
    "nav.scoring": "Advantages vs disadvantages",
    "nav.readiness": "Readiness",
    "scoring.title": "Advantages vs disadvantages",
    "scoring.none": "No criteria yet: add the advantages and disadvantages to weigh in the table below (a name, "
                    "advantage or disadvantage, a weight and a score from 0 to 10).",
    "scoring.verdict.advantages": "Advantages outweigh disadvantages by {margin} points out of 10",
    "scoring.verdict.disadvantages": "Disadvantages outweigh advantages by {margin} points out of 10",
    "scoring.verdict.balanced": "Advantages and disadvantages balance exactly",
    "scoring.caption": "Weighted scores (0-10) of the CRM's advantages and disadvantages; edit, add or remove "
    "criteria below.",
    "scoring.caption.votes": "Scores are the workshop's votes (see below); weights are normalised to 100 %.",
    "scoring.advantages": "Weighted advantages",
    "scoring.disadvantages": "Weighted disadvantages",
    "scoring.net": "Net score",
    "scoring.net.help": "Weighted advantages minus weighted disadvantages, on the 0-10 scale of the scores.",
    "scoring.side.advantage": "Advantage",
    "scoring.side.disadvantage": "Disadvantage",
    "scoring.axis": "Weighted score (points)",
    "scoring.criterion": "Criterion",
    "scoring.side": "Side",
    "scoring.weight": "Weight",
    "scoring.weight.help": "Any scale: weights are normalised to sum to 100 %.",
    "scoring.score": "Score (0-10)",
    "scoring.score.help.votes": "Not used while the workshop's votes score the criteria (their means are in the "
                                "votes table below); switch off 'Score by the workshop's votes' to score here.",
    "scoring.score.help": "How strong the advantage or disadvantage is: 0 none, 10 decisive.",
    "scoring.flip": "What would flip the verdict?",
    "scoring.flip.caption": "How much each criterion's weight must change, the others fixed, for the verdict to "
    "flip.",
    "scoring.flip.axis": "Change of weight needed (%)",
    "scoring.flip.cannot": "cannot flip it alone",
    "scoring.criteria": "Criteria",
    "scoring.new_criterion": "New criterion",
    "scoring.workshop": "Workshop votes",
    "scoring.use_votes": "Score by the workshop's votes",
    "scoring.use_votes.help": "On: each criterion's score is the participants' mean or median.",
    "scoring.aggregate": "Aggregate",
    "scoring.aggregate.mean": "Mean",
    "scoring.aggregate.median": "Median",
    "scoring.participant": "Participant",
    "scoring.new_participant": "Participant {n}",
    "scoring.disagreement": "Where the room disagrees",
    "scoring.disagreement.caption": "Criteria whose scores differ by {points} points or more between "
    "participants are highlighted.",
    "scoring.mean": "Mean",
    "scoring.median": "Median",
    "scoring.std": "Std dev",
    "scoring.range": "Max − min",
    "scoring.votes": "Votes",
    "scoring.disputed": "Disputed",
    "scoring.upload": "Upload everyone's scores",
    "scoring.upload.caption": "A sheet (.xlsx or .csv) with the criteria in the first column and one column per "
    "participant, scores 0-10. It replaces the participants above.",
    "scoring.upload.template": "Download a votes sheet",
    "scoring.upload.label": "Votes sheet",
    "scoring.upload.done": "{count} participants loaded.",
    "readiness.title": "Readiness",
    "readiness.caption": "Before buying, rate the organisation's ability to absorb the system: 1 = not "
    "ready, 5 = ready. Weights say how much each area matters.",
    "readiness.weight": "Weight",
    "readiness.index": "Readiness index",
    "readiness.not_assessed": "not assessed",
    "readiness.none": "**Readiness has not been assessed.** Before buying, score the organisation's ability to "
                      "absorb a CRM in eight areas, from 1 (not ready) to 5 (ready): sponsorship, objectives, data "
                      "quality, processes, IT, adoption, budget and skills. The recommendation takes it into account.",
    "readiness.start": "Start the assessment (every area at 3)",
    "readiness.index.help": "100 x weighted average of (score - 1) / 4: 0 not ready at all, 100 fully ready.",
    "readiness.axis": "Score (1-5)",
    "readiness.area": "Area",
    "readiness.weakest": "**Weakest:** {areas}.",
    "readiness.adjust": "Let readiness move the business case",
    "readiness.adjust.text": "Suggested: raise every benefit's risk adjustment by **{risk}** (percentage points) and "
                             "lengthen the adoption ramp from **{ramp}** to **{new_ramp} months**.",
    "readiness.npv_now": "NPV now",
    "readiness.npv_after": "NPV after the adjustment",
    "readiness.apply": "Apply to the business case",
    "readiness.applied": "The adjustment for this readiness is applied.",
    "readiness.area.executive_sponsorship": "Executive sponsorship",
    "readiness.area.clear_objectives": "Clear objectives",
    "readiness.area.data_quality": "Data quality",
    "readiness.area.process_maturity": "Process maturity",
    "readiness.area.it_infrastructure": "IT infrastructure",
    "readiness.area.adoption_readiness": "User adoption and change readiness",
    "readiness.area.budget": "Budget",
    "readiness.area.skills": "Skills",
    "readiness.help.executive_sponsorship": "A senior sponsor who owns the outcome and removes obstacles.",
    "readiness.help.clear_objectives": "Quantified goals set before buying.",
    "readiness.help.data_quality": "Customer data complete, deduplicated and owned.",
    "readiness.help.process_maturity": "Sales, service and marketing processes defined and followed.",
    "readiness.help.it_infrastructure": "Integration points, identity, hosting ready for the CRM.",
    "readiness.help.adoption_readiness": "Users willing to change how they work; change management planned.",
    "readiness.help.budget": "Full TCO funded: IT, people and process.",
    "readiness.help.skills": "Administrators, analysts and trainers available.",
    "summary.verdict": "Weighted verdict",
    "summary.verdict.value.advantages": "+{margin} pts",
    "summary.verdict.value.disadvantages": "−{margin} pts",
    "summary.verdict.value.balanced": "0 pts",
    "summary.verdict.none": "not weighed",
    "summary.sample": ":material/science: These figures still use the sample company's {parts}: clear them on their "
                      "pages, or replace them with yours.",
    "summary.verdict.side.advantages": "advantages outweigh",
    "summary.verdict.side.disadvantages": "disadvantages outweigh",
    "summary.verdict.side.balanced": "balanced",
    "summary.verdict.help": "Weighted advantages minus disadvantages, 0-10 points; see Advantages vs disadvantages.",
    "summary.readiness": "Readiness index",
    "summary.readiness.none": "Not assessed yet: score the eight areas on the Readiness check page.",
    "summary.readiness.help": "0-100; weakest: {areas}. See Readiness.",
    # investment
    "investment.title": "Investment",
    "investment.caption": "Every cost of the CRM, as finance will see it: IT, people and process. Amounts are "
    "before risk; the risk adjustment raises each cost by its percentage.",
    "investment.items": "Cost line items",
    "investment.tco": "Total cost of ownership",
    "investment.tco_total": "TCO over {years} years",
    "investment.tco_group": "{group}",
    "investment.tco_caption": "Risk-adjusted, in {currency}; the Initial column is spent at the decision.",
    "investment.tco_dip": "People also holds the go-live productivity dip, {dip} of output lost while staff learn "
                          "the new system (not a line item: set it under Rollout on the Benefits page).",
    "investment.chart": "Costs per year by category",
    "investment.hidden": "Often forgotten costs",
    "investment.hidden.caption": "The seeds warn that the full investment includes people and process, not "
    "only software. Add a line for each that applies:",
    "investment.hidden.add": "Add \u201c{name}\u201d",
    "investment.hidden.none": "All the usual hidden costs have a line.",
    "investment.default_name": "New cost item",
    "hidden.training": "Training",
    "hidden.change_management": "Change management",
    "hidden.knowledge_transfer": "Knowledge transfer",
    "hidden.internal_time": "Internal staff time",
    "hidden.data_migration": "Data migration",
    # benefits
    "benefits.title": "Benefits",
    "benefits.caption": "Drivers are stated at full adoption and before risk; the rollout below turns them "
    "into a monthly ramp.",
    "benefits.area.Marketing": "Marketing",
    "benefits.area.Sales": "Sales",
    "benefits.area.Service": "Service",
    "benefits.driver_value": "{value} a year at full adoption, {adjusted} after risk",
    "benefits.formula": "Formula: {formula}",
    "benefits.items": "Other benefits (line items)",
    "benefits.items.caption": "Benefits you estimate yourself, per year; the risk adjustment lowers each.",
    "benefits.default_name": "New benefit",
    "benefits.rollout": "Rollout",
    "benefits.preset": "CRM type",
    "benefits.preset.help": "Sets go-live, ramp and dip to typical values for the type ("
    "operational CRM dips at go-live, analytical CRM pays back sooner).",
    "benefits.preset.apply": "Apply preset",
    "benefits.ramp_chart": "Monthly benefit ramp and go-live dip",
    "crm_type.operational": "Operational (sales, service automation)",
    "crm_type.analytical": "Analytical (segmentation, campaign analytics)",
    "crm_type.collaborative": "Collaborative (knowledge sharing, portals)",
    # projections
    "projections.title": "Projections",
    "projections.assumptions": "Assumptions",
    "projections.risk_toggle": "Risk-adjusted",
    "projections.risk_help": "Off: the figures before any risk adjustment.",
    "projections.tei": "Yearly cash flows (Forrester TEI layout)",
    "projections.monthly": "Monthly cash flows",
    "projections.costs_vs_benefits": "Costs and benefits per year",
    "projections.cumulative": "Cumulative net cash flow",
    "projections.figures": "Figures",
    "projections.how": "How is this computed?",
    "projections.view.adjusted": "risk-adjusted",
    "projections.view.unadjusted": "unadjusted",
    "projections.na_reason": "{metric} is n/a: {reason}.",
    "table.section.costs": "Costs",
    "table.section.benefits": "Benefits",
    "table.section.net": "Net benefits",
    "table.total": "Total",
    "table.initial": "Initial",
    "table.year": "Year {n}",
    "table.present_value": "Present value",
    "table.line": "Line",
    "table.month": "Month",
    "table.date": "Date",
    "table.category": "Category",
    "table.area": "Area",
    "table.item": "Item",
    "table.risk": "Risk adjustment",
    "table.costs": "Costs",
    "table.benefits": "Benefits",
    "table.net": "Net",
    "table.cumulative_net": "Cumulative net",
    "table.discount_factor": "Discount factor",
    "table.discounted_net": "Discounted net",
    "table.cumulative_discounted_net": "Cumulative discounted net",
    "table.adoption": "Adoption",
    "table.error": "Row {row}, {column}: {message}",
    "timing.end_of_year": "End of year (Forrester TEI)",
    "timing.mid_year": "Mid-year",
    "timing.monthly": "Monthly",
    # assumptions fields
    "help.assumptions.currency": "Three-letter ISO 4217 code, e.g. EUR, USD, GBP.",
    "help.assumptions.start_date": "Month 0 of the projection: Initial amounts are spent on this date.",
    "help.assumptions.horizon_years": "Years evaluated after the decision, 1 to 10 (Forrester TEI uses 3).",
    "help.assumptions.discount_rate": "Annual rate used to discount future amounts, e.g. the cost of capital.",
    "help.assumptions.timing": "Where a year's amount is discounted: end of the year (Forrester TEI, Excel "
    "=B1+NPV(rate, C1:E1)), mid-year, or month by month.",
    # drivers
    "driver.retention": "Customer retention",
    "driver.sales_productivity": "Sales productivity",
    "driver.win_rate": "Win rate and deal size",
    "driver.service_cost": "Service cost",
    "driver.marketing_efficiency": "Marketing efficiency",
    "driver.acquisition_cost": "Customer acquisition cost",
    "formula.retention": "customers × (churn before − churn after) × annual margin per customer",
    "formula.sales_productivity": "reps × hours saved per week × working weeks × loaded hourly cost × selling-time "
    "share",
    "formula.win_rate": "opportunities × margin × (win rate after × deal × (1 + deal uplift) − win rate before × "
    "deal)",
    "formula.service_cost": "(contacts × deflection + contacts × (1 − deflection) × FCR uplift) × cost per contact",
    "formula.marketing_efficiency": "campaign spend × share of waste removed",
    "formula.acquisition_cost": "new customers × acquisition cost × reduction",
    "help.risk_adjustment": "Share by which this benefit is lowered for the risk that it does not happen.",
    "help.drivers.sales_productivity.selling_time_share": "Forrester's productivity recapture: not every hour "
    "saved is used productively; 50 % is a common assumption.",
    "help.drivers.service_cost.fcr_uplift": "Percentage points by which first-contact resolution rises: that "
    "share of the remaining contacts no longer needs a follow-up.",
    "help.drivers.marketing_efficiency.waste_removed": "Share of the spend no longer wasted on badly targeted "
    "or too broad audiences.",
    # rollout
    "help.rollout.months_to_go_live": "Months from the decision until users start working in the CRM.",
    "help.rollout.ramp_months": "Months from go-live until adoption reaches its peak (linear ramp).",
    "help.rollout.peak_adoption": "Share of the full benefit reached at full adoption.",
    "help.rollout.dip_depth": "Share of the affected staff's output lost in the first month after go-live; it "
    "recovers linearly.",
    "help.rollout.dip_monthly_output_per_person": "Value of one person's monthly output, e.g. their loaded "
    "monthly cost.",
    # how it is computed
    "how.body": """
**Month 0** is the decision: Initial amounts are spent then and are not discounted. A line item's
Year *k* amount is spread evenly over the 12 months of year *k*. Each driver's yearly value at full
adoption is realised as value / 12 × adoption of the month; adoption is 0 until go-live, then rises
linearly to its peak. The go-live dip (lost output) counts as a People cost.

**Risk adjustment** (Forrester TEI): a cost counts as cost × (1 + risk), a benefit as benefit × (1 − risk).

**Discounting**: an amount at *t* years is multiplied by (1 + rate)^−t. With the end-of-year convention,
Year *k* is at *t = k* (Excel: `=B2+NPV(rate, C2:E2)`; Excel's `NPV()` discounts its first cell, so the
Initial column is added outside it). Mid-year puts Year *k* at *k − 0.5*; monthly puts month *m* at *m / 12*.

| figure | formula |
|---|---|
| NPV | PV of benefits − PV of costs |
| ROI | (PV benefits − PV costs) / PV costs (Forrester TEI) |
| IRR | the annual rate at which NPV = 0 (Excel `=IRR(B4:F4)`); n/a when the net flows never change sign |
| MIRR | of the yearly net flows, financed and reinvested at the discount rate (Excel `=MIRR(B4:F4, r, r)`) |
| Payback | months until the cumulative net cash flow turns positive for good, interpolated within the month |
| Discounted payback | the same with discounted monthly flows |
""",
    # risk
    "nav.risk": "Risk",
    "nav.vendors": "Vendors",
    "risk.title": "Risk: how sure is the NPV?",
    "risk.caption": "Every input has a range around its case value (edit them at the bottom). The scenarios, the "
                    "tornado and the Monte Carlo simulation all use these ranges.",
    "risk.adjusted": "Include the TEI risk adjustments",
    "risk.adjusted.help": "On: the simulated figures are risk-adjusted like the headline NPV. Off: the ranges alone "
                          "carry the uncertainty (avoids counting the same risk twice).",
    "risk.message": "{p} chance the NPV is positive",
    "risk.message.hinges": "; it hinges on {inputs}",
    "risk.and": " and ",
    "risk.p_positive": "P(NPV > 0)",
    "risk.p_positive.help": "Share of the {runs} Monte Carlo runs whose NPV is above zero.",
    "risk.p10": "NPV, P10",
    "risk.p10.help": "One run in ten ends below this NPV (a cautious planning figure).",
    "risk.p50": "NPV, median (P50)",
    "risk.p50.help": "Half of the runs end below this NPV, half above.",
    "risk.p90": "NPV, P90",
    "risk.p90.help": "One run in ten ends above this NPV; eight in ten end between P10 and P90.",
    "risk.beyond": "beyond {years} years",
    "risk.scenarios": "Scenarios",
    "risk.scenarios.caption": "Pessimistic: every input at the end of its range that lowers NPV; optimistic: at the "
                              "end that raises it; base: the case as entered. All at once, so both ends are extreme.",
    "risk.scenario": "Scenario",
    "risk.scenario.pessimistic": "Pessimistic",
    "risk.scenario.base": "Base",
    "risk.scenario.optimistic": "Optimistic",
    "risk.scenarios.values": "Input values in each scenario",
    "risk.figure": "Figure",
    "risk.npv_axis": "NPV ({currency})",
    "risk.input": "Input",
    "risk.case_value": "Case value",
    "risk.tornado": "Sensitivity: what moves the NPV most",
    "risk.tornado.caption": "NPV with one input at the low and then at the high end of its range, every other input "
                            "at its case value. The black line is the case's NPV, the dashed red line zero.",
    "risk.tornado.low": "Input at its low end",
    "risk.tornado.high": "Input at its high end",
    "risk.tornado.end": "End of the range",
    "risk.tornado.value": "Input value",
    "risk.tornado.more": "{count} inputs with smaller swings are not shown; the Excel export lists them all.",
    "risk.no_inputs": "No input of this case has a range: enable a benefit driver or give the inputs a range below.",
    "risk.breakeven": "Break-even values (the other inputs at their case values)",
    "risk.breakeven.falls.up": "NPV falls to zero if **{input}** rises from {base} to **{value}** (+{change}).",
    "risk.breakeven.falls.down": "NPV falls to zero if **{input}** falls from {base} to **{value}** (−{change}).",
    "risk.breakeven.turns.up": "NPV turns positive if **{input}** rises from {base} to **{value}** (+{change}).",
    "risk.breakeven.turns.down": "NPV turns positive if **{input}** falls from {base} to **{value}** (−{change}).",
    "risk.points": "{value} points",
    "risk.breakeven.none.positive": "NPV stays positive for any **{input}** from {low} to {high}.",
    "risk.breakeven.none.negative": "NPV stays negative for any **{input}** from {low} to {high}.",
    "risk.mc": "Monte Carlo simulation",
    "risk.mc.caption": "{runs} runs, seed {seed}: each input drawn independently between the ends of its range, most "
                       "likely at its case value. The same seed always gives the same runs.",
    "risk.mc.running": "Simulating {runs} runs…",
    "risk.share_runs": "Share of runs",
    "risk.from": "From",
    "risk.to": "To",
    "risk.runs": "Runs",
    "risk.spread": "What drives the spread",
    "risk.spread.axis": "Share of the NPV spread",
    "risk.spread.caption": "Squared rank correlation of each input with NPV, as a share of the total (@RISK's "
                           "contribution to variance).",
    "risk.rho": "Rank correlation with NPV",
    "risk.no_spread": "No input varies: every run gives the case's NPV.",
    "risk.irr_axis": "IRR (% a year)",
    "risk.irr.undefined": "{share} of the runs have no IRR (their cash flows never change sign).",
    "risk.metric.npv": "NPV",
    "risk.metric.roi": "ROI",
    "risk.metric.irr": "IRR",
    "risk.metric.payback_months": "Payback",
    "risk.quantiles.caption": "P10, P50 and P90 are values of actual runs (no interpolation).",
    "risk.download": "Download every run (CSV)",
    "risk.download.help": "The audit trail: each run's drawn inputs and its NPV, ROI, IRR and payback.",
    "risk.ranges": "Ranges of the inputs",
    "risk.ranges.caption": "Low and high are changes from the case value. Defaults: ±20 %; ±10 % for volumes and "
                           "prices measured today; none for a measured 'before' rate, whose 'after' rate's range "
                           "applies to the improvement. Set both to 0 to take an input out.",
    "risk.low": "Low (%)",
    "risk.low.help": "Change at the low end, from -100 % to 0 %.",
    "risk.high": "High (%)",
    "risk.high.help": "Change at the high end, from 0 % to +1,000 %.",
    "risk.distribution": "Distribution",
    "risk.distribution.help": "pert: beta-PERT, less weight on the ends (@RISK's default); triangular: a straight "
                              "triangle between low, case value and high.",
    "risk.low_value": "Low value",
    "risk.high_value": "High value",
    "risk.runs_input": "Monte Carlo runs",
    "risk.runs_input.help": "100 to 100,000; 10,000 gives P(NPV > 0) to within about one point.",
    "risk.seed": "Random seed",
    "risk.seed.help": "The same seed reproduces the same runs; change it to check the result is stable.",
    "risk.scale.costs": "{group} costs (line items)",
    "risk.scale.benefits": "{group} benefits (line items)",
    "risk.label.drivers.acquisition_cost.cac_reduction": "Acquisition cost reduction (%)",
    "risk.label.drivers.win_rate.margin": "Gross margin on won deals (%)",
    # vendors
    "vendors.title": "Vendor offers",
    "vendors.caption": "Each offer replaces the case's vendor-dependent costs and sets its go-live and adoption; every "
                       "other cost and every benefit stay the same, so the offers compete on the same footing over "
                       "{years} years.",
    "vendors.none": "No offers yet: add them in the table below.",
    "vendors.missing": "These replaced cost items are not in the case (renamed or removed?): {names}.",
    "vendors.best_npv": "Highest NPV",
    "vendors.best_npv.help": "Risk-adjusted NPV of the case with the offer named below the figure.",
    "vendors.lowest_tco": "Lowest 5-year TCO",
    "vendors.tco_value": "TCO {amount}",
    "vendors.tco.help": "Total cost of ownership: one-off costs + years × licences × (1 + support share), "
                        "undiscounted, before risk.",
    "vendors.chosen": "NPV of the case now",
    "vendors.chosen.none": "costs as entered, no offer applied",
    "vendors.chosen.help": "The case's NPV with the offer whose costs are in it now (below the figure); use the "
                           "buttons below to change it.",
    "vendors.npv_chart": "NPV of the case with each offer",
    "vendors.tco_chart": "Total cost of ownership",
    "vendors.tco_axis": "TCO ({currency})",
    "vendors.tco3": "3 years",
    "vendors.tco5": "5 years",
    "vendors.tco3.column": "TCO 3 years",
    "vendors.tco5.column": "TCO 5 years",
    "vendors.horizon": "Horizon",
    "vendors.vendor": "Offer",
    "vendors.one_off": "One-off costs",
    "vendors.yearly": "Licences + support a year",
    "vendors.go_live": "Go-live",
    "vendors.adoption": "Adoption",
    "vendors.table.caption": "NPV, ROI, IRR and payback are risk-adjusted, for the whole case with the offer; TCO is "
                             "the offer's own cost. ✓ marks the offer the case uses.",
    "vendors.use": "Make an offer the case's vendor",
    "vendors.use.button": "Use {name}",
    "vendors.use.done": "The case now uses {name}: its costs replace the vendor-dependent items, and go-live and peak "
                        "adoption follow the offer.",
    "vendors.use.failed": "{name} cannot be applied: {error}",
    "vendors.offers": "Offers",
    "vendors.offers.caption": "One row per offer; add or remove rows. Percentages as per cent.",
    "vendors.new": "Offer {n}",
    "vendors.field.name": "Offer",
    "vendors.field.licence_per_user_month": "Licence per user a month ({currency})",
    "vendors.field.users": "Users",
    "vendors.field.implementation_fee": "Implementation fee ({currency})",
    "vendors.field.internal_effort": "Internal effort ({currency})",
    "vendors.field.training": "Training ({currency})",
    "vendors.field.data_migration": "Data migration ({currency})",
    "vendors.field.support_share": "Support (% of licences)",
    "vendors.field.months_to_go_live": "Months to go-live",
    "vendors.field.expected_adoption": "Expected adoption (%)",
    "vendors.field.implementation_risk": "One-off cost risk (%)",
    "vendors.replaces": "Cost items an offer replaces",
    "vendors.replaces.help": "The case's vendor-dependent costs (licences, implementation, migration, training, "
                             "internal effort). They are removed when an offer is evaluated or chosen.",
    # summary: risk
    "summary.p_positive": "P(NPV > 0)",
    "summary.p_positive.range": "P10 – P90: {low} – {high}",
    "summary.p_positive.help": "Monte Carlo: share of {runs} runs with a positive NPV, and the range eight runs in "
                               "ten fall in. See the Risk page.",
    # customer value
    "nav.customers": "Customer value",
    "customers.title": "Customer value",
    "customers.caption": "Who brings the profit, what each segment is worth and may cost to win, and - with a second "
                         "snapshot of the same customers - what the relationship returned, tier by tier.",
    "customers.source.sample": "sample base (synthetic)",
    "customers.data": "Customer data: {source}, {count} customers",
    "customers.data.after": "; after snapshot: {count} customers",
    "customers.format": "One row per customer, as **.csv** (UTF-8) or **.xlsx** (first sheet). Columns: **Customer "
                        "ID**, **Segment** (optional), **Revenue** and **Cost to serve** (both over the last 12 "
                        "months), **First purchase** and **Last purchase** (YYYY-MM-DD or Excel dates, not in the "
                        "future), **Orders** (since the first purchase). The *after* file is a later snapshot of the "
                        "same customers (same ids); download the sample files to see the format.",
    "customers.sample.before": "Sample: before (CSV)",
    "customers.sample.after": "Sample: a year later (CSV)",
    "customers.upload.before": "Customers now (or before the CRM)",
    "customers.upload.after": "The same customers later (optional)",
    "customers.upload.done.before": "{name}: {count} customers read. The after snapshot was cleared; upload the "
                                    "matching one to compare.",
    "customers.upload.done.after": "{name}: {count} customers read as the after snapshot.",
    "customers.upload.refused": "{name} was not used; the previous data is kept. Fix these and upload again:",
    "customers.reset": "Back to the sample data",
    "customers.use_sample": "Explore with the sample data (synthetic customers, not yours)",
    "customers.data.none": "Customer data: none yet. Upload your customer file",
    "customers.none": "No customer data yet. Upload a customer file above (a .csv or .xlsx with one row per "
                      "customer) to see who brings the profit, value tiers, loyalty and lifetime value; or explore "
                      "the page with the synthetic sample data. Nothing from a file enters the case until you use it.",
    "customers.upload.before_first": "upload the first snapshot (the customers now) before the second",
    "customers.kept": "The case keeps the customer figures of the file analysed when it was saved ({count} "
                      "customers): customer rows are not stored in the case, so the charts below show this "
                      "session's data. Upload the file again (or go back to the sample data) to replace the "
                      "case's figures.",
    "customers.headline": "The top {top} of customers bring {share} of the profit",
    "customers.headline.none": "The customers' total profit is not positive",
    "customers.count": "Customers",
    "customers.total_profit": "Yearly profit",
    "customers.total_profit.help": "Sum over the customers of revenue minus cost to serve (last 12 months).",
    "customers.peak": "Whale curve peak",
    "customers.peak.help": "Profit of the profitable customers as a share of the total: above 100 % the loss-makers "
                           "give part of it back.",
    "customers.loss_makers": "Loss-making customers",
    "customers.loss_makers.help": "Customers whose cost to serve exceeds their revenue; the figure below is their "
                                  "total loss.",
    "customers.whale": "Where the profit comes from",
    "customers.whale.x": "Customers, most profitable first",
    "customers.whale.y": "Cumulative share of profit",
    "customers.whale.top": "top {top}",
    "customers.whale.caption": "The curve climbs while customers add profit and bends down where loss-makers take it "
                               "back; the dashed line is 100 % of the total.",
    "customers.tiers": "Value tiers",
    "customers.tiers.caption": "Top: the best {top} of customers by profit, {threshold} a year or more; willing to "
                               "lose: the loss-makers (below 0); middle: the rest.",
    "customers.tier": "Tier",
    "customers.tier.top": "Top",
    "customers.tier.middle": "Middle",
    "customers.tier.lose": "Willing to lose",
    "customers.left": "Left",
    "customers.profit": "Profit",
    "customers.share_profit": "Share of profit",
    "customers.top_share": "Top tier: the best ... of customers",
    "customers.top_share.help": "Share of customers, ranked by profit, counted as the top tier (the 20 of 80/20).",
    "customers.loyalty": "Loyal or profitable?",
    "customers.loyalty.caption": "Each dot a customer: how long they have bought (tenure) against their yearly profit. "
                                 "Loyal customers are not always the profitable ones (Reinartz and Kumar); the dashed "
                                 "lines are the medians.",
    "customers.loyalty.sampled": "{shown} of {count} customers drawn, at random; the table counts them all.",
    "customers.tenure": "Tenure (years since the first purchase)",
    "customers.profit_axis": "Yearly profit ({currency}, log scale)",
    "customers.id": "Customer",
    "customers.segment": "Segment",
    "customers.group": "Group",
    "customers.group.true_friends": "True friends (loyal, profitable)",
    "customers.group.butterflies": "Butterflies (profitable, short-lived)",
    "customers.group.barnacles": "Barnacles (loyal, unprofitable)",
    "customers.group.strangers": "Strangers (neither)",
    "customers.mean_tenure": "Tenure (years)",
    "customers.groups.caption": "Keep true friends close, make the most of butterflies while they stay, find out "
                                "whether barnacles can buy more or cost less, and do not chase strangers.",
    "customers.ror": "Return on relationship",
    "customers.ror.none": "Upload a later snapshot of the same customers (above) to see what the relationship "
                          "returned. The sample base has one.",
    "customers.ror.summary": "**{common}** customers are in both snapshots ({left} left, {joined} joined); their "
                             "yearly "
                             "profit went from {before} to **{after}** ({change}).",
    "customers.ror.middle": "**Did mid-tier customers grow? {verdict}.** Their mean yearly profit went from {before} "
                            "to "
                            "{after} ({change}); {moved} of the {count} moved up to the top tier.",
    "customers.ror.lose": "**Did customers we were willing to lose become profitable? {verdict}.** {now} of the "
                          "{kept} loss-makers still with us make a profit now (of {count} at the start).",
    "customers.ror.yes": "Yes",
    "customers.ror.no": "No",
    "customers.migration.before": "Tier before",
    "customers.migration.after": "Tier after",
    "customers.migration.caption": "Customers moving between tiers; both snapshots use the before thresholds (top from "
                                   "{threshold}), so a customer moves only when their own profit changes.",
    "customers.retention": "Retained",
    "customers.mean_before": "Profit before",
    "customers.mean_after": "Profit after",
    "customers.change": "Change",
    "customers.orders": "Orders / year",
    "customers.ror.caption": "Per tier of the before snapshot: mean yearly profit and orders a year (before → after) "
                             "of the customers still there.",
    "customers.clv": "Lifetime value by segment",
    "customers.clv.caption": "CLV = yearly margin x sum over the years of retention^(year - 1) / (1 + {rate})^year: "
                             "the margin of a year at its end, the customer active in year 1 and retained each year "
                             "after with the segment's retention. Without a horizon: margin / (1 + rate - retention).",
    "customers.clv.value": "CLV (horizon)",
    "customers.clv.infinite": "CLV (no horizon)",
    "customers.clv.net": "Net of acquisition",
    "customers.clv.max_acquisition": "Max. to win one",
    "customers.clv.max_marketing": "Max. a year per customer",
    "customers.clv.segment_value": "Segment value",
    "customers.clv.budget": "Yearly ceiling",
    "customers.clv.guidance": "Max. to win one: paying more than the CLV to win a customer never pays back. Max. a "
                              "year per customer: spending it on every customer who stays would use up the net CLV "
                              "exactly; spend less to keep a return. Yearly ceiling: that amount x the segment's "
                              "customers. Segment value: customers x CLV.",
    "customers.segment.name": "Segment",
    "customers.segment.customers": "Customers",
    "customers.segment.annual_margin": "Yearly margin per customer ({currency})",
    "customers.segment.retention": "Retention (% a year)",
    "customers.segment.acquisition_cost": "Acquisition cost ({currency})",
    "customers.segment.horizon_years": "Horizon (years)",
    "customers.segment.new": "Segment {n}",
    "customers.segments.from_data": "Take the segments from the data",
    "customers.segments.from_data.help": "Customers and mean yearly profit per segment of the data; retention from "
                                         "the after snapshot when there is one. Acquisition costs are kept.",
    "customers.segments.done": "{count} segments taken from the data.",
    "customers.link": "Use {customers} customers and {margin} margin in the retention driver",
    "customers.link.help": "Sets the business case's retention driver (Benefits page) to this data's customer count "
                           "and "
                           "mean yearly profit, and switches it on.",
    "customers.link.done": "The retention driver now uses this data: NPV {before} -> {after}.",
    "customers.link.linked": "The retention driver uses this data.",
    # goals
    "nav.goals": "Objectives and metrics",
    "goals.title": "Objectives, strategies and metrics",
    "goals.caption": "What the CRM must achieve: each objective is tied to the money of the case, each "
                     "strategy judged by metrics with a baseline and a target. From go-live ({go_live}) each metric "
                     "is expected to move in a straight line from its baseline to its target at the deadline.",
    "goals.status.on_track": "On track",
    "goals.status.at_risk": "At risk",
    "goals.status.off_track": "Off track",
    "goals.status.on_track.help": "Metrics no more than 10 points of their planned change behind their path.",
    "goals.status.at_risk.help": "Metrics 10 to 25 points of their planned change behind their path.",
    "goals.status.off_track.help": "Metrics more than 25 points of their planned change behind their path.",
    "goals.npv_tracking": "NPV as tracking",
    "goals.npv_tracking.help": "The case's NPV with the tracked driver inputs re-forecast from the latest actuals; "
                               "as planned: {planned}. The difference is below the figure.",
    "goals.no_actuals": "No actuals yet: upload them below (or load the illustrative ones) to see the scorecard.",
    "goals.tree": "Objectives -> strategies -> metrics",
    "goals.function.Marketing": "Marketing",
    "goals.function.Sales": "Sales",
    "goals.function.Service": "Service",
    "goals.by": "by {deadline}",
    "goals.money": "Worth {amount} a year in the case (at full adoption, before risk): {how}",
    "goals.strategy": "Strategy",
    "goals.metric_line": "{icon} **{name}**: {baseline} -> {target}; latest {actual}; owner {owner}",
    "goals.scorecard": "KPI scorecard",
    "goals.scorecard.empty": "The scorecard fills in as actuals arrive.",
    "goals.scorecard.caption": "Latest actual of each metric; below it, the difference from where its path says it "
                               "should be, in the colour of the metric's status (green on track, orange at risk, "
                               "red off track; a small shortfall within tolerance stays green).",
    "goals.on_path": "on the path",
    "goals.vs_path": "vs path",
    "goals.points": "{value} pts",
    "goals.metric.help": "{period}: path {expected}, target {target}; {progress} of the planned change achieved "
                         "where {expected_progress} was expected.",
    "goals.chart": "Actual against path",
    "goals.chart.metric": "Metric",
    "goals.chart.date": "Month",
    "goals.chart.expected": "Path",
    "goals.chart.actual": "Actual",
    "goals.chart.target": "target",
    "goals.chart.caption": "Dashed grey: the path from the baseline at go-live to the target at the deadline; blue: "
                           "the actuals; dotted green: the target.",
    "goals.off_track": "Behind plan: corrective actions",
    "goals.all_on_track": "Every tracked metric is on track.",
    "goals.behind": "Latest {actual} where the path says {expected}: {gap} of the planned change behind. Owner: "
                    "{owner}.",
    "goals.action": "Corrective action",
    "goals.action.placeholder": "What will be done, by whom, by when",
    "goals.planned_vs_tracking": "Business case as planned vs as tracking",
    "goals.planned_vs_tracking.caption": "Metrics that measure a driver input re-forecast it from their latest actual "
                                         "after go-live: input = no-improvement value + planned improvement x "
                                         "(progress achieved / progress expected), at most twice the plan.",
    "goals.figure": "Figure",
    "goals.as_planned": "As planned",
    "goals.as_tracking": "As tracking",
    "goals.metric": "Metric",
    "goals.input": "Driver input",
    "goals.planned": "Planned",
    "goals.realisation": "Realised",
    "goals.reforecast": "Re-forecast",
    "goals.reforecast.none": "No tracked driver input has an actual after go-live yet.",
    "goals.actuals": "Actuals",
    "goals.actuals.caption": "{count} values. Upload a .csv or .xlsx with columns Metric, Period (YYYY-MM; 2027-Q3 "
                             "and Sep 2027 work too) and Value (per cent as 11 % or 0.11); a value for a month "
                             "already there replaces it.",
    "goals.actuals.template": "Template to fill (CSV)",
    "goals.actuals.example": "Load illustrative actuals",
    "goals.actuals.example.help": "Nine months from go-live, invented: most metrics on their path, some behind.",
    "goals.actuals.example.done": "Illustrative actuals loaded; replace them with yours when you have them.",
    "goals.actuals.clear": "Clear the actuals",
    "goals.actuals.upload": "Upload actuals",
    "goals.actuals.done": "{name}: {count} values read.",
    "goals.actuals.refused": "{name} was not used; nothing changed. Fix these and upload again:",
    "goals.edit": "Edit objectives and metrics",
    "goals.objectives": "Objectives",
    "goals.objective.name": "Objective",
    "goals.objective.statement": "Statement (quantified)",
    "goals.objective.function": "Function",
    "goals.objective.link": "Money in the case",
    "goals.objective.link.help": "The driver or benefit line of the case that holds this objective's money.",
    "goals.objective.deadline": "Deadline",
    "goals.objective.estimation": "How the benefit is estimated",
    "goals.objective.estimation.help": "Leave empty to show the linked driver's formula.",
    "goals.objective.new": "Objective {n}",
    "goals.metrics": "Metrics",
    "goals.metrics.caption": "Name a metric after the library to get its definition: {library}.",
    "goals.metric.name": "Metric",
    "goals.metric.objective": "Objective",
    "goals.metric.strategy": "Strategy or tactic",
    "goals.metric.unit": "Unit",
    "goals.metric.unit.help": "% (baseline and target typed as percentages: 72 for 72 %), money, or any unit "
                              "(days, minutes, points).",
    "goals.metric.direction": "Better when",
    "goals.metric.baseline": "Baseline",
    "goals.metric.target": "Target",
    "goals.metric.frequency": "Measured",
    "goals.metric.owner": "Owner",
    "goals.metric.driver_input": "Re-forecasts",
    "goals.metric.driver_input.help": "The driver input this metric measures; its actuals re-forecast it.",
    "goals.metric.definition": "Definition",
    "goals.metric.new": "Metric {n}",
    "goals.metric.new_strategy": "New strategy",
    # case library, autosave, sharing
    "nav.group.share": "Share",
    "nav.library": "Case library",
    "library.title": "Case library",
    "library.caption": "Every change is saved as you work, with its history. The link below opens this case "
                       "in any browser; refresh or come back tomorrow and it is still here.",
    "library.status.saved": "Saved · version {version} · {when}",
    "library.status.new": "Not in the library yet: your first change saves it and gives it a link.",
    "library.link": "Link to this case (send it, bookmark it, open it in another browser):",
    "library.author": "Your name, for the history",
    "library.author.help": "Shown next to the versions you save. Kept for this browser session only.",
    "library.anonymous": "(no name)",
    "library.tab.cases": "Cases",
    "library.tab.history": "History of this case",
    "library.tab.compare": "Compare two cases",
    "library.tab.files": "Save or open a file",
    "library.copy": "Save as a copy",
    "library.copy.name": "Name of the copy",
    "library.copy.default": "{name} (copy)",
    "library.copy.button": "Save the copy and open it",
    "library.copy.done": "Saved as a new case; you are now working on the copy.",
    "library.delete": "Delete this case",
    "library.delete.confirm": "Delete “{name}”? It leaves the list but stays restorable under Deleted cases, "
                              "with its whole history. Your screen keeps the case as an unsaved copy.",
    "library.delete.yes": "Yes, delete",
    "library.delete.done": "Deleted. Restore it from Deleted cases at any time.",
    "library.all": "Saved cases ({count})",
    "library.empty": "No saved case yet. Change anything in the case and it is saved here.",
    "library.open": "Open another case",
    "library.open.button": "Open",
    "library.opened": "Opened “{name}”.",
    "library.deleted": "Deleted cases ({count})",
    "library.deleted.none": "No deleted case.",
    "library.undelete.pick": "Deleted case to restore",
    "library.undelete": "Restore",
    "library.col.name": "Case",
    "library.col.updated": "Last change",
    "library.col.by": "By",
    "library.col.version": "Version",
    "library.col.current": "Open here",
    "library.col.when": "When",
    "library.col.action": "What happened",
    "library.col.what": "What changed",
    "library.action.created": "Created",
    "library.action.saved": "Saved",
    "library.action.restored": "Restored an earlier version",
    "library.action.deleted": "Deleted",
    "library.action.undeleted": "Restored from deleted",
    "library.kind.added": "added",
    "library.kind.removed": "removed",
    "library.history.more": "and {count} more",
    "library.history.same": "nothing",
    "library.history.none": "No history yet: this case is not in the library (saving starts with your first "
                            "change).",
    "library.restore.pick": "Go back to an earlier version",
    "library.restore.option": "Version {version} · {when}",
    "library.restore.placeholder": "Choose a version",
    "library.restore": "Restore",
    "library.compare.need": "Save at least two cases to compare them (e.g. “Save as a copy”, then change the copy).",
    "library.compare.a": "Case A",
    "library.compare.b": "Case B",
    "library.compare.figures": "Figures (risk-adjusted)",
    "library.compare.figure": "Figure",
    "library.compare.difference": "B − A",
    "library.compare.inputs": "Inputs that differ ({count})",
    "library.compare.input": "Input",
    "library.compare.same": "The two cases have the same inputs.",
    "library.json.save": "Save as a JSON file",
    "library.json.save.caption": "The whole case in one file: e-mail it, keep it in version control, open it "
                                 "here or with the command line (python -m crm_case evaluate case.json).",
    "library.json.download": "Download the case (.json)",
    "library.json.open": "Open a JSON file",
    "library.json.open.caption": "A case saved from crm-case. It opens as a new case in the library; the "
                                 "current case is not touched.",
    "library.json.label": "Case file (.json)",
    "library.json.bad": "{name} is not a crm-case case; nothing was opened. What is wrong:",
    "library.json.too_big": "the file is {size} KB; a case file is at most {limit} KB",
    "library.json.ok": "“{name}” is a valid case.",
    "library.json.apply": "Open it as a new case",
    "library.unreadable": "The list of cases cannot be read: {reason}",
    "library.off": "Saving is off: {reason}. Your changes are kept in this browser tab only until the library "
                   "works again; download the case as JSON to keep a copy.",
    "library.off.short": "Saving is off",
    "library.retry": "Try saving again",
    "library.conflict": "This case was {where} since you opened it. Your last change is on screen but not "
                        "saved: reload the library's version, or save yours as a new case.",
    "library.conflict.changed": "changed elsewhere (another tab or person)",
    "library.conflict.deleted": "deleted elsewhere",
    "library.conflict.reload": "Reload",
    "library.conflict.copy": "Save as copy",
    "library.elsewhere.newer": "Version {version} was saved elsewhere ({who}{when}). This screen shows version "
                               "{mine}: load the new one before you change anything.",
    "library.elsewhere.load": "Load version {version}",
    "library.elsewhere.deleted": "This case was deleted elsewhere ({who}{when}). What is on screen is no longer "
                                 "saved: save it as a copy to keep it.",
    "library.notice.unknown": "The link names case {id}, which is not in this library (mistyped, or from "
                              "another server). You are working on the sample case; your first change saves "
                              "it as a new case.",
    "library.notice.deleted": "The case “{name}” was deleted. Restore it from the Case library page (Deleted "
                              "cases); until then you are working on the sample case.",
    "library.notice.off_link": "The link names case {id}, but the case library cannot be reached, so it could "
                               "not be opened.",
    "library.new.name": "New case",
    "library.section.assumptions": "Assumptions",
    "library.section.costs": "Costs",
    "library.section.benefits": "Benefits",
    "library.section.drivers": "Drivers",
    "library.section.rollout": "Rollout",
    "library.section.delay": "Cost of delay",
    "library.section.scoring": "Advantages and disadvantages",
    "library.section.readiness": "Readiness",
    "library.section.risk": "Risk",
    "library.section.vendors": "Vendors",
    "library.section.customers": "Customer value",
    "library.section.goals": "Objectives and metrics",
    # slides: presentation mode and the executive report
    "story.headline": "The decision",
    "story.cashflow": "The investment is paid back after {months} months; from then on the CRM adds value every month",
    "story.benefits": "{amount} of benefits over {years} years ({pv} in present value), most of it in {name}",
    "story.investment": "{amount} to invest over {years} years ({pv} in present value): software, people and "
                        "process",
    "story.total_benefits": "Benefits over {years} years",
    "story.total_costs": "Costs over {years} years",
    "story.risk": "{chance} chance the NPV is positive; {input} moves it most",
    "story.npv_range": "NPV, P10 – P90",
    "nav.report": "Executive report",
    "nav.present": "Present",
    "present.position": "Slide {n} of {count} · {name}",
    "present.previous": "Previous",
    "present.next": "Next",
    "present.slides": "Slides",
    "present.order": "Slides to show, in this order",
    "present.order.help": "Remove a slide to skip it; add slides back in the order you want them shown.",
    "present.exit": "Exit",
    "sidebar.present": "Present full screen",
    "report.title": "Executive report",
    "report.caption": "A PDF to hand the executive: built from the case as it is now, on this server, "
                      "with nothing sent anywhere.",
    "report.contents": "**The report holds** the verdict and headline figures (risk-adjusted and unadjusted), "
                       "the key charts with their message, the assumptions and line items, the risks, and "
                       "today's date.",
    "report.download": "Download the PDF report",
    "report.charts": "Key charts",
    "report.charts.caption": "Each chart as an image for your own slides: PNG (picture) or SVG (vector, "
                             "any size).",
    "report.png.help": "Picture, twice screen resolution",
    "report.svg.help": "Vector image: sharp at any size, editable",
    "report.footer": "{name} · crm-case executive report · {date}",
    "report.date": "Prepared on {date} · {years}-year horizon · discount rate {rate} · figures risk-adjusted "
                   "(Forrester TEI) unless stated",
    "report.verdict": "Verdict",
    "report.figure": "Figure",
    "report.adjusted": "Risk-adjusted",
    "report.unadjusted": "Unadjusted",
    "report.assumptions": "Assumptions",
    "report.assumption": "Assumption",
    "report.value": "Value",
    "report.costs": "Costs (line items)",
    "report.benefits": "Benefits (line items)",
    "report.line": "Line",
    "report.initial": "Initial",
    "report.yearly": "Years 1–{years}",
    "report.risks": "Risks",
    "report.risk.mc": "{chance} chance that the NPV is positive ({runs} Monte Carlo runs over the input ranges); "
                      "the NPV lies between {low} (P10) and {high} (P90) in 80 % of the runs. The inputs that move "
                      "the NPV most, each between the ends of its range:",
    "report.range": "Range",
    "report.npv_low": "NPV, worse end",
    "report.npv_high": "NPV, better end",
    "report.risk.readiness": "Readiness index {index} / 100; weakest areas: {areas}.",
    "report.risk.readiness.none": "Readiness has not been assessed (Readiness check page).",
    "report.risk.disadvantages": "Main disadvantages weighed in the decision: {items}.",
}

# Strings of a few newer features sit in their own modules while they are written, merged here (one catalog).
from ui.text_library import EN as _LIBRARY_EN  # noqa: E402
from ui.text_recommend import EN as _RECOMMEND_EN  # noqa: E402
from ui.text_report import EN as _REPORT_EN  # noqa: E402
from ui.text_setup import EN as _SETUP_EN  # noqa: E402

EN |= _RECOMMEND_EN | _SETUP_EN | _LIBRARY_EN | _REPORT_EN


def _field_labels() -> dict[str, str]:
    """``field.<path>`` of every field whose English title the model declares (:func:`crm_case.model.field_titles`):
    the model is the one English source of field labels; another language's catalog overrides them. A field every
    driver has is one key (``field.enabled``, ``field.risk_adjustment``), as :func:`ui.state.field_key` asks."""
    labels = {}
    for path, title in field_titles().items():
        if field_info(path).kind == "object":
            continue  # a part (drivers.retention): its name is driver.<name>
        parts = path.split(".")
        shared = parts[0] == "drivers" and parts[-1] in ("enabled", "risk_adjustment")
        labels[f"field.{parts[-1] if shared else path}"] = title
    return labels


EN |= _field_labels()

CATALOGS = {"en": EN}


def t(key: str, /, **values: object) -> str:
    """The text of ``key`` in the current language, with ``{name}`` placeholders filled from ``values``."""
    text = CATALOGS[LANGUAGE][key]
    return text.format(**values) if values else text


def has(key: str) -> bool:
    """Whether the catalog has ``key`` (for optional help texts)."""
    return key in CATALOGS[LANGUAGE]


def input_label(path: str) -> str:
    """The label of an input of the risk analysis: ``risk.label.<path>``, else the field's own label, else
    (line-item multipliers) "IT costs (line items)"."""
    parts = path.split(".")
    if parts[0] == "scale":
        return t(f"risk.scale.{parts[1]}", group=parts[2])
    override = f"risk.label.{path}"
    return t(override) if has(override) else t(f"field.{path}")


def input_name(path: str) -> str:
    """:func:`input_label` without its unit, lower case unless it starts with an acronym, for use inside a
    sentence ("churn with CRM")."""
    label = input_label(path)
    if label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def change_label(path: str, item: str | None = None) -> str:
    """What a change of the case is about, for a history or a comparison: the field's label when the catalog
    has one (``Discount rate``), else the section and the field in words, with the list item's name
    (``Costs › “CRM subscription” › initial``)."""
    if has(f"field.{path}") and item is None:
        return t(f"field.{path}")
    section, *rest = path.split(".")
    parts = [t(f"library.section.{section}") if has(f"library.section.{section}") else section.replace("_", " ")]
    if item is not None:
        parts.append(f"“{item}”")
    if rest:
        key = f"field.{path}"
        parts.append(t(key) if has(key) else " ".join(rest).replace("_", " "))
    return " › ".join(parts)
