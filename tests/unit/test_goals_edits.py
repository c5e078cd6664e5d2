"""Edits that keep the goals consistent: a renamed objective keeps its metrics, a renamed metric its actuals, a
removed metric takes its actuals along, a library metric brings its definition, a corrective action is set and
cleared; every change goes through with_values, so a refused one names the rule and leaves the case as it was."""

import pytest

from crm_case import sample_case
from crm_case.errors import CrmCaseError
from crm_case.goals import (
    LIBRARY,
    merge_actuals,
    metric_renames,
    objective_renames,
    rename_metric,
    rename_objective,
    with_action,
    with_library_definition,
)

ACTUALS = [{"metric": "Win rate", "period": "2027-08", "value": 0.225},
           {"metric": "Churn rate", "period": "2027-08", "value": 0.118}]


def with_two_actuals():
    return merge_actuals(sample_case(), ACTUALS)


class TestRenameObjective:
    def test_its_metrics_follow(self):
        case = rename_objective(sample_case(), "Win more deals", "Win bigger deals")
        assert [o.name for o in case.goals.objectives][1] == "Win bigger deals"
        moved = [m.name for m in case.goals.metrics if m.objective == "Win bigger deals"]
        assert moved == ["Win rate", "Average deal size", "Sales cycle length"]
        assert not [m for m in case.goals.metrics if m.objective == "Win more deals"]

    def test_other_objectives_metrics_stay(self):
        before = sample_case()
        after = rename_objective(before, "Win more deals", "Win bigger deals")
        assert [m for m in after.goals.metrics if m.objective != "Win bigger deals"] == \
            [m for m in before.goals.metrics if m.objective != "Win more deals"]

    def test_a_taken_name_is_refused_and_the_case_kept(self):
        case = sample_case()
        with pytest.raises(CrmCaseError, match="each objective needs its own name"):
            rename_objective(case, "Win more deals", "keep customers")
        assert case == sample_case()

    def test_an_unknown_objective_is_refused(self):
        with pytest.raises(CrmCaseError, match="no objective is named 'Nothing'"):
            rename_objective(sample_case(), "Nothing", "Something")

    def test_the_change_for_a_table_edit(self):
        change = objective_renames(sample_case(), {"Keep customers": "Retain"})
        assert list(change) == ["goals.metrics"]
        assert [m["objective"] for m in change["goals.metrics"]][:3] == ["Retain", "Retain", "Win more deals"]


class TestRenameMetric:
    def test_its_actuals_follow(self):
        case = rename_metric(with_two_actuals(), "Win rate", "Share of deals won")
        assert sorted((a.metric, a.period) for a in case.goals.actuals) == [
            ("Churn rate", "2027-08"), ("Share of deals won", "2027-08")]

    def test_a_removed_metric_takes_its_actuals(self):
        case = with_two_actuals()
        kept = {m.name: m.name for m in case.goals.metrics if m.name != "Win rate"}
        change = metric_renames(case, kept)
        assert change == {"goals.actuals": [{"metric": "Churn rate", "period": "2027-08", "value": 0.118}]}

    def test_a_taken_name_is_refused(self):
        with pytest.raises(CrmCaseError, match="each metric needs its own name"):
            rename_metric(sample_case(), "Win rate", "Churn rate")

    def test_an_unknown_metric_is_refused(self):
        with pytest.raises(CrmCaseError, match="no metric is named 'Happiness'"):
            rename_metric(sample_case(), "Happiness", "Joy")


class TestLibraryAndActions:
    def test_a_library_metric_brings_its_definition_and_unit(self):
        spec = next(m for m in LIBRARY if m.name == "Win rate")
        row = with_library_definition({"name": "win rate", "target": 0.3})
        assert row == {"name": "win rate", "target": 0.3, "definition": spec.definition, "unit": "%"}

    def test_a_typed_definition_or_unit_is_kept(self):
        assert with_library_definition({"name": "Win rate", "definition": "ours"})["definition"] == "ours"
        assert with_library_definition({"name": "Win rate", "unit": "share"})["unit"] == "share"
        assert with_library_definition({"name": "Happiness"}) == {"name": "Happiness"}

    def test_an_action_is_set_stripped_and_cleared(self):
        case = with_action(sample_case(), "Win rate", "  coach the reps  ")
        assert case.goals.actions == {"Win rate": "coach the reps"}
        assert with_action(case, "Win rate", " ").goals.actions == {}

    def test_a_long_action_is_refused(self):
        with pytest.raises(CrmCaseError):
            with_action(sample_case(), "Win rate", "x" * 501)
