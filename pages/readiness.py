"""Readiness before buying (seed 004): a weighted checklist, the weakest areas, and one click to let readiness
move the business case."""

import pandas as pd
import streamlit as st

from crm_case import evaluate, with_value
from crm_case.model import READINESS_AREAS
from crm_case.rooms import RoomKind
from crm_case.scoring import apply_readiness, readiness
from ui.charts import readiness_bars
from ui.format import joined, money, number
from ui.i18n import glossary, t
from ui.own_case import sample_notes
from ui.state import bind, get_case, get_evaluation, set_case, show_chart, stop_page
from ui.workshop import live_voting, readiness_votes

st.title(t("readiness.title"), help=glossary("npv"))  # the readiness-adjusted NPV below
st.caption(t("readiness.caption"))
sample_notes("readiness")


def _assess() -> None:
    set_case(with_value(get_case(), "readiness.scores", dict.fromkeys(READINESS_AREAS, 3)))


if not get_case().readiness.assessed:
    with st.container(border=True):
        st.markdown(t("readiness.none"))
        st.button(t("readiness.start"), type="primary", key="readiness-start", on_click=_assess,
                  icon=":material/checklist:")
    live_voting(RoomKind.READINESS)
    stop_page()

left, right = st.columns([1, 1])
with left:
    for area in READINESS_AREAS:
        inner = st.columns([3, 1])
        with inner[0]:
            bind(st.slider, f"readiness.scores.{area}", label=t(f"readiness.area.{area}"), min_value=1, max_value=5,
                 step=1, help=t(f"readiness.help.{area}"))
        with inner[1]:
            bind(st.number_input, f"readiness.weights.{area}", label=t("readiness.weight"), min_value=0.0, step=0.5,
                 format="%.1f", to_widget=float)

case = get_case()
result = readiness(case)
with right:
    st.metric(t("readiness.index"), f"{result.index:.0f} / 100", border=True, help=t("readiness.index.help"))
    frame = pd.DataFrame({"area": [t(f"readiness.area.{a}") for a in READINESS_AREAS],
                          "score": [case.readiness.scores[a] for a in READINESS_AREAS],
                          "weight": [case.readiness.weights[a] for a in READINESS_AREAS],
                          "weak": [a in result.weakest for a in READINESS_AREAS]})
    show_chart("readiness.bars", lambda: readiness_bars(frame, labels={
        "axis": t("readiness.axis"), "area": t("readiness.area"), "weight": t("readiness.weight")}))
    st.markdown(t("readiness.weakest", areas=joined(t(f"readiness.area.{a}").lower() for a in result.weakest)))

st.subheader(t("workshop.readiness.title"))
live_voting(RoomKind.READINESS)
readiness_votes(case)

st.subheader(t("readiness.adjust"))
before = get_evaluation().adjusted
after_case = apply_readiness(case)
after = evaluate(after_case).adjusted
currency = case.assumptions.currency
st.markdown(t("readiness.adjust.text", risk=t("risk.points", value=number(result.extra_risk * 100, "0.0")),
              ramp=case.rollout.ramp_months,
              new_ramp=after_case.rollout.ramp_months))
cols = st.columns(2)
cols[0].metric(t("readiness.npv_now"), money(before.npv, currency), border=True)
cols[1].metric(t("readiness.npv_after"), money(after.npv, currency), delta=money(after.npv - before.npv, currency),
               border=True)
applied = case.readiness.applied_index is not None and abs(case.readiness.applied_index - result.index) < 1e-6
if applied:
    st.success(t("readiness.applied"), icon=":material/check_circle:")
if st.button(t("readiness.apply"), type="primary", disabled=applied or result.extra_risk <= 0,
                  key="apply-readiness", icon=":material/check:"):
    set_case(after_case)
    st.rerun()
