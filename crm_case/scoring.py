"""Advantages against disadvantages (seed 003), a workshop's votes, and readiness before buying (seed 004).

Weighted scoring. Each criterion i has a side (sigma_i = +1 for an advantage, -1 for a disadvantage), a
weight w_i >= 0 and a score s_i in 0..10. Weights are normalised, w~_i = w_i / sum(w):

* weighted advantages A = sum over advantages of w~_i s_i; weighted disadvantages D likewise;
* net score = A - D (on the 0..10 scale); the verdict is "advantages outweigh" when net > 0,
  "disadvantages outweigh" when net < 0, "balanced" at 0; the margin is |net|.

Flip sensitivity. With the other weights fixed, the net score is zero when criterion j's raw weight is
``w_j* = -N_-j / (sigma_j s_j)``, where ``N_-j = sum_{i != j} sigma_i w_i s_i``. Moving w_j past w_j* flips
the verdict; when w_j* is negative, or s_j = 0, or w_j* is where the weight already is on the far side, the
criterion "cannot flip" it alone.

Workshop. Each participant scores every criterion; per criterion the mean, the median and the spread
(standard deviation and max - min) are computed; with ``use_votes`` the mean or median replaces the
criterion's own score. A spread (max - min) of :data:`DISAGREEMENT_RANGE` points or more is flagged.

Readiness. Eight areas scored 1..5 with weights: index = 100 x sum(w (s - 1) / 4) / sum(w), so 0 is not
ready at all and 100 fully ready. The weakest areas are those scored 1 or 2 (or the lowest one). The
suggested adjustment grows with the gap to full readiness g = 1 - index / 100: benefit risk adjustments
rise by ``0.30 x g`` (capped at 90 %) and the adoption ramp lengthens by ``g`` (x (1 + g), rounded up).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from crm_case.errors import CrmCaseError
from crm_case.i18n import DEFAULT, Message, text
from crm_case.i18n.formats import Plain
from crm_case.model import (
    MAX_CRITERIA,
    MAX_PARTICIPANTS,
    READINESS_AREAS,
    Case,
    Scoring,
    Side,
    with_values,
)

DISAGREEMENT_RANGE = 4.0
"""Points of max - min between participants from which a criterion is flagged as disputed."""
READY_INDEX = 100.0
RISK_PER_GAP = 0.30
MAX_RISK = 0.90


@dataclass(frozen=True)
class ScoreResult:
    """Weighted scoring of the criteria (scores as used, after votes when ``use_votes``)."""

    table: pd.DataFrame
    """One row per criterion: name, side, weight, normalised_weight, score, contribution (signed)."""
    advantages: float
    disadvantages: float

    @property
    def net(self) -> float:
        return self.advantages - self.disadvantages

    @property
    def verdict(self) -> str:
        """``"advantages"``, ``"disadvantages"`` (the side that outweighs) or ``"balanced"``."""
        if abs(self.net) < 1e-12:
            return "balanced"
        return "advantages" if self.net > 0 else "disadvantages"

    @property
    def margin(self) -> float:
        return abs(self.net)


def votes(scoring: Scoring) -> pd.DataFrame:
    """Participants' scores per criterion: one row per criterion with ``mean``, ``median``, ``std``
    (population), ``range`` (max - min), ``votes`` (how many scored it) and ``disputed``; plus one column per
    participant. Criteria nobody scored have NaN statistics and 0 votes."""
    names = [c.name for c in scoring.criteria]
    columns: dict[str, list[float]] = {}  # built at once: a column added at a time is quadratic in participants
    for person in scoring.participants:
        lookup = {k.lower(): v for k, v in person.scores.items()}
        columns[person.name] = [lookup.get(n.lower(), np.nan) for n in names]
    frame = pd.DataFrame(columns, index=names, dtype=float) if columns else pd.DataFrame(index=names)
    matrix = frame.to_numpy(dtype=float) if len(frame.columns) else np.full((len(names), 0), np.nan)
    counts = (~np.isnan(matrix)).sum(axis=1)
    with np.errstate(all="ignore"), warnings.catch_warnings():  # criteria nobody scored give NaN, documented
        warnings.simplefilter("ignore", RuntimeWarning)
        stats = pd.DataFrame({
            "criterion": names,
            "mean": np.nanmean(matrix, axis=1) if matrix.shape[1] else np.nan,
            "median": np.nanmedian(matrix, axis=1) if matrix.shape[1] else np.nan,
            "std": np.nanstd(matrix, axis=1) if matrix.shape[1] else np.nan,
            "range": (np.nanmax(matrix, axis=1) - np.nanmin(matrix, axis=1)) if matrix.shape[1] else np.nan,
            "votes": counts,
        })
    stats["disputed"] = stats["range"].fillna(0) >= DISAGREEMENT_RANGE
    return pd.concat([stats.reset_index(drop=True), frame.reset_index(drop=True)], axis=1)


def score(scoring: Scoring) -> ScoreResult:
    """Weighted advantages, disadvantages and net score (see the module docstring)."""
    criteria = scoring.criteria
    scores = np.array([c.score for c in criteria], dtype=float)
    if scoring.use_votes and scoring.participants:
        voted = votes(scoring)[scoring.aggregate.value].to_numpy(dtype=float)
        scores = np.where(np.isnan(voted), scores, voted)
    weights = np.array([c.weight for c in criteria], dtype=float)
    total = weights.sum()
    normalised = weights / total if total > 0 else weights
    sign = np.array([1.0 if c.side is Side.ADVANTAGE else -1.0 for c in criteria])
    contribution = sign * normalised * scores
    table = pd.DataFrame({
        "name": [c.name for c in criteria],
        "side": [c.side.value for c in criteria],
        "weight": weights,
        "normalised_weight": normalised,
        "score": scores,
        "contribution": contribution,
    })
    return ScoreResult(table=table, advantages=float(contribution[sign > 0].sum()),
                       disadvantages=float(-contribution[sign < 0].sum()))


def flip_thresholds(scoring: Scoring) -> pd.DataFrame:
    """For each criterion: ``threshold`` (the raw weight at which the net score is zero, others fixed),
    ``change`` (threshold - weight), ``relative_change`` (change / weight) and ``can_flip``.

    A criterion cannot flip the verdict alone when its score is 0, when the threshold would be a negative
    weight, or when the verdict is already balanced.
    """
    result = score(scoring)
    table = result.table
    sign = np.where(table["side"] == Side.ADVANTAGE.value, 1.0, -1.0)
    raw = sign * table["weight"].to_numpy() * table["score"].to_numpy()
    rows = []
    for j in range(len(table)):
        others = raw.sum() - raw[j]
        s_j = sign[j] * table["score"].iloc[j]
        weight = float(table["weight"].iloc[j])
        with np.errstate(over="ignore", divide="ignore"):  # a near-zero score needs an infinite weight: cannot flip
            threshold = float(-others / s_j) if s_j != 0 else math.nan
        can = bool(s_j != 0 and math.isfinite(threshold) and threshold >= 0 and result.verdict != "balanced"
                   and not math.isclose(threshold, weight))
        rows.append({
            "name": table["name"].iloc[j],
            "weight": weight,
            "threshold": threshold if can else math.nan,
            "change": threshold - weight if can else math.nan,
            "relative_change": (threshold - weight) / weight if can and weight > 0 else math.nan,
            "can_flip": can,
        })
    return pd.DataFrame(rows)


def _cell_text(value: object) -> str:
    """A cell's value as a message quotes it: a huge integer by its size, long text cut."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return Message("engine.value.long_number", digits=Plain(int(math.log10(abs(value))) + 1))
    text = repr(value)
    if len(text) <= 60:
        return text
    return Message("engine.value.long_text", start=text[:40], length=Plain(len(str(value))))


