"""When the customer data changes the case: the aggregates written or kept (summary_update), the retention driver
linked from the data, segments measured for the case, and whether a case has customer figures of its own."""

import pandas as pd
import pytest

from crm_case import sample_case, with_values
from crm_case.customers import (
    DEFAULT_RETENTION,
    analyse,
    case_segments_from_data,
    has_customer_figures,
    link_retention,
    retention_linked,
    summary_update,
    with_derived,
)
from crm_case.start import blank_case


def frame(profits: list[float], segment: str = "All") -> pd.DataFrame:
    """Customers with the given yearly profits (revenue = profit + 100, cost 100), two years of tenure."""
    return with_derived(pd.DataFrame({
        "customer_id": [f"C{i}" for i in range(len(profits))], "segment": segment,
        "revenue": [p + 100.0 for p in profits], "cost_to_serve": 100.0, "first_purchase": pd.Timestamp("2024-01-01"),
        "last_purchase": pd.Timestamp("2026-01-01"), "orders": 10,
    }))


SUMMARY = analyse(frame([50.0, 30.0, 20.0]), None).summary()
OTHER = analyse(frame([500.0, 300.0, 200.0]), None).summary()


def with_summary(case, summary):
    return with_values(case, {"customers.summary": summary})


class TestSummaryUpdate:
    def test_an_empty_summary_is_filled_in(self):
        case = with_summary(sample_case(), {})
        update = summary_update(case, SUMMARY, chosen=False, written=None, from_sample=True)
        assert update.action == "write" and update.case.customers.summary == SUMMARY

    def test_the_same_summary_changes_nothing(self):
        case = with_summary(sample_case(), SUMMARY)
        update = summary_update(case, dict(SUMMARY), chosen=True, written=None, from_sample=False)
        assert update.action == "same" and update.case is case

    def test_a_saved_summary_is_kept_until_the_user_chooses_data(self):
        case = with_summary(sample_case(), OTHER)  # the aggregates of the file analysed when it was saved
        kept = summary_update(case, SUMMARY, chosen=False, written=None, from_sample=True)
        assert kept.action == "keep" and kept.case is case
        chosen = summary_update(case, SUMMARY, chosen=True, written=None, from_sample=True)
        assert chosen.action == "write" and chosen.case.customers.summary == SUMMARY

    def test_a_summary_this_session_wrote_stays_in_step(self):
        case = with_summary(sample_case(), OTHER)
        update = summary_update(case, SUMMARY, chosen=False, written=OTHER, from_sample=False)
        assert update.action == "write"

    def test_the_samples_rows_never_fill_in_a_case_of_ones_own(self):
        case = blank_case()
        assert not has_customer_figures(case)
        assert summary_update(case, SUMMARY, chosen=False, written=None, from_sample=True).action == "keep"
        assert summary_update(case, SUMMARY, chosen=True, written=None, from_sample=True).action == "write"
        assert summary_update(case, SUMMARY, chosen=False, written=None, from_sample=False).action == "write"


class TestRetentionAndSegments:
    def test_linked_once_link_retention_fed_the_driver(self):
        customers = frame([50.0, 30.0, 20.0])
        case = sample_case()
        assert not retention_linked(case, customers)
        linked = link_retention(case, customers)
        assert retention_linked(linked, customers)
        assert linked.drivers.retention.annual_margin_per_customer == pytest.approx(100.0 / 3, abs=0.005)

    def test_new_segments_take_the_cases_retention(self):
        case = with_values(sample_case(), {"drivers.retention.churn_before": 0.15})
        rows = case_segments_from_data(with_values(case, {"customers.segments": []}), frame([10.0], "New"), None)
        assert rows[0]["retention"] == pytest.approx(0.85)  # 1 - churn before the CRM

    def test_without_churn_new_segments_take_the_default(self):
        case = with_values(sample_case(), {"drivers.retention.churn_before": 0.0, "customers.segments": []})
        assert case_segments_from_data(case, frame([10.0], "New"), None)[0]["retention"] == DEFAULT_RETENTION
