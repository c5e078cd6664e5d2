"""The guided set-up's rules: the licence calculator, the often-forgotten TCO items, the typical range of each
benefit-driver input with where that range comes from, and what a case still lacks.

Pure (no Streamlit): the page ``pages/setup.py`` reads these and changes the case only through the usual
helpers (``ui.state.commit_items`` with the cost lists made here, ``bind`` for single fields).

Units as everywhere in the core: money in the case currency, rates and shares as fractions (0.10 is 10 %).
A typical range is stated in the unit of its input; a range of kind ``"points"`` is a difference between two
fractions (churn with the CRM 0.01 to 0.03 below churn without it).

Sources, honestly: the five seed articles (``/work/shared/seeds/000`` to ``004``) name costs and benefits but
give almost no figures; the Forrester Total Economic Impact (TEI) studies fix a few conventions (3 years, a
10 % discount rate, 50 % productivity recapture). Every other range is a rule of thumb, marked as such with the
reason, and inputs that only your own records can give (how many customers, your margin) have no range at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from crm_case.drivers import DRIVER_FORMULAS
from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.model import Case, CostCategory, CostItem, Drivers
from crm_case.scoring import readiness
from crm_case.start import BLANK_NAME

STEPS = ("company", "rollout", "costs", "benefits", "review")
"""The guided set-up's steps, in order: frame, CRM type and users, costs, benefits, review."""

Source = Literal["forrester", "seed", "rule", "yours"]
"""Where a typical range comes from: a Forrester TEI convention, a seed article, a rule of thumb (no published
source), or nowhere but the user's own records (no typical range)."""


# --------------------------------------------------------------------------- licence calculator
LICENCE_NAME = "CRM licences ({users} users x {price} {currency} a month)"
"""Name of the licence cost line the calculator writes."""
_LICENCE_USERS = re.compile(r"\((?P<users>\d[\d,]*(?:\.\d+)?) users x ")


