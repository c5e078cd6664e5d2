"""The built-in sample case: a mid-size B2B company replacing spreadsheets and e-mail with a CRM.

The company: about 2,000 active customers, 40 sales reps, a 15-person service desk and a small
marketing team; it buys an operational CRM for 60 users, decides on 1 January 2027 and evaluates five
years at a 10 % discount rate, in euros. Every figure is documented in the README ("The sample case").
"""

from __future__ import annotations

import datetime as dt

from crm_case.model import (
    SEED_CRITERIA,
    AcquisitionCostDriver,
    Assumptions,
    Case,
    CostCategory,
    CostItem,
    CostOfDelay,
    CrmType,
    CustomerValue,
    Direction,
    Drivers,
    Goals,
    MarketingEfficiencyDriver,
    Metric,
    Objective,
    Participant,
    Readiness,
    RetentionDriver,
    Rollout,
    SalesProductivityDriver,
    Scoring,
    Segment,
    ServiceCostDriver,
    Timing,
    VendorOffer,
    Vendors,
    WinRateDriver,
)

_IT, _PEOPLE, _PROCESS = CostCategory.IT, CostCategory.PEOPLE, CostCategory.PROCESS

SAMPLE_SEGMENTS = (
    Segment(name="Enterprise", customers=160, annual_margin=33_750, retention=0.95, acquisition_cost=30_000),
    Segment(name="Mid-market", customers=640, annual_margin=7_500, retention=0.90, acquisition_cost=6_000),
    Segment(name="Small business", customers=1_200, annual_margin=1_500, retention=0.86, acquisition_cost=1_000),
)
"""The sample's customers by segment: the same 2,000 customers as the retention driver, at its mean margin of
6,000 a year (160 x 33,750 + 640 x 7,500 + 1,200 x 1,500 = 12,000,000) and its retention before the CRM
(88 %: 1 - 12 % churn); the acquisition costs of the year's new customers (100 mid-market, 150 small) average
the acquisition driver's 3,000. The sample customer files (crm_case.customers.synthetic_customers) hold exactly
these segments; tests/unit/test_sample_consistency.py checks every such pair."""


