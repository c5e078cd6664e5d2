"""Hidden costs (crm_case.costs): which of the seeds' often-forgotten costs a case lacks, judged by its line names,
and the empty line that adds one."""

import pytest

from crm_case import sample_case, with_values
from crm_case.costs import HIDDEN_COSTS, costs_with_hidden, missing_hidden_costs
from crm_case.start import blank_case


def with_cost_names(*names):
    return with_values(blank_case(), {"costs": [{"category": "IT", "name": n} for n in names]})


def test_a_case_without_costs_lacks_them_all_in_order():
    assert missing_hidden_costs(blank_case()) == HIDDEN_COSTS


def test_the_sample_counts_them_all():
    assert missing_hidden_costs(sample_case()) == ()  # training, change, knowledge, internal, migration lines


@pytest.mark.parametrize("name, found", [
    ("Training (initial and new joiners)", "training"), ("CHANGE management", "change_management"),
    ("Knowledge base", "knowledge_transfer"), ("Internal project team time", "internal_time"),
    ("Staff time for testing", "internal_time"), ("Sales team time", "internal_time"),
    ("Data migration", "data_migration"), ("Migrating the old system", "data_migration"),
])
def test_a_line_name_counts_a_hidden_cost(name, found):
    missing = missing_hidden_costs(with_cost_names(name))
    assert found not in missing and len(missing) == len(HIDDEN_COSTS) - 1


def test_an_added_hidden_cost_is_an_empty_line_in_its_category():
    case = with_cost_names("Licences")
    lines = costs_with_hidden(case, "training", "Training")
    assert lines[0]["name"] == "Licences"
    assert (lines[1]["category"], lines[1]["name"], lines[1]["initial"], lines[1]["per_year"]) == \
        ("People", "Training", 0.0, ())
    assert "training" not in missing_hidden_costs(with_values(case, {"costs": lines}))
