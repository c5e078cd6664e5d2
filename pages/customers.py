"""Customer value: who brings the profit, what each segment is worth and may cost to win, and what the
relationship returned between two snapshots of the same customers."""

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from crm_case import CrmCaseError
from crm_case.customers import (
    HEADERS,
    LOYALTY_GROUPS,
    TIERS,
    analyse,
    link_retention,
    clv_table,
    loyalty_table,
    loyalty_view,
    read_customers,
    retention_inputs,
    return_on_relationship,
    segments_from_data,
    synthetic_customers,
    to_csv,
    with_derived,
)
from crm_case.evaluate import evaluate
from crm_case.model import CustomerValue
from ui.charts import loyalty_scatter, migration_heatmap, whale_curve
from ui.format import money, percent, symbol
from ui.i18n import t
from ui.own_case import sample_notes
from ui.state import (
    apply_editor_state,
    bind,
    commit_items,
    editor_error,
    editor_version,
    get_case,
    get_evaluation,
    set_case,
    show_chart,
    stop_page,
)
from ui.text import literal, no_math

TODAY = dt.date.today()
GROUP_COLOURS = {"true_friends": "#009E73", "butterflies": "#56B4E9", "barnacles": "#E69F00", "strangers": "#999999"}

case = get_case()
currency = case.assumptions.currency
sym = symbol(currency)
top_share = case.customers.top_share


def _sample() -> dict:
    before, after = synthetic_customers(today=TODAY)
    return {"before": with_derived(before.rename(columns={v: k for k, v in HEADERS.items()})),
            "after": with_derived(after.rename(columns={v: k for k, v in HEADERS.items()})),
            "source": t("customers.source.sample"), "version": 0}


data = st.session_state.get("customers:data")
if data is None:
    # A case of one's own (no segments, no figures) starts with no customer data: the sample's rows are offered, not
    # loaded, so nothing of the sample reaches the case unless the user picks it.
    own = not case.customers.segments and not case.customers.summary
    data = {"before": None, "after": None, "source": None, "version": 0} if own else _sample()
    st.session_state["customers:data"] = data
before, after = data["before"], data.get("after")

st.title(t("customers.title"))
st.caption(t("customers.caption"))
sample_notes("customers")

# ---- the data
with st.expander(t("customers.data.none") if before is None else
                 t("customers.data", source=data["source"], count=f"{len(before):,}") +
                 (t("customers.data.after", count=f"{len(after):,}") if after is not None else ""),
                 expanded=before is None, icon=":material/upload_file:"):
    st.markdown(t("customers.format"))
    cols = st.columns(2)  # the files are built only when a button is pressed
    for column, label, index, name in ((cols[0], "customers.sample.before", 0, "customers-before.csv"),
                                       (cols[1], "customers.sample.after", 1, "customers-after.csv")):
        column.download_button(t(label), data=lambda index=index: to_csv(synthetic_customers(today=TODAY)[index]),
                               file_name=name, mime="text/csv", icon=":material/download:", on_click="ignore")
    left, right = st.columns(2)
    upload_before = left.file_uploader(t("customers.upload.before"), type=["csv", "xlsx"],
                                       key="upload-customers-before")
    upload_after = right.file_uploader(t("customers.upload.after"), type=["csv", "xlsx"], key="upload-customers-after")
    for upload, slot in ((upload_before, "before"), (upload_after, "after")):
        if upload is not None and st.session_state.get(f"customers:last:{slot}") != upload.file_id:
            st.session_state[f"customers:last:{slot}"] = upload.file_id
            try:
                frame = read_customers(upload.getvalue(), upload.name, today=TODAY)
                if slot == "after" and data["before"] is None:
                    raise CrmCaseError(t("customers.upload.before_first"))
                if slot == "after":
                    return_on_relationship(data["before"], frame, top_share)  # refuses a pair with no common ids
                new = dict(data) | {slot: frame, "version": data["version"] + 1}
                if slot == "before":
                    new |= {"source": upload.name, "after": None}
                st.session_state["customers:data"] = new
                st.session_state["customers:chosen"] = True
                st.session_state["customers:message"] = ("success", t(f"customers.upload.done.{slot}",
                                                                      name=literal(upload.name),
                                                                      count=f"{len(frame):,}"))
            except CrmCaseError as error:
                st.session_state["customers:message"] = ("error", t("customers.upload.refused",
                                                                     name=literal(upload.name)) +
                                                         "\n\n" + "\n\n".join(f"- {literal(p)}"
                                                                                  for p in error.problems))
            st.rerun()
    if st.button(t("customers.reset" if before is not None else "customers.use_sample"), icon=":material/restart_alt:",
                 key="customers-reset"):
        st.session_state["customers:data"] = _sample() | {"version": data["version"] + 1}
        st.session_state["customers:chosen"] = True
        st.rerun()
