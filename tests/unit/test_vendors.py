"""Vendor offers: TCO by hand, the offer's line items, the one-click choice and the comparison."""

import pytest

from crm_case import evaluate, sample_case
from crm_case.errors import CrmCaseError
from crm_case.model import VendorOffer, case_from_dict
from crm_case.vendors import compare_vendors, offer_items, one_off_costs, tco, with_offer, yearly_licences

OFFER = VendorOffer(name="Acme", licence_per_user_month=95, users=60, implementation_fee=100_000,
                    internal_effort=50_000,
                    training=20_000, data_migration=30_000, support_share=0.20, months_to_go_live=4,
                    expected_adoption=0.8, implementation_risk=0.1)


def test_tco_by_hand():
    assert yearly_licences(OFFER) == 68_400  # 60 x 95 x 12
    assert one_off_costs(OFFER) == 200_000
    assert tco(OFFER, 3) == pytest.approx(200_000 + 3 * 68_400 * 1.2)  # 446,240
    assert tco(OFFER, 5) == pytest.approx(610_400)


def test_offer_items():
    items = {i.name: i for i in offer_items(OFFER, 3)}
    assert items["Acme: licences"].per_year == (68_400,) * 3
    assert items["Acme: support"].per_year == pytest.approx((13_680,) * 3)
    assert items["Acme: implementation"].initial == 100_000 and items["Acme: implementation"].risk_adjustment == 0.1
    assert items["Acme: internal effort"].category.value == "People"
    free = OFFER.model_copy(update={"support_share": 0.0, "training": 0.0})
    assert {"Acme: support", "Acme: training"}.isdisjoint(i.name for i in offer_items(free, 3))


def test_with_offer_replaces_the_vendor_costs_and_sets_the_rollout():
    case = sample_case()
    chosen = with_offer(case, "Lean cloud (vendor B)")
    names = [i.name for i in chosen.costs]
    assert not set(case.vendors.replaces) & set(names)
    assert "Change management" in names and "Lean cloud (vendor B): licences" in names
    assert chosen.rollout.months_to_go_live == 8 and chosen.rollout.peak_adoption == 0.78
    assert chosen.vendors.chosen == "Lean cloud (vendor B)"
    again = with_offer(chosen, "Cloud suite (vendor A)")
    assert not any(n.startswith("Lean cloud") for n in (i.name for i in again.costs))
    assert chosen.drivers == case.drivers and chosen.benefits == case.benefits
    with pytest.raises(KeyError):
        with_offer(case, "nobody")


def test_comparison_uses_the_same_benefits():
    case = sample_case()
    result = compare_vendors(case)
    table = result.table.set_index("vendor")
    assert list(table.index) == [o.name for o in case.vendors.offers]
    for name, evaluation in result.evaluations.items():
        assert table.loc[name, "npv"] == pytest.approx(evaluate(with_offer(case, name)).adjusted.npv)
        assert evaluation.case.drivers == case.drivers
    assert table.loc["Cloud suite (vendor A)", "tco_3"] == pytest.approx(355_000 + 3 * 68_400)
    assert not table["chosen"].any() and result.missing == ()


def test_missing_replaced_items_are_reported():
    data = sample_case().model_dump()
    data["vendors"]["replaces"] = ["No such item"]
    assert compare_vendors(case_from_dict(data)).missing == ("No such item",)


def test_invalid_vendors_are_refused():
    data = sample_case().model_dump(mode="json")
    data["vendors"]["chosen"] = "Someone else"
    with pytest.raises(CrmCaseError, match="chosen must be the name of an offer"):
        case_from_dict(data)
    data["vendors"]["chosen"] = None
    data["vendors"]["offers"].append(data["vendors"]["offers"][0])
    with pytest.raises(CrmCaseError, match="each offer needs its own name"):
        case_from_dict(data)
