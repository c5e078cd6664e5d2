"""The chosen vendor follows an edit of the offers (crm_case.vendors.offer_renames): renamed, it keeps the choice;
removed, nothing is chosen."""

from crm_case import sample_case, with_offer
from crm_case.vendors import offer_renames

A = "Cloud suite (vendor A)"


def test_the_chosen_offer_follows_its_new_name():
    vendors = with_offer(sample_case(), A).vendors
    renamed = {o.name.lower(): o.name for o in vendors.offers} | {A.lower(): "Suite A"}
    assert offer_renames(vendors, renamed) == {"vendors.chosen": "Suite A"}


def test_a_removed_chosen_offer_leaves_none_chosen():
    vendors = with_offer(sample_case(), A).vendors
    kept = {o.name.lower(): o.name for o in vendors.offers if o.name != A}
    assert offer_renames(vendors, kept) == {"vendors.chosen": None}


def test_nothing_chosen_stays_so():
    vendors = sample_case().vendors
    assert offer_renames(vendors, {A.lower(): "Suite A"}) == {"vendors.chosen": None}
