"""Advantages vs disadvantages: weighted criteria, what would flip the verdict, and the workshop's votes."""

import pandas as pd
import streamlit as st

from crm_case import CrmCaseError, case_from_dict
from crm_case.model import Aggregate, Side
from crm_case.scoring import DISAGREEMENT_RANGE, flip_thresholds, read_votes, score, votes, votes_template
from ui.charts import flip_chart
from ui.i18n import t
from ui.own_case import sample_notes
from ui.state import (
    apply_editor_state,
    bind,
    commit_items,
    editor_error,
    editor_version,
    get_case,
    set_case,
    show_chart,
)
from ui.story import scoring_chart, scoring_verdict
from ui.text import literal

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
    cols[0].metric(t("scoring.advantages"), f"{result.advantages:.2f}", border=True)
    cols[1].metric(t("scoring.disadvantages"), f"{result.disadvantages:.2f}", border=True)
    cols[2].metric(t("scoring.net"), f"{result.net:+.2f}", border=True, help=t("scoring.net.help"))

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
columns = {"name": t("scoring.criterion"), "side": t("scoring.side"), "weight": t("scoring.weight"),
           "score": t("scoring.score")}


def _criteria_edit(key: str) -> None:
    current = get_case().scoring
    rows = apply_editor_state([c.model_dump(mode="json") for c in current.criteria], st.session_state[key],
                              lambda n: {"name": t("scoring.new_criterion"), "side": "advantage", "weight": 10.0,
                                         "score": 5.0})
    # votes follow a criterion when it is renamed, and go with it when it is removed
    rename = {current.criteria[i].name.lower(): row["name"] for i, row in rows if i is not None}
    participants = [{"name": p.name, "scores": {rename[k.lower()]: v for k, v in p.scores.items()
                                                if k.lower() in rename}} for p in current.participants]
    commit_items("scoring.criteria", [row for _, row in rows], columns, also={"scoring.participants": participants})


voting = bool(scoring.use_votes and scoring.participants)  # then the votes score, not this column
frame = pd.DataFrame([c.model_dump(mode="json") for c in scoring.criteria], columns=list(columns))
key = f"editor:criteria:{editor_version('scoring.criteria')}"
st.data_editor(frame, key=key, num_rows="dynamic", hide_index=True, width="stretch", on_change=_criteria_edit,
               args=(key,), column_config={
                   "name": st.column_config.TextColumn(columns["name"], required=True, width="large"),
                   "side": st.column_config.SelectboxColumn(columns["side"], options=[s.value for s in Side],
                                                            required=True),
                   "weight": st.column_config.NumberColumn(columns["weight"], min_value=0.0, step=1.0,
                                                           help=t("scoring.weight.help")),
                   "score": st.column_config.NumberColumn(columns["score"], min_value=0.0, max_value=10.0, step=0.5,
                                                          help=t("scoring.score.help.votes") if voting
                                                          else t("scoring.score.help"), disabled=voting),
               })
if message := editor_error("scoring.criteria"):
    st.error(literal(message), icon=":material/block:")

# ---- workshop
st.subheader(t("scoring.workshop"))
left, right = st.columns([1, 1])
with left:
    bind(st.toggle, "scoring.use_votes", label=t("scoring.use_votes"), help=t("scoring.use_votes.help"))
with right:
    bind(st.segmented_control, "scoring.aggregate", label=t("scoring.aggregate"), options=[a.value for a in Aggregate],
         to_widget=lambda v: v.value, format_func=lambda v: t(f"scoring.aggregate.{v}"), selection_mode="single")

names = [c.name for c in scoring.criteria]


def _vote_rows(current) -> list[dict]:
    """One row per participant: their name and a column ``c<i>`` per criterion i."""
    crit = [c.name for c in current.criteria]
    return [{"participant": p.name, **{f"c{i}": {k.lower(): v for k, v in p.scores.items()}.get(n.lower())
                                       for i, n in enumerate(crit)}} for p in current.participants]


people = pd.DataFrame(_vote_rows(scoring), columns=["participant", *[f"c{i}" for i in range(len(names))]])


def _votes_edit(key: str) -> None:
    current = get_case().scoring
    crit = [c.name for c in current.criteria]
    rows = apply_editor_state(_vote_rows(current), st.session_state[key],
                              lambda n: {"participant": t("scoring.new_participant", n=n)})
    items = [{"name": r.get("participant") or "", "scores": {c: r[f"c{i}"] for i, c in enumerate(crit)
                                                            if r.get(f"c{i}") is not None}} for _, r in rows]
    commit_items("scoring.participants", items, {"name": t("scoring.participant")})


vkey = f"editor:votes:{editor_version('scoring.participants')}"
st.data_editor(people, key=vkey, num_rows="dynamic", hide_index=True, width="stretch", on_change=_votes_edit,
               args=(vkey,), column_config={
                   "participant": st.column_config.TextColumn(t("scoring.participant"), required=True),
                   **{f"c{i}": st.column_config.NumberColumn(n[:28] + ("…" if len(n) > 28 else ""), help=literal(n),
                                                             min_value=0.0, max_value=10.0, step=0.5)
                      for i, n in enumerate(names)},
               })
if message := editor_error("scoring.participants"):
    st.error(literal(message), icon=":material/block:")

if scoring.participants:
    stats = votes(scoring)[["criterion", "mean", "median", "std", "range", "votes", "disputed"]]
    st.markdown(f"**{t('scoring.disagreement')}**")
    st.caption(t("scoring.disagreement.caption", points=f"{DISAGREEMENT_RANGE:g}"))
    shown = stats.rename(columns={"criterion": t("scoring.criterion"), "mean": t("scoring.mean"),
                                  "median": t("scoring.median"), "std": t("scoring.std"), "range": t("scoring.range"),
                                  "votes": t("scoring.votes"), "disputed": t("scoring.disputed")})
    styled = shown.style.format({t("scoring.mean"): "{:.1f}", t("scoring.median"): "{:.1f}",
                                 t("scoring.std"): "{:.1f}", t("scoring.range"): "{:.1f}"}, na_rep="–").apply(
        lambda row: ["background-color: #FBE3D6; font-weight: bold" if row[t("scoring.disputed")] else ""
                     for _ in row], axis=1)
    st.dataframe(styled, hide_index=True)

with st.expander(t("scoring.upload")):
    st.caption(t("scoring.upload.caption"))
    st.download_button(t("scoring.upload.template"), data=lambda snapshot=case: votes_template(snapshot),
                       file_name="crm-case-votes.xlsx", on_click="ignore", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    upload = st.file_uploader(t("scoring.upload.label"), type=["xlsx", "csv"], key="upload-votes")
    if upload is not None and st.session_state.get("votes:last") != upload.file_id:
        st.session_state["votes:last"] = upload.file_id
        try:
            participants = read_votes(upload.getvalue(), upload.name, names)
            data = get_case().model_dump()
            data["scoring"]["participants"] = participants
            set_case(case_from_dict(data))
            st.session_state["votes:message"] = ("success", t("scoring.upload.done", count=len(participants)))
        except CrmCaseError as error:
            st.session_state["votes:message"] = ("error", "\n\n".join(literal(p) for p in error.problems))
        st.rerun()
    if message := st.session_state.get("votes:message"):
        (st.success if message[0] == "success" else st.error)(message[1])