def sample_case() -> Case:
    """A realistic case to start from; every call returns an equal, new case."""
    five = lambda amount: (amount,) * 5  # noqa: E731 - a yearly amount repeated over the horizon
    return Case(
        assumptions=Assumptions(
            name="Acme Industrial Supplies - CRM business case",
            currency="EUR",
            start_date=dt.date(2027, 1, 1),
            horizon_years=5,
            discount_rate=0.10,
            timing=Timing.END_OF_YEAR,
        ),
        costs=(
            CostItem(category=_IT, name="CRM subscription (60 users x 95 EUR a month)", per_year=five(68_400)),
            CostItem(category=_IT, name="Implementation partner and integration", initial=120_000,
                     per_year=(30_000,), risk_adjustment=0.15),
            CostItem(category=_IT, name="Data migration and cleansing", initial=40_000, risk_adjustment=0.20),
            CostItem(category=_IT, name="Integration maintenance", per_year=five(12_000), risk_adjustment=0.10),
            CostItem(category=_PEOPLE, name="Training (initial and new joiners)", initial=30_000,
                     per_year=five(8_000), risk_adjustment=0.10),
            CostItem(category=_PEOPLE, name="Internal project team time", initial=80_000,
                     per_year=(40_000,), risk_adjustment=0.15),
            CostItem(category=_PEOPLE, name="CRM administrator (0.5 FTE)", per_year=five(35_000)),
            CostItem(category=_PROCESS, name="Change management", initial=35_000, per_year=(20_000,),
                     risk_adjustment=0.15),
            CostItem(category=_PROCESS, name="Process redesign and knowledge transfer", initial=25_000,
                     per_year=(10_000,), risk_adjustment=0.10),
        ),
        drivers=Drivers(
            retention=RetentionDriver(
                customers=2_000, churn_before=0.12, churn_after=0.10,
                annual_margin_per_customer=6_000, risk_adjustment=0.20,
            ),
            sales_productivity=SalesProductivityDriver(
                reps=40, hours_saved_per_week=2.5, working_weeks=46, loaded_hourly_cost=55,
                selling_time_share=0.5, risk_adjustment=0.10,
            ),
            win_rate=WinRateDriver(
                opportunities=1_200, win_rate_before=0.22, win_rate_after=0.24,
                average_deal=25_000, deal_size_uplift=0.03, margin=0.30, risk_adjustment=0.25,
            ),
            service_cost=ServiceCostDriver(
                contacts=30_000, cost_per_contact=18, self_service_deflection=0.10,
                fcr_uplift=0.05, risk_adjustment=0.10,
            ),
            marketing_efficiency=MarketingEfficiencyDriver(
                campaign_spend=400_000, waste_removed=0.08, risk_adjustment=0.15,
            ),
            acquisition_cost=AcquisitionCostDriver(
                new_customers=250, cac_before=3_000, cac_reduction=0.10, risk_adjustment=0.15,
            ),
        ),
        rollout=Rollout(
            crm_type=CrmType.OPERATIONAL,
            months_to_go_live=6,
            ramp_months=12,
            peak_adoption=0.85,
            dip_depth=0.15,
            dip_months=3,
            dip_affected_staff=55,
            dip_monthly_output_per_person=7_000,
        ),
        delay=CostOfDelay(
            delay_months=6,
            customers_lost_per_month=2, value_per_lost_customer=15_000,
            new_product_revenue_per_month=50_000, new_product_shortfall=0.05,
            campaign_spend_per_month=33_000, campaign_waste_share=0.25, waste_growth_per_month=0.01,
            staff_redeployed=4, knowledge_replacement_cost=8_000,
            headcount=60, attrition_rate=0.15, experience_loss_per_leaver=10_000,
            customers_at_risk=2_000, churn_uplift=0.01, margin_per_customer=6_000,
            price_increase_per_year=0.05,
        ),
        scoring=Scoring(
            criteria=SEED_CRITERIA,
            participants=tuple(
                Participant(name=name, scores=dict(zip((c.name for c in SEED_CRITERIA), votes, strict=True)))
                for name, votes in (
                    ("CEO", (9, 7, 5, 6)),
                    ("Sales director", (8, 8, 7, 8)),
                    ("Service lead", (9, 9, 4, 5)),
                    ("CFO", (6, 5, 9, 7)),
                    ("IT manager", (7, 6, 8, 9)),
                )
            ),
            use_votes=True,
        ),
        readiness=Readiness(
            scores={"executive_sponsorship": 4, "clear_objectives": 3, "data_quality": 2, "process_maturity": 3,
                    "it_infrastructure": 4, "adoption_readiness": 2, "budget": 4, "skills": 3},
            weights={"executive_sponsorship": 2, "clear_objectives": 1.5, "data_quality": 1.5, "process_maturity": 1,
                     "it_infrastructure": 1, "adoption_readiness": 2, "budget": 1, "skills": 1},
        ),
        customers=CustomerValue(segments=SAMPLE_SEGMENTS),
        goals=sample_goals(),
        vendors=Vendors(
            offers=(
                VendorOffer(name="Cloud suite (vendor A)", licence_per_user_month=95, users=60,
                            implementation_fee=150_000, internal_effort=120_000, training=45_000,
                            data_migration=40_000, support_share=0.0, months_to_go_live=6, expected_adoption=0.85,
                            implementation_risk=0.15),
                VendorOffer(name="Lean cloud (vendor B)", licence_per_user_month=55, users=60,
                            implementation_fee=70_000, internal_effort=160_000, training=30_000,
                            data_migration=45_000, support_share=0.0, months_to_go_live=8, expected_adoption=0.78,
                            implementation_risk=0.20),
                VendorOffer(name="On-premises (vendor C)", licence_per_user_month=45, users=60,
                            implementation_fee=210_000, internal_effort=110_000, training=40_000,
                            data_migration=40_000, support_share=0.22, months_to_go_live=10,
                            expected_adoption=0.90, implementation_risk=0.20),
            ),
            replaces=(
                "CRM subscription (60 users x 95 EUR a month)",
                "Implementation partner and integration",
                "Data migration and cleansing",
                "Training (initial and new joiners)",
                "Internal project team time",
            ),
        ),
    )


