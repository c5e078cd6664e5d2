"""Benefits: the drivers per area, benefit line items, and the rollout (go-live, adoption, dip)."""

import pandas as pd
import streamlit as st

from crm_case import CrmType, apply_preset, has_content
from crm_case.drivers import DRIVER_FORMULAS
from crm_case.model import DRIVER_AREAS
from crm_case.rollout import dip_cost_curve
from ui.charts import benefit_ramp
from ui.format import money, symbol
from ui.i18n import labelled, t
from ui.items import items_editor
from ui.own_case import empty_hint, sample_notes
from ui.state import bind, get_case, get_evaluation, number_input, percent_input, set_case, show_chart
from ui.text import no_math

case = get_case()
result = get_evaluation()
currency = case.assumptions.currency

st.title(t("benefits.title"))
st.caption(t("benefits.caption"))
empty_hint("benefits", when=not has_content(get_case()))
sample_notes("drivers", "benefits", "rollout")

# field -> (kind, step): "pct" fractions edited as %, "money", "count"
DRIVER_FIELDS = {
    "retention": [("customers", "count", 10), ("churn_before", "pct", 0.5), ("churn_after", "pct", 0.5),
                  ("annual_margin_per_customer", "money", 100)],
    "sales_productivity": [("reps", "count", 1), ("hours_saved_per_week", "count", 0.5),
                           ("working_weeks", "count", 1), ("loaded_hourly_cost", "money", 1),
                           ("selling_time_share", "pct", 5)],
    "win_rate": [("opportunities", "count", 10), ("win_rate_before", "pct", 0.5), ("win_rate_after", "pct", 0.5),
                 ("average_deal", "money", 500), ("deal_size_uplift", "pct", 0.5), ("margin", "pct", 1)],
    "service_cost": [("contacts", "count", 100), ("cost_per_contact", "money", 1),
                     ("self_service_deflection", "pct", 1), ("fcr_uplift", "pct", 1)],
    "marketing_efficiency": [("campaign_spend", "money", 1000), ("waste_removed", "pct", 1)],
    "acquisition_cost": [("new_customers", "count", 10), ("cac_before", "money", 100), ("cac_reduction", "pct", 1)],
}


def driver_card(name: str) -> None:
    driver = getattr(case.drivers, name)
    with st.container(border=True):
        st.markdown(f"**{t(f'driver.{name}')}**")
        bind(st.toggle, f"drivers.{name}.enabled")
        for field, kind, step in DRIVER_FIELDS[name]:
            path = f"drivers.{name}.{field}"
            if kind == "pct":
                percent_input(path, step=step)
            else:
                number_input(path, step=step, fmt="%.2f" if step < 1 else "%.0f",
                             unit=symbol(currency) if kind == "money" else None)
        percent_input(f"drivers.{name}.risk_adjustment", slider=True, max_pct=90.0, step=5.0)
        value = DRIVER_FORMULAS[name](driver)
        adjusted = value * (1 - driver.risk_adjustment)
        if driver.enabled:
            st.markdown(no_math(t("benefits.driver_value", value=money(value, currency),
                                         adjusted=money(adjusted, currency))))
        st.caption(t("benefits.formula", formula=t(f"formula.{name}")))


areas = st.columns(3)
for column, area in zip(areas, ("Marketing", "Sales", "Service"), strict=True):
    with column:
        st.subheader(t(f"benefits.area.{area}"))
        for name, driver_area in DRIVER_AREAS.items():
            if driver_area.value == area:
                driver_card(name)

st.subheader(t("benefits.items"))
st.caption(t("benefits.items.caption"))
items_editor("benefits")

# ---- rollout
st.subheader(t("benefits.rollout"))


def _apply_preset() -> None:
    set_case(apply_preset(get_case(), st.session_state["preset"]))


st.session_state["preset"] = case.rollout.crm_type.value
st.selectbox(t("benefits.preset"), [c.value for c in CrmType], key="preset", on_change=_apply_preset,
             format_func=labelled([c.value for c in CrmType], lambda v: t(f"crm_type.{v}")),
             help=t("benefits.preset.help"))
left, middle, right = st.columns(3)
with left:
    number_input("rollout.months_to_go_live", integer=True, max_value=60)
    number_input("rollout.ramp_months", integer=True, max_value=60)
    percent_input("rollout.peak_adoption", step=5)
with middle:
    percent_input("rollout.dip_depth", step=1)
    number_input("rollout.dip_months", integer=True, max_value=24)
with right:
    number_input("rollout.dip_affected_staff", step=1)
    number_input("rollout.dip_monthly_output_per_person", step=100, unit=symbol(currency))

projection = result.projection
dip = dip_cost_curve(case.rollout, projection.months)
ramp = pd.DataFrame({"month": range(projection.months + 1), "benefits": projection.benefits(), "dip": dip})
if has_content(case):  # no flat line of zeros in an empty case
    st.markdown(f"**{t('benefits.ramp_chart')}**")
    show_chart("benefits.ramp", lambda: benefit_ramp(
        ramp, labels={"month": t("chart.month"), "amount": t("chart.monthly_benefit", currency=symbol(currency)),
                      "benefits": t("chart.realised_benefits"), "dip": t("chart.dip"), "go_live": t("chart.go_live")},
        go_live_month=case.rollout.months_to_go_live, currency=currency))
