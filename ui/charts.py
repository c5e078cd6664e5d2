"""Charts as pure functions: tidy data in, an Altair chart out (no Streamlit, testable without a browser).

Every axis has a title with its unit; money axes use thousands separators; colours come from the
Okabe-Ito palette, which stays distinct for colour-blind readers and on projectors.

Figures are written as the reader's language writes them (CLDR through babel, as :mod:`crm_case.i18n.formats`
writes the app's text): each chart carries a Vega locale (:func:`vega_locale`: decimal mark, thousands separator,
minus and per cent signs, the currency's place, month and day names), amount axes use the language's short forms
(:func:`compact_expr`: ``200k``, ``200 mil``, ``20萬``) and money tooltips the amount with its currency.

Every chart function takes ``language`` (a code of :data:`crm_case.i18n.LANGUAGES`). ``None``, the default, is
the viewer's (:func:`ui.i18n.language`, read when the chart is built; English outside a Streamlit run), so a page
need not pass it; pass it where the chart is built outside the viewer's run (a download's deferred data, the PDF,
a test): given, the chart is a pure function of the arguments. Functions that draw money take ``currency`` (ISO
code) for their tooltips; without it a tooltip writes the amount with separators only (the axis title names the
currency).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.data import to_values
from babel import Locale

from crm_case import story as _story
from crm_case.i18n import DEFAULT, PSEUDO, locale_of, text
from crm_case.i18n import formats as _formats
from crm_case.story import ChartData

# Altair validates every object it makes against the Vega-Lite schema as it is made (its "debug mode"): a third of a
# chart's building time, spent again on every chart drawn, while the spec is the same either way. Off for the app's
# charts; a spec is still validated whole where it is asked for (``to_dict()``, as tests/unit/test_charts.py does).
alt.utils.schemapi.disable_debug_mode()

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
CATEGORY_COLOURS = _story.CATEGORY_COLOURS
AREA_COLOURS = _story.AREA_COLOURS

MONEY = ",.0f"
"""d3 format of an amount without its currency: the locale's thousands separator, no cents."""
WITH_CURRENCY = "$,.0f"
"""d3 format of an amount with its currency where the locale puts it (``€1,234``, ``1.234 €``)."""
FONT = 14
MANTISSA = ".3~r"
"""d3 format of the number before a short form: three significant digits, trailing zeros dropped (``1.25M``,
``200k``; axis ticks are round numbers)."""


def _reader(language: str | None) -> str:
    """``language``, or the viewer's when None."""
    if language is not None:
        return language
    from ui.i18n import language as viewer  # kept local: building a chart for a given language needs no Streamlit

    return viewer()


def _unquoted(affix: str) -> str:
    """A CLDR pattern's text without its quotes (``\u00a0mil'.'`` -> ``\u00a0mil.``; ``''`` is an apostrophe)."""
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", affix)


