"""Advantages vs disadvantages: weighted criteria, what would flip the verdict, and the workshop's votes."""

import streamlit as st

from crm_case.model import Aggregate
from crm_case.rooms import RoomKind
from crm_case.scoring import flip_thresholds, score
from ui.charts import flip_chart
from ui.format import number
from ui.i18n import labelled, t
from ui.own_case import sample_notes
from ui.scoring import criteria_editor, disagreement, votes_editor, votes_upload
from ui.state import bind, get_case, show_chart
from ui.story import scoring_chart, scoring_verdict
from ui.workshop import live_voting

case = get_case()
scoring = case.scoring
result = score(scoring)

st.title(t("scoring.title"))
if scoring.criteria:  # no verdict, no "balance exactly" over zeros, before there is anything to weigh
    st.markdown(f"## {scoring_verdict(result)}")
st.caption(t("scoring.caption.votes" if scoring.use_votes and scoring.participants else "scoring.caption"))
sample_notes("scoring")
if scoring.criteria:
    cols = st.columns(3)
    cols[0].metric(t("scoring.advantages"), number(result.advantages, "0.00"), border=True)
    cols[1].metric(t("scoring.disadvantages"), number(result.disadvantages, "0.00"), border=True)
    cols[2].metric(t("scoring.net"), number(result.net, "+0.00;-0.00"), border=True, help=t("scoring.net.help"))

if not scoring.criteria:
    st.info(t("scoring.none"), icon=":material/balance:")
else:
    show_chart("scoring.diverging", lambda: scoring_chart(result))
    st.subheader(t("scoring.flip"))
    st.caption(t("scoring.flip.caption"))
    flips = flip_thresholds(scoring)
    show_chart("scoring.flip", lambda: flip_chart(flips, labels={
        "axis": t("scoring.flip.axis"), "cannot": t("scoring.flip.cannot"), "criterion": t("scoring.criterion")},
        height=80 + 50 * len(flips)))

# ---- criteria
st.subheader(t("scoring.criteria"))
criteria_editor(scoring)

# ---- workshop
st.subheader(t("scoring.workshop"))
left, right = st.columns([1, 1])
with left:
    bind(st.toggle, "scoring.use_votes", label=t("scoring.use_votes"), help=t("scoring.use_votes.help"))
with right:
    bind(st.segmented_control, "scoring.aggregate", label=t("scoring.aggregate"), options=[a.value for a in Aggregate],
         to_widget=lambda v: v.value, selection_mode="single",
         format_func=labelled([a.value for a in Aggregate], lambda v: t(f"scoring.aggregate.{v}")))
live_voting(RoomKind.SCORING)
votes_editor(scoring)
if scoring.participants:
    disagreement(scoring)
votes_upload(case)
