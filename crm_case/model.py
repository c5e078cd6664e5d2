"""The case: validated, immutable, JSON-serialisable inputs of a CRM business case.

Units, everywhere in the core:

* money in the case currency, as a float (``Money``), never negative in an input;
* time in months (``months_to_go_live``...) or whole years (``horizon_years``);
* rates and shares as fractions (``0.10`` is 10 %); per cent exists only in messages and the UI.

Every model is frozen: a change makes a new case (:func:`with_value`), validated like the first one, so
an invalid edit can never leave a half-changed case behind.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal

from babel.numbers import is_currency
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from crm_case.errors import CrmCaseError

MAX_HORIZON_YEARS = 10
MAX_ROLLOUT_MONTHS = 60
SCHEMA_VERSION = 1


# --------------------------------------------------------------------------- value types
def _pct(value: float) -> str:
    return f"{value * 100:.10g} %"


MAX_FIGURE = 1e12
"""No amount, count or metric of a case is larger than this in size (a trillion): far above any CRM case, and
low enough that products of several inputs stay finite and writable."""
MAX_FIGURE_TEXT = f"{MAX_FIGURE:,.0f}"
""":data:`MAX_FIGURE` as the messages write it: 1,000,000,000,000."""

# --------------------------------------------------------------------------- limits: what a file may ask
# A case arrives from files (JSON, workbooks, votes sheets) as well as from widgets, so every list in it has a
# limit: far above any real case, low enough that every page stays fast and a saved version stays small. The
# numbers were measured (bench group ``limits``): at every limit at once a case evaluates in well under a second.
MAX_LINE_ITEMS = 1_000
"""Cost line items, and benefit line items, per case (each list). A detailed CRM budget has tens of lines, a
few hundred at most; 1,000 + 1,000 ten-year lines evaluate in about 50 ms and make about 0.7 MB of JSON."""
MAX_CRITERIA = 50
"""Advantages and disadvantages weighed. Seed 003 weighs 4; a long list has 20. Each is a column of the votes."""
MAX_PARTICIPANTS = 200
"""People scoring the criteria. A workshop has 5 to 30; 200 covers a company-wide survey. At 200 participants
x 50 criteria the votes' statistics take about 30 ms and add about 0.4 MB of JSON."""
MAX_OBJECTIVES = 50
"""Business objectives (seed 002 tracks 4)."""
MAX_METRICS = 200
"""Metrics under the objectives' strategies (4 per objective at the objectives' limit; seed 002 has 10); also
the corrective actions, one per metric."""
MAX_ACTUALS = 5_000
"""Measured values of the metrics: 200 metrics x 25 quarters, or 40 metrics monthly over a 10-year horizon."""
MAX_VENDOR_OFFERS = 20
"""Vendor offers compared side by side; a shortlist has 3 to 5."""
MAX_SEGMENTS = 100
"""Customer segments for lifetime value; a segmentation has 3 to 10 (also the segments a customer file gives)."""
MAX_SUMMARY_KEYS = 100
"""Aggregates of the last customer analysis kept in the case (about 35 are written)."""
MAX_CASE_JSON_BYTES = 6_000_000
"""Bytes of a case's JSON, checked before it is parsed (:func:`case_from_json`, so a JSON upload, the command
line and the library). A case at every limit above at once, with the longest names and 15-digit amounts, writes
4.0 MB (a test checks it stays below); a real case writes 15 to 100 kB."""
MAX_NUMBER_DIGITS = 20
"""Digits of a JSON integer: the largest field, an amount, holds 13 (:data:`MAX_FIGURE`) and the Monte Carlo
seed 10; a longer integer is refused by field before Python converts it (which stops at 4,300 digits)."""

LIMITS: MappingProxyType[str, int] = MappingProxyType({
    "line_items": MAX_LINE_ITEMS,
    "criteria": MAX_CRITERIA,
    "participants": MAX_PARTICIPANTS,
    "objectives": MAX_OBJECTIVES,
    "metrics": MAX_METRICS,
    "actuals": MAX_ACTUALS,
    "vendor_offers": MAX_VENDOR_OFFERS,
    "segments": MAX_SEGMENTS,
    "summary_keys": MAX_SUMMARY_KEYS,
    "case_json_bytes": MAX_CASE_JSON_BYTES,
    "number_digits": MAX_NUMBER_DIGITS,
})
"""Every limit by name, read-only (for the README, the pages and tests); each is also a constant above."""


def _at_most(limit: int, what: str) -> BeforeValidator:
    """A check, before its items are validated, that a list (or mapping) holds at most ``limit`` ``what``:
    ``at most 200 participants (this case has 5,000)``. The error carries ``limit``, ``what`` and ``got`` so an
    import can name its sheet and the first row beyond the limit."""

    def check(value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)) and len(value) > limit:
            raise PydanticCustomError("too_many", "at most {limit_text} {what} (this case has {got_text})",
                                      {"limit": limit, "what": what, "got": len(value),
                                       "limit_text": f"{limit:,}", "got_text": f"{len(value):,}"})
        return value

    return BeforeValidator(check)


def _named_keys(what: str) -> BeforeValidator:
    """Keys that are names (a criterion's, a metric's) written as the model writes names: surrounding and
    repeated whitespace removed (``"Better customer experience "`` is ``"Better customer experience"``);
    two keys for the same name (also differing only in case) are refused rather than one silently lost."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out: dict[Any, Any] = {}
        seen: dict[str, Any] = {}
        for key, item in value.items():
            name = " ".join(key.split()) if isinstance(key, str) else key
            if isinstance(name, str):
                if name.lower() in seen:
                    raise PydanticCustomError("duplicate_name", "{what} {name} is given twice ({first} and {second})",
                                              {"what": what, "name": repr(name), "first": repr(seen[name.lower()]),
                                               "second": repr(key)})
                seen[name.lower()] = key
            out[name] = item
        return out

    return BeforeValidator(check)


def _listed(names: list[str], shown: int = 5) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 995 more``: a message names a few, never thousands."""
    head = ", ".join(names[:shown])
    return head + (f" and {len(names) - shown:,} more" if len(names) > shown else "")


def _excel_precision(value: float) -> float:
    """Keep 15 significant digits, Excel's precision, so a case survives a trip through a workbook (whose
    writer keeps 16) unchanged; no business figure has more. Refuse figures beyond :data:`MAX_FIGURE`."""
    if abs(value) > MAX_FIGURE:
        raise PydanticCustomError(
            "figure_size", f"must be at most {MAX_FIGURE_TEXT} in size, got {{got}}", {"got": f"{value:.6g}"}
        )
    return float(f"{value:.15g}")


