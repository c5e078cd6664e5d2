"""The inputs of the analyses around the case: advantages and disadvantages (scoring), readiness, the ranges
of the risk analysis, vendor offers, customer value by segment, and objectives with their metrics."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from crm_case.errors import joined
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model.parts import MAX_DELAY_MONTHS, BenefitArea, CostCategory, Drivers, _Model
from crm_case.model.units import (
    MAX_ACTUALS,
    MAX_CRITERIA,
    MAX_FIGURE,
    MAX_FIGURE_TEXT,
    MAX_LINE_ITEMS,
    MAX_METRICS,
    MAX_OBJECTIVES,
    MAX_PARTICIPANTS,
    MAX_SEGMENTS,
    MAX_SUMMARY_KEYS,
    MAX_VENDOR_OFFERS,
    Count,
    Fraction,
    Money,
    Months,
    Name,
    Number,
    Unit,
    Weight,
    _at_most,
    _listed,
    _named_keys,
    _refused,
    _text,
)

__all__ = [
    "Actual",
    "Aggregate",
    "BASELINE_FIELDS",
    "BASELINE_RANGE",
    "Criterion",
    "CustomerValue",
    "DEFAULT_RANGE",
    "DRIVER_INPUT_PATHS",
    "Direction",
    "Distribution",
    "Frequency",
    "Goals",
    "InputRange",
    "MAX_RUNS",
    "MEASURED_RATES",
    "Metric",
    "Objective",
    "Participant",
    "Pilot",
    "READINESS_AREAS",
    "REFORECAST_INPUTS",
    "RISK_INPUT_PATHS",
    "Readiness",
    "ReadinessScore",
    "ReadinessVote",
    "RiskSettings",
    "SCALE_PATHS",
    "SCORE_MAX",
    "SEED_CRITERIA",
    "SEED_SEGMENTS",
    "Score",
    "Scoring",
    "Segment",
    "Side",
    "VendorOffer",
    "Vendors",
    "default_range",
]

# --------------------------------------------------------------------------- advantages, disadvantages, readiness
SCORE_MAX = 10
Score = Annotated[float, Unit.SCORE, Field(ge=0, le=SCORE_MAX)]
"""How strong an advantage or disadvantage is, 0 (none) to 10 (decisive)."""


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
    scores: Annotated[dict[str, Score], _named_keys(Message("engine.item.criterion")),
                      _at_most(MAX_CRITERIA, Message("engine.items.scores"))] = Field(
        {}, description="Score of each criterion, by the criterion's name (whitespace around it is not part of it).")
    weights: Annotated[dict[str, Weight], _named_keys(Message("engine.item.criterion")),
                       _at_most(MAX_CRITERIA, Message("engine.items.scores"))] = Field(
        {}, description="The participant's weight of each criterion they weighed (optional, any scale; a live vote "
                        "asks 0 to 100), by the criterion's name.")


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

    criteria: Annotated[tuple[Criterion, ...], _at_most(MAX_CRITERIA, Message("engine.items.criteria"))] = ()
    participants: Annotated[tuple[Participant, ...],
                            _at_most(MAX_PARTICIPANTS, Message("engine.items.participants"))] = ()
    use_votes: bool = Field(False, description="Score each criterion by the participants' aggregate.")
    aggregate: Aggregate = Aggregate.MEAN

    @model_validator(mode="after")
    def _consistent(self) -> Scoring:
        names = [c.name.lower() for c in self.criteria]
        problems = []
        if len(set(names)) != len(names):
            problems.append(Message("engine.validation.criteria_names"))
        if self.criteria and not any(c.weight > 0 for c in self.criteria):
            problems.append(Message("engine.validation.criteria_weights"))
        known = set(names)
        for i, person in enumerate(self.participants):
            unknown = [k for k in (*person.scores, *person.weights) if k.lower() not in known]
            if unknown:
                problems.append(Message("engine.validation.unknown_criteria", index=i, name=person.name,
                                        criteria=_listed(unknown)))
        if problems:
            raise _refused("scoring", joined(problems))
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
ReadinessScore = Annotated[int, Unit.SCORE, Field(ge=1, le=5)]


class ReadinessVote(_Model):
    """One participant's scores of the readiness areas (every area, 1 to 5), from a live vote."""

    name: Name
    scores: dict[str, ReadinessScore]

    @model_validator(mode="after")
    def _every_area(self) -> ReadinessVote:
        if set(self.scores) != set(READINESS_AREAS):
            missing = sorted(set(READINESS_AREAS) - set(self.scores))
            extra = sorted(set(self.scores) - set(READINESS_AREAS))
            none = Message("engine.list.none")
            raise _refused("readiness_areas", Message(
                "engine.validation.readiness_areas", name="scores",
                missing=_listed([repr(m) for m in missing]) if missing else none,
                extra=_listed([repr(e) for e in extra]) if extra else none))
        return self


