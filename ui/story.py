"""The case told as a few slides: one key message, a handful of large figures and one chart each.

The same slides make the presentation mode (pages/present.py), the executive report PDF (ui/report.py) and
the charts offered for download as PNG or SVG; the executive summary page uses the verdict and charts here
too, so the three never disagree. The first slide carries the recommendation (``crm_case.recommend``); its
colour, Streamlit call and icon are here (:data:`RECOMMENDATION_STYLES`, :func:`show_recommendation`) for every
place that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from crm_case import Case
from crm_case.cashflow import monthly_table
from crm_case.delay import DelayAnalysis, analyse_delay
from crm_case.evaluate import Evaluation
from crm_case.recommendation import Recommendation, recommend
from crm_case.risk import monte_carlo, tornado
from crm_case.scoring import ScoreResult, readiness, score
from ui.charts import AREA_COLOURS, CATEGORY_COLOURS, diverging_bars, gap_chart, group_bars, j_curve, tornado_chart
from ui.format import chance, clauses, input_value, money, months, number, percent, readiness_text, symbol
from ui.i18n import component_name, group_colours, group_name, input_label, input_name, localized, t
from ui.text import literal

SLIDE_KEYS = ("headline", "cashflow", "benefits", "investment", "delay", "risk", "advantages")
"""Every slide, in the default order of a presentation."""


@dataclass(frozen=True)
class Slide:
    """One slide: ``message`` is the sentence the room should remember; ``figures`` are (label, value) pairs
    shown large; ``chart`` builds the Altair chart (or is ``None``); ``recommendation`` is the decision and its
    reasons (the headline slide only)."""

    key: str
    title: str
    message: str
    figures: tuple[tuple[str, str], ...] = ()
    chart: Callable[[], alt.TopLevelMixin] | None = field(default=None, compare=False)
    recommendation: Recommendation | None = None


RECOMMENDATION_STYLES: dict[str, tuple[str, str, str]] = {
    "invest": ("success", "#1A7F37", ":material/check_circle:"),
    "invest_with_conditions": ("warning", "#A15C00", ":material/construction:"),
    "wait": ("info", "#0B5CAD", ":material/hourglass_top:"),
    "do_not_invest": ("error", "#B42318", ":material/block:"),
}
"""Each decision of ``crm_case.recommendation.DECISIONS`` -> (the Streamlit call that shows it: ``st.success``,
``st.warning``, ``st.info`` or ``st.error``; its colour, dark enough for white text (PDF, HTML); its icon)."""


def recommendation_call(decision: str) -> str:
    """The name of the Streamlit call that shows ``decision``: ``"success"`` (invest now), ``"warning"`` (invest,
    de-risking first), ``"info"`` (wait) or ``"error"`` (do not invest); ``getattr(st, name)``."""
    return RECOMMENDATION_STYLES[decision][0]


def recommendation_colour(decision: str) -> str:
    """The colour of ``decision`` as ``#RRGGBB``: green, amber, blue, red."""
    return RECOMMENDATION_STYLES[decision][1]


def recommendation_title(decision: str) -> str:
    """"Invest now", "Invest, de-risking first", "Wait" or "Do not invest"."""
    return t(f"recommendation.{decision}")


def recommendation_markdown(rec: Recommendation, *, reasons: bool = True) -> str:
    """``**Recommendation: Invest now**`` and, with ``reasons``, one bullet per reason, each shown as written
    (:func:`ui.text.literal`: a reason may quote a name the user typed)."""
    head = f"**{t('recommendation.heading', decision=recommendation_title(rec.decision))}**"
    if not reasons or not rec.reasons:
        return head
    return head + "\n\n" + "\n".join(f"- {literal(localized(reason))}" for reason in rec.reasons)


def show_recommendation(container, rec: Recommendation, *, reasons: bool = True) -> None:
    """Draw ``rec`` in ``container`` (``st``, ``st.sidebar``, a column) as a coloured callout: the decision's
    title and, with ``reasons``, its reasons as bullets (the summary, the sidebar, presentation mode)."""
    call, _, icon = RECOMMENDATION_STYLES[rec.decision]
    getattr(container, call)(recommendation_markdown(rec, reasons=reasons), icon=icon)


