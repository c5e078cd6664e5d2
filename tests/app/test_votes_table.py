"""The votes table's editor keeps its settings while votes are typed: Streamlit makes a dynamic editor's element id
from all its arguments, column settings included, so settings that followed the rows (a column as wide as the
longest name typed) gave the editor a new id after a commit, and the browser replaced it under the user's fingers
(issue 19: cells typed meanwhile were lost). Typed cell by cell into a new row, as the browser sends it, the votes
editor keeps its id at every commit."""

from __future__ import annotations

import json

from streamlit.proto.WidgetStates_pb2 import WidgetState

from crm_case import Participant, sample_case, with_values
from tests.app.test_app import open_app
from ui.scoring import PARTICIPANT_WIDTH


def _votes(at):
    return next(e for e in at.data_editor if e.key and e.key.startswith("editor:votes:"))


def test_votes_columns_do_not_follow_the_votes():
    at = open_app("pages/advantages_vs_disadvantages.py")
    before = json.loads(_votes(at).proto.columns)
    assert before["participant"]["width"] == PARTICIPANT_WIDTH
    case = at.session_state["case"]
    criteria = [c.name for c in case.scoring.criteria]
    longer = Participant(name="Maria Fernández-López de la Fuente y Santos",
                         scores={name: 9.5 if i % 2 else 10.0 for i, name in enumerate(criteria)})
    at.session_state["case"] = with_values(case, {"scoring.participants": [*case.scoring.participants, longer]})
    at.run()
    assert not at.exception, at.exception
    after = _votes(at)
    assert longer.name in list(after.value["participant"])  # the table shows the new row
    assert json.loads(after.proto.columns) == before  # and the same settings: the same editor for the browser


def test_votes_columns_fit_the_widest_score():
    """Every score column is at least as wide as "10" and "9.5" need (its header may need more)."""
    from ui.format import column_width
    from ui.scoring import WIDEST_SCORES

    at = open_app("pages/advantages_vs_disadvantages.py")
    configs = json.loads(_votes(at).proto.columns)
    need = column_width(WIDEST_SCORES, "", minimum=80, maximum=130)
    assert all(configs[f"c{i}"]["width"] >= need for i in range(len(sample_case().scoring.criteria))), configs


def _send(at, editor, state: dict) -> None:
    """Run the app as after the browser's message for ``editor``'s edits ``state`` (``edited_rows``,
    ``added_rows``, ``deleted_rows``, cumulated, as JSON text, the way the browser sends them). AppTest cannot
    type into a data editor (its ``set_value`` is refused), so the widget states of its last run are sent with this
    editor's replaced: AppTest's own ``_run``, private, a Streamlit upgrade that changes it fails here loudly."""
    states = at._tree.get_widget_states()
    kept = [w for w in states.widgets if w.id != editor.id]
    del states.widgets[:]
    states.widgets.extend(kept)
    states.widgets.append(WidgetState(id=editor.id, string_value=json.dumps(state)))
    at._run(states)
    assert not at.exception, at.exception


def test_a_new_row_typed_cell_by_cell_keeps_the_votes_editor():
    """The browser commits the new row at each Tab (the row with the cells typed so far); after every commit the
    case holds them and the votes editor has the same id, so the browser keeps the editor the user is typing in
    (issue 19). The criteria table, which shows the room's means, is drawn anew when a score changes them: that is
    why tests/browser/test_workshop_browser.py finds the votes table by its container, not as the page's second
    grid (Streamlit keeps the replaced criteria table in the page, hidden, while the run draws its successor)."""
    at = open_app("pages/advantages_vs_disadvantages.py")
    first = _votes(at).id
    people = len(sample_case().scoring.participants)
    criteria = [c.name for c in sample_case().scoring.criteria]
    row: dict = {"participant": "Zed"}
    typed = dict(zip([f"c{i}" for i in range(len(criteria))], (7, 3, 8.5, 2), strict=True))
    for column in [None, *typed]:
        if column:
            row[column] = typed[column]
        _send(at, _votes(at), {"edited_rows": {}, "added_rows": [dict(row)], "deleted_rows": []})
        assert _votes(at).id == first, column  # the same editor for the browser
        participants = at.session_state["case"].scoring.participants
        assert [p.name for p in participants].count("Zed") == 1 and len(participants) == people + 1
        zed = participants[-1]
        assert zed.scores == {criteria[int(c[1:])]: float(v) for c, v in row.items() if c != "participant"}
