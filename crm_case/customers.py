"""Customer value: lifetime value by segment, the profit concentration (whale) curve, value tiers, loyalty
against profitability, and the return on relationship between two snapshots of the same customers.

Units: money in the case currency; ``revenue`` and ``cost_to_serve`` of a customer cover the last 12 months,
so ``profit = revenue - cost_to_serve`` is a yearly profit; rates as fractions; tenure in years.

The customer file (``.csv`` or ``.xlsx``, first sheet, one row per customer; headers matched ignoring case,
spaces and underscores; :data:`COLUMNS` lists the accepted names):

===============  ========  ==================================================================
column           required  meaning
===============  ========  ==================================================================
customer id      yes       unique per customer, any text
segment          no        e.g. Enterprise, Mid-market (``All`` when the column is missing)
revenue          yes       revenue of the last 12 months, zero or more
cost to serve    yes       cost of serving the customer in the same 12 months, zero or more
first purchase   yes       date (YYYY-MM-DD, or an Excel date), not in the future
last purchase    yes       date, on or after the first purchase, not in the future
orders           yes       number of orders since the first purchase, a whole number, zero or more
===============  ========  ==================================================================
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from crm_case.errors import CrmCaseError
from crm_case.excel.safety import read_rows
from crm_case.finance import Figure
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model import MAX_FIGURE, MAX_FIGURE_TEXT, Case, Segment, with_values
from crm_case.numbers import NumberTextError, parse_number

COLUMNS = {
    "customer_id": ("customer id", "customer", "id", "customer number", "account id", "account"),
    "segment": ("segment", "customer segment", "tier"),
    "revenue": ("revenue", "revenue 12 months", "sales", "turnover"),
    "cost_to_serve": ("cost to serve", "cost", "service cost", "costs"),
    "first_purchase": ("first purchase", "first purchase date", "first order", "customer since"),
    "last_purchase": ("last purchase", "last purchase date", "last order"),
    "orders": ("orders", "number of orders", "order count"),
}
"""Canonical column -> the header names accepted for it (compared lower case, spaces for underscores)."""
REQUIRED = ("customer_id", "revenue", "cost_to_serve", "first_purchase", "last_purchase", "orders")
HEADERS = {"customer_id": "Customer ID", "segment": "Segment", "revenue": "Revenue", "cost_to_serve": "Cost to serve",
           "first_purchase": "First purchase", "last_purchase": "Last purchase", "orders": "Orders"}
"""The header each column gets in files this module writes (the sample files)."""
MAX_CUSTOMERS = 200_000
MAX_PROBLEMS = 20
TIERS = ("top", "middle", "lose")
"""Value tiers: the top customers by profit, the middle, and the loss-makers one is "willing to lose"."""
DAYS_PER_YEAR = 365.25


# --------------------------------------------------------------------------- lifetime value
def survival_annuity(retention: np.ndarray | float, rate: float, years: np.ndarray | int) -> np.ndarray:
    """``A = sum_{t=1}^{T} r^(t-1) / (1 + d)^t``: the present value of 1 a year received at the end of each
    year the customer is still active, with the customer active in year 1 and retained with probability r
    each year after. Closed form ``(1 - q^T) / (1 + d - r)`` with ``q = r / (1 + d)``; ``T / (1 + d)`` when
    q = 1. Excel: ``=(1-(r/(1+d))^T)/(1+d-r)``."""
    r = np.asarray(retention, dtype=float)
    t = np.asarray(years, dtype=float)
    q = r / (1.0 + rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = (1.0 - q**t) / (1.0 + rate - r)
    return np.where(np.isclose(q, 1.0), t / (1.0 + rate), closed)


def clv_finite(margin: float, retention: float, rate: float, years: int) -> float:
    """Customer lifetime value over ``years``: ``CLV_T = m x sum_{t=1}^{T} r^(t-1) / (1 + d)^t``.

    Parameters: ``margin`` m, the yearly profit of a customer (case currency); ``retention`` r, the share of
    customers still active a year later (fraction); ``rate`` d, the annual discount rate (fraction); ``years`` T.
    Convention: the margin of a year falls at its end; the customer is active in year 1 for sure. Acquisition
    cost is not deducted (see :func:`clv_table`'s ``net_clv``). Excel: ``=m*(1-(r/(1+d))^T)/(1+d-r)``.

    Example: m = 1,000, r = 80 %, d = 10 %, T = 3: 1,000 x (1/1.1 + 0.8/1.21 + 0.64/1.331) = 2,051.09.
    """
    return float(margin * survival_annuity(retention, rate, years))


def clv_infinite(margin: float, retention: float, rate: float) -> Figure:
    """Customer lifetime value with no horizon: ``CLV = m / (1 + d - r)`` (the limit of :func:`clv_finite`).

    ``None`` when ``1 + d - r <= 0`` (a retention of 100 % with a discount rate of zero or less never
    converges). Example: m = 1,000, r = 80 %, d = 10 %: 1,000 / 0.3 = 3,333.33. Excel: ``=m/(1+d-r)``.
    """
    denominator = 1.0 + rate - retention
    if denominator <= 0:
        return Figure(None, Message("engine.customers.never_converges"))
    return Figure(margin / denominator)


def clv_table(segments: tuple[Segment, ...] | list[Segment], rate: float) -> pd.DataFrame:
    """Lifetime value and spend guidance per segment, vectorised over the segments.

    Columns: ``segment, customers, annual_margin, retention, acquisition_cost, horizon_years``,
    ``clv`` (finite horizon, :func:`clv_finite`), ``clv_infinite`` (NaN where it does not converge),
    ``net_clv = clv - acquisition_cost``, ``max_acquisition = clv`` (the most worth paying to win one customer:
    above it the customer never pays back), ``max_yearly_marketing = net_clv / A`` (the most worth spending
    on a customer each year they stay, A = :func:`survival_annuity`, so the spend over the lifetime equals the
    net CLV), ``segment_value = customers x clv`` and ``yearly_budget = customers x max_yearly_marketing``
    (the ceiling of the segment's yearly retention marketing). Money in the case currency.
    """
    frame = pd.DataFrame({
        "segment": [s.name for s in segments],
        "customers": [s.customers for s in segments],
        "annual_margin": [s.annual_margin for s in segments],
        "retention": [s.retention for s in segments],
        "acquisition_cost": [s.acquisition_cost for s in segments],
        "horizon_years": [s.horizon_years for s in segments],
    })
    annuity = survival_annuity(frame["retention"].to_numpy(), rate, frame["horizon_years"].to_numpy())
    denominator = 1.0 + rate - frame["retention"].to_numpy(dtype=float)
    frame["clv"] = frame["annual_margin"] * annuity
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["clv_infinite"] = np.where(denominator > 0, frame["annual_margin"] / denominator, np.nan)
        frame["net_clv"] = frame["clv"] - frame["acquisition_cost"]
        frame["max_acquisition"] = frame["clv"].clip(lower=0.0)
        frame["max_yearly_marketing"] = np.where(annuity > 0, frame["net_clv"] / annuity, np.nan)
    frame["segment_value"] = frame["customers"] * frame["clv"]
    frame["yearly_budget"] = frame["customers"] * frame["max_yearly_marketing"].clip(lower=0.0)
    return frame


# --------------------------------------------------------------------------- reading a customer file
def _key(text: object) -> str:
    return re.sub(r"[\s_\-()]+", " ", str(text)).strip().lower()


def _describe_rows(rows: np.ndarray) -> str:
    if len(rows) == 1:
        return Message("engine.file.row", row=int(rows[0]))
    shown = ", ".join(str(int(r)) for r in rows[:8])
    return Message("engine.file.rows", rows=Message("engine.list.more", names=shown, more=len(rows) - 8)
                   if len(rows) > 8 else shown)


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _numbers(raw: pd.Series) -> pd.Series:
    """A column's cells as numbers: numbers as they are, text read by :func:`crm_case.numbers.parse_number`
    (``1.234,50`` and ``1,234.50`` are 1234.5, ``0,5`` is 0.5: a decimal comma was read as a thousands separator
    before, 0,5 as 5) or NaN when it has no reading. A spelling with two readings (``1,500``) is read with the comma
    as thousands separator, as this reader always has (the customer file's documented format). Plain digits
    (most of a CSV) take a vectorised path."""
    text = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
    plain = text.map(lambda v: isinstance(v, str) and _PLAIN.fullmatch(v) is not None)
    values = pd.to_numeric(text.where(plain | ~text.map(lambda v: isinstance(v, str))), errors="coerce")
    spelled = text[~plain & text.map(lambda v: isinstance(v, str) and v != "")]
    if len(spelled):
        values.loc[spelled.index] = [_read(v) for v in spelled]
    return values.astype(float)


_PLAIN = re.compile(r"-?\d+(?:\.\d+)?")


def _read(text: str) -> float:
    try:
        return parse_number(text)
    except NumberTextError as error:
        return error.readings[1] if error.kind == "ambiguous" and error.readings else math.nan


def _date_text(value: object) -> object:
    """A date cell as text for pandas: dates as ISO text, a spreadsheet serial number (days since 1899-12-30,
    Excel's and LibreOffice's convention) as its date, anything else as it is (text is parsed, the rest fails)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (_EXCEL_EPOCH + dt.timedelta(days=float(value))).isoformat() if 1 <= value <= 2_958_465 else None
    return value


def parse_customers(rows: list[list[object]], source: str, *, today: dt.date) -> pd.DataFrame:
    """Validate the rows of a customer table (header first) into a frame of customers.

    Returns one row per customer with ``customer_id, segment, revenue, cost_to_serve, profit,
    first_purchase, last_purchase, orders, tenure_years, orders_per_year``; tenure is from the first to the
    last purchase (at least one month, so a new customer's frequency is finite).

    Raises :class:`CrmCaseError` listing every problem (up to :data:`MAX_PROBLEMS` kinds) with the row numbers
    as in the file (the header is row 1) and the column: missing or misnamed columns, duplicate ids, text or
    negative amounts, unparseable or future dates, a last purchase before the first, orders that are not
    whole numbers, an empty table.
    """
    header_row = next((i for i, row in enumerate(rows) if any(c not in (None, "") for c in row)), None)
    if header_row is None:
        raise CrmCaseError(Message("engine.customers.file_empty", source=source))
    header = [_key(c) if c is not None else "" for c in rows[header_row]]
    found: dict[str, int] = {}
    problems = []
    doubled = set()
    for column, names in COLUMNS.items():
        hits = [i for i, h in enumerate(header) if h in {_key(n) for n in (column, *names)}]
        if len(hits) > 1:
            doubled.add(column)
            problems.append(Message("engine.customers.columns_alike", source=source,
                                    columns=", ".join(repr(rows[header_row][i]) for i in hits),
                                    column=HEADERS[column]))
        elif hits:
            found[column] = hits[0]
    missing = [HEADERS[c] for c in REQUIRED if c not in found and c not in doubled]
    if missing:
        given = ", ".join(repr(c) for c in rows[header_row] if c not in (None, "")) or Message("engine.list.none")
        problems.append(Message("engine.customers.columns_missing", source=source,
                                columns=", ".join(repr(m) for m in missing), found=given,
                                expected=", ".join(HEADERS[c] for c in REQUIRED), optional=HEADERS["segment"]))
    if problems:
        raise CrmCaseError(problems)
    body = rows[header_row + 1:]
    numbers = np.arange(header_row + 2, header_row + 2 + len(body))
    keep = np.array([any(c not in (None, "") for c in row) for row in body], dtype=bool)
    body = [row for row, k in zip(body, keep, strict=True) if k]
    numbers = numbers[keep]
    if not body:
        raise CrmCaseError(Message("engine.customers.no_rows", source=source))

    def column(name: str) -> pd.Series:
        index = found[name]
        return pd.Series([row[index] if index < len(row) else None for row in body], dtype=object)

    problems = []

    def complain(mask: np.ndarray, name: str, what: Message) -> None:
        if mask.any():
            problems.append(Message("engine.customers.cells", source=source, rows=_describe_rows(numbers[mask]),
                                    column=HEADERS[name], what=what))

    ids = column("customer_id").map(lambda v: "" if v is None else (str(int(v)) if isinstance(v, float) and
                                                                     v.is_integer() else str(v).strip()))
    complain((ids == "").to_numpy(), "customer_id", Message("engine.customers.no_id"))
    duplicated = ids.duplicated(keep=False).to_numpy() & (ids != "").to_numpy()
    if duplicated.any():
        first = ids[duplicated].iloc[0]
        complain(duplicated, "customer_id", Message("engine.customers.same_id", id=repr(first)))
    amounts = {}
    for name in ("revenue", "cost_to_serve", "orders"):
        raw = column(name)
        values = _numbers(raw)
        bad = ~np.isfinite(values.to_numpy()) | raw.map(lambda v: isinstance(v, (bool, dt.date))).to_numpy()
        complain(bad, name, Message("engine.customers.not_a_number" if name != "orders"
                                    else "engine.customers.not_a_whole_number"))
        complain(~bad & (values.abs() > MAX_FIGURE).to_numpy(), name,
                 Message("engine.customers.too_large", limit=MAX_FIGURE_TEXT))
        negative = (values < 0).to_numpy()
        complain(negative, name, Message("engine.customers.negative"))
        if name == "orders":
            complain(~bad & (values % 1 != 0).to_numpy(), name, Message("engine.customers.not_a_whole_number"))
        amounts[name] = values.to_numpy(dtype=float)
    dates = {}
    for name in ("first_purchase", "last_purchase"):
        raw = column(name)
        # Dates as written (ISO text, a spreadsheet's date, or its serial number of days since 1899-12-30);
        # a time zone is dropped after conversion to UTC (a purchase's day is all that matters).
        parsed = pd.to_datetime(raw.map(_date_text), errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
        bad = parsed.isna().to_numpy()
        complain(bad, name, Message("engine.customers.not_a_date"))
        future = (parsed > pd.Timestamp(today)).to_numpy()
        complain(future, name, Message("engine.customers.future", today=today.isoformat()))
        dates[name] = parsed
    order = (dates["last_purchase"] < dates["first_purchase"]).to_numpy()
    complain(order, "last_purchase", Message("engine.customers.before_first"))
    for name in ("revenue", "cost_to_serve"):
        values = amounts[name]
        total = float(np.where(np.isfinite(values) & (np.abs(values) <= MAX_FIGURE), values, 0.0).sum())
        if total > MAX_FIGURE:
            problems.append(Message("engine.customers.total_too_large", source=source,
                                    column=HEADERS[name], total=Plain(total, "#,##0"),
                                    limit=MAX_FIGURE_TEXT))
    if problems:
        more = len(problems) - MAX_PROBLEMS
        raise CrmCaseError(problems[:MAX_PROBLEMS] + ([Message("engine.file.more_problems", source=source, count=more)]
                                                      if more > 0 else []))
    segment = column("segment").map(lambda v: "All" if v in (None, "") else str(v).strip()) if "segment" in found \
        else pd.Series(["All"] * len(body))
    frame = pd.DataFrame({
        "customer_id": ids.to_numpy(),
        "segment": segment.to_numpy(),
        "revenue": amounts["revenue"],
        "cost_to_serve": amounts["cost_to_serve"],
        "first_purchase": dates["first_purchase"].to_numpy(),
        "last_purchase": dates["last_purchase"].to_numpy(),
        "orders": amounts["orders"].astype(np.int64),
    })
    return with_derived(frame)


def with_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``profit = revenue - cost_to_serve``, ``tenure_years = (last - first purchase) / 365.25`` and
    ``orders_per_year = orders / max(tenure_years, 1/12)`` (a new frame; the argument is not changed)."""
    out = frame.copy()
    out["profit"] = out["revenue"] - out["cost_to_serve"]
    days = (pd.to_datetime(out["last_purchase"]) - pd.to_datetime(out["first_purchase"])).dt.days.to_numpy()
    out["tenure_years"] = days / DAYS_PER_YEAR
    out["orders_per_year"] = out["orders"] / np.maximum(out["tenure_years"], 1.0 / 12.0)
    return out


def read_customers(data: bytes, filename: str, *, today: dt.date) -> pd.DataFrame:
    """A customer file's bytes (.csv or .xlsx, checked like every upload) -> :func:`parse_customers`."""
    rows, _ = read_rows(data, filename, max_rows=MAX_CUSTOMERS)
    return parse_customers(rows, filename, today=today)


# --------------------------------------------------------------------------- concentration and tiers
@dataclass(frozen=True)
class Concentration:
    """The profit concentration of a customer base (all money yearly, in the case currency)."""

    customers: int
    total_profit: float
    top_share: float
    """Share of customers asked about (0.2 for the top 20 %)."""
    top_profit_share: Figure
    """Share of the total profit that the top ``top_share`` of customers bring; ``None`` when the total profit
    is zero or negative (a share of it means nothing)."""
    peak_share: float
    """Highest point of the whale curve: the cumulative profit of the profitable customers / total profit; above
    1 when loss-makers give part of it back."""
    loss_makers: int
    loss: float
    """Sum of the loss-makers' (negative) profit."""
    curve: pd.DataFrame
    """``share_customers, share_profit``: at most 501 points of the whale curve, from (0, 0) to (1, 1)."""


def concentration(frame: pd.DataFrame, top_share: float = 0.2, points: int = 500) -> Concentration:
    """The cumulative profit curve (Pareto / whale curve) and the share of profit from the top customers.

    Customers are ranked by profit, highest first; ``share_profit(k) = sum of the k best profits / total
    profit``, ``share_customers(k) = k / N``. The top ``top_share`` are the first ``ceil(top_share x N)``
    customers. The curve rises above 100 % when some customers lose money and falls back to 100 % at the end.
    Excel: sort by profit descending, then ``=SUM($F$2:F2)/SUM($F:$F)`` down the column.
    """
    profit = np.sort(frame["profit"].to_numpy(dtype=float))[::-1]
    n = profit.size
    total = float(profit.sum())
    cumulative = np.concatenate(([0.0], np.cumsum(profit)))
    k = math.ceil(top_share * n - 1e-9)
    if total > 0:
        share = Figure(float(cumulative[k] / total))
        shares = cumulative / total
    else:
        share = Figure(None, Message("engine.customers.no_total_profit"))
        shares = np.full(n + 1, np.nan)
    positions = np.unique(np.linspace(0, n, min(points, n) + 1).round().astype(int))
    curve = pd.DataFrame({"share_customers": positions / max(n, 1), "share_profit": shares[positions]})
    negative = profit < 0
    return Concentration(
        customers=n, total_profit=total, top_share=top_share, top_profit_share=share,
        peak_share=float(cumulative[(~negative).sum()] / total) if total > 0 else math.nan,
        loss_makers=int(negative.sum()), loss=float(profit[negative].sum()), curve=curve,
    )


@dataclass(frozen=True)
class Thresholds:
    """Value tiers by yearly profit: ``top`` from ``top_from`` up (the profit of the last customer inside the
    top share), ``lose`` below ``lose_below`` (zero: loss-makers), ``middle`` in between."""

    top_from: float
    lose_below: float = 0.0


def thresholds(frame: pd.DataFrame, top_share: float = 0.2) -> Thresholds:
    """The profit of the ``ceil(top_share x N)``-th best customer opens the top tier (ties join it); a top
    tier never holds loss-makers, so the threshold is at least the smallest positive profit."""
    profit = np.sort(frame["profit"].to_numpy(dtype=float))[::-1]
    k = max(math.ceil(top_share * profit.size - 1e-9), 1)
    return Thresholds(top_from=float(max(profit[k - 1], np.nextafter(0.0, 1.0))))


def tier_of(profit: pd.Series | np.ndarray, limits: Thresholds) -> np.ndarray:
    """``top`` where profit >= top_from, ``lose`` where profit < lose_below, else ``middle``."""
    values = np.asarray(profit, dtype=float)
    return np.where(values >= limits.top_from, "top", np.where(values < limits.lose_below, "lose", "middle"))


def tier_table(frame: pd.DataFrame, limits: Thresholds) -> pd.DataFrame:
    """Per tier: ``tier, customers, share_customers, profit, share_profit, mean_profit, mean_tenure,
    mean_orders_per_year``, in the order top, middle, lose (profit shares of a positive total)."""
    tiers = tier_of(frame["profit"], limits)
    total = frame["profit"].sum()
    rows = []
    for tier in TIERS:
        part = frame[tiers == tier]
        rows.append({
            "tier": tier, "customers": len(part), "share_customers": len(part) / max(len(frame), 1),
            "profit": float(part["profit"].sum()),
            "share_profit": float(part["profit"].sum() / total) if total > 0 else math.nan,
            "mean_profit": float(part["profit"].mean()) if len(part) else math.nan,
            "mean_tenure": float(part["tenure_years"].mean()) if len(part) else math.nan,
            "mean_orders_per_year": float(part["orders_per_year"].mean()) if len(part) else math.nan,
        })
    return pd.DataFrame(rows)


LOYALTY_GROUPS = ("true_friends", "butterflies", "barnacles", "strangers")
"""Reinartz and Kumar's (HBR 2002) four kinds of customers: loyal and profitable (true friends), profitable
but short-lived (butterflies), loyal but unprofitable (barnacles), neither (strangers)."""


def loyalty_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Loyalty (tenure in years) against profitability: each customer's ``group`` by the medians of tenure
    and profit (at or above the median counts as long / high). Adds ``group`` to a copy of the frame; the
    medians are in ``attrs["tenure_median"]`` and ``attrs["profit_median"]``."""
    tenure_median = float(frame["tenure_years"].median())
    profit_median = float(frame["profit"].median())
    long = frame["tenure_years"].to_numpy() >= tenure_median
    high = frame["profit"].to_numpy() >= profit_median
    out = frame.copy()
    out["group"] = np.select([long & high, ~long & high, long & ~high], LOYALTY_GROUPS[:3], LOYALTY_GROUPS[3])
    out.attrs = {"tenure_median": tenure_median, "profit_median": profit_median}
    return out


def loyalty_table(view: pd.DataFrame) -> pd.DataFrame:
    """Per loyalty group: ``group, customers, profit, mean_profit, mean_tenure``."""
    rows = []
    for group in LOYALTY_GROUPS:
        part = view[view["group"] == group]
        rows.append({"group": group, "customers": len(part), "profit": float(part["profit"].sum()),
                     "mean_profit": float(part["profit"].mean()) if len(part) else math.nan,
                     "mean_tenure": float(part["tenure_years"].mean()) if len(part) else math.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- return on relationship
@dataclass(frozen=True, eq=False)
class ReturnOnRelationship:
    """Before vs after: the same customers, tiered by the *before* thresholds both times."""

    limits: Thresholds
    common: int
    left: int
    """Customers in the before snapshot missing from the after one (lost)."""
    joined: int
    """Customers only in the after snapshot (new)."""
    by_tier: pd.DataFrame
    """Per before tier: ``tier, customers, retained, retention, mean_profit_before, mean_profit_after,
    profit_change (relative, of the retained), mean_orders_per_year_before, mean_orders_per_year_after``."""
    migration: pd.DataFrame
    """Counts: rows are before tiers, columns the after tiers and ``left``."""
    middle_moved_up: int
    middle_growth: Figure
    """Relative change of the middle tier's mean profit (retained customers)."""
    lose_now_profitable: int
    lose_retained: int
    profit_before: float
    profit_after: float
    """Total profit of the common customers before and after."""


def return_on_relationship(before: pd.DataFrame, after: pd.DataFrame, top_share: float = 0.2) -> ReturnOnRelationship:
    """Compare two snapshots of the same customers (matched by ``customer_id``).

    Tiers use the before snapshot's thresholds (:func:`thresholds`) both times, so a customer moves tier only
    when their own profit changes. Retention of a tier = retained customers / its customers. Loyalty is
    measured by orders per year. Raises :class:`CrmCaseError` when the snapshots share no customer.
    """
    limits = thresholds(before, top_share)
    joined_frame = before[["customer_id", "profit", "orders_per_year"]].merge(
        after[["customer_id", "profit", "orders_per_year"]], on="customer_id", how="left",
        suffixes=("_before", "_after"), indicator=True)  # one row per before customer, same order
    present = (joined_frame["_merge"] == "both").to_numpy()
    common = int(present.sum())
    if common == 0:
        raise CrmCaseError(Message("engine.customers.nothing_in_common"))
    tier_before = tier_of(joined_frame["profit_before"], limits)
    tier_after = np.where(present, tier_of(joined_frame["profit_after"].fillna(0.0), limits), "left")
    columns = [*TIERS, "left"]
    migration = pd.DataFrame([[int(((tier_before == row) & (tier_after == column)).sum()) for column in columns]
                              for row in TIERS], index=list(TIERS), columns=columns)
    rows = []
    for tier in TIERS:
        mine = tier_before == tier
        kept = mine & present
        n, k = int(mine.sum()), int(kept.sum())
        means = {column: float(joined_frame[column].to_numpy()[kept].mean()) if k else math.nan
                 for column in ("profit_before", "profit_after", "orders_per_year_before", "orders_per_year_after")}
        pb, pa = means["profit_before"], means["profit_after"]
        rows.append({
            "tier": tier, "customers": n, "retained": k, "retention": k / n if n else math.nan,
            "mean_profit_before": pb, "mean_profit_after": pa,
            "profit_change": (pa - pb) / abs(pb) if k and pb else math.nan,
            "mean_orders_per_year_before": means["orders_per_year_before"],
            "mean_orders_per_year_after": means["orders_per_year_after"],
        })
    table = pd.DataFrame(rows).set_index("tier")
    middle = table.loc["middle"]
    growth = (Figure(float(middle["profit_change"])) if not math.isnan(middle["profit_change"])
              else Figure(None, Message("engine.customers.no_middle_tier")))
    return ReturnOnRelationship(
        limits=limits, common=common, left=int(len(before) - common), joined=int(len(after) - common),
        by_tier=table.reset_index(), migration=migration,
        middle_moved_up=int(migration.loc["middle", "top"]), middle_growth=growth,
        lose_now_profitable=int(migration.loc["lose", ["top", "middle"]].sum()),
        lose_retained=int(migration.loc["lose", list(TIERS)].sum()),
        profit_before=float(joined_frame["profit_before"].to_numpy()[present].sum()),
        profit_after=float(joined_frame["profit_after"].to_numpy()[present].sum()),
    )


# --------------------------------------------------------------------------- links to the case
def segments_from_data(before: pd.DataFrame, after: pd.DataFrame | None, current: tuple[Segment, ...],
                       default_retention: float) -> list[dict]:
    """Segments measured from the data: per segment, the customer count and mean yearly profit; retention
    from the share of its before customers still in the after file when there is one, else the value the
    segment already has (or ``default_retention``); acquisition cost and horizon kept from a segment of the
    same name. Returns plain dicts for :class:`~crm_case.model.Segment`."""
    known = {s.name.lower(): s for s in current}
    out = []
    for name, part in before.groupby("segment", sort=True):
        old = known.get(str(name).lower())
        if after is not None:
            retention = float(part["customer_id"].isin(after["customer_id"]).mean())
        else:
            retention = old.retention if old else default_retention
        out.append({"name": str(name), "customers": float(len(part)), "annual_margin": float(part["profit"].mean()),
                    "retention": retention, "acquisition_cost": old.acquisition_cost if old else 0.0,
                    "horizon_years": old.horizon_years if old else 10})
    return out


def retention_inputs(frame: pd.DataFrame) -> dict[str, float]:
    """What the retention driver can take from the data: ``customers`` (the count) and
    ``annual_margin_per_customer`` (their mean yearly profit, negative when the customers lose money on
    average: see :func:`link_retention`)."""
    return {"customers": float(len(frame)), "annual_margin_per_customer": float(frame["profit"].mean())}


def link_retention(case: Case, frame: pd.DataFrame) -> Case:
    """The case with its retention driver enabled and fed from the customer data (:func:`retention_inputs`):
    ``customers`` = the number of customers, ``annual_margin_per_customer`` = their mean yearly profit rounded
    to cents.

    The driver values a customer kept at that mean margin (customers x (churn_before - churn_after) x margin),
    and a margin is zero or more. When the customers lose money on average (every one a loss-maker, or the
    losses outweigh the profits) there is no value in keeping the average customer: :class:`CrmCaseError`
    says so, with the mean, instead of a refused field.
    """
    inputs = retention_inputs(frame)
    margin = inputs["annual_margin_per_customer"]
    if not len(frame):
        raise CrmCaseError(Message("engine.customers.link_empty"))
    if not margin > 0:
        losing = int((frame["profit"] < 0).sum())
        raise CrmCaseError(Message("engine.customers.no_profit", customers=Plain(len(frame)),
                                   margin=Plain(margin, "#,##0.00"), currency=case.assumptions.currency,
                                   losing=Plain(losing)))
    return with_values(case, {"drivers.retention.enabled": True, "drivers.retention.customers": inputs["customers"],
                              "drivers.retention.annual_margin_per_customer": round(margin, 2)})


def retention_linked(case: Case, frame: pd.DataFrame) -> bool:
    """Whether the retention driver already holds what :func:`link_retention` would put in it: enabled, the same
    number of customers and a margin per customer within a cent of their mean yearly profit."""
    inputs = retention_inputs(frame)
    driver = case.drivers.retention
    return bool(driver.enabled and driver.customers == inputs["customers"]
                and abs(driver.annual_margin_per_customer - inputs["annual_margin_per_customer"]) < 0.01)


DEFAULT_RETENTION = 0.8
"""Retention of a new segment measured without an after snapshot, when the case has no churn before the CRM."""


def case_segments_from_data(case: Case, before: pd.DataFrame, after: pd.DataFrame | None) -> list[dict]:
    """:func:`segments_from_data` for ``case``: its segments as the current ones, and for a new segment without an
    after snapshot the retention the case's retention driver implies (1 - churn before the CRM), or
    :data:`DEFAULT_RETENTION` when that churn is 0."""
    churn = case.drivers.retention.churn_before
    return segments_from_data(before, after, case.customers.segments, 1 - churn if churn else DEFAULT_RETENTION)


def has_customer_figures(case: Case) -> bool:
    """Whether the case holds customer figures of its own (segments, or the aggregates of an analysed file): a case
    without them starts the Customer value page with no customer data rather than the sample's."""
    return bool(case.customers.segments or case.customers.summary)


@dataclass(frozen=True, eq=False)
class SummaryUpdate:
    """What an analysis of the session's customer data does to the case's aggregates (:func:`summary_update`).

    ``action``: ``"same"`` (the case already holds these aggregates), ``"write"`` (``case`` is the case with them)
    or ``"keep"`` (the case keeps the aggregates of the file analysed when it was saved; ``case`` is unchanged)."""

    action: Literal["same", "write", "keep"]
    case: Case


def summary_update(case: Case, summary: dict[str, float], *, chosen: bool, written: dict[str, float] | None,
                   from_sample: bool) -> SummaryUpdate:
    """Whether the aggregates ``summary`` of the session's customer data go into ``case.customers.summary``.

    The customer rows themselves are never stored: a case from the library or a file keeps the aggregates of the
    file analysed when it was saved until the session analyses data of its own. They are written when the user
    ``chosen`` the data (an upload, or back to the sample), or when the case is in step with the session (no
    aggregates yet, or the ``written`` ones, the last this session wrote), except that the sample's rows never
    fill in a case of one's own (no segments, no aggregates: ``from_sample``). Compared once validated, so an
    unchanged analysis keeps the case as it is.
    """
    new = with_values(case, {"customers.summary": summary})
    if new.customers.summary == case.customers.summary:
        return SummaryUpdate("same", case)
    in_step = not case.customers.summary or case.customers.summary == written
    sample_into_own = from_sample and not has_customer_figures(case)
    if chosen or (in_step and not sample_into_own):
        return SummaryUpdate("write", new)
    return SummaryUpdate("keep", case)


SUMMARY_KEYS = (
    "customers", "total_profit", "top_share", "top_profit_share", "peak_share", "loss_makers", "loss",
    "top_from", "tier.top.customers", "tier.top.profit", "tier.middle.customers", "tier.middle.profit",
    "tier.lose.customers", "tier.lose.profit",
)
"""Keys of the aggregates kept in the case (``case.customers.summary``) and exported; with an after snapshot
also ``ror.common``, ``ror.left``, ``ror.joined``, ``ror.profit_before``, ``ror.profit_after`` and
``migration.<before tier>.<after tier or left>``."""


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything the Customer value page shows of one customer base (and its later snapshot), computed once."""

    concentration: Concentration
    limits: Thresholds
    tiers: pd.DataFrame
    """:func:`tier_table`, indexed by tier."""
    ror: ReturnOnRelationship | None
    """None without an after snapshot."""

    def summary(self) -> dict[str, float]:
        """The aggregates as ``{key: number}`` (:data:`SUMMARY_KEYS`): no customer row, no id; undefined figures
        (a share of a non-positive total) are left out."""
        conc, tiers, ror = self.concentration, self.tiers, self.ror
        out = {
            "customers": float(conc.customers), "total_profit": conc.total_profit, "top_share": conc.top_share,
            "top_profit_share": conc.top_profit_share.value if conc.top_profit_share.value is not None else math.nan,
            "peak_share": conc.peak_share, "loss_makers": float(conc.loss_makers), "loss": conc.loss,
            "top_from": self.limits.top_from,
        }
        for tier in TIERS:
            out[f"tier.{tier}.customers"] = float(tiers.loc[tier, "customers"])
            out[f"tier.{tier}.profit"] = float(tiers.loc[tier, "profit"])
        if ror is not None:
            out |= {"ror.common": float(ror.common), "ror.left": float(ror.left), "ror.joined": float(ror.joined),
                    "ror.profit_before": ror.profit_before, "ror.profit_after": ror.profit_after}
            for tier in TIERS:
                for column in ror.migration.columns:
                    out[f"migration.{tier}.{column}"] = float(ror.migration.loc[tier, column])
        return {k: float(v) for k, v in out.items() if not (isinstance(v, float) and math.isnan(v))}


def analyse(before: pd.DataFrame, after: pd.DataFrame | None, top_share: float = 0.2) -> Analysis:
    """Concentration, tier thresholds and table, and (with ``after``) the return on relationship."""
    limits = thresholds(before, top_share)
    return Analysis(
        concentration=concentration(before, top_share), limits=limits,
        tiers=tier_table(before, limits).set_index("tier"),
        ror=return_on_relationship(before, after, top_share) if after is not None else None,
    )


def summary(before: pd.DataFrame, after: pd.DataFrame | None, top_share: float = 0.2) -> dict[str, float]:
    """The aggregates of an analysis (:meth:`Analysis.summary`)."""
    return analyse(before, after, top_share).summary()


# --------------------------------------------------------------------------- a synthetic customer base
SYNTHETIC_SEGMENTS = (("Enterprise", 105_000.0, 40.0), ("Mid-market", 29_000.0, 18.0), ("Small business", 9_000.0, 9.0))
"""Each segment of the synthetic base: its name, the scale of a customer's yearly revenue (lognormal around it)
and its orders a year. The revenue scales only shape the spread within a segment: each segment's costs are then
set so that its mean yearly profit is the margin asked for."""


def _exact_mean_profit(revenue: np.ndarray, cost: np.ndarray, margin: float) -> np.ndarray:
    """``cost`` scaled by one factor, rounded to cents, then the largest customer's cost moved by the rounding's
    residue, so that ``mean(revenue - cost)`` is ``margin`` to the cent (revenue already in cents)."""
    factor = (revenue.sum() - margin * revenue.size) / cost.sum()
    cost = (cost * factor).round(2)
    residue = round(revenue.sum() - cost.sum() - margin * revenue.size, 2)
    cost[int(np.argmax(revenue))] += residue
    return cost.round(2)


def synthetic_customers(seed: int = 7, segments: tuple[tuple[str, int, float], ...] = (
        ("Enterprise", 160, 33_750.0), ("Mid-market", 640, 7_500.0), ("Small business", 1_200, 1_500.0)),
        *, lost: int = 200, new: tuple[tuple[str, int], ...] = (("Mid-market", 100), ("Small business", 150)),
        today: dt.date = dt.date(2026, 12, 31)) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A realistic customer base in the file's columns (:data:`HEADERS`), before and a year after a CRM.

    ``segments``: (name, customers, mean yearly profit) of each segment; ``lost``: the customers gone a year
    later; ``new``: (segment, customers) won in that year. The defaults are the sample case's (crm_case.sample):
    2,000 customers at a mean yearly profit of 6,000 (the retention driver's customers and margin per customer,
    and the sample's segments), 200 lost in the year with the CRM (its churn with CRM, 10 %) and 250 new ones
    (the acquisition driver's new customers a year) whose segments' acquisition costs average the driver's
    3,000 (tests/unit/test_sample_consistency.py checks each pair).

    Yearly revenue lognormal within a segment; cost to serve a share of revenue plus a fixed cost per order, so
    some small, demanding customers lose money; each segment's costs are then scaled so that its mean yearly
    profit is exactly the one asked for (to the cent). Tenures up to 12 years. After: the lost customers drawn
    more among small and loss-making ones, the middle tier growing (cross-selling) and part of the loss-makers
    moved to self-service (lower cost to serve). The same seed gives the same files. ``today`` is the after
    snapshot's date; the before snapshot is a year earlier.
    """
    rng = np.random.default_rng(seed)
    scales = {name: (scale, orders) for name, scale, orders in SYNTHETIC_SEGMENTS}
    customers = sum(count for _, count, _ in segments)
    before_day = today - dt.timedelta(days=365)
    segment_of = rng.permutation(np.repeat([name for name, _, _ in segments], [count for _, count, _ in segments]))
    revenue = np.array([scales[s][0] for s in segment_of]) * rng.lognormal(0.0, 0.7, customers)
    revenue = revenue.round(2)
    orders_a_year = np.array([scales[s][1] for s in segment_of]) * rng.lognormal(0.0, 0.5, customers)
    cost = revenue * rng.uniform(0.55, 0.80, customers) + orders_a_year * rng.lognormal(5.0, 0.9, customers)
    for name, _, margin in segments:
        mine = segment_of == name
        cost[mine] = _exact_mean_profit(revenue[mine], cost[mine], margin)
    tenure_days = (rng.gamma(2.0, 1.4, customers) * DAYS_PER_YEAR).clip(30, 12 * DAYS_PER_YEAR).astype(int)
    last_gap = rng.integers(0, 120, customers)
    last = pd.to_datetime(before_day) - pd.to_timedelta(last_gap, unit="D")
    first = last - pd.to_timedelta(tenure_days, unit="D")
    orders = np.maximum(1, (orders_a_year * tenure_days / DAYS_PER_YEAR).round()).astype(int)
    ids = np.array([f"C{i + 1:06d}" for i in range(customers)])
    before = pd.DataFrame({"customer_id": ids, "segment": segment_of, "revenue": revenue,
                           "cost_to_serve": cost, "first_purchase": first.date, "last_purchase": last.date,
                           "orders": orders})
    profit = revenue - cost
    propensity = np.where(profit < 0, 0.22, np.where(segment_of == "Small business", 0.14, 0.07))
    gone = rng.choice(customers, size=lost, replace=False, p=propensity / propensity.sum())
    stays = ~np.isin(np.arange(customers), gone)
    after = before[stays].copy()
    p = profit[stays]
    top_cut = np.quantile(profit, 0.8)
    growth = np.where((p >= 0) & (p < top_cut), rng.normal(0.18, 0.10, p.size), rng.normal(0.04, 0.06, p.size))
    after["revenue"] = (after["revenue"] * (1 + growth)).round(2)
    self_service = (p < 0) & (rng.random(p.size) < 0.55)
    after["cost_to_serve"] = (after["cost_to_serve"] * (1 + growth) * np.where(self_service, 0.78, 1.0)).round(2)
    new_orders = (orders_a_year[stays] * (1 + growth)).round().astype(int)
    after["orders"] = after["orders"] + np.maximum(new_orders, 0)
    after["last_purchase"] = (pd.to_datetime(today) - pd.to_timedelta(rng.integers(0, 90, p.size), unit="D")).date
    fresh_segments = rng.permutation(np.repeat([name for name, _ in new], [count for _, count in new]))
    fresh = fresh_segments.size
    fresh_revenue = np.array([scales[s][0] for s in fresh_segments]) * 0.6 * rng.lognormal(0.0, 0.6, fresh)
    fresh_first = pd.to_datetime(before_day) + pd.to_timedelta(rng.integers(10, 300, fresh), unit="D")
    newcomers = pd.DataFrame({
        "customer_id": [f"N{i + 1:06d}" for i in range(fresh)], "segment": fresh_segments,
        "revenue": fresh_revenue.round(2), "cost_to_serve": (fresh_revenue * rng.uniform(0.55, 0.8, fresh)).round(2),
        "first_purchase": fresh_first.date,
        "last_purchase": (pd.to_datetime(today) - pd.to_timedelta(rng.integers(0, 60, fresh), unit="D")).date,
        "orders": rng.integers(1, 12, fresh),
    })
    after = pd.concat([after, newcomers], ignore_index=True)
    return before.rename(columns=HEADERS), after.rename(columns=HEADERS)


def to_csv(frame: pd.DataFrame) -> bytes:
    """A customer table (in :data:`HEADERS` columns) as UTF-8 CSV, dates as YYYY-MM-DD."""
    return frame.to_csv(index=False).encode("utf-8")