if message := st.session_state.pop("customers:message", None):
    (st.success if message[0] == "success" else st.error)(message[1])
if before is None:  # nothing to analyse until the user uploads a file or picks the sample
    st.info(t("customers.none"), icon=":material/upload_file:")
    stop_page()

# Keep the case's aggregates (they go to the Excel export) in step with this session's customer data. The rows
# themselves are never stored: a case from the library or a file keeps the aggregates of the file analysed when
# it was saved, until this session analyses one of its own (an upload, or back to the sample, is a change the
# user made; a new top share or the first fill-in of an empty summary is kept in step without adding a case).
analysis = analyse(before, after, top_share)
aggregates = CustomerValue.model_validate(case.customers.model_dump() | {"summary": analysis.summary()})
chosen = st.session_state.pop("customers:chosen", False)
in_step = not case.customers.summary or case.customers.summary == st.session_state.get("customers:written")
# The sample's customer rows never fill in the figures of a case started blank (no segments, no figures), unless the
# user picks them (the button above, or segments from the data below).
sample_into_own = (data["source"] == t("customers.source.sample") and not case.customers.segments
                   and not case.customers.summary)
if aggregates.summary != case.customers.summary:  # compared once canonicalised, so an unchanged analysis keeps the case
    if chosen or (in_step and not sample_into_own):
        set_case(case.model_copy(update={"customers": aggregates}), derived=not chosen)
        st.session_state["customers:written"] = aggregates.summary
        case = get_case()
    else:
        st.info(t("customers.kept", count=f"{case.customers.summary.get('customers', 0):,.0f}"),
                icon=":material/inventory_2:")

key = f"{data['version']}:{top_share}"
conc, limits, tiers = analysis.concentration, analysis.limits, analysis.tiers

# ---- headline
share = conc.top_profit_share.value
headline = (t("customers.headline", top=percent(top_share, 0), share=percent(share, 0)) if share is not None
            else t("customers.headline.none"))
st.markdown(f"## {headline}")
cols = st.columns(4)
cols[0].metric(t("customers.count"), f"{conc.customers:,}", border=True)
cols[1].metric(t("customers.total_profit"), money(conc.total_profit, currency), border=True,
               help=t("customers.total_profit.help"))
cols[2].metric(t("customers.peak"), percent(conc.peak_share, 0) if conc.total_profit > 0 else "n/a", border=True,
               help=t("customers.peak.help"))
cols[3].metric(t("customers.loss_makers"), f"{conc.loss_makers:,}", delta=money(conc.loss, currency),
               delta_color="off", delta_arrow="off", border=True, help=t("customers.loss_makers.help"))

left, right = st.columns(2)
with left:
    st.subheader(t("customers.whale"))
    if conc.total_profit > 0:
        show_chart(f"customers.whale:{key}", lambda: whale_curve(conc.curve, top_share=top_share, labels={
            "x": t("customers.whale.x"), "y": t("customers.whale.y"), "top": t("customers.whale.top",
                                                                               top=percent(top_share, 0))}))
        st.caption(t("customers.whale.caption"))
    else:
        st.info(literal(conc.top_profit_share.reason))
with right:
    st.subheader(t("customers.tiers"))
    st.caption(t("customers.tiers.caption", top=percent(top_share, 0), threshold=money(limits.top_from, currency)))
    st.dataframe(pd.DataFrame({
        t("customers.tier"): [t(f"customers.tier.{tier}") for tier in TIERS],
        t("customers.count"): [f"{int(tiers.loc[tier, 'customers']):,}" for tier in TIERS],
        t("customers.profit"): [money(tiers.loc[tier, "profit"], currency) for tier in TIERS],
        t("customers.share_profit"): [percent(v, 0) if not np.isnan(v) else "n/a" for v in tiers["share_profit"]],
    }), hide_index=True, width="stretch")
    bind(st.slider, "customers.top_share", label=t("customers.top_share"), help=t("customers.top_share.help"),
         min_value=5, max_value=50, step=5, format="%d %%", to_widget=lambda v: int(round(v * 100)),
         from_widget=lambda v: v / 100)

