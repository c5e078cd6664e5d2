"""From objectives to metrics (seed 002): what the CRM must achieve, how each goal ties to the money of the
case, and - month after month - which metrics are off track and what that does to the case."""

import streamlit as st

from crm_case import evaluate
from crm_case.goals import go_live, reforecast, scorecard
from ui import goals as view
from ui.format import money, month_year
from ui.i18n import glossary, t
from ui.own_case import empty_hint, sample_notes
from ui.state import cached, get_case, get_evaluation

case = get_case()
currency = case.assumptions.currency

st.title(t("goals.title"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "roi", "payback"))
st.caption(t("goals.caption", go_live=month_year(go_live(case))))
empty_hint("goals", when=not case.goals.objectives)
sample_notes("goals")


def _tracking() -> None:
    """Status counts, the tree, the KPI scorecard, planned vs tracking and the actuals: what there is to track once
    the case has objectives."""
    card = cached("goals.scorecard", scorecard)
    tracked = card.dropna(subset=["status"])
    counts = tracked["status"].value_counts()
    planned = get_evaluation().adjusted
    tracking_case, inputs = cached("goals.reforecast", reforecast)
    tracking = cached("goals.tracking", lambda _case: evaluate(tracking_case).adjusted)

    cols = st.columns(4)
    for column, status in zip(cols, ("on_track", "at_risk", "off_track"), strict=False):  # cols[3]: NPV, below
        column.metric(f"{view.STATUS_ICONS[status]} {t(f'goals.status.{status}')}", f"{int(counts.get(status, 0))}",
                      border=True, help=t(f"goals.status.{status}.help"))
    cols[3].metric(t("goals.npv_tracking"), money(tracking.npv, currency),
                   delta=None if tracked.empty else money(tracking.npv - planned.npv, currency),
                   border=True, help=t("goals.npv_tracking.help", planned=money(planned.npv, currency)))
    if tracked.empty:
        st.info(t("goals.no_actuals"), icon=":material/info:")

    view.tree(case, card)
    st.subheader(t("goals.scorecard"))
    if tracked.empty:
        st.caption(t("goals.scorecard.empty"))
    else:
        view.scorecard_tiles(tracked, currency)
        view.path_chart(case, tracked)
        view.corrective_actions(case, tracked)
    view.planned_vs_tracking(planned, tracking, inputs, currency)
    view.actuals(case)


if case.goals.objectives:  # no scorecard of nothing ("0 on track", "NPV as tracking") before an objective exists
    _tracking()

st.subheader(t("goals.edit"))
view.objectives_editor(case)
view.metrics_editor(case)