def verdict(case: Case, result: Evaluation) -> str:
    """The one-sentence verdict of the executive summary: payback, NPV, the largest benefit, cost of delay (each
    month of waiting costs X only when the NPV is positive; "waiting costs nothing" or "saves X" when it does)."""
    adjusted, currency, years = result.adjusted, case.assumptions.currency, case.assumptions.horizon_years
    payback = adjusted.payback_months.value
    parts = [
        t("verdict.payback", months=number(payback, "0")) if payback is not None
        else t("verdict.no_payback", years=years),
        t("verdict.npv", years=years, npv=money(adjusted.npv, currency, compact=True),
          rate=percent(case.assumptions.discount_rate, 0)),
    ]
    totals = result.projection.component_totals()
    benefits = totals[totals["kind"] == "benefit"]
    if len(benefits) and benefits["total"].iloc[0] > 0:
        top = benefits.iloc[0]
        name = component_name(top["key"], top["name"])
        own = top["key"].startswith("drivers.") or top["key"] == "rollout.dip"  # the app's name: lower case
        parts.append(t("verdict.largest", name=name[:1].lower() + name[1:] if own else name,
                       amount=money(top["total"], currency, compact=True), years=years))
    else:
        parts.append(t("verdict.no_benefit"))
    delay_cost = analyse_delay(case, result.projection).per_month(case.delay.delay_months or 1) or 0.0
    if abs(delay_cost) < 0.5:
        parts.append(t("verdict.delay.none"))
    elif delay_cost < 0:
        parts.append(t("verdict.delay.saves", amount=money(-delay_cost, currency, compact=True)))
    elif adjusted.npv >= 0.5:  # the cost of delay is no argument for a case that does not pay (recommendation.py)
        parts.append(t("verdict.delay", amount=money(delay_cost, currency, compact=True)))
    return clauses(parts, end=True)


def j_curve_chart(case: Case, result: Evaluation) -> alt.TopLevelMixin:
    """Cumulative net cash flow by month with go-live and break-even marked."""
    payback = result.adjusted.payback_months.value
    return j_curve(
        monthly_table(result.projection), currency=case.assumptions.currency,
        labels={"month": t("chart.month"), "amount": t("chart.cumulative", currency=symbol(case.assumptions.currency)),
                "series": t("chart.series"), "go_live": t("chart.go_live"), "break_even": t("chart.break_even"),
                "cumulative_net": t("chart.cumulative_net")},
        go_live_month=case.rollout.months_to_go_live, break_even_month=payback if payback else None)


def group_chart(case: Case, result: Evaluation, kind: str) -> alt.TopLevelMixin:
    """Costs by category (``kind="cost"``) or benefits by area (``"benefit"``) over the horizon."""
    groups = result.projection.by_group(kind)
    frame = pd.DataFrame({"group": [group_name(g) for g in groups],
                          "amount": [float(v.sum()) for v in groups.values()]})
    colours, group_title = (CATEGORY_COLOURS, "chart.category") if kind == "cost" else (AREA_COLOURS, "chart.area")
    currency = case.assumptions.currency
    return group_bars(frame, colours=group_colours(colours), currency=currency, group_title=t(group_title),
                      amount_title=t("chart.amount", currency=symbol(currency)))


def sensitivity_chart(table: pd.DataFrame, *, base: float, currency: str, rows: int) -> alt.TopLevelMixin:
    """The tornado of NPV for the first ``rows`` inputs of ``crm_case.risk.tornado``'s table, around the case
    NPV ``base``, each input's ends and case value written in its unit (risk page and the risk slide)."""
    shown = table.head(rows)
    shown = shown.assign(**{
        f"{end}_text": [input_value(v, u, currency) for v, u in zip(shown[end], shown["unit"], strict=True)]
        for end in ("low", "high", "base")
    }, label=[input_label(p) for p in shown["path"]])
    return tornado_chart(shown, base=base, height=60 + 30 * len(shown), labels={
        "low": t("risk.tornado.low"), "high": t("risk.tornado.high"),
        "axis": t("risk.npv_axis", currency=symbol(currency)), "input": t("risk.input"), "end": t("risk.tornado.end"),
        "value": t("risk.tornado.value"), "case_value": t("risk.case_value")}, currency=currency)


def scoring_verdict(scored: ScoreResult) -> str:
    """"Advantages outweigh disadvantages by 1.7 points out of 10", or that they balance."""
    if scored.verdict == "balanced":
        return t("scoring.verdict.balanced")
    return t(f"scoring.verdict.{scored.verdict}", margin=number(scored.margin, "0.0"))


def scoring_chart(scored: ScoreResult) -> alt.TopLevelMixin:
    """Advantages to the right, disadvantages to the left, one bar per criterion."""
    return diverging_bars(scored.table, height=90 + 55 * len(scored.table), labels={
        "advantage": t("scoring.side.advantage"), "disadvantage": t("scoring.side.disadvantage"),
        "axis": t("scoring.axis"), "criterion": t("scoring.criterion"), "side": t("scoring.side")})


