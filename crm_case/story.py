"""The case told as a few slides, as data: each slide's message (the sentence the room should remember), a
handful of large figures, its chart as plain data (:class:`ChartData`) and the speaker notes (the assumptions
behind it), in a given language.

One source for every place that shows the slides: presentation mode and the executive report draw the charts
with Altair (ui/story.py, ui/charts.py), the PowerPoint deck (:mod:`crm_case.deck`) as native PowerPoint
charts. Pure: no Streamlit; words from the catalogs (:func:`crm_case.i18n.text`), figures from
:mod:`crm_case.i18n.formats`, both in the ``language`` given.

Axes: a slide is read from the back of a room, so no axis carries more than :data:`MAX_LABELS` labels. The
charts' ticks are chosen here (:func:`nice_ticks`, :func:`month_ticks`) and drawn as given by both renderers; a
chart of named bars shows at most :data:`MAX_LABELS` bars, the smallest gathered as "Other" (:func:`top_items`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from babel.numbers import format_currency

from crm_case.cashflow import monthly_table
from crm_case.delay import DelayAnalysis, analyse_delay
from crm_case.evaluate import Evaluation, evaluate
from crm_case.i18n import catalog, formats, locale_of, localize, text
from crm_case.model import Case
from crm_case.recommendation import Recommendation, recommend
from crm_case.risk import MonteCarlo, monte_carlo, tornado
from crm_case.scoring import ScoreResult, readiness, score

__all__ = [
    "ChartData",
    "MAX_LABELS",
    "SLIDE_KEYS",
    "StorySlide",
    "component_name",
    "group_name",
    "input_label",
    "input_name",
    "input_value",
    "month_ticks",
    "nice_ticks",
    "scoring_verdict",
    "story",
    "top_items",
    "verdict",
]

SLIDE_KEYS = ("headline", "cashflow", "benefits", "investment", "delay", "risk", "advantages")
"""Every slide, in the default order of a presentation."""
MAX_LABELS = 8
"""The most labels any axis of a slide's chart carries (ticks, or named bars with "Other")."""
TORNADO_ROWS = 8
"""Inputs shown on the risk slide's tornado: those that move the NPV most."""


@dataclass(frozen=True)
class ChartData:
    """A slide's chart as data, for any renderer.

    ``kind``:

    * ``"line"``: ``series`` over ``categories`` (months after the decision, numbers); ``markers`` are vertical
      rules (go-live, break-even) as (label, month).
    * ``"gap"``: the same with two series (start now, start later), the gap between them shaded.
    * ``"bars_h"``: one horizontal bar per category (cost category, benefit area); one series.
    * ``"tornado"``: one row per input (``categories``); the series are the NPV with the input at its low end
      and at its high end; bars run from ``base`` (the case's NPV) to each; ``texts`` hold each end's input value
      and the case value, written in the input's unit (for tooltips).
    * ``"diverging"``: one bar per criterion, signed points; series ``advantage``/``disadvantage`` (a value per
      criterion, ``None`` where the criterion is on the other side).

    ``series`` is ((name, values), ...), in drawing order, ``values`` aligned with ``categories``. ``unit`` is
    ``"money"`` (in ``currency``) or ``"points"``. ``value_ticks`` (and ``x_ticks`` for a line's months) are the
    axis' labels, at most :data:`MAX_LABELS`. ``colours`` (``#RRGGBB``) one per series, or per category for
    ``bars_h``.
    """

    kind: str
    categories: tuple
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    x_title: str
    value_title: str
    unit: str = "money"
    currency: str | None = None
    value_ticks: tuple[float, ...] = ()
    x_ticks: tuple[float, ...] = ()
    markers: tuple[tuple[str, float], ...] = ()
    base: float | None = None
    colours: tuple[str, ...] = ()
    texts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    series_title: str = ""

    def values(self, name: str) -> tuple[float | None, ...]:
        """The values of the series ``name``."""
        return dict(self.series)[name]

    @property
    def names(self) -> tuple[str, ...]:
        """The series' names, in order."""
        return tuple(name for name, _ in self.series)


@dataclass(frozen=True)
class StorySlide:
    """One slide in one language: ``title`` its name ("Cumulative net cash flow"), ``message`` the sentence the
    room should remember, ``figures`` (label, figure as written) shown large, ``chart`` (or None), ``notes`` the
    speaker notes (the assumptions behind it, one paragraph each) and, on the headline slide, the
    ``recommendation``."""

    key: str
    title: str
    message: str
    figures: tuple[tuple[str, str], ...] = ()
    chart: ChartData | None = None
    notes: tuple[str, ...] = ()
    recommendation: Recommendation | None = None


