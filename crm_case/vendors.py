"""Vendor offers side by side: each offer's costs put into the same case, against the same benefits.

An offer (:class:`~crm_case.model.VendorOffer`) becomes cost line items and two rollout values:

=====================  ==========  ==============================================================
line item              category    amount (case currency)
=====================  ==========  ==============================================================
licences               IT          users x licence_per_user_month x 12, every year of the horizon
support                IT          support_share x the yearly licences, every year
implementation         IT          implementation_fee, Initial (t = 0)
data migration         IT          data_migration, Initial
internal effort        People      internal_effort, Initial
training               People      training, Initial
=====================  ==========  ==============================================================

The one-off items carry the offer's ``implementation_risk`` as their risk adjustment; the rollout takes the
offer's ``months_to_go_live`` and ``expected_adoption`` (peak adoption). The case's cost items named in
``case.vendors.replaces`` (those that depend on the vendor) are removed first; every other cost, every
benefit and every driver stay, so the offers compete on the same benefits.

TCO over n years (undiscounted, excluding risk) = one-off costs + n x (licences + support) per year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from crm_case.evaluate import Evaluation, evaluate
from crm_case.model import Case, CostCategory, CostItem, VendorOffer, Vendors, with_values

ITEMS = ("licences", "support", "implementation", "data migration", "internal effort", "training")


def yearly_licences(offer: VendorOffer) -> float:
    """``users x licence_per_user_month x 12``, in the case currency per year.

    Example: 60 users x 95 a month x 12 = 68,400.
    """
    return offer.users * offer.licence_per_user_month * 12.0


def one_off_costs(offer: VendorOffer) -> float:
    """``implementation_fee + internal_effort + training + data_migration`` (before risk)."""
    return offer.implementation_fee + offer.internal_effort + offer.training + offer.data_migration


def tco(offer: VendorOffer, years: int) -> float:
    """Total cost of ownership over ``years``: one-off costs + years x licences x (1 + support_share).

    Undiscounted and before risk adjustment, as TCO is usually quoted. Excel:
    ``=fee+effort+training+migration+years*users*price*12*(1+support)``.

    Example: 60 users x 95 a month, support 0 %, one-off 270,000: 3 years -> 270,000 + 3 x 68,400 = 475,200.
    """
    return one_off_costs(offer) + years * yearly_licences(offer) * (1.0 + offer.support_share)


def offer_items(offer: VendorOffer, years: int) -> tuple[CostItem, ...]:
    """The cost line items of an offer over a horizon of ``years`` (see the module docstring); items whose
    amounts are all zero are left out."""
    licences = yearly_licences(offer)
    rows = [
        ("licences", CostCategory.IT, 0.0, licences, 0.0),
        ("support", CostCategory.IT, 0.0, licences * offer.support_share, 0.0),
        ("implementation", CostCategory.IT, offer.implementation_fee, 0.0, offer.implementation_risk),
        ("data migration", CostCategory.IT, offer.data_migration, 0.0, offer.implementation_risk),
        ("internal effort", CostCategory.PEOPLE, offer.internal_effort, 0.0, offer.implementation_risk),
        ("training", CostCategory.PEOPLE, offer.training, 0.0, offer.implementation_risk),
    ]
    return tuple(
        CostItem(name=f"{offer.name}: {what}", category=category, initial=initial, per_year=(yearly,) * years,
                 risk_adjustment=risk)
        for what, category, initial, yearly, risk in rows
        if initial > 0 or yearly > 0
    )


def with_offer(case: Case, name: str) -> Case:
    """The case with offer ``name`` in place of the vendor-dependent costs: the items of
    ``case.vendors.replaces`` removed, the offer's items added, go-live and peak adoption set, and
    ``replaces`` and ``chosen`` pointing at the new items, so choosing another offer later swaps them again.
    Raises KeyError for an unknown offer name."""
    offer = next((o for o in case.vendors.offers if o.name.lower() == name.lower()), None)
    if offer is None:
        raise KeyError(name)
    replaced = {n.lower() for n in case.vendors.replaces}
    kept = [item for item in case.costs if item.name.lower() not in replaced]
    added = offer_items(offer, case.assumptions.horizon_years)
    return with_values(case, {
        "costs": [item.model_dump(mode="json") for item in (*kept, *added)],
        "rollout.months_to_go_live": offer.months_to_go_live, "rollout.peak_adoption": offer.expected_adoption,
        "vendors.replaces": [item.name for item in added], "vendors.chosen": offer.name})


def offer_renames(vendors: Vendors, renamed: Mapping[str, str]) -> dict[str, str | None]:
    """The change (for :func:`~crm_case.model.with_values`) that keeps the chosen vendor after an edit of the offers:
    ``renamed`` maps the lower-case old name of every offer kept to its new name; the chosen offer follows its new
    name, and nothing is chosen once its offer is removed (or when none was). ``{"vendors.chosen": ...}``."""
    chosen = vendors.chosen
    return {"vendors.chosen": renamed.get(chosen.lower()) if chosen else None}


@dataclass(frozen=True, eq=False)
class VendorComparison:
    """Every offer evaluated in the case; ``table`` has one row per offer."""

    table: pd.DataFrame
    """Columns: ``vendor, chosen, npv, roi, irr, payback_months, tco_3, tco_5, one_off, yearly,
    months_to_go_live, expected_adoption`` (None where a figure does not exist)."""
    evaluations: dict[str, Evaluation]
    missing: tuple[str, ...]
    """Names in ``replaces`` that are not cost items of the case (they replace nothing)."""


def compare_vendors(case: Case) -> VendorComparison:
    """Evaluate each offer with :func:`with_offer` (risk-adjusted figures, as the case's headline)."""
    rows, evaluations = [], {}
    for offer in case.vendors.offers:
        result = evaluate(with_offer(case, offer.name))
        evaluations[offer.name] = result
        figures = result.adjusted
        rows.append({
            "vendor": offer.name,
            "chosen": case.vendors.chosen is not None and offer.name.lower() == case.vendors.chosen.lower(),
            "npv": figures.npv,
            "roi": figures.roi.value,
            "irr": figures.irr.value,
            "payback_months": figures.payback_months.value,
            "tco_3": tco(offer, 3),
            "tco_5": tco(offer, 5),
            "one_off": one_off_costs(offer),
            "yearly": yearly_licences(offer) * (1.0 + offer.support_share),
            "months_to_go_live": offer.months_to_go_live,
            "expected_adoption": offer.expected_adoption,
        })
    names = {item.name.lower() for item in case.costs}
    missing = tuple(n for n in case.vendors.replaces if n.lower() not in names)
    columns = ["vendor", "chosen", "npv", "roi", "irr", "payback_months", "tco_3", "tco_5", "one_off", "yearly",
               "months_to_go_live", "expected_adoption"]
    return VendorComparison(pd.DataFrame(rows, columns=columns), evaluations, missing)
