"""Customer value: lifetime value by hand, the whale curve on known distributions, tiers and migration on a
hand-made pair of snapshots, every kind of bad customer file, and the synthetic base."""

import datetime as dt
import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crm_case.customers import (
    HEADERS,
    clv_finite,
    clv_infinite,
    clv_table,
    concentration,
    loyalty_view,
    parse_customers,
    read_customers,
    retention_inputs,
    return_on_relationship,
    segments_from_data,
    summary,
    survival_annuity,
    synthetic_customers,
    thresholds,
    tier_of,
    tier_table,
    to_csv,
    with_derived,
)
from crm_case.errors import CrmCaseError
from crm_case.model import Segment

TODAY = dt.date(2026, 12, 31)
HEADER = ["Customer ID", "Segment", "Revenue", "Cost to serve", "First purchase", "Last purchase", "Orders"]


def frame(profits: list[float], ids: list[str] | None = None) -> pd.DataFrame:
    """Customers with the given yearly profits (revenue = profit + 100, cost 100), two years of tenure."""
    ids = ids or [f"C{i}" for i in range(len(profits))]
    return with_derived(pd.DataFrame({
        "customer_id": ids, "segment": "All", "revenue": [p + 100.0 for p in profits], "cost_to_serve": 100.0,
        "first_purchase": pd.Timestamp("2024-01-01"), "last_purchase": pd.Timestamp("2026-01-01"), "orders": 10,
    }))


class TestLifetimeValue:
    def test_finite_by_hand(self):
        # 1,000 x (1/1.1 + 0.8/1.21 + 0.64/1.331) = 909.0909 + 661.1570 + 480.8415
        assert clv_finite(1_000, 0.8, 0.10, 3) == pytest.approx(2_051.0894, abs=1e-4)

    def test_infinite_by_hand_and_as_the_limit(self):
        assert clv_infinite(1_000, 0.8, 0.10).value == pytest.approx(1_000 / 0.3)
        assert clv_finite(1_000, 0.8, 0.10, 400) == pytest.approx(clv_infinite(1_000, 0.8, 0.10).value)
        none = clv_infinite(1_000, 1.0, 0.0)
        assert none.value is None and "never stops" in none.reason

    def test_full_retention_at_zero_rate_is_margin_times_years(self):
        assert clv_finite(500, 1.0, 0.0, 7) == pytest.approx(3_500)
        assert survival_annuity(1.0, 0.0, 7) == pytest.approx(7)

    def test_table_guidance_by_hand(self):
        table = clv_table([Segment(name="A", customers=100, annual_margin=1_000, retention=0.8, acquisition_cost=800,
                                   horizon_years=3)], 0.10).iloc[0]
        annuity = 1 / 1.1 + 0.8 / 1.21 + 0.64 / 1.331
        assert table["clv"] == pytest.approx(1_000 * annuity)
        assert table["net_clv"] == pytest.approx(1_000 * annuity - 800)
        assert table["max_acquisition"] == pytest.approx(1_000 * annuity)
        assert table["max_yearly_marketing"] == pytest.approx(1_000 - 800 / annuity)  # 609.95
        assert table["segment_value"] == pytest.approx(100 * 1_000 * annuity)
        assert table["yearly_budget"] == pytest.approx(100 * (1_000 - 800 / annuity))

    @given(m=st.floats(1, 1e6), r=st.floats(0, 0.99), d=st.floats(0.0, 0.5), years=st.integers(1, 40),
           dm=st.floats(0.01, 1e5), dr=st.floats(0.001, 0.2), dd=st.floats(0.001, 0.2))
    def test_monotonic(self, m, r, d, years, dm, dr, dd):
        """CLV rises with the retention and the margin, and falls as the discount rate rises."""
        base = clv_finite(m, r, d, years)
        assert clv_finite(m + dm, r, d, years) > base
        assert clv_finite(m, min(r + dr, 1.0), d, years) >= base * (1 - 1e-12)
        assert clv_finite(m, r, d + dd, years) < base
        assert clv_infinite(m, r, d).value >= base * (1 - 1e-12)  # the finite horizon never exceeds the limit


