"""The Key | Value sheets' rows: from the case (:func:`rows`) and back (:func:`decode`), one sheet beside the other.

A row is ``(section, input label, key, value)``; the key is the path of a field below the sheet's part of the
case with 1-based list positions (:class:`~crm_case.excel.layout.KeyValueSheet`). Reading back, every problem
names the cell of its key: ``Vendors!D12: must be zero or more, got -5``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from crm_case.excel.layout import KEY_VALUE_SHEETS
from crm_case.excel.words import problem, word
from crm_case.i18n import DEFAULT, Message
from crm_case.i18n.formats import Plain
from crm_case.model import (
    DRIVER_LABELS,
    Case,
    CostOfDelay,
    CustomerValue,
    Drivers,
    Goals,
    Readiness,
    RiskSettings,
    Rollout,
    Scoring,
    Vendors,
    what_of,
)

Row = tuple[str, str, str, Any]
"""(section, input label, key, value) of one Key | Value row."""


# --------------------------------------------------------------------------- from the case
def _input(language: str, field: str, number: int | None = None) -> str:
    """The Input column's label of a field (``excel.input.<field>``), after its item's number when it has one:
    ``churn before``, ``2 users``."""
    label = word(language, f"input.{field}")
    return label if number is None else word(language, "input.numbered", n=number, input=label)


def driver_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Drivers sheet: every field of every driver (``retention.customers``)."""
    rows = []
    for driver in DRIVER_LABELS:
        model = getattr(case.drivers, driver)
        section = word(language, f"driver.{driver}")
        for field_name, value in model.model_dump().items():
            rows.append((section, _input(language, field_name), f"{driver}.{field_name}", value))
    return rows


def rollout_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Rollout sheet: one per field of the rollout (a choice as its value)."""
    section = word(language, "section.rollout")
    return [(section, _input(language, k), k, v.value if hasattr(v, "value") else v)
            for k, v in case.rollout.model_dump().items()]


def delay_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Cost of delay sheet: one per field of the cost of delay."""
    section = word(language, "section.cost_of_delay")
    return [(section, _input(language, k), k, v) for k, v in case.delay.model_dump().items()]


def scoring_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Scoring sheet: criteria, workshop votes (by criterion number) and readiness."""
    sc = case.scoring
    rows: list[Row] = []
    criterion, workshop, participant, ready = (word(language, f"section.{s}") for s in
                                               ("criterion", "workshop", "participant", "readiness"))
    for i, c in enumerate(sc.criteria, start=1):
        rows += [(criterion, _input(language, field, i), f"criterion.{i}.{field}", getattr(c, field).value
                  if field == "side" else getattr(c, field)) for field in ("name", "side", "weight", "score")]
    rows += [(workshop, _input(language, "use_votes"), "use_votes", sc.use_votes),
             (workshop, _input(language, "aggregate"), "aggregate", sc.aggregate.value)]
    index = {c.name.lower(): i for i, c in enumerate(sc.criteria, start=1)}
    for p, person in enumerate(sc.participants, start=1):
        rows.append((participant, _input(language, "name", p), f"vote.{p}.name", person.name))
        rows += [(participant, word(language, "input.scores_criterion", p=p, n=index[k.lower()]),
                  f"vote.{p}.{index[k.lower()]}", v) for k, v in person.scores.items()]
    for area in case.readiness.weights:  # no score rows while readiness is not assessed
        name = word(language, f"readiness.{area}")
        if case.readiness.assessed:
            rows.append((ready, word(language, "input.readiness_score", area=name), f"readiness.score.{area}",
                         case.readiness.scores[area]))
        rows.append((ready, word(language, "input.readiness_weight", area=name), f"readiness.weight.{area}",
                     case.readiness.weights[area]))
    if case.readiness.applied_index is not None:
        rows.append((ready, _input(language, "applied_index"), "readiness.applied_index",
                     case.readiness.applied_index))
    return rows


PILOT_FIELDS = ("cost", "months", "users", "stop_cost", "spread")
"""The pilot's fields written one row each (``pilot.cost``...), in this order; its measured inputs follow as
``pilot.reveals.<n>``, one row each."""


def risk_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Scenarios sheet: Monte Carlo settings, the ranges the user gave and, when the case
    describes one, the pilot (``pilot.cost``, ``pilot.months``, ``pilot.users``, ``pilot.stop_cost``,
    ``pilot.spread``, then ``pilot.reveals.1``... the paths of the inputs it measures)."""
    monte_carlo, section = word(language, "section.monte_carlo"), word(language, "section.range")
    rows: list[Row] = [(monte_carlo, _input(language, "runs"), "runs", case.risk.runs),
                       (monte_carlo, _input(language, "seed"), "seed", case.risk.seed)]
    for i, r in enumerate(case.risk.ranges, start=1):
        rows += [(section, _input(language, "path", i), f"range.{i}.path", r.path),
                 (section, _input(language, "low", i), f"range.{i}.low", r.low),
                 (section, _input(language, "high", i), f"range.{i}.high", r.high),
                 (section, _input(language, "distribution", i), f"range.{i}.distribution", r.distribution.value)]
    pilot = case.risk.pilot
    if pilot is not None:
        section = word(language, "section.pilot")
        rows += [(section, _input(language, f"pilot_{name}"), f"pilot.{name}", getattr(pilot, name))
                 for name in PILOT_FIELDS]
        rows += [(section, word(language, "input.pilot_reveals", n=i), f"pilot.reveals.{i}", path)
                 for i, path in enumerate(pilot.reveals, start=1)]
    return rows


