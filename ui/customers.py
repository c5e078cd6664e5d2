"""The Customer value page's parts: the session's customer data (sample or uploads), the whale curve and tiers,
loyalty vs profitability, the return on relationship, lifetime value by segment, the segments table and the link
to the retention driver. When the data changes the case is :mod:`crm_case.customers`' rule; these helpers draw."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from crm_case import Case, CrmCaseError, from_percent, to_percent
from crm_case.customers import (
    HEADERS,
    LOYALTY_GROUPS,
    TIERS,
    Analysis,
    case_segments_from_data,
    clv_table,
    link_retention,
    loyalty_table,
    loyalty_view,
    read_customers,
    retention_inputs,
    retention_linked,
    return_on_relationship,
    synthetic_customers,
    to_csv,
    with_derived,
)
from crm_case.evaluate import evaluate
from ui import state
from ui.charts import loyalty_scatter, migration_heatmap, whale_curve
from ui.format import column_width, money, number, percent, symbol, unbroken
from ui.i18n import localized, t
from ui.items import wide_table
from ui.text import literal, no_math

DATA = "customers:data"
MESSAGE = "customers:message"
GROUP_COLOURS = {"true_friends": "#009E73", "butterflies": "#56B4E9", "barnacles": "#E69F00", "strangers": "#999999"}
SEGMENT_FIELDS = ["name", "customers", "annual_margin", "retention", "acquisition_cost", "horizon_years"]


def sample_data(today: dt.date) -> dict[str, Any]:
    """The synthetic customer base (before and after) as the page's data."""
    before, after = synthetic_customers(today=today)
    return {"before": with_derived(before.rename(columns={v: k for k, v in HEADERS.items()})),
            "after": with_derived(after.rename(columns={v: k for k, v in HEADERS.items()})),
            "source": t("customers.source.sample"), "version": 0}


def _take_upload(upload: Any, slot: str, data: dict[str, Any], top_share: float, today: dt.date) -> None:
    """Read an uploaded before or after file into the session's data, or say why not."""
    try:
        frame = read_customers(upload.getvalue(), upload.name, today=today)
        if slot == "after" and data["before"] is None:
            raise CrmCaseError(t("customers.upload.before_first"))
        if slot == "after":
            return_on_relationship(data["before"], frame, top_share)  # refuses a pair with no common ids
        new = dict(data) | {slot: frame, "version": data["version"] + 1}
        if slot == "before":
            new |= {"source": upload.name, "after": None}
        st.session_state[DATA] = new
        st.session_state["customers:chosen"] = True
        st.session_state[MESSAGE] = ("success", t(f"customers.upload.done.{slot}", name=literal(upload.name),
                                                  count=number(len(frame))))
    except CrmCaseError as error:
        st.session_state[MESSAGE] = ("error", t("customers.upload.refused", name=literal(upload.name)) + "\n\n" +
                                     "\n\n".join(f"- {literal(localized(p))}" for p in error.problems))


def data_panel(data: dict[str, Any], top_share: float, today: dt.date) -> None:
    """What data the page analyses, the sample files to download, the two uploads and back to the sample."""
    before, after = data["before"], data.get("after")
    with st.expander(t("customers.data.none") if before is None else
                     t("customers.data", source=data["source"], count=number(len(before))) +
                     (t("customers.data.after", count=number(len(after))) if after is not None else ""),
                     expanded=before is None, icon=":material/upload_file:"):
        st.markdown(t("customers.format"))
        cols = st.columns(2)  # the files are built only when a button is pressed
        for column, label, index, name in ((cols[0], "customers.sample.before", 0, "customers-before.csv"),
                                           (cols[1], "customers.sample.after", 1, "customers-after.csv")):
            column.download_button(t(label), data=lambda index=index: to_csv(synthetic_customers(today=today)[index]),
                                   file_name=name, mime="text/csv", icon=":material/download:", on_click="ignore")
        left, right = st.columns(2)
        uploads = (left.file_uploader(t("customers.upload.before"), type=["csv", "xlsx"],
                                      key="upload-customers-before"),
                   right.file_uploader(t("customers.upload.after"), type=["csv", "xlsx"],
                                       key="upload-customers-after"))
        for upload, slot in zip(uploads, ("before", "after"), strict=True):
            if upload is not None and st.session_state.get(f"customers:last:{slot}") != upload.file_id:
                st.session_state[f"customers:last:{slot}"] = upload.file_id
                _take_upload(upload, slot, data, top_share, today)
                st.rerun()
        if st.button(t("customers.reset" if before is not None else "customers.use_sample"),
                     icon=":material/restart_alt:", key="customers-reset"):
            st.session_state[DATA] = sample_data(today) | {"version": data["version"] + 1}
            st.session_state["customers:chosen"] = True
            st.rerun()


