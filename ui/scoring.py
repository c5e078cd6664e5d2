"""The Advantages vs disadvantages page's tables: the criteria, the workshop's votes (one column per criterion),
their disagreement and the votes upload. The rule that votes follow renamed criteria is
:func:`crm_case.scoring.criterion_renames`; these helpers draw and commit."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, Scoring, with_values
from crm_case.model import Side
from crm_case.scoring import DISAGREEMENT_RANGE, criterion_renames, read_votes, votes, votes_template
from ui.i18n import language, localized, t
from ui.state import apply_editor_state, commit_items, editor_error, editor_version, get_case, set_case
from ui.text import literal

CRITERIA_FIELDS = ["name", "side", "weight", "score"]


def _criteria_columns() -> dict[str, str]:
    return {"name": t("scoring.criterion"), "side": t("scoring.side"), "weight": t("scoring.weight"),
            "score": t("scoring.score")}


def _criteria_edit(key: str) -> None:
    current = get_case().scoring
    rows = apply_editor_state([c.model_dump(mode="json") for c in current.criteria], st.session_state[key],
                              lambda n: {"name": t("scoring.new_criterion"), "side": "advantage", "weight": 10.0,
                                         "score": 5.0})
    renamed = {current.criteria[i].name.lower(): row["name"] for i, row in rows if i is not None}
    commit_items("scoring.criteria", [row for _, row in rows], _criteria_columns(),
                 also=criterion_renames(current, renamed))


def criteria_editor(scoring: Scoring) -> None:
    """The criteria table; with votes on, the votes score and the score column is read-only."""
    columns = _criteria_columns()
    voting = bool(scoring.use_votes and scoring.participants)  # then the votes score, not this column
    frame = pd.DataFrame([c.model_dump(mode="json") for c in scoring.criteria], columns=CRITERIA_FIELDS)
    key = f"editor:criteria:{editor_version('scoring.criteria')}"
    column = st.column_config
    st.data_editor(frame, key=key, num_rows="dynamic", hide_index=True, width="stretch", on_change=_criteria_edit,
                   args=(key,), column_config={
                       "name": column.TextColumn(columns["name"], required=True, width="large"),
                       "side": column.SelectboxColumn(columns["side"], options=[s.value for s in Side], required=True),
                       "weight": column.NumberColumn(columns["weight"], min_value=0.0, step=1.0,
                                                     help=t("scoring.weight.help")),
                       "score": column.NumberColumn(columns["score"], min_value=0.0, max_value=10.0, step=0.5,
                                                    help=t("scoring.score.help.votes") if voting
                                                    else t("scoring.score.help"), disabled=voting),
                   })
    if message := editor_error("scoring.criteria"):
        st.error(literal(message), icon=":material/block:")


def _vote_rows(scoring: Scoring) -> list[dict[str, Any]]:
    """One row per participant: their name and a column ``c<i>`` per criterion i."""
    crit = [c.name for c in scoring.criteria]
    return [{"participant": p.name, **{f"c{i}": {k.lower(): v for k, v in p.scores.items()}.get(n.lower())
                                       for i, n in enumerate(crit)}} for p in scoring.participants]


def _votes_edit(key: str) -> None:
    current = get_case().scoring
    crit = [c.name for c in current.criteria]
    rows = apply_editor_state(_vote_rows(current), st.session_state[key],
                              lambda n: {"participant": t("scoring.new_participant", n=n)})
    items = [{"name": r.get("participant") or "", "scores": {c: r[f"c{i}"] for i, c in enumerate(crit)
                                                            if r.get(f"c{i}") is not None}} for _, r in rows]
    commit_items("scoring.participants", items, {"name": t("scoring.participant")})


def votes_editor(scoring: Scoring) -> None:
    """The votes table: a row per participant, a column per criterion (its name shortened, in full as help)."""
    names = [c.name for c in scoring.criteria]
    people = pd.DataFrame(_vote_rows(scoring), columns=["participant", *[f"c{i}" for i in range(len(names))]])
    key = f"editor:votes:{editor_version('scoring.participants')}"
    st.data_editor(people, key=key, num_rows="dynamic", hide_index=True, width="stretch", on_change=_votes_edit,
                   args=(key,), column_config={
                       "participant": st.column_config.TextColumn(t("scoring.participant"), required=True),
                       **{f"c{i}": st.column_config.NumberColumn(n[:28] + ("…" if len(n) > 28 else ""),
                                                                 help=literal(n), min_value=0.0, max_value=10.0,
                                                                 step=0.5)
                          for i, n in enumerate(names)},
                   })
    if message := editor_error("scoring.participants"):
        st.error(literal(message), icon=":material/block:")


def disagreement(scoring: Scoring) -> None:
    """The votes' spread per criterion, the disputed ones highlighted."""
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


def votes_upload(case: Case) -> None:
    """The votes template to download and the filled sheet to upload (it replaces the participants)."""
    with st.expander(t("scoring.upload")):
        st.caption(t("scoring.upload.caption"))
        reader = language()  # the file is built after the run, in another thread: its language is given
        st.download_button(t("scoring.upload.template"),
                           data=lambda snapshot=case, lang=reader: votes_template(snapshot, language=lang),
                           file_name="crm-case-votes.xlsx", on_click="ignore", icon=":material/download:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        upload = st.file_uploader(t("scoring.upload.label"), type=["xlsx", "csv"], key="upload-votes")
        if upload is not None and st.session_state.get("votes:last") != upload.file_id:
            st.session_state["votes:last"] = upload.file_id
            try:
                participants = read_votes(upload.getvalue(), upload.name, [c.name for c in case.scoring.criteria])
                set_case(with_values(get_case(), {"scoring.participants": participants}))
                st.session_state["votes:message"] = ("success", t("scoring.upload.done", count=len(participants)))
            except CrmCaseError as error:
                problems = "\n\n".join(literal(localized(p)) for p in error.problems)
                st.session_state["votes:message"] = ("error", problems)
            st.rerun()
        if message := st.session_state.get("votes:message"):
            (st.success if message[0] == "success" else st.error)(message[1])
