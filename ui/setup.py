"""The guided set-up's widgets: the step bar, the five steps and the "start a blank case" offer.

Every change goes the usual way: single fields through :func:`ui.state.bind` (and its number and percent
helpers), cost lines through :func:`ui.state.commit_items` with the lists :mod:`crm_case.setup_guide` makes, the
CRM type through :func:`crm_case.apply_preset` and :func:`ui.state.set_case`. So each step is validated, saved
as a version and kept in the history like any other edit. The step shown is kept in ``st.session_state``; a
session that has none starts at the first step not done (:func:`crm_case.setup_guide.suggested_step`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from crm_case import CrmCaseError, CrmType, apply_preset, blank_case, has_content, sample_parts, to_percent
from crm_case.drivers import DRIVER_FORMULAS
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model import DRIVER_AREAS, ROLLOUT_PRESETS, Drivers
from crm_case.rollout import dip_cost_curve
from crm_case.setup_guide import (
    ASSUMPTION_GUIDES,
    DRIVER_INPUTS,
    STEPS,
    TCO_ITEMS,
    InputGuide,
    costs_with_licences,
    costs_with_tco,
    gaps,
    is_uniform,
    licence_index,
    read_licences,
    step_done,
    suggested_step,
    tco_index,
    typical_range,
    yearly_licence_cost,
)
from ui.format import joined, money, months, number, number_text, percent, read_number, symbol
from ui.i18n import labelled, localized, t
from ui.state import (
    bind,
    commit_items,
    editor_error,
    get_case,
    get_evaluation,
    get_recommendation,
    number_input,
    percent_input,
    set_case,
    start_case,
)
from ui.story import show_recommendation
from ui.text import literal

_STEP, _STEP_WIDGET = "setup:step", "setup-step"
_USERS, _PRICE = "setup:users", "setup:price"
PAGES = {"summary": "pages/summary.py", "costs": "pages/investment_costs.py", "benefits": "pages/benefit_drivers.py",
         "projections": "pages/cash_projections.py", "risk": "pages/risk.py", "readiness": "pages/readiness.py",
         "goals": "pages/objectives_and_metrics.py"}
"""The pages the review links to (as app.py registers them)."""


# --------------------------------------------------------------------------- steps
def current_step() -> str:
    """The step shown: the one kept in the session, or where this case should resume."""
    if st.session_state.get(_STEP) not in STEPS:
        st.session_state[_STEP] = suggested_step(get_case())
    return st.session_state[_STEP]


def go_to(step: str) -> None:
    st.session_state[_STEP] = step


def _keep_step() -> None:
    if st.session_state[_STEP_WIDGET] is not None:  # a click on the current step unselects it: stay there
        go_to(st.session_state[_STEP_WIDGET])


def step_bar() -> str:
    """The five steps as a bar, each marked once it holds something; any step can be opened at any time."""
    case = get_case()
    step = st.session_state[_STEP_WIDGET] = current_step()
    st.segmented_control(
        t("setup.steps"), STEPS, key=_STEP_WIDGET, on_change=_keep_step, label_visibility="collapsed",
        width="stretch", format_func=labelled(STEPS, lambda s: t("setup.step.done" if step_done(case, s) else
                                                                 "setup.step.todo", n=STEPS.index(s) + 1,
                                                                 name=t(f"setup.step.{s}"))))
    return step


def step_buttons(step: str) -> None:
    """Back and Next, under the step, at the two ends of one row (wrapping on a narrow screen)."""
    at = STEPS.index(step)
    row = st.container(horizontal=True, horizontal_alignment="distribute")
    if at > 0:
        row.button(t("setup.back", name=t(f"setup.step.{STEPS[at - 1]}")), key="setup-back", on_click=go_to,
                   args=(STEPS[at - 1],), icon=":material/arrow_back:")
    else:
        row.empty()
    if at < len(STEPS) - 1:
        row.button(t("setup.next", name=t(f"setup.step.{STEPS[at + 1]}")), key="setup-next", on_click=go_to,
                   args=(STEPS[at + 1],), type="primary", icon=":material/arrow_forward:")


def _start_blank() -> None:
    start_case(blank_case())
    for key in (_USERS, _PRICE):
        st.session_state.pop(key, None)
    go_to(STEPS[0])


def blank_offer() -> None:
    """On a case that already holds figures, "Start a blank case": in a note when they are still the sample's, as
    a plain button on a case of the user's own (which the steps then review)."""
    case = get_case()
    if not has_content(case):
        return
    options = dict(key="setup-blank", on_click=_start_blank, icon=":material/note_add:", help=t("setup.blank.help"))
    if not sample_parts(case):
        st.button(t("setup.blank"), type="tertiary", **options)
        return
    with st.container(border=True):
        st.markdown(t("setup.not_blank", name=literal(case.assumptions.name)))
        st.button(t("setup.blank"), **options)