def sample_goals() -> Goals:
    """Seed 002 applied to the sample: four objectives tied to the case's drivers, a strategy per metric, and
    the metrics that judge them (actuals come later: the Goals page can load illustrative ones)."""
    higher, lower = Direction.HIGHER, Direction.LOWER
    end_2028, mid_2028 = dt.date(2028, 12, 31), dt.date(2028, 6, 30)
    metric = Metric
    return Goals(
        objectives=(
            Objective(name="Keep customers", statement="Cut yearly churn from 12 % to 10 % by the end of 2028",
                      function="Service", link="drivers.retention", deadline=end_2028),
            Objective(name="Win more deals", statement="Raise the win rate from 22 % to 24 % and the average deal by "
                      "3 % by mid-2028", function="Sales", link="drivers.win_rate", deadline=mid_2028),
            Objective(name="Cheaper service", statement="Solve 5 points more contacts at the first contact and move "
                      "10 % of them to self-service by mid-2028", function="Service", link="drivers.service_cost",
                      deadline=mid_2028),
            Objective(name="Cheaper acquisition", statement="Win new customers 10 % cheaper (3,000 to 2,700 EUR) by "
                      "the end of 2028", function="Marketing", link="drivers.acquisition_cost", deadline=end_2028),
        ),
        metrics=(
            metric(name="Churn rate", objective="Keep customers", strategy="Proactive reviews of at-risk accounts",
                   unit="%", direction=lower, baseline=0.12, target=0.10, owner="Head of customer service",
                   definition="customers lost in a year / customers at start",
                   driver_input="drivers.retention.churn_after"),
            metric(name="Net Promoter Score", objective="Keep customers",
                   strategy="Close the loop with every detractor within 48 hours", unit="points", direction=higher,
                   baseline=22, target=35, owner="Service lead", frequency="quarterly",
                   definition="100 x (promoters - detractors) / answers"),
            metric(name="Win rate", objective="Win more deals", strategy="One pipeline with shared qualification "
                   "stages", unit="%", direction=higher, baseline=0.22, target=0.24, owner="Sales director",
                   definition="deals won / deals closed", driver_input="drivers.win_rate.win_rate_after"),
            metric(name="Average deal size", objective="Win more deals", strategy="Cross-sell prompts from the "
                   "account history", unit="money", direction=higher, baseline=25_000, target=25_750,
                   owner="Sales director", definition="revenue won / deals won",
                   driver_input="drivers.win_rate.deal_size_uplift"),
            metric(name="Sales cycle length", objective="Win more deals", strategy="One pipeline with shared "
                   "qualification stages", unit="days", direction=lower, baseline=95, target=80,
                   owner="Sales operations", definition="mean days from opportunity to close"),
            metric(name="First-contact resolution", objective="Cheaper service", strategy="Knowledge base and "
                   "case history on the agent's screen", unit="%", direction=higher, baseline=0.70, target=0.75,
                   owner="Service desk manager", definition="contacts resolved at the first contact / contacts",
                   driver_input="drivers.service_cost.fcr_uplift"),
            metric(name="Self-service share", objective="Cheaper service", strategy="Customer portal for orders and "
                   "invoices", unit="%", direction=higher, baseline=0.0, target=0.10, owner="Digital lead",
                   definition="contacts resolved by self-service / all contacts",
                   driver_input="drivers.service_cost.self_service_deflection"),
            metric(name="Average handle time", objective="Cheaper service", strategy="Knowledge base and case "
                   "history on the agent's screen", unit="minutes", direction=lower, baseline=7.5, target=6.5,
                   owner="Service desk manager", definition="handling minutes / contacts"),
            metric(name="Customer acquisition cost", objective="Cheaper acquisition", strategy="Target look-alikes "
                   "of the best customers", unit="money", direction=lower, baseline=3_000, target=2_700,
                   owner="Marketing manager", definition="sales and marketing spend / new customers",
                   driver_input="drivers.acquisition_cost.cac_reduction"),
            metric(name="Campaign response rate", objective="Cheaper acquisition", strategy="Target look-alikes of "
                   "the best customers", unit="%", direction=higher, baseline=0.020, target=0.026,
                   owner="Marketing manager", definition="responses / people reached"),
        ),
    )
