"""Starting a case of one's own: the blank case, and which parts of a case still hold the sample's values.

A blank case holds nothing a user did not type: no cost or benefit lines, every benefit driver off, no go-live
dip (no affected staff), no cost-of-delay inputs, no advantages or disadvantages and no votes, readiness not
assessed, no vendors, customer segments or goals. Its figures are those of an empty case (NPV 0, ROI n/a).

A case started from the sample keeps the sample's values in parts the user never touched. :func:`sample_parts`
names them by comparing each part with the sample's (an exact comparison: a part the user changed, even by one
value, is theirs), and :func:`clear_part` replaces one by its blank.

A budget workbook holds the assumptions, costs and benefits (and, from an export, more sheets); what it does not
hold, an import keeps from the case it is applied to. :func:`kept_by_import` names those parts, so the user chooses
for each whether to keep it or clear it (:func:`blend`); by default (:func:`keep_by_default`) what is still the
sample's is cleared and what the user built is kept. With those defaults, a budget applied to the sample case gives
the figures of the budget alone.
"""

from __future__ import annotations

import datetime as dt

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.model import (
    ROLLOUT_PRESETS,
    Case,
    CostOfDelay,
    CrmType,
    CustomerValue,
    Drivers,
    Goals,
    Readiness,
    Rollout,
    Scoring,
    Vendors,
    case_from_dict,
    with_values,
)
from crm_case.sample import sample_case

BLANK_NAME = "New CRM case"


def blank_case(*, name: str = BLANK_NAME, currency: str = "EUR", years: int = 5,
               start: dt.date | None = None, rate: float = 0.10) -> Case:
    """A case with the given frame and nothing else (see the module docstring).

    ``years`` is the horizon in whole years (1-10), ``rate`` the annual discount rate as a fraction (0.08 is
    8 %), ``start`` the decision date (default: 1 January of next year, so the result does not depend on the
    day within a year it is made). Raises :class:`CrmCaseError` naming the field when a value breaks a rule.
    """
    start = start or dt.date(dt.date.today().year + 1, 1, 1)
    data = {
        "assumptions": {"name": name, "currency": currency, "start_date": start.isoformat(), "horizon_years": years,
                        "discount_rate": rate},
    }
    frame = case_from_dict(data).assumptions
    return Case(assumptions=frame, **{part: blank for part, blank in BLANK_PARTS.items()})


BLANK_PARTS = {
    "drivers": Drivers(),
    "rollout": Rollout(**ROLLOUT_PRESETS[CrmType.OPERATIONAL]),  # the timing its CRM type states; no dip (no staff)
    "delay": CostOfDelay(),
    "scoring": Scoring(criteria=(), participants=(), use_votes=False),
    "readiness": Readiness(scores={}),
    "vendors": Vendors(),
    "customers": CustomerValue(segments=()),
    "goals": Goals(),
}
"""The blank of each part a case can start with: what "clear" puts in its place."""

SAMPLE_PARTS = ("costs", "benefits", "drivers", "rollout", "delay", "scoring", "readiness", "customers", "goals",
                "vendors")
"""The parts of a case that can still be the sample's, in the order the pages show them."""


def _blank_of(part: str):
    if part in ("costs", "benefits"):
        return ()
    return BLANK_PARTS[part]


def sample_parts(case: Case) -> tuple[str, ...]:
    """The parts of ``case`` (names from :data:`SAMPLE_PARTS`) that still hold exactly the sample's values and
    are not blank; for the rollout, only when its go-live dip is the sample's (its timing is a preset anyone may
    keep); for the customers, their segments and top share (the analysis summary follows the data analysed); for
    the vendors, their offers."""
    sample = sample_case()
    held = []
    for part in SAMPLE_PARTS:
        mine, theirs = getattr(case, part), getattr(sample, part)
        if part == "rollout":
            keys = ("dip_affected_staff", "dip_monthly_output_per_person")
            if mine.dip_affected_staff > 0 and all(getattr(mine, k) == getattr(theirs, k) for k in keys):
                held.append(part)
            continue
        if part == "customers":  # its summary is derived from whichever customer rows were analysed
            mine, theirs = (c.model_copy(update={"summary": {}}) for c in (mine, theirs))
        if part == "vendors":  # the offers; which cost lines they replace follows the cost lines
            mine, theirs = mine.offers, theirs.offers
        if mine == theirs and mine != _blank_of(part):
            held.append(part)
    return tuple(held)