def _pct(fraction: float) -> str:
    """A rate as the guide writes it: 10 %, 7.5 %."""
    return percent(fraction, 0 if to_percent(fraction).is_integer() else 1)


# --------------------------------------------------------------------------- 1. company and assumptions
def company_step() -> None:
    st.markdown(t("setup.company.intro"))
    left, right = st.columns(2)
    bind(st.text_input, "assumptions.name", container=left, max_chars=120)
    bind(st.text_input, "assumptions.currency", container=right, max_chars=3)
    bind(st.date_input, "assumptions.start_date", container=left, min_value=dt.date(1900, 1, 1),
         max_value=dt.date(2200, 12, 31))
    bind(st.number_input, "assumptions.horizon_years", container=right, min_value=1, max_value=10, step=1)
    percent_input("assumptions.discount_rate", container=left, step=0.5)
    years, why_years = ASSUMPTION_GUIDES["horizon_years"]
    rate, why_rate = ASSUMPTION_GUIDES["discount_rate"]
    right.caption(t("setup.company.tei", years=years, why_years=why_years, rate=_pct(rate), why_rate=why_rate))


# --------------------------------------------------------------------------- 2. CRM type and users
def _apply_type() -> None:
    set_case(apply_preset(get_case(), st.session_state["setup-crm-type"]))


def _licence_figure(index: int, key: str) -> float:
    """Users (index 0) or price (1) of the licence line, or the value typed before there was one."""
    held = read_licences(get_case())
    return held[index] if held else st.session_state.get(key, 0.0)


_TYPED_ERROR = "setup-typed-error:"


def _typed(widget: str) -> float | None:
    """The amount typed into the text input ``widget`` (:func:`ui.format.read_number`: thousands separators as the
    viewer's language writes them, never guessed), zero or more; None when refused, its message kept for the next
    run (:func:`_typed_error`), the case left as it was."""
    try:
        value = read_number(st.session_state[widget])
        if value < 0:
            raise CrmCaseError(localized(Message("engine.validation.non_negative", got=Plain(value))))
    except CrmCaseError as error:
        st.session_state[_TYPED_ERROR + widget] = "; ".join(localized(p) for p in error.problems)
        return None
    st.session_state.pop(_TYPED_ERROR + widget, None)
    return value


def _typed_error(container: Any, widget: str, label: str) -> None:
    if message := st.session_state.get(_TYPED_ERROR + widget):
        container.error(t("binding.refused", label=label, message=literal(message)), icon=":material/block:")


def _write_licences(key: str, widget: str) -> None:
    typed = _typed(widget)
    if typed is None:
        return
    st.session_state[key] = typed
    users, price = _licence_figure(0, _USERS), _licence_figure(1, _PRICE)
    if key == _USERS:
        users = typed
    else:
        price = typed
    if users > 0 and price > 0:
        commit_items("costs", costs_with_licences(get_case(), users, price), {})


def _licence_input(container: Any, index: int, key: str, label: str) -> None:
    """Users or price of the licence calculator in a text input with thousands separators."""
    widget = key.replace(":", "-")
    st.session_state[widget] = number_text(_licence_figure(index, key))
    container.text_input(label, key=widget, on_change=_write_licences, args=(key, widget),
                         help=t(f"{key.replace(':', '.')}.help"))
    _typed_error(container, widget, label)


def users_input(container: Any = st) -> None:
    _licence_input(container, 0, _USERS, t("setup.users"))


def _months(n: int) -> str:
    return t("setup.months.one") if n == 1 else t("setup.months", n=n)