def parse_votes(rows: list[list[object]], criteria: list[str], source: str = "Votes") -> list[dict]:
    """Participants from a sheet: first column the criterion, one column per participant (header row =
    their names), scores 0..10. Returns ``[{"name": ..., "scores": {...}}]``; raises :class:`CrmCaseError`
    naming every bad cell (``Votes!C4: 'high' is not a score; expected 0 to 10``)."""
    from openpyxl.utils import get_column_letter

    if not rows or len(rows[0]) < 2:
        raise CrmCaseError(Message("engine.votes.no_header", where=f"{source}!A1"))
    header = rows[0]
    people = [(i, " ".join(str(h).split())) for i, h in enumerate(header) if i > 0 and h is not None and str(h).strip()]
    if len(people) > MAX_PARTICIPANTS:  # refused before any score is read: 5,000 columns are no workshop
        first = get_column_letter(people[MAX_PARTICIPANTS][0] + 1)
        raise CrmCaseError(Message("engine.votes.too_many_participants", where=f"{source}!{first}1",
                                   limit=Plain(MAX_PARTICIPANTS), got=Plain(len(people)), column=first))
    labelled = [r for r, row in enumerate(rows[1:], start=2) if row and row[0] is not None and str(row[0]).strip()]
    if len(labelled) > MAX_CRITERIA:
        first_row = labelled[MAX_CRITERIA]
        raise CrmCaseError(Message("engine.votes.too_many_criteria", where=f"{source}!A{first_row}",
                                   limit=Plain(MAX_CRITERIA), got=Plain(len(labelled)), row=Plain(first_row)))
    known = {c.lower(): c for c in criteria}
    problems = []
    if len({p.lower() for _, p in people}) != len(people):
        problems.append(Message("engine.votes.same_name", where=f"{source}!1"))
    scores: dict[str, dict[str, float]] = {name: {} for _, name in people}
    for r, row in enumerate(rows[1:], start=2):
        label = row[0] if row else None
        if label is None or not str(label).strip():
            continue
        criterion = known.get(" ".join(str(label).split()).lower())
        if criterion is None:
            problems.append(Message("engine.votes.unknown_criterion", where=f"{source}!A{r}", got=repr(str(label)),
                                    expected=", ".join(criteria)))
            continue
        for i, name in people:
            value = row[i] if i < len(row) else None
            where = f"{source}!{get_column_letter(i + 1)}{r}"
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                number = float(str(value).strip()) if not isinstance(value, (int, float)) or isinstance(value, bool) \
                    else float(value)
                if isinstance(value, bool):
                    raise ValueError
            except (ValueError, OverflowError):  # OverflowError: an integer beyond a float
                problems.append(Message("engine.votes.not_a_score", where=where, got=_cell_text(value)))
                continue
            if not 0 <= number <= 10:
                problems.append(Message("engine.votes.out_of_range", where=where, got=Plain(number))
                                if math.isfinite(number)
                                else Message("engine.votes.not_finite", where=where, got=_cell_text(value)))
                continue
            scores[name][criterion] = number
    if problems:
        raise CrmCaseError(problems)
    return [{"name": name, "scores": s} for name, s in scores.items()]


