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

Workshop. Each participant scores the criteria (one may leave some unscored); per criterion the mean, the
median and the spread (population standard deviation, max - min, and the interquartile range) are computed.
With ``use_votes`` the mean or median of those who scored a criterion replaces its own score, and where
participants also gave the criterion a weight (``Participant.weights``, a live vote's 0..100) the mean of the
weights given replaces its own weight; a criterion nobody scored (or weighed) keeps its own score (or weight).
The weights are then normalised over all criteria as above, so a criterion's own weight and the participants'
mean weights count on one scale: a room that asks for weights should weigh every criterion (or the case's own
weights be on 0..100 too). :func:`score`'s table says for each criterion where its score and weight come from
(``source``, ``weight_source``: ``"own"`` or ``"votes"``) and how many participants gave them (``votes``,
``weight_votes``), so the criteria table shows the figures the verdict uses.

Disputed criteria (:func:`disputed`): with 4 votes or more, an interquartile range of
:data:`DISPUTED_IQR` (3) points or more; with 2 or 3 votes, a range (max - min) of :data:`DISAGREEMENT_RANGE`
(4) points or more; never with fewer. The rule it replaces, max - min >= 4 at any size, flagged every
criterion of a room of eight: among eight people scoring 0..10 someone is almost always 4 points from someone
else. The interquartile range (the middle half's spread; quartiles by linear interpolation, numpy's default,
Hyndman & Fan type 7) ignores the outer quarter on each side, so one outlier cannot flag a criterion (at 4 votes
it moves a quartile by at most a quarter of its distance: 2.5 points on this scale), while a room split in two
camps (2,2,3,3 against 8,8,9,9: IQR 5.5) is flagged, and ordinary disagreement (5,6,7,7,8,8,8,9: IQR 1.25) is not.
Two or three votes have no meaningful quartiles, so there the range rule stays.

Readiness. Eight areas scored 1..5 with weights (scored in a live vote: each area's median of the votes,
rounded half up, :func:`readiness_from_votes`; :func:`readiness_room` gives the votes' statistics):
index = 100 x sum(w (s - 1) / 4) / sum(w), so 0 is not ready at all and 100 fully ready. The weakest areas are
those scored 1 or 2 (or the lowest one). The suggested adjustment grows with the gap to full readiness
g = 1 - index / 100: benefit risk adjustments rise by ``0.30 x g`` (capped at 90 %) and the adoption ramp
lengthens by ``g`` (x (1 + g), rounded up).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
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
    Readiness,
    Scoring,
    Side,
    with_values,
)

DISAGREEMENT_RANGE = 4.0
"""With 2 or 3 votes: points of max - min from which a criterion is disputed (see :func:`disputed`)."""
DISPUTED_IQR = 3.0
"""With 4 votes or more: points of interquartile range from which a criterion is disputed (see :func:`disputed`)."""
DISPUTED_MIN_VOTES = 4
"""Votes from which the interquartile range decides (fewer: the range)."""
READY_INDEX = 100.0
RISK_PER_GAP = 0.30
MAX_RISK = 0.90


@dataclass(frozen=True)
class ScoreResult:
    """Weighted scoring of the criteria (scores and weights as used, after votes when ``use_votes``)."""

    table: pd.DataFrame
    """One row per criterion: name, side, weight, normalised_weight, score, contribution (signed), ``source``
    of the score (``"own"`` or ``"votes"``), ``votes`` (participants who scored it), ``weight_source`` and
    ``weight_votes`` (participants who weighed it) likewise."""
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


def _quartiles(values: np.ndarray) -> tuple[float, float]:
    q1, q3 = np.percentile(values, [25, 75])  # linear interpolation (Hyndman & Fan type 7), numpy's default
    return float(q1), float(q3)


def disputed(values: Iterable[float]) -> bool:
    """Whether participants disagree about a criterion (or a readiness area): with
    :data:`DISPUTED_MIN_VOTES` (4) votes or more, an interquartile range (Q3 - Q1, quartiles by linear
    interpolation) of :data:`DISPUTED_IQR` (3) points or more; with 2 or 3 votes a range (max - min) of
    :data:`DISAGREEMENT_RANGE` (4) points or more; with 0 or 1 vote never. NaN (not scored) values are left out.

    Why (see also the module docstring): max - min >= 4 flagged every criterion in a room of eight people; the
    interquartile range looks at the middle half of the room, so one outlier cannot trigger it, ordinary
    disagreement does not, and two camps do. Examples: 5,6,7,7,8,8,8,9 (IQR 8 - 6.75 = 1.25): not disputed;
    2,2,3,3,8,8,9,9 (IQR 8.25 - 2.75 = 5.5): disputed; 8,8,8,8,8,8,8,1 (IQR 0): not disputed."""
    array = np.asarray([v for v in values if v is not None and not math.isnan(float(v))], dtype=float)
    if len(array) < 2:
        return False
    if len(array) < DISPUTED_MIN_VOTES:
        return bool(array.max() - array.min() >= DISAGREEMENT_RANGE - 1e-9)
    q1, q3 = _quartiles(array)
    return bool(q3 - q1 >= DISPUTED_IQR - 1e-9)


def _iqr(row: np.ndarray) -> float:
    row = row[~np.isnan(row)]
    if not len(row):
        return math.nan
    q1, q3 = _quartiles(row)
    return q3 - q1


def votes(scoring: Scoring) -> pd.DataFrame:
    """Participants' scores per criterion: one row per criterion with ``mean``, ``median``, ``std``
    (population), ``range`` (max - min), ``iqr`` (interquartile range), ``votes`` (how many scored it) and
    ``disputed`` (:func:`disputed`); plus one column per participant. Criteria nobody scored have NaN
    statistics and 0 votes."""
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
            "iqr": [_iqr(row) for row in matrix] if names else [],
            "votes": counts,
        })
    stats["disputed"] = [disputed(row) for row in matrix] if names else []
    stats["disputed"] = stats["disputed"].astype(bool)
    return pd.concat([stats.reset_index(drop=True), frame.reset_index(drop=True)], axis=1)