def headline(analysis: Analysis, top_share: float, currency: str) -> None:
    """The profit share of the top customers, and four figures of the base."""
    conc = analysis.concentration
    share = conc.top_profit_share.value
    text = (t("customers.headline", top=unbroken(percent(top_share, 0)), share=unbroken(percent(share, 0)))
            if share is not None
            else t("customers.headline.none"))
    st.markdown(f"## {text}")
    cols = st.columns(4)
    cols[0].metric(t("customers.count"), number(conc.customers), border=True)
    cols[1].metric(t("customers.total_profit"), money(conc.total_profit, currency), border=True,
                   help=t("customers.total_profit.help"))
    cols[2].metric(t("customers.peak"), percent(conc.peak_share if conc.total_profit > 0 else None, 0),
                   border=True,
                   help=t("customers.peak.help"))
    cols[3].metric(t("customers.loss_makers"), number(conc.loss_makers), delta=money(conc.loss, currency),
                   delta_color="off", delta_arrow="off", border=True, help=t("customers.loss_makers.help"))


def whale(analysis: Analysis, top_share: float, currency: str, key: str) -> None:
    """The whale curve (or why there is none)."""
    conc = analysis.concentration
    st.subheader(t("customers.whale"))
    if conc.total_profit > 0:
        state.show_chart(f"customers.whale:{key}", lambda: whale_curve(conc.curve, top_share=top_share, labels={
            "x": t("customers.whale.x"), "y": t("customers.whale.y"),
            "top": t("customers.whale.top", top=percent(top_share, 0))}))
        st.caption(t("customers.whale.caption"))
    else:
        st.info(literal(localized(conc.top_profit_share.reason)))


def tiers(analysis: Analysis, top_share: float, currency: str) -> None:
    """Customers and profit by tier (top, middle, lose)."""
    table = analysis.tiers
    st.subheader(t("customers.tiers"))
    st.caption(t("customers.tiers.caption", top=percent(top_share, 0),
                 threshold=money(analysis.limits.top_from, currency)))
    st.dataframe(pd.DataFrame({
        t("customers.tier"): [t(f"customers.tier.{tier}") for tier in TIERS],
        t("customers.count"): [number(int(table.loc[tier, 'customers'])) for tier in TIERS],
        t("customers.profit"): [money(table.loc[tier, "profit"], currency) for tier in TIERS],
        t("customers.share_profit"): [percent(v, 0) for v in table["share_profit"]],
    }), hide_index=True, width="stretch")


def loyalty(before: pd.DataFrame, currency: str, key: str) -> None:
    """Loyalty vs profitability: the four groups as a scatter and a table."""
    st.subheader(t("customers.loyalty"))
    st.caption(t("customers.loyalty.caption"))
    view = loyalty_view(before)
    names = {g: t(f"customers.group.{g}") for g in LOYALTY_GROUPS}
    left, right = st.columns(2)
    with left:
        shown = view.sample(min(len(view), 2_500), random_state=1) if len(view) > 2_500 else view
        points = shown[["customer_id", "segment", "tenure_years", "profit"]].assign(
            group_label=shown["group"].map(names))
        state.show_chart(f"customers.loyalty:{key}", lambda: loyalty_scatter(
            points, medians=(view.attrs["tenure_median"], view.attrs["profit_median"]),
            colours={names[g]: c for g, c in GROUP_COLOURS.items()},
            labels={"x": t("customers.tenure"), "y": t("customers.profit_axis", currency=symbol(currency)),
                    "id": t("customers.id"), "segment": t("customers.segment")}, currency=currency))
        if len(view) > 2_500:
            st.caption(t("customers.loyalty.sampled", shown=number(len(shown)), count=number(len(view))))
    with right:
        groups = loyalty_table(view)
        st.dataframe(pd.DataFrame({
            t("customers.group"): [names[g] for g in groups["group"]],
            t("customers.count"): [number(n) for n in groups["customers"]],
            t("customers.profit"): [money(v, currency) for v in groups["profit"]],
            t("customers.mean_tenure"): [number(v, "0.0") for v in groups["mean_tenure"]],
        }), hide_index=True, width="stretch")
        st.caption(t("customers.groups.caption"))


