"""The Advantages vs disadvantages page's tables: the criteria, the workshop's votes (one column per criterion),
their disagreement and the votes upload. The rule that votes follow renamed criteria is
:func:`crm_case.scoring.criterion_renames`; these helpers draw and commit."""

from __future__ import annotations

from typing import Any

import streamlit as st

from crm_case import Case, CrmCaseError, Scoring, with_values
from crm_case.model import Side
from crm_case.scoring import (
    DISAGREEMENT_RANGE,
    DISPUTED_IQR,
    DISPUTED_MIN_VOTES,
    criterion_renames,
    read_votes,
    score,
    votes,
    votes_template,
)
from ui.format import column_width, number
from ui.i18n import language, localized, t, unlabelled
from ui.items import wide_table
from ui.state import Rows, commit_items, editor_error, get_case, set_case, table_editor
from ui.text import literal

CRITERIA_FIELDS = ["name", "side", "weight", "score"]


def _criteria_columns() -> dict[str, str]:
    return {"name": t("scoring.criterion"), "side": t("scoring.side"), "weight": t("scoring.weight"),
            "score": t("scoring.score")}


def _criteria_edit(rows: Rows, before: Rows) -> bool:
    current = get_case().scoring
    was = {i: row["name"] for i, row in before if i is not None}
    renamed = {was[i].lower(): row["name"] for i, row in rows if i is not None and i in was}
    side = _side_value()
    items = [{k: side(row[k]) if k == "side" else row[k] for k in CRITERIA_FIELDS if k in row}
             for _, row in rows]  # the shown-only columns left out
    return commit_items("scoring.criteria", items, _criteria_columns(), also=criterion_renames(current, renamed),
                        redraw=False)


def _side_name(side: str) -> str:
    """A criterion's side (the model's ``advantage`` / ``disadvantage``) as the viewer reads it."""
    return t(f"scoring.side.{side}")


def _side_value() -> Any:
    """The side a name shown by :func:`_side_name` in this run's language stands for."""
    return unlabelled([s.value for s in Side], _side_name)


def _new_criterion(_n: int) -> dict[str, Any]:
    return {"name": t("scoring.new_criterion"), "side": _side_name("advantage"), "weight": 10.0, "score": 5.0}


def _source(row: Any, count: str, aggregate: str) -> str:
    """Where a criterion's score as used comes from: its own, or the room's mean or median of N votes."""
    if row["source"] != "votes":
        return t("workshop.from.own")
    return t(f"workshop.from.votes.{aggregate}", count=int(row[count]))


def _criteria_rows(scoring: Scoring) -> tuple[list[dict[str, Any]], bool]:
    """The criteria as the table shows them: their own fields and, when the workshop's votes score them, the
    score (and weight) the verdict uses with where each comes from (:func:`crm_case.scoring.score`'s table)."""
    rows = [c.model_dump(mode="json") for c in scoring.criteria]
    for row in rows:
        row["side"] = _side_name(row["side"])
    if not (scoring.use_votes and scoring.participants):
        return rows, False
    used = score(scoring).table
    aggregate = scoring.aggregate.value
    weighed = bool((used["weight_source"] == "votes").any())
    for row, (_, scored) in zip(rows, used.iterrows(), strict=True):
        row["used"] = float(scored["score"])
        row["from"] = _source(scored, "votes", aggregate)
        if weighed:
            row["used_weight"] = float(scored["weight"])
            row["weight_from"] = (t("workshop.from.weights", count=int(scored["weight_votes"]))
                                  if scored["weight_source"] == "votes" else t("workshop.from.own_weight"))
    return rows, weighed


def criteria_editor(scoring: Scoring) -> None:
    """The criteria table; with votes on, the votes score: the own score column is read-only, and the score the
    verdict uses is shown beside it with where it comes from (own, or the room's mean or median of N votes)."""
    columns = _criteria_columns()
    rows, weighed = _criteria_rows(scoring)
    voting = bool(scoring.use_votes and scoring.participants)  # then the votes score, not this column
    shown = CRITERIA_FIELDS + (["used", "from"] if voting else []) + (["used_weight", "weight_from"] if weighed
                                                                       else [])
    new = _new_criterion(1)
    with wide_table("criteria"):  # the own score and, with votes, the score used and where it comes from at 1024 px
        _criteria_table(rows, shown, columns, new, voting)
    if message := editor_error("scoring.criteria"):
        st.error(literal(message), icon=":material/block:")


def _criteria_table(rows: list[dict[str, Any]], shown: list[str], columns: dict[str, str], new: dict[str, Any],
                    voting: bool) -> None:
    column = st.column_config
    table_editor("scoring.criteria", "criteria", rows, shown, new_row=_new_criterion, on_rows=_criteria_edit,
                 num_rows="dynamic", hide_index=True, width="stretch", column_config={
                     "name": column.TextColumn(columns["name"], required=True, width="medium", default=new["name"]),
                     "side": column.SelectboxColumn(columns["side"], options=[_side_name(s.value) for s in Side],
                                                    required=True, default=new["side"]),
                     "weight": column.NumberColumn(columns["weight"], min_value=0.0, step=1.0,
                                                   help=t("scoring.weight.help"), default=new["weight"]),
                     "score": column.NumberColumn(t("workshop.own_score") if voting else columns["score"],
                                                  min_value=0.0, max_value=10.0, step=0.5,
                                                  help=t("scoring.score.help.votes") if voting
                                                  else t("scoring.score.help"), disabled=voting,
                                                  default=new["score"]),
                     "used": column.NumberColumn(t("workshop.used"), format="%.1f", disabled=True,
                                                 help=t("workshop.used.help")),
                     "from": column.TextColumn(t("workshop.from"), disabled=True),
                     "used_weight": column.NumberColumn(t("workshop.used_weight"), format="%.1f", disabled=True),
                     "weight_from": column.TextColumn(t("workshop.from"), disabled=True),
                 })


