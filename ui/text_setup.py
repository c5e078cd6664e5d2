"""English strings of the guided set-up; merged into the catalog by ui/i18n.py."""

EN: dict[str, str] = {
    "nav.setup": "Guided set-up",
    "setup.caption": "From a blank case to a first business case in five steps. Every value you type is an edit of "
                     "the case like any other: checked, saved as a version, and kept when you leave and come back.",
    "setup.not_blank": "You are looking at **{name}**, which still holds the sample company's figures. Start a "
                       "blank case of your own, or go through the steps to see how this one is built.",
    "setup.blank.help": "A new case with nothing but its frame; the case you are on stays as it is in the library.",
    "setup.blank": "Start a blank case",
    "setup.steps": "Steps",
    "setup.step.todo": "{n}. {name}",
    "setup.step.done": ":material/check_circle: {name}",
    "setup.step.company": "Company",
    "setup.step.rollout": "CRM, users",
    "setup.step.costs": "Costs",
    "setup.step.benefits": "Benefits",
    "setup.step.review": "Review",
    "setup.back": "Back: {name}",
    "setup.next": "Next: {name}",
    # 1. company
    "setup.company.intro": "**Who, in which currency, from when, over how long.** The decision date is month 0: "
                           "initial amounts are spent then, and every later amount is discounted back to it.",
    "setup.company.tei": "**Forrester TEI convention:** {years} years at {rate}. {why_years} {why_rate}",
    # 2. CRM type and users
    "setup.rollout.intro": "**What kind of CRM, for how many people.** The type sets the rollout: months to go-live, "
                           "the adoption ramp and the go-live dip. You can fine-tune each on the Benefits page.",
    "setup.crm_type": "CRM type",
    "setup.preset": "Sets go-live after {go_live} months, full adoption {ramp} months later at {adoption}, and a "
                    "go-live dip of {depth} of output recovering over {dip}. {source}",
    "setup.preset.source.operational": "“Analytical CRM” (MarketWatch, 2007): sales-force automation pays slowly and "
                                       "loses productivity at go-live, while users still discover the tool.",
    "setup.preset.source.analytical": "“Analytical CRM” (MarketWatch, 2007): analytical CRM has fewer, keener power "
                                      "users, is implemented faster and pays sooner.",
    "setup.preset.source.collaborative": "Rule of thumb: between the two; the CRM articles behind this app describe "
                                         "collaborative CRM (intranet, knowledge sharing) but give no timing.",
    "setup.users": "Users",
    "setup.users.help": "People who will log in to the CRM: the licence calculator (step 3) counts them.",
    "setup.users.caption": "The number of licences you buy. It goes into the licence line of step 3.",
    "setup.dip": "Go-live dip (optional): output lost while people learn the tool",
    "setup.dip.explain": "In the first month after go-live, the people who use the CRM every day produce less: "
                         "**{depth}** of their output here, recovering over **{months}** (the CRM type sets "
                         "both). Say who is affected and what a month of their output is worth; their loaded "
                         "monthly cost (salary plus on-costs) is a fair measure. The lost output is counted as a "
                         "People cost.",
    "setup.months.one": "1 month",
    "setup.months": "{n} months",
    "setup.dip.lost": "Output lost to the dip: {amount}, counted as a People cost.",
    "setup.dip.none": "No dip is counted until both figures are above zero.",
    # 3. costs
    "setup.costs.intro": "**What the CRM costs, all of it.** The licences are only part: the CRM articles behind this "
                         "app warn that the full investment also counts people and process (the Chinese guide to CRM "
                         "investment and loyalty: IT, people, process).",
    "setup.licences": "Licences",
    "setup.price": "Price per user-month ({currency})",
    "setup.price.help": "The list or negotiated price of one user's licence for one month.",
    "setup.licences.result": "{users} users × {price} × 12 = **{yearly} a year**",
    "setup.licences.line": "Written to the IT cost line \u201c{name}\u201d, every year of the horizon.",
    "setup.licences.none": "Enter the users and the price: the IT cost line \u201cCRM licences\u201d is written "
                           "for every year of the horizon.",
    "setup.tco": "Costs often forgotten",
    "setup.tco.caption": "Tick each that applies and give its amount: once at the start (Initial), every year, or "
                         "both. Hover over an item for where it comes from.",
    "setup.tco.head.item": "Item",
    "setup.tco.head.initial": "Initial ({currency})",
    "setup.tco.head.per_year": "Every year ({currency})",
    "setup.tco.initial": "{name}: initial ({currency})",
    "setup.tco.per_year": "{name}: every year ({currency})",
    "setup.tco.varies": "A greyed yearly amount differs from year to year: edit it on the Investment page.",
    "setup.category.IT": "IT",
    "setup.category.People": "People",
    "setup.category.Process": "Process",
    "setup.tco.training": "Training · {category}",
    "setup.tco.change_management": "Change management · {category}",
    "setup.tco.knowledge_transfer": "Knowledge transfer · {category}",
    "setup.tco.data_migration": "Data migration · {category}",
    "setup.tco.internal_time": "Internal time, project team · {category}",
    "setup.tco.implementation_partner": "Implementation partner · {category}",
    "setup.tco.training.short": "Training",
    "setup.tco.change_management.short": "Change management",
    "setup.tco.knowledge_transfer.short": "Knowledge transfer",
    "setup.tco.data_migration.short": "Data migration",
    "setup.tco.internal_time.short": "Internal time",
    "setup.tco.implementation_partner.short": "Implementation partner",
    "setup.costs.total": "{lines} cost lines; total cost of ownership over {years} years: {total} (risk-adjusted). "
                         "Every line can be refined on the Investment page.",
    # 4. benefits
    "setup.benefits.intro": "**What the CRM brings.** Switch on the benefits that apply and type their few inputs. "
                            "Each is worth its formula at full adoption; the rollout of step 2 phases it in. Under "
                            "each input: its typical range and where that range comes from.",
    "setup.driver": "**{name}** · {area}",
    "setup.driver.worth": "Worth **{value} a year** at full adoption",
    "setup.formula": "Formula: {formula}",
    "setup.range": "Typical **{low} to {high}**. {why}",
    # 5. review
    "setup.review.intro": "**Where the case stands.** The headline figures of what you entered, what is still "
                          "empty, and the pages where each part can be refined.",
    "setup.review.figures": "Risk-adjusted, over {years} years at {rate}.",
    "setup.review.empty": "No figures yet: the case has no cost, no benefit and no go-live dip. Steps 3 and 4 "
                          "give it some.",
    "setup.review.gaps": "Still empty",
    "setup.review.complete": "Nothing obvious is missing. Refine the case on the pages below.",
    "setup.gap.costs": "**No cost line yet.** Step 3 adds the licences and the often-forgotten costs.",
    "setup.gap.licences": "**No licence line.** Step 3 computes it from users and price.",
    "setup.gap.tco": "**Not costed yet:** {items}. Leave them out only if they truly cost nothing.",
    "setup.gap.benefits": "**No benefit yet.** Switch on at least one driver in step 4.",
    "setup.gap.driver": "**{driver} is on but worth nothing:** one of its inputs is still 0.",
    "setup.gap.dip": "**The go-live dip is not counted.** Step 2 says who is affected and what their output is "
                     "worth.",
    "setup.gap.readiness": "**Readiness not assessed.** Score your organisation's readiness for the change.",
    "setup.review.refine": "Refine and present",
    "setup.page.summary": "Executive summary",
    "setup.page.costs": "Investment",
    "setup.page.benefits": "Benefits",
    "setup.page.projections": "Projections",
    "setup.page.risk": "Risk",
    "setup.page.readiness": "Readiness",
    "setup.page.goals": "Objectives",
}
