"""Charts as pure functions: tidy data in, an Altair chart out (no Streamlit, testable without a browser).

Every axis has a title with its unit; money axes use thousands separators; colours come from the
Okabe-Ito palette, which stays distinct for colour-blind readers and on projectors.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
CATEGORY_COLOURS = {"IT": "#0072B2", "People": "#E69F00", "Process": "#CC79A7"}
AREA_COLOURS = {"Marketing": "#56B4E9", "Sales": "#009E73", "Service": "#D55E00"}

MONEY = ",.0f"
FONT = 14


def amount_axis() -> alt.Axis:
    """The axis of every amount: 200k, 1.2M... (SI prefixes), and its zero as a plain 0 (Vega would write it
    with the scale's prefix, "0M")."""
    return alt.Axis(format="~s", labelExpr="datum.value == 0 ? '0' : datum.label")


def _style(chart: alt.Chart | alt.LayerChart, height: int) -> alt.Chart | alt.LayerChart:
    return chart.properties(height=height).configure_axis(
        labelFontSize=FONT, titleFontSize=FONT
    ).configure_legend(labelFontSize=FONT, titleFontSize=FONT, orient="bottom").configure_title(fontSize=FONT + 2)


def _palette(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def j_curve(
    monthly: pd.DataFrame,
    *,
    currency: str,
    labels: dict[str, str],
    go_live_month: int | None = None,
    break_even_month: float | None = None,
    series: tuple[str, ...] = ("cumulative_net",),
    height: int = 340,
) -> alt.LayerChart:
    """Cumulative net cash flow per month (the J-curve) with zero, go-live and break-even marked.

    ``monthly`` has a ``month`` column and the ``series`` columns (money); ``labels`` maps each series and
    the keys ``month``, ``amount``, ``go_live``, ``break_even``, ``series`` to display text.
    """
    tidy = monthly.melt(id_vars="month", value_vars=list(series), var_name="series", value_name="amount")
    tidy["series"] = tidy["series"].map(labels)
    names = [labels[s] for s in series]
    colours = alt.Scale(domain=names, range=OKABE_ITO[: len(names)])
    lines = alt.Chart(tidy).mark_line(strokeWidth=3).encode(
        x=alt.X("month:Q", title=labels["month"], scale=alt.Scale(nice=False)),
        y=alt.Y("amount:Q", title=labels["amount"], axis=amount_axis()),
        color=alt.Color("series:N", title=labels["series"], scale=colours,
                        legend=alt.Legend(orient="bottom") if len(series) > 1 else None),
        tooltip=[
            alt.Tooltip("series:N", title=labels["series"]),
            alt.Tooltip("month:Q", title=labels["month"]),
            alt.Tooltip("amount:Q", title=labels["amount"], format=MONEY),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#666", strokeDash=[2, 2]).encode(y="y:Q")
    layers: list[alt.Chart] = [zero, lines]
    marks = []
    if go_live_month is not None:
        marks.append({"month": go_live_month, "label": labels["go_live"], "colour": "#555555"})
    if break_even_month is not None:
        marks.append({"month": break_even_month, "label": labels["break_even"], "colour": "#009E73"})
    if marks:
        frame = pd.DataFrame(marks)
        rules = alt.Chart(frame).mark_rule(strokeWidth=2, strokeDash=[6, 4]).encode(
            x="month:Q", color=alt.Color("colour:N", scale=None),
            tooltip=[alt.Tooltip("label:N", title=labels["series"]), alt.Tooltip("month:Q", format=".1f",
                                                                                  title=labels["month"])],
        )
        text = alt.Chart(frame).mark_text(align="left", dx=5, dy=-6, fontSize=FONT, fontWeight="bold").encode(
            x="month:Q", y=alt.value(12), text="label:N", color=alt.Color("colour:N", scale=None)
        )
        layers += [rules, text]
    return _style(alt.layer(*layers), height)


def group_bars(
    totals: pd.DataFrame, *, colours: dict[str, str], currency: str, group_title: str, amount_title: str,
    height: int = 200,
) -> alt.Chart:
    """Horizontal bars of ``amount`` per ``group`` (cost category or benefit area), labelled with the value."""
    base = alt.Chart(totals).encode(
        y=alt.Y("group:N", title=group_title, sort=list(colours)),
        x=alt.X("amount:Q", title=amount_title, axis=amount_axis()),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("group:N", scale=_palette(colours), legend=None),
        tooltip=[alt.Tooltip("group:N", title=group_title), alt.Tooltip("amount:Q", title=amount_title, format=MONEY)],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT).encode(text=alt.Text("amount:Q", format=",.0f"))
    return _style(alt.layer(bars, text), height)


def yearly_bars(
    yearly: pd.DataFrame, *, colours: dict[str, str], period_title: str, group_title: str, amount_title: str,
    stacked: bool = True, height: int = 320,
) -> alt.Chart:
    """Bars of ``amount`` per ``period`` (Initial, Year 1...) by ``group``: stacked (costs by category), or
    side by side (costs vs benefits) when ``stacked`` is False."""
    order = list(dict.fromkeys(yearly["period"]))
    encoding = {"xOffset": alt.XOffset("group:N", sort=list(colours))} if not stacked else {}
    return _style(
        alt.Chart(yearly).mark_bar().encode(
            x=alt.X("period:N", title=period_title, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("amount:Q", title=amount_title, axis=amount_axis(), stack="zero" if stacked else None),
            color=alt.Color("group:N", title=group_title, scale=_palette(colours)),
            tooltip=[
                alt.Tooltip("period:N", title=period_title),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("amount:Q", title=amount_title, format=MONEY),
            ],
            **encoding,
        ),
        height,
    )


def benefit_ramp(
    monthly: pd.DataFrame, *, labels: dict[str, str], go_live_month: int, height: int = 300
) -> alt.LayerChart:
    """Monthly realised benefits (area, above zero) and the go-live dip (bars, below zero).

    ``monthly`` has ``month``, ``benefits`` and ``dip`` (positive lost output, drawn as negative).
    """
    data = monthly.assign(dip=-monthly["dip"])
    x = alt.X("month:Q", title=labels["month"], scale=alt.Scale(nice=False))
    y_title = labels["amount"]
    area = alt.Chart(data).mark_area(opacity=0.6, color="#009E73", line={"color": "#009E73"}).encode(
        x=x, y=alt.Y("benefits:Q", title=y_title, axis=amount_axis()),
        tooltip=[alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("benefits:Q", title=labels["benefits"], format=MONEY)],
    )
    dip = alt.Chart(data[data["dip"] < 0]).mark_bar(color="#D55E00", width=8).encode(
        x=x, y=alt.Y("dip:Q", title=y_title),
        tooltip=[alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("dip:Q", title=labels["dip"], format=MONEY)],
    )
    rule = alt.Chart(pd.DataFrame({"month": [go_live_month], "label": [labels["go_live"]]}))
    marks = rule.mark_rule(strokeDash=[6, 4], color="#555").encode(x="month:Q") + rule.mark_text(
        align="left", dx=5, y=12, fontSize=FONT, fontWeight="bold", color="#555"
    ).encode(x="month:Q", text="label:N")
    legend = pd.DataFrame({"series": [labels["benefits"], labels["dip"]], "month": [0, 0], "v": [0, 0]})
    key = alt.Chart(legend).mark_point(opacity=0, filled=True).encode(
        x="month:Q", y="v:Q",
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=["#009E73", "#D55E00"]),
                        legend=alt.Legend(orient="bottom", symbolOpacity=1, symbolType="square")),
    )
    return _style(alt.layer(area, dip, marks, key), height)


def waterfall(parts: pd.DataFrame, *, total_label: str, amount_title: str, part_title: str,
              height: int = 360) -> alt.LayerChart:
    """A horizontal waterfall: each ``part`` (top to bottom) adds its ``amount`` to a running total, then
    the total bar. Positive steps in vermillion (costs of waiting), negative in bluish green, the total in
    blue; each bar is labelled with its amount."""
    running = parts["amount"].cumsum()
    steps = pd.DataFrame({
        "part": parts["part"],
        "start": running - parts["amount"],
        "end": running,
        "amount": parts["amount"],
        "kind": np.where(parts["amount"] >= 0, "up", "down"),
    })
    total = float(running.iloc[-1]) if len(running) else 0.0
    steps = pd.concat([steps, pd.DataFrame([{"part": total_label, "start": 0.0, "end": total, "amount": total,
                                             "kind": "total"}])], ignore_index=True)
    steps["label_at"] = steps[["start", "end"]].max(axis=1)
    order = list(steps["part"])
    colours = alt.Scale(domain=["up", "down", "total"], range=["#D55E00", "#009E73", "#0072B2"])
    base = alt.Chart(steps).encode(y=alt.Y("part:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar(size=22).encode(
        x=alt.X("start:Q", title=amount_title, axis=amount_axis()), x2="end:Q",
        color=alt.Color("kind:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("part:N", title=part_title), alt.Tooltip("amount:Q", title=amount_title, format=MONEY)],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT - 1).encode(
        x="label_at:Q", text=alt.Text("amount:Q", format=",.0f"))
    return _style(alt.layer(bars, text), height)


def stacked_area(tidy: pd.DataFrame, *, x_title: str, amount_title: str, series_title: str, order: list[str],
                 marker: float | None = None, height: int = 360) -> alt.LayerChart:
    """Stacked areas of ``amount`` over ``x`` by ``series`` (drawn in ``order``), with an optional rule at
    ``marker`` on the x axis."""
    colours = alt.Scale(domain=order, range=(OKABE_ITO * 2)[: len(order)])
    area = alt.Chart(tidy).mark_area(opacity=0.85).encode(
        x=alt.X("x:Q", title=x_title, scale=alt.Scale(nice=False)),
        y=alt.Y("amount:Q", title=amount_title, axis=amount_axis(), stack="zero"),
        color=alt.Color("series:N", title=series_title, scale=colours, sort=order,
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=260)),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("series:N", title=series_title), alt.Tooltip("x:Q", title=x_title),
                 alt.Tooltip("amount:Q", title=amount_title, format=MONEY)],
    )
    layers: list[alt.Chart] = [area]
    if marker is not None:
        layers.append(alt.Chart(pd.DataFrame({"x": [marker]})).mark_rule(strokeDash=[6, 4], strokeWidth=2,
                                                                         color="#000").encode(x="x:Q"))
    return _style(alt.layer(*layers), height)


def gap_chart(paths: pd.DataFrame, *, labels: dict[str, str], height: int = 340) -> alt.LayerChart:
    """Cumulative net cash flow starting now vs starting later (columns ``month``, ``start_now``,
    ``start_later``), the gap between them shaded."""
    tidy = paths.melt(id_vars="month", value_vars=["start_now", "start_later"], var_name="series",
                      value_name="amount")
    tidy["series"] = tidy["series"].map(labels)
    names = [labels["start_now"], labels["start_later"]]
    x = alt.X("month:Q", title=labels["month"], scale=alt.Scale(nice=False))
    gap = alt.Chart(paths).mark_area(opacity=0.25, color="#D55E00").encode(
        x=x, y=alt.Y("start_now:Q", title=labels["amount"]), y2="start_later:Q",
        tooltip=[alt.Tooltip("month:Q", title=labels["month"])],
    )
    lines = alt.Chart(tidy).mark_line(strokeWidth=3).encode(
        x=x, y=alt.Y("amount:Q", title=labels["amount"], axis=amount_axis()),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=names, range=["#0072B2", "#E69F00"]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=names, range=[[1, 0], [6, 4]]), legend=None),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("amount:Q", title=labels["amount"], format=MONEY)],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#666", strokeDash=[2, 2]).encode(y="y:Q")
    return _style(alt.layer(gap, zero, lines), height)


def simple_bars(frame: pd.DataFrame, *, x_title: str, amount_title: str, marker: float | None = None,
                height: int = 260) -> alt.Chart:
    """Vertical bars of ``amount`` per ``x`` (e.g. the marginal cost of each extra month of delay); the bar
    at ``marker`` is drawn in blue, the others in vermillion."""
    data = frame.assign(selected=frame["x"] == marker)
    return _style(alt.Chart(data).mark_bar().encode(
        x=alt.X("x:O", title=x_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("amount:Q", title=amount_title, axis=amount_axis()),
        color=alt.condition("datum.selected", alt.value("#0072B2"), alt.value("#D55E00")),
        tooltip=[alt.Tooltip("x:O", title=x_title), alt.Tooltip("amount:Q", title=amount_title, format=MONEY)],
    ), height)


def diverging_bars(table: pd.DataFrame, *, labels: dict[str, str], height: int = 300) -> alt.LayerChart:
    """Advantages to the right, disadvantages to the left: ``contribution`` (signed weighted score) per
    ``name``, coloured by ``side``; each bar labelled with its points."""
    data = table.assign(side_label=table["side"].map(labels), points=table["contribution"].abs())
    domain = [labels["advantage"], labels["disadvantage"]]
    base = alt.Chart(data).encode(y=alt.Y("name:N", title=None, sort=list(data["name"]),
                                          axis=alt.Axis(labelLimit=420, labelFontSize=FONT + 1)))
    bars = base.mark_bar(size=30).encode(
        x=alt.X("contribution:Q", title=labels["axis"], scale=alt.Scale(domainMid=0)),
        color=alt.Color("side_label:N", title=None, scale=alt.Scale(domain=domain, range=["#009E73", "#D55E00"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title=labels["criterion"]), alt.Tooltip("side_label:N", title=labels["side"]),
                 alt.Tooltip("points:Q", title=labels["axis"], format=".2f")],
    )
    text = base.mark_text(fontSize=FONT + 1, fontWeight="bold", dx=alt.expr("datum.contribution >= 0 ? 22 : -22")
                          ).encode(x="contribution:Q", text=alt.Text("points:Q", format=".2f"))
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333", strokeWidth=2).encode(x="x:Q")
    return _style(alt.layer(bars, zero, text), height)


def flip_chart(flips: pd.DataFrame, *, labels: dict[str, str], height: int = 260) -> alt.LayerChart:
    """How far each criterion's weight must move to flip the verdict (``relative_change``, a fraction);
    criteria that cannot flip it alone are listed with a label instead of a bar."""
    data = flips.assign(
        pct=flips["relative_change"] * 100,
        label=[labels["cannot"] if not ok else f"{v:+.0f} %"
               for ok, v in zip(flips["can_flip"], flips["relative_change"].fillna(0) * 100, strict=True)],
        position=flips["relative_change"].fillna(0) * 100,
    )
    base = alt.Chart(data).encode(y=alt.Y("name:N", title=None, sort=list(data["name"]),
                                          axis=alt.Axis(labelLimit=420, labelFontSize=FONT)))
    bars = base.mark_bar(size=24, color="#0072B2").encode(
        x=alt.X("pct:Q", title=labels["axis"]),
        tooltip=[alt.Tooltip("name:N", title=labels["criterion"]), alt.Tooltip("label:N", title=labels["axis"])],
    )
    text = base.mark_text(align="left", dx=6, fontSize=FONT, fontWeight="bold").encode(x="position:Q", text="label:N")
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x="x:Q")
    return _style(alt.layer(bars, zero, text), height)


def readiness_bars(frame: pd.DataFrame, *, labels: dict[str, str], height: int = 320) -> alt.LayerChart:
    """Readiness score (1-5) per ``area``; the weakest areas (``weak``) in vermillion, the rest in blue."""
    base = alt.Chart(frame).encode(y=alt.Y("area:N", title=None, sort=list(frame["area"]),
                                           axis=alt.Axis(labelLimit=300, labelFontSize=FONT + 1)))
    bars = base.mark_bar(size=26).encode(
        x=alt.X("score:Q", title=labels["axis"], scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickCount=5)),
        color=alt.condition("datum.weak", alt.value("#D55E00"), alt.value("#0072B2")),
        tooltip=[alt.Tooltip("area:N", title=labels["area"]), alt.Tooltip("score:Q", title=labels["axis"]),
                 alt.Tooltip("weight:Q", title=labels["weight"])],
    )
    text = base.mark_text(align="left", dx=6, fontSize=FONT + 1, fontWeight="bold").encode(x="score:Q", text="score:Q")
    return _style(alt.layer(bars, text), height)


def tornado_chart(table: pd.DataFrame, *, base: float, labels: dict[str, str], height: int = 400) -> alt.LayerChart:
    """One bar per input (``label``) from the case's NPV (``base``) to ``npv_low`` and to ``npv_high``, coloured
    by the end of the input's range, sorted by ``swing``; the case NPV as a rule and zero as a dashed rule."""
    order = list(table["label"])
    long = pd.concat([
        table.assign(end=labels["low"], npv=table["npv_low"], value=table["low_text"]),
        table.assign(end=labels["high"], npv=table["npv_high"], value=table["high_text"]),
    ])[["label", "end", "npv", "value", "base_text"]].assign(base=base)
    bars = alt.Chart(long).mark_bar(size=18).encode(
        y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=340)),
        x=alt.X("base:Q", title=labels["axis"], axis=amount_axis()),
        x2="npv:Q",
        color=alt.Color("end:N", title=None, scale=alt.Scale(domain=[labels["low"], labels["high"]],
                                                             range=["#0072B2", "#E69F00"])),
        tooltip=[alt.Tooltip("label:N", title=labels["input"]), alt.Tooltip("end:N", title=labels["end"]),
                 alt.Tooltip("value:N", title=labels["value"]), alt.Tooltip("base_text:N", title=labels["case_value"]),
                 alt.Tooltip("npv:Q", title=labels["axis"], format=MONEY)],
    )
    rule = alt.Chart(pd.DataFrame({"x": [base]})).mark_rule(color="#333", strokeWidth=2).encode(x="x:Q")
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#D55E00", strokeDash=[6, 4]).encode(x="x:Q")
    return _style(alt.layer(bars, rule, zero), height)


