"""The votes table's editor keeps its settings while votes are typed: Streamlit makes a dynamic editor's element id
from all its arguments, column settings included, so settings that followed the rows (a column as wide as the
longest name typed) gave the editor a new id after a commit, and the browser replaced it under the user's fingers
(issue 19: cells typed meanwhile were lost)."""

from __future__ import annotations

import json

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