def _fraction(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise PydanticCustomError(
            "fraction_range", "must be between 0 % and 100 %, got {got}", {"got": _pct(value)}
        )
    return value


def _non_negative(value: float) -> float:
    if value < 0:
        raise PydanticCustomError(
            "non_negative", "must be zero or more, got {got}", {"got": f"{value:.10g}"}
        )
    return value


def _discount_rate(value: float) -> float:
    if not -1.0 < value <= 1.0:
        raise PydanticCustomError(
            "discount_rate_range",
            "must be above -100 % and at most 100 %, got {got}",
            {"got": _pct(value)},
        )
    return value


NOT_CURRENCIES = frozenset({"XXX", "XTS"})
"""ISO 4217 codes that name no money: "no currency" and "for testing"."""


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not is_currency(code) or code in NOT_CURRENCIES:
        raise PydanticCustomError(
            "currency_code",
            "must be an ISO 4217 currency code such as EUR or USD, got {got}",
            {"got": repr(value)},
        )
    return code


_CONTROL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters a name never holds: control characters, lone surrogates and the non-characters U+FFFE, U+FFFF."""


def _text(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise PydanticCustomError("blank_text", "must not be blank", {})
    if _CONTROL.search(text):
        raise PydanticCustomError("control_text", "must not contain control characters, got {got}", {"got": repr(text)})
    return text


def _trim_years(values: tuple[float, ...]) -> tuple[float, ...]:
    """Trailing zero years are the same as years not given: drop them, so equal cases compare equal."""
    end = len(values)
    while end and values[end - 1] == 0:
        end -= 1
    return tuple(values[:end])


Fraction = Annotated[float, AfterValidator(_excel_precision), AfterValidator(_fraction)]
"""A share or rate as a decimal fraction, 0 to 1 (0.10 is 10 %)."""
Money = Annotated[float, AfterValidator(_excel_precision), AfterValidator(_non_negative)]
"""An amount in the case currency, zero or more."""
Count = Annotated[float, AfterValidator(_excel_precision), AfterValidator(_non_negative)]
"""A number of things (customers, contacts, hours...), zero or more; may be fractional (FTEs)."""
Months = Annotated[int, Field(ge=0, le=MAX_ROLLOUT_MONTHS)]
DiscountRate = Annotated[float, AfterValidator(_excel_precision), AfterValidator(_discount_rate)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
Name = Annotated[str, Field(max_length=120), AfterValidator(_text)]


class CostCategory(StrEnum):
    """Where a cost belongs: the seed's three kinds of CRM investment."""

    IT = "IT"
    PEOPLE = "People"
    PROCESS = "Process"


class BenefitArea(StrEnum):
    """The customer-facing function a benefit comes from."""

    MARKETING = "Marketing"
    SALES = "Sales"
    SERVICE = "Service"


class Timing(StrEnum):
    """When, within its year, a yearly amount is discounted.

    ``end_of_year``: Year k at t = k years (Forrester TEI, Excel ``=B1+NPV(r, C1:E1)``); the default.
    ``mid_year``: Year k at t = k - 0.5 years (mid-year convention of corporate finance).
    ``monthly``: each month m at t = m / 12 years, the year's amount spread evenly over its months.
    The Initial amount is always at t = 0, undiscounted.
    """

    END_OF_YEAR = "end_of_year"
    MID_YEAR = "mid_year"
    MONTHLY = "monthly"


class CrmType(StrEnum):
    """The kind of CRM being bought; each has a rollout preset (:data:`ROLLOUT_PRESETS`)."""

    OPERATIONAL = "operational"
    ANALYTICAL = "analytical"
    COLLABORATIVE = "collaborative"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True
    )


# --------------------------------------------------------------------------- assumptions and items
class Assumptions(_Model):
    """The frame of the case: who, in which currency, from when, over how long, at which rate."""

    name: Name = Field("New CRM case", description="Name of the case, shown on every page.")
    currency: CurrencyCode = Field("EUR", description="ISO 4217 code of every amount in the case.")
    start_date: dt.date = Field(
        dt.date(2027, 1, 1), ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31),
        description="Date of the decision: month 0 of the projection (1900 to 2200).",
    )
    horizon_years: int = Field(
        3,
        ge=1,
        le=MAX_HORIZON_YEARS,
        description="Years evaluated after the decision (Forrester TEI uses 3).",
    )
    discount_rate: DiscountRate = Field(
        0.10, description="Annual discount rate as a fraction (0.10 = 10 %), e.g. the cost of capital."
    )
    timing: Timing = Field(Timing.END_OF_YEAR, description=Timing.__doc__)


class _LineItem(_Model):
    name: Name
    initial: Money = Field(0.0, description="Amount at t = 0, the decision (never discounted).")
    per_year: Annotated[tuple[Money, ...], AfterValidator(_trim_years)] = Field(
        (),
        max_length=MAX_HORIZON_YEARS,
        description="Amount of Year 1, Year 2...; missing years are 0, years past the horizon are kept "
        "but not counted.",
    )
    risk_adjustment: Fraction = Field(0.0, description="Risk adjustment as a fraction.")

    def amount(self, year: int) -> float:
        """Amount of ``year`` (0 = Initial, 1 = Year 1...), 0 when not given."""
        if year == 0:
            return self.initial
        return self.per_year[year - 1] if year <= len(self.per_year) else 0.0


class CostItem(_LineItem):
    """One cost of the investment; its risk adjustment raises it: cost x (1 + risk_adjustment)."""

    category: CostCategory


class BenefitItem(_LineItem):
    """One benefit entered as amounts; its risk adjustment lowers it: benefit x (1 - risk_adjustment)."""

    area: BenefitArea


# --------------------------------------------------------------------------- benefit drivers
class _Driver(_Model):
    enabled: bool = True
    risk_adjustment: Fraction = Field(
        0.0, description="Share by which the benefit is lowered for the risk it does not happen."
    )


class RetentionDriver(_Driver):
    """Customers kept who would have left: customers x (churn_before - churn_after) x annual margin."""

    customers: Count = Field(0.0, description="Active customers.")
    churn_before: Fraction = Field(0.0, description="Share of customers lost per year without the CRM.")
    churn_after: Fraction = Field(0.0, description="Share of customers lost per year with the CRM.")
    annual_margin_per_customer: Money = Field(
        0.0, description="Yearly gross margin of an average customer."
    )