class TestConcentration:
    def test_pareto_share_on_a_known_distribution(self):
        """Ten customers: two bring 80 of 100. A classic 80/20."""
        result = concentration(frame([50, 30, 5, 5, 3, 3, 2, 1, 1, 0]))
        assert result.top_profit_share.value == pytest.approx(0.8)
        assert result.total_profit == pytest.approx(100)
        assert result.peak_share == pytest.approx(1.0) and result.loss_makers == 0

    def test_whale_curve_rises_above_100_percent(self):
        result = concentration(frame([120, 40, 20, -30, -50]))  # total 100, the profitable make 180
        assert result.peak_share == pytest.approx(1.8)
        assert result.top_profit_share.value == pytest.approx(1.2)  # ceil(0.2 x 5) = 1 customer: 120 of 100
        assert result.loss_makers == 2 and result.loss == pytest.approx(-80)
        assert result.curve["share_profit"].max() == pytest.approx(1.8)
        assert result.curve.iloc[-1].tolist() == [1.0, pytest.approx(1.0)]

    def test_pareto_distribution_matches_theory(self):
        """For a Pareto law with index a the top share p holds p^(1 - 1/a) of the total: a = 1.16 gives the
        classic 80/20."""
        rng = np.random.default_rng(3)
        profits = (rng.pareto(1.16, 200_000) + 1.0)
        share = concentration(frame(list(profits))).top_profit_share.value
        assert share == pytest.approx(0.2 ** (1 - 1 / 1.16), abs=0.05)

    def test_no_share_of_a_negative_total(self):
        result = concentration(frame([10, -50]))
        assert result.top_profit_share.value is None and "not positive" in result.top_profit_share.reason


class TestTiers:
    def test_thresholds_and_tiers(self):
        data = frame([100, 80, 60, 40, 20, 10, 5, 0, -5, -20])
        limits = thresholds(data, 0.2)
        assert limits.top_from == 80  # the 2nd best of 10
        assert tier_of(data["profit"], limits).tolist() == ["top"] * 2 + ["middle"] * 6 + ["lose"] * 2
        table = tier_table(data, limits).set_index("tier")
        assert table.loc["top", "profit"] == 180 and table.loc["lose", "customers"] == 2
        assert table.loc["top", "share_profit"] == pytest.approx(180 / 290)

    def test_migration_on_a_hand_made_pair(self):
        before = frame([100, 80, 60, 40, 20, 10, 5, 0, -5, -20], ids=[f"C{i}" for i in range(10)])
        # after: C2 grows into the top (>= 80), C8 becomes profitable, C9 stays a loss-maker, C5 and C6 leave,
        # C0 falls to the middle; a new customer X1 joins
        after = frame([70, 85, 90, 40, 25, 1, 10, -10, 100], ids=["C0", "C1", "C2", "C3", "C4", "C7", "C8", "C9", "X1"])
        ror = return_on_relationship(before, after, 0.2)
        assert (ror.common, ror.left, ror.joined) == (8, 2, 1)
        m = ror.migration
        assert m.loc["top"].tolist() == [1, 1, 0, 0]  # C1 stays, C0 falls
        assert m.loc["middle"].tolist() == [1, 3, 0, 2]  # C2 up; C3, C4, C7 stay; C5, C6 left
        assert m.loc["lose"].tolist() == [0, 1, 1, 0]  # C8 now profitable, C9 not
        assert ror.middle_moved_up == 1 and ror.lose_now_profitable == 1 and ror.lose_retained == 2
        middle = ror.by_tier.set_index("tier").loc["middle"]
        assert middle["retention"] == pytest.approx(4 / 6)
        assert middle["mean_profit_before"] == pytest.approx((60 + 40 + 20 + 0) / 4)
        assert middle["mean_profit_after"] == pytest.approx((90 + 40 + 25 + 1) / 4)

    def test_no_common_customers(self):
        with pytest.raises(CrmCaseError, match="no customer id in common"):
            return_on_relationship(frame([1, 2], ids=["A", "B"]), frame([1, 2], ids=["C", "D"]))

    def test_loyalty_groups(self):
        data = frame([100, 100, -1, -1])
        data["tenure_years"] = [5.0, 0.5, 5.0, 0.5]
        groups = loyalty_view(data)["group"].tolist()
        assert groups == ["true_friends", "butterflies", "barnacles", "strangers"]