class Readiness(_Model):
    """Readiness checklist: each area scored 1 (not ready) to 5 (ready), with a weight. ``scores`` empty means
    the organisation has not been assessed yet (a blank case): there is then no index, rather than a made-up one."""

    scores: dict[str, ReadinessScore] = Field(default_factory=dict)
    weights: dict[str, Weight] = Field(default_factory=lambda: dict.fromkeys(READINESS_AREAS, 1.0))
    applied_index: float | None = Field(
        None, ge=0, le=100, description="Readiness index at which its adjustment was last applied to the case."
    )
    votes: Annotated[tuple[ReadinessVote, ...], _at_most(MAX_PARTICIPANTS, Message("engine.items.participants"))] = (
        Field((), description="The participants' votes of the last live vote on the checklist (``scores`` is then "
                              "each area's median of them, rounded half up)."))

    @model_validator(mode="after")
    def _areas(self) -> Readiness:
        for name, mapping in (("scores", self.scores), ("weights", self.weights)):
            if name == "scores" and not mapping:
                continue  # not assessed
            if set(mapping) != set(READINESS_AREAS):
                missing = sorted(set(READINESS_AREAS) - set(mapping))
                extra = sorted(set(mapping) - set(READINESS_AREAS))
                none = Message("engine.list.none")
                raise _refused("readiness_areas", Message(
                    "engine.validation.readiness_areas", name=name,
                    missing=_listed([repr(m) for m in missing]) if missing else none,
                    extra=_listed([repr(e) for e in extra]) if extra else none))
        if not any(w > 0 for w in self.weights.values()):
            raise _refused("readiness_weights", Message("engine.validation.readiness_weights"))
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
    low: Annotated[float, Unit.CHANGE] = Field(DEFAULT_RANGE[0], ge=-1.0, le=0.0,
                                               description="Relative change at the low end, -1 to 0.")
    high: Annotated[float, Unit.CHANGE] = Field(DEFAULT_RANGE[1], ge=0.0, le=10.0,
                                                description="Relative change at the high end, 0 to 10.")
    distribution: Distribution = Distribution.PERT

    @model_validator(mode="after")
    def _known(self) -> InputRange:
        if self.path not in RISK_INPUT_PATHS:
            raise _refused("risk_path", Message("engine.validation.risk_path", got=repr(self.path)))
        return self


MAX_RUNS = 100_000


def _one_path_is_a_list(value: object) -> object:
    """One path given as text is a list of one path (``reveals="rollout.peak_adoption"``)."""
    return (value,) if isinstance(value, str) else value