class SalesProductivityDriver(_Driver):
    """Admin time saved that turns into selling time:
    reps x hours_saved_per_week x working_weeks x loaded_hourly_cost x selling_time_share."""

    reps: Count = Field(0.0, description="Sales reps using the CRM.")
    hours_saved_per_week: Count = Field(0.0, description="Admin hours saved per rep per week.")
    working_weeks: Count = Field(46.0, le=53, description="Working weeks per year.")
    loaded_hourly_cost: Money = Field(0.0, description="Fully loaded cost of one rep-hour.")
    selling_time_share: Fraction = Field(
        0.5, description="Share of the saved time that becomes productive selling time "
        "(Forrester's productivity recapture, often 50 %)."
    )


class WinRateDriver(_Driver):
    """More deals won, and bigger ones:
    opportunities x margin x (win_rate_after x deal x (1 + deal_size_uplift) - win_rate_before x deal)."""

    opportunities: Count = Field(0.0, description="Qualified opportunities per year.")
    win_rate_before: Fraction = Field(0.0, description="Share of opportunities won without the CRM.")
    win_rate_after: Fraction = Field(0.0, description="Share of opportunities won with the CRM.")
    average_deal: Money = Field(0.0, description="Average revenue of a won deal without the CRM.")
    deal_size_uplift: Fraction = Field(0.0, description="Growth of the average deal with the CRM.")
    margin: Fraction = Field(0.0, description="Gross margin on the extra revenue.")


class ServiceCostDriver(_Driver):
    """Service contacts avoided, by self-service and by solving more at first contact:
    (contacts x deflection + contacts x (1 - deflection) x fcr_uplift) x cost_per_contact."""

    contacts: Count = Field(0.0, description="Service contacts (calls, e-mails, chats) per year.")
    cost_per_contact: Money = Field(0.0, description="Fully loaded cost of handling one contact.")
    self_service_deflection: Fraction = Field(
        0.0, description="Share of contacts the customers resolve themselves through self-service."
    )
    fcr_uplift: Fraction = Field(
        0.0, description="Rise of the first-contact-resolution rate: the share of remaining "
        "contacts that no longer need a follow-up contact."
    )


class MarketingEfficiencyDriver(_Driver):
    """Campaign spend no longer wasted on the wrong audience: campaign_spend x waste_removed."""

    campaign_spend: Money = Field(0.0, description="Yearly campaign spend.")
    waste_removed: Fraction = Field(
        0.0, description="Share of the spend saved by better targeting and segmentation."
    )


class AcquisitionCostDriver(_Driver):
    """Cheaper customer acquisition: new_customers x cac_before x cac_reduction."""

    new_customers: Count = Field(0.0, description="New customers won per year.")
    cac_before: Money = Field(0.0, description="Cost to acquire one customer without the CRM.")
    cac_reduction: Fraction = Field(0.0, description="Share by which the CRM lowers that cost.")


class Drivers(_Model):
    """The benefits executives move with sliders, each a documented formula of a few inputs."""

    retention: RetentionDriver = RetentionDriver(enabled=False)
    sales_productivity: SalesProductivityDriver = SalesProductivityDriver(enabled=False)
    win_rate: WinRateDriver = WinRateDriver(enabled=False)
    service_cost: ServiceCostDriver = ServiceCostDriver(enabled=False)
    marketing_efficiency: MarketingEfficiencyDriver = MarketingEfficiencyDriver(enabled=False)
    acquisition_cost: AcquisitionCostDriver = AcquisitionCostDriver(enabled=False)


DRIVER_AREAS: dict[str, BenefitArea] = {
    "retention": BenefitArea.SERVICE,
    "sales_productivity": BenefitArea.SALES,
    "win_rate": BenefitArea.SALES,
    "service_cost": BenefitArea.SERVICE,
    "marketing_efficiency": BenefitArea.MARKETING,
    "acquisition_cost": BenefitArea.MARKETING,
}
"""The area each driver's benefit is reported under."""

DRIVER_LABELS = {
    "retention": "Customer retention",
    "sales_productivity": "Sales productivity",
    "win_rate": "Win rate and deal size",
    "service_cost": "Service cost",
    "marketing_efficiency": "Marketing efficiency",
    "acquisition_cost": "Customer acquisition cost",
}
"""Display name of each driver's benefit line."""


# --------------------------------------------------------------------------- rollout
class Rollout(_Model):
    """From decision to full use: go-live, the adoption ramp and the go-live productivity dip.

    Driver benefits are stated at full (100 %) adoption and realised in month m as
    ``benefit / 12 x adoption(m)``; adoption is 0 until go-live, then rises in a straight line to
    ``peak_adoption`` over ``ramp_months``. The dip is output lost by the affected staff while they learn
    the tool: ``dip_depth`` of their output in the first month after go-live, recovering linearly to 0
    over ``dip_months``; it is counted as a People cost.
    """

    crm_type: CrmType = Field(CrmType.OPERATIONAL, description=CrmType.__doc__)
    months_to_go_live: Months = Field(6, description="Months from the decision to go-live.")
    ramp_months: Months = Field(12, description="Months from go-live to full adoption.")
    peak_adoption: Fraction = Field(0.85, description="Share of users who use the CRM as intended at full adoption.")
    dip_depth: Fraction = Field(
        0.10, description="Share of the affected staff's output lost in the first month after go-live."
    )
    dip_months: Annotated[int, Field(ge=0, le=24)] = Field(
        3, description="Months the output takes to recover after go-live."
    )
    dip_affected_staff: Count = Field(0.0, description="People whose output dips at go-live.")
    dip_monthly_output_per_person: Money = Field(
        0.0, description="Value of one affected person's monthly output (e.g. their loaded monthly cost)."
    )


ROLLOUT_PRESETS: dict[CrmType, dict[str, float | int]] = {
    # Seed 001: sales-force automation is slow to pay and loses productivity at go-live.
    CrmType.OPERATIONAL: dict(
        months_to_go_live=6, ramp_months=12, peak_adoption=0.85, dip_depth=0.15, dip_months=3
    ),
    # Seed 001: analytical CRM has fewer, keener "power users", is implemented faster and pays sooner.
    CrmType.ANALYTICAL: dict(
        months_to_go_live=3, ramp_months=4, peak_adoption=0.90, dip_depth=0.02, dip_months=1
    ),
    # Collaborative CRM (intranet, knowledge sharing): between the two.
    CrmType.COLLABORATIVE: dict(
        months_to_go_live=4, ramp_months=8, peak_adoption=0.80, dip_depth=0.05, dip_months=2
    ),
}
"""Rollout defaults set by choosing a CRM type; staff and output values are left as they are."""


