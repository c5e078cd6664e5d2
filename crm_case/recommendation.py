"""One decision per case (invest now, invest de-risking first, wait, do not invest) and its reasons.

The decision reads five figures of the case, risk-adjusted where a risk adjustment exists (rule 2 also reads the
NPV before risk adjustment, ``Evaluation.unadjusted.npv``):

* the NPV (``Evaluation.adjusted.npv``, case currency); it is *positive* when it is at least 0.5, i.e. at least
  one whole unit once rounded as it is shown (half away from zero: 0.5 shows as 1);
* the chance the NPV is positive (``monte_carlo(case).probability_positive``, a fraction of the runs);
* the readiness index (``scoring.readiness(case)``, 0..100, or ``None`` when not assessed);
* the weighted advantages against disadvantages (``scoring.score(case.scoring)``: net on the 0..10 scale);
* the cost of each month of waiting (``delay.analyse_delay(case, projection).per_month(D)`` with D the case's
  ``delay.delay_months``, 1 when it is 0), case currency, present value.

Rules, in order; the first that matches decides:

1. **Nothing to weigh -> wait.** When the case holds no cost or no benefit (their totals over the horizon are
   zero, as in a blank case), its NPV says nothing about the CRM: a case with benefits and no costs is not a
   bargain, one with costs and no benefits is not a loss. The first reason says what to enter first: the costs
   (licences, implementation, people, training) and/or the benefits (line items or benefit drivers).
   Never "invest", and not "do not invest" either: nothing has been found against the CRM yet.
2. **NPV not positive -> do not invest, or wait when the case is close.** "Close" is a chance of a positive
   NPV of at least :data:`CLOSE_CHANCE` (30 %: roughly one run in three pays, so better figures could turn
   it), or an NPV that is positive before risk adjustment (the benefits would pay if the risks priced into
   them were lowered). Close -> wait (firm up the figures or lower the risks, then decide again); otherwise
   -> do not invest. Never "invest" of any kind: the investment does not pay back its cost of capital.
3. **NPV positive but a chance below** :data:`COMMIT_CHANCE` **(50 %) -> wait.** The central figures pay,
   but more simulated runs lose money than make it: the case rests on its most favourable inputs.
4. **NPV positive, chance at least** :data:`INVEST_CHANCE` **(80 %), readiness assessed and at least**
   :data:`READY_INDEX` **(60 / 100), advantages and disadvantages weighed and the disadvantages not
   outweighing -> invest now.** 80 % is four chances in five that the investment pays: a loss stays possible
   (one in five) but unlikely. 60 / 100 is a weighted average area score of 3.4 of 5 (index = 100 x (s - 1) /
   4): above the middle of the scale, with room for one or two weak areas; below it the organisation is more
   likely to buy a CRM it cannot absorb, the failure the readiness check (seed 004) is there to prevent.
5. **Otherwise (NPV positive, chance 50-80 %, readiness below 60 or not assessed, criteria not weighed or
   disadvantages outweighing) -> invest with conditions** ("invest, de-risking first"): each unmet condition is
   a reason that says what to do before go-live (for readiness: its weakest areas, named).

**The pilot.** When the case describes a pilot (``case.risk.pilot``) and the case has something to weigh, its
four courses of action are compared (:func:`crm_case.voi.pilot_paths`, risk-adjusted, on the same runs as the
chance): go ahead now, pilot then decide, wait the pilot's months, do not invest. When piloting first is the best of
them (:attr:`~crm_case.voi.PilotAnalysis.best`: the highest expected NPV), the decision of rules 2-5 becomes
**invest with conditions** ("invest, de-risking first": run the pilot, then roll out if it confirms the inputs it
measures), with a reason naming the pilot and its expected gain over going ahead now, ``E[NPV pilot] - E[NPV now]``.
A pilot that is best has a positive expected NPV (it beats not investing, 0), so this may turn a "wait" or a "do not
invest" into investing through a pilot: the pilot's rule to stop after it is what makes the difference. When going
ahead now has at least the pilot's expected NPV, a reason says that the pilot is not worth it (its expected cost
against going ahead now); the decision is then the rules' own.

Reasons, in this order: the NPV (rules 2-5), the chance (2-5), the pilot, readiness, the weighed advantages, the
cost of delay. A readiness not assessed is never treated as good: it is said ("readiness not assessed: assess it before
buying") and keeps a case from "invest now". A low readiness names its weakest areas to fix before go-live, and
outweighing disadvantages are to be addressed before committing; for "do not invest" all of these are only
stated ("Readiness not assessed.", "its weakest areas are ...": there is no go-live to prepare). The cost of
delay is an argument only for a case worth doing: "each month of waiting costs X" is said only when the NPV is
positive and waiting costs something; when waiting costs nothing or saves money, that is said whatever the NPV;
when the NPV is not positive and waiting would cost something, it is left out (a loss-making case is not bought
to avoid a cost of delay).

Numbers in sentences never contradict the decision beside them:

* money is rounded to whole units half away from zero (0.5 -> 1, 2.5 -> 3, -0.5 -> -1; never "-0"), so a
  positive NPV (at least :data:`MIN_POSITIVE`) always shows as at least 1 and a cost of delay that is said at
  all shows as at least 1;
* a chance, the readiness index and a net score are rounded half up from their decimal value (what ``repr``
  shows), to whole per cent, whole index points and tenths of a point;
* a chance or readiness index *below* the threshold its sentence compares it with (:data:`CLOSE_CHANCE`,
  :data:`COMMIT_CHANCE`, :data:`INVEST_CHANCE`, :data:`READY_INDEX`) never shows as on or above it: it gets
  one decimal when the whole number would reach the threshold (0.796 -> "79.6 %", 59.7 -> "59.7/100") and is
  rounded down at one decimal when even that would (0.79996 -> "79.9 %");
* a net score margin under 0.05 points gets two decimals ("0.04 points"), under 0.005 it is "less than 0.01
  points": a side that outweighs never does so "by 0.0 points".

Money is written plainly with the currency code in English (``EUR 53,800``, ``EUR -40,000``). Each reason is a
:class:`~crm_case.i18n.Message` (``engine.recommendation.*``): the UI shows the decision's title from its catalog
and the reasons in the reader's language, their figures (to the same digits) in the reader's formats
(:mod:`crm_case.i18n.formats`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal, TypeVar

import numpy as np

from crm_case.delay import DelayAnalysis, analyse_delay
from crm_case.errors import CrmCaseError
from crm_case.evaluate import Evaluation
from crm_case.i18n import DEFAULT, PSEUDO, Listing, Message, formats
from crm_case.i18n.formats import Plain
from crm_case.model import Case
from crm_case.scoring import ReadinessResult, ScoreResult, readiness, score

if TYPE_CHECKING:
    from crm_case.voi import PilotAnalysis

T = TypeVar("T")
DECISIONS = ("invest", "invest_with_conditions", "wait", "do_not_invest")
"""Every decision, from the most to the least favourable."""
DECISION_TITLES = {"invest": "Invest now", "invest_with_conditions": "Invest, de-risking first", "wait": "Wait",
                   "do_not_invest": "Do not invest"}
"""The decisions as the command line writes them (the app's titles are in its text catalog)."""
INVEST_CHANCE = 0.80
"""Chance (fraction of Monte Carlo runs) of a positive NPV from which a case may be an "invest now"."""
COMMIT_CHANCE = 0.50
"""Chance below which a positive NPV is not invested in at all: more runs lose money than make it."""
CLOSE_CHANCE = 0.30
"""Chance from which a case whose NPV is not positive is a "wait" rather than a "do not invest"."""
READY_INDEX = 60.0
"""Readiness index (0..100) from which the organisation is ready enough to invest now."""
MIN_POSITIVE = 0.5
"""Currency units: an NPV at least this large is positive (it shows as at least 1 once rounded)."""

AREA_NAMES = {area: Message(f"engine.readiness.area.{area}") for area in (
    "executive_sponsorship", "clear_objectives", "data_quality", "process_maturity", "it_infrastructure",
    "adoption_readiness", "budget", "skills")}
"""How a reason names each readiness area (short, inside a sentence: ``executive sponsorship``, ``user
adoption``)."""
MAX_NAMED = 2
"""At most this many disadvantages are named in a reason."""


@dataclass(frozen=True)
class Recommendation:
    """The decision on a case (one of :data:`DECISIONS`) and its reasons: complete sentences in the order of the
    module docstring (what to enter, NPV, chance, readiness, advantages, cost of delay), each a
    :class:`~crm_case.i18n.Message` (English as a ``str``)."""

    decision: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """``{"decision": ..., "reasons": [...]}`` (JSON-ready, the CLI's ``evaluate --json``)."""
        return {"decision": self.decision, "reasons": list(self.reasons)}


_WHOLE, _TENTH, _HUNDREDTH = Decimal(1), Decimal("0.1"), Decimal("0.01")


@dataclass(frozen=True)
class _Figure:
    """A figure in a reason: ``english`` as this module writes it (``str()``, and English), and in any other
    language by :mod:`crm_case.i18n.formats` to the same digits: ``value`` is the figure already rounded (money
    in whole units, a chance as a fraction, an index or score as a number) and ``digits`` its decimals."""

    english: str
    value: float
    kind: Literal["money", "percent", "number"]
    currency: str = ""
    digits: int = 0

    def __str__(self) -> str:
        return self.english

    def in_language(self, language: str) -> str:
        if language in (DEFAULT, PSEUDO):
            return self.english
        if self.kind == "money":
            return formats.money(self.value, self.currency, language)
        if self.kind == "percent":
            return formats.percent(self.value, language, self.digits)
        return formats.number(self.value, language, "#,##0" + ("." + "0" * self.digits if self.digits else ""))


def _decimals(value: Decimal) -> int:
    return max(0, -int(value.as_tuple().exponent))


def _decimal(value: float) -> Decimal:
    """``value`` as the decimal number it shows as (``repr``: 0.15 is 0.15, not 0.1499999...). Ordered as the
    floats are: ``a < b`` exactly when ``_decimal(a) < _decimal(b)``, so a rule's float comparison and the
    rounding of its figure agree."""
    return Decimal(repr(float(value)))


def _half_up(value: Decimal, step: Decimal = _WHOLE) -> Decimal:
    """``value`` rounded to a multiple of ``step``, ties away from zero (0.5 -> 1, 2.5 -> 3, -0.5 -> -1), as
    Excel's ``ROUND`` does; Python's ``round`` sends ties to the even neighbour (0.5 -> 0, 2.5 -> 2)."""
    return value.quantize(step, rounding=ROUND_HALF_UP)


def _below(value: Decimal, threshold: Decimal | None) -> Decimal:
    """``value`` to whole units (half up), but visibly below ``threshold`` when it is below it: one decimal when
    the whole number would land on or above the threshold (79.6 for 79.6 against 80, not 80), rounded down at
    one decimal when even that would (79.9 for 79.96). At or above the threshold the whole number is never
    below it (half up), so it is shown whole."""
    whole = _half_up(value)
    if threshold is None or value >= threshold or whole < threshold:
        return whole
    tenth = _half_up(value, _TENTH)
    if tenth >= threshold:
        tenth = value.quantize(_TENTH, rounding=ROUND_DOWN)
    return tenth


def plain_money(value: float, currency: str) -> str:
    """``€53,800``, ``-€40,000``: whole units rounded half away from zero (``€1`` for 0.5, ``€3`` for 2.5, never
    ``-€0``), written in English as every page writes money (:func:`crm_case.i18n.formats.money`)."""
    return str(_money(value, currency))


def _money(value: float, currency: str) -> _Figure:
    units = _half_up(_decimal(value))
    return _Figure(formats.money(float(units) + 0.0, currency, DEFAULT), float(units) + 0.0, "money", currency)


def _percent(per_cent: Decimal) -> _Figure:
    return _Figure(f"{per_cent:f} %", float(per_cent) / 100, "percent", digits=_decimals(per_cent))


def plain_chance(value: float, threshold: float | None = None) -> Message:
    """A share of simulated runs as whole per cent (half up: 0.125 -> ``13 %``), never a certainty a
    simulation cannot show: ``more than 99 %`` from 99.5 %, ``less than 1 %`` below 0.5 %.

    ``threshold`` (a fraction) is the chance the sentence compares ``value`` with; a ``value`` below it never
    shows as on or above it: ``79.6 %`` for 0.796 against 0.80, ``79.9 %`` for 0.79996 (see :func:`_below`).
    """
    if value >= 0.995:
        return Message("engine.recommendation.more_than", value=_percent(Decimal(99)))
    if value < 0.005:
        return Message("engine.recommendation.less_than", value=_percent(Decimal(1)))
    per_cent = _decimal(value) * 100
    return Message("engine.recommendation.share", value=_percent(_below(per_cent, None if threshold is None
                                                                      else _decimal(threshold) * 100)))


def plain_points(margin: float) -> Message:
    """A net score margin (0..10 scale) as ``4.5 points out of 10`` (tenths, half up); under 0.05 with two
    decimals (``0.04 points``) and under 0.005 as ``less than 0.01 points``, so a side that outweighs never
    does so by ``0.0 points``."""
    value = _decimal(margin)
    if value < Decimal("0.005"):
        return Message("engine.recommendation.points_less", points=_number(_HUNDREDTH))
    return Message("engine.recommendation.points",
                   points=_number(_half_up(value, _TENTH if value >= Decimal("0.05") else _HUNDREDTH)))


def _number(value: Decimal) -> _Figure:
    return _Figure(f"{value:f}", float(value), "number", digits=_decimals(value))


def _only(chance: Message) -> Message:
    """``only 42 %``; ``less than 1 %`` as it is."""
    return chance if chance.key == "engine.recommendation.less_than" else Message("engine.recommendation.only",
                                                                                   chance=chance)


def _names(items: list[str]) -> str | Message:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else Message("engine.list.and", items=Listing(tuple(items[:-1])), last=items[-1])


def _totals(result: Evaluation) -> tuple[float, float]:
    """Undiscounted, unadjusted totals of the costs and of the benefits over the horizon (rule 1): the sums of the
    projection's unadjusted monthly amounts of its cost and of its benefit components."""
    projection = result.projection
    amounts = projection.amounts(False)
    cost = np.array([c.kind == "cost" for c in projection.components], dtype=bool)
    return float(amounts[cost].sum()), float(amounts[~cost].sum())


def recommend(case: Case, result: Evaluation, *,
              probability_positive: float | Callable[[], float] | None = None,
              pilot: PilotAnalysis | Callable[[], PilotAnalysis] | None = None,
              scored: ScoreResult | Callable[[], ScoreResult] | None = None,
              delay: DelayAnalysis | Callable[[], DelayAnalysis] | None = None) -> Recommendation:
    """The decision on ``case`` and its reasons, by the rules of the module docstring.

    ``result`` is ``evaluate(case)``. ``probability_positive`` is the chance (fraction, 0..1) that the NPV is
    positive, when already simulated, or a function that returns it (called only past rule 1, e.g. one that reads a
    cached simulation); when ``None`` it is simulated here (``risk.monte_carlo(case)``, the case's runs and seed),
    unless the case has nothing to weigh (rule 1 needs no simulation).
    ``pilot`` is the comparison of the paths of the case's pilot (``voi.pilot_paths(case, case.risk.pilot)``,
    risk-adjusted), or a function that returns it (called only when the case has a pilot and past rule 1); when
    ``None`` and the case has a pilot it is computed here, on the same simulation as the chance when that is
    simulated here too. Ignored when the case has no pilot.
    ``scored`` (``scoring.score(case.scoring)``) and ``delay`` (``delay.analyse_delay(case, result.projection)``),
    or functions that return them, when already computed (a page that shows them too); computed here when
    ``None``, each at most once.
    Raises :class:`CrmCaseError` when ``probability_positive`` is not a fraction.
    """
    simulation = None
    costs, benefits = _totals(result)
    if callable(probability_positive) and not (costs > 0 and benefits > 0):
        probability_positive = None  # rule 1 decides; nothing to simulate
    elif callable(probability_positive):
        probability_positive = probability_positive()
    if probability_positive is not None and not 0.0 <= probability_positive <= 1.0:
        raise CrmCaseError(Message("engine.recommendation.bad_chance", got=repr(probability_positive)))
    a = case.assumptions
    currency = a.currency
    ready = readiness(case)
    scored = _once(scored, lambda: score(case.scoring)) if case.scoring.criteria else None
    context = [_readiness_reason(ready, act=True), _scoring_reason(scored, act=True)]

    if costs <= 0 or benefits <= 0:  # rule 1
        return Recommendation("wait", (_missing_reason(costs, benefits), *(text for text, _ in context)))

    if probability_positive is None:
        from crm_case.risk import monte_carlo  # the simulation is only needed past rule 1

        simulation = monte_carlo(case)
        probability_positive = simulation.probability_positive
    paths = _paths(case, pilot, simulation)
    piloting = paths is not None and paths.best == "pilot"
    pilot_reason = _pilot_reason(case, paths)
    npv, unadjusted = result.adjusted.npv, result.unadjusted.npv
    positive = npv >= MIN_POSITIVE
    frame = Message(f"engine.recommendation.frame.{'one' if a.horizon_years == 1 else 'many'}",
                    years=a.horizon_years, rate=Plain(a.discount_rate * 100, "#,##0.##########"))
    delay = _delay_reason(case, _once(delay, lambda: analyse_delay(case, result.projection)), positive)

    if not positive:  # rule 2
        close = probability_positive >= CLOSE_CHANCE or unadjusted >= MIN_POSITIVE or piloting
        reasons = [Message("engine.recommendation.npv_not_positive", npv=_money(npv, currency), frame=frame)]
        if unadjusted >= MIN_POSITIVE:
            reasons.append(Message("engine.recommendation.unadjusted", npv=_money(unadjusted, currency)))
        chance = plain_chance(probability_positive, CLOSE_CHANCE)
        if probability_positive >= CLOSE_CHANCE:
            reasons.append(Message("engine.recommendation.chance_close", chance=chance))
        else:
            reasons.append(Message("engine.recommendation.chance", chance=_only(chance)))
        reasons += pilot_reason
        if not close:  # nothing to do before a go-live that is not advised: the facts only
            context = [_readiness_reason(ready, act=False), _scoring_reason(scored, act=False)]
        reasons += [text for text, _ in context]
        decision = "invest_with_conditions" if piloting else "wait" if close else "do_not_invest"
        return Recommendation(decision, tuple(reasons + delay))

    reasons = [Message("engine.recommendation.npv_positive", npv=_money(npv, currency), frame=frame)]
    if probability_positive < COMMIT_CHANCE:  # rule 3
        chance = plain_chance(probability_positive, COMMIT_CHANCE)
        reasons.append(Message("engine.recommendation.chance_below_commit", chance=_only(chance)))
        return Recommendation("invest_with_conditions" if piloting else "wait",
                              tuple(reasons + pilot_reason + [text for text, _ in context] + delay))

    met = probability_positive >= INVEST_CHANCE
    chance = plain_chance(probability_positive, INVEST_CHANCE)
    if met:
        reasons.append(Message("engine.recommendation.chance", chance=chance))
    else:
        reasons.append(Message("engine.recommendation.chance_below_invest", chance=chance,
                               threshold=_percent(_half_up(_decimal(INVEST_CHANCE) * 100))))
    reasons += pilot_reason + [text for text, _ in context]
    invest_now = met and all(ok for _, ok in context) and not piloting
    decision = "invest" if invest_now else "invest_with_conditions"  # rules 4 and 5
    return Recommendation(decision, tuple(reasons + delay))


def _paths(case: Case, pilot: PilotAnalysis | Callable[[], PilotAnalysis] | None,
           simulation: object | None) -> PilotAnalysis | None:
    """The pilot's paths when the case describes a pilot: as given, from the function given, or computed (on
    ``simulation`` when the chance was simulated here)."""
    if case.risk.pilot is None:
        return None

    def compute() -> PilotAnalysis:
        from crm_case.voi import pilot_paths  # the value of information is only needed with a pilot

        return pilot_paths(case, case.risk.pilot, simulation)

    return _once(pilot, compute)


def _pilot_reason(case: Case, paths: PilotAnalysis | None) -> list[Message]:
    """The pilot's sentence: run it first when it is the best path (its expected gain over going ahead now);
    that going ahead now is better when it has at least the pilot's expected NPV; else nothing (waiting or not
    investing beats both, which the other reasons say)."""
    if paths is None:
        return []
    currency = case.assumptions.currency
    pilot = paths.pilot
    now, piloted = float(paths.npv["now"].mean()), float(paths.npv["pilot"].mean())
    described = Message("engine.recommendation.pilot", months=Plain(pilot.months), users=Plain(pilot.users),
                        cost=_money(pilot.cost, currency))
    if paths.best == "pilot":
        return [Message("engine.recommendation.pilot_first", pilot=described, gain=_money(piloted - now, currency),
                        expected=_money(piloted, currency), now=_money(now, currency))]
    if now >= piloted:
        return [Message("engine.recommendation.pilot_not_worth", pilot=described,
                        loss=_money(now - piloted, currency), expected=_money(piloted, currency),
                        now=_money(now, currency))]
    return []


def _missing_reason(costs: float, benefits: float) -> Message:
    """Rule 1: what to enter first: the costs (licences, implementation, people, training) and/or the benefits
    (line items or benefit drivers)."""
    if costs <= 0 and benefits <= 0:
        return Message("engine.recommendation.nothing_to_weigh")
    if costs <= 0:
        return Message("engine.recommendation.no_costs")
    return Message("engine.recommendation.no_benefits")


def _readiness_reason(ready: ReadinessResult | None, *, act: bool) -> tuple[Message, bool]:
    """The readiness sentence and whether readiness allows investing now (never when not assessed); with
    ``act`` a low readiness says what to fix before go-live and a missing one asks to assess it, without it (do
    not invest) only which areas are weakest ("area is" for one, "areas are" for several) or that it is not
    assessed. The index is shown whole, visibly below 60 when it is (59.7, not 60: :func:`_below`)."""
    if ready is None:
        return Message("engine.recommendation.readiness_none_act" if act
                       else "engine.recommendation.readiness_none"), False
    index = _number(_below(_decimal(ready.index), _decimal(READY_INDEX)))
    if ready.index >= READY_INDEX:
        return Message("engine.recommendation.ready", index=index), True
    areas = _names([AREA_NAMES.get(area, area.replace("_", " ")) for area in ready.weakest])
    threshold = _number(_half_up(_decimal(READY_INDEX)))
    if not act:
        count = "one" if len(ready.weakest) == 1 else "many"
        return Message(f"engine.recommendation.not_ready_fact.{count}", index=index, threshold=threshold,
                       areas=areas), False
    return Message("engine.recommendation.not_ready_act", index=index, threshold=threshold, areas=areas), False


def _once(given: T | Callable[[], T] | None, compute: Callable[[], T]) -> T:
    """``given``, or what it returns when it is a function, or ``compute()`` when it is ``None``."""
    if given is None:
        return compute()
    return given() if callable(given) else given


def _scoring_reason(scored: ScoreResult | None, *, act: bool) -> tuple[Message, bool]:
    """The weighed advantages' sentence and whether they allow investing now (not when unweighed or when the
    disadvantages outweigh); with ``act`` outweighing disadvantages are to be addressed before committing and
    unweighed criteria are to be listed, without it (do not invest) they are only named or said unweighed. The
    margin is :func:`plain_points`. ``scored``: the case's scoring (None without criteria)."""
    if scored is None:
        return Message("engine.recommendation.unweighed_act" if act else "engine.recommendation.unweighed"), False
    margin = plain_points(scored.margin)
    if scored.verdict == "advantages":
        return Message("engine.recommendation.advantages", margin=margin), True
    if scored.verdict == "balanced":
        return Message("engine.recommendation.balanced"), True
    against = scored.table[scored.table["side"] == "disadvantage"].sort_values("contribution")
    heaviest = _names([str(name) for name in against["name"].head(MAX_NAMED)])
    return Message("engine.recommendation.disadvantages_act" if act else "engine.recommendation.disadvantages",
                   margin=margin, heaviest=heaviest), False


def _delay_reason(case: Case, analysis: DelayAnalysis, positive: bool) -> list[Message]:
    """The cost-of-delay sentence, or none (see the module docstring); ``analysis``: the case's cost of delay."""
    months = case.delay.delay_months or 1
    per_month = analysis.per_month(months)
    if per_month is None or abs(per_month) < MIN_POSITIVE:
        return [Message("engine.recommendation.waiting_free")]
    money = _money(abs(per_month), case.assumptions.currency)
    if per_month < 0:
        return [Message("engine.recommendation.waiting_saves", money=money, months=months)]
    if positive:
        return [Message("engine.recommendation.waiting_costs", money=money, months=months)]
    return []
