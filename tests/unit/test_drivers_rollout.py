"""Driver formulas and rollout curves against hand-computed values (the docstring examples)."""

import numpy as np
import pytest

from crm_case.drivers import (
    acquisition_cost_benefit,
    annual_driver_benefits,
    marketing_efficiency_benefit,
    retention_benefit,
    sales_productivity_benefit,
    service_cost_benefit,
    win_rate_benefit,
)
from crm_case.model import (
    AcquisitionCostDriver,
    Drivers,
    MarketingEfficiencyDriver,
    RetentionDriver,
    Rollout,
    SalesProductivityDriver,
    ServiceCostDriver,
    WinRateDriver,
)
from crm_case.rollout import adoption_curve, dip_cost_curve, dip_share_curve


def test_retention():
    # 2,000 x (12 % - 10 %) x 6,000 = 240,000
    d = RetentionDriver(customers=2_000, churn_before=0.12, churn_after=0.10, annual_margin_per_customer=6_000)
    assert retention_benefit(d) == pytest.approx(240_000)


def test_sales_productivity():
    # 40 x 2.5 x 46 x 55 x 0.5 = 126,500
    d = SalesProductivityDriver(reps=40, hours_saved_per_week=2.5, working_weeks=46, loaded_hourly_cost=55,
                                selling_time_share=0.5)
    assert sales_productivity_benefit(d) == pytest.approx(126_500)


def test_win_rate():
    # 1,200 x 0.30 x (0.23 x 25,500 - 0.22 x 25,000) = 131,400
    d = WinRateDriver(opportunities=1_200, win_rate_before=0.22, win_rate_after=0.23, average_deal=25_000,
                      deal_size_uplift=0.02, margin=0.30)
    assert win_rate_benefit(d) == pytest.approx(131_400)


def test_service_cost():
    # (3,000 + 27,000 x 0.05) x 18 = 78,300
    d = ServiceCostDriver(contacts=30_000, cost_per_contact=18, self_service_deflection=0.10, fcr_uplift=0.05)
    assert service_cost_benefit(d) == pytest.approx(78_300)


def test_marketing_and_acquisition():
    assert marketing_efficiency_benefit(MarketingEfficiencyDriver(campaign_spend=400_000, waste_removed=0.08)) == (
        pytest.approx(32_000)
    )
    assert acquisition_cost_benefit(AcquisitionCostDriver(new_customers=250, cac_before=3_000, cac_reduction=0.1)) == (
        pytest.approx(75_000)
    )


def test_disabled_drivers_are_left_out():
    drivers = Drivers(marketing_efficiency=MarketingEfficiencyDriver(campaign_spend=100, waste_removed=0.5))
    assert annual_driver_benefits(drivers) == {"marketing_efficiency": 50.0}


class TestRollout:
    def test_adoption_ramp(self):
        curve = adoption_curve(Rollout(months_to_go_live=6, ramp_months=12, peak_adoption=0.85), 36)
        assert curve[: 7].tolist() == [0.0] * 7
        assert curve[7] == pytest.approx(0.85 / 12)
        assert curve[12] == pytest.approx(0.85 * 6 / 12)
        assert (curve[18:] == pytest.approx(0.85))
        assert np.all(np.diff(curve) >= 0)

    def test_adoption_without_ramp(self):
        curve = adoption_curve(Rollout(months_to_go_live=2, ramp_months=0, peak_adoption=1.0), 5)
        assert curve.tolist() == [0, 0, 0, 1, 1, 1]

    def test_dip_shape(self):
        rollout = Rollout(months_to_go_live=6, dip_depth=0.15, dip_months=3)
        share = dip_share_curve(rollout, 12)
        assert share[7:10] == pytest.approx([0.15, 0.10, 0.05])
        assert share[:7].sum() == 0 and share[10:].sum() == 0

    def test_dip_cost(self):
        # 55 x 7,000 x (15 % + 10 % + 5 %) = 115,500
        rollout = Rollout(months_to_go_live=6, dip_depth=0.15, dip_months=3, dip_affected_staff=55,
                          dip_monthly_output_per_person=7_000)
        assert dip_cost_curve(rollout, 24).sum() == pytest.approx(115_500)

    def test_no_dip(self):
        assert dip_share_curve(Rollout(dip_months=0), 12).sum() == 0