# ----------------------------------------------------------------------------------------------- axes

def nice_ticks(low: float, high: float, most: int = MAX_LABELS - 1) -> tuple[float, ...]:
    """Round ticks that cover ``low``..``high``, zero among them when the range crosses it, at most ``most`` + 1.

    The step is the smallest of 1, 2, 2.5 and 5 x 10^k for which ``ceil(high / step) - floor(low / step) <=
    most``; the ticks run from ``floor(low / step) x step`` to ``ceil(high / step) x step``. A range of one value
    (or none) is widened to include zero. Hand example: 0..1,021,865 with most = 7 -> step 200,000, ticks 0,
    200k, ... 1.2M (7 labels)."""
    low, high = min(low, high, 0.0), max(low, high, 0.0)
    if not (math.isfinite(low) and math.isfinite(high)):
        return (0.0,)
    span = high - low
    if span <= 0:
        return (0.0, 1.0)
    k = math.floor(math.log10(span / most))
    for power in (k - 1, k, k + 1, k + 2):
        for mantissa in (1, 2, 2.5, 5):
            step = mantissa * 10.0**power
            first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
            if last - first <= most:
                return tuple(float(round(i * step, 10)) for i in range(first, last + 1))
    return (low, high)  # unreachable: a step of 10^(k+2) always fits


def month_ticks(last_month: int, most: int = MAX_LABELS - 1) -> tuple[float, ...]:
    """Ticks of a month axis 0..``last_month``: every 12 months (a year) when at most ``most`` steps fit, else
    every 24, 36 or 60; 6 or 3 months for a short axis. A 5-year case: 0, 12, ... 60 (6 labels)."""
    for step in (3, 6, 12, 24, 36, 60, 120):
        if math.ceil(last_month / step) <= most:
            return tuple(float(m) for m in range(0, last_month + step, step) if m <= last_month + step - 1)
    return (0.0, float(last_month))


def top_items(items: Sequence[tuple[str, float]], other: str, most: int = MAX_LABELS) -> list[tuple[str, float]]:
    """``items`` (name, value) as a chart with at most ``most`` bars shows them: all when they fit, else the
    ``most - 1`` largest (by absolute value, in their order) and ``other`` (a text with ``{count}``) holding the
    sum of the rest."""
    if len(items) <= most:
        return list(items)
    ranked = sorted(range(len(items)), key=lambda i: -abs(items[i][1]))
    kept = sorted(ranked[: most - 1])
    rest = [items[i][1] for i in ranked[most - 1:]]
    return [items[i] for i in kept] + [(other.format(count=len(rest)), float(sum(rest)))]


# ----------------------------------------------------------------------------------------------- words

def _has(language: str, key: str) -> bool:
    return key in catalog(language)


def group_name(group: str, language: str) -> str:
    """A cost category or benefit area (``IT``, ``Sales``...) as the language writes it."""
    for key in (f"setup.category.{group}", f"benefits.area.{group}"):
        if _has(language, key):
            return text(language, key)
    return group


def component_name(key: str, name: str, language: str) -> str:
    """A component of the cash flows: a driver's or the go-live dip's name in the language, a line item's name
    as the user typed it."""
    if key.startswith("drivers."):
        return text(language, f"driver.{key.split('.', 1)[1]}")
    return text(language, "chart.dip") if key == "rollout.dip" else name


def input_label(path: str, language: str) -> str:
    """The label of an input of the risk analysis: ``risk.label.<path>``, else the field's label, else (line-item
    multipliers) "IT costs (line items)"."""
    parts = path.split(".")
    if parts[0] == "scale":
        return text(language, f"risk.scale.{parts[1]}", group=group_name(parts[2], language))
    override = f"risk.label.{path}"
    return text(language, override) if _has(language, override) else text(language, f"field.{path}")