def has_content(case: Case) -> bool:
    """Whether ``case`` holds anything that makes a cash flow: a cost or benefit line, an enabled driver, or a
    go-live dip (affected staff with an output value). A blank case has none, so its figures mean nothing yet."""
    dip = case.rollout.dip_affected_staff > 0 and case.rollout.dip_monthly_output_per_person > 0
    drivers = any(getattr(case.drivers, name).enabled for name in type(case.drivers).model_fields)
    return bool(case.costs or case.benefits or drivers or dip)


def default_name(base: str, when: dt.datetime) -> str:
    """A name for a case saved for the first time under a name it shares with every other such case (the
    sample's, or the blank's): ``base`` up to any " - " subtitle, and the date and time, e.g.
    ``New CRM case · 2026-11-30 20:45`` (the sample's "Acme Industrial Supplies - CRM business case" gives
    ``Acme Industrial Supplies · ...``)."""
    return f"{base.split(' - ')[0][:100]} · {when:%Y-%m-%d %H:%M}"


def clear_part(case: Case, part: str) -> Case:
    """``case`` with ``part`` (one of :data:`SAMPLE_PARTS`) replaced by its blank; for the rollout, the go-live
    dip is removed (no affected staff, no output value) and its timing kept; clearing the costs also forgets which
    of them a vendor offer replaced (and the offer chosen), so no offer names a line that is gone."""
    if part not in SAMPLE_PARTS:
        raise CrmCaseError(Message("engine.start.not_a_part", name=repr(part), expected=", ".join(SAMPLE_PARTS)))
    changes: dict[str, object] = {}
    if part == "costs":  # the vendor offers stay; which cost lines an offer replaces went with the lines
        changes |= {"vendors.replaces": [], "vendors.chosen": None}
    if part == "rollout":
        changes |= {"rollout.dip_affected_staff": 0.0, "rollout.dip_monthly_output_per_person": 0.0}
    else:
        blank = _blank_of(part)
        changes[part] = [] if blank == () else blank.model_dump(mode="json")
    return with_values(case, changes)



KEPT_PARTS = tuple(p for p in SAMPLE_PARTS if p not in ("costs", "benefits"))
"""The parts a budget workbook may not hold, which an import then keeps from the case it is applied to."""


def _part_view(case: Case, part: str):
    """What of ``part`` an import keeps or clears: the whole part, or the go-live dip of the rollout."""
    if part == "rollout":
        return (case.rollout.dip_affected_staff, case.rollout.dip_monthly_output_per_person)
    return getattr(case, part)


def kept_by_import(imported: Case, base: Case, *, held: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The parts of :data:`KEPT_PARTS` that ``imported`` (a workbook read onto ``base``) holds unchanged from
    ``base`` and that are not blank: what applying the import would keep from the current case. ``held`` names the
    parts the workbook itself holds (``WorkbookImport.held``: an exported case's Drivers, Scoring... sheets): those
    come from the file, even with the same values, and are never listed."""
    return tuple(part for part in KEPT_PARTS
                 if part not in held and _part_view(imported, part) == _part_view(base, part)
                 and _part_view(base, part) != _part_view(clear_part(base, part), part))


def keep_by_default(imported: Case, base: Case, *, held: frozenset[str] = frozenset()) -> dict[str, bool]:
    """For each part :func:`kept_by_import` names, whether to keep it by default: ``False`` (clear) when it is still
    the sample's (:func:`sample_parts` of ``base``), ``True`` when the user built it."""
    sample = set(sample_parts(base))
    return {part: part not in sample for part in kept_by_import(imported, base, held=held)}


def blend(imported: Case, keep: dict[str, bool]) -> Case:
    """``imported`` with every part that ``keep`` maps to ``False`` cleared (:func:`clear_part`)."""
    case = imported
    for part, kept in keep.items():
        if not kept:
            case = clear_part(case, part)
    return case