def histogram(values: np.ndarray, *, marks: dict[str, float], labels: dict[str, str], bins: int = 40,
              money: bool = True, height: int = 320) -> alt.LayerChart:
    """Distribution of ``values`` (e.g. NPV of every run) as ``bins`` bars, binned here so the browser gets
    ``bins`` rows, not one per run; bins below zero in vermillion. ``marks`` (label -> value, e.g. P10,
    P50, P90) are drawn as labelled rules, zero as a dashed rule."""
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=bins) if finite.size else (np.zeros(0), np.zeros(1))
    data = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "runs": counts,
                         "share": counts / max(finite.size, 1), "negative": edges[1:] <= 0})
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("start:Q", title=labels["axis"], axis=amount_axis() if money else alt.Axis(format=".0%")),
        x2="end:Q",
        y=alt.Y("share:Q", title=labels["share"], axis=alt.Axis(format=".0%")),
        y2=alt.datum(0),
        color=alt.condition("datum.negative", alt.value("#D55E00"), alt.value("#0072B2")),
        tooltip=[alt.Tooltip("start:Q", title=labels["from"], format=MONEY if money else ".1%"),
                 alt.Tooltip("end:Q", title=labels["to"], format=MONEY if money else ".1%"),
                 alt.Tooltip("runs:Q", title=labels["runs"], format=",")],
    )
    lines = pd.DataFrame({"name": list(marks), "x": list(marks.values())})
    rules = alt.Chart(lines).mark_rule(color="#000", strokeWidth=1.5).encode(x="x:Q")
    text = alt.Chart(lines).mark_text(align="left", dx=4, dy=-4, baseline="top", fontSize=FONT, y=0).encode(
        x="x:Q", text="name:N")
    layers = [bars, rules, text]
    if finite.size and finite.min() < 0 < finite.max():
        layers.append(alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#D55E00", strokeDash=[6, 4],
                                                                       strokeWidth=2).encode(x="x:Q"))
    return _style(alt.layer(*layers), height)