def input_name(path: str, language: str) -> str:
    """:func:`input_label` without its unit, lower case unless it starts with an acronym, for use inside a
    sentence ("churn with CRM")."""
    label = input_label(path, language)
    if label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    elif label.endswith("）") and "（" in label:  # Chinese: full-width brackets
        label = label[: label.rindex("（")]
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def input_value(value: float | None, unit: str, currency: str, language: str) -> str:
    """An input of the risk analysis in its unit: money (cents below 100), ``12.5 %`` (fraction, rate),
    ``7 months``, ``×1.20`` (a multiplier of line items) or a count with separators."""
    if value is None or value != value:
        return text(language, "format.na")
    if unit == "money":
        if abs(value) >= 100:
            return formats.money(value, currency, language)
        return format_currency(value, currency, locale=locale_of(language))
    if unit in {"fraction", "rate"}:
        return formats.percent(value, language, 2 if abs(value) < 0.1 else 1)
    if unit == "months":
        return formats.months(value, language, 0)
    if unit == "multiplier":
        return f"×{formats.number(value, language, '0.00')}"
    return formats.number(value, language)


def _clauses(parts: Sequence[str], language: str, *, end: bool = False) -> str:
    joined = text(language, "format.clauses").join(parts)
    return joined + text(language, "format.end") if end and joined else joined


def _listed(items: Sequence[str], language: str) -> str:
    return text(language, "format.list").join(items)


def _sentence(value: str, language: str) -> str:
    """``value`` ending with the language's full stop (once)."""
    end = text(language, "format.end")
    return value if not value or value.endswith((end, ".", "。", "!", "?")) else value + end


def _money(value: float | None, currency: str, language: str, compact: bool = False) -> str:
    return formats.money(value, currency, language, compact=compact)


def _readiness_text(case: Case, language: str) -> str:
    ready = readiness(case)
    return text(language, "readiness.not_assessed") if ready is None else f"{ready.index:.0f} / 100"


# ----------------------------------------------------------------------------------------------- sentences

def verdict(case: Case, result: Evaluation, language: str, delay: DelayAnalysis | None = None) -> str:
    """The one-sentence verdict of the executive summary: payback, NPV, the largest benefit, cost of delay (each
    month of waiting costs X only when the NPV is positive; "waiting costs nothing" or "saves X" when it does).
    ``delay``: :func:`crm_case.delay.analyse_delay` of the case, when already computed."""
    adjusted, currency, years = result.adjusted, case.assumptions.currency, case.assumptions.horizon_years
    payback = adjusted.payback_months.value
    say = lambda key, **values: text(language, key, **values)  # noqa: E731
    parts = [
        say("verdict.payback", months=formats.number(payback, language, "0")) if payback is not None
        else say("verdict.no_payback", years=years),
        say("verdict.npv", years=years, npv=_money(adjusted.npv, currency, language, True),
            rate=formats.percent(case.assumptions.discount_rate, language, 0)),
    ]
    totals = result.projection.component_totals()
    benefits = totals[totals["kind"] == "benefit"]
    if len(benefits) and benefits["total"].iloc[0] > 0:
        top = benefits.iloc[0]
        name = component_name(top["key"], top["name"], language)
        own = top["key"].startswith("drivers.") or top["key"] == "rollout.dip"  # the app's name: lower case
        parts.append(say("verdict.largest", name=name[:1].lower() + name[1:] if own else name,
                         amount=_money(top["total"], currency, language, True), years=years))
    else:
        parts.append(say("verdict.no_benefit"))
    delay = delay if delay is not None else analyse_delay(case, result.projection)
    delay_cost = delay.per_month(case.delay.delay_months or 1) or 0.0
    if abs(delay_cost) < 0.5:
        parts.append(say("verdict.delay.none"))
    elif delay_cost < 0:
        parts.append(say("verdict.delay.saves", amount=_money(-delay_cost, currency, language, True)))
    elif adjusted.npv >= 0.5:  # the cost of delay is no argument for a case that does not pay (recommendation.py)
        parts.append(say("verdict.delay", amount=_money(delay_cost, currency, language, True)))
    return _clauses(parts, language, end=True)


def scoring_verdict(scored: ScoreResult, language: str) -> str:
    """"Advantages outweigh disadvantages by 1.7 points out of 10", or that they balance."""
    if scored.verdict == "balanced":
        return text(language, "scoring.verdict.balanced")
    return text(language, f"scoring.verdict.{scored.verdict}", margin=formats.number(scored.margin, language, "0.0"))


# ----------------------------------------------------------------------------------------------- the slides