def rollout_step() -> None:
    case = get_case()
    r = case.rollout
    st.markdown(t("setup.rollout.intro"))
    left, right = st.columns([3, 2])
    st.session_state["setup-crm-type"] = r.crm_type.value
    left.radio(t("setup.crm_type"), [c.value for c in CrmType], key="setup-crm-type", on_change=_apply_type,
               format_func=labelled([c.value for c in CrmType], lambda v: t(f"crm_type.{v}")))
    preset = ROLLOUT_PRESETS[r.crm_type]
    left.caption(t("setup.preset", go_live=preset["months_to_go_live"], ramp=preset["ramp_months"],
                   adoption=percent(preset["peak_adoption"], 0), depth=percent(preset["dip_depth"], 0),
                   dip=_months(preset["dip_months"]), source=t(f"setup.preset.source.{r.crm_type.value}")))
    users_input(right)
    right.caption(t("setup.users.caption"))
    currency = case.assumptions.currency
    with st.expander(t("setup.dip"), expanded=r.dip_affected_staff > 0, icon=":material/trending_down:"):
        st.markdown(t("setup.dip.explain", depth=percent(r.dip_depth, 0), months=_months(r.dip_months)))
        staff, output = st.columns(2)
        number_input("rollout.dip_affected_staff", container=staff, step=1)
        number_input("rollout.dip_monthly_output_per_person", container=output, step=100, unit=symbol(currency))
        lost = float(dip_cost_curve(r, case.months).sum())
        st.caption(t("setup.dip.lost", amount=money(lost, currency)) if lost else t("setup.dip.none"))


# --------------------------------------------------------------------------- 3. costs
def _commit_tco(key: str, **change: Any) -> None:
    commit_items("costs", costs_with_tco(get_case(), key, **change), {"initial": t("table.initial"),
                                                                       "per_year": t("table.year", n=1)})


def _tco_changed(key: str, what: str) -> None:
    widget = f"setup-tco-{what}:{key}"
    value = st.session_state[widget] if what == "on" else _typed(widget)
    if value is not None:
        _commit_tco(key, **({"include": value} if what == "on" else {what: value}))


def _tco_row(item: Any, currency: str) -> bool:
    """One TCO item: its checkbox, Initial and yearly amount; returns whether its yearly amount is left to the
    Investment page (it differs from year to year)."""
    case = get_case()
    index = tco_index(case, item.key)
    line = case.costs[index] if index is not None else None
    years = case.assumptions.horizon_years
    name, first, yearly = st.columns([2, 1, 1], vertical_alignment="center")
    st.session_state[f"setup-tco-on:{item.key}"] = line is not None
    name.checkbox(t(f"setup.tco.{item.key}", category=t(f"setup.category.{item.category.value}")),
                  key=f"setup-tco-on:{item.key}", on_change=_tco_changed, args=(item.key, "on"),
                  help=localized(item.why))
    for column, what, value, off in (
        (first, "initial", line.initial if line else 0.0, line is None),
        (yearly, "per_year", line.amount(1) if line else 0.0, line is None or not is_uniform(line, years)),
    ):
        widget = f"setup-tco-{what}:{item.key}"
        st.session_state[widget] = number_text(value)
        label = t(f"setup.tco.{what}", name=t(f"setup.tco.{item.key}.short"), currency=symbol(currency))
        column.text_input(label, key=widget, on_change=_tco_changed, args=(item.key, what), disabled=off,
                          label_visibility="collapsed")
        _typed_error(column, widget, label)
    return line is not None and not is_uniform(line, years)


def costs_step() -> None:
    case = get_case()
    currency = case.assumptions.currency
    st.markdown(t("setup.costs.intro"))
    st.subheader(t("setup.licences"))
    users, price = st.columns(2)
    users_input(users)
    _licence_input(price, 1, _PRICE, t("setup.price", currency=symbol(currency)))
    n, p = _licence_figure(0, _USERS), _licence_figure(1, _PRICE)
    st.markdown(t("setup.licences.result", users=number(n, "#,##0"), price=money(p, currency),
                  yearly=money(yearly_licence_cost(n, p), currency)))
    index = licence_index(case)
    st.caption(t("setup.licences.none") if index is None
               else t("setup.licences.line", name=literal(case.costs[index].name)))
    st.subheader(t("setup.tco"))
    st.caption(t("setup.tco.caption"))
    head = st.columns([2, 1, 1])
    keys = ("setup.tco.head.item", "setup.tco.head.initial", "setup.tco.head.per_year")
    for column, key in zip(head, keys, strict=True):
        column.markdown(f"**{t(key, currency=symbol(currency))}**")
    if [_tco_row(item, currency) for item in TCO_ITEMS].count(True):
        st.caption(t("setup.tco.varies"))
    if message := editor_error("costs"):
        st.error(literal(message), icon=":material/block:")
    total = float(get_evaluation().projection.costs().sum())
    st.caption(t("setup.costs.total", lines=len(get_case().costs), years=case.assumptions.horizon_years,
                 total=money(total, currency)))


