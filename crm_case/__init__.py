"""crm_case: the business case of a CRM investment, as pure, tested functions.

Build or load a :class:`Case`, :func:`evaluate` it, read its :class:`Metrics`; see the README for the
conventions and formulas.
"""

from crm_case.cashflow import Component, Projection, monthly_table, project, tei_table
from crm_case.delay import DelayAnalysis, analyse_delay
from crm_case.errors import CrmCaseError
from crm_case.evaluate import METRIC_KEYS, Evaluation, Metrics, evaluate
from crm_case.finance import Figure, irr, mirr, npv, payback_months, present_value, roi
from crm_case.model import (
    DRIVER_AREAS,
    DRIVER_LABELS,
    ROLLOUT_PRESETS,
    Assumptions,
    BenefitArea,
    BenefitItem,
    Case,
    CostCategory,
    CostItem,
    CostOfDelay,
    Criterion,
    CustomerValue,
    InputRange,
    RiskSettings,
    Segment,
    VendorOffer,
    Vendors,
    CrmType,
    Drivers,
    Participant,
    Readiness,
    Rollout,
    Scoring,
    Side,
    Timing,
    apply_preset,
    case_from_dict,
    case_from_json,
    case_to_json,
    with_value,
)
from crm_case.customers import (
    clv_finite,
    clv_infinite,
    clv_table,
    concentration,
    read_customers,
    return_on_relationship,
)
from crm_case.finance import irr_many
from crm_case.risk import break_even, monte_carlo, scenarios, tornado
from crm_case.sample import sample_case
from crm_case.start import SAMPLE_PARTS, blank_case, clear_part, has_content, sample_parts
from crm_case.vendors import compare_vendors, tco, with_offer
from crm_case.diff import Change, changes, compare_cases
from crm_case.store import CaseNotFound, CaseStore, StoreError, VersionConflict

__all__ = sorted(
    [
        "Assumptions",
        "BenefitArea",
        "BenefitItem",
        "Case",
        "CaseNotFound",
        "CaseStore",
        "Change",
        "Component",
        "CostCategory",
        "CostItem",
        "CostOfDelay",
        "CustomerValue",
        "InputRange",
        "RiskSettings",
        "Segment",
        "VendorOffer",
        "Vendors",
        "Criterion",
        "DelayAnalysis",
        "CrmCaseError",
        "CrmType",
        "DRIVER_AREAS",
        "DRIVER_LABELS",
        "Drivers",
        "Evaluation",
        "Figure",
        "METRIC_KEYS",
        "Metrics",
        "Participant",
        "Projection",
        "ROLLOUT_PRESETS",
        "Readiness",
        "Rollout",
        "Scoring",
        "Side",
        "StoreError",
        "Timing",
        "VersionConflict",
        "analyse_delay",
        "break_even",
        "clv_finite",
        "clv_infinite",
        "clv_table",
        "compare_vendors",
        "concentration",
        "irr_many",
        "monte_carlo",
        "read_customers",
        "return_on_relationship",
        "scenarios",
        "tco",
        "tornado",
        "with_offer",
        "apply_preset",
        "case_from_dict",
        "case_from_json",
        "case_to_json",
        "changes",
        "compare_cases",
        "evaluate",
        "irr",
        "mirr",
        "monthly_table",
        "npv",
        "payback_months",
        "present_value",
        "project",
        "roi",
        "sample_case",
        "sample_parts",
        "SAMPLE_PARTS",
        "blank_case",
        "clear_part",
        "has_content",
        "tei_table",
        "with_value",
    ]
)
