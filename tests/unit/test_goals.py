"""Objectives -> strategies -> metrics: the path and the status rules in both
directions and at their boundaries, the re-forecast by hand, the actuals file and its messages."""

import datetime as dt

import pandas as pd
import pytest

from crm_case import evaluate, sample_case
from crm_case.errors import CrmCaseError
from crm_case.goals import (
    AT_RISK,
    OFF_TRACK,
    actuals_template,
    example_actuals,
    expected_value,
    go_live,
    history,
    merge_actuals,
    parse_actuals,
    parse_period,
    progress,
    reforecast,
    scorecard,
    status_of,
    yearly_benefit,
)
from crm_case.model import Metric, case_from_dict


def with_actuals(*actuals, case=None):
    case = case or sample_case()
    data = case.model_dump(mode="json")
    data["goals"]["actuals"] = [{"metric": m, "period": p, "value": v} for m, p, v in actuals]
    return case_from_dict(data)


class TestPathAndStatus:
    METRIC = Metric(name="m", objective="o", strategy="s", direction="lower", baseline=0.12, target=0.10)

    def test_path_from_go_live_to_the_deadline(self):
        start, deadline = dt.date(2027, 7, 1), dt.date(2028, 7, 1)
        assert expected_value(self.METRIC, deadline, start, dt.date(2027, 3, 31)) == 0.12  # before go-live
        assert expected_value(self.METRIC, deadline, start, dt.date(2028, 1, 1)) == pytest.approx(
            0.12 - 0.02 * 184 / 366)  # by days
        assert expected_value(self.METRIC, deadline, start, dt.date(2029, 1, 1)) == 0.10  # after the deadline

    def test_progress_is_direction_aware(self):
        assert progress(self.METRIC, 0.11) == pytest.approx(0.5)  # churn fell half-way
        assert progress(self.METRIC, 0.13) == pytest.approx(-0.5)  # churn rose
        up = Metric(name="m", objective="o", strategy="s", direction="higher", baseline=22, target=35)
        assert progress(up, 28.5) == pytest.approx(0.5)

    @pytest.mark.parametrize("gap, status", [(0.3, "on_track"), (0.0, "on_track"), (AT_RISK, "on_track"),
                                             (AT_RISK - 0.001, "at_risk"), (OFF_TRACK, "at_risk"),
                                             (OFF_TRACK - 0.001, "off_track"), (-1.0, "off_track")])
    def test_status_boundaries(self, gap, status):
        assert status_of(gap) == status

    @pytest.mark.parametrize("name, value, status", [
        # sample: go-live 2027-07-01, churn 12 % -> 10 % by 2028-12-31; at the end of 2028-03 (274 of 549 days)
        # the path is at 11.00 %
        ("Churn rate", 0.1091, "on_track"), ("Churn rate", 0.1140, "at_risk"), ("Churn rate", 0.1180, "off_track"),
        # win rate 22 % -> 24 % by 2028-06-30; at the end of 2028-03 the path is at 23.50 %
        ("Win rate", 0.2350, "on_track"), ("Win rate", 0.2310, "at_risk"), ("Win rate", 0.2250, "off_track"),
    ])
    def test_status_in_both_directions(self, name, value, status):
        card = scorecard(with_actuals((name, "2028-03", value))).set_index("metric")
        assert card.loc[name, "status"] == status
        assert pd.isna(card.loc["Net Promoter Score", "status"])  # no actuals, no status

    def test_direction_and_target_are_checked(self):
        with pytest.raises(ValueError,
                           match=r"target\n.*0\.14 is above the baseline 0\.12 but the direction says lower"):
            Metric(name="m", objective="o", strategy="s", direction="lower", baseline=0.12, target=0.14)
        with pytest.raises(ValueError, match=r"target\n.*must differ from the baseline"):
            Metric(name="m", objective="o", strategy="s", direction="higher", baseline=1, target=1)
        with pytest.raises(ValueError, match="direction"):
            Metric(name="m", objective="o", strategy="s", baseline=1, target=2)

    def test_unknown_objective_and_actual_metric_are_refused(self):
        data = sample_case().model_dump(mode="json")
        data["goals"]["metrics"][0]["objective"] = "Nope"
        data["goals"]["actuals"] = [{"metric": "Ghost", "period": "2028-01", "value": 1}]
        with pytest.raises(CrmCaseError, match=r"belongs to an unknown objective 'Nope'.*unknown metric 'Ghost'"):
            case_from_dict(data)