def _number(value: float) -> str:
    """A count or price as a line name writes it: 1,200 or 49.5 (no trailing zeros)."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def _check(name: Message, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise CrmCaseError(Message("engine.setup.licence_input", name=name, got=repr(value)))
    return float(value)


def yearly_licence_cost(users: float, price_per_user_month: float) -> float:
    """Yearly licence cost: ``users x price_per_user_month x 12``, in the case currency.

    Excel: ``=B1*B2*12``. Example: 60 users x 95 a month x 12 = 68,400 a year (the sample's subscription).
    Raises :class:`CrmCaseError` naming the input when either is negative or not a finite number.
    """
    return (_check(Message("engine.setup.licence.users"), users)
            * _check(Message("engine.setup.licence.price"), price_per_user_month) * 12)


def is_licence_line(item: CostItem) -> bool:
    """Whether ``item`` is a per-user licence line: an IT cost whose name says ``(N users x ...)``, as the
    calculator writes it (and as the sample's ``CRM subscription (60 users x 95 EUR a month)`` does)."""
    return item.category is CostCategory.IT and _LICENCE_USERS.search(item.name) is not None


def licence_index(case: Case) -> int | None:
    """Position of the case's licence line in ``case.costs`` (the first, if several), ``None`` without one."""
    return next((i for i, item in enumerate(case.costs) if is_licence_line(item)), None)


def read_licences(case: Case) -> tuple[float, float] | None:
    """``(users, price per user-month)`` of the case's licence line, or ``None`` without one: users from its
    name, the price from its Year 1 amount (``per_year[0] / 12 / users``, 0 when there are no users)."""
    index = licence_index(case)
    if index is None:
        return None
    item = case.costs[index]
    users = float(_LICENCE_USERS.search(item.name)["users"].replace(",", ""))
    price = item.amount(1) / 12 / users if users else 0.0
    return users, round(price, 10)


def costs_with_licences(case: Case, users: float, price_per_user_month: float) -> list[dict[str, Any]]:
    """The case's cost lines (as dicts, ready for ``ui.state.commit_items("costs", ...)``) with the licence line
    written for ``users`` at ``price_per_user_month``: an IT line named :data:`LICENCE_NAME`, the yearly cost
    (:func:`yearly_licence_cost`) in every year of the horizon, nothing Initial. An existing licence line
    (:func:`licence_index`) is replaced in place, keeping its risk adjustment; otherwise the line is added last."""
    yearly = yearly_licence_cost(users, price_per_user_month)
    name = LICENCE_NAME.format(users=_number(users), price=_number(price_per_user_month),
                               currency=case.assumptions.currency)
    items = [item.model_dump() for item in case.costs]
    index = licence_index(case)
    line = {"category": CostCategory.IT, "name": name, "initial": 0.0,
            "per_year": [yearly] * case.assumptions.horizon_years,
            "risk_adjustment": case.costs[index].risk_adjustment if index is not None else 0.0}
    if index is None:
        items.append(line)
    else:
        items[index] = line
    return items


# --------------------------------------------------------------------------- the often-forgotten TCO items
@dataclass(frozen=True)
class TcoItem:
    """A cost the seeds warn is often left out of a CRM's total cost of ownership.

    ``name`` is the cost line it becomes, in ``category``; ``words`` (lower case) recognise a line the user
    already has (the sample's "Training (initial and new joiners)" is the training line); ``source`` and
    ``why`` say where the item comes from.
    """

    key: str
    name: str
    category: CostCategory
    words: tuple[str, ...]
    source: Source
    why: str


TCO_ITEMS: tuple[TcoItem, ...] = (
    TcoItem("training", "Training", CostCategory.PEOPLE, ("train",), "seed",
            Message("engine.setup.tco.training")),
    TcoItem("change_management", "Change management", CostCategory.PROCESS, ("change",), "seed",
            Message("engine.setup.tco.change_management")),
    TcoItem("knowledge_transfer", "Knowledge transfer", CostCategory.PROCESS, ("knowledge",), "seed",
            Message("engine.setup.tco.knowledge_transfer")),
    TcoItem("data_migration", "Data migration", CostCategory.IT, ("migrat",), "rule",
            Message("engine.setup.tco.data_migration")),
    TcoItem("internal_time", "Internal project team time", CostCategory.PEOPLE, ("internal", "project team"),
            "seed", Message("engine.setup.tco.internal_time")),
    TcoItem("implementation_partner", "Implementation partner", CostCategory.IT, ("partner", "implementation"),
            "rule", Message("engine.setup.tco.implementation_partner")),
)
"""The TCO items the guided set-up offers with a checkbox and an amount, in the order shown."""
TCO_KEYS = tuple(item.key for item in TCO_ITEMS)


def _tco(key: str) -> TcoItem:
    for item in TCO_ITEMS:
        if item.key == key:
            return item
    raise CrmCaseError(Message("engine.setup.not_a_tco_item", name=repr(key), expected=", ".join(TCO_KEYS)))


def tco_index(case: Case, key: str) -> int | None:
    """Position in ``case.costs`` of the line that holds TCO item ``key``: the first line (not the licence
    line) whose lower-case name contains one of the item's words; ``None`` when the case has none."""
    words = _tco(key).words
    return next((i for i, c in enumerate(case.costs)
                 if not is_licence_line(c) and any(w in c.name.lower() for w in words)), None)


def is_uniform(item: CostItem, years: int) -> bool:
    """Whether ``item``'s yearly amounts are one amount in every year of the horizon (or none at all): then a
    single "a year" figure says all of it."""
    amounts = [item.amount(k) for k in range(1, years + 1)]
    return len(set(amounts)) == 1


def costs_with_tco(case: Case, key: str, *, include: bool = True, initial: float | None = None,
                   per_year: float | None = None) -> list[dict[str, Any]]:
    """The case's cost lines (as dicts, for ``commit_items("costs", ...)``) with TCO item ``key`` included or
    not. ``include=False`` removes its line; otherwise the line is added (named and categorised as in
    :data:`TCO_ITEMS`, 0 where no amount is given) or, when it exists (:func:`tco_index`), only the amounts
    given change: ``initial`` at t = 0, ``per_year`` the same amount in every year of the horizon.
    Amounts are checked by the model when the list is committed (the message names the row and column)."""
    item = _tco(key)
    items = [c.model_dump() for c in case.costs]
    index = tco_index(case, key)
    years = case.assumptions.horizon_years
    if not include:
        return items if index is None else items[:index] + items[index + 1:]
    if index is None:
        items.append({"category": item.category, "name": item.name, "initial": 0.0, "per_year": [],
                      "risk_adjustment": 0.0})
        index = len(items) - 1
    if initial is not None:
        items[index]["initial"] = initial
    if per_year is not None:
        items[index]["per_year"] = [per_year] * years
    return items


# --------------------------------------------------------------------------- benefit drivers: inputs and typical ranges
@dataclass(frozen=True)
class InputGuide:
    """One input of a benefit driver as the guide asks for it.

    ``unit``: ``"pct"`` (a fraction edited as %), ``"money"`` (case currency) or ``"count"``; ``step`` the widget's
    step in that unit as shown (per cent for ``"pct"``). ``low``/``high``: the typical range in the input's own
    unit (fractions for rates), ``None`` when there is none; ``kind`` ``"points"`` when the range is a difference
    from the input named in ``relative_to`` (rates, in fractions). ``source`` and ``why``: where the range comes
    from, or why there is none.
    """

    field: str
    unit: Literal["pct", "money", "count"]
    step: float
    source: Source
    why: str
    low: float | None = None
    high: float | None = None
    kind: Literal["absolute", "points"] = "absolute"
    relative_to: str | None = None


_YOURS = "yours"


def _own(field: str, unit: Literal["pct", "money", "count"], step: float, where: Message) -> InputGuide:
    return InputGuide(field, unit, step, _YOURS, Message("engine.setup.own", where=where))


DRIVER_INPUTS: dict[str, tuple[InputGuide, ...]] = {
    "retention": (
        _own("customers", "count", 10, Message("engine.setup.records.retention.customers")),
        InputGuide("churn_before", "pct", 0.5, "rule",
                   Message("engine.setup.why.retention.churn_before"), 0.05, 0.25),
        InputGuide("churn_after", "pct", 0.5, "rule",
                   Message("engine.setup.why.retention.churn_after"), 0.01, 0.03, "points", "churn_before"),
        _own("annual_margin_per_customer", "money", 100,
             Message("engine.setup.records.retention.annual_margin_per_customer")),
    ),
    "sales_productivity": (
        _own("reps", "count", 1, Message("engine.setup.records.sales_productivity.reps")),
        InputGuide("hours_saved_per_week", "count", 0.5, "rule",
                   Message("engine.setup.why.sales_productivity.hours_saved_per_week"), 1, 4),
        InputGuide("working_weeks", "count", 1, "rule",
                   Message("engine.setup.why.sales_productivity.working_weeks"), 44, 48),
        _own("loaded_hourly_cost", "money", 1,
             Message("engine.setup.records.sales_productivity.loaded_hourly_cost")),
        InputGuide("selling_time_share", "pct", 5, "forrester",
                   Message("engine.setup.why.sales_productivity.selling_time_share"), 0.25, 0.5),
    ),
    "win_rate": (
        _own("opportunities", "count", 10, Message("engine.setup.records.win_rate.opportunities")),
        _own("win_rate_before", "pct", 0.5, Message("engine.setup.records.win_rate.win_rate_before")),
        InputGuide("win_rate_after", "pct", 0.5, "rule",
                   Message("engine.setup.why.win_rate.win_rate_after"),
                   0.01, 0.03, "points", "win_rate_before"),
        _own("average_deal", "money", 500, Message("engine.setup.records.win_rate.average_deal")),
        InputGuide("deal_size_uplift", "pct", 0.5, "rule",
                   Message("engine.setup.why.win_rate.deal_size_uplift"), 0.0, 0.05),
        _own("margin", "pct", 1, Message("engine.setup.records.win_rate.margin")),
    ),
    "service_cost": (
        _own("contacts", "count", 100, Message("engine.setup.records.service_cost.contacts")),
        _own("cost_per_contact", "money", 1, Message("engine.setup.records.service_cost.cost_per_contact")),
        InputGuide("self_service_deflection", "pct", 1, "rule",
                   Message("engine.setup.why.service_cost.self_service_deflection"), 0.05, 0.15),
        InputGuide("fcr_uplift", "pct", 1, "rule",
                   Message("engine.setup.why.service_cost.fcr_uplift"), 0.02, 0.10),
    ),
    "marketing_efficiency": (
        _own("campaign_spend", "money", 1000, Message("engine.setup.records.marketing_efficiency.campaign_spend")),
        InputGuide("waste_removed", "pct", 1, "rule",
                   Message("engine.setup.why.marketing_efficiency.waste_removed"), 0.05, 0.15),
    ),
    "acquisition_cost": (
        _own("new_customers", "count", 10, Message("engine.setup.records.acquisition_cost.new_customers")),
        _own("cac_before", "money", 100, Message("engine.setup.records.acquisition_cost.cac_before")),
        InputGuide("cac_reduction", "pct", 1, "rule",
                   Message("engine.setup.why.acquisition_cost.cac_reduction"), 0.05, 0.15),
    ),
}
"""Each benefit driver's inputs as the guide asks for them (every field of the driver but ``enabled`` and
``risk_adjustment``), with the typical range and its source."""

ASSUMPTION_GUIDES: dict[str, tuple[float, str]] = {
    "horizon_years": (3, Message("engine.setup.assumption.horizon_years")),
    "discount_rate": (0.10, Message("engine.setup.assumption.discount_rate")),
}
"""The TEI convention for the frame of the case, with its source."""


def driver_formula(name: str) -> Message:
    """The formula of driver ``name`` as its class docstring in :mod:`crm_case.model` states it, on one line (in
    English; the message ``engine.driver.<name>.formula`` writes it in any language)."""
    if name not in Drivers.model_fields:
        raise CrmCaseError(Message("engine.setup.not_a_driver", name=repr(name),
                                   expected=", ".join(Drivers.model_fields)))
    return Message(f"engine.driver.{name}.formula")


def typical_range(guide: InputGuide, case: Case, driver: str) -> tuple[float, float] | None:
    """The typical range of ``guide``'s input in the case, in the input's unit: a ``"points"`` range is
    added to the value it is relative to (win rate 22 % today: 23 % to 25 %), clipped to 0..1. ``None`` without
    a range."""
    if guide.low is None or guide.high is None:
        return None
    if guide.kind == "absolute":
        return guide.low, guide.high
    base = getattr(getattr(case.drivers, driver), guide.relative_to)
    sign = -1 if guide.field.startswith("churn") else 1  # churn falls, win rates rise
    ends = sorted(min(1.0, max(0.0, base + sign * p)) for p in (guide.low, guide.high))
    return ends[0], ends[1]


# --------------------------------------------------------------------------- what is still empty
def gaps(case: Case) -> tuple[str, ...]:
    """What a first business case still lacks, in the order the steps meet it:

    ``costs`` (no cost line), ``licences`` (no licence line), ``tco.<key>`` (a TCO item without a line),
    ``benefits`` (no driver on and no benefit line), ``driver.<name>`` (a driver on but worth 0: an input is
    missing), ``dip`` (the go-live dip is not counted: no affected staff or no output value), ``readiness``
    (not assessed).
    """
    out: list[str] = []
    if not case.costs:
        out.append("costs")
    if licence_index(case) is None:
        out.append("licences")
    out += [f"tco.{key}" for key in TCO_KEYS if tco_index(case, key) is None]
    enabled = [name for name in Drivers.model_fields if getattr(case.drivers, name).enabled]
    if not enabled and not case.benefits:
        out.append("benefits")
    out += [f"driver.{name}" for name in enabled if DRIVER_FORMULAS[name](getattr(case.drivers, name)) == 0]
    if case.rollout.dip_affected_staff == 0 or case.rollout.dip_monthly_output_per_person == 0:
        out.append("dip")
    if readiness(case) is None:
        out.append("readiness")
    return tuple(out)


def step_done(case: Case, step: str) -> bool:
    """Whether ``step`` (one of :data:`STEPS`) holds something of the user's: the frame is named (not the blank's
    "New CRM case"), the users are known (a licence line) or the dip is counted, a cost line, a driver on or a
    benefit line. The review is never done."""
    if step == "company":
        return case.assumptions.name != BLANK_NAME
    if step == "rollout":
        return licence_index(case) is not None or case.rollout.dip_affected_staff > 0
    if step == "costs":
        return bool(case.costs)
    if step == "benefits":
        return bool(case.benefits) or any(getattr(case.drivers, n).enabled for n in Drivers.model_fields)
    if step == "review":
        return False
    raise CrmCaseError(Message("engine.setup.not_a_step", name=repr(step), expected=", ".join(STEPS)))


def suggested_step(case: Case) -> str:
    """Where to resume: the first step not done (:func:`step_done`), the review when all are."""
    return next((step for step in STEPS if not step_done(case, step)), "review")
