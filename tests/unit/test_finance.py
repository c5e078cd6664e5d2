"""Financial metrics against published values (Excel's function documentation, numpy-financial)."""

import numpy as np
import numpy_financial as npf
import pytest

from crm_case.finance import (
    Figure,
    IrrRoots,
    irr,
    irr_roots,
    mirr,
    npv,
    payback_months,
    payback_months_many,
    present_value,
    roi,
    sign_changes,
)


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


# Hand-built: NPV x (1 + r)^2 = f0 (1+r)^2 + f1 (1+r) + f2, so flows with f0, f1, f2 the coefficients of
# 1,000,000 x (y - 1.02)(y - 1.15) = 1,000,000 y^2 - 2,170,000 y + 1,173,000 (y = 1 + r) have NPV zero at
# exactly r = 2 % and r = 15 %, and nowhere else (a quadratic). Signs +, -, +: two sign changes.
TWO_RATES = [1_000_000, -2_170_000, 1_173_000]


class TestIrrRoots:
    def test_two_rates_built_from_their_factors(self):
        roots = irr_roots(TWO_RATES)
        assert roots.rates == pytest.approx((0.02, 0.15), abs=1e-12)
        assert roots.sign_changes == 2
        assert roots.ambiguous
        for rate in roots.rates:
            assert npv(rate, TWO_RATES) == pytest.approx(0.0, abs=1e-6)

    def test_irr_shows_the_rate_closest_to_zero_of_the_two(self):
        # numpy-financial's rule, kept: 2 % (Excel's IRR from its default guess of 10 % reaches 15 %)
        assert irr(TWO_RATES).value == pytest.approx(0.02, abs=1e-12)
        assert irr(TWO_RATES).value in irr_roots(TWO_RATES).rates

    def test_three_rates_from_a_cubic(self):
        # (y - 1.02)(y - 1.10)(y - 1.15) = y^3 - 3.27 y^2 + 3.56 y - 1.2903: signs +, -, +, -
        flows = [1.0, -(1.02 + 1.10 + 1.15), 1.02 * 1.10 + 1.10 * 1.15 + 1.02 * 1.15, -(1.02 * 1.10 * 1.15)]
        roots = irr_roots(flows)
        assert roots.rates == pytest.approx((0.02, 0.10, 0.15), abs=1e-9)
        assert roots.sign_changes == 3 and roots.ambiguous
        assert "2.00 %, 10.00 % and 15.00 %" in roots.note(irr(flows).value)

    def test_rates_of_half_yearly_periods_are_annualised(self):
        # the same flows every 6 months: periodic rates 2 % and 15 %, annual 1.02^2 - 1 and 1.15^2 - 1
        roots = irr_roots(TWO_RATES, period_months=6)
        assert roots.rates == pytest.approx((1.02**2 - 1, 1.15**2 - 1), abs=1e-12)

    def test_one_sign_change_is_one_rate_not_ambiguous(self):
        # Excel IRR() documentation: 8.66 %
        flows = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]
        roots = irr_roots(flows)
        assert roots == IrrRoots((irr(flows).value,), 1)
        assert not roots.ambiguous and roots.note(irr(flows).value) is None

    def test_three_sign_changes_with_one_rate_is_not_ambiguous(self):
        # 100 (y - 1.1)(y^2 + 1) = 100 y^3 - 110 y^2 + 100 y - 110: three sign changes (Descartes allows 3 or 1
        # rates) but y^2 + 1 has no real root, so 10 % is the only rate: flagged on rates found, not on signs
        roots = irr_roots([100, -110, 100, -110])
        assert roots.sign_changes == 3
        assert roots.rates == pytest.approx((0.10,), abs=1e-12)
        assert not roots.ambiguous

    def test_two_sign_changes_and_no_rate(self):
        # -100 + 50x - 100x^2 has no real root (discriminant 2,500 - 40,000 < 0)
        roots = irr_roots([-100, 50, -100])
        assert roots == IrrRoots((), 2) and not roots.ambiguous

    def test_no_sign_change_has_no_rate(self):
        assert irr_roots([100, 50]) == IrrRoots((), 0)
        assert irr_roots([0, 0, 0]) == IrrRoots((), 0)

    def test_double_rate_is_found_not_reported_as_no_real_rate(self):
        """Regression: numpy-financial drops a double root (np.roots gives it a tiny imaginary part), so
        100 - 220/(1+r) + 121/(1+r)^2 = 100 (1 - 1.1/(1+r))^2, zero at 10 %, read "no real rate"."""
        assert irr([100, -220, 121]).value == pytest.approx(0.10, abs=1e-7)
        roots = irr_roots([100, -220, 121])
        assert roots.rates == pytest.approx((0.10,), abs=1e-7)  # one rate where NPV touches zero
        assert not roots.ambiguous

    def test_note_names_the_rates_the_one_shown_and_mirr(self):
        note = irr_roots(TWO_RATES).note(irr(TWO_RATES).value)
        assert "ambiguous" in note and "2.00 % and 15.00 %" in note and "changes sign 2 times" in note
        assert "shown is 2.00 %" in note and "MIRR" in note

    def test_known_irr_is_used_as_given(self):
        assert irr_roots(TWO_RATES, known=irr(TWO_RATES)) == irr_roots(TWO_RATES)


class TestSignChanges:
    @pytest.mark.parametrize(
        ("flows", "count"),
        [([-100, 50, 50], 1), ([-100, 0, 0, 50], 1), (TWO_RATES, 2), ([0, 0], 0), ([5, 5], 0),
         ([-100, 120, -50, 60], 3)],
    )
    def test_zeros_are_skipped(self, flows, count):
        assert sign_changes(flows) == count


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