# --------------------------------------------------------------------------- cost of delay
MAX_DELAY_MONTHS = 24


class CostOfDelay(_Model):
    """What waiting costs (seed 000), beyond the business case's own benefits arriving later.

    Each input feeds one driver of :mod:`crm_case.delay`; amounts in the case currency, rates as fractions.
    Enter only costs the case's benefits do not already count.
    """

    delay_months: Annotated[int, Field(ge=0, le=MAX_DELAY_MONTHS)] = Field(
        6, description="Months of waiting examined (the slider)."
    )
    customers_lost_per_month: Count = Field(0.0, description="Customers lost to competitors' marketing each month.")
    value_per_lost_customer: Money = Field(0.0, description="Lifetime value (or margin) of one lost customer.")
    new_product_revenue_per_month: Money = Field(0.0, description="Monthly revenue of products launched meanwhile.")
    new_product_shortfall: Fraction = Field(
        0.0, description="Share of that revenue missed for lack of market understanding."
    )
    campaign_spend_per_month: Money = Field(0.0, description="Monthly campaign spend.")
    campaign_waste_share: Fraction = Field(0.0, description="Share of campaign spend wasted today.")
    waste_growth_per_month: Fraction = Field(
        0.0, description="Monthly growth of the waste while campaigns stay badly targeted."
    )
    staff_redeployed: Count = Field(0.0, description="Project staff redeployed while the decision waits.")
    knowledge_replacement_cost: Money = Field(
        0.0, description="Cost of rebuilding the knowledge of one redeployed person."
    )
    headcount: Count = Field(0.0, description="Staff whose CRM experience matters (sales, service, marketing).")
    attrition_rate: Fraction = Field(0.0, description="Share of that staff leaving per year.")
    experience_loss_per_leaver: Money = Field(
        0.0, description="Cost of the customer knowledge one leaver takes away (not captured without a CRM)."
    )
    customers_at_risk: Count = Field(0.0, description="Customers whose loyalty suffers from a stagnant experience.")
    churn_uplift: Fraction = Field(0.0, description="Extra yearly churn among them while the experience stagnates.")
    margin_per_customer: Money = Field(0.0, description="Yearly margin of one such customer.")
    price_increase_per_year: Fraction = Field(
        0.0, description="Expected yearly rise of CRM prices, applied to the case's IT costs."
    )


# --------------------------------------------------------------------------- advantages, disadvantages, readiness
SCORE_MAX = 10
Score = Annotated[float, Field(ge=0, le=SCORE_MAX)]
"""How strong an advantage or disadvantage is, 0 (none) to 10 (decisive)."""
Weight = Annotated[float, AfterValidator(_excel_precision), AfterValidator(_non_negative)]


class Side(StrEnum):
    ADVANTAGE = "advantage"
    DISADVANTAGE = "disadvantage"


class Criterion(_Model):
    """One advantage or disadvantage of the CRM, with its weight (any scale, normalised) and score 0-10."""

    name: Name
    side: Side
    weight: Weight = 1.0
    score: Score = 5.0


class Participant(_Model):
    """One person of a workshop and their score (0-10) of each criterion, by criterion name."""

    name: Name
    scores: Annotated[dict[str, Score], _named_keys("criterion"), _at_most(MAX_CRITERIA, "scores")] = Field(
        {}, description="Score of each criterion, by the criterion's name (whitespace around it is not part of it).")