@dataclass(frozen=True)
class _Context:
    """What several slides share, computed once."""

    case: Case
    result: Evaluation
    simulation: MonteCarlo
    language: str

    def say(self, key: str, /, **values: object) -> str:
        return text(self.language, key, **values)

    def money(self, value: float | None, compact: bool = False) -> str:
        return _money(value, self.case.assumptions.currency, self.language, compact)

    @property
    def currency(self) -> str:
        return self.case.assumptions.currency

    @property
    def symbol(self) -> str:
        return formats.symbol(self.currency, self.language)


def _frame_note(c: _Context) -> str:
    a = c.case.assumptions
    return c.say("deck.notes.frame", years=a.horizon_years, start=formats.date(a.start_date, c.language),
                 rate=formats.percent(a.discount_rate, c.language, 1), timing=c.say(f"timing.{a.timing.value}"),
                 currency=a.currency)


def _headline(c: _Context) -> StorySlide:
    adjusted, unadjusted = c.result.adjusted, c.result.unadjusted
    decided = recommend(c.case, c.result, probability_positive=c.simulation.probability_positive)
    lang = c.language
    notes = [
        c.say("recommendation.heading", decision=c.say(f"recommendation.{decided.decision}")),
        *(_sentence(localize(reason, lang), lang) for reason in decided.reasons),
        c.say("recommendation.help"),
        _frame_note(c),
        c.say("deck.notes.unadjusted", npv=c.money(unadjusted.npv), roi=formats.percent(unadjusted.roi.value, lang, 0),
              payback=formats.months(unadjusted.payback_months.value, lang)),
        c.say("deck.notes.roi"),
    ]
    return StorySlide("headline", c.say("story.headline"), verdict(c.case, c.result, lang), (
        (c.say("metric.npv"), c.money(adjusted.npv)),
        (c.say("metric.roi"), formats.percent(adjusted.roi.value, lang, 0)),
        (c.say("metric.irr"), formats.percent(adjusted.irr.value, lang)),
        (c.say("metric.payback"), formats.months(adjusted.payback_months.value, lang)),
    ), notes=tuple(notes), recommendation=decided)


def _rollout_note(c: _Context) -> str:
    r = c.case.rollout
    return c.say("deck.notes.rollout", go_live=r.months_to_go_live, ramp=r.ramp_months,
                 peak=formats.percent(r.peak_adoption, c.language, 0), dip=formats.percent(r.dip_depth, c.language, 0),
                 dip_months=r.dip_months)


def _cashflow(c: _Context) -> StorySlide:
    adjusted, lang = c.result.adjusted, c.language
    payback = adjusted.payback_months.value
    years = c.case.assumptions.horizon_years
    monthly = monthly_table(c.result.projection)
    cumulative = tuple(float(v) for v in monthly["cumulative_net"])
    months_ = tuple(int(m) for m in monthly["month"])
    markers = [(c.say("chart.go_live"), float(c.case.rollout.months_to_go_live))]
    if payback is not None:
        markers.append((c.say("chart.break_even"), float(payback)))
    chart = ChartData(
        "line", months_, ((c.say("chart.cumulative_net"), cumulative),), c.say("chart.month"),
        c.say("chart.cumulative", currency=c.symbol), currency=c.currency,
        value_ticks=nice_ticks(min(cumulative), max(cumulative)), x_ticks=month_ticks(months_[-1]),
        markers=tuple(markers), colours=("#0072B2",), series_title=c.say("chart.series"))
    message = (c.say("story.cashflow", months=formats.number(payback, lang, "0")) if payback is not None
               else c.say("verdict.no_payback", years=years))
    notes = (_frame_note(c), _rollout_note(c), c.say("metric.help.payback"), c.say("metric.help.discounted_payback"),
             c.say("deck.notes.lowest", amount=c.money(min(cumulative)),
                   month=formats.number(months_[int(np.argmin(cumulative))], lang, "0")))
    return StorySlide("cashflow", c.say("summary.jcurve"), message, (
        (c.say("metric.payback"), formats.months(payback, lang)),
        (c.say("metric.discounted_payback"), formats.months(adjusted.discounted_payback_months.value, lang)),
    ), chart, notes)