class TestReading:
    def rows(self, *body, header=HEADER):
        return [list(header), *[list(r) for r in body]]

    def good(self, i=1, **change):
        row = {"Customer ID": f"C{i}", "Segment": "SMB", "Revenue": 1_000, "Cost to serve": 400,
               "First purchase": "2024-03-01", "Last purchase": "2026-03-01", "Orders": 12} | change
        return [row[h] for h in HEADER]

    def test_a_good_table(self):
        data = parse_customers(self.rows(self.good(1), self.good(2, Revenue="1,500")), "x.csv", today=TODAY)
        assert data["profit"].tolist() == [600, 1_100]
        assert data["tenure_years"].iloc[0] == pytest.approx(730 / 365.25)

    def test_amounts_with_a_decimal_comma(self):
        """A Spanish or Italian export: '1.234,50' is 1234.5 and '0,5' is 0.5 (the comma was taken for a thousands
        separator: 1.2345 and 5); '1,234.50' and '1 234,50' too."""
        rows = self.rows(self.good(1, Revenue="1.234,50", **{"Cost to serve": "0,5"}),
                         self.good(2, Revenue="1,234.50", **{"Cost to serve": "1 234,50"}))
        data = parse_customers(rows, "x.csv", today=TODAY)
        assert data["profit"].tolist() == [pytest.approx(1234.0), pytest.approx(0.0)]

    @pytest.mark.parametrize("value", ["inf", "1e400", "nan", float("inf")])
    def test_amounts_that_are_not_finite_are_refused(self, value):
        with pytest.raises(CrmCaseError, match=r"x.csv, row 2, column 'Revenue': not a number"):
            parse_customers(self.rows(self.good(1, Revenue=value)), "x.csv", today=TODAY)

    def test_amounts_beyond_a_trillion_are_refused(self):
        with pytest.raises(CrmCaseError) as caught:
            parse_customers(self.rows(self.good(1, Orders=1e30), *[self.good(i, Revenue=9e11) for i in (2, 3)]),
                            "x.csv", today=TODAY)
        assert caught.value.problems == [
            "x.csv, row 2, column 'Orders': larger than 1,000,000,000,000",
            "x.csv: the customers' total Revenue is 1,800,000,001,000, more than 1,000,000,000,000; check the unit "
            "(cents instead of whole currency units?)"]

    def test_dates_with_a_time_zone_and_spreadsheet_serial_numbers(self):
        data = parse_customers(self.rows(
            self.good(1, **{"First purchase": "2024-03-01T00:00:00+05:00"}),
            self.good(2, **{"First purchase": "2024-03-01T10:00:00"}),
            self.good(3, **{"First purchase": 45352, "Last purchase": 46082.0})), "x.xlsx", today=TODAY)
        assert data["first_purchase"].dt.strftime("%Y-%m-%d").tolist() == ["2024-02-29", "2024-03-01", "2024-03-01"]
        assert data["last_purchase"].iloc[2] == pd.Timestamp("2026-03-01")

    def test_an_unclosed_quote_is_a_message(self):
        text = ",".join(HEADER) + '\nC1,A,"5,1,2024-01-01,2025-01-01,1\n' + "C2,A,5,1,2024-01-01,2025-01-01,1\n" * 6000
        with pytest.raises(CrmCaseError, match=r"x.csv: cannot be read as CSV .* a quote"):
            read_customers(text.encode(), "x.csv", today=TODAY)

    def test_two_id_columns_are_one_message(self):
        header = ["Customer ID", "ID", *HEADER[1:]]
        with pytest.raises(CrmCaseError) as caught:
            parse_customers([header, ["C1", "C1", *self.good()[1:]]], "x.csv", today=TODAY)
        assert caught.value.problems == ["x.csv: columns 'Customer ID', 'ID' all look like 'Customer ID'; keep one"]

    def test_every_problem_names_rows_and_columns(self):
        rows = self.rows(
            self.good(1), self.good(1), self.good(3, Revenue="lots"), self.good(4, **{"Cost to serve": -5}),
            self.good(5, **{"First purchase": "someday"}), self.good(6, **{"Last purchase": "2027-06-01"}),
            self.good(7, **{"First purchase": "2026-05-01", "Last purchase": "2026-01-01"}), self.good(8, Orders=2.5),
            self.good(9, **{"Customer ID": None}),
        )
        with pytest.raises(CrmCaseError) as caught:
            parse_customers(rows, "customers.csv", today=TODAY)
        problems = caught.value.problems
        assert "customers.csv, rows 2, 3, column 'Customer ID': the same id appears more than once (e.g. 'C1'); " \
               "ids must be unique" in problems
        assert "customers.csv, row 4, column 'Revenue': not a number" in problems
        assert "customers.csv, row 5, column 'Cost to serve': negative; expected zero or more" in problems
        assert "customers.csv, row 6, column 'First purchase': not a date; expected YYYY-MM-DD" in problems
        assert "customers.csv, row 7, column 'Last purchase': in the future (after 2026-12-31)" in problems
        assert "customers.csv, row 8, column 'Last purchase': before the first purchase" in problems
        assert "customers.csv, row 9, column 'Orders': not a whole number" in problems
        assert "customers.csv, row 10, column 'Customer ID': empty; every customer needs an id" in problems

    def test_missing_and_misnamed_columns(self):
        header = ["Client", "Revenue", "Costs", "First purchase", "Last purchase", "Orders"]
        with pytest.raises(CrmCaseError, match=r"column\(s\) 'Customer ID' missing; found 'Client', 'Revenue'"):
            parse_customers(self.rows(header=header), "x.csv", today=TODAY)

    def test_empty_files(self):
        with pytest.raises(CrmCaseError, match="the file is empty"):
            parse_customers([], "x.csv", today=TODAY)
        with pytest.raises(CrmCaseError, match="no customers below the header"):
            parse_customers(self.rows(), "x.csv", today=TODAY)
        with pytest.raises(CrmCaseError, match=r"expected an \.xlsx or \.csv file"):
            read_customers(b"abc", "x.txt", today=TODAY)

    def test_segment_is_optional_and_headers_are_forgiving(self):
        header = ["customer_id", "REVENUE", "cost to serve", "First Purchase", "last_purchase", "orders"]
        data = parse_customers([header, ["A", 10, 4, "2025-01-01", "2025-06-01", 1]], "x.csv", today=TODAY)
        assert data["segment"].tolist() == ["All"] and data["profit"].tolist() == [6]

    def test_xlsx_with_real_dates(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER)
        sheet.append(["C1", "SMB", 900.5, 100, dt.datetime(2025, 1, 2), dt.datetime(2026, 2, 3), 4])
        out = io.BytesIO()
        workbook.save(out)
        data = read_customers(out.getvalue(), "c.xlsx", today=TODAY)
        assert data["profit"].iloc[0] == pytest.approx(800.5)
        assert data["last_purchase"].iloc[0] == pd.Timestamp("2026-02-03")