class Aggregate(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"


SEED_CRITERIA = (
    Criterion(name="Better customer experience", side=Side.ADVANTAGE, weight=30, score=8),
    Criterion(name="Retention and lower cost through loyalty and self-service", side=Side.ADVANTAGE, weight=30,
              score=7),
    Criterion(name="Investment: team time, training and infrastructure", side=Side.DISADVANTAGE, weight=25, score=6),
    Criterion(name="Rework of the business: culture change, resistance, new roles", side=Side.DISADVANTAGE,
              weight=15, score=7),
)
"""Seed 003's two advantages and two disadvantages of CRM."""


class Scoring(_Model):
    """Advantages against disadvantages, optionally scored by a workshop's participants."""

    criteria: Annotated[tuple[Criterion, ...], _at_most(MAX_CRITERIA, "criteria")] = ()
    participants: Annotated[tuple[Participant, ...], _at_most(MAX_PARTICIPANTS, "participants")] = ()
    use_votes: bool = Field(False, description="Score each criterion by the participants' aggregate.")
    aggregate: Aggregate = Aggregate.MEAN

    @model_validator(mode="after")
    def _consistent(self) -> "Scoring":
        names = [c.name.lower() for c in self.criteria]
        problems = []
        if len(set(names)) != len(names):
            problems.append("criteria: each criterion needs its own name")
        if self.criteria and not any(c.weight > 0 for c in self.criteria):
            problems.append("criteria: the weights are all zero; give at least one criterion a weight")
        known = set(names)
        for i, person in enumerate(self.participants):
            unknown = [k for k in person.scores if k.lower() not in known]
            if unknown:
                problems.append(f"participants[{i}] ({person.name}) scores unknown criteria: {_listed(unknown)}")
        if problems:
            raise PydanticCustomError("scoring", "; ".join(problems), {})
        return self


READINESS_AREAS = (
    "executive_sponsorship",
    "clear_objectives",
    "data_quality",
    "process_maturity",
    "it_infrastructure",
    "adoption_readiness",
    "budget",
    "skills",
)
"""Seed 004: analyse the organisation's ability to absorb the system before buying."""
ReadinessScore = Annotated[int, Field(ge=1, le=5)]


class Readiness(_Model):
    """Readiness checklist: each area scored 1 (not ready) to 5 (ready), with a weight. ``scores`` empty means
    the organisation has not been assessed yet (a blank case): there is then no index, rather than a made-up one."""

    scores: dict[str, ReadinessScore] = {}
    weights: dict[str, Weight] = {area: 1.0 for area in READINESS_AREAS}
    applied_index: float | None = Field(
        None, ge=0, le=100, description="Readiness index at which its adjustment was last applied to the case."
    )

    @model_validator(mode="after")
    def _areas(self) -> "Readiness":
        for name, mapping in (("scores", self.scores), ("weights", self.weights)):
            if name == "scores" and not mapping:
                continue  # not assessed
            if set(mapping) != set(READINESS_AREAS):
                missing = sorted(set(READINESS_AREAS) - set(mapping))
                extra = sorted(set(mapping) - set(READINESS_AREAS))
                extra = [*extra[:5], f"and {len(extra) - 5:,} more"] if len(extra) > 5 else extra
                raise PydanticCustomError(
                    "readiness_areas", "{name} must cover exactly the readiness areas; missing {missing}, unknown {extra}",
                    {"name": name, "missing": missing or "none", "extra": extra or "none"})
        if not any(w > 0 for w in self.weights.values()):
            raise PydanticCustomError("readiness_weights", "weights are all zero; give at least one area a weight", {})
        return self

    @property
    def assessed(self) -> bool:
        """Whether the areas have been scored (a blank case has not been)."""
        return bool(self.scores)


# --------------------------------------------------------------------------- risk: ranges of the inputs
class Distribution(StrEnum):
    """How a Monte Carlo run draws an input between its low and high values, peaking at its case value.

    ``triangular``: the triangle (min, most likely, max). ``pert``: the beta-PERT distribution with the
    same three points and shape 4 (@RISK's and Crystal Ball's default), which puts less weight on the ends.
    """

    TRIANGULAR = "triangular"
    PERT = "pert"


SCALE_PATHS = tuple(f"scale.costs.{c.value}" for c in CostCategory) + tuple(
    f"scale.benefits.{a.value}" for a in BenefitArea
)
"""Pseudo-inputs of the risk analysis: a multiplier (1.0 = as entered) of every cost line item of a category
or benefit line item of an area."""


def _risk_paths() -> tuple[str, ...]:
    paths = ["assumptions.discount_rate", *SCALE_PATHS]
    for name, field in Drivers.model_fields.items():
        driver = field.annotation
        paths += [f"drivers.{name}.{f}" for f in driver.model_fields if f not in {"enabled", "risk_adjustment"}]
    paths += [f"rollout.{f}" for f in ("months_to_go_live", "ramp_months", "peak_adoption", "dip_depth", "dip_months")]
    return tuple(paths)


RISK_INPUT_PATHS = _risk_paths()
"""Every input the risk analysis can vary: the discount rate, the line-item multipliers, each driver's inputs
and the rollout's timing and adoption."""

DEFAULT_RANGE = (-0.2, 0.2)
"""Relative range of an input whose range is not given: 20 % below to 20 % above its case value."""
BASELINE_RANGE = (-0.1, 0.1)
"""Default range of a volume or price measured today (customers, reps, contacts, margins...)."""
BASELINE_FIELDS = frozenset({
    "customers", "annual_margin_per_customer", "reps", "working_weeks", "loaded_hourly_cost", "opportunities",
    "average_deal", "margin", "contacts", "cost_per_contact", "campaign_spend", "new_customers", "cac_before",
})
MEASURED_RATES = {"drivers.retention.churn_before": "drivers.retention.churn_after",
                  "drivers.win_rate.win_rate_before": "drivers.win_rate.win_rate_after"}
"""A "before" rate is measured, not forecast: no default range. Its "after" rate's range applies to the
improvement (after - before), so the CRM's effect, not today's rate, is what is uncertain."""


def default_range(path: str) -> tuple[float, float]:
    """The relative range (low, high) an input has until the user gives one: 0 for a measured "before"
    rate, :data:`BASELINE_RANGE` for volumes and prices measured today, else :data:`DEFAULT_RANGE`."""
    if path in MEASURED_RATES:
        return (0.0, 0.0)
    if path.startswith("drivers.") and path.rsplit(".", 1)[-1] in BASELINE_FIELDS:
        return BASELINE_RANGE
    return DEFAULT_RANGE


class InputRange(_Model):
    """The range of one input around its value in the case, as relative changes.

    ``low = -0.2, high = 0.3`` means the input may be 20 % lower to 30 % higher than in the case; the
    case value is the most likely value. A zero range (``low = high = 0``) takes the input out of the
    risk analysis.
    """

    path: str = Field(description="Dotted path of the input (see RISK_INPUT_PATHS).")
    low: float = Field(DEFAULT_RANGE[0], ge=-1.0, le=0.0, description="Relative change at the low end, -1 to 0.")
    high: float = Field(DEFAULT_RANGE[1], ge=0.0, le=10.0, description="Relative change at the high end, 0 to 10.")
    distribution: Distribution = Distribution.PERT

    @model_validator(mode="after")
    def _known(self) -> "InputRange":
        if self.path not in RISK_INPUT_PATHS:
            raise PydanticCustomError("risk_path", "path must be an input of the risk analysis, got {got}",
                                      {"got": repr(self.path)})
        return self


MAX_RUNS = 100_000


class RiskSettings(_Model):
    """Ranges of the inputs (each one not listed uses :data:`DEFAULT_RANGE`) and the Monte Carlo settings."""

    ranges: tuple[InputRange, ...] = ()
    runs: int = Field(10_000, ge=100, le=MAX_RUNS, description="Monte Carlo runs.")
    seed: int = Field(7, ge=0, le=2**32 - 1, description="Seed of the random draws: same seed, same runs.")

    @model_validator(mode="after")
    def _unique(self) -> "RiskSettings":
        paths = [r.path for r in self.ranges]
        if len(set(paths)) != len(paths):
            raise PydanticCustomError("risk_ranges", "ranges: each input may have one range only", {})
        return self


# --------------------------------------------------------------------------- vendors
class VendorOffer(_Model):
    """One vendor's offer; :mod:`crm_case.vendors` turns it into cost line items and rollout values."""

    name: Annotated[str, Field(max_length=80), AfterValidator(_text)]
    licence_per_user_month: Money = Field(0.0, description="Licence or subscription price per user per month.")
    users: Count = Field(0.0, description="Licensed users.")
    implementation_fee: Money = Field(0.0, description="One-off fee of the vendor or its partner.")
    internal_effort: Money = Field(0.0, description="One-off cost of the company's own staff time.")
    training: Money = Field(0.0, description="One-off training cost.")
    data_migration: Money = Field(0.0, description="One-off data migration and cleansing cost.")
    support_share: Fraction = Field(
        0.0, description="Yearly support and maintenance as a share of the yearly licence cost."
    )
    months_to_go_live: Months = Field(6, description="Months from the decision to go-live.")
    expected_adoption: Fraction = Field(0.85, description="Share of users expected to use it as intended.")
    implementation_risk: Fraction = Field(
        0.15, description="Risk adjustment of the one-off costs (overruns), as a fraction."
    )

    @model_validator(mode="after")
    def _licences_writable(self) -> "VendorOffer":
        """The yearly licences (users x price a month x 12) become a cost line item: the same size limit."""
        if self.users * self.licence_per_user_month * 12 > MAX_FIGURE:
            raise PydanticCustomError(
                "figure_size", f"users x licence per user-month x 12 must be at most {MAX_FIGURE_TEXT}, got {{got}}",
                {"got": f"{self.users * self.licence_per_user_month * 12:.6g}"})
        return self


class Vendors(_Model):
    """The offers compared, the case's cost items an offer replaces, and the offer the case uses."""

    offers: Annotated[tuple[VendorOffer, ...], _at_most(MAX_VENDOR_OFFERS, "vendor offers")] = ()
    replaces: Annotated[tuple[Name, ...], _at_most(MAX_LINE_ITEMS, "replaced cost items")] = Field(
        (), description="Names of the case's cost items that depend on the vendor; an offer replaces them."
    )
    chosen: Name | None = Field(None, description="Name of the offer the case uses.")

    @model_validator(mode="after")
    def _consistent(self) -> "Vendors":
        names = [o.name.lower() for o in self.offers]
        if len(set(names)) != len(names):
            raise PydanticCustomError("vendors", "offers: each offer needs its own name", {})
        if self.chosen is not None and self.chosen.lower() not in names:
            raise PydanticCustomError("vendors", "chosen must be the name of an offer, got {got}",
                                      {"got": repr(self.chosen)})
        return self


# --------------------------------------------------------------------------- customer value
class Segment(_Model):
    """A customer segment for lifetime value: its size, yearly margin per customer, yearly retention and the
    cost of acquiring one customer (:mod:`crm_case.customers`)."""

    name: Name
    customers: Count = Field(0.0, description="Active customers in the segment.")
    annual_margin: Annotated[float, AfterValidator(_excel_precision)] = Field(
        0.0, description="Yearly profit (margin after cost to serve) of one customer; negative for loss-makers."
    )
    retention: Fraction = Field(0.8, description="Share of the segment's customers still active a year later.")
    acquisition_cost: Money = Field(0.0, description="Cost of winning one new customer of the segment.")
    horizon_years: Annotated[int, Field(ge=1, le=50)] = Field(
        10, description="Years counted by the finite-horizon lifetime value."
    )


SEED_SEGMENTS = (
    Segment(name="Enterprise", customers=150, annual_margin=22_000, retention=0.92, acquisition_cost=30_000),
    Segment(name="Mid-market", customers=650, annual_margin=5_500, retention=0.86, acquisition_cost=6_000),
    Segment(name="Small business", customers=1_200, annual_margin=900, retention=0.75, acquisition_cost=1_200),
)


class CustomerValue(_Model):
    """Lifetime value by segment, and the aggregates of the last customer analysis (never raw customer rows).

    ``summary`` maps documented keys (:data:`crm_case.customers.SUMMARY_KEYS`) to numbers; it is written by
    the Customer value page when a customer file is analysed and exported to the workbook.
    """

    segments: Annotated[tuple[Segment, ...], _at_most(MAX_SEGMENTS, "segments")] = ()
    top_share: Annotated[float, Field(gt=0, lt=1)] = Field(
        0.2, description="Share of customers, ranked by profit, that form the top tier (0.2 = the top 20 %)."
    )
    summary: Annotated[dict[Annotated[str, Field(max_length=60)], Annotated[float, AfterValidator(_excel_precision)]],
                       _at_most(MAX_SUMMARY_KEYS, "summary figures")] = {}

    @model_validator(mode="after")
    def _unique(self) -> "CustomerValue":
        names = [s.name.lower() for s in self.segments]
        if len(set(names)) != len(names):
            raise PydanticCustomError("segments", "segments: each segment needs its own name", {})
        return self


# --------------------------------------------------------------------------- objectives, strategies, metrics
class Direction(StrEnum):
    """Whether a metric improves upwards (win rate) or downwards (churn, handle time)."""

    HIGHER = "higher"
    LOWER = "lower"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


_PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"


class Objective(_Model):
    """A quantified business objective (seed 002), tied to the money of the case through ``link``: a driver
    name (``retention``, ``win_rate``...) or ``benefits.<line item name>``, so goal and case cannot drift."""

    name: Annotated[str, Field(max_length=60), AfterValidator(_text)]
    statement: Name
    function: BenefitArea
    link: str = Field(max_length=140, description="drivers.<driver> or benefits.<line item name>: where its money is "
                                                  "in the case.")
    deadline: dt.date
    estimation: Annotated[str, Field(max_length=300)] = Field(
        "", description="How the yearly benefit is estimated (the driver's formula is shown when empty)."
    )


class Metric(_Model):
    """A CRM metric under a strategy of an objective, with its baseline, target and how it is tracked."""

    name: Annotated[str, Field(max_length=60), AfterValidator(_text)]
    objective: Annotated[str, Field(max_length=60), AfterValidator(_text)]
    strategy: Name = Field(description="The strategy or tactic this metric judges.")
    definition: Annotated[str, Field(max_length=300)] = ""
    unit: Annotated[str, Field(max_length=20)] = ""
    direction: Direction
    baseline: Annotated[float, AfterValidator(_excel_precision)]
    target: Annotated[float, AfterValidator(_excel_precision)]
    frequency: Frequency = Frequency.MONTHLY
    owner: Annotated[str, Field(max_length=60)] = ""
    driver_input: str | None = Field(
        None, description="A driver input this metric measures (e.g. drivers.retention.churn_after): the actuals "
                          "re-forecast it."
    )

    @field_validator("target")
    @classmethod
    def _direction(cls, target: float, info: ValidationInfo) -> float:
        baseline, direction = info.data.get("baseline"), info.data.get("direction")
        if baseline is None or direction is None:
            return target  # their own errors are reported
        if target == baseline:
            raise PydanticCustomError("metric_target", "must differ from the baseline ({baseline}): there is "
                                      "nothing to track", {"baseline": f"{baseline:g}"})
        if (direction is Direction.HIGHER) != (target > baseline):
            raise PydanticCustomError(
                "metric_direction", "{target} is {way} the baseline {baseline} but the direction says {direction} is "
                "better", {"target": f"{target:g}", "baseline": f"{baseline:g}", "direction": direction.value,
                           "way": "above" if target > baseline else "below"})
        return target


class Actual(_Model):
    """The measured value of a metric in a period (``YYYY-MM``; a quarter is its last month)."""

    metric: Annotated[str, Field(max_length=60), AfterValidator(_text)]
    period: Annotated[str, Field(pattern=_PERIOD)]
    value: Annotated[float, AfterValidator(_excel_precision)]


class Goals(_Model):
    """Objectives -> strategies -> metrics, the actuals measured so far and a corrective action per metric."""

    objectives: Annotated[tuple[Objective, ...], _at_most(MAX_OBJECTIVES, "objectives")] = ()
    metrics: Annotated[tuple[Metric, ...], _at_most(MAX_METRICS, "metrics")] = ()
    actuals: Annotated[tuple[Actual, ...], _at_most(MAX_ACTUALS, "actuals")] = ()
    actions: Annotated[dict[str, Annotated[str, Field(max_length=500)]], _named_keys("metric"),
                       _at_most(MAX_METRICS, "corrective actions")] = Field(
        {}, description="A corrective action per metric, by the metric's name.")

    @model_validator(mode="after")
    def _references(self) -> "Goals":
        problems = []
        objectives = [o.name.lower() for o in self.objectives]
        metrics = [m.name.lower() for m in self.metrics]
        if len(set(objectives)) != len(objectives):
            problems.append("objectives: each objective needs its own name")
        if len(set(metrics)) != len(metrics):
            problems.append("metrics: each metric needs its own name")
        for i, m in enumerate(self.metrics):
            if m.objective.lower() not in objectives:
                problems.append(f"metrics[{i}] ({m.name}) belongs to an unknown objective {m.objective!r}")
            if m.driver_input is not None and m.driver_input not in DRIVER_INPUT_PATHS:
                problems.append(f"metrics[{i}] ({m.name}) driver_input must be one of "
                                f"{', '.join(DRIVER_INPUT_PATHS)}, got {m.driver_input!r}")
        for i, o in enumerate(self.objectives):
            if not (o.link.startswith("benefits.") or o.link.removeprefix("drivers.") in Drivers.model_fields):
                problems.append(f"objectives[{i}] ({o.name}) link must be drivers.<driver> or benefits.<line item>, "
                                f"got {o.link!r}")
        seen = set()
        for i, a in enumerate(self.actuals):
            if a.metric.lower() not in metrics:
                problems.append(f"actuals[{i}] is for an unknown metric {a.metric!r}")
            if (a.metric.lower(), a.period) in seen:
                problems.append(f"actuals[{i}]: {a.metric} has two values for {a.period}")
            seen.add((a.metric.lower(), a.period))
        if problems:
            raise PydanticCustomError("goals", "; ".join(problems), {})
        return self


REFORECAST_INPUTS: dict[str, str | float] = {
    "drivers.retention.churn_after": "drivers.retention.churn_before",
    "drivers.win_rate.win_rate_after": "drivers.win_rate.win_rate_before",
    "drivers.win_rate.deal_size_uplift": 0.0,
    "drivers.sales_productivity.hours_saved_per_week": 0.0,
    "drivers.service_cost.self_service_deflection": 0.0,
    "drivers.service_cost.fcr_uplift": 0.0,
    "drivers.marketing_efficiency.waste_removed": 0.0,
    "drivers.acquisition_cost.cac_reduction": 0.0,
}
"""The driver inputs that state an improvement, each with its no-improvement value (another input's path, or a
number): the ones a tracked metric can re-forecast (:func:`crm_case.goals.reforecast`)."""
DRIVER_INPUT_PATHS = tuple(REFORECAST_INPUTS)


# --------------------------------------------------------------------------- the case
class Case(_Model):
    """A whole CRM business case: assumptions, cost and benefit line items, drivers, rollout, cost of delay,
    scoring, readiness, the ranges of its inputs and the vendor offers."""

    schema_version: Literal[1] = SCHEMA_VERSION
    assumptions: Assumptions = Assumptions()
    costs: Annotated[tuple[CostItem, ...], _at_most(MAX_LINE_ITEMS, "cost line items")] = ()
    benefits: Annotated[tuple[BenefitItem, ...], _at_most(MAX_LINE_ITEMS, "benefit line items")] = ()
    drivers: Drivers = Drivers()
    rollout: Rollout = Rollout()
    delay: CostOfDelay = CostOfDelay()
    scoring: Scoring = Scoring()
    readiness: Readiness = Readiness()
    risk: RiskSettings = RiskSettings()
    vendors: Vendors = Vendors()
    customers: CustomerValue = CustomerValue()
    goals: Goals = Goals()

    @property
    def months(self) -> int:
        """Months in the horizon (12 x horizon_years)."""
        return 12 * self.assumptions.horizon_years


# --------------------------------------------------------------------------- building and serialising
def _where(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "case"


def _shown(value: Any) -> str:
    """What a message quotes of a value given: its repr, short. An integer of more than 15 digits is named by its
    size (Python cannot even write one of more than 4,300 digits as text); long text or lists are cut."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"a {int(math.log10(abs(value))) + 1:,}-digit number"
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:40]!r}... ({len(value):,} characters)"
    if isinstance(value, (list, tuple, dict)) and len(value) > 5:
        return f"{type(value).__name__} of {len(value):,} values"
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "..."


def _describe(error: Any) -> str:
    where = _where(tuple(error["loc"]))
    kind = error["type"]
    got = _Quoted(_shown(error.get("input")))
    ctx = error.get("ctx") or {}
    if kind == "too_many":
        return f"{where}: {error['msg']}"
    if kind == "missing":
        return f"{where} is required"
    if kind == "extra_forbidden":
        return f"{where} is not a known field"
    if kind in {"float_parsing", "float_type"} and isinstance(error.get("input"), int):  # beyond a float
        return f"{where} is too large for a number, got {got!r}"
    if kind in {"float_parsing", "float_type"}:
        return f"{where} must be a number, got {got!r}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{where} must be a whole number, got {got!r}"
    if kind in {"finite_number"}:
        return f"{where} must be a finite number, got {got!r}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{where} must be true or false, got {got!r}"
    if kind in {"enum", "literal_error"}:
        return f"{where} must be one of {ctx.get('expected')}, got {got!r}"
    if kind.startswith("date"):
        return f"{where} must be a date as YYYY-MM-DD, got {got!r}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bounds = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "above",
            "less_than": "below",
        }
        limit = next(iter(ctx.values()))
        return f"{where} must be {bounds[kind]} {limit}, got {got!r}"
    if kind == "too_long":
        return f"{where} has {ctx.get('actual_length')} values, at most {ctx.get('max_length')} allowed"
    if kind in {"model_type", "dict_type", "tuple_type", "list_type"}:
        expected = "a list" if kind in {"tuple_type", "list_type"} else "an object"
        return f"{where} must be {expected}, got {type(error.get('input')).__name__}"
    if kind in {"string_type"}:
        return f"{where} must be text, got {got!r}"
    return f"{where} {error['msg'][0].lower()}{error['msg'][1:]}"


class _Quoted(str):
    """A value as a message quotes it (:func:`_shown`): ``{got!r}`` writes it unchanged."""

    def __repr__(self) -> str:
        return str(self)


def problem_of(error: Any) -> str:
    """One line for one error of ``ValidationError.errors()``: ``field.path what is wrong, got what``."""
    return _describe(error)


def problems_of(error: ValidationError) -> list[str]:
    """One line per problem of a pydantic ``ValidationError``: ``field.path what is wrong, got what``."""
    return [_describe(e) for e in error.errors(include_url=False)]


def case_from_dict(data: Any) -> Case:
    """Validate a plain mapping (e.g. parsed JSON) into a :class:`Case`, or raise :class:`CrmCaseError`
    naming every invalid field."""
    if not isinstance(data, dict):
        raise CrmCaseError(f"a case must be a JSON object, got {type(data).__name__}")
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise CrmCaseError(problems_of(error)) from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.3g} MB"


def check_json_size(size: int) -> None:
    """:class:`CrmCaseError` when ``size`` bytes of JSON are more than a case may have
    (:data:`MAX_CASE_JSON_BYTES`); call it with a file's or an upload's size before reading it."""
    if size > MAX_CASE_JSON_BYTES:
        raise CrmCaseError(f"a case's JSON is at most {_megabytes(MAX_CASE_JSON_BYTES)} ({MAX_CASE_JSON_BYTES:,} "
                           f"bytes; this file has {size:,}); no case within the limits is that large")


class _LongInteger(str):
    """The digits of a JSON integer longer than :data:`MAX_NUMBER_DIGITS`, kept as text so that Python never
    converts it (which fails at 4,300 digits) and the field holding it can be named."""


def _long_integers(data: Any) -> list[str]:
    """One problem per :class:`_LongInteger` in parsed JSON, naming its field (iterative: the JSON may be
    nested as deeply as the parser allows)."""
    problems = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, _LongInteger):
            digits = len(node.lstrip("-"))
            problems.append(f"{_where(loc)} is a number of {digits:,} digits; no field of a case holds a number of "
                            f"more than {MAX_NUMBER_DIGITS} digits (an amount is at most {MAX_FIGURE_TEXT})")
        elif isinstance(node, dict):
            stack.extend((value, (*loc, str(key))) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((value, (*loc, i)) for i, value in reversed(list(enumerate(node))))
    return problems


def case_from_json(text: str | bytes) -> Case:
    """Parse a case saved by :func:`case_to_json`; :class:`CrmCaseError` when it is not valid JSON or
    breaks a rule, with the line and column or the field named.

    Before parsing, the size is checked (:func:`check_json_size`); an integer of more than
    :data:`MAX_NUMBER_DIGITS` digits is refused naming its field (``drivers.retention.customers is a number of
    5,001 digits...``), never converted."""
    if len(text) > MAX_CASE_JSON_BYTES:  # a character is at least a byte: no need to encode a huge text
        check_json_size(len(text))
    check_json_size(len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass")))
    long_found: list[bool] = []

    def integer(digits: str) -> int | str:
        if len(digits) > MAX_NUMBER_DIGITS + digits.startswith("-"):
            long_found.append(True)
            return _LongInteger(digits)
        return int(digits)

    try:
        data = json.loads(text, parse_int=integer)
    except RecursionError:
        raise CrmCaseError("not valid JSON for a case: nested too deeply") from None
    except (ValueError, OverflowError) as error:  # JSONDecodeError, UnicodeDecodeError
        raise CrmCaseError(f"not valid JSON: {error}") from None
    if long_found:
        raise CrmCaseError(_long_integers(data))
    try:
        return case_from_dict(data)
    except RecursionError:
        raise CrmCaseError("not a crm-case case: nested too deeply") from None


def case_to_json(case: Case) -> str:
    """The case as indented JSON; :func:`case_from_json` reads it back to an equal case."""
    return case.model_dump_json(indent=2)


def with_values(case: Case, changes: Mapping[str, Any]) -> Case:
    """A copy of ``case`` with each dotted ``path`` of ``changes`` (e.g. ``"drivers.retention.churn_after"``,
    ``"costs.2.initial"``, or a whole list such as ``"costs"``) set to its value, validated as one new case.

    The one way to change a case: widgets, tables, pages and imports all come through here. Raises
    :class:`CrmCaseError` with one problem per refused path (a path that is not a field of the case, or a value
    that breaks a rule, named by its field); ``case`` itself is never changed (it is frozen).
    """
    data = case.model_dump(mode="json")
    unknown = []
    for path, value in changes.items():
        parts = path.split(".")
        node: Any = data
        try:
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            last = parts[-1]
            if isinstance(node, list):
                node[int(last)] = value
            elif isinstance(node, dict) and last in node:
                node[last] = value
            else:
                raise KeyError(last)
        except (KeyError, IndexError, ValueError, TypeError):
            unknown.append(f"{path} is not a field of the case")
    if unknown:
        raise CrmCaseError(unknown)
    return case_from_dict(data)


def with_value(case: Case, path: str, value: Any) -> Case:
    """:func:`with_values` for one ``path``."""
    return with_values(case, {path: value})


def apply_preset(case: Case, crm_type: CrmType | str) -> Case:
    """The case with the rollout defaults of ``crm_type`` (:data:`ROLLOUT_PRESETS`) applied."""
    kind = CrmType(crm_type)
    rollout = case.rollout.model_dump() | ROLLOUT_PRESETS[kind] | {"crm_type": kind}
    return case_from_dict(case.model_dump() | {"rollout": rollout})