def share_bars(frame: pd.DataFrame, *, labels: dict[str, str], height: int = 260) -> alt.LayerChart:
    """Horizontal bars of ``share`` (a fraction) per ``label``, largest first, each with its per cent; the
    tooltip also shows ``rho`` (direction of the effect)."""
    base = alt.Chart(frame).encode(y=alt.Y("label:N", title=None, sort=list(frame["label"]),
                                           axis=alt.Axis(labelLimit=340)))
    bars = base.mark_bar(size=18, color="#0072B2").encode(
        x=alt.X("share:Q", title=labels["axis"], axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("label:N", title=labels["input"]), alt.Tooltip("share:Q", title=labels["axis"],
                                                                             format=".1%"),
                 alt.Tooltip("rho:Q", title=labels["rho"], format="+.2f")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT).encode(x="share:Q", text=alt.Text("share:Q", format=".0%"))
    return _style(alt.layer(bars, text), height)


def value_bars(frame: pd.DataFrame, *, labels: dict[str, str], colours: dict[str, str] | None = None,
               highlight: str | None = None, height: int = 260, value_format: str = MONEY,
               horizontal: bool = False) -> alt.LayerChart:
    """Bars of ``value`` per ``name`` in the frame's order, labelled with the formatted value (``text``);
    coloured by ``name`` from ``colours``, or blue with ``highlight`` in orange. ``horizontal`` puts the names
    on the vertical axis, where long names fit."""
    name_axis = alt.Axis(labelAngle=0, labelLimit=260) if not horizontal else alt.Axis(labelLimit=260)
    name = (alt.Y if horizontal else alt.X)("name:N", title=None, sort=list(frame["name"]), axis=name_axis)
    value = (alt.X if horizontal else alt.Y)("value:Q", title=labels["axis"], axis=amount_axis())
    base = alt.Chart(frame).encode(**{"y" if horizontal else "x": name})
    if colours:
        colour = alt.Color("name:N", scale=_palette(colours), legend=None)
    else:
        colour = alt.condition(alt.datum.name == (highlight or ""), alt.value("#E69F00"), alt.value("#0072B2"))
    bars = base.mark_bar(size=36 if horizontal else 60).encode(
        **{"x" if horizontal else "y": value}, color=colour,
        tooltip=[alt.Tooltip("name:N", title=labels["name"]), alt.Tooltip("value:Q", title=labels["axis"],
                                                                           format=value_format)],
    )
    if horizontal:
        text = base.mark_text(align="left", dx=alt.expr("datum.value >= 0 ? 6 : -70"), fontSize=FONT,
                              fontWeight="bold").encode(x="value:Q", text="text:N")
        zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#333").encode(x="x:Q")
    else:
        text = base.mark_text(dy=alt.expr("datum.value >= 0 ? -10 : 12"), fontSize=FONT, fontWeight="bold").encode(
            y="value:Q", text="text:N")
        zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#333").encode(y="y:Q")
    return _style(alt.layer(bars, zero, text), height)


def grouped_bars(frame: pd.DataFrame, *, labels: dict[str, str], colours: dict[str, str], height: int = 260
                 ) -> alt.Chart:
    """Horizontal bars of ``value`` per ``name`` (long names fit on the vertical axis), side by side per
    ``series`` (e.g. 3- and 5-year TCO per vendor)."""
    return _style(alt.Chart(frame).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=list(dict.fromkeys(frame["name"])), axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=list(colours)),
        x=alt.X("value:Q", title=labels["axis"], axis=amount_axis()),
        color=alt.Color("series:N", title=None, scale=_palette(colours)),
        tooltip=[alt.Tooltip("name:N", title=labels["name"]), alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("value:Q", title=labels["axis"], format=MONEY)],
    ), height)


