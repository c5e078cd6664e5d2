"""The case told as a few slides: one key message, a handful of large figures and one chart each.

The slides are the engine's (:mod:`crm_case.story`: words, figures, chart data and speaker notes in a language,
the same the PowerPoint deck of :mod:`crm_case.deck` is made of); here they get the viewer's language and
Altair charts. The same slides make the presentation mode (pages/present.py), the executive report PDF
(ui/report.py) and the charts offered for download as PNG or SVG; the executive summary page uses the verdict
and charts here too, so the three never disagree. The first slide carries the recommendation
(``crm_case.recommend``); its colour, Streamlit call and icon are here (:data:`RECOMMENDATION_STYLES`,
:func:`show_recommendation`) for every place that shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from crm_case import Case
from crm_case import story as _story
from crm_case.cashflow import monthly_table
from crm_case.delay import DelayAnalysis
from crm_case.evaluate import Evaluation
from crm_case.recommendation import Recommendation
from crm_case.risk import monte_carlo
from crm_case.scoring import ScoreResult
from ui.charts import (
    AREA_COLOURS,
    CATEGORY_COLOURS,
    diverging_bars,
    gap_chart,
    group_bars,
    j_curve,
    slide_chart,
    tornado_chart,
)
from ui.format import input_value, symbol
from ui.i18n import group_colours, group_name, input_label, language, localized, t
from ui.text import literal

SLIDE_KEYS = _story.SLIDE_KEYS
"""Every slide, in the default order of a presentation (:data:`crm_case.story.SLIDE_KEYS`)."""


@dataclass(frozen=True)
class Slide:
    """One slide: ``message`` is the sentence the room should remember; ``figures`` are (label, value) pairs
    shown large; ``chart`` builds the Altair chart (or is ``None``); ``recommendation`` is the decision and its
    reasons (the headline slide only); ``notes`` the speaker notes (the assumptions behind the slide)."""

    key: str
    title: str
    message: str
    figures: tuple[tuple[str, str], ...] = ()
    chart: Callable[[], alt.TopLevelMixin] | None = field(default=None, compare=False)
    recommendation: Recommendation | None = None
    notes: tuple[str, ...] = ()


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


def verdict(case: Case, result: Evaluation, delay: DelayAnalysis | None = None) -> str:
    """The one-sentence verdict of the executive summary in the viewer's language (:func:`crm_case.story.verdict`):
    payback, NPV, the largest benefit, cost of delay (``delay``: the case's, when the page has it)."""
    return _story.verdict(case, result, language(), delay)


def j_curve_chart(case: Case, result: Evaluation) -> alt.TopLevelMixin:
    """Cumulative net cash flow by month with go-live and break-even marked."""
    payback = result.adjusted.payback_months.value
    return j_curve(
        monthly_table(result.projection), currency=case.assumptions.currency,
        labels={"month": t("chart.month"), "amount": t("chart.cumulative", currency=symbol(case.assumptions.currency)),
                "series": t("chart.series"), "go_live": t("chart.go_live"), "break_even": t("chart.break_even"),
                "cumulative_net": t("chart.cumulative_net")},
        go_live_month=case.rollout.months_to_go_live, break_even_month=payback if payback else None)


def j_curve_inputs(case: Case, result: Evaluation) -> tuple:
    """What :func:`j_curve_chart` draws, as the key of its chart cache (:func:`ui.state.show_chart`): the
    cumulative net cash flow (undiscounted, so the discount rate leaves it), the currency, go-live and payback."""
    return (monthly_table(result.projection)["cumulative_net"], case.assumptions.currency,
            case.rollout.months_to_go_live, result.adjusted.payback_months.value)


def group_inputs(case: Case, result: Evaluation, kind: str) -> tuple:
    """What :func:`group_chart` draws, as the key of its chart cache: each group's total and the currency."""
    return (kind, tuple((g, float(v.sum())) for g, v in result.projection.by_group(kind).items()),
            case.assumptions.currency)


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
    """"Advantages outweigh disadvantages by 1.7 points out of 10", or that they balance
    (:func:`crm_case.story.scoring_verdict`)."""
    return _story.scoring_verdict(scored, language())


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
    """Every slide of :data:`SLIDE_KEYS`, in that order, in the viewer's language: the engine's slides
    (:func:`crm_case.story.story`: message, figures, chart data, speaker notes), each chart drawn with Altair from
    its data (:func:`ui.charts.slide_chart`). ``simulation`` is the case's Monte Carlo result when already computed
    (else it is run here, with the case's runs and seed). A chart drawn later in another language (a download made
    for a reader, :func:`ui.i18n.use`) is told again in that language."""
    told_in = language()
    simulation = simulation if simulation is not None else monte_carlo(case)
    return [_slide(told, told_in, case, result, simulation)
            for told in _story.story(case, language=told_in, result=result, simulation=simulation)]


def _slide(told: _story.StorySlide, told_in: str, case: Case, result: Evaluation, simulation) -> Slide:
    def chart() -> alt.TopLevelMixin:
        reader = language()
        data = told.chart if reader == told_in else _story.story(
            case, language=reader, result=result, simulation=simulation, order=(told.key,))[0].chart
        return slide_chart(data)

    return Slide(told.key, told.title, told.message, told.figures, chart if told.chart is not None else None,
                 told.recommendation, told.notes)