class TestSyntheticBase:
    def test_files_read_back_and_answer_the_questions(self):
        before, after = synthetic_customers()
        assert list(before.columns) == list(HEADERS.values())
        b = read_customers(to_csv(before), "before.csv", today=TODAY)
        a = read_customers(to_csv(after), "after.csv", today=TODAY)
        assert len(b) == 2_000 and 1_700 < len(a) < 2_100
        conc = concentration(b)
        assert 0.6 < conc.top_profit_share.value < 1.0 and conc.peak_share > 1.0  # a whale curve
        ror = return_on_relationship(b, a)
        assert ror.middle_growth.value > 0 and ror.lose_now_profitable > 0
        again = synthetic_customers()
        pd.testing.assert_frame_equal(before, again[0])

    def test_links_and_summary(self):
        before, after = synthetic_customers()
        b = read_customers(to_csv(before), "b.csv", today=TODAY)
        a = read_customers(to_csv(after), "a.csv", today=TODAY)
        inputs = retention_inputs(b)
        assert inputs["customers"] == 2_000
        assert inputs["annual_margin_per_customer"] == pytest.approx(b["profit"].mean())
        segments = segments_from_data(b, a, (), 0.8)
        assert [s["name"] for s in segments] == ["Enterprise", "Mid-market", "Small business"]
        assert sum(s["customers"] for s in segments) == 2_000
        values = summary(b, a)
        assert values["customers"] == 2_000 and values["migration.middle.top"] == ror_count(b, a)
        assert not any(isinstance(k, str) and k.startswith("C1") for k in values)  # aggregates only, no ids
        assert all(isinstance(v, float) and not math.isnan(v) for v in values.values())


def ror_count(b, a) -> float:
    return float(return_on_relationship(b, a).migration.loc["middle", "top"])