def whale_curve(curve: pd.DataFrame, *, top_share: float, labels: dict[str, str], height: int = 340) -> alt.LayerChart:
    """Cumulative share of profit (``share_profit``) against the share of customers ranked by profit
    (``share_customers``); 100 % as a dashed rule and the top share as a labelled vertical rule."""
    line = alt.Chart(curve).mark_line(color="#0072B2", strokeWidth=3).encode(
        x=alt.X("share_customers:Q", title=labels["x"], axis=alt.Axis(format=".0%")),
        y=alt.Y("share_profit:Q", title=labels["y"], axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("share_customers:Q", title=labels["x"], format=".1%"),
                 alt.Tooltip("share_profit:Q", title=labels["y"], format=".1%")],
    )
    full = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(color="#333", strokeDash=[6, 4]).encode(y="y:Q")
    top = pd.DataFrame({"x": [top_share], "text": [labels["top"]]})
    rule = alt.Chart(top).mark_rule(color="#E69F00", strokeWidth=2).encode(x="x:Q")
    text = alt.Chart(top).mark_text(align="left", dx=6, dy=10, baseline="top", y=0, fontSize=FONT,
                                    color="#9A6700").encode(x="x:Q", text="text:N")
    return _style(alt.layer(line, full, rule, text), height)