def _ror_text(ror: Any, currency: str) -> None:
    table = ror.by_tier.set_index("tier")
    middle = table.loc["middle"]
    change = ror.profit_after - ror.profit_before
    st.markdown(no_math(t("customers.ror.summary", common=number(ror.common), left=number(ror.left),
                          joined=number(ror.joined), before=money(ror.profit_before, currency),
                          after=money(ror.profit_after, currency),
                          change=("+" if change >= 0 else "") + money(change, currency))))
    growth = ror.middle_growth.value
    st.markdown(no_math("- " + (t("customers.ror.middle", moved=number(ror.middle_moved_up),
                                  count=number(int(middle['customers'])),
                                  before=money(middle["mean_profit_before"], currency),
                                  after=money(middle["mean_profit_after"], currency),
                                  change=("+" if growth >= 0 else "−") + percent(abs(growth), 0),
                                  verdict=t("customers.ror.yes" if growth > 0 else "customers.ror.no"))
                                if growth is not None else localized(ror.middle_growth.reason))))
    st.markdown("- " + t("customers.ror.lose", now=number(ror.lose_now_profitable), kept=number(ror.lose_retained),
                         count=number(int(table.loc['lose', 'customers'])),
                         verdict=t("customers.ror.yes" if ror.lose_now_profitable else "customers.ror.no")))


def return_on_relationship_view(analysis: Analysis, currency: str, key: str) -> None:
    """What the relationship returned between the two snapshots: the sentences, the migration heatmap and the
    table by tier (or how to get them: an after file)."""
    st.subheader(t("customers.ror"))
    ror = analysis.ror
    if ror is None:
        st.info(t("customers.ror.none"))
        return
    _ror_text(ror, currency)
    table = ror.by_tier.set_index("tier")
    tier_names = {tier: t(f"customers.tier.{tier}") for tier in TIERS} | {"left": t("customers.left")}
    left, right = st.columns([1, 1])
    with left:
        long = ror.migration.stack().rename("customers").reset_index()
        long.columns = ["before", "after", "customers"]
        long = long.assign(before=long["before"].map(tier_names), after=long["after"].map(tier_names),
                           dark=long["customers"] > long["customers"].max() / 2)
        state.show_chart(f"customers.migration:{key}", lambda: migration_heatmap(long, labels={
            "before": t("customers.migration.before"), "after": t("customers.migration.after"),
            "customers": t("customers.count")}))
        st.caption(t("customers.migration.caption", threshold=money(ror.limits.top_from, currency)))
    with right:
        st.dataframe(pd.DataFrame({
            t("customers.tier"): [tier_names[tier] for tier in table.index],
            t("customers.retention"): [percent(v, 0) for v in table["retention"]],
            t("customers.mean_before"): [money(v, currency) for v in table["mean_profit_before"]],
            t("customers.mean_after"): [money(v, currency) for v in table["mean_profit_after"]],
            t("customers.change"): [percent(v, 0) for v in table["profit_change"]],
            t("customers.orders"): [f"{b:.1f} → {a:.1f}" for b, a in zip(table["mean_orders_per_year_before"],
                                                                            table["mean_orders_per_year_after"],
                                                                            strict=True)],
        }), hide_index=True, width="stretch")
        st.caption(t("customers.ror.caption"))


def lifetime_value(case: Case) -> None:
    """Lifetime value by segment and what it allows to spend."""
    currency = case.assumptions.currency
    st.subheader(t("customers.clv"))
    st.caption(t("customers.clv.caption", rate=percent(case.assumptions.discount_rate, 0)))
    clv = clv_table(case.customers.segments, case.assumptions.discount_rate)
    figures = {
        t("customers.clv.value"): [money(v, currency) for v in clv["clv"]],
        t("customers.clv.infinite"): [money(v, currency) for v in clv["clv_infinite"]],
        t("customers.clv.net"): [money(v, currency) for v in clv["net_clv"]],
        t("customers.clv.max_acquisition"): [money(v, currency) for v in clv["max_acquisition"]],
        t("customers.clv.max_marketing"): [money(v, currency) if not np.isnan(v) else t("format.na")
                                           for v in clv["max_yearly_marketing"]],
        t("customers.clv.segment_value"): [money(v, currency) for v in clv["segment_value"]],
        t("customers.clv.budget"): [money(v, currency) for v in clv["yearly_budget"]],
    }
    # a row per figure and a column per segment, static: it wraps to the page (eight columns scrolled at 1024 px)
    st.table(pd.DataFrame([[name, *values] for name, values in figures.items()],
                          columns=[t("risk.figure"), *clv["segment"]]).set_index(t("risk.figure")))
    st.caption(t("customers.clv.guidance"))