def delay_paths_chart(analysis: DelayAnalysis, months_: int, currency: str) -> alt.TopLevelMixin:
    """Cumulative net cash flow starting now against starting ``months_`` later, the gap shaded."""
    return gap_chart(analysis.cumulative_paths(months_), labels={
        "month": t("chart.month"), "amount": t("chart.cumulative", currency=symbol(currency)),
        "start_now": t("delay.start_now"), "start_later": t("delay.start_later", months=months_)}, currency=currency)


def slides(case: Case, result: Evaluation, *, simulation=None) -> list[Slide]:
    """Every slide of :data:`SLIDE_KEYS`, in that order. ``simulation`` is the case's Monte Carlo result when
    already computed (else it is run here, with the case's runs and seed)."""
    adjusted, currency = result.adjusted, case.assumptions.currency
    years = case.assumptions.horizon_years
    delay_months = case.delay.delay_months or 1
    delay = analyse_delay(case, result.projection)
    mc = simulation if simulation is not None else monte_carlo(case)
    spread = mc.quantiles().set_index("metric").loc["npv"]
    scored = score(case.scoring)
    ready = readiness(case)
    by_area = {g: float(v.sum()) for g, v in result.projection.by_group("benefit").items()}
    by_category = {g: float(v.sum()) for g, v in result.projection.by_group("cost").items()}
    top_area = max(by_area, key=by_area.get) if by_area else "—"
    table = tornado(case)
    top_input = input_name(table["path"].iloc[0]) if len(table) else "—"
    payback = adjusted.payback_months.value
    npv_range = f"{money(spread['p10'], currency, compact=True)} – {money(spread['p90'], currency, compact=True)}"
    decided = recommend(case, result, probability_positive=mc.probability_positive)

    return [
        Slide("headline", t("story.headline"), verdict(case, result), (
            (t("metric.npv"), money(adjusted.npv, currency)), (t("metric.roi"), percent(adjusted.roi.value, 0)),
            (t("metric.irr"), percent(adjusted.irr.value)), (t("metric.payback"), months(payback)),
        ), recommendation=decided),
        Slide("cashflow", t("summary.jcurve"),
              t("story.cashflow", months=number(payback, "0")) if payback is not None
              else t("verdict.no_payback", years=years),
              ((t("metric.payback"), months(payback)),
               (t("metric.discounted_payback"), months(adjusted.discounted_payback_months.value))),
              lambda: j_curve_chart(case, result)),
        Slide("benefits", t("summary.benefits_by_area"),
              t("story.benefits", amount=money(sum(by_area.values()), currency, compact=True), years=years,
                pv=money(adjusted.pv_benefits, currency, compact=True), name=group_name(str(top_area)).lower()),
              ((t("story.total_benefits", years=years), money(sum(by_area.values()), currency)),
               (t("metric.pv_benefits"), money(adjusted.pv_benefits, currency))),
              lambda: group_chart(case, result, "benefit")),
        Slide("investment", t("summary.costs_by_category"),
              t("story.investment", amount=money(sum(by_category.values()), currency, compact=True), years=years,
                pv=money(adjusted.pv_costs, currency, compact=True)),
              ((t("story.total_costs", years=years), money(sum(by_category.values()), currency)),
               (t("metric.pv_costs"), money(adjusted.pv_costs, currency))),
              lambda: group_chart(case, result, "cost")),
        Slide("delay", t("delay.paths", months=delay_months),
              t("delay.headline", month=money(delay.per_month(delay_months), currency),
                week=money(delay.per_week(delay_months), currency)),
              ((t("delay.total", months=delay_months), money(delay.total(delay_months), currency)),),
              lambda: delay_paths_chart(delay, delay_months, currency)),
        Slide("risk", t("risk.tornado"),
              t("story.risk", chance=chance(mc.probability_positive), input=top_input),
              ((t("summary.p_positive"), chance(mc.probability_positive)),
               (t("story.npv_range"), npv_range)),
              (lambda: sensitivity_chart(table, base=adjusted.npv, currency=currency, rows=8)) if len(table) else None),
        Slide("advantages", t("scoring.title"),
              scoring_verdict(scored),
              ((t("scoring.net"), number(scored.net, "+0.00;-0.00")), (t("summary.readiness"), readiness_text(ready))),
              lambda: scoring_chart(scored)),
    ]
