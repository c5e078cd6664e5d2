"""Risk: how sure is the NPV? Scenarios, the sensitivity tornado, break-even values, what checking an input is
worth, a Monte Carlo simulation and a pilot compared with the other courses of action, all driven by one table of
input ranges."""

import streamlit as st

from crm_case.risk import break_even, monte_carlo, scenarios, tornado
from crm_case.voi import evpi, evppi_table, pilot_paths
from ui import risk as view
from ui.format import chance, money, number, unbroken
from ui.i18n import glossary, input_name, t
from ui.own_case import start_here
from ui.state import (
    amount_input,
    bind,
    cached,
    deterministic_inputs,
    get_case,
    numbers_of,
    simulation,
    stop_page,
    view_toggle,
)

case = get_case()
currency = case.assumptions.currency

st.title(t("risk.title"), help=glossary("npv", "pv", "roi", "irr", "payback", "tei", "pert", "percentiles"))
st.caption(t("risk.caption"))
if start_here("analysis"):  # nothing to analyse in an empty case
    stop_page()

adjusted = view_toggle("risk_adjusted", t("risk.adjusted"), help=t("risk.adjusted.help"))
basis = "adjusted" if adjusted else "unadjusted"


def _simulate(c, previous):
    if c.risk.runs <= 20_000:
        return monte_carlo(c, risk_adjusted=adjusted, previous=previous)
    bar = st.progress(0.0, text=t("risk.mc.running", runs=number(c.risk.runs)))
    result = monte_carlo(c, risk_adjusted=adjusted, progress=lambda share: bar.progress(share), previous=previous)
    bar.empty()
    return result


# each analysis is computed again only when the inputs it reads change: a new seed or number of runs recomputes the
# simulation and what is drawn from it, not the tornado, the break-even values or the scenarios; a rename nothing
mc = simulation(adjusted, _simulate)
table = cached(f"tornado:{basis}", lambda c: tornado(c, risk_adjusted=adjusted), key=deterministic_inputs)
quantiles = mc.quantiles().set_index("metric")

# ---- the key message
top = [input_name(p) for p in mc.drivers["path"].head(2)]
p_positive = mc.probability_positive
message = t("risk.message", p=chance(p_positive)) + (
    t("risk.message.hinges", inputs=t("risk.and").join(top)) if top else "") + t("format.end")
st.markdown(f"## {message}")

cols = st.columns(4)
cols[0].metric(t("risk.p_positive"), unbroken(chance(p_positive)), border=True, help=t("risk.p_positive.help",
                                                                                 runs=number(mc.count)))
for column, q in zip(cols[1:], ("p10", "p50", "p90"), strict=True):
    column.metric(t(f"risk.{q}"), unbroken(money(quantiles.loc["npv", q], currency)), border=True,
                  help=t(f"risk.{q}.help"))
beyond = t("risk.beyond", years=case.assumptions.horizon_years)

# ---- scenarios
st.subheader(t("risk.scenarios"))
st.caption(t("risk.scenarios.caption"))
result = cached("scenarios", lambda c: scenarios(c, table=table if adjusted else None), key=deterministic_inputs)
view.scenarios_view(result, adjusted, basis, currency, beyond)

# ---- tornado and break-even
st.subheader(t("risk.tornado"))
st.caption(t("risk.tornado.caption"))
if table.empty:
    st.info(t("risk.no_inputs"))
else:
    view.tornado_view(table, result.evaluations["base"].metrics(adjusted).npv, basis, currency)
    view.break_even_view(cached(f"break_even:{basis}", lambda c: break_even(c, risk_adjusted=adjusted, table=table),
                                key=deterministic_inputs), currency)

# ---- value of information: what checking an input is worth
st.subheader(t("risk.voi"))
st.caption(t("risk.voi.caption"))
total, worth = cached(f"voi:{basis}", lambda c: (evpi(mc), evppi_table(mc)), key=lambda _c: mc)
view.information_view(mc, total, worth, basis, currency)

# ---- Monte Carlo
st.subheader(t("risk.mc"))
st.caption(t("risk.mc.caption", runs=number(mc.count), seed=mc.seed))
view.npv_distribution(mc, quantiles, basis, currency)
view.irr_and_quantiles(mc, quantiles, basis, currency, beyond)

# ---- a pilot before deciding, against going ahead now, waiting and not investing
st.subheader(t("risk.pilot"))
st.caption(t("risk.pilot.caption"))
view.pilot_form(case, list(dict.fromkeys([*mc.drivers["path"], *(i.path for i in mc.inputs if i.varies)])))
if case.risk.pilot is not None:
    paths = cached(f"pilot_paths:{basis}", lambda c: pilot_paths(c, c.risk.pilot, mc, risk_adjusted=adjusted),
                   key=lambda c: (numbers_of(c), mc))
    view.paths_view(paths, basis, currency)

# ---- settings: ranges, runs and seed
st.subheader(t("risk.ranges"))
st.caption(t("risk.ranges.caption"))
view.ranges_editor(case)
left, right, _ = st.columns([1, 1, 2])
amount_input("risk.runs", container=left, label=t("risk.runs_input"), help=t("risk.runs_input.help"))  # 10,000
bind(st.number_input, "risk.seed", container=right, label=t("risk.seed"), min_value=0, max_value=2**32 - 1, step=1,
     help=t("risk.seed.help"))