def _segment_rows(case: Case) -> list[dict]:
    return [s.model_dump(mode="json") | {"retention": to_percent(s.retention)} for s in case.customers.segments]


def _new_segment(n: int) -> dict[str, Any]:
    return {"name": t("customers.segment.new", n=n), "retention": 80.0, "horizon_years": 10}


def _segments_edit(columns: dict[str, str], rows: state.Rows, _before: state.Rows) -> bool:
    items = [{f: (from_percent(row[f]) if f == "retention" and row.get(f) is not None else row.get(f))
              for f in SEGMENT_FIELDS if row.get(f) is not None} for _, row in rows]
    return state.commit_items("customers.segments", items, columns, redraw=False)


def segments_editor(case: Case) -> dict[str, str]:
    """The segments table (retention in %); returns its column labels."""
    columns = {f: t(f"customers.segment.{f}", currency=symbol(case.assumptions.currency)) for f in SEGMENT_FIELDS}
    column = st.column_config
    rows = _segment_rows(case)
    widest = {"customers": number(1_000_000, "#,##0"), "annual_margin": number(1_000_000, "#,##0"),
              "retention": number(100, "0.0") + " %", "acquisition_cost": number(1_000_000, "#,##0"),
              "horizon_years": "50"}

    def width(field: str, maximum: int = 104) -> int:
        """From the header and the widest value the field takes, never from the rows: a width that followed them
        changed the editor's id at a commit and the browser replaced it mid-typing (ARCHITECTURE, "Inputs and
        tables"). A header cut short is whole in its help."""
        return column_width([widest[field]], columns[field], maximum=maximum)

    with wide_table("segments"):  # every column in view at 1024 px
        state.table_editor(
            "customers.segments", "segments", rows, SEGMENT_FIELDS, new_row=_new_segment,
            on_rows=lambda edited, before: _segments_edit(columns, edited, before),
            num_rows="dynamic", hide_index=True, width="content", column_config={
                "name": column.TextColumn(columns["name"], required=True, pinned=True, width=140),
                "customers": column.NumberColumn(columns["customers"], min_value=0.0, format="localized",
                                                 help=columns["customers"], width=width("customers")),
                "annual_margin": column.NumberColumn(columns["annual_margin"], format="localized",
                                                     help=columns["annual_margin"], width=width("annual_margin")),
                "retention": column.NumberColumn(columns["retention"], min_value=0.0, max_value=100.0,
                                                 format="%.1f %%", help=columns["retention"],
                                                 width=width("retention")),
                "acquisition_cost": column.NumberColumn(columns["acquisition_cost"], min_value=0.0,
                                                        format="localized", help=columns["acquisition_cost"],
                                                        width=width("acquisition_cost")),
                "horizon_years": column.NumberColumn(columns["horizon_years"], min_value=1, max_value=50, step=1,
                                                     help=columns["horizon_years"],
                                                     width=width("horizon_years", 90)),
            })
    if message := state.editor_error("customers.segments"):
        st.error(literal(message), icon=":material/block:")
    return columns


def segments_from_data_button(container: Any, case: Case, data: dict[str, Any], columns: dict[str, str]) -> None:
    """Segments measured from the data, in place of the table's."""
    if container.button(t("customers.segments.from_data"), icon=":material/table_rows:", key="segments-from-data",
                        help=t("customers.segments.from_data.help")):
        rows = case_segments_from_data(case, data["before"], data.get("after"))
        if state.commit_items("customers.segments", rows, columns):
            st.session_state[MESSAGE] = ("success", t("customers.segments.done", count=len(rows)))
        st.rerun()


def link_button(container: Any, case: Case, before: pd.DataFrame, npv_before: float) -> None:
    """One click feeds the retention driver from the data (or says why it cannot)."""
    currency = case.assumptions.currency
    inputs = retention_inputs(before)
    linked = retention_linked(case, before)
    if container.button(t("customers.link", customers=number(inputs['customers'], "#,##0"),
                          margin=money(inputs["annual_margin_per_customer"], currency)), icon=":material/link:",
                        key="customers-to-retention", disabled=linked, type="primary", help=t("customers.link.help")):
        try:
            new_case = link_retention(case, before)
        except CrmCaseError as error:  # customers who lose money on average: nothing to retain
            st.session_state[MESSAGE] = ("error", literal(localized(error)))
        else:
            state.set_case(new_case)
            st.session_state[MESSAGE] = ("success", t("customers.link.done", before=money(npv_before, currency),
                                                      after=money(evaluate(new_case).adjusted.npv, currency)))
        st.rerun()
    if linked:
        container.caption(t("customers.link.linked"))