def _group_chart(c: _Context, kind: str, colours: dict[str, str]) -> ChartData:
    groups = c.result.projection.by_group(kind)
    items = top_items([(group_name(g, c.language), float(v.sum())) for g, v in groups.items()],
                      c.say("deck.other"))
    palette = [colours.get(g, "#999999") for g in groups] if len(items) == len(groups) else ["#0072B2"] * len(items)
    values = tuple(v for _, v in items)
    return ChartData("bars_h", tuple(n for n, _ in items), ((c.say("chart.amount", currency=c.symbol), values),),
                     c.say("chart.category" if kind == "cost" else "chart.area"),
                     c.say("chart.amount", currency=c.symbol), currency=c.currency,
                     value_ticks=nice_ticks(min(values, default=0.0), max(values, default=0.0)),
                     colours=tuple(palette))


CATEGORY_COLOURS = {"IT": "#0072B2", "People": "#E69F00", "Process": "#CC79A7"}
"""The colour of each cost category (Okabe-Ito), as every chart of the app draws it."""
AREA_COLOURS = {"Marketing": "#56B4E9", "Sales": "#009E73", "Service": "#D55E00"}
"""The colour of each benefit area (Okabe-Ito)."""


def _largest(c: _Context, kind: str, count: int = 3) -> str:
    """The ``count`` largest components of ``kind`` over the horizon, each with its risk adjustment."""
    totals = c.result.projection.component_totals()
    rows = totals[(totals["kind"] == kind) & (totals["total"] > 0)].head(count)
    risks = {f"{'costs' if kind == 'cost' else 'benefits'}.{i}": item.risk_adjustment
             for i, item in enumerate(c.case.costs if kind == "cost" else c.case.benefits)}
    items = []
    for row in rows.itertuples():
        risk = risks.get(row.key)
        if risk is None and str(row.key).startswith("drivers."):
            driver = getattr(c.case.drivers, str(row.key).split(".", 1)[1], None)
            risk = getattr(driver, "risk_adjustment", None)
        items.append(c.say("deck.notes.item", name=component_name(row.key, row.name, c.language),
                           amount=c.money(row.total), risk=formats.percent(risk or 0.0, c.language, 0)))
    return _listed(items, c.language)


def _amounts(c: _Context, kind: str) -> tuple[float, float]:
    """Total of ``kind`` over the horizon, risk-adjusted and not."""
    projection = c.result.projection
    return (float(sum(v.sum() for v in projection.by_group(kind).values())),
            float(sum(v.sum() for v in projection.by_group(kind, risk_adjusted=False).values())))


def _benefits(c: _Context) -> StorySlide:
    years, adjusted = c.case.assumptions.horizon_years, c.result.adjusted
    chart = _group_chart(c, "benefit", AREA_COLOURS)
    by_area = {g: float(v.sum()) for g, v in c.result.projection.by_group("benefit").items()}
    top_area = max(by_area, key=by_area.get) if by_area else "—"
    total, unadjusted = _amounts(c, "benefit")
    drivers = [text(c.language, f"driver.{name}") for name in type(c.case.drivers).model_fields
               if getattr(getattr(c.case.drivers, name), "enabled", False)]
    notes = [_frame_note(c), c.say("deck.notes.benefits.risk", adjusted=c.money(total), unadjusted=c.money(unadjusted),
                                   years=years)]
    if largest := _largest(c, "benefit"):
        notes.append(c.say("deck.notes.largest_benefits", years=years, items=largest))
    notes.append(c.say("deck.notes.drivers", items=_listed(drivers, c.language)) if drivers
                 else c.say("deck.notes.drivers.none"))
    notes.append(_rollout_note(c))
    return StorySlide("benefits", c.say("summary.benefits_by_area"),
                      c.say("story.benefits", amount=c.money(total, True), years=years,
                            pv=c.money(adjusted.pv_benefits, True), name=group_name(str(top_area), c.language).lower()),
                      ((c.say("story.total_benefits", years=years), c.money(total)),
                       (c.say("metric.pv_benefits"), c.money(adjusted.pv_benefits))),
                      chart, tuple(notes))


def _investment(c: _Context) -> StorySlide:
    years, adjusted = c.case.assumptions.horizon_years, c.result.adjusted
    chart = _group_chart(c, "cost", CATEGORY_COLOURS)
    total, unadjusted = _amounts(c, "cost")
    notes = [_frame_note(c), c.say("deck.notes.costs.risk", adjusted=c.money(total), unadjusted=c.money(unadjusted),
                                   years=years)]
    if largest := _largest(c, "cost"):
        notes.append(c.say("deck.notes.largest_costs", years=years, items=largest))
    notes.append(c.say("deck.notes.initial", amount=c.money(sum(item.initial for item in c.case.costs))))
    return StorySlide("investment", c.say("summary.costs_by_category"),
                      c.say("story.investment", amount=c.money(total, True), years=years,
                            pv=c.money(adjusted.pv_costs, True)),
                      ((c.say("story.total_costs", years=years), c.money(total)),
                       (c.say("metric.pv_costs"), c.money(adjusted.pv_costs))),
                      chart, tuple(notes))