def loyalty_scatter(points: pd.DataFrame, *, medians: tuple[float, float], labels: dict[str, str],
                    colours: dict[str, str], height: int = 380) -> alt.LayerChart:
    """Tenure (years, ``tenure_years``) against yearly profit (``profit``, symmetric log scale so loss-makers and
    whales both show), one dot per customer coloured by ``group_label``; the medians as dashed rules."""
    dots = alt.Chart(points).mark_circle(size=28, opacity=0.55).encode(
        x=alt.X("tenure_years:Q", title=labels["x"]),
        y=alt.Y("profit:Q", title=labels["y"], scale=alt.Scale(type="symlog", constant=1_000),
                axis=amount_axis()),
        color=alt.Color("group_label:N", title=None, scale=_palette(colours),
                        legend=alt.Legend(columns=1, labelLimit=400)),
        tooltip=[alt.Tooltip("customer_id:N", title=labels["id"]), alt.Tooltip("segment:N", title=labels["segment"]),
                 alt.Tooltip("tenure_years:Q", title=labels["x"], format=".1f"),
                 alt.Tooltip("profit:Q", title=labels["y"], format=MONEY)],
    )
    x_rule = alt.Chart(pd.DataFrame({"x": [medians[0]]})).mark_rule(strokeDash=[4, 4], color="#555").encode(x="x:Q")
    y_rule = alt.Chart(pd.DataFrame({"y": [medians[1]]})).mark_rule(strokeDash=[4, 4], color="#555").encode(y="y:Q")
    return _style(alt.layer(dots, x_rule, y_rule), height)