def vendor_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Vendors sheet: every offer's fields, the replaced items and the chosen offer."""
    rows: list[Row] = []
    offer = word(language, "section.offer")
    for i, item in enumerate(case.vendors.offers, start=1):
        rows += [(offer, _input(language, k, i), f"offer.{i}.{k}", v) for k, v in item.model_dump(mode="json").items()]
    replaces = word(language, "section.replaces")
    rows += [(replaces, word(language, "input.cost_item", n=i), f"replaces.{i}", name)
             for i, name in enumerate(case.vendors.replaces, start=1)]
    if case.vendors.chosen is not None:
        rows.append((word(language, "section.chosen"), _input(language, "chosen"), "chosen", case.vendors.chosen))
    return rows


def customer_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Customer value sheet: the segments, the top share and the aggregates of the last
    customer analysis (never a customer row; an aggregate's key is its label, in every language)."""
    cv = case.customers
    rows: list[Row] = [(word(language, "section.tiers"), _input(language, "top_share"), "top_share", cv.top_share)]
    segment = word(language, "section.segment")
    for i, item in enumerate(cv.segments, start=1):
        rows += [(segment, _input(language, k, i), f"segment.{i}.{k}", v)
                 for k, v in item.model_dump(mode="json").items()]
    analysis = word(language, "section.analysis")
    rows += [(analysis, key.replace(".", " ").replace("_", " "), f"summary.{key}", value)
             for key, value in cv.summary.items()]
    return rows


def goal_rows(case: Case, language: str = DEFAULT) -> list[Row]:
    """Key | Value rows of the Goals sheet: objectives, metrics, actuals and corrective actions."""
    goals = case.goals
    rows: list[Row] = []
    for key, items in (("objective", goals.objectives), ("metric", goals.metrics), ("actual", goals.actuals)):
        section = word(language, f"section.{key}")
        for i, item in enumerate(items, start=1):
            rows += [(section, _input(language, k, i), f"{key}.{i}.{k}", v)
                     for k, v in item.model_dump(mode="json").items() if v not in (None, "")]
    action = word(language, "section.action")
    for i, (metric, text) in enumerate(goals.actions.items(), start=1):
        rows += [(action, _input(language, "metric", i), f"action.{i}.metric", metric),
                 (action, _input(language, "note", i), f"action.{i}.note", text)]
    return rows


def rows(sheet: str, case: Case, language: str = DEFAULT) -> list[Row]:
    """The Key | Value rows of ``sheet`` (a title of :data:`~crm_case.excel.layout.KEY_VALUE_SHEETS`), their
    Section and Input columns in ``language`` (the keys are the same in every language)."""
    return _ROWS[sheet](case, language)


# --------------------------------------------------------------------------- back into the case
Problems = list[str]
"""The problems found so far, each a :class:`~crm_case.i18n.Message` naming its cell."""


def decode(sheet: str, flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The keys and values read from ``sheet`` ({key: value}, {key: cell}) as the parts of the case it holds
    ({part: data}, validated by the model), or ``None`` with the problems appended, each naming its cell."""
    return _DECODE[sheet](flat, cells, problems)


class _Clash(ValueError):
    """Two keys of a sheet that cannot both hold: ``retention.enabled`` and ``retention.enabled.x``."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1, "a.c": 2}`` -> ``{"a": {"b": 1, "c": 2}}``; :class:`_Clash` names a key that would put a
    field under a value (or a value over fields)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise _Clash(key)
        if isinstance(node.get(last), dict):
            raise _Clash(key)
        node[last] = value
    return out


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Inverse of :func:`_nest` for plain dicts (lists are kept as values)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and value and key not in {"scores", "weights"}:
            out |= _flatten(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


_SHEET_KEYS = MappingProxyType({"criteria": "criterion", "participants": "vote"})
"""A list of the Scoring sheet -> the key its rows start with (``criterion.3.name``, ``vote.2.name``)."""


def _sheet_of(cell: str) -> str:
    """The sheet's name (as the file names it) of a ``Sheet!D5`` reference."""
    return cell.rsplit("!", 1)[0]


def _too_many(error: Any, cells: dict[str, str], key: str) -> Message:
    """A list of a Key | Value sheet beyond its limit (a ``too_many`` error of the model), naming the first cell
    of the first item beyond it: ``Vendors!A122: at most 20 vendor offers (this sheet has 25)``."""
    ctx = error["ctx"]
    prefix = f"{key}.{ctx['limit'] + 1}"
    where = next((c for k, c in cells.items() if k == prefix or k.startswith(prefix + ".")), None)
    where = where or next((c for k, c in cells.items() if k.startswith(key + ".")), key)
    return problem("too_many", where=where, limit=Plain(ctx["limit"]), what=ctx["what"], count=Plain(ctx["got"]))


def _validate_part(model: type, flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any]:
    """``flat`` (dotted keys) nested and validated by ``model``; ``{}`` with the problems appended when it fails."""
    try:
        nested = _nest(flat)
    except _Clash as clash:
        problems.append(problem("clash", where=cells.get(clash.key, model.__name__), key=repr(clash.key)))
        return {}
    try:
        return model.model_validate(nested).model_dump()
    except ValidationError as error:
        for e in error.errors(include_url=False):
            key = ".".join(str(p) for p in e["loc"])
            if e["type"] == "too_many":
                problems.append(_too_many(e, cells, _SHEET_KEYS.get(key, key)))
                continue
            problems.append(problem("cell", where=cells.get(key, model.__name__), problem=what_of(e)))
        return {}


def _scoring_parts(flat: dict[str, Any], cells: dict[str, str],
                   problems: Problems) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Scoring sheet's keys sorted into scoring data and readiness data; unknown keys are problems."""
    criteria: dict[int, dict[str, Any]] = {}
    votes: dict[int, dict[str, Any]] = {}
    scoring: dict[str, Any] = {}
    ready: dict[str, Any] = {"scores": {}, "weights": {}}
    for key, value in flat.items():
        parts = key.split(".")
        try:
            if parts[0] == "criterion" and len(parts) == 3:
                criteria.setdefault(int(parts[1]), {})[parts[2]] = value
            elif parts[0] == "vote" and len(parts) == 3:
                if parts[2] != "name":
                    int(parts[2])  # a criterion's number
                votes.setdefault(int(parts[1]), {})[parts[2]] = value
            elif parts[0] in {"use_votes", "aggregate"}:
                scoring[parts[0]] = value
            elif parts[0] == "readiness" and len(parts) == 3 and parts[1] in {"score", "weight"}:
                ready["scores" if parts[1] == "score" else "weights"][parts[2]] = value
            elif key == "readiness.applied_index":
                ready["applied_index"] = value
            else:
                raise ValueError
        except ValueError:
            problems.append(problem("unknown_key", where=cells[key], key=repr(key), sheet=_sheet_of(cells[key])))
    names = {i: c.get("name") for i, c in criteria.items()}
    scoring["criteria"] = [criteria[i] for i in sorted(criteria)]
    scoring["participants"] = [
        {"name": v.get("name"), "scores": {str(names.get(int(k), k)): s for k, s in v.items() if k != "name"}}
        for _, v in sorted(votes.items())
    ]
    return scoring, ready


def _decode_scoring(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The Scoring sheet's keys (``criterion.1.name``, ``vote.2.3``, ``readiness.score.budget``...) back
    into the scoring and readiness parts of a case, validated; problems name the cell."""
    scoring, ready = _scoring_parts(flat, cells, problems)
    scoring_out = _validate_part(Scoring, _flatten(scoring), cells, problems)
    ready_out = _validate_part(Readiness, _flatten(ready), cells, problems)
    return {"scoring": scoring_out, "readiness": ready_out} if scoring_out and ready_out else None


def _numbered(flat: dict[str, Any], cells: dict[str, str], sheet: str, scalars: set[str],
              problems: Problems) -> dict[str, Any]:
    """Keys ``list.<n>.<field>`` (or ``list.<n>``) and plain scalar keys of a Key | Value sheet back into
    ``{field: [...], scalar: value}``, in the numbers' order; the sheet's ``lists`` map its key (``offer``) to the
    model's field (``offers``). Unknown keys are problems naming the cell."""
    lists = KEY_VALUE_SHEETS[sheet].lists
    out: dict[str, Any] = {}
    numbered: dict[str, dict[int, Any]] = {name: {} for name in lists}
    for key, value in flat.items():
        parts = key.split(".")
        if parts[0] in lists and len(parts) in {2, 3} and parts[1].isdigit():
            slot = numbered[parts[0]]
            if len(parts) == 2:
                slot[int(parts[1])] = value
            else:
                slot.setdefault(int(parts[1]), {})[parts[2]] = value
        elif key in scalars:
            out[key] = value
        else:
            problems.append(problem("unknown_key", where=cells[key], key=repr(key), sheet=_sheet_of(cells[key])))
    for name, slot in numbered.items():
        out[lists[name]] = [slot[i] for i in sorted(slot)]
    return out


def _validate_numbered(model: type, data: dict[str, Any], cells: dict[str, str], problems: Problems,
                       sheet: str) -> dict[str, Any] | None:
    """Validate ``data`` built by :func:`_numbered` for ``sheet``; a problem names the cell of the field
    (``offers[1].users`` is the cell of key ``offer.2.users``), or the first cell of its item."""
    sheet_key = {field: key for key, field in KEY_VALUE_SHEETS[sheet].lists.items()}
    try:
        return model.model_validate(data).model_dump(mode="json")
    except ValidationError as error:
        for e in error.errors(include_url=False):
            loc = [str(p + 1) if isinstance(p, int) else str(p) for p in e["loc"]]
            if loc and loc[0] in sheet_key:
                loc[0] = sheet_key[loc[0]]
            key = ".".join(loc)
            if e["type"] == "too_many":
                problems.append(_too_many(e, cells, key))
                continue
            where = cells.get(key) or next((c for k, c in cells.items() if k.startswith(key + ".")), model.__name__)
            problems.append(problem("cell", where=where, problem=what_of(e)))
        return None


def _part(name: str, model: type) -> Callable[[dict[str, Any], dict[str, str], Problems], dict[str, Any] | None]:
    """A decoder of a sheet whose keys are the fields of one part of the case (Drivers, Rollout, Cost of delay)."""
    def decode_part(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
        part = _validate_part(model, flat, cells, problems)
        return {name: part} if part else None
    return decode_part


def _pilot(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The pilot's keys of the Scenarios sheet (``pilot.cost``... ``pilot.reveals.<n>``) as the model's pilot
    data, measured inputs in their numbers' order; ``None`` when the sheet has none, or only empty values (the
    pilot cleared). An empty value is left out (its default applies, or the model names it missing); an unknown
    ``pilot.*`` key is a problem naming its cell."""
    given = {key: value for key, value in flat.items() if value is not None and value != ""}
    if not given:
        return None
    pilot: dict[str, Any] = {}
    reveals: dict[int, Any] = {}
    for key, value in given.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1] == "reveals" and parts[2].isdigit():
            reveals[int(parts[2])] = value
        elif len(parts) == 2 and parts[1] in PILOT_FIELDS:
            pilot[parts[1]] = value
        else:
            problems.append(problem("unknown_key", where=cells[key], key=repr(key), sheet=_sheet_of(cells[key])))
    pilot["reveals"] = [reveals[i] for i in sorted(reveals)]
    return pilot


def _decode_risk(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The Scenarios sheet's keys (``runs``, ``seed``, ``range.1.path``..., ``pilot.cost``...) back into the
    case's risk settings; no pilot key, no pilot."""
    pilot = _pilot({k: v for k, v in flat.items() if k.split(".", 1)[0] == "pilot"}, cells, problems)
    data = _numbered({k: v for k, v in flat.items() if k.split(".", 1)[0] != "pilot"}, cells, "Scenarios",
                     {"runs", "seed"}, problems)
    data["pilot"] = pilot
    part = _validate_numbered(RiskSettings, data, cells, problems, "Scenarios")
    return None if part is None else {"risk": part}


def _decode_vendors(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The Vendors sheet's keys (``offer.1.name``, ``replaces.1``, ``chosen``) back into the case's vendors."""
    data = _numbered(flat, cells, "Vendors", {"chosen"}, problems)
    part = _validate_numbered(Vendors, data, cells, problems, "Vendors")
    return None if part is None else {"vendors": part}


def _decode_customers(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The Customer value sheet's keys (``top_share``, ``segment.1.name``, ``summary.<key>``) back into the
    case's customer value."""
    summary = {k[len("summary."):]: v for k, v in flat.items() if k.startswith("summary.")}
    rest = {k: v for k, v in flat.items() if not k.startswith("summary.")}
    data = _numbered(rest, cells, "Customer value", {"top_share"}, problems)
    data["summary"] = summary
    part = _validate_numbered(CustomerValue, data, cells, problems, "Customer value")
    return None if part is None else {"customers": part}


def _decode_goals(flat: dict[str, Any], cells: dict[str, str], problems: Problems) -> dict[str, Any] | None:
    """The Goals sheet's keys (``objective.1.name``, ``metric.2.target``, ``actual.3.value``, ``action.1.note``)
    back into the case's goals; empty cells take the field's default."""
    given = {k: v for k, v in flat.items() if v is not None}
    data = _numbered(given, cells, "Goals", set(), problems)
    data["actions"] = {a.get("metric"): a.get("note", "") for a in data["actions"] if isinstance(a, dict)}
    for actual in data["actuals"]:
        if isinstance(actual, dict) and isinstance(actual.get("period"), (dt.date, dt.datetime)):
            actual["period"] = f"{actual['period']:%Y-%m}"
    part = _validate_numbered(Goals, data, cells, problems, "Goals")
    return None if part is None else {"goals": part}


_ROWS: Mapping[str, Callable[[Case, str], list[Row]]] = MappingProxyType({
    "Drivers": driver_rows, "Rollout": rollout_rows, "Cost of delay": delay_rows, "Scoring": scoring_rows,
    "Scenarios": risk_rows, "Vendors": vendor_rows, "Customer value": customer_rows, "Goals": goal_rows})
_DECODE = MappingProxyType({
    "Drivers": _part("drivers", Drivers), "Rollout": _part("rollout", Rollout), "Cost of delay": _part("delay",
                                                                                                        CostOfDelay),
    "Scoring": _decode_scoring, "Scenarios": _decode_risk, "Vendors": _decode_vendors,
    "Customer value": _decode_customers, "Goals": _decode_goals})