def _delay(c: _Context) -> StorySlide:
    wait = c.case.delay.delay_months or 1
    delay = analyse_delay(c.case, c.result.projection)
    paths = delay.cumulative_paths(wait)
    now, later = tuple(float(v) for v in paths["start_now"]), tuple(float(v) for v in paths["start_later"])
    months_ = tuple(int(m) for m in paths["month"])
    chart = ChartData("gap", months_, ((c.say("delay.start_now"), now),
                                       (c.say("delay.start_later", months=wait), later)),
                      c.say("chart.month"), c.say("chart.cumulative", currency=c.symbol), currency=c.currency,
                      value_ticks=nice_ticks(min(min(now), min(later)), max(max(now), max(later))),
                      x_ticks=month_ticks(months_[-1]), colours=("#0072B2", "#E69F00"))
    parts = sorted(((name, value) for name, value in delay.components(wait).items() if abs(value) >= 0.5),
                   key=lambda item: -abs(item[1]))
    listed = _listed([c.say("deck.notes.part", name=c.say(f"delay.part.{name}"), amount=c.money(value))
                      for name, value in parts], c.language)
    notes = [_frame_note(c), c.say("deck.notes.delay", months=wait, years=c.case.assumptions.horizon_years)]
    if listed:
        notes.append(c.say("deck.notes.delay.parts", months=wait, items=listed))
    return StorySlide("delay", c.say("delay.paths", months=wait),
                      c.say("delay.headline", month=c.money(delay.per_month(wait)), week=c.money(delay.per_week(wait))),
                      ((c.say("delay.total", months=wait), c.money(delay.total(wait))),), chart, tuple(notes))


def _risk(c: _Context) -> StorySlide:
    lang, mc = c.language, c.simulation
    spread = mc.quantiles().set_index("metric").loc["npv"]
    table = tornado(c.case)
    top_input = input_name(table["path"].iloc[0], lang) if len(table) else "—"
    chart = None
    shown = table.head(TORNADO_ROWS)
    if len(shown):
        low, high = tuple(float(v) for v in shown["npv_low"]), tuple(float(v) for v in shown["npv_high"])
        base = float(c.result.adjusted.npv)
        texts = tuple((end, tuple(input_value(v, u, c.currency, lang) for v, u in zip(shown[end], shown["unit"],
                                                                                        strict=True)))
                      for end in ("low", "high", "base"))
        chart = ChartData("tornado", tuple(input_label(p, lang) for p in shown["path"]),
                          ((c.say("risk.tornado.low"), low), (c.say("risk.tornado.high"), high)),
                          c.say("risk.input"), c.say("risk.npv_axis", currency=c.symbol), currency=c.currency,
                          value_ticks=nice_ticks(min(*low, *high, base), max(*low, *high, base)), base=base,
                          colours=("#0072B2", "#E69F00"), texts=texts)
    npv_range = f"{c.money(spread['p10'], True)} – {c.money(spread['p90'], True)}"
    notes = [c.say("deck.notes.monte_carlo", runs=formats.number(mc.count, lang, "#,##0"), seed=mc.seed,
                   chance=formats.chance(mc.probability_positive, lang), low=c.money(spread["p10"]),
                   high=c.money(spread["p90"])),
             c.say("deck.notes.tornado")]
    ranges = [c.say("deck.notes.range", input=input_label(row.path, lang),
                    low=input_value(row.low, row.unit, c.currency, lang),
                    high=input_value(row.high, row.unit, c.currency, lang),
                    npv_low=c.money(min(row.npv_low, row.npv_high)), npv_high=c.money(max(row.npv_low, row.npv_high)))
              for row in table.head(3).itertuples()]
    if ranges:
        notes.append(c.say("deck.notes.ranges", items=_clauses(ranges, lang)))
    notes.append(_frame_note(c))
    return StorySlide("risk", c.say("risk.tornado"),
                      c.say("story.risk", chance=formats.chance(mc.probability_positive, lang), input=top_input),
                      ((c.say("summary.p_positive"), formats.chance(mc.probability_positive, lang)),
                       (c.say("story.npv_range"), npv_range)), chart, tuple(notes))


