"""A user's own case: starting a new one (blank or from the sample), the one-line notes that name the parts
still holding the sample's values (with a one-click clear), and the "enter this first" panel of an empty case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from crm_case import (
    Case,
    CrmCaseError,
    blank_case,
    clear_part,
    from_percent,
    has_content,
    keep_by_default,
    sample_case,
    sample_parts,
    with_value,
)
from crm_case.delay import delay_inputs_set
from crm_case.drivers import annual_driver_benefits
from crm_case.scoring import readiness
from crm_case.start import default_name
from ui import library
from ui.format import joined, money, number, percent, readiness_text
from ui.i18n import localized, t
from ui.state import get_case, label_of, set_case, start_case
from ui.text import literal

SETUP_PAGE = "pages/setup.py"
COSTS_PAGE = "pages/investment_costs.py"
BENEFITS_PAGE = "pages/benefit_drivers.py"


def _start(case: Case) -> None:
    """Make ``case`` the session's new case, saved at once as a library case of its own (its name chosen in the
    form); when saving is off it is kept in memory."""
    if library.save_as_new(case) is None:  # saving is off: saved as soon as it works again
        start_case(case, fresh=True)
    library.named()


def new_case_form(key: str) -> None:
    """The form that starts a new case: a blank one with its frame (name, currency, years, decision date, discount
    rate), or a copy of the sample. ``key`` keeps two copies of the form (sidebar, library page) apart."""
    now = dt.datetime.now()
    with st.form(f"{key}-blank", border=False):
        st.markdown(t("own.new.blank"))
        name = st.text_input(t("field.assumptions.name"), value=default_name(t("own.new.default_name"), now),
                             max_chars=120, key=f"{key}-name")
        left, right = st.columns(2)
        currency = left.text_input(t("field.assumptions.currency"), value="EUR", max_chars=3, key=f"{key}-currency",
                                   help=t("own.new.currency.help"))
        years = right.number_input(t("field.assumptions.horizon_years"), min_value=1, max_value=10, value=5, step=1,
                                   key=f"{key}-years")
        start = left.date_input(t("field.assumptions.start_date"), value=dt.date(now.year + 1, 1, 1),
                                min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31), key=f"{key}-start")
        rate = right.number_input(label_of("assumptions.discount_rate"), min_value=-99.0, max_value=100.0, value=10.0,
                                  step=0.5, format="%.1f", key=f"{key}-rate")
        if st.form_submit_button(t("own.new.blank.button"), type="primary", icon=":material/note_add:"):
            try:
                fresh = blank_case(name=name.strip() or t("own.new.default_name"), currency=currency, years=int(years),
                                   start=start, rate=from_percent(rate))
            except CrmCaseError as error:
                st.error(t("own.new.refused", message=literal(localized(error))), icon=":material/block:")
            else:
                _start(fresh)
                st.rerun()
    st.divider()
    st.markdown(t("own.new.sample"))
    if st.button(t("own.new.sample.button"), key=f"{key}-sample", icon=":material/science:"):
        _start(with_value(sample_case(), "assumptions.name",
                          default_name(sample_case().assumptions.name, now)))
        st.rerun()


def _clear(part: str) -> None:
    set_case(clear_part(get_case(), part))


def sample_notes(*parts: str, container: Any = None) -> None:
    """For each of ``parts`` that still holds exactly the sample's values, one line saying so, with a button that
    clears that part (:func:`crm_case.clear_part`).

    The notes are drawn in one container that is there with or without them: a note that disappears at the first
    change would otherwise move every element below it up one place, and a table editor there would be replaced by
    the browser while the user types into it (its unsent cells lost; issue 19, ARCHITECTURE "Inputs and tables")."""
    held = [p for p in sample_parts(get_case()) if p in parts]
    block = (container or st).container()
    for part in held:
        with block.container(border=True):
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.markdown(t("own.sample.note", part=t(f"own.part.{part}")))
            button.button(t("own.sample.clear"), key=f"clear-sample-{part}", on_click=_clear, args=(part,),
                          icon=":material/mop:", help=t(f"own.sample.clear.help.{part}"), width="stretch")


def sample_summary() -> str | None:
    """One line naming every part of the session's case still holding the sample's values, or ``None``."""
    held = sample_parts(get_case())
    if not held:
        return None
    return t("own.sample.summary", parts=joined(t(f"own.part.{p}") for p in held))


def start_here(what: str = "summary") -> bool:
    """On a case that holds nothing yet (:func:`crm_case.has_content`), a panel saying what to enter first, with
    links to where; returns whether it was shown (the page then skips figures that would mean nothing)."""
    if has_content(get_case()):
        return False
    with st.container(border=True):
        st.markdown(t(f"own.empty.{what}"))
        links = st.columns(3)
        links[0].page_link(SETUP_PAGE, label=t("own.empty.setup"), icon=":material/assistant_navigation:")
        links[1].page_link(COSTS_PAGE, label=t("own.empty.link.costs"), icon=":material/payments:")
        links[2].page_link(BENEFITS_PAGE, label=t("own.empty.link.benefits"), icon=":material/trending_up:")
    return True


def kept_details(case: Case, part: str) -> list[str]:
    """What ``part`` of ``case`` holds, in a few words each, for the import preview."""
    currency = case.assumptions.currency
    if part == "drivers":
        return [t("data.kept.drivers", name=t(f"driver.{name}"), value=money(value, currency))
                for name, value in annual_driver_benefits(case.drivers).items()]
    if part == "rollout":
        r = case.rollout
        return [t("data.kept.rollout", staff=number(r.dip_affected_staff, "#,##0"),
                  output=money(r.dip_monthly_output_per_person, currency), depth=percent(r.dip_depth, 0),
                  months=r.dip_months)]
    if part == "delay":
        return [t("data.kept.count", count=delay_inputs_set(case))]
    if part == "scoring":
        return [t("data.kept.scoring", criteria=len(case.scoring.criteria), votes=len(case.scoring.participants))]
    if part == "readiness":
        return [t("data.kept.readiness", index=readiness_text(readiness(case)))]
    if part == "customers":
        return [t("data.kept.customers", count=len(case.customers.segments))]
    if part == "goals":
        g = case.goals
        return [t("data.kept.goals", objectives=len(g.objectives), metrics=len(g.metrics), actuals=len(g.actuals))]
    return [t("data.kept.vendors", count=len(case.vendors.offers))]


def kept_parts_choice(imported: Case, base: Case, upload_id: str,
                      held: frozenset[str] = frozenset()) -> dict[str, bool]:
    """The import preview's list of what the workbook does not hold (``held`` names what it does) and the case would
    keep, each with a checkbox (ticked: keep; by default, what is still the sample's is unticked). Returns the
    choice."""
    defaults = keep_by_default(imported, base, held=held)
    if not defaults:
        return {}
    held = set(sample_parts(base))
    choice = {}
    with st.container(border=True):
        st.markdown(t("data.kept"))
        for part in defaults:
            whose = t("data.kept.sample" if part in held else "data.kept.yours")
            choice[part] = st.checkbox(t("data.kept.label", part=t(f"own.part.{part}"), whose=whose),
                                       value=defaults[part], key=f"import-keep:{upload_id}:{part}")
            st.caption(" · ".join(kept_details(base, part)))
    return choice


def empty_hint(what: str, *, when: bool) -> None:
    """On an input page whose part of the case is still empty (``when``), one line saying what to enter first
    here, with the Guided set-up as the other way in."""
    if when:
        with st.container(border=True):
            text, link = st.columns([4, 1], vertical_alignment="center")
            text.markdown(t(f"own.empty.{what}"))
            link.page_link(SETUP_PAGE, label=t("own.empty.setup"), icon=":material/assistant_navigation:")


def irr_warning(figures: Any) -> None:
    """When the IRR is ambiguous (two or more rates make the NPV zero), say so under the figures: the rates, the one
    shown, and MIRR as the figure to use."""
    if figures.irr_ambiguous:
        st.warning(t("metric.irr_ambiguous", rates=joined(percent(r) for r in figures.irr_rates),
                     shown=percent(figures.irr.value), mirr=percent(figures.mirr.value)), icon=":material/call_split:")