# ---- loyalty vs profitability
st.subheader(t("customers.loyalty"))
st.caption(t("customers.loyalty.caption"))
view = loyalty_view(before)
left, right = st.columns(2)
with left:
    names = {g: t(f"customers.group.{g}") for g in LOYALTY_GROUPS}
    shown = view.sample(min(len(view), 2_500), random_state=1) if len(view) > 2_500 else view
    points = shown[["customer_id", "segment", "tenure_years", "profit"]].assign(group_label=shown["group"].map(names))
    show_chart(f"customers.loyalty:{key}", lambda: loyalty_scatter(
        points, medians=(view.attrs["tenure_median"], view.attrs["profit_median"]),
        colours={names[g]: c for g, c in GROUP_COLOURS.items()},
        labels={"x": t("customers.tenure"), "y": t("customers.profit_axis", currency=sym), "id": t("customers.id"),
                "segment": t("customers.segment")}))
    if len(view) > 2_500:
        st.caption(t("customers.loyalty.sampled", shown=f"{len(shown):,}", count=f"{len(view):,}"))
with right:
    groups = loyalty_table(view)
    st.dataframe(pd.DataFrame({
        t("customers.group"): [names[g] for g in groups["group"]],
        t("customers.count"): [f"{n:,}" for n in groups["customers"]],
        t("customers.profit"): [money(v, currency) for v in groups["profit"]],
        t("customers.mean_tenure"): [f"{v:.1f}" if not np.isnan(v) else "n/a" for v in groups["mean_tenure"]],
    }), hide_index=True, width="stretch")
    st.caption(t("customers.groups.caption"))

# ---- return on relationship
st.subheader(t("customers.ror"))
if after is None:
    st.info(t("customers.ror.none"))
else:
    ror = analysis.ror
    table = ror.by_tier.set_index("tier")
    middle = table.loc["middle"]
    change = ror.profit_after - ror.profit_before
    st.markdown(no_math(t("customers.ror.summary", common=f"{ror.common:,}", left=f"{ror.left:,}",
                          joined=f"{ror.joined:,}", before=money(ror.profit_before, currency),
                          after=money(ror.profit_after, currency),
                          change=("+" if change >= 0 else "") + money(change, currency))))
    growth = ror.middle_growth.value
    st.markdown(no_math("- " + (t("customers.ror.middle", moved=f"{ror.middle_moved_up:,}",
                          count=f"{int(middle['customers']):,}", before=money(middle["mean_profit_before"], currency),
                          after=money(middle["mean_profit_after"], currency),
                          change=("+" if growth >= 0 else "−") + percent(abs(growth), 0),
                          verdict=t("customers.ror.yes" if growth > 0 else "customers.ror.no"))
                        if growth is not None else ror.middle_growth.reason)))
    st.markdown("- " + t("customers.ror.lose", now=f"{ror.lose_now_profitable:,}", kept=f"{ror.lose_retained:,}",
                         count=f"{int(table.loc['lose', 'customers']):,}",
                         verdict=t("customers.ror.yes" if ror.lose_now_profitable else "customers.ror.no")))
    left, right = st.columns([1, 1])
    with left:
        tier_names = {tier: t(f"customers.tier.{tier}") for tier in TIERS} | {"left": t("customers.left")}
        long = ror.migration.stack().rename("customers").reset_index()
        long.columns = ["before", "after", "customers"]
        long = long.assign(before=long["before"].map(tier_names), after=long["after"].map(tier_names),
                           dark=long["customers"] > long["customers"].max() / 2)
        show_chart(f"customers.migration:{key}", lambda: migration_heatmap(long, labels={
            "before": t("customers.migration.before"), "after": t("customers.migration.after"),
            "customers": t("customers.count")}))
        st.caption(t("customers.migration.caption", threshold=money(ror.limits.top_from, currency)))
    with right:
        st.dataframe(pd.DataFrame({
            t("customers.tier"): [tier_names[tier] for tier in table.index],
            t("customers.retention"): [percent(v, 0) for v in table["retention"]],
            t("customers.mean_before"): [money(v, currency) for v in table["mean_profit_before"]],
            t("customers.mean_after"): [money(v, currency) for v in table["mean_profit_after"]],
            t("customers.change"): [percent(v, 0) if not np.isnan(v) else "n/a" for v in table["profit_change"]],
            t("customers.orders"): [f"{b:.1f} → {a:.1f}" for b, a in zip(table["mean_orders_per_year_before"],
                                                                            table["mean_orders_per_year_after"])],
        }), hide_index=True, width="stretch")
        st.caption(t("customers.ror.caption"))