def _advantages(c: _Context) -> StorySlide:
    lang = c.language
    scoring = c.case.scoring
    scored = score(scoring)
    table = scored.table
    chart = None
    if len(table):
        rows = list(zip(table["name"], table["side"], table["contribution"], strict=True))
        if len(rows) > MAX_LABELS:  # the largest, then one "Other" row per side
            sides = {side for _, side, _ in rows}
            keep = MAX_LABELS - len(sides)
            ranked = sorted(range(len(rows)), key=lambda i: -abs(rows[i][2]))
            kept = sorted(ranked[:keep])
            others = []
            for side in ("advantage", "disadvantage"):
                rest = [rows[i][2] for i in ranked[keep:] if rows[i][1] == side]
                if rest:
                    others.append((c.say(f"deck.other.{side}", count=len(rest)), side, float(sum(rest))))
            rows = [rows[i] for i in kept] + others
        names = tuple(str(name) for name, _, _ in rows)
        series = tuple((c.say(f"scoring.side.{side}"),
                        tuple(float(v) if s == side else None for _, s, v in rows))
                       for side in ("advantage", "disadvantage"))
        values = [float(v) for _, _, v in rows]
        chart = ChartData("diverging", names, series, c.say("scoring.criterion"), c.say("scoring.axis"),
                          unit="points", value_ticks=nice_ticks(min(values), max(values)),
                          colours=("#009E73", "#D55E00"))
    ready = readiness(c.case)
    notes = [c.say("deck.notes.scoring")]
    if scoring.use_votes and scoring.participants:
        notes.append(c.say("deck.notes.votes", aggregate=c.say(f"deck.notes.aggregate.{scoring.aggregate.value}"),
                           count=len(scoring.participants)))
    elif len(table):
        notes.append(c.say("deck.notes.scores"))
    criteria = [c.say("deck.notes.criterion", name=row.name, side=c.say(f"scoring.side.{row.side}"),
                      weight=formats.number(row.weight, lang),
                      share=formats.percent(row.normalised_weight, lang, 0),
                      score=formats.number(row.score, lang, "0.#"))
                for row in table.itertuples()]
    if criteria:
        notes.append(_clauses(criteria, lang, end=True))
    if ready is None:
        notes.append(c.say("summary.readiness.none"))
    else:
        notes.append(c.say("deck.notes.readiness", index=formats.number(ready.index, lang, "0"),
                           areas=_listed([c.say(f"readiness.area.{area}") for area in ready.weakest], lang)))
    return StorySlide("advantages", c.say("scoring.title"), scoring_verdict(scored, lang), (
        (c.say("scoring.net"), formats.number(scored.net, lang, "+0.00;-0.00")),
        (c.say("summary.readiness"), _readiness_text(c.case, lang)),
    ), chart, tuple(notes))


_BUILDERS = {"headline": _headline, "cashflow": _cashflow, "benefits": _benefits, "investment": _investment,
             "delay": _delay, "risk": _risk, "advantages": _advantages}


def story(case: Case, *, language: str = "en", result: Evaluation | None = None, simulation: MonteCarlo | None = None,
          order: Sequence[str] | None = None) -> list[StorySlide]:
    """The slides of ``case`` in ``language``, in ``order`` (default :data:`SLIDE_KEYS`; a key twice is one slide
    twice). ``result`` is the case's evaluation and ``simulation`` its Monte Carlo run when already computed (else
    computed here, the simulation with the case's runs and seed). Raises ValueError for a key that is no slide."""
    keys = tuple(SLIDE_KEYS if order is None else order)
    unknown = [key for key in keys if key not in _BUILDERS]
    if unknown:
        raise ValueError(f"unknown slides {unknown}; expected some of {list(SLIDE_KEYS)}")
    context = _Context(case, result if result is not None else evaluate(case),
                       simulation if simulation is not None else monte_carlo(case), language)
    built = {key: _BUILDERS[key](context) for key in dict.fromkeys(keys)}
    return [built[key] for key in keys]


def frame_of(chart: ChartData) -> pd.DataFrame:
    """A chart's data as a table: ``category`` and one column per series (for a reader or a test)."""
    return pd.DataFrame({"category": list(chart.categories), **{name: list(v) for name, v in chart.series}})
