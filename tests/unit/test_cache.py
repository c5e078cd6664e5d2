"""The session's caches (issue 21.5): each analysis is computed again exactly when an input it reads changes (never a
stale figure), a rename recomputes nothing numeric, a new Monte Carlo seed recomputes the simulation only, and a
chart is built again only when what it shows changes. ui.state's Streamlit calls are replaced by a plain dict."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from crm_case import evaluate, sample_case, with_value
from crm_case.risk import apply_values, break_even, monte_carlo, risk_inputs, tornado
from ui import state


@pytest.fixture
def session(monkeypatch):
    """A session: its case (``session.case``), its state (a dict) and the charts drawn (``session.drawn``)."""
    held = SimpleNamespace(case=sample_case(), drawn=[], language="en")
    fake = SimpleNamespace(session_state={}, vega_lite_chart=lambda spec, **_: held.drawn.append(spec))
    monkeypatch.setattr(state, "st", fake)
    monkeypatch.setattr(state, "get_case", lambda: held.case)
    monkeypatch.setattr(state, "language", lambda: held.language)
    return held


def counting(compute):
    calls = []

    def run(case):
        calls.append(case)
        return compute(case)

    return run, calls


def changed(case, path, base):
    """``case`` with the risk input at ``path`` moved off its case value (a whole month up by one)."""
    value = base + 1 if path.rsplit(".", 1)[-1].endswith("months") or path.endswith("go_live") else (
        base * 1.1 if base else 0.05)
    return apply_values(case, {path: value})


# --------------------------------------------------------------------------- keys
def test_a_rename_leaves_every_key_and_no_figure_changes():
    case = sample_case()
    renamed = with_value(case, "assumptions.name", "Board case (renamed)")
    for key in (state.numbers_of, state.simulation_inputs, state.deterministic_inputs):
        assert key(renamed) == key(case)
    assert evaluate(renamed).adjusted == evaluate(case).adjusted  # hence nothing to recompute


@pytest.mark.parametrize("path", [i.path for i in risk_inputs(sample_case())])
def test_every_risk_input_changes_every_analysis_key(path):
    """No stale analysis: moving any input the tornado, break-even, scenarios and the simulation read changes the
    key each is cached under."""
    case = sample_case()
    base = {i.path: i.base for i in risk_inputs(case)}[path]
    other = changed(case, path, base)
    for key in (state.numbers_of, state.simulation_inputs, state.deterministic_inputs):
        assert key(other) != key(case), path


def test_a_new_seed_or_run_count_changes_the_simulations_key_only():
    case = sample_case()
    for path, value in (("risk.seed", 8), ("risk.runs", 2_000)):
        other = with_value(case, path, value)
        assert state.deterministic_inputs(other) == state.deterministic_inputs(case)
        assert state.simulation_inputs(other) != state.simulation_inputs(case)


def test_a_pilot_leaves_the_simulation_and_the_deterministic_analyses():
    from crm_case.voi import Pilot

    case = sample_case()
    piloted = with_value(case, "risk.pilot", Pilot(cost=15_000, months=3, users=20,
                                                    reveals=("rollout.peak_adoption",)).model_dump(mode="json"))
    assert state.simulation_inputs(piloted) == state.simulation_inputs(case)
    assert state.deterministic_inputs(piloted) == state.deterministic_inputs(case)
    assert state.numbers_of(piloted) != state.numbers_of(case)  # the pilot's paths are keyed by it


# --------------------------------------------------------------------------- cached()
def test_cached_recomputes_when_an_input_changes_and_not_on_a_rename(session):
    run, calls = counting(lambda c: tornado(c))
    first = state.cached("tornado", run, key=state.deterministic_inputs)
    session.case = with_value(session.case, "assumptions.name", "Renamed")
    assert state.cached("tornado", run, key=state.deterministic_inputs) is first
    session.case = with_value(session.case, "risk.seed", 99)
    assert state.cached("tornado", run, key=state.deterministic_inputs) is first
    assert len(calls) == 1
    session.case = with_value(session.case, "assumptions.discount_rate", 0.15)
    again = state.cached("tornado", run, key=state.deterministic_inputs)
    assert len(calls) == 2
    pd.testing.assert_frame_equal(again, tornado(session.case))  # the new case's, not the old one's
    assert not again["npv_low"].equals(first["npv_low"])


def test_the_simulation_follows_its_seed_and_is_shared(session):
    session.case = with_value(session.case, "risk.runs", 500)
    first = state.simulation()
    assert state.simulation() is first
    session.case = with_value(session.case, "risk.seed", 8)
    second = state.simulation()
    assert second is not first
    np.testing.assert_array_equal(second.runs.npv, monte_carlo(session.case).runs.npv)


def test_break_even_through_the_cache_is_the_cases(session):
    session.case = with_value(session.case, "assumptions.discount_rate", 0.2)
    shown = state.cached("break_even", break_even, key=state.deterministic_inputs)
    pd.testing.assert_frame_equal(shown, break_even(session.case))


def test_one_result_per_name_is_kept(session):
    for rate in (0.08, 0.09, 0.10, 0.11):
        session.case = with_value(session.case, "assumptions.discount_rate", rate)
        state.cached("evaluation", evaluate)
    assert [k for k in session_keys(session) if k.startswith("_cached:")] == ["_cached:evaluation"]


def changed_elsewhere(session):
    """A change of the case that this chart does not show: a new case object (a rename)."""
    session.case = with_value(session.case, "assumptions.name", f"{session.case.assumptions.name}.")


def test_a_rerun_of_the_same_case_draws_the_last_spec_without_looking(session):
    built = []
    for _ in range(2):
        state.show_chart("same", lambda: built.append(1) or _titled_bars(pd.DataFrame({"a": [1.0]}), "A"))
    assert len(built) == 1


def session_keys(session):
    return list(state.st.session_state)


# --------------------------------------------------------------------------- show_chart()
def test_a_chart_is_built_once_per_change_of_what_it_shows(session):
    import altair as alt

    built = []

    def chart(frame):
        built.append(1)
        return alt.Chart(frame).mark_bar().encode(x="a:Q")

    frame = pd.DataFrame({"a": [1.0, 2.0]})
    state.show_chart("t", lambda: chart(frame), inputs=frame)
    changed_elsewhere(session)
    state.show_chart("t", lambda: chart(frame), inputs=frame.copy())  # same content, another object
    assert len(built) == 1 and len(session.drawn) == 2
    changed_elsewhere(session)
    frame = pd.DataFrame({"a": [1.0, 3.0]})
    state.show_chart("t", lambda: chart(frame), inputs=frame)
    assert len(built) == 2
    assert session.drawn[-1]["datasets"] != session.drawn[0]["datasets"]
    session.language = "es"  # the words of a chart are the viewer's
    state.show_chart("t", lambda: chart(frame), inputs=frame)
    assert len(built) == 3


BUILT = []


def _titled_bars(frame, title):
    import altair as alt

    BUILT.append(title)
    return alt.Chart(frame).mark_bar().encode(x=alt.X("a:Q", title=title))


def test_without_inputs_a_chart_is_keyed_by_what_its_function_reads(session):
    def draw(frame, title):
        changed_elsewhere(session)
        state.show_chart("c", lambda: _titled_bars(frame, title))  # reads frame and title from its closure

    BUILT.clear()
    draw(pd.DataFrame({"a": [1.0]}), "A")
    draw(pd.DataFrame({"a": [1.0]}), "A")
    assert BUILT == ["A"]
    draw(pd.DataFrame({"a": [2.0]}), "A")
    draw(pd.DataFrame({"a": [2.0]}), "B")
    assert BUILT == ["A", "A", "B"]


def test_fingerprints_compare_content():
    a = pd.DataFrame({"x": [1.0, 2.0], "y": ["p", "q"]})
    assert state.fingerprint(a) == state.fingerprint(a.copy())
    assert state.fingerprint(a) != state.fingerprint(a.assign(x=[1.0, 2.5]))
    assert state.fingerprint(a) != state.fingerprint(a.rename(columns={"y": "z"}))
    assert state.fingerprint(np.arange(3.0)) == state.fingerprint(np.arange(3.0))
    assert state.fingerprint(np.arange(3.0)) != state.fingerprint(np.arange(4.0))
    assert state.fingerprint({"k": a}) == state.fingerprint({"k": a.copy()})


def test_garbage_is_collected_at_most_once_every_thirty_seconds():
    clock = iter([1_000.0, 1_010.0, 1_031.0])
    state._COLLECTED["at"] = 0.0
    assert [state.collect_garbage(now=lambda: next(clock)) for _ in range(3)] == [True, False, True]