def _voted_weights(scoring: Scoring) -> tuple[np.ndarray, np.ndarray]:
    """Per criterion, the mean of the weights participants gave it (NaN when none did) and how many did."""
    names = [c.name.lower() for c in scoring.criteria]
    sums, counts = np.zeros(len(names)), np.zeros(len(names), dtype=int)
    for person in scoring.participants:
        lookup = {k.lower(): v for k, v in person.weights.items()}
        for i, name in enumerate(names):
            if name in lookup:
                sums[i] += lookup[name]
                counts[i] += 1
    with np.errstate(all="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan), counts


def score(scoring: Scoring) -> ScoreResult:
    """Weighted advantages, disadvantages and net score (see the module docstring: with ``use_votes`` the
    participants' aggregate score and mean weight replace a criterion's own where they gave one)."""
    criteria = scoring.criteria
    scores = np.array([c.score for c in criteria], dtype=float)
    weights = np.array([c.weight for c in criteria], dtype=float)
    counted = np.zeros(len(criteria), dtype=int)
    weighed = np.zeros(len(criteria), dtype=int)
    from_votes = np.zeros(len(criteria), dtype=bool)
    weights_from_votes = np.zeros(len(criteria), dtype=bool)
    if scoring.use_votes and scoring.participants and criteria:
        stats = votes(scoring)
        voted = stats[scoring.aggregate.value].to_numpy(dtype=float)
        counted = stats["votes"].to_numpy(dtype=int)
        from_votes = ~np.isnan(voted)
        scores = np.where(from_votes, voted, scores)
        mean_weights, weighed = _voted_weights(scoring)
        weights_from_votes = ~np.isnan(mean_weights)
        weights = np.where(weights_from_votes, mean_weights, weights)
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
        "source": np.where(from_votes, "votes", "own") if len(criteria) else [],
        "votes": counted,
        "weight_source": np.where(weights_from_votes, "votes", "own") if len(criteria) else [],
        "weight_votes": weighed,
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


def readiness_room(readiness: Readiness) -> pd.DataFrame:
    """The readiness votes' statistics: one row per area (in :data:`READINESS_AREAS` order) with ``area``,
    ``mean``, ``median``, ``min``, ``max``, ``iqr`` (interquartile range, linear interpolation), ``votes`` (how
    many) and ``disputed`` (:func:`disputed`, on the 1..5 scale with the same thresholds: an IQR of 3 points there
    is two camps at opposite ends). No votes: NaN statistics, 0 votes, not disputed."""
    rows = []
    for area in READINESS_AREAS:
        values = np.array([v.scores[area] for v in readiness.votes], dtype=float)
        some = len(values) > 0
        rows.append({
            "area": area,
            "mean": float(values.mean()) if some else math.nan,
            "median": float(np.median(values)) if some else math.nan,
            "min": float(values.min()) if some else math.nan,
            "max": float(values.max()) if some else math.nan,
            "iqr": _iqr(values),
            "votes": len(values),
            "disputed": disputed(values),
        })
    return pd.DataFrame(rows, columns=["area", "mean", "median", "min", "max", "iqr", "votes", "disputed"])


def _half_up(value: float) -> int:
    """Round half up (2.5 -> 3), not half to even as :func:`round` does (2.5 -> 2)."""
    return math.floor(value + 0.5)


def readiness_from_votes(votes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The change (for :func:`~crm_case.model.with_values`) that brings a closed readiness vote into the case:
    ``readiness.scores`` each area's median of the votes rounded half up (median 2.5 -> 3: between two camps the
    benefit of the doubt), and ``readiness.votes`` the votes (``[{"name", "scores"}]``, e.g. from
    :func:`crm_case.rooms.participants_from_votes`). No votes: no change (``{}``)."""
    if not votes:
        return {}
    kept = [{"name": v["name"], "scores": {a: int(v["scores"][a]) for a in READINESS_AREAS}} for v in votes]
    medians = {a: _half_up(float(np.median([v["scores"][a] for v in kept]))) for a in READINESS_AREAS}
    return {"readiness.scores": medians, "readiness.votes": kept}


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
        {"name": p.name, "scores": {renamed[k.lower()]: v for k, v in p.scores.items() if k.lower() in renamed},
         "weights": {renamed[k.lower()]: v for k, v in p.weights.items() if k.lower() in renamed}}
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