class Pilot(_Model):
    """A pilot before the full rollout: what it costs, how long it takes, on how many users, what it measures.

    :func:`crm_case.voi.pilot_paths` values it as an option (Forrester TEI's *flexibility*): pay the pilot, wait
    its months, learn the inputs it reveals, then roll out only if what was learnt makes rolling out worth more than
    stopping.

    * ``cost``: what the pilot costs, case currency, paid at the decision date (t = 0, undiscounted), on top of
      the full rollout's own costs.
    * ``months``: its length, whole months 1 to :data:`~crm_case.model.MAX_DELAY_MONTHS`: the full rollout
      starts that many months later.
    * ``users``: how many users take part, a whole number >= 1: the precision of what it measures.
    * ``reveals``: the risk inputs it measures (paths of :data:`RISK_INPUT_PATHS`, e.g.
      ``rollout.peak_adoption``), at least one, each once.
    * ``stop_cost``: what stopping after the pilot costs (unwinding, contract exit), case currency, paid at the
      pilot's end.
    * ``spread``: how much a revealed input varies from one user to another, as a coefficient of variation
      (0 to 5): the pilot measures each input as the mean over its users, with noise of standard deviation
      ``spread x |value| / sqrt(users)``. 0.5 by default: for adoption (each user adopting or not, a share
      ``p``) the binomial gives ``sqrt((1 - p) / p)``, 0.42 at 85 %; 0 means the pilot measures exactly.
    """

    cost: Money = Field(title="Pilot cost", description="What the pilot costs, paid at the decision date.")
    months: Annotated[int, Unit.MONTHS] = Field(
        title="Pilot length (months)", ge=1, le=MAX_DELAY_MONTHS,
        description="Months the pilot lasts: the full rollout starts that many months later.")
    users: Annotated[int, Unit.COUNT] = Field(
        title="Pilot users", ge=1, le=1_000_000, description="Users taking part in the pilot.")
    reveals: Annotated[tuple[str, ...], BeforeValidator(_one_path_is_a_list)] = Field(
        title="Inputs the pilot measures",
        description="Risk inputs whose value the pilot measures (paths of RISK_INPUT_PATHS), each once.")
    stop_cost: Money = Field(0.0, title="Cost of stopping after the pilot",
                             description="What stopping after the pilot costs (unwinding, contract exit).")
    spread: Annotated[float, Unit.NUMBER] = Field(
        0.5, title="Spread between pilot users", ge=0.0, le=5.0,
        description="How much a measured input varies from user to user (coefficient of variation, 0 to 5).")

    @field_validator("reveals")
    @classmethod
    def _known_paths(cls, reveals: tuple[str, ...]) -> tuple[str, ...]:
        if not reveals:
            raise _refused("pilot_reveals", Message("engine.validation.pilot_reveals"))
        unknown = [p for p in reveals if p not in RISK_INPUT_PATHS]
        if unknown:
            raise _refused("pilot_reveals_unknown", Message("engine.validation.pilot_reveals_unknown",
                                                            got=_listed([repr(p) for p in unknown])))
        twice = sorted({p for p in reveals if reveals.count(p) > 1})
        if twice:
            raise _refused("pilot_reveals_twice", Message("engine.validation.pilot_reveals_twice",
                                                          paths=_listed([repr(p) for p in twice])))
        return reveals


class RiskSettings(_Model):
    """Ranges of the inputs (each one not listed uses :data:`DEFAULT_RANGE`), the Monte Carlo settings and the
    pilot the user considers (none by default)."""

    ranges: tuple[InputRange, ...] = ()
    runs: Annotated[int, Unit.COUNT] = Field(10_000, ge=100, le=MAX_RUNS, description="Monte Carlo runs.")
    seed: int = Field(7, ge=0, le=2**32 - 1, description="Seed of the random draws: same seed, same runs.")
    pilot: Pilot | None = Field(None, description="A pilot to compare with going ahead now, waiting and not "
                                                  "investing (crm_case.voi.pilot_paths); None: no pilot described.")

    @model_validator(mode="after")
    def _unique(self) -> RiskSettings:
        paths = [r.path for r in self.ranges]
        if len(set(paths)) != len(paths):
            raise _refused("risk_ranges", Message("engine.validation.risk_ranges"))
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
    def _licences_writable(self) -> VendorOffer:
        """The yearly licences (users x price a month x 12) become a cost line item: the same size limit."""
        if self.users * self.licence_per_user_month * 12 > MAX_FIGURE:
            raise _refused("figure_size", Message("engine.validation.licence_size", limit=MAX_FIGURE_TEXT,
                                                  got=f"{self.users * self.licence_per_user_month * 12:.6g}"))
        return self


class Vendors(_Model):
    """The offers compared, the case's cost items an offer replaces, and the offer the case uses."""

    offers: Annotated[tuple[VendorOffer, ...], _at_most(MAX_VENDOR_OFFERS, Message("engine.items.vendor_offers"))] = ()
    replaces: Annotated[tuple[Name, ...],
                        _at_most(MAX_LINE_ITEMS, Message("engine.items.replaced_cost_items"))] = Field(
        (), description="Names of the case's cost items that depend on the vendor; an offer replaces them."
    )
    chosen: Name | None = Field(None, description="Name of the offer the case uses.")

    @model_validator(mode="after")
    def _consistent(self) -> Vendors:
        names = [o.name.lower() for o in self.offers]
        if len(set(names)) != len(names):
            raise _refused("vendors", Message("engine.validation.offer_names"))
        if self.chosen is not None and self.chosen.lower() not in names:
            raise _refused("vendors", Message("engine.validation.chosen_offer", got=repr(self.chosen)))
        return self