# --------------------------------------------------------------------------- readiness
@dataclass(frozen=True)
class ReadinessResult:
    index: float
    """0 (not ready) to 100 (fully ready)."""
    weakest: list[str]
    """Areas scored 1 or 2, weakest first; the lowest-scored area when none is."""
    extra_risk: float
    """Suggested rise of every benefit's risk adjustment (fraction)."""
    ramp_factor: float
    """Suggested multiplier of the adoption ramp's length."""


def readiness(case: Case) -> ReadinessResult | None:
    """Readiness index, weakest areas and the suggested adjustment (see the module docstring); ``None`` when
    the readiness has not been assessed (``case.readiness.scores`` empty, as in a blank case)."""
    r = case.readiness
    if not r.assessed:
        return None
    weights = np.array([r.weights[a] for a in READINESS_AREAS], dtype=float)
    scores = np.array([r.scores[a] for a in READINESS_AREAS], dtype=float)
    index = float(100.0 * (weights * (scores - 1) / 4).sum() / weights.sum())
    order = sorted(READINESS_AREAS, key=lambda a: (r.scores[a], -r.weights[a]))
    weakest = [a for a in order if r.scores[a] <= 2] or order[:1]
    gap = 1.0 - index / READY_INDEX
    return ReadinessResult(index=index, weakest=weakest, extra_risk=round(RISK_PER_GAP * gap, 4),
                           ramp_factor=1.0 + gap)