def _vote_rows(scoring: Scoring) -> list[dict[str, Any]]:
    """One row per participant: their name and a column ``c<i>`` per criterion i."""
    crit = [c.name for c in scoring.criteria]
    return [{"participant": p.name, **{f"c{i}": {k.lower(): v for k, v in p.scores.items()}.get(n.lower())
                                       for i, n in enumerate(crit)}} for p in scoring.participants]


def _votes_edit(rows: Rows, before: Rows) -> bool:
    current = get_case().scoring
    crit = [c.name for c in current.criteria]
    weights = {p.name.lower(): p.weights for p in current.participants}  # a room's weights, kept by name
    items = [{"name": r.get("participant") or "",
              "scores": {c: r[f"c{i}"] for i, c in enumerate(crit) if r.get(f"c{i}") is not None},
              **({"weights": w} if (w := weights.get(str(r.get("participant") or "").lower())) else {})}
             for _, r in rows]
    return commit_items("scoring.participants", items, {"name": t("scoring.participant")}, redraw=False)


PARTICIPANT_WIDTH = 134
"""Pixels of the votes table's participant column (a longer name is cut with an ellipsis, whole when opened): with the
sample's four criteria at their widest (130 px), the table fits 1024 px (tests/browser/test_layout_browser.py)."""
WIDEST_SCORES = ["10", "9.5"]
"""The widest texts a 0-10 score in steps of 0.5 shows: a criterion's column is as wide as these or its header."""


def votes_editor(scoring: Scoring) -> None:
    """The votes table: a row per participant, pinned at the left, and a column per criterion (its name shortened,
    in full as help), each as narrow as its header and any score allow (:func:`ui.format.column_width`), inside
    :func:`ui.items.wide_table`, so that the sample's criteria are all in view at 1024 px. Typed through
    :func:`ui.state.table_editor`, so fast typing across cells of a new row keeps every cell.

    The column widths depend on the criteria only, never on the votes: Streamlit makes a dynamic editor's
    element id from all its arguments (column settings included), so widths computed from the rows changed with a
    commit (a name typed wider than the others) and the browser replaced the editor while the user was typing in it
    (the cells typed meanwhile were lost)."""
    names = [c.name for c in scoring.criteria]
    rows = _vote_rows(scoring)
    heads = [n[:28] + ("…" if len(n) > 28 else "") for n in names]
    with wide_table("votes"):
        table_editor("scoring.participants", "votes", rows,
                     ["participant", *[f"c{i}" for i in range(len(names))]],
                     new_row=lambda n: {"participant": t("scoring.new_participant", n=n)}, on_rows=_votes_edit,
                     num_rows="dynamic", hide_index=True, width="content", column_config={
                         "participant": st.column_config.TextColumn(
                             t("scoring.participant"), required=True, pinned=True,
                             width=PARTICIPANT_WIDTH),
                         **{f"c{i}": st.column_config.NumberColumn(
                             head, help=literal(n), min_value=0.0, max_value=10.0, step=0.5,
                             width=column_width(WIDEST_SCORES, head, minimum=80, maximum=130))
                            for i, (n, head) in enumerate(zip(names, heads, strict=True))},
                     })
    if message := editor_error("scoring.participants"):
        st.error(literal(message), icon=":material/block:")


def disagreement(scoring: Scoring) -> None:
    """The votes' spread per criterion, the disputed ones (:func:`crm_case.scoring.disputed`) highlighted."""
    # disputed second: the point of the table, in view on a narrow screen (the spread's figures then scroll)
    stats = votes(scoring)[["criterion", "disputed", "votes", "mean", "median", "iqr", "range", "std"]]
    st.markdown(f"**{t('scoring.disagreement')}**")
    st.caption(disputed_rule())
    names = {"criterion": t("scoring.criterion"), "mean": t("scoring.mean"), "median": t("scoring.median"),
             "std": t("scoring.std"), "range": t("scoring.range"), "iqr": t("workshop.iqr"),
             "votes": t("scoring.votes"), "disputed": t("scoring.disputed")}
    shown = stats.rename(columns=names)
    styled = shown.style.format({names[k]: "{:.1f}" for k in ("mean", "median", "std", "range", "iqr")},
                                na_rep="–").apply(
        lambda row: ["background-color: #FBE3D6; font-weight: bold" if row[names["disputed"]] else ""
                     for _ in row], axis=1)
    st.dataframe(styled, hide_index=True, column_config={names["iqr"]: st.column_config.NumberColumn(
        help=t("workshop.iqr.help"))})


def disputed_rule() -> str:
    """The rule that makes a criterion (or a readiness area) disputed, in a sentence, and why."""
    return t("workshop.disputed.rule", votes=DISPUTED_MIN_VOTES, iqr=number(DISPUTED_IQR, "0.#"),
             range=number(DISAGREEMENT_RANGE, "0.#"))


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
