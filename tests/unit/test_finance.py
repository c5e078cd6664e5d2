"""Financial metrics against published values (Excel's function documentation, numpy-financial)."""

import numpy as np
import numpy_financial as npf
import pytest

from crm_case.finance import Figure, irr, mirr, npv, payback_months, payback_months_many, present_value, roi


class TestNpv:
    def test_tei_layout_hand_computed(self):
        # -100 + 50/1.1 + 50/1.21 + 50/1.331 = 24.3426...
        assert npv(0.10, [-100, 50, 50, 50]) == pytest.approx(24.342599549, abs=1e-9)

    def test_excel_doc_example_2_initial_outside_npv(self):
        # Excel NPV() documentation, example 2: =NPV(8%, B3:B7) + B2 = 1,922.06
        flows = [-40_000, 8_000, 9_200, 10_000, 12_000, 14_500]
        assert npv(0.08, flows) == pytest.approx(1_922.06, abs=0.005)

    def test_excel_doc_example_1_first_value_discounted(self):
        # Excel NPV() documentation, example 1: =NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44
        assert npv(0.10, [-10_000, 3_000, 4_200, 6_800], first_at_zero=False) == pytest.approx(1_188.44, abs=0.005)

    def test_numpy_financial_counts_first_value_at_zero_excel_at_one(self):
        flows = np.array([-1_000.0, 300, 400, 500])
        rate = 0.07
        assert npv(rate, flows) == pytest.approx(npf.npv(rate, flows))
        excel = npv(rate, flows, first_at_zero=False)
        # Excel's NPV is numpy-financial's discounted one more period
        assert excel == pytest.approx(npf.npv(rate, flows) / (1 + rate))
        assert excel != pytest.approx(npf.npv(rate, flows))

    def test_monthly_periods(self):
        # 12 at the end of each of 12 months at 12.6825 % a year = 1 % a month
        monthly_rate = 0.01
        annual = (1 + monthly_rate) ** 12 - 1
        flows = [0.0] + [12.0] * 12
        expected = sum(12.0 / 1.01**k for k in range(1, 13))
        assert npv(annual, flows, period_months=1) == pytest.approx(expected)

    def test_present_value_rows(self):
        amounts = np.array([[100.0, 110.0], [0.0, 121.0]])
        assert present_value(0.10, amounts, [0, 1]) == pytest.approx([200.0, 110.0])


class TestIrr:
    @pytest.mark.parametrize(
        ("flows", "expected"),
        [
            # Excel IRR() documentation: after four years -2.1 %, after five 8.7 %, after two -44.4 %
            ([-70_000, 12_000, 15_000, 18_000, 21_000], -0.0212),
            ([-70_000, 12_000, 15_000, 18_000, 21_000, 26_000], 0.0866),
            ([-70_000, 12_000, 15_000], -0.4435),
            # numpy-financial's docstring
            ([-100, 39, 59, 55, 20], 0.28095),
        ],
    )
    def test_published_values(self, flows, expected):
        result = irr(flows)
        assert result.reason is None
        assert result.value == pytest.approx(expected, abs=5e-5)

    def test_npv_at_irr_is_zero(self):
        flows = [-53_150, 939_796 - 1_000_000, 2_424_559, 3_581_977]
        rate = irr(flows).value
        assert npv(rate, flows) == pytest.approx(0.0, abs=1e-6)

    def test_monthly_grid_is_annualised(self):
        flows = [-100.0] + [0.0] * 11 + [110.0]  # +10 % after 12 monthly periods
        assert irr(flows, period_months=1).value == pytest.approx(0.10)

    @pytest.mark.parametrize(
        ("flows", "words"),
        [([100, 50], "positive"), ([-100, -50], "negative"), ([0, 0, 0], "zero")],
    )
    def test_no_sign_change_is_none_with_reason(self, flows, words):
        result = irr(flows)
        assert result == Figure(None, result.reason)
        assert words in result.reason

    def test_no_real_root_is_none_with_reason(self):
        # -100 + 50x - 100x^2 ... has no positive real root in x = 1/(1+r)
        result = irr([-100, 50, -100])
        assert result.value is None
        assert "no real rate" in result.reason


class TestMirr:
    @pytest.mark.parametrize(
        ("flows", "reinvest", "expected"),
        [
            # Excel MIRR() documentation: 12.61 % after five years, -4.80 % after three, 13.48 % at 14 %
            ([-120_000, 39_000, 30_000, 21_000, 37_000, 46_000], 0.12, 0.1261),
            ([-120_000, 39_000, 30_000, 21_000], 0.12, -0.0480),
            ([-120_000, 39_000, 30_000, 21_000, 37_000, 46_000], 0.14, 0.1348),
        ],
    )
    def test_published_values(self, flows, reinvest, expected):
        assert mirr(flows, 0.10, reinvest).value == pytest.approx(expected, abs=5e-5)

    def test_needs_both_signs(self):
        assert mirr([100, 100], 0.1, 0.1).value is None
        assert "negative and one positive" in mirr([100, 100], 0.1, 0.1).reason


class TestRoi:
    def test_tei_definition(self):
        assert roi(250.0, 100.0).value == pytest.approx(1.5)

    def test_no_costs(self):
        assert roi(10.0, 0.0) == Figure(None, roi(10.0, 0.0).reason)


class TestPayback:
    def test_interpolated_within_month(self):
        assert payback_months([-100, 40, 40, 40]).value == pytest.approx(2.5)

    def test_never_negative_is_zero(self):
        assert payback_months([0, 10, 10]).value == 0.0

    def test_exact_crossing_at_month_end(self):
        assert payback_months([-100, 50, 50, 50]).value == pytest.approx(2.0)

    def test_last_crossing_counts(self):
        # paid back in month 1, negative again in month 2 (a dip), paid back for good in month 3
        assert payback_months([-100, 120, -50, 60]).value == pytest.approx(2 + 30 / 60)

    def test_not_within_horizon(self):
        result = payback_months([-100, 10, 10])
        assert result.value is None
        assert "end of the horizon" in result.reason

    def test_rows(self):
        out = payback_months_many([[-100, 40, 40, 40], [-100, 10, 10, 10], [5, 5, 5, 5]])
        assert out[0] == pytest.approx(2.5)
        assert np.isnan(out[1])
        assert out[2] == 0.0


def test_mirr_of_extreme_flows_is_undefined_not_a_warning():
    """Regression (a hypothesis run): numpy-financial overflowed with a RuntimeWarning on such flows."""
    import warnings

    from crm_case.finance import mirr

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = mirr([-1e-300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1e300], 0.1, 0.1)
    assert result.value is None and "too extreme" in result.reason