# --------------------------------------------------------------------------- 4. benefits
def _range_text(guide: InputGuide, driver: str) -> str:
    span = typical_range(guide, get_case(), driver)
    if span is None:
        return localized(guide.why)
    if guide.unit == "pct":
        low, high = (_pct(x) for x in span)
    else:
        low, high = number(span[0], "#,##0.##########"), number(span[1], "#,##0.##########")
    return t("setup.range", low=low, high=high, why=localized(guide.why))


def _driver_card(name: str, currency: str) -> None:
    case = get_case()
    driver = getattr(case.drivers, name)
    with st.container(border=True):
        head, worth = st.columns([3, 2], vertical_alignment="center")
        bind(st.toggle, f"drivers.{name}.enabled", container=head,
             label=t("setup.driver", name=t(f"driver.{name}"), area=t(f"benefits.area.{DRIVER_AREAS[name].value}")))
        if driver.enabled:
            worth.markdown(t("setup.driver.worth", value=money(DRIVER_FORMULAS[name](driver), currency)))
        st.caption(t("setup.formula", formula=t(f"formula.{name}")))
        if not driver.enabled:
            return
        for i, guide in enumerate(DRIVER_INPUTS[name]):
            if i % 2 == 0:  # a row of two, so each input's range sits level with its neighbour's
                columns = st.columns(2)
            column = columns[i % 2]
            path = f"drivers.{name}.{guide.field}"
            if guide.unit == "pct":
                percent_input(path, container=column, step=guide.step)
            else:
                number_input(path, container=column, step=guide.step, fmt="%.1f" if guide.step < 1 else "%.0f",
                             unit=symbol(currency) if guide.unit == "money" else None)
            column.caption(_range_text(guide, name))


def benefits_step() -> None:
    currency = get_case().assumptions.currency
    st.markdown(t("setup.benefits.intro"))
    for name in Drivers.model_fields:
        _driver_card(name, currency)


# --------------------------------------------------------------------------- 5. review
_GAP_PAGES = {"costs": "costs", "licences": "costs", "tco": "costs", "benefits": "benefits", "driver": "benefits",
              "dip": "benefits", "readiness": "readiness"}


def review_step() -> None:
    case = get_case()
    currency = case.assumptions.currency
    st.markdown(t("setup.review.intro"))
    if has_content(case):
        figures = get_evaluation().adjusted
        cols = st.columns(3)
        cols[0].metric(t("metric.npv"), money(figures.npv, currency), border=True)
        cols[1].metric(t("metric.roi"), percent(figures.roi.value, 0), border=True)
        cols[2].metric(t("metric.payback"), months(figures.payback_months.value), border=True)
        st.caption(t("setup.review.figures", years=case.assumptions.horizon_years,
                     rate=_pct(case.assumptions.discount_rate)))
        show_recommendation(st, get_recommendation())
    else:
        st.info(t("setup.review.empty"), icon=":material/info:")
    st.subheader(t("setup.review.gaps"))
    found = gaps(case)
    tco = [g.split(".", 1)[1] for g in found if g.startswith("tco.")]
    rows = [g for g in found if not g.startswith("tco.")] + (["tco"] if tco else [])
    if not rows:
        st.success(t("setup.review.complete"), icon=":material/check_circle:")
    for gap in rows:
        kind, _, detail = gap.partition(".")
        text, link = st.columns([3, 1], vertical_alignment="center")
        text.markdown(t(f"setup.gap.{kind}", driver=t(f"driver.{detail}") if kind == "driver" else "",
                        items=joined(t(f"setup.tco.{k}.short").lower() for k in tco)))
        page = _GAP_PAGES[kind]
        link.page_link(PAGES[page], label=t(f"setup.page.{page}"), icon=":material/arrow_forward:")
    st.subheader(t("setup.review.refine"))
    links = st.container(horizontal=True, gap="medium")
    for page in ("summary", "projections", "risk", "goals"):
        links.page_link(PAGES[page], label=t(f"setup.page.{page}"), icon=":material/open_in_new:")


VIEWS = {"company": company_step, "rollout": rollout_step, "costs": costs_step, "benefits": benefits_step,
         "review": review_step}
"""Each step's view, by its name in :data:`crm_case.setup_guide.STEPS`."""