@cache
def compact_steps(language: str) -> tuple[tuple[int, int, str, str], ...]:
    """The language's short forms of numbers, largest first, as (from, divisor, prefix, suffix): Spanish has
    ``(10**6, 10**6, "", "\u00a0M")``, which writes 1,200,000 as ``1,2 M``. From CLDR's short decimal patterns
    (plural form ``other``): n zeros at 10**k divide by 10**(k - n + 1); a size the language writes in full
    (Italian and Chinese thousands) has no step. English as the app writes it
    (:data:`crm_case.i18n.formats.ENGLISH_COMPACT`)."""
    if language in (DEFAULT, PSEUDO):
        return tuple((size, size, "", suffix) for size, suffix in _formats.ENGLISH_COMPACT)
    patterns = Locale.parse(locale_of(language)).compact_decimal_formats["short"]["other"]
    steps: list[tuple[int, int, str, str]] = []
    for size, pattern in sorted((int(size), pattern) for size, pattern in patterns.items()):
        prefix, suffix = _unquoted(pattern.prefix[0]), _unquoted(pattern.suffix[0])
        if not (prefix or suffix):
            continue
        step = (size, size // 10 ** (pattern.pattern.count("0") - 1), prefix, suffix)
        if not steps or steps[-1][1:] != step[1:]:  # 00K after 0K is the same form
            steps.append(step)
    return tuple(reversed(steps))


def _literal(value: str) -> str:
    """``value`` as a string literal of a Vega expression."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def compact_expr(language: str | None = None, field: str = "datum.value") -> str:
    """A Vega expression that writes the number ``field`` in the language's short form (:func:`compact_steps`):
    ``200k``, ``1.2M`` (English), ``200 mil``, ``1,2 M`` (Spanish), ``20萬``, ``1.2億`` (Traditional Chinese); below
    the smallest form the number in full, zero as a plain ``0``. Its ``format()`` calls write the decimal mark and
    separators of the chart's locale (:func:`vega_locale`)."""
    branches = "".join(
        f"abs({field}) >= {start} ? "
        + " + ".join([*([_literal(prefix)] if prefix else []), f"format({field} / {divisor}, '{MANTISSA}')",
                      *([_literal(suffix)] if suffix else [])]) + " : "
        for start, divisor, prefix, suffix in compact_steps(_reader(language)))
    return f"{branches}{field} == 0 ? '0' : format({field}, ',~r')"


AMOUNT_TICKS = 5
"""How many ticks an amount axis asks Vega for (it rounds to nice steps: 5 gives 4 to 7 labels)."""


def symlog_ticks(values: Sequence[float] | np.ndarray) -> list[float]:
    """The ticks of a symmetric log axis over ``values``: 0 and the powers of ten from 1,000 (the scale's linear
    part) up to the largest magnitude on each side, e.g. ``[-10k, -1k, 0, 1k, 10k, 100k]``; Vega's own ticks
    on such an axis are two labels."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    ticks = [0.0]
    for sign in (-1.0, 1.0):
        side = values[values * sign > 0]
        top = float(np.abs(side).max()) if side.size else 0.0
        power = 1_000.0
        while top >= power * 0.5 and power <= 1e12:
            ticks.append(sign * power)
            power *= 10
    return sorted(ticks)


def amount_axis(language: str | None = None, ticks: Sequence[float] | None = None) -> alt.Axis:
    """The axis of every amount: 200k, 1.2M... in the language's short forms (:func:`compact_expr`), its zero a plain
    0 (Vega's SI format would write "0M"); labelled at ``ticks`` when given (a slide's few round values), else where
    Vega chooses."""
    if ticks:
        return alt.Axis(labelExpr=compact_expr(language), values=list(ticks))
    # at most about six labels, and one that would touch its neighbour is dropped: "1.2M" was drawn on "1M"
    return alt.Axis(labelExpr=compact_expr(language), tickCount=AMOUNT_TICKS, labelOverlap="greedy",
                    labelSeparation=6)


def _ticked(ticks: Sequence[float] | None, **scale: Any) -> alt.Scale | Any:
    """A scale from the first to the last of ``ticks`` (so that each tick is drawn), or Vega's own without."""
    if ticks:
        return alt.Scale(domain=[ticks[0], ticks[-1]], nice=False, **scale)
    return alt.Scale(**scale) if scale else alt.Undefined


def _axis(ticks: Sequence[float] | None, **axis: Any) -> alt.Axis:
    return alt.Axis(values=list(ticks), **axis) if ticks else alt.Axis(**axis)


def _around(figure: str, number: str) -> tuple[str, str]:
    """What ``figure`` writes before and after ``number`` (``€1`` around ``1``: ``("€", "")``)."""
    before, _, after = figure.partition(number)
    return before, after


@cache
def _number_locale(language: str, currency: str | None) -> tuple[tuple[str, Any], ...]:
    """The d3 number locale of ``language`` (Vega's ``config.locale.number``), from the app's own formats so that a
    chart writes figures as the text beside it does: ``1.234,5``, ``-1``, ``50 %``, ``1 €``."""
    money = _around(_formats.money(1, currency, language), "1") if currency else ("", "")
    return (("decimal", _formats.number(1.5, language, "0.0")[1]),
            ("thousands", _formats.number(1_234_567, language, "#,##0")[1]),
            ("grouping", (3,)),
            ("currency", money),
            ("minus", _formats.number(-1, language, "0")[:-1]),
            ("percent", _around(_formats.percent(0.5, language, 0), "50")[1]),
            ("nan", text(language, "format.na")))


_D3_TIME = {"y": "%Y", "yyyy": "%Y", "yy": "%y", "MMMM": "%B", "LLLL": "%B", "MMM": "%b", "LLL": "%b", "MM": "%m",
            "LL": "%m", "M": "%-m", "L": "%-m", "dd": "%d", "d": "%-d", "EEEE": "%A", "cccc": "%A", "EEE": "%a",
            "ccc": "%a", "E": "%a", "HH": "%H", "H": "%-H", "hh": "%I", "h": "%-I", "mm": "%M", "ss": "%S", "a": "%p",
            "B": "%p"}
"""CLDR date fields and their d3 time directives (``%-m``: no padding)."""
_DATE_TOKEN = re.compile(r"'((?:[^']|'')*)'|([A-Za-z])\2*|.", re.DOTALL)


def d3_time(pattern: str) -> str:
    """A CLDR date pattern as a d3 time format: ``MMM y`` -> ``%b %Y``, ``y年M月`` -> ``%Y年%-m月``, ``LLL y 'р'.``
    -> ``%b %Y р.``; a field d3 has no directive for (time zone, era) is left out."""
    parts = []
    for token in _DATE_TOKEN.finditer(pattern):
        quoted, letter = token.group(1), token.group(2)
        if quoted is not None:
            parts.append((quoted.replace("''", "'") or "'").replace("%", "%%"))
        elif letter:
            parts.append(_D3_TIME.get(token.group(0), ""))
        else:
            parts.append(token.group(0).replace("%", "%%"))
    return "".join(parts).strip()


@cache
def _time_locale(language: str) -> tuple[tuple[str, Any], ...]:
    """The d3 time locale of ``language`` (Vega's ``config.locale.time``) from CLDR: month and day names, AM/PM, the
    short date and medium time. Names in CLDR's ``format`` context: babel 2.18 leaks one locale's ``stand-alone``
    names into another's in a process (python-babel/babel#1263: Spanish months in Chinese after a Chinese chart),
    and the abbreviated names the axes use are the same in both contexts in the app's languages."""
    locale = Locale.parse(locale_of(language))
    days, months = locale.days["format"], locale.months["format"]
    periods = locale.day_periods["format"]["abbreviated"]
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # babel counts from Monday, d3 from Sunday
    return (("dateTime", d3_time(locale.datetime_formats["medium"]).replace("{1}", "%x").replace("{0}", "%X")),
            ("date", d3_time(locale.date_formats["short"].pattern)),
            ("time", d3_time(locale.time_formats["medium"].pattern)),
            ("periods", (periods["am"], periods["pm"])),
            ("days", tuple(days["wide"][k] for k in sunday_first)),
            ("shortDays", tuple(days["abbreviated"][k] for k in sunday_first)),
            ("months", tuple(months["wide"][k] for k in range(1, 13))),
            ("shortMonths", tuple(months["abbreviated"][k] for k in range(1, 13))))


def vega_locale(language: str | None = None, currency: str | None = None) -> dict[str, Any]:
    """Vega's ``config.locale`` for ``language``: how numbers (:func:`_number_locale`; ``currency``'s symbol where
    the language writes it, for the ``$`` of :data:`WITH_CURRENCY`) and dates (:func:`_time_locale`) are
    written."""
    reader = _reader(language)
    return {kind: {name: list(value) if isinstance(value, tuple) else value for name, value in pairs}
            for kind, pairs in (("number", _number_locale(reader, currency)), ("time", _time_locale(reader)))}


def month_format(language: str | None = None) -> str:
    """The d3 format of a month and its year as the language writes it (CLDR's ``yMMM``): ``%b %Y`` (``Jan
    2026``), ``%Y年%-m月`` (``2026年1月``)."""
    return d3_time(Locale.parse(locale_of(_reader(language))).datetime_skeletons["yMMM"].pattern)


def money_format(currency: str | None) -> str:
    """A tooltip's money format: the amount with ``currency`` (:data:`WITH_CURRENCY`) when known, else
    :data:`MONEY`."""
    return WITH_CURRENCY if currency else MONEY


def _style(chart: alt.Chart | alt.LayerChart, height: int, language: str | None, currency: str | None = None
           ) -> alt.Chart | alt.LayerChart:
    """The chart's height and the app's look (the language's locale, font sizes, legend below). Set on the chart
    each function has just built (nobody else holds it), not through ``properties()``/``configure_*()``, each of
    which deep-copies the whole chart: a quarter of a chart's building time."""
    chart.height = height
    chart.config = alt.Config(
        locale=vega_locale(language, currency), axis=alt.AxisConfig(labelFontSize=FONT, titleFontSize=FONT),
        legend=alt.LegendConfig(labelFontSize=FONT, titleFontSize=FONT, orient="bottom"),
        title=alt.TitleConfig(fontSize=FONT + 2))
    return chart


class Spec(alt.TopLevelMixin):
    """A chart built as its Vega-Lite spec directly, the JSON Altair writes for the same chart to the byte, without
    Altair's objects (most of a chart's building time): for charts drawn on every change (the risk page's, the
    J-curve). Used as an Altair chart is (a top-level chart for ``isinstance``): ``to_dict(validate=True)`` gives a
    copy of the spec, validated against the Vega-Lite schema through Altair unless ``validate=False``, and
    ``properties()`` sets top-level properties; Altair's other chart methods are not for it.
    tests/unit/test_charts.py compares each such chart with the Altair code it replaces."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def properties(self, **values: Any) -> Spec:  # type: ignore[override]
        """A copy with top-level properties set (``width=1300``), as Altair's ``properties``."""
        return Spec({**copy.deepcopy(self.spec), **values})

    def to_dict(self, validate: bool = True, **_: Any) -> dict[str, Any]:  # type: ignore[override]
        spec = copy.deepcopy(self.spec)
        if validate:
            alt.LayerChart.from_dict(copy.deepcopy(spec), validate=True)  # raises on a spec the schema refuses
        return spec


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows as Altair writes them (its ``sanitize_pandas_dataframe`` then ``to_dict(orient="records")``):
    floats as Python floats with NaN and infinities as None, integers and booleans as Python ones, text and other
    objects as they are with missing values as None; any other column (dates, categories) through Altair itself."""
    names = list(frame.columns)
    columns = []
    for name in names:
        column = frame[name]
        kind, dtype = column.dtype.kind, str(column.dtype)
        if kind == "f" and dtype.startswith("float"):
            values = column.to_numpy()
            columns.append([v if ok else None for v, ok in zip(values.tolist(), np.isfinite(values).tolist(),
                                                                strict=True)])
        elif dtype in {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}:
            columns.append(column.tolist())
        elif dtype in {"object", "str", "string"}:  # text: pandas 3's own string type, or objects
            missing = column.isna().tolist()
            columns.append([None if gone else (v.tolist() if isinstance(v, np.ndarray) else v)
                            for v, gone in zip(column.tolist(), missing, strict=True)])
        else:
            return to_values(frame)["values"]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _named(datasets: dict[str, list[dict[str, Any]]], frame: pd.DataFrame) -> dict[str, str]:
    """A :class:`Spec`'s reference to its table, named as Altair names it (``data-`` and the start of the SHA-256 of
    its rows as JSON with sorted keys), the rows kept once in ``datasets``."""
    values = _records(frame)
    name = "empty" if values == [{}] else "data-" + hashlib.sha256(
        json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]
    datasets.setdefault(name, values)
    return {"name": name}


def _layer(datasets: dict[str, list[dict[str, Any]]], frame: pd.DataFrame, mark: dict[str, Any],
           encoding: dict[str, Any]) -> dict[str, Any]:
    """One layer of a :class:`Spec` with its own table (:func:`_named`); ``mark`` with its ``type`` first and
    ``encoding`` with its channels in alphabetical order, as Altair writes them."""
    return {"data": _named(datasets, frame), "mark": mark, "encoding": encoding}


def _layered(layers: list[dict[str, Any]], datasets: dict[str, list[dict[str, Any]]], height: int,
             language: str | None, currency: str | None = None, data: dict[str, str] | None = None) -> Spec:
    """Layers with :func:`_style`'s look, as Altair writes a layered chart (its default theme's view size first);
    ``data``: the table every layer draws (:func:`_named`; the layers then have none of their own)."""
    return Spec({
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300},
                   "axis": {"labelFontSize": FONT, "titleFontSize": FONT},
                   "legend": {"labelFontSize": FONT, "orient": "bottom", "titleFontSize": FONT},
                   "locale": vega_locale(language, currency), "title": {"fontSize": FONT + 2}},
        "layer": layers, **({"data": data} if data is not None else {}), "height": height, "$schema": alt.SCHEMA_URL,
        "datasets": datasets})


def _nominal(field: str, **more: Any) -> dict[str, Any]:
    """A nominal channel as Altair writes it: its keys in alphabetical order."""
    return dict(sorted({"field": field, "type": "nominal", **more}.items()))


def _amount_axis(language: str | None) -> dict[str, Any]:
    """:func:`amount_axis` (without ticks) as Altair writes it."""
    return {"labelExpr": compact_expr(language), "labelOverlap": "greedy", "labelSeparation": 6,
            "tickCount": AMOUNT_TICKS}


def _quantity(field: str, **more: Any) -> dict[str, Any]:
    """A quantitative channel as Altair writes it: its keys in alphabetical order."""
    return dict(sorted({"field": field, "type": "quantitative", **more}.items()))


def _palette(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def _plain(values: Sequence[Any]) -> list[Any]:
    """Values as Altair writes them in a spec: a numpy number as a Python float (a numpy whole number too)."""
    return [float(v) if isinstance(v, np.number) else v for v in values]


def j_curve(
    monthly: pd.DataFrame,
    *,
    currency: str,
    labels: dict[str, str],
    go_live_month: int | None = None,
    break_even_month: float | None = None,
    series: tuple[str, ...] = ("cumulative_net",),
    height: int = 340,
    language: str | None = None,
    value_ticks: Sequence[float] | None = None,
    month_ticks: Sequence[float] | None = None,
) -> Spec:
    """Cumulative net cash flow per month (the J-curve) with zero, go-live and break-even marked.

    ``monthly`` has a ``month`` column and the ``series`` columns (money); ``labels`` maps each series and
    the keys ``month``, ``amount``, ``go_live``, ``break_even``, ``series`` to display text. ``value_ticks`` and
    ``month_ticks`` label the axes at those values only (a slide's, at most eight each). Built as its spec
    (:class:`Spec`: redrawn on the projections page and the summary at every change of a figure).
    """
    names = [labels[s] for s in series]
    months = monthly["month"].to_numpy()  # the series one after the other, as pandas' melt writes them
    tidy = pd.DataFrame({"month": np.tile(months, len(series)), "series": np.repeat(names, len(months)),
                         "amount": np.concatenate([monthly[s].to_numpy(dtype=float) for s in series])})
    datasets: dict[str, list[dict[str, Any]]] = {}
    amount_axis_ = ({"labelExpr": compact_expr(language), "values": _plain(value_ticks)} if value_ticks
                    else _amount_axis(language))
    layers = [
        _layer(datasets, pd.DataFrame({"y": [0]}), {"type": "rule", "color": "#666", "strokeDash": [2, 2]},
               {"y": _quantity("y")}),
        _layer(datasets, tidy, {"type": "line", "strokeWidth": 3}, {
            "color": {"field": "series", "legend": {"orient": "bottom"} if len(series) > 1 else None,
                      "scale": {"domain": names, "range": OKABE_ITO[: len(names)]}, "title": labels["series"],
                      "type": "nominal"},
            "tooltip": [_nominal("series", title=labels["series"]), _quantity("month", title=labels["month"]),
                        _quantity("amount", format=money_format(currency), title=labels["amount"])],
            "x": _quantity("month", axis={"values": _plain(month_ticks)} if month_ticks else {},
                           scale={"nice": False}, title=labels["month"]),
            "y": _quantity("amount", axis=amount_axis_, title=labels["amount"],
                           **({"scale": {"domain": _plain([value_ticks[0], value_ticks[-1]]), "nice": False}}
                              if value_ticks else {}))}),
    ]
    marks = []
    if go_live_month is not None:
        marks.append({"month": go_live_month, "label": labels["go_live"], "colour": "#555555"})
    if break_even_month is not None:
        marks.append({"month": break_even_month, "label": labels["break_even"], "colour": "#009E73"})
    if marks:
        frame = pd.DataFrame(marks)
        colour = {"field": "colour", "scale": None, "type": "nominal"}
        layers.append(_layer(datasets, frame, {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 2}, {
            "color": colour, "tooltip": [_nominal("label", title=labels["series"]),
                                         _quantity("month", format=".1f", title=labels["month"])],
            "x": _quantity("month")}))
        # baseline at 16 px below the plot's top: Chinese glyphs are taller than Latin capitals and were cut at 12
        layers.append(_layer(datasets, frame, {"type": "text", "align": "left", "baseline": "bottom", "dx": 5,
                                               "dy": -4, "fontSize": FONT, "fontWeight": "bold"},
                             {"color": colour, "text": _nominal("label"), "x": _quantity("month"),
                              "y": {"value": 20}}))
    return _layered(layers, datasets, height, language, currency)


def group_bars(
    totals: pd.DataFrame, *, colours: dict[str, str], currency: str, group_title: str, amount_title: str,
    height: int = 200, language: str | None = None, value_ticks: Sequence[float] | None = None,
) -> alt.Chart:
    """Horizontal bars of ``amount`` per ``group`` (cost category or benefit area), labelled with the value;
    the amount axis labelled at ``value_ticks`` only when given."""
    base = alt.Chart(totals).encode(
        y=alt.Y("group:N", title=group_title, sort=list(colours), axis=alt.Axis(labelLimit=200)),
        x=alt.X("amount:Q", title=amount_title, axis=amount_axis(language, value_ticks), scale=_ticked(value_ticks)),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("group:N", scale=_palette(colours), legend=None),
        tooltip=[alt.Tooltip("group:N", title=group_title),
                 alt.Tooltip("amount:Q", title=amount_title, format=money_format(currency))],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT).encode(text=alt.Text("amount:Q", format=",.0f"))
    return _style(alt.layer(bars, text), height, language, currency)


def yearly_bars(
    yearly: pd.DataFrame, *, colours: dict[str, str], period_title: str, group_title: str, amount_title: str,
    stacked: bool = True, height: int = 320, currency: str | None = None, language: str | None = None,
) -> alt.Chart:
    """Bars of ``amount`` per ``period`` (Initial, Year 1...) by ``group``: stacked (costs by category), or
    side by side (costs vs benefits) when ``stacked`` is False."""
    order = list(dict.fromkeys(yearly["period"]))
    encoding = {"xOffset": alt.XOffset("group:N", sort=list(colours))} if not stacked else {}
    return _style(
        alt.Chart(yearly).mark_bar().encode(
            x=alt.X("period:N", title=period_title, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("amount:Q", title=amount_title, axis=amount_axis(language), stack="zero" if stacked else None),
            color=alt.Color("group:N", title=group_title, scale=_palette(colours)),
            tooltip=[
                alt.Tooltip("period:N", title=period_title),
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("amount:Q", title=amount_title, format=money_format(currency)),
            ],
            **encoding,
        ),
        height, language, currency,
    )


def benefit_ramp(
    monthly: pd.DataFrame, *, labels: dict[str, str], go_live_month: int, height: int = 300,
    currency: str | None = None, language: str | None = None,
) -> alt.LayerChart:
    """Monthly realised benefits (area, above zero) and the go-live dip (bars, below zero).

    ``monthly`` has ``month``, ``benefits`` and ``dip`` (positive lost output, drawn as negative).
    """
    data = monthly.assign(dip=-monthly["dip"])
    x = alt.X("month:Q", title=labels["month"], scale=alt.Scale(nice=False))
    y_title = labels["amount"]
    area = alt.Chart(data).mark_area(opacity=0.6, color="#009E73", line={"color": "#009E73"}).encode(
        x=x, y=alt.Y("benefits:Q", title=y_title, axis=amount_axis(language)),
        tooltip=[alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("benefits:Q", title=labels["benefits"], format=money_format(currency))],
    )
    dip = alt.Chart(data[data["dip"] < 0]).mark_bar(color="#D55E00", width=8).encode(
        x=x, y=alt.Y("dip:Q", title=y_title),
        tooltip=[alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("dip:Q", title=labels["dip"], format=money_format(currency))],
    )
    rule = alt.Chart(pd.DataFrame({"month": [go_live_month], "label": [labels["go_live"]]}))
    marks = rule.mark_rule(strokeDash=[6, 4], color="#555").encode(x=alt.X("month:Q")) + rule.mark_text(
        align="left", dx=5, y=12, fontSize=FONT, fontWeight="bold", color="#555"
    ).encode(x=alt.X("month:Q"), text=alt.Text("label:N"))
    legend = pd.DataFrame({"series": [labels["benefits"], labels["dip"]], "month": [0, 0], "v": [0, 0]})
    key = alt.Chart(legend).mark_point(opacity=0, filled=True).encode(
        x=alt.X("month:Q"), y=alt.Y("v:Q"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=["#009E73", "#D55E00"]),
                        legend=alt.Legend(orient="bottom", symbolOpacity=1, symbolType="square")),
    )
    return _style(alt.layer(area, dip, marks, key), height, language, currency)


def waterfall(parts: pd.DataFrame, *, total_label: str, amount_title: str, part_title: str,
              height: int = 360, currency: str | None = None, language: str | None = None) -> alt.LayerChart:
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
        x=alt.X("start:Q", title=amount_title, axis=amount_axis(language)), x2=alt.X2("end:Q"),
        color=alt.Color("kind:N", scale=colours, legend=None),
        tooltip=[alt.Tooltip("part:N", title=part_title),
                 alt.Tooltip("amount:Q", title=amount_title, format=money_format(currency))],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT - 1).encode(
        x=alt.X("label_at:Q"), text=alt.Text("amount:Q", format=",.0f"))
    return _style(alt.layer(bars, text), height, language, currency)


def stacked_area(tidy: pd.DataFrame, *, x_title: str, amount_title: str, series_title: str, order: list[str],
                 marker: float | None = None, height: int = 360, currency: str | None = None,
                 language: str | None = None) -> alt.LayerChart:
    """Stacked areas of ``amount`` over ``x`` by ``series`` (drawn in ``order``), with an optional rule at
    ``marker`` on the x axis."""
    colours = alt.Scale(domain=order, range=(OKABE_ITO * 2)[: len(order)])
    area = alt.Chart(tidy).mark_area(opacity=0.85).encode(
        x=alt.X("x:Q", title=x_title, scale=alt.Scale(nice=False)),
        y=alt.Y("amount:Q", title=amount_title, axis=amount_axis(language), stack="zero"),
        color=alt.Color("series:N", title=series_title, scale=colours, sort=order,
                        legend=alt.Legend(orient="bottom", columns=2, labelLimit=260)),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("series:N", title=series_title), alt.Tooltip("x:Q", title=x_title),
                 alt.Tooltip("amount:Q", title=amount_title, format=money_format(currency))],
    )
    layers: list[alt.Chart] = [area]
    if marker is not None:
        layers.append(alt.Chart(pd.DataFrame({"x": [marker]})).mark_rule(strokeDash=[6, 4], strokeWidth=2,
                                                                         color="#000").encode(x=alt.X("x:Q")))
    return _style(alt.layer(*layers), height, language, currency)


def gap_chart(paths: pd.DataFrame, *, labels: dict[str, str], height: int = 340, currency: str | None = None,
              language: str | None = None, value_ticks: Sequence[float] | None = None,
              month_ticks: Sequence[float] | None = None) -> alt.LayerChart:
    """Cumulative net cash flow starting now vs starting later (columns ``month``, ``start_now``,
    ``start_later``), the gap between them shaded; the axes labelled at ``value_ticks`` and ``month_ticks`` only
    when given."""
    tidy = paths.melt(id_vars="month", value_vars=["start_now", "start_later"], var_name="series",
                      value_name="amount")
    tidy["series"] = tidy["series"].map(labels)
    names = [labels["start_now"], labels["start_later"]]
    x = alt.X("month:Q", title=labels["month"], scale=alt.Scale(nice=False), axis=_axis(month_ticks))
    gap = alt.Chart(paths).mark_area(opacity=0.25, color="#D55E00").encode(
        x=x, y=alt.Y("start_now:Q", title=labels["amount"], scale=_ticked(value_ticks)), y2=alt.Y2("start_later:Q"),
        tooltip=[alt.Tooltip("month:Q", title=labels["month"])],
    )
    lines = alt.Chart(tidy).mark_line(strokeWidth=3).encode(
        x=x, y=alt.Y("amount:Q", title=labels["amount"], axis=amount_axis(language, value_ticks),
                     scale=_ticked(value_ticks)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=names, range=["#0072B2", "#E69F00"]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=names, range=[[1, 0], [6, 4]]), legend=None),
        tooltip=[alt.Tooltip("series:N", title=text(_reader(language), "chart.series")),
                 alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("amount:Q", title=labels["amount"], format=money_format(currency))],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#666", strokeDash=[2, 2]).encode(y=alt.Y("y:Q"))
    return _style(alt.layer(gap, zero, lines), height, language, currency)


def simple_bars(frame: pd.DataFrame, *, x_title: str, amount_title: str, marker: float | None = None,
                height: int = 260, currency: str | None = None, language: str | None = None) -> alt.LayerChart:
    """Vertical bars of ``amount`` per ``x`` (e.g. the marginal cost of each extra month of delay); the bar
    at ``marker`` is drawn in blue, the others in vermillion. A frame with a ``discount_step`` column (the
    urgency of :meth:`crm_case.delay.DelayAnalysis.urgency`) marks each month that starts a new discounting year
    with an asterisk and says why in its tooltip: under end-of-year timing that month's delay moves the start-up
    costs a whole year further, so it forgoes less than its neighbours (month 13 of the sample)."""
    reader = _reader(language)
    steps = frame["discount_step"] if "discount_step" in frame else pd.Series(0, index=frame.index)
    notes = [_step_note(reader, int(x), int(y)) if y else "" for x, y in zip(frame["x"], steps, strict=True)]
    data = frame.assign(selected=frame["x"] == marker, note=notes, star=["*" if n else "" for n in notes])
    tooltip = [alt.Tooltip("x:O", title=x_title),
               alt.Tooltip("amount:Q", title=amount_title, format=money_format(currency))]
    if any(notes):
        tooltip.append(alt.Tooltip("note:N", title="*"))
    base = alt.Chart(data).encode(x=alt.X("x:O", title=x_title, axis=alt.Axis(labelAngle=0)))
    bars = base.mark_bar().encode(
        y=alt.Y("amount:Q", title=amount_title, axis=amount_axis(language)),
        color=alt.ColorValue(**alt.condition("datum.selected", alt.value("#0072B2"), alt.value("#D55E00"))),
        opacity=alt.OpacityValue(**alt.condition("datum.note != ''", alt.value(0.55), alt.value(1.0))),
        tooltip=tooltip,
    )
    stars = base.transform_filter("datum.note != ''").mark_text(
        dy=-8, fontSize=FONT + 4, fontWeight="bold", color="#333").encode(
        y=alt.Y("amount:Q"), text=alt.Text("star:N"), tooltip=tooltip)
    return _style(alt.layer(bars, stars), height, language, currency)


def _step_note(language: str, month: int, year: int) -> str:
    """Why month ``month`` of the urgency chart breaks the pattern (catalog ``delay.urgency.step``)."""
    return text(language, "delay.urgency.step", month=month, year=year)


def diverging_bars(table: pd.DataFrame, *, labels: dict[str, str], height: int = 300,
                   language: str | None = None, value_ticks: Sequence[float] | None = None) -> alt.LayerChart:
    """Advantages to the right, disadvantages to the left: ``contribution`` (signed weighted score) per
    ``name``, coloured by ``side``; each bar labelled with its points; the points axis labelled at
    ``value_ticks`` only when given."""
    # a disadvantage's points are written just right of zero, not past its bar's end, where they ran into the
    # criterion's name; names beyond 240 px are cut (whole in the tooltip), so that the bars keep their room at 1024 px
    data = table.assign(side_label=table["side"].map(labels), points=table["contribution"].abs(),
                        text_at=table["contribution"].clip(lower=0.0))
    domain = [labels["advantage"], labels["disadvantage"]]
    base = alt.Chart(data).encode(y=alt.Y("name:N", title=None, sort=list(data["name"]),
                                          axis=alt.Axis(labelLimit=240, labelFontSize=FONT + 1)))
    bars = base.mark_bar(size=30).encode(
        x=alt.X("contribution:Q", title=labels["axis"], scale=_ticked(value_ticks, domainMid=0),
                axis=_axis(value_ticks)),
        color=alt.Color("side_label:N", title=None, scale=alt.Scale(domain=domain, range=["#009E73", "#D55E00"]),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        tooltip=[alt.Tooltip("name:N", title=labels["criterion"]), alt.Tooltip("side_label:N", title=labels["side"]),
                 alt.Tooltip("points:Q", title=labels["axis"], format=".2f")],
    )
    text = base.mark_text(fontSize=FONT + 1, fontWeight="bold", dx=22).encode(
        x=alt.X("text_at:Q"), text=alt.Text("points:Q", format=".2f"))
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333", strokeWidth=2).encode(x=alt.X("x:Q"))
    return _style(alt.layer(bars, zero, text), height, language)


def flip_chart(flips: pd.DataFrame, *, labels: dict[str, str], height: int = 260,
               language: str | None = None) -> alt.LayerChart:
    """How far each criterion's weight must move to flip the verdict (``relative_change``, a fraction);
    criteria that cannot flip it alone are listed with a label instead of a bar, the others with the signed
    per cent (``+25 %``, ``-40 %``) as the language writes it."""
    language = _reader(language)
    data = flips.assign(
        pct=flips["relative_change"] * 100,
        label=[labels["cannot"] if not ok else ("+" if v > 0 else "") + _formats.percent(v, language, 0)
               for ok, v in zip(flips["can_flip"], flips["relative_change"].fillna(0), strict=True)],
        position=flips["relative_change"].fillna(0) * 100,
    )
    base = alt.Chart(data).encode(y=alt.Y("name:N", title=None, sort=list(data["name"]),
                                          axis=alt.Axis(labelLimit=420, labelFontSize=FONT)))
    bars = base.mark_bar(size=24, color="#0072B2").encode(
        x=alt.X("pct:Q", title=labels["axis"]),
        tooltip=[alt.Tooltip("name:N", title=labels["criterion"]), alt.Tooltip("label:N", title=labels["axis"])],
    )
    text = base.mark_text(align="left", dx=6, fontSize=FONT, fontWeight="bold").encode(
        x=alt.X("position:Q"), text=alt.Text("label:N"))
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333").encode(x=alt.X("x:Q"))
    return _style(alt.layer(bars, zero, text), height, language)


def readiness_bars(frame: pd.DataFrame, *, labels: dict[str, str], height: int = 320,
                   language: str | None = None) -> alt.LayerChart:
    """Readiness score (1-5) per ``area``; the weakest areas (``weak``) in vermillion, the rest in blue."""
    base = alt.Chart(frame).encode(y=alt.Y("area:N", title=None, sort=list(frame["area"]),
                                           axis=alt.Axis(labelLimit=300, labelFontSize=FONT + 1)))
    bars = base.mark_bar(size=26).encode(
        x=alt.X("score:Q", title=labels["axis"], scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickCount=5)),
        color=alt.ColorValue(**alt.condition("datum.weak", alt.value("#D55E00"), alt.value("#0072B2"))),
        tooltip=[alt.Tooltip("area:N", title=labels["area"]), alt.Tooltip("score:Q", title=labels["axis"]),
                 alt.Tooltip("weight:Q", title=labels["weight"])],
    )
    text = base.mark_text(align="left", dx=6, fontSize=FONT + 1, fontWeight="bold").encode(
        x=alt.X("score:Q"), text=alt.Text("score:Q"))
    return _style(alt.layer(bars, text), height, language)


def tornado_chart(table: pd.DataFrame, *, base: float, labels: dict[str, str], height: int = 400,
                  currency: str | None = None, language: str | None = None,
                  value_ticks: Sequence[float] | None = None) -> Spec:
    """One bar per input (``label``) from the case's NPV (``base``) to ``npv_low`` and to ``npv_high``, coloured
    by the end of the input's range, sorted by ``swing``; the case NPV as a rule and zero as a dashed rule. Built as
    its spec (:class:`Spec`: drawn on every change of the risk page)."""
    order = list(table["label"])
    long = pd.concat([
        table.assign(end=labels["low"], npv=table["npv_low"], value=table["low_text"]),
        table.assign(end=labels["high"], npv=table["npv_high"], value=table["high_text"]),
    ])[["label", "end", "npv", "value", "base_text"]].assign(base=base)
    datasets: dict[str, list[dict[str, Any]]] = {}
    axis = {"labelExpr": compact_expr(language), "values": _plain(value_ticks)} if value_ticks else _amount_axis(
        language)
    bars = _layer(datasets, long, {"type": "bar", "size": 18}, {
        "color": {"field": "end", "legend": {"direction": "vertical", "orient": "bottom"},
                  "scale": {"domain": [labels["low"], labels["high"]], "range": ["#0072B2", "#E69F00"]},
                  "title": None, "type": "nominal"},
        "tooltip": [_nominal("label", title=labels["input"]), _nominal("end", title=labels["end"]),
                    _nominal("value", title=labels["value"]), _nominal("base_text", title=labels["case_value"]),
                    _quantity("npv", format=money_format(currency), title=labels["axis"])],
        # the input's names take at most a third of a narrow chart (a phone), whole on a wide one (the tooltip
        # names each bar's input in full)
        "x": _quantity("base", axis=axis, title=labels["axis"], **(
            {"scale": {"domain": _plain([value_ticks[0], value_ticks[-1]]), "nice": False}} if value_ticks else {})),
        "x2": {"field": "npv"},
        "y": _nominal("label", axis={"labelLimit": {"expr": "containerSize()[0] < 560 ? containerSize()[0] / 3 : 340"}},
                      sort=order, title=None)})
    rule = _layer(datasets, pd.DataFrame({"x": [base]}), {"type": "rule", "color": "#333", "strokeWidth": 2},
                  {"x": _quantity("x")})
    zero = _layer(datasets, pd.DataFrame({"x": [0.0]}), {"type": "rule", "color": "#D55E00", "strokeDash": [6, 4]},
                  {"x": _quantity("x")})
    return _layered([bars, rule, zero], datasets, height, language, currency)


def information_bars(frame: pd.DataFrame, *, labels: dict[str, str], height: int | None = None,
                     currency: str | None = None, language: str | None = None) -> Spec:
    """What knowing each input is worth (its EVPPI, :func:`crm_case.voi.evppi_table`): one horizontal bar of
    ``value`` per ``label`` in the frame's order (largest first), an error bar from ``low`` to ``high`` (the
    estimate +/- 1.96 standard errors, a 95 % interval, never below 0) and the formatted value ``text`` at the bar's
    end. The tooltip writes the value and the interval's ends with the currency. Built as its spec
    (:class:`Spec`: drawn on every change of the risk page)."""
    height = height or 40 + 34 * len(frame)
    datasets: dict[str, list[dict[str, Any]]] = {}
    data = _named(datasets, frame)
    y = _nominal("label", axis={"labelLimit": 260}, sort=list(frame["label"]), title=None)
    tip = money_format(currency)
    tooltip = [_nominal("label", title=labels["input"]), _quantity("value", format=tip, title=labels["axis"]),
               _quantity("low", format=tip, title=labels["low"]), _quantity("high", format=tip, title=labels["high"])]
    return _layered([
        {"mark": {"type": "bar", "color": "#009E73", "size": 18}, "encoding": {
            "tooltip": tooltip, "x": _quantity("value", axis=_amount_axis(language), scale={"zero": True},
                                               title=labels["axis"]), "y": y}},
        {"mark": {"type": "rule", "color": "#000", "strokeWidth": 1.5}, "encoding": {
            "tooltip": tooltip, "x": _quantity("low"), "x2": {"field": "high"}, "y": y}},
        {"mark": {"type": "tick", "color": "#000", "size": 12, "thickness": 1.5}, "encoding": {
            "x": _quantity("high"), "y": y}},
        {"mark": {"type": "text", "align": "left", "dx": 6, "fontSize": FONT}, "encoding": {
            "text": _nominal("text"), "x": _quantity("high"), "y": y}},
    ], datasets, height, language, currency, data)


def path_ranges(frame: pd.DataFrame, *, labels: dict[str, str], best: str | None = None, height: int = 240,
                currency: str | None = None, language: str | None = None) -> alt.LayerChart:
    """Courses of action side by side (:func:`crm_case.voi.pilot_paths`): one horizontal bar of ``expected`` (the
    expected NPV) per ``name`` in the frame's order, a whisker from ``p10`` to ``p90`` (eight runs in ten end
    between them) with a tick at each end, ``text`` (the formatted expected NPV) right of the whole row, zero as a
    rule; the ``best`` name in orange (its bar, and its name in bold), the others blue. Tooltips: expected NPV,
    P10, P90 and ``chance`` (P(NPV > 0), text)."""
    tip = money_format(currency)
    frame = frame.assign(right=np.maximum(np.maximum(frame["p90"], frame["expected"]), 0.0))
    chosen = _literal(best or "")
    base = alt.Chart(frame).encode(y=alt.Y("name:N", title=None, sort=list(frame["name"]), axis=alt.Axis(
        labelLimit=260, labelFontWeight=alt.ExprRef(f"datum.value == {chosen} ? 'bold' : 'normal'"),
        labelColor=alt.ExprRef(f"datum.value == {chosen} ? '#B35C00' : '#333'"))))
    tooltip = [alt.Tooltip("name:N", title=labels["name"]), alt.Tooltip("expected:Q", title=labels["axis"], format=tip),
               alt.Tooltip("chance:N", title=labels["chance"]), alt.Tooltip("p10:Q", title="P10", format=tip),
               alt.Tooltip("p90:Q", title="P90", format=tip)]
    bars = base.mark_bar(size=26, opacity=0.85).encode(
        x=alt.X("expected:Q", title=labels["axis"], axis=amount_axis(language), scale=alt.Scale(padding=40)),
        color=alt.ColorValue(**alt.condition(alt.datum.name == (best or ""), alt.value("#E69F00"),
                                             alt.value("#0072B2"))),
        tooltip=tooltip)
    whisker = base.mark_rule(color="#000", strokeWidth=1.5).encode(
        x=alt.X("p10:Q"), x2=alt.X2("p90:Q"), tooltip=tooltip)
    low = base.mark_tick(color="#000", thickness=1.5, size=14).encode(x=alt.X("p10:Q"))
    high = base.mark_tick(color="#000", thickness=1.5, size=14).encode(x=alt.X("p90:Q"))
    text = base.mark_text(align="left", dx=8, fontSize=FONT, fontWeight="bold").encode(
        x=alt.X("right:Q"), text=alt.Text("text:N"))
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#333").encode(x=alt.X("x:Q"))
    return _style(alt.layer(bars, whisker, low, high, zero, text), height, language, currency)


def histogram(values: np.ndarray, *, marks: dict[str, float], labels: dict[str, str], bins: int = 40,
              money: bool = True, height: int = 320, currency: str | None = None, language: str | None = None) -> Spec:
    """Distribution of ``values`` (e.g. NPV of every run) as ``bins`` bars, binned here so the browser gets
    ``bins`` rows, not one per run; bins below zero in vermillion. ``marks`` (label -> value, e.g. P10,
    P50, P90) are drawn as labelled rules, zero as a dashed rule. Built as its spec (:class:`Spec`: drawn twice on
    every change of the risk page)."""
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=bins) if finite.size else (np.zeros(0), np.zeros(1))
    data = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "runs": counts,
                         "share": counts / max(finite.size, 1), "negative": edges[1:] <= 0})
    tip = money_format(currency) if money else ".1%"
    datasets: dict[str, list[dict[str, Any]]] = {}
    layers = [_layer(datasets, data, {"type": "bar", "stroke": "white", "strokeWidth": 0.5}, {
        "color": {"condition": {"test": "datum.negative", "value": "#D55E00"}, "value": "#0072B2"},
        "tooltip": [_quantity("start", format=tip, title=labels["from"]),
                    _quantity("end", format=tip, title=labels["to"]),
                    _quantity("runs", format=",", title=labels["runs"])],
        "x": _quantity("start", axis=_amount_axis(language) if money else {"format": ".0%"}, title=labels["axis"]),
        "x2": {"field": "end"},
        "y": _quantity("share", axis={"format": ".0%"}, title=labels["share"]),
        "y2": {"datum": 0}})]
    lines = pd.DataFrame({"name": list(marks), "x": list(marks.values())})
    layers.append(_layer(datasets, lines, {"type": "rule", "color": "#000", "strokeWidth": 1.5}, {"x": _quantity("x")}))
    layers.append(_layer(datasets, lines, {"type": "text", "align": "left", "baseline": "top", "dx": 4, "dy": -4,
                                           "fontSize": FONT, "y": 0},
                         {"text": {"field": "name", "type": "nominal"}, "x": _quantity("x")}))
    if finite.size and finite.min() < 0 < finite.max():
        layers.append(_layer(datasets, pd.DataFrame({"x": [0.0]}), {"type": "rule", "color": "#D55E00",
                                                                    "strokeDash": [6, 4], "strokeWidth": 2},
                             {"x": _quantity("x")}))
    return _layered(layers, datasets, height, language, currency)


def share_bars(frame: pd.DataFrame, *, labels: dict[str, str], height: int = 260,
               language: str | None = None) -> Spec:
    """Horizontal bars of ``share`` (a fraction) per ``label``, largest first, each with its per cent; the
    tooltip also shows ``rho`` (direction of the effect). Built as its spec (:class:`Spec`: drawn on every change of
    the risk page)."""
    # a narrow column beside the histogram: long input names (Spanish, Ukrainian...) are cut at 170 px with an
    # ellipsis (the tooltip has the whole name), so that the bars keep most of the width
    datasets: dict[str, list[dict[str, Any]]] = {}
    data = _named(datasets, frame)
    y = _nominal("label", axis={"labelLimit": 170}, sort=list(frame["label"]), title=None)
    return _layered([
        {"mark": {"type": "bar", "color": "#0072B2", "size": 18}, "encoding": {
            "tooltip": [_nominal("label", title=labels["input"]),
                        _quantity("share", format=".1%", title=labels["axis"]),
                        _quantity("rho", format="+.2f", title=labels["rho"])],
            "x": _quantity("share", axis={"format": ".0%"}, title=labels["axis"]), "y": y}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": FONT}, "encoding": {
            "text": _quantity("share", format=".0%"), "x": _quantity("share"), "y": y}},
    ], datasets, height, language, None, data)


def value_bars(frame: pd.DataFrame, *, labels: dict[str, str], colours: dict[str, str] | None = None,
               highlight: str | None = None, height: int = 260, value_format: str = MONEY,
               horizontal: bool = False, currency: str | None = None, language: str | None = None) -> Spec:
    """Bars of ``value`` per ``name`` in the frame's order, labelled with the formatted value (``text``);
    coloured by ``name`` from ``colours``, or blue with ``highlight`` in orange. ``horizontal`` puts the names
    on the vertical axis, where long names fit. Tooltips write ``value_format``; :data:`MONEY` with a
    ``currency`` is the amount with its currency. Built as its spec (:class:`Spec`: the risk page's scenarios are
    drawn on every change)."""
    tip = money_format(currency) if value_format == MONEY else value_format
    across, along = ("y", "x") if horizontal else ("x", "y")  # the names' channel, the values'
    name = _nominal("name", axis={"labelLimit": 260} if horizontal else {"labelAngle": 0, "labelLimit": 260},
                    sort=list(frame["name"]), title=None)
    if colours:
        colour = {"field": "name", "legend": None, "scale": {"domain": list(colours), "range": list(colours.values())},
                  "type": "nominal"}
    else:  # Altair's own writing of the test (its quoting of a name)
        test = repr(alt.datum.name == (highlight or ""))
        colour = {"condition": {"test": test, "value": "#E69F00"}, "value": "#0072B2"}
    datasets: dict[str, list[dict[str, Any]]] = {}
    bars = _layer(datasets, frame, {"type": "bar", "size": 36 if horizontal else 60}, dict(sorted({
        across: name, along: _quantity("value", axis=_amount_axis(language), title=labels["axis"]), "color": colour,
        "tooltip": [_nominal("name", title=labels["name"]), _quantity("value", format=tip, title=labels["axis"])],
    }.items())))
    zero = _layer(datasets, pd.DataFrame({along: [0.0]}), {"type": "rule", "color": "#333"},
                  {along: _quantity(along)})
    if horizontal:
        text = _layer(datasets, frame, {"type": "text", "align": "left", "dx": {"expr": "datum.value >= 0 ? 6 : -70"},
                                        "fontSize": FONT, "fontWeight": "bold"},
                      {"text": _nominal("text"), "x": _quantity("value"), "y": name})
    else:
        text = _layer(datasets, frame, {"type": "text", "dy": {"expr": "datum.value >= 0 ? -10 : 12"},
                                        "fontSize": FONT, "fontWeight": "bold"},
                      {"text": _nominal("text"), "x": name, "y": _quantity("value")})
    return _layered([bars, zero, text], datasets, height, language, currency)


def grouped_bars(frame: pd.DataFrame, *, labels: dict[str, str], colours: dict[str, str], height: int = 260,
                 currency: str | None = None, language: str | None = None) -> alt.Chart:
    """Horizontal bars of ``value`` per ``name`` (long names fit on the vertical axis), side by side per
    ``series`` (e.g. 3- and 5-year TCO per vendor)."""
    return _style(alt.Chart(frame).mark_bar().encode(
        y=alt.Y("name:N", title=None, sort=list(dict.fromkeys(frame["name"])), axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=list(colours)),
        x=alt.X("value:Q", title=labels["axis"], axis=amount_axis(language)),
        color=alt.Color("series:N", title=None, scale=_palette(colours),
                        legend=alt.Legend(orient="bottom", labelLimit=400)),  # beside the bars, 1024 px cut it
        tooltip=[alt.Tooltip("name:N", title=labels["name"]), alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("value:Q", title=labels["axis"], format=money_format(currency))],
    ), height, language, currency)


def whale_curve(curve: pd.DataFrame, *, top_share: float, labels: dict[str, str], height: int = 340,
                language: str | None = None) -> alt.LayerChart:
    """Cumulative share of profit (``share_profit``) against the share of customers ranked by profit
    (``share_customers``); 100 % as a dashed rule and the top share as a labelled vertical rule."""
    line = alt.Chart(curve).mark_line(color="#0072B2", strokeWidth=3).encode(
        x=alt.X("share_customers:Q", title=labels["x"], axis=alt.Axis(format=".0%")),
        y=alt.Y("share_profit:Q", title=labels["y"], axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("share_customers:Q", title=labels["x"], format=".1%"),
                 alt.Tooltip("share_profit:Q", title=labels["y"], format=".1%")],
    )
    full = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(color="#333", strokeDash=[6, 4]).encode(y=alt.Y("y:Q"))
    top = pd.DataFrame({"x": [top_share], "text": [labels["top"]]})
    rule = alt.Chart(top).mark_rule(color="#E69F00", strokeWidth=2).encode(x=alt.X("x:Q"))
    text = alt.Chart(top).mark_text(align="left", dx=6, dy=10, baseline="top", y=0, fontSize=FONT,
                                    color="#9A6700").encode(x=alt.X("x:Q"), text=alt.Text("text:N"))
    return _style(alt.layer(line, full, rule, text), height, language)


def loyalty_scatter(points: pd.DataFrame, *, medians: tuple[float, float], labels: dict[str, str],
                    colours: dict[str, str], height: int = 380, currency: str | None = None,
                    language: str | None = None) -> alt.LayerChart:
    """Tenure (years, ``tenure_years``) against yearly profit (``profit``, symmetric log scale so loss-makers and
    whales both show), one dot per customer coloured by ``group_label``; the medians as dashed rules."""
    dots = alt.Chart(points).mark_circle(size=28, opacity=0.55).encode(
        x=alt.X("tenure_years:Q", title=labels["x"]),
        y=alt.Y("profit:Q", title=labels["y"], scale=alt.Scale(type="symlog", constant=1_000),
                axis=alt.Axis(labelExpr=compact_expr(language), values=symlog_ticks(points["profit"]))),
        color=alt.Color("group_label:N", title=None, scale=_palette(colours),
                        legend=alt.Legend(columns=1, labelLimit=400)),
        tooltip=[alt.Tooltip("customer_id:N", title=labels["id"]), alt.Tooltip("segment:N", title=labels["segment"]),
                 alt.Tooltip("tenure_years:Q", title=labels["x"], format=".1f"),
                 alt.Tooltip("profit:Q", title=labels["y"], format=money_format(currency))],
    )
    x_rule = alt.Chart(pd.DataFrame({"x": [medians[0]]})).mark_rule(strokeDash=[4, 4], color="#555").encode(
        x=alt.X("x:Q"))
    y_rule = alt.Chart(pd.DataFrame({"y": [medians[1]]})).mark_rule(strokeDash=[4, 4], color="#555").encode(
        y=alt.Y("y:Q"))
    return _style(alt.layer(dots, x_rule, y_rule), height, language, currency)


def migration_heatmap(counts: pd.DataFrame, *, labels: dict[str, str], height: int = 260,
                      language: str | None = None) -> alt.LayerChart:
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
        color=alt.ColorValue(**alt.condition(alt.datum.dark, alt.value("white"), alt.value("#1a1a1a"))),
    )
    return _style(alt.layer(cells, text), height, language)


def tracking_chart(frame: pd.DataFrame, *, target: float, labels: dict[str, str], percent_axis: bool = False,
                   height: int = 300, language: str | None = None) -> alt.LayerChart:
    """A metric against its path: ``expected`` by ``date`` as a dashed line, ``actual`` as dots joined by a
    line, the target as a dotted rule. Months as the language writes them (:func:`month_format`), values in per
    cent (``percent_axis``) or in its short forms (:func:`amount_axis`)."""
    language = _reader(language)
    month = month_format(language)
    axis = alt.Axis(format=".1%") if percent_axis else amount_axis(language)
    tip = ".2%" if percent_axis else ",.2f"
    base = alt.Chart(frame).encode(x=alt.X("date:T", title=labels["date"], axis=alt.Axis(format=month)))
    path = base.mark_line(strokeDash=[6, 4], color="#999999", strokeWidth=2).encode(
        y=alt.Y("expected:Q", title=labels["value"], axis=axis, scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("date:T", title=labels["date"], format=month),
                 alt.Tooltip("expected:Q", title=labels["expected"], format=tip)],
    )
    measured = frame.dropna(subset=["actual"])
    actual_base = alt.Chart(measured).encode(x=alt.X("date:T"), y=alt.Y("actual:Q"))
    line = actual_base.mark_line(color="#0072B2", strokeWidth=2.5)
    dots = actual_base.mark_circle(color="#0072B2", size=70).encode(
        tooltip=[alt.Tooltip("date:T", title=labels["date"], format=month),
                 alt.Tooltip("actual:Q", title=labels["actual"], format=tip)])
    goal = alt.Chart(pd.DataFrame({"y": [target], "text": [labels["target"]]}))
    rule = goal.mark_rule(color="#009E73", strokeDash=[2, 3], strokeWidth=2).encode(y=alt.Y("y:Q"))
    text = goal.mark_text(align="left", x=4, dy=-8, color="#00704F", fontSize=FONT).encode(
        y=alt.Y("y:Q"), text=alt.Text("text:N"))
    return _style(alt.layer(path, rule, text, line, dots), height, language)


def slide_chart(data: ChartData, *, height: int | None = None, language: str | None = None) -> alt.TopLevelMixin:
    """The Altair chart of a slide's chart data (:class:`crm_case.story.ChartData`, words already in the slide's
    language): a ``line`` as :func:`j_curve` (go-live and break-even from its markers), a ``gap`` as
    :func:`gap_chart`, ``bars_h`` as :func:`group_bars`, a ``tornado`` as :func:`tornado_chart`, ``diverging`` as
    :func:`diverging_bars`; each axis labelled at the data's ticks only (at most eight labels)."""
    values, months_ = data.value_ticks or None, data.x_ticks or None
    count = len(data.categories)
    if data.kind == "line":
        names = [f"s{i}" for i in range(len(data.series))]
        monthly = pd.DataFrame({"month": list(data.categories),
                                **{n: list(v) for n, (_, v) in zip(names, data.series, strict=True)}})
        go_live = data.markers[0][1] if data.markers else None  # markers: go-live, then break-even
        break_even = data.markers[1][1] if len(data.markers) > 1 else None
        labels = {"month": data.x_title, "amount": data.value_title, "series": data.series_title,
                  "go_live": data.markers[0][0] if data.markers else "",
                  "break_even": data.markers[1][0] if len(data.markers) > 1 else "",
                  **{n: name for n, (name, _) in zip(names, data.series, strict=True)}}
        return j_curve(monthly, currency=data.currency or "", labels=labels, go_live_month=go_live,
                       break_even_month=break_even, series=tuple(names), height=height or 340, language=language,
                       value_ticks=values, month_ticks=months_)
    if data.kind == "gap":
        (now, now_values), (later, later_values) = data.series
        paths = pd.DataFrame({"month": list(data.categories), "start_now": list(now_values),
                              "start_later": list(later_values)})
        return gap_chart(paths, labels={"month": data.x_title, "amount": data.value_title, "start_now": now,
                                        "start_later": later}, height=height or 340, currency=data.currency,
                         language=language, value_ticks=values, month_ticks=months_)
    if data.kind == "bars_h":
        (_, amounts), = data.series
        colours = dict(zip(data.categories, data.colours or OKABE_ITO, strict=False))
        frame = pd.DataFrame({"group": list(data.categories), "amount": list(amounts)})
        return group_bars(frame, colours=colours, currency=data.currency or "", group_title=data.x_title,
                          amount_title=data.value_title, height=height or 60 + 45 * count, language=language,
                          value_ticks=values)
    if data.kind == "tornado":
        (low_name, low), (high_name, high) = data.series
        texts = dict(data.texts)
        table = pd.DataFrame({"label": list(data.categories), "npv_low": list(low), "npv_high": list(high),
                              "low_text": list(texts.get("low", ("",) * count)),
                              "high_text": list(texts.get("high", ("",) * count)),
                              "base_text": list(texts.get("base", ("",) * count))})
        return tornado_chart(table, base=data.base or 0.0, height=height or 100 + 40 * count, labels={
            "low": low_name, "high": high_name, "axis": data.value_title, "input": data.x_title,
            "end": _tornado_words(language)[0], "value": _tornado_words(language)[1],
            "case_value": _tornado_words(language)[2]}, currency=data.currency, language=language, value_ticks=values)
    if data.kind == "diverging":
        (advantage, plus), (disadvantage, minus) = data.series
        table = pd.DataFrame({"name": list(data.categories),
                              "side": ["advantage" if p is not None else "disadvantage" for p in plus],
                              "contribution": [p if p is not None else m for p, m in zip(plus, minus, strict=True)]})
        return diverging_bars(table, height=height or 90 + 55 * count, language=language, value_ticks=values,
                              labels={"advantage": advantage, "disadvantage": disadvantage, "axis": data.value_title,
                                      "criterion": data.x_title, "side": _side_word(language)})
    raise ValueError(f"no chart of kind {data.kind!r}")


def _tornado_words(language: str | None) -> tuple[str, str, str]:
    reader = _reader(language)
    return text(reader, "risk.tornado.end"), text(reader, "risk.tornado.value"), text(reader, "risk.case_value")


def _side_word(language: str | None) -> str:
    return text(_reader(language), "scoring.side")