class TestMoney:
    def test_objectives_carry_the_drivers_money(self):
        case = sample_case()
        values = {o.name: yearly_benefit(case, o)[0] for o in case.goals.objectives}
        # hand, from the sample's drivers (crm_case/sample.py) and their formulas (crm_case/drivers.py):
        # retention: 2,000 customers x (12 % - 10 %) x 6,000 = 240,000
        # win rate: 1,200 opportunities x 30 % x (24 % x 25,000 x 1.03 - 22 % x 25,000) = 360 x 680 = 244,800
        # service: (30,000 x 10 % + 27,000 x 5 %) x 18 = 78,300; acquisition: 250 x 3,000 x 10 % = 75,000
        assert values == {"Keep customers": pytest.approx(240_000), "Win more deals": pytest.approx(244_800),
                          "Cheaper service": pytest.approx(78_300), "Cheaper acquisition": pytest.approx(75_000)}
        assert "churn" in yearly_benefit(case, case.goals.objectives[0])[1]

    def test_reforecast_by_hand(self):
        """Win rate measured at 23.1 % at the end of 2028-03 while the path says 23.5 % (progress 0.55 of 0.75):
        realisation 0.7333, so win_rate_after = 22 % + (24 % - 22 %) x 0.7333 = 23.47 %."""
        case = with_actuals(("Win rate", "2028-03", 0.231))
        card = scorecard(case).set_index("metric").loc["Win rate"]
        assert card["expected"] == pytest.approx(0.22 + 0.02 * (274 / 365))
        new, table = reforecast(case)
        realisation = 0.55 / (274 / 365)
        assert table.set_index("metric").loc["Win rate", "realisation"] == pytest.approx(realisation)
        assert new.drivers.win_rate.win_rate_after == pytest.approx(0.22 + 0.02 * realisation)
        assert new.drivers.retention == case.drivers.retention  # untracked inputs stay as planned
        assert evaluate(new).adjusted.npv < evaluate(case).adjusted.npv

    def test_no_reforecast_before_go_live(self):
        case = with_actuals(("Win rate", "2027-05", 0.20))
        assert go_live(case) == dt.date(2027, 7, 1)
        new, table = reforecast(case)
        assert table.empty and new == case


class TestActualsFile:
    NAMES = ("Churn rate", "Win rate")

    def test_periods(self):
        assert [parse_period(v) for v in ("2027-03", "2027-3", "2027/03", "Mar 2027", "March 2027", "2027-Q1",
                                          dt.date(2027, 3, 9), "2027-13", "soon")] == \
            ["2027-03"] * 7 + [None, None]

    def test_rows_and_messages(self):
        good = parse_actuals([["Metric", "Period", "Value"], ["churn rate", "2028-01", "11 %"],
                              ["Win rate", "2028-Q1", 0.23]], "a.csv", self.NAMES)
        assert good == [{"metric": "Churn rate", "period": "2028-01", "value": pytest.approx(0.11)},
                        {"metric": "Win rate", "period": "2028-03", "value": 0.23}]
        with pytest.raises(CrmCaseError) as caught:
            parse_actuals([["Metric", "Period", "Value"], ["Happiness", "2028-01", 1], ["Win rate", "whenever", 1],
                           ["Win rate", "2028-02", "high"], ["Win rate", "2028-03", 1], ["Win rate", "2028-03", 2]],
                          "a.csv", self.NAMES)
        problems = caught.value.problems
        assert problems[0].startswith("a.csv, row 2, column 'Metric': 'Happiness' is not a metric of the case")
        assert "a.csv, row 3, column 'Period': 'whenever' is not a period; expected YYYY-MM, e.g. 2027-03" in problems
        assert "a.csv, row 4, column 'Value': 'high' is not a number" in problems
        assert "a.csv, row 6: Win rate already has a value for 2028-03 (row 5)" in problems
        with pytest.raises(CrmCaseError, match="column\\(s\\) 'Value' missing"):
            parse_actuals([["Metric", "Period"]], "a.csv", self.NAMES)

    def test_a_value_typed_as_text_is_read_exactly_or_refused(self):
        """A decimal comma (a Spanish or Italian file) is read as one: '0,11' is 0.11, never 11; a spelling with
        two readings ('5,000': 5 or 5000?) is refused with both, naming the row (issue 18, review of the Spanish
        catalog)."""
        good = parse_actuals([["Metric", "Period", "Value"], ["Churn rate", "2028-01", "0,11"],
                              ["Win rate", "2028-01", "23,5 %"], ["Win rate", "2028-02", "1,234.5"]],
                             "a.csv", self.NAMES)
        assert [row["value"] for row in good] == [pytest.approx(0.11), pytest.approx(0.235), 1234.5]
        with pytest.raises(CrmCaseError) as caught:
            parse_actuals([["Metric", "Period", "Value"], ["Win rate", "2028-01", "5,000"]], "a.csv", self.NAMES)
        assert caught.value.problems[0].startswith("a.csv, row 2, column 'Value': '5,000' is ambiguous: 5 or 5,000?")
        assert "¿5 o 5.000?" in caught.value.problems[0].in_language("es")

    def test_merge_replaces_a_period(self):
        case = with_actuals(("Win rate", "2028-01", 0.22))
        merged = merge_actuals(case, [{"metric": "Win rate", "period": "2028-01", "value": 0.23},
                                      {"metric": "Win rate", "period": "2028-02", "value": 0.231}])
        assert [(a.period, a.value) for a in merged.goals.actuals] == [("2028-01", 0.23), ("2028-02", 0.231)]

    def test_template_and_examples(self):
        case = sample_case()
        text = actuals_template(case).decode()
        assert text.startswith("Metric,Period,Value\n\"Churn rate\",2027-07,")
        examples = example_actuals(case)
        merged = merge_actuals(case, examples)
        statuses = set(scorecard(merged)["status"])
        assert statuses == {"on_track", "at_risk", "off_track"}
        frame = history(merged, "Churn rate")
        assert frame["actual"].notna().sum() == 9 and frame["expected"].iloc[0] == 0.12
