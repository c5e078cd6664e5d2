"""The one source of truth: the case in ``st.session_state``, and the one helper that binds widgets to it.

Streamlit forgets the state of widgets on pages that are not rendered. So widgets here never own a
value: every run, :func:`bind` writes the case's current value into the widget's key *before* drawing
it, and the widget's ``on_change`` callback turns the new value into a new case through
:func:`crm_case.with_values` (validated). A refused value leaves the case as it was; the message is
shown next to the widget on the next run, and the widget shows the last valid value again.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, evaluate, from_percent, to_percent, with_values
from crm_case.evaluate import Evaluation
from crm_case.i18n import Message
from crm_case.model import value_at
from ui import library
from ui.current import CASE_KEY, generation, get_case, put_case
from ui.current import ERROR as _ERROR
from ui.current import replace_case as replace_case
from ui.format import number_text, read_number
from ui.i18n import has, language, localized, t
from ui.text import literal

_WIDGET = "bind:"
_VERSION = "bind-version:"
_TABLE = "table-editor:"
_OWN_EDIT = "bind-own-edit:"


def set_case(case: Case, *, derived: bool = False) -> None:
    """Accept ``case`` (valid by construction) as the session's case AND save it to the case library as the next
    version (:func:`ui.library.autosave`) unless it equals the current case. A ``derived`` change (figures a page
    keeps in step with its data, not something the user did) is saved only into a case already in the library:
    it never creates one, so opening a page never adds a case. (A case from the library is put on screen with
    :func:`ui.current.replace_case`, which does not save.)"""
    previous = st.session_state.get(CASE_KEY)
    put_case(case)
    if previous != case:
        library.autosave(case, create=not derived, previous=previous)


class PageDone(Exception):  # not named ...Error: a signal, not an error
    """Raised by :func:`stop_page`: the page has nothing more to show. Caught by the router, which then still draws
    the save status (``st.stop()`` would stop the whole run, the status included)."""


def stop_page():
    """End the page here (in place of ``st.stop()``, which would also stop the sidebar's save status)."""
    raise PageDone


def numbers_of(case: Case) -> Case:
    """The key of a computation that reads the case's figures, not its name: ``case`` with its name blanked, so
    renaming the case recomputes nothing numeric. Only a key (compared with ``==``), never evaluated."""
    return case.model_copy(update={"assumptions": case.assumptions.model_copy(update={"name": ""})})


def simulation_inputs(case: Case) -> Case:
    """The key of the Monte Carlo simulation: :func:`numbers_of`, the pilot left out (the simulation never reads
    it; :func:`crm_case.voi.pilot_paths` does, and is keyed by it on top)."""
    numbers = numbers_of(case)
    return numbers.model_copy(update={"risk": numbers.risk.model_copy(update={"pilot": None})})


def deterministic_inputs(case: Case) -> Case:
    """The key of an analysis without random draws (tornado, break-even, scenarios): :func:`simulation_inputs`
    without the Monte Carlo's runs and seed, so a new seed recomputes the simulation only."""
    numbers = simulation_inputs(case)
    return numbers.model_copy(update={"risk": numbers.risk.model_copy(update={"runs": 0, "seed": 0})})


def _same(a: Any, b: Any) -> bool:
    """Whether two keys are equal; a comparison that fails or is ambiguous (arrays) counts as different."""
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:  # a key whose == is not a plain truth value: recompute rather than guess
        return False


def get_evaluation() -> Evaluation:
    """The evaluation of the session's case, computed once per case figures (:func:`numbers_of`: a rename
    recomputes nothing) and kept in this session."""
    return cached("evaluation", evaluate)


def cached(name: str, compute: Callable[[Case], Any], *, key: Callable[[Case], Any] = numbers_of) -> Any:
    """``compute(case)`` for the session's case, computed again only when ``key(case)`` changes: the inputs the
    computation reads (by default the case's figures, :func:`numbers_of`, so a rename recomputes nothing; a
    simulation passes :func:`simulation_inputs`, a deterministic analysis :func:`deterministic_inputs`, so a new
    seed leaves it). One result per ``name`` is kept, in this session only (no user ever sees another's results,
    and a session's results go with it when it closes); ``name`` tells computations apart, and must say what else
    the result depends on (e.g. risk-adjusted or not)."""
    case = get_case()
    slot = f"_cached:{name}"
    held = st.session_state.get(slot)
    if held is not None and held[0] is case:
        return held[2]
    inputs = key(case)
    fresh = held is None or not _same(held[1], inputs)
    held = (case, inputs, compute(case)) if fresh else (case, held[1], held[2])
    st.session_state[slot] = held
    return held[2]


def worded(name: str, compute: Callable[[Case], Any]) -> Any:
    """:func:`cached` for a result that holds words or formatted figures (slides, chart specs): kept per case
    (its name included) and per language, so that a viewer who switches language never sees the last one's."""
    return cached(f"{name}:{language()}", compute, key=lambda case: case)


def get_recommendation():
    """The case's recommendation (:func:`crm_case.recommend`), with the chance from the session's Monte Carlo run of
    the case (shared with the summary and the risk page), computed once per case figures."""
    from crm_case.recommendation import recommend

    return cached("recommendation", lambda c: recommend(
        c, get_evaluation(), probability_positive=lambda: simulation().probability_positive, scored=get_score,
        delay=get_delay))


def get_delay():
    """The case's cost of delay (:func:`crm_case.delay.analyse_delay`), computed once per case figures and shared
    by the summary, its verdict and the recommendation."""
    from crm_case.delay import analyse_delay

    return cached("delay", lambda c: analyse_delay(c, get_evaluation().projection))


def get_score():
    """The case's weighed advantages and disadvantages (:func:`crm_case.scoring.score`), computed again only when
    its scoring changes."""
    from crm_case.scoring import score

    return cached("score", lambda c: score(c.scoring), key=lambda c: c.scoring)


def simulation(risk_adjusted: bool = True, compute: Callable[[Case, Any], Any] | None = None) -> Any:
    """The session's Monte Carlo run of the case (:func:`crm_case.risk.monte_carlo`), shared by the summary, the
    recommendation, the risk page and the report; recomputed only when its inputs change
    (:func:`simulation_inputs`). ``compute(case, previous)`` replaces the plain call (the risk page's, with a
    progress bar); ``previous`` is the session's last simulation, whose draws the new one reuses
    (:func:`crm_case.risk.draws`: the same figures as drawing afresh)."""
    from crm_case.risk import monte_carlo

    basis = "adjusted" if risk_adjusted else "unadjusted"
    name = f"monte_carlo:{basis}"
    held = st.session_state.get(f"_cached:{name}")
    previous = held[2] if held is not None else None  # lends its draws: the same runs, drawn once (not re-drawn)

    def run(case: Case) -> Any:
        if compute is not None:
            return compute(case, previous)
        return monte_carlo(case, risk_adjusted=risk_adjusted, previous=previous)

    return cached(name, run, key=simulation_inputs)


_UNSEEN = object()


def fingerprint(value: Any) -> Any:
    """What a chart is built from, as a key compared with ``==``: tables and arrays by a digest of their content
    (pandas' row hashes), containers item by item, anything else as itself (a case, a number, a string; an object
    without a value equality compares as itself, so it counts as unchanged only while it is the same object)."""
    import hashlib

    import numpy as np

    if isinstance(value, pd.DataFrame | pd.Series):
        try:
            rows = pd.util.hash_pandas_object(value, index=True).to_numpy()
        except TypeError:  # cells pandas cannot hash (lists): the object itself
            return ("object", id(value), value)
        columns = tuple(map(str, value.columns)) if isinstance(value, pd.DataFrame) else (str(value.name),)
        return ("frame", columns, value.shape, hashlib.blake2b(rows.tobytes(), digest_size=16).digest())
    if isinstance(value, np.ndarray):
        return ("array", value.shape, str(value.dtype),
                hashlib.blake2b(np.ascontiguousarray(value).tobytes(), digest_size=16).digest())
    if isinstance(value, list | tuple):
        return (type(value).__name__, *map(fingerprint, value))
    if isinstance(value, dict):
        return ("dict", *((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    return value


def _captured(build: Callable[[], Any]) -> tuple[Any, ...]:
    """The values a chart-building function reads: its closure's cells, its defaults and the globals its code
    names (a page's variables), functions, classes and modules left out (code, not data)."""

    if isinstance(build, functools.partial):
        return (_captured(build.func), fingerprint(build.args), fingerprint(build.keywords))
    values: list[Any] = [build.__self__] if inspect.ismethod(build) else []
    for cell in getattr(build, "__closure__", None) or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:  # an empty cell
            values.append(_UNSEEN)
    values.extend(getattr(build, "__defaults__", None) or ())
    values.extend((getattr(build, "__kwdefaults__", None) or {}).values())
    code, scope = getattr(build, "__code__", None), getattr(build, "__globals__", {})
    for name in code.co_names if code else ():
        value = scope.get(name, _UNSEEN)
        if value is not _UNSEEN and not (inspect.ismodule(value) or inspect.isroutine(value)
                                         or inspect.isclass(value)):
            values.append((name, value))
    return tuple(values)


def show_chart(name: str, build: Callable[[], Any], *, inputs: Any = _UNSEEN, container: Any = None) -> None:
    """Draw the Altair chart ``build()`` returns, full width, through the one chart cache: its Vega-Lite spec is
    built again only when what it shows changes: ``inputs`` when given (the data and settings the chart is drawn
    from), else every value ``build`` reads (its closure, defaults and the page's variables it names, see
    :func:`fingerprint`), and the viewer's language; a rerun of the same case object in the same language draws
    the last spec without looking (``name`` must then say what else the chart depends on, e.g. a view toggle, as
    before). One spec per ``name`` is kept, in this session only. Altair's
    object building costs tens of milliseconds per chart, so a change that leaves a chart as it was (a rename, a
    seed for the tornado, the discount rate for undiscounted totals) redraws from the stored spec. The charts are
    validated in tests/unit/test_charts.py."""
    slot, case, words = f"_chart:{name}", get_case(), language()
    held = st.session_state.get(slot)
    if held is None or held[0] is not case or held[1][0] != words:  # the same case and language: as drawn last
        key = (words, fingerprint(_captured(build) if inputs is _UNSEEN else inputs))
        spec = held[2] if held is not None and _same(held[1], key) else _drawable(build())
        held = st.session_state[slot] = (case, key, spec)
    (container or st).vega_lite_chart(held[2], width="stretch")


def _drawable(chart: Any) -> dict[str, Any]:
    """The spec of a chart just built, as it is kept and drawn: its tables (``datasets``) already as the Arrow
    bytes Streamlit sends (its own conversion, done here once rather than on every rerun that draws the kept spec;
    Streamlit passes bytes through as they are). A :class:`ui.charts.Spec` gives its dict itself, without the
    copy ``to_dict`` makes: nobody else holds a chart just built, and Streamlit copies the spec before changing it
    (``_prepare_vega_lite_spec``)."""
    from streamlit import dataframe_util

    from ui.charts import Spec

    spec = dict(chart.spec) if isinstance(chart, Spec) else chart.to_dict(validate=False)
    if isinstance(spec.get("datasets"), dict):
        spec["datasets"] = {name: rows if isinstance(rows, bytes) or not isinstance(rows, list)
                            else _arrow_bytes(rows, dataframe_util)
                            for name, rows in spec["datasets"].items()}
    return spec


def _arrow_bytes(rows: list[dict[str, Any]], dataframe_util: Any) -> bytes:
    """A chart's table (its rows as Altair writes them) as the Arrow bytes Streamlit sends: straight from the rows
    (``pyarrow.Table.from_pylist``, a tenth of the time of Streamlit's way through a pandas frame), the same columns
    and values: a missing number is null either way (pandas' NaN becomes null in Arrow). Rows Arrow cannot take as
    they are (a column of numbers and text) go Streamlit's way."""
    import pyarrow as pa

    if rows and rows[0]:
        try:
            return dataframe_util.convert_arrow_table_to_arrow_bytes(pa.Table.from_pylist(rows))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return dataframe_util.convert_anything_to_arrow_bytes(rows)


def start_case(case: Case, *, fresh: bool = False) -> None:
    """Start ``case`` (a blank case or the sample) as a new case of this session: the library case the session
    had stays as it was saved, and ``case`` becomes a library case of its own at its first change (``fresh``: as
    soon as the library can be written, for a case the user chose while saving was off)."""
    library.start(case, fresh=fresh)  # the library's record first, then the session's case (ui.library._show)


def field_key(path: str) -> str:
    """The catalog suffix of a field path: list indices dropped, shared driver fields generalised."""
    general = re.sub(r"\.\d+", "", path)
    last = general.rsplit(".", 1)[-1]
    if general.startswith("drivers.") and last in {"enabled", "risk_adjustment"}:
        return last
    return general


def label_of(path: str) -> str:
    return t(f"field.{field_key(path)}")


def help_of(path: str) -> str | None:
    key = f"help.{field_key(path)}"
    return t(key) if has(key) else None


def widget_key(path: str) -> str:
    """The key of the widget bound to ``path``: it names the case generation (bumped whenever the whole case is
    replaced, e.g. by loading another version), so a value the browser sent for the widget as it was drawn before
    the replacement reaches a widget that no longer exists, and is never saved over the loaded case."""
    return f"{_WIDGET}{generation()}:{path}"


def _commit(path: str, key: str, from_widget: Callable[[Any], Any], drawn_for: int, label: str) -> None:
    """A bound widget's change: the case takes it, or it is refused under the widget, named by the widget's own
    ``label`` (a field drawn under a label of the page's, e.g. "Monte Carlo runs", has no catalog label)."""
    if drawn_for != generation():
        return  # a value for a widget drawn before the case was replaced (a rerun the browser queued meanwhile)
    try:
        new = with_values(get_case(), {path: from_widget(st.session_state[key])})
    except CrmCaseError as error:
        st.session_state[_ERROR + path] = t("binding.refused", label=label,
                                            message=literal(_what(error.problems, path)))
    else:
        set_case(new)
        st.session_state.pop(_ERROR + path, None)
        st.session_state[_OWN_EDIT + key] = True


def _means(held: Any, wanted: Any, from_widget: Callable[[Any], Any]) -> bool:
    """Whether a widget holding ``held`` means the case's value ``wanted`` (in the widget's unit): the same, or the
    same once read (``50118`` typed for ``50,118``)."""
    if held == wanted:
        return True
    try:
        return from_widget(held) == from_widget(wanted)
    except (CrmCaseError, TypeError, ValueError):
        return False


def bind(
    widget: Callable[..., Any],
    path: str,
    *,
    to_widget: Callable[[Any], Any] = lambda v: v,
    from_widget: Callable[[Any], Any] = lambda v: v,
    container: Any = None,
    label: str | None = None,
    **options: Any,
) -> None:
    """Draw ``widget`` (e.g. ``st.number_input``) editing the case field at ``path``.

    ``to_widget``/``from_widget`` convert between the case's unit and the widget's (fractions <-> %).
    Label and help come from the catalog unless given. A value the case allows but the widget's usual range does
    not (a 55 % discount rate from a workbook, say) widens the range to include it rather than break the page.

    The case's value is sent to the widget on every run but one: the run of the widget's own edit, when what the
    widget holds means the case's value (:func:`_means`; ``50118`` typed for ``50,118``). A value sent to the
    browser replaces whatever the browser holds when it arrives, which may be a newer edit typed while this run was
    on its way; the next rerun the browser sends (the save status's timer, say) then carried the older value back
    and the newer edit was lost. The next run that is not this widget's edit writes it the case's way. Every other
    run sends it: the browser does not always keep a widget's value (a widget drawn again without one takes its
    default, which the next rerun sends back as an edit: the Projections page's name, currency and horizon were
    reset so after the "New case" popover opened, when only changed values were sent).
    """
    key = widget_key(path)
    value = to_widget(value_at(get_case(), path))
    own_edit = st.session_state.pop(_OWN_EDIT + key, False)
    if not (own_edit and key in st.session_state and _means(st.session_state[key], value, from_widget)):
        st.session_state[key] = value
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = options.get("min_value"), options.get("max_value")
        if low is not None and value < low:
            options["min_value"] = math.floor(value) if isinstance(low, int) else float(value)
        if high is not None and value > high:
            options["max_value"] = math.ceil(value) if isinstance(high, int) else float(value)
    if library.read_only():  # team mode, a case shared for viewing: nothing to change (the library refuses it too)
        options["disabled"] = True
    target = container or st
    label = label or label_of(path)
    getattr(target, widget.__name__)(
        label,
        key=key,
        on_change=_commit,
        args=(path, key, from_widget, generation(), label),
        help=options.pop("help", help_of(path)),
        **options,
    )
    if message := st.session_state.get(_ERROR + path):
        target.error(message, icon=":material/block:")


def _pct_out(value: float | None) -> float | None:
    return None if value is None else from_percent(value)


def percent_input(path: str, *, container: Any = None, slider: bool = False, max_pct: float = 100.0,
                  step: float = 0.5) -> None:
    """A fraction of the case edited as a percentage (number input, or a slider)."""
    if slider:
        bind(st.slider, path, to_widget=to_percent, from_widget=_pct_out, container=container,
             min_value=0.0, max_value=float(max_pct), step=float(step), format="%.1f %%")
    else:
        bind(st.number_input, path, to_widget=to_percent, from_widget=_pct_out, container=container,
             min_value=0.0, max_value=float(max_pct), step=float(step), format="%.1f")


def number_input(path: str, *, container: Any = None, step: float = 1.0, fmt: str = "%.0f",
                 integer: bool = False, unit: str | None = None, **options: Any) -> None:
    """A number of the case edited in an input, never below 0; ``unit`` (e.g. the currency symbol) is added to
    the label. An ``integer`` (months: small, bounded) is a number input with +/- buttons (``step``); any other
    number (money, a count) is an :func:`amount_input`, which shows its thousands separators (``step`` and
    ``fmt`` are then unused: the text shows up to two decimals, none when whole)."""
    if unit:
        options["label"] = f"{label_of(path)} ({unit})"
    if integer:
        bind(st.number_input, path, container=container, min_value=0, step=int(step), **options)
    else:
        options.pop("min_value", None)
        options.pop("max_value", None)
        amount_input(path, container=container, **options)


def amount_input(path: str, *, container: Any = None, **options: Any) -> None:
    """A money amount or count of the case in a text input that shows it as the viewer's language writes numbers
    (``1,250,000`` / ``1.250.000`` / ``1 250 000``: :func:`ui.format.number_text`) and reads what the user types
    with the Excel import's validated parser (:func:`ui.format.read_number`: the language's format, an
    ambiguous ``5.000`` refused with both readings, never guessed). A refused text leaves the case as it was: the
    message is shown under the input, which shows the last valid value again (:func:`bind`). Streamlit's number
    input cannot group thousands (its display is sprintf-js, which has no grouping flag), hence a text input;
    it has no +/- buttons (a step of 1 or 100 on an amount of 400,000 was of little use)."""
    bind(st.text_input, path, container=container, to_widget=number_text, from_widget=read_number, **options)


# --------------------------------------------------------------------------- line-item tables
def apply_editor_state(rows: list[dict[str, Any]], state: dict[str, Any],
                       new_row: Callable[[int], dict[str, Any]]) -> list[tuple[int | None, dict[str, Any]]]:
    """Apply ``st.data_editor``'s edits (``edited_rows``, ``deleted_rows``, ``added_rows``, indices of the rows
    as drawn) to ``rows``. Returns ``(original index, row)`` pairs, the index ``None`` for added rows, which
    start from ``new_row(n)`` (n = their 1-based position in the result) and take the cells the user typed."""
    rows = [dict(row) for row in rows]
    for index, changes in state.get("edited_rows", {}).items():
        rows[int(index)].update(changes)
    deleted = {int(i) for i in state.get("deleted_rows", [])}
    out: list[tuple[int | None, dict[str, Any]]] = [(i, row) for i, row in enumerate(rows) if i not in deleted]
    for added in state.get("added_rows", []):
        out.append((None, new_row(len(out) + 1) | {k: v for k, v in added.items() if v is not None}))
    return out


def editor_version(section: str) -> str:
    """The key suffix of a table editor: changed on every commit of ``section`` and whenever the whole case is
    replaced (and from one session to the next), so the editor is redrawn from the case."""
    return f"{generation()}.{st.session_state.get(_VERSION + section, 0)}"


Rows = list[tuple[int | None, dict[str, Any]]]


def _plain(rows: Any) -> list[dict[str, Any]]:
    """Rows as compared by :func:`table_editor`: cells without a value left out (the browser sends no cell, or a
    null, for an empty one; the case's rows say None)."""
    return [{k: v for k, v in row.items() if v is not None and not (isinstance(v, float) and math.isnan(v))}
            for row in rows]


def _shows(shown: Rows, rows: list[dict[str, Any]], blanks: dict[str, Any] | None) -> bool:
    """Whether an editor showing ``shown`` shows the case's ``rows``: the same cells (:func:`_plain`), an empty
    cell of a ``blanks`` column standing for its value."""
    seen, held = _plain(row for _, row in shown), _plain(rows)
    if blanks:
        seen, held = [blanks | row for row in seen], [blanks | row for row in held]
    return seen == held


def table_editor(section: str, name: str, rows: list[dict[str, Any]], columns: list[str], *,
                 new_row: Callable[[int], dict[str, Any]], on_rows: Callable[[Rows, Rows], Any],
                 blanks: dict[str, Any] | None = None, **options: Any) -> None:
    """A ``st.data_editor`` of the case's list at ``section``, drawn from ``rows`` (the case's items as the
    table's rows, ``columns`` their keys in order), that keeps every cell the user types, however fast.

    The browser's editor holds the user's edits as changes (``edited_rows``, ``added_rows``, ``deleted_rows``)
    to the frame it was first drawn with, and sends all of them, cumulated, at every cell it commits. So the
    table keeps its key and its first frame (the *base*) for as long as the case holds exactly what it shows,
    and every change is applied to the base, never to the case: the same changes sent twice give the same list
    (an added row applied to a case that already held it was the duplicated row), and the editor is never
    replaced under the user's fingers (cells typed into an editor that a commit had just replaced were lost).
    It is redrawn from the case (a new key) when the case differs from what it shows: a change refused, a value
    the case stores otherwise (a default name), or a change from anywhere else (another widget, an upload, a
    version loaded).

    ``on_rows(rows, before)`` gets the edited rows as :func:`apply_editor_state` returns them (original index,
    row) and the rows as last committed (the same form), and commits them, normally with
    ``commit_items(..., redraw=False)``; it returns whether the case took them.

    ``blanks`` says what an empty cell of a column stands for when the case stores it so (``{"initial": 0.0}``:
    a blank amount is 0): a row typed with such cells left empty is what the case holds, and is not redrawn."""
    held = st.session_state.get(_TABLE + section)
    key = f"editor:{name}:{editor_version(section)}"
    if held is not None and held["key"] == key:
        shown = apply_editor_state(held["base"], st.session_state.get(key) or {}, lambda _n: {})
        if not _shows(shown, rows, blanks):
            st.session_state[_VERSION + section] = st.session_state.get(_VERSION + section, 0) + 1
            key = f"editor:{name}:{editor_version(section)}"
            held = None
    if held is None or held["key"] != key:
        base = [dict(row) for row in rows]
        held = st.session_state[_TABLE + section] = {"key": key, "base": base, "last": list(enumerate(base))}
    if library.read_only():  # a viewer's table: no cell to type into, no row to add
        options["disabled"] = True
        options["num_rows"] = "fixed"
    frame = pd.DataFrame(held["base"], columns=columns)
    st.data_editor(frame, key=key, on_change=_table_edit, args=(section, key, new_row, on_rows), **options)


def _table_edit(section: str, key: str, new_row: Callable[[int], dict[str, Any]],
                on_rows: Callable[[Rows, Rows], Any]) -> None:
    held = st.session_state.get(_TABLE + section)
    if held is None or held["key"] != key:
        return  # an editor already replaced: its base is gone, and what it sends would land on the wrong rows
    rows = apply_editor_state(held["base"], st.session_state[key], new_row)
    if on_rows(rows, held["last"]):
        held["last"] = rows


def editor_error(section: str) -> str | None:
    return st.session_state.get(_ERROR + section)


def _what(problems: list[str], path: str) -> str:
    """What is wrong with the one field ``path``, in the viewer's language, without naming the field again (the
    message sits under its widget); every problem, each with its place, when there are others."""
    if len(problems) == 1 and _place(problems[0]) == path:
        return localized(problems[0].values["what"])
    if len(problems) == 1:  # a message already in the viewer's language (ui.format.read_number) or one Message
        return localized(problems[0])
    return localized(problems)


def _place(problem: str) -> str | None:
    """The field path a validation problem of the engine names (``costs[2].initial``), if it is one."""
    if isinstance(problem, Message) and problem.key == "engine.validation.problem":
        return str(problem.values["where"])
    return None


def _row_problem(section: str, problem: str, columns: dict[str, str]) -> str:
    where = _place(problem)
    match = re.match(rf"^{re.escape(section)}\[(\d+)\]\.(\w+)(?:\[(\d+)\])?$", where) if where else None
    if not match:
        return localized(problem)
    row, field, year = match.groups()
    message = localized(problem.values["what"])
    column = t("table.year", n=int(year) + 1) if field == "per_year" and year is not None else columns.get(field, field)
    return t("table.error", row=int(row) + 1, column=column, message=message)


def commit_items(section: str, items: list[dict[str, Any]], columns: dict[str, str],
                 also: dict[str, Any] | None = None, *, redraw: bool = True) -> bool:
    """Replace the case's list at dotted ``section`` ("costs", "scoring.criteria"...) by ``items``; refused as
    a whole with every problem named by row and column when any item breaks a rule. Bumps the editor
    version so the table is redrawn from the case either way, unless ``redraw`` is false (a
    :func:`table_editor`, which redraws only when the case no longer holds what it shows). ``also`` sets other
    dotted paths in the same commit (e.g. votes that follow renamed criteria)."""
    if redraw:
        st.session_state[_VERSION + section] = st.session_state.get(_VERSION + section, 0) + 1
    try:
        new = with_values(get_case(), {section: items, **(also or {})})
    except CrmCaseError as error:
        st.session_state[_ERROR + section] = "\n\n".join(_row_problem(section, p, columns) for p in error.problems)
        return False
    set_case(new)
    st.session_state.pop(_ERROR + section, None)
    return True


def view_toggle(name: str, label: str, *, default: bool = True, help: str | None = None) -> bool:
    """A display option (not part of the case) that survives page switches, like the case does."""
    store, key = f"view:{name}", f"view-widget:{name}"
    st.session_state[key] = st.session_state.get(store, default)

    def _keep() -> None:
        st.session_state[store] = st.session_state[key]

    return st.toggle(label, key=key, on_change=_keep, help=help)


def show_message(key: str) -> None:
    """Show, once, the message an action left under ``key`` for the next run as ``("success" | "error", text)``
    (text already escaped where it holds user text), then forget it."""
    if message := st.session_state.pop(key, None):
        (st.success if message[0] == "success" else st.error)(message[1])


_COLLECTED = {"at": 0.0}
COLLECT_SECONDS = 30.0


def collect_garbage(*, every: float = COLLECT_SECONDS, now: Callable[[], float] | None = None) -> bool:
    """A full garbage collection and glibc's ``malloc_trim(0)``, at most once every ``every`` seconds per process;
    whether it ran. Meant for the end of a run with Streamlit's own collection after every run turned off
    (``runner.postScriptGC = false``): that one costs about 100 ms of CPU per change once several sessions' objects
    are in memory (bench/server.py), while the memory of closed sessions is still returned within ``every``
    seconds. ``malloc_trim`` gives the heap pages freed by the collection back to the system (glibc keeps them
    otherwise, so the process's resident size would stay at its peak); it is skipped where there is no glibc.
    The timestamp is the process's (not a user's data)."""
    import gc
    import time

    moment = (now or time.monotonic)()
    if moment - _COLLECTED["at"] < every:
        return False
    _COLLECTED["at"] = moment
    gc.collect()
    _trim()
    return True


def _trim() -> None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        pass