def apply_readiness(case: Case) -> Case:
    """The case with the readiness adjustment applied: every benefit's risk adjustment (drivers and line
    items) + ``extra_risk`` (capped at 90 %), the adoption ramp x ``ramp_factor`` (rounded up, at most 60
    months), and ``readiness.applied_index`` set so the same adjustment is not applied twice."""
    result = readiness(case)
    if result is None:
        raise CrmCaseError(Message("engine.readiness.not_assessed"))
    def raised(risk: float) -> float:
        return min(MAX_RISK, risk + result.extra_risk)

    changes: dict[str, Any] = {f"drivers.{name}.risk_adjustment": raised(getattr(case.drivers, name).risk_adjustment)
                               for name in type(case.drivers).model_fields}
    changes["benefits"] = [item.model_dump() | {"risk_adjustment": raised(item.risk_adjustment)}
                           for item in case.benefits]
    changes["rollout.ramp_months"] = min(60, math.ceil(case.rollout.ramp_months * result.ramp_factor - 1e-9))
    changes["readiness.applied_index"] = round(result.index, 6)
    return with_values(case, changes)


def criterion_renames(scoring: Scoring, renamed: Mapping[str, str]) -> dict[str, Any]:
    """The change (for :func:`~crm_case.model.with_values`) that keeps the workshop's votes with their criteria after
    an edit of the criteria: ``renamed`` maps the lower-case old name of every criterion kept to its new name; each
    participant's scores follow their criterion's new name, and the scores of a criterion missing from ``renamed``
    (removed) go with it. ``{"scoring.participants": [...]}``."""
    return {"scoring.participants": [
        {"name": p.name, "scores": {renamed[k.lower()]: v for k, v in p.scores.items() if k.lower() in renamed}}
        for p in scoring.participants]}


def read_votes(data: bytes, filename: str, criteria: list[str]) -> list[dict]:
    """Participants from an uploaded votes sheet (.xlsx: its first sheet; .csv: UTF-8, comma or semicolon),
    checked like any upload (:func:`crm_case.excel.safety.read_rows`); see :func:`parse_votes` for the layout
    and the messages."""
    from crm_case.excel.safety import read_rows

    rows, title = read_rows(data, filename)
    return parse_votes(rows, criteria, "Votes" if title == "CSV" else title)


def votes_template(case: Case, *, language: str = DEFAULT) -> bytes:
    """An .xlsx for collecting votes: one row per criterion, one column per participant (the case's, or
    three placeholders), scores 0-10 with validation; its words in ``language`` (:func:`read_votes` reads the
    first column as the criteria whatever its header says)."""
    import io

    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = text(language, "excel.votes.sheet")
    people = [p.name for p in case.scoring.participants] or [text(language, "excel.votes.participant", n=n)
                                                             for n in (1, 2, 3)]
    sheet.append([text(language, "excel.votes.criterion"), *people])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in case.scoring.criteria:
        lookup = {}
        for p in case.scoring.participants:
            lookup[p.name] = {k.lower(): v for k, v in p.scores.items()}.get(c.name.lower())
        sheet.append([c.name, *[lookup.get(name) for name in people]])
    last = len(case.scoring.criteria) + 1
    check = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", showErrorMessage=True,
                           errorTitle=text(language, "excel.votes.score"),
                           error=text(language, "excel.votes.score.error"))
    sheet.add_data_validation(check)
    check.add(f"B2:{openpyxl.utils.get_column_letter(len(people) + 1)}{max(last, 2)}")
    sheet.column_dimensions["A"].width = 60
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