# --------------------------------------------------------------------------- customer value
class Segment(_Model):
    """A customer segment for lifetime value: its size, yearly margin per customer, yearly retention and the
    cost of acquiring one customer (:mod:`crm_case.customers`)."""

    name: Name
    customers: Count = Field(0.0, description="Active customers in the segment.")
    annual_margin: Number = Field(
        0.0, description="Yearly profit (margin after cost to serve) of one customer; negative for loss-makers."
    )
    retention: Fraction = Field(0.8, description="Share of the segment's customers still active a year later.")
    acquisition_cost: Money = Field(0.0, description="Cost of winning one new customer of the segment.")
    horizon_years: Annotated[int, Unit.YEARS, Field(ge=1, le=50)] = Field(
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

    segments: Annotated[tuple[Segment, ...], _at_most(MAX_SEGMENTS, Message("engine.items.segments"))] = ()
    top_share: Annotated[float, Unit.FRACTION, Field(gt=0, lt=1)] = Field(
        0.2, description="Share of customers, ranked by profit, that form the top tier (0.2 = the top 20 %)."
    )
    summary: Annotated[dict[Annotated[str, Field(max_length=60)], Number],
                       _at_most(MAX_SUMMARY_KEYS, Message("engine.items.summary_figures"))] = Field(
        default_factory=dict)

    @model_validator(mode="after")
    def _unique(self) -> CustomerValue:
        names = [s.name.lower() for s in self.segments]
        if len(set(names)) != len(names):
            raise _refused("segments", Message("engine.validation.segment_names"))
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
    baseline: Number
    target: Number
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
            raise _refused("metric_target", Message("engine.validation.metric_target", baseline=Plain(baseline)))
        if (direction is Direction.HIGHER) != (target > baseline):
            way = "above" if target > baseline else "below"
            raise _refused("metric_direction", Message(
                f"engine.validation.metric_direction.{way}", target=Plain(target), baseline=Plain(baseline),
                direction=Message(f"engine.direction.{direction.value}")))
        return target


class Actual(_Model):
    """The measured value of a metric in a period (``YYYY-MM``; a quarter is its last month)."""

    metric: Annotated[str, Field(max_length=60), AfterValidator(_text)]
    period: Annotated[str, Field(pattern=_PERIOD)]
    value: Number


class Goals(_Model):
    """Objectives -> strategies -> metrics, the actuals measured so far and a corrective action per metric."""

    objectives: Annotated[tuple[Objective, ...], _at_most(MAX_OBJECTIVES, Message("engine.items.objectives"))] = ()
    metrics: Annotated[tuple[Metric, ...], _at_most(MAX_METRICS, Message("engine.items.metrics"))] = ()
    actuals: Annotated[tuple[Actual, ...], _at_most(MAX_ACTUALS, Message("engine.items.actuals"))] = ()
    actions: Annotated[dict[str, Annotated[str, Field(max_length=500)]], _named_keys(Message("engine.item.metric")),
                       _at_most(MAX_METRICS, Message("engine.items.corrective_actions"))] = Field(
        {}, description="A corrective action per metric, by the metric's name.")

    @model_validator(mode="after")
    def _references(self) -> Goals:
        problems = []
        objectives = [o.name.lower() for o in self.objectives]
        metrics = [m.name.lower() for m in self.metrics]
        if len(set(objectives)) != len(objectives):
            problems.append(Message("engine.validation.objective_names"))
        if len(set(metrics)) != len(metrics):
            problems.append(Message("engine.validation.metric_names"))
        for i, m in enumerate(self.metrics):
            if m.objective.lower() not in objectives:
                problems.append(Message("engine.validation.metric_objective", index=i, name=m.name,
                                        objective=repr(m.objective)))
            if m.driver_input is not None and m.driver_input not in DRIVER_INPUT_PATHS:
                problems.append(Message("engine.validation.metric_driver_input", index=i, name=m.name,
                                        expected=", ".join(DRIVER_INPUT_PATHS), got=repr(m.driver_input)))
        for i, o in enumerate(self.objectives):
            if not (o.link.startswith("benefits.") or o.link.removeprefix("drivers.") in Drivers.model_fields):
                problems.append(Message("engine.validation.objective_link", index=i, name=o.name, got=repr(o.link)))
        seen = set()
        for i, a in enumerate(self.actuals):
            if a.metric.lower() not in metrics:
                problems.append(Message("engine.validation.actual_metric", index=i, metric=repr(a.metric)))
            if (a.metric.lower(), a.period) in seen:
                problems.append(Message("engine.validation.actual_twice", index=i, metric=a.metric, period=a.period))
            seen.add((a.metric.lower(), a.period))
        if problems:
            raise _refused("goals", joined(problems))
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