def migration_heatmap(counts: pd.DataFrame, *, labels: dict[str, str], height: int = 260) -> alt.LayerChart:
    """Customers moving between tiers: ``before`` (rows) x ``after`` (columns) cells shaded by ``customers``,
    each labelled with its count."""
    base = alt.Chart(counts).encode(
        x=alt.X("after:N", title=labels["after"], sort=list(dict.fromkeys(counts["after"])),
                axis=alt.Axis(labelAngle=0, orient="top", labelOverlap=False, labelLimit=120)),
        y=alt.Y("before:N", title=labels["before"], sort=list(dict.fromkeys(counts["before"]))),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("customers:Q", title=labels["customers"], scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=[alt.Tooltip("before:N", title=labels["before"]), alt.Tooltip("after:N", title=labels["after"]),
                 alt.Tooltip("customers:Q", title=labels["customers"], format=",")],
    )
    text = base.mark_text(fontSize=FONT + 2, fontWeight="bold").encode(
        text=alt.Text("customers:Q", format=","),
        color=alt.condition(alt.datum.dark, alt.value("white"), alt.value("#1a1a1a")),
    )
    return _style(alt.layer(cells, text), height)


def tracking_chart(frame: pd.DataFrame, *, target: float, labels: dict[str, str], percent_axis: bool = False,
                   height: int = 300) -> alt.LayerChart:
    """A metric against its path: ``expected`` by ``date`` as a dashed line, ``actual`` as dots joined by a
    line, the target as a dotted rule."""
    fmt = ".1%" if percent_axis else "~s"
    tip = ".2%" if percent_axis else ",.2f"
    base = alt.Chart(frame).encode(x=alt.X("date:T", title=labels["date"], axis=alt.Axis(format="%b %Y")))
    path = base.mark_line(strokeDash=[6, 4], color="#999999", strokeWidth=2).encode(
        y=alt.Y("expected:Q", title=labels["value"], axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("date:T", title=labels["date"], format="%b %Y"),
                 alt.Tooltip("expected:Q", title=labels["expected"], format=tip)],
    )
    measured = frame.dropna(subset=["actual"])
    actual_base = alt.Chart(measured).encode(x="date:T", y="actual:Q")
    line = actual_base.mark_line(color="#0072B2", strokeWidth=2.5)
    dots = actual_base.mark_circle(color="#0072B2", size=70).encode(
        tooltip=[alt.Tooltip("date:T", title=labels["date"], format="%b %Y"),
                 alt.Tooltip("actual:Q", title=labels["actual"], format=tip)])
    goal = alt.Chart(pd.DataFrame({"y": [target], "text": [labels["target"]]}))
    rule = goal.mark_rule(color="#009E73", strokeDash=[2, 3], strokeWidth=2).encode(y="y:Q")
    text = goal.mark_text(align="left", x=4, dy=-8, color="#00704F", fontSize=FONT).encode(y="y:Q", text="text:N")
    return _style(alt.layer(path, rule, text, line, dots), height)