# ---- lifetime value by segment
st.subheader(t("customers.clv"))
rate = case.assumptions.discount_rate
st.caption(t("customers.clv.caption", rate=percent(rate, 0)))
clv = clv_table(case.customers.segments, rate)
st.dataframe(pd.DataFrame({
    t("customers.segment"): clv["segment"],
    t("customers.clv.value"): [money(v, currency) for v in clv["clv"]],
    t("customers.clv.infinite"): [money(v, currency) if not np.isnan(v) else "n/a" for v in clv["clv_infinite"]],
    t("customers.clv.net"): [money(v, currency) for v in clv["net_clv"]],
    t("customers.clv.max_acquisition"): [money(v, currency) for v in clv["max_acquisition"]],
    t("customers.clv.max_marketing"): [money(v, currency) if not np.isnan(v) else "n/a"
                                       for v in clv["max_yearly_marketing"]],
    t("customers.clv.segment_value"): [money(v, currency) for v in clv["segment_value"]],
    t("customers.clv.budget"): [money(v, currency) for v in clv["yearly_budget"]],
}), hide_index=True, width="stretch")
st.caption(t("customers.clv.guidance"))

fields = ["name", "customers", "annual_margin", "retention", "acquisition_cost", "horizon_years"]
columns = {f: t(f"customers.segment.{f}", currency=sym) for f in fields}


def _segment_rows(current) -> list[dict]:
    return [s.model_dump(mode="json") | {"retention": round(s.retention * 100, 6)} for s in current.customers.segments]


def _segments_edit(key: str) -> None:
    rows = apply_editor_state(_segment_rows(get_case()), st.session_state[key],
                              lambda n: {"name": t("customers.segment.new", n=n), "retention": 80.0,
                                         "horizon_years": 10})
    items = [{f: (row[f] / 100.0 if f == "retention" and row.get(f) is not None else row.get(f)) for f in fields
              if row.get(f) is not None} for _, row in rows]
    commit_items("customers.segments", items, columns)


ekey = f"editor:segments:{editor_version('customers.segments')}"
st.data_editor(pd.DataFrame(_segment_rows(case), columns=fields), key=ekey, num_rows="dynamic", hide_index=True,
               width="stretch", on_change=_segments_edit, args=(ekey,), column_config={
                   "name": st.column_config.TextColumn(columns["name"], required=True),
                   "customers": st.column_config.NumberColumn(columns["customers"], min_value=0.0, format="localized"),
                   "annual_margin": st.column_config.NumberColumn(columns["annual_margin"], format="localized"),
                   "retention": st.column_config.NumberColumn(columns["retention"], min_value=0.0, max_value=100.0,
                                                              format="%.1f %%"),
                   "acquisition_cost": st.column_config.NumberColumn(columns["acquisition_cost"], min_value=0.0,
                                                                     format="localized"),
                   "horizon_years": st.column_config.NumberColumn(columns["horizon_years"], min_value=1, max_value=50,
                                                                  step=1),
               })
if message := editor_error("customers.segments"):
    st.error(literal(message), icon=":material/block:")

left, right = st.columns(2)
if left.button(t("customers.segments.from_data"), icon=":material/table_rows:", key="segments-from-data",
               help=t("customers.segments.from_data.help")):
    rows = segments_from_data(before, after, case.customers.segments, 1 - case.drivers.retention.churn_before
                              if case.drivers.retention.churn_before else 0.8)
    if commit_items("customers.segments", rows, columns):
        st.session_state["customers:message"] = ("success", t("customers.segments.done", count=len(rows)))
    st.rerun()

# ---- link to the business case
inputs = retention_inputs(before)
driver = case.drivers.retention
linked = (driver.enabled and driver.customers == inputs["customers"]
          and abs(driver.annual_margin_per_customer - inputs["annual_margin_per_customer"]) < 0.01)
if right.button(t("customers.link", customers=f"{inputs['customers']:,.0f}",
                  margin=money(inputs["annual_margin_per_customer"], currency)), icon=":material/link:",
                key="customers-to-retention", disabled=linked, type="primary", help=t("customers.link.help")):
    try:
        new_case = link_retention(case, before)
    except CrmCaseError as error:  # customers who lose money on average: nothing to retain
        st.session_state["customers:message"] = ("error", literal(str(error)))
    else:
        before_npv = get_evaluation().adjusted.npv
        set_case(new_case)
        st.session_state["customers:message"] = ("success", t("customers.link.done", before=money(before_npv, currency),
                                                              after=money(evaluate(new_case).adjusted.npv, currency)))
    st.rerun()
if linked:
    right.caption(t("customers.link.linked"))
