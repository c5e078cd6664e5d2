"""Run the benchmarks (``python -m bench [GROUP ...]``, all groups by default); print a table of medians; merge
them into bench/results/latest.json, where each group keeps its last run's rows.

Targets come from the issues; these machines are noisy, so read ratios within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import median_ms  # noqa: E402
from bench.server import bench_server, bench_server_vs_filed  # noqa: E402
from bench.voi import bench_voi  # noqa: E402
from crm_case import evaluate, sample_case  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def bench_evaluate() -> list[dict]:
    case = sample_case()
    return [{"name": "evaluate(sample case)", "median_ms": median_ms(lambda: evaluate(case), 200), "target_ms": 5}]


def _peak_mb(run: Callable[[], object]) -> float:
    import tracemalloc

    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def bench_excel() -> list[dict]:
    """Import of a budget at the line-item limit (1,000 lines), the refusal of a 10,000-line budget (issue 16: a file
    may not ask more than the limit, and the refusal must be quick), and export of a 10-year case: median time and
    peak memory."""
    import io

    import openpyxl

    from crm_case import CrmCaseError, with_value
    from crm_case.excel.reader import read_workbook
    from crm_case.excel.template import budget_template
    from crm_case.excel.writer import export_workbook
    from crm_case.model import MAX_LINE_ITEMS

    def budget(lines: int) -> bytes:
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=5)))
        costs = workbook["Costs"]
        for i in range(lines):
            costs.append(["IT" if i % 3 == 0 else "People" if i % 3 == 1 else "Process", f"Line {i}", 1_000 + i,
                          500.0, 500.0, 500.0, 500.0, 500.0, 0.1])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    at_limit, too_many = budget(MAX_LINE_ITEMS - 20), budget(10_000)  # the template has 20 prepared rows

    def refuse() -> None:
        try:
            read_workbook(too_many)
        except CrmCaseError:
            return
        raise AssertionError("a 10,000-line budget was accepted")

    ten_years = with_value(sample_case(), "assumptions.horizon_years", 10)
    import_run = lambda: read_workbook(at_limit)  # noqa: E731
    export_run = lambda: export_workbook(ten_years)  # noqa: E731
    return [
        {"name": f"import {MAX_LINE_ITEMS:,}-line budget", "median_ms": median_ms(import_run, 5, warmup=1),
         "target_ms": 300, "peak_mb": _peak_mb(import_run)},
        {"name": "refuse 10,000-line budget", "median_ms": median_ms(refuse, 5, warmup=1), "target_ms": 1500},
        {"name": "export 10-year case", "median_ms": median_ms(export_run, 5, warmup=1), "target_ms": 1000,
         "peak_mb": _peak_mb(export_run)},
    ]


def bench_monte_carlo() -> list[dict]:
    """10,000 Monte Carlo runs of the sample case (draws, NPV, ROI, IRR, payback per run), vectorised, and the
    same work the straightforward way: a Python loop that, per run, draws each input, builds the run's cash
    flows and calls numpy-financial's npv and irr and a payback function. Reports both medians and the ratio."""
    import numpy as np
    import numpy_financial as npf

    from crm_case.cashflow import to_years
    from crm_case.finance import payback_months
    from crm_case.model import Distribution
    from crm_case.risk import Engine, monte_carlo, pert_shape, risk_inputs

    case = sample_case()
    runs = 10_000
    vectorised = median_ms(lambda: monte_carlo(case, runs=runs, seed=7), 20)
    engine = Engine(case)
    inputs = [i for i in risk_inputs(case) if i.varies]
    rate = case.assumptions.discount_rate

    def loop() -> None:
        rng = np.random.default_rng(7)
        for _ in range(runs):
            values = {}
            for item in inputs:
                if item.distribution is Distribution.TRIANGULAR:
                    values[item.path] = rng.triangular(item.low, item.base, item.high)
                else:
                    values[item.path] = item.low + (item.high - item.low) * rng.beta(*pert_shape(item.low, item.base,
                                                                                                  item.high))
            costs, benefits, _ = engine.flows(values, 1)
            net = benefits[0] - costs[0]
            yearly = to_years(net)  # the sample is end-of-year: NPV and IRR of [Initial, Year 1..5]
            npf.npv(values.get("assumptions.discount_rate", rate), yearly)
            npf.irr(yearly)
            payback_months(net)

    looped = median_ms(loop, 3, warmup=1)

    # monthly timing, 10 years, the subscription 68,400 and 400,000 in alternate years: most runs' monthly net flows
    # change sign 3 to 7 times (irr_many once solved each such run by irr(): np.roots of a degree-120 polynomial)
    from crm_case import with_value
    from crm_case.finance import irr

    multi = with_value(with_value(case, "assumptions.timing", "monthly"), "assumptions.horizon_years", 10)
    items = list(multi.costs)
    items[0] = items[0].model_copy(update={"per_year": (68_400.0, 400_000.0) * 5})
    multi = multi.model_copy(update={"costs": tuple(items)})
    monthly = median_ms(lambda: monte_carlo(multi, runs=runs, seed=7), 5, warmup=1)
    net = np.subtract(*engine_flows(multi, runs)[1::-1])
    one_by_one = median_ms(lambda: [irr(row, period_months=1) for row in net[:500]], 1, warmup=0) * runs / 500
    return [
        {"name": "Monte Carlo 10,000 runs, vectorised", "median_ms": vectorised, "target_ms": 100},
        {"name": "Monte Carlo 10,000 runs, Python loop + numpy-financial", "median_ms": looped, "target_ms": 0,
         "ratio": looped / vectorised},
        {"name": "Monte Carlo 10,000 runs, monthly 10-year case, several sign changes", "median_ms": monthly,
         "target_ms": 1000},
        {"name": "its IRRs one by one by irr() (before: 500 runs timed, x 20)", "median_ms": one_by_one, "target_ms": 0,
         "ratio": one_by_one / monthly},
    ]


def engine_flows(case, runs: int):
    """Monthly costs and benefits of ``runs`` Monte Carlo runs of ``case`` (seed 7), as monte_carlo draws them."""
    from crm_case.risk import Engine, draw, risk_inputs

    return Engine(case).flows(draw(risk_inputs(case), runs, 7), runs)


def bench_customers() -> list[dict]:
    """100,000 customers (before and after snapshots): the analysis the Customer value page runs (whale curve,
    tiers, loyalty groups, return on relationship with its migration matrix, the aggregates), and reading the
    100,000-row CSV file (parsing and checking every cell)."""
    import datetime as dt

    from crm_case.customers import (
        HEADERS,
        concentration,
        loyalty_table,
        loyalty_view,
        read_customers,
        return_on_relationship,
        summary,
        synthetic_customers,
        thresholds,
        tier_table,
        to_csv,
        with_derived,
    )

    today = dt.date(2026, 12, 31)
    before, after = synthetic_customers(seed=1, customers=100_000, today=today)
    names = {v: k for k, v in HEADERS.items()}
    b, a = with_derived(before.rename(columns=names)), with_derived(after.rename(columns=names))

    def analyse() -> None:
        concentration(b)
        tier_table(b, thresholds(b))
        loyalty_table(loyalty_view(b))
        return_on_relationship(b, a)
        summary(b, a)

    csv = to_csv(before)
    return [
        {"name": "customer analysis, 100,000 customers", "median_ms": median_ms(analyse, 7, warmup=1),
         "target_ms": 1000},
        {"name": "read a 100,000-customer CSV",
         "median_ms": median_ms(lambda: read_customers(csv, "c.csv", today=today),
                                                                        3, warmup=1), "target_ms": 0},
    ]


def bench_apptest() -> list[dict]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    rows = []
    for page in sorted((ROOT / "pages").glob("*.py")):  # one AppTest rerun per page, as it is on screen
        at.switch_page(str(page.relative_to(ROOT)))
        at.run()
        rows.append({
            "name": f"AppTest rerun: {page.name}",
            "median_ms": median_ms(lambda: at.run(), 20, warmup=2),
            "target_ms": 150,
        })
    return rows


def bench_browser(repeats: int = 15) -> list[dict]:
    """Time from pressing the discount-rate slider's arrow key to the new NPV on screen."""
    from playwright.sync_api import sync_playwright

    from crm_case import evaluate, sample_case, with_value
    from tests.browser.harness import app_server, launch_chromium
    from ui.format import money

    times = []
    with app_server() as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        # Open the app at its root and navigate as a person does: a deep link on a freshly started server
        # shows Streamlit's "Page not found" modal once (streamlit/streamlit#9992).
        page.goto(url)
        page.wait_for_selector('[data-testid="stMetric"]')
        page.locator('[data-testid="stSidebarNav"] a', has_text="Projections").click()
        page.locator("h1", has_text="Projections").wait_for()
        page.wait_for_function("""() => document.querySelector('[data-testid="stApp"]').dataset.testScriptState
                                        === 'notRunning' && !document.querySelector('[data-stale="true"]')""")
        slider = page.get_by_role("slider", name=re.compile("Discount rate"))
        wait = """(expected) => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                                .some(e => e.innerText.trim() === expected)"""
        rate = 0.10
        for i in range(repeats + 2):
            key = "ArrowRight" if i % 2 == 0 else "ArrowLeft"
            rate = round(rate + (0.005 if key == "ArrowRight" else -0.005), 3)
            expected = money(evaluate(with_value(sample_case(), "assumptions.discount_rate", rate)).adjusted.npv, "EUR")
            slider.focus()
            start = time.perf_counter()
            slider.press(key)
            page.wait_for_function(wait, arg=expected, polling="raf")
            if i >= 2:  # warm-up
                times.append((time.perf_counter() - start) * 1000)
        browser.close()
    return [{"name": "browser: discount rate -> NPV on screen", "median_ms": statistics.median(times),
             "target_ms": 500}]


def bench_library() -> list[dict]:
    """An autosave (version-checked save to SQLite), a load, the sidebar's look for a newer version, and the
    executive report PDF."""
    import tempfile
    from datetime import date

    from crm_case import CaseStore, with_value
    from crm_case.risk import monte_carlo
    from ui.report import report_pdf
    from ui.story import slides

    case = sample_case()
    with tempfile.TemporaryDirectory() as folder:
        store = CaseStore(f"sqlite:///{folder}/cases.db")
        made = store.create(case)
        state = {"version": made.info.version, "n": 0}

        def save() -> None:
            state["n"] += 1
            edited = with_value(case, "drivers.retention.customers", 2000.0 + state["n"])
            state["version"] = store.save(made.info.id, edited, expected_version=state["version"]).info.version

        rows = [{"name": "autosave (one version to SQLite)", "median_ms": median_ms(save, 100), "target_ms": 50},
                {"name": "load a case from SQLite", "median_ms": median_ms(lambda: store.load(made.info.id), 100),
                 "target_ms": 20},
                {"name": "look for a version saved elsewhere", "target_ms": 5,
                 "median_ms": median_ms(lambda: store.info(made.info.id), 100)}]
        store.dispose()
    result, simulation = evaluate(case), monte_carlo(case)
    story = slides(case, result, simulation=simulation)
    rows.append({"name": "executive report PDF", "target_ms": 5000, "median_ms": median_ms(
        lambda: report_pdf(case, result, story, today=date(2026, 11, 22), simulation=simulation), 5, warmup=1)})
    return rows


def bench_own_case() -> list[dict]:
    """What a user's own case adds per change: the recommendation of the sample case given the chance (what the
    app computes once the Monte Carlo run is cached) and with its own 10,000-run simulation (what the sidebar costs
    after an edit); a 500-line budget whose amounts are all typed as text ('1.234,50') read with a Number format;
    and sample_parts (the sidebar's 'still the sample's' line)."""
    import io

    import openpyxl

    from crm_case import blank_case, sample_parts
    from crm_case.excel.reader import read_workbook
    from crm_case.excel.template import budget_template
    from crm_case.recommendation import recommend
    from crm_case.risk import monte_carlo

    case = sample_case()
    result = evaluate(case)
    chance = monte_carlo(case).probability_positive
    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(blank_case(currency="CHF", years=5), years=5)))
    workbook["Assumptions"]["B8"] = "de-CH"
    costs = workbook["Costs"]
    for i in range(500):  # into the template's 500 prepared rows, below its header
        row = ["IT", f"Line {i}", f"{1000 + i}.50", *[f"{12 + i % 900}'000.00"] * 5, "10 %"]
        for column, value in enumerate(row, start=1):
            costs.cell(row=2 + i, column=column, value=value)
    data = io.BytesIO()
    workbook.save(data)
    budget = data.getvalue()
    return [
        {"name": "recommend(sample), chance given",
         "median_ms": median_ms(lambda: recommend(case, result, probability_positive=chance), 20), "target_ms": 100},
        {"name": "recommend(sample) with its Monte Carlo run", "median_ms": median_ms(lambda: recommend(case, result),
                                                                                      5), "target_ms": 500},
        {"name": "import 500 text-amount lines (de-CH)", "median_ms": median_ms(lambda: read_workbook(budget), 5),
         "target_ms": 2000},
        {"name": "sample_parts(sample)", "median_ms": median_ms(lambda: sample_parts(case), 50), "target_ms": 20},
    ]


def bench_limits() -> list[dict]:
    """The largest valid case (every limit of crm_case.model.LIMITS at once, longest names): what the summary
    and Advantages compute for it, reading its JSON back, and refusing a file that asks for 5,000 participants
    (issue 16: 22 s for the summary, 90 s for Advantages before the limits)."""
    from crm_case import case_from_dict, case_from_json, case_to_json
    from crm_case.recommendation import recommend
    from crm_case.scoring import flip_thresholds, score, votes
    from tests.unit.test_limits import case_at_limits

    case = case_at_limits()
    result = evaluate(case)
    text = case_to_json(case)
    many = sample_case().model_dump(mode="json")
    many["scoring"]["participants"] = [{"name": f"P{i}", "scores": {"Better customer experience": 7}}
                                       for i in range(5_000)]

    def refuse() -> None:
        with contextlib.suppress(ValueError):
            case_from_dict(many)

    return [
        {"name": "limits: evaluate", "median_ms": median_ms(lambda: evaluate(case), 5, warmup=1), "target_ms": 500},
        {"name": "limits: score (summary, Advantages)", "target_ms": 200,
         "median_ms": median_ms(lambda: score(case.scoring), 5, warmup=1)},
        {"name": "limits: votes table", "median_ms": median_ms(lambda: votes(case.scoring), 5, warmup=1),
         "target_ms": 200},
        {"name": "limits: flip thresholds", "median_ms": median_ms(lambda: flip_thresholds(case.scoring), 5, warmup=1),
         "target_ms": 300},
        {"name": "limits: recommend, chance given", "target_ms": 500, "median_ms": median_ms(
            lambda: recommend(case, result, probability_positive=0.5), 5, warmup=1)},
        {"name": f"limits: read its JSON back ({len(text.encode()) / 1e6:.1f} MB)", "target_ms": 3000,
         "median_ms": median_ms(lambda: case_from_json(text), 3, warmup=1)},
        {"name": "limits: refuse 5,000 participants", "median_ms": median_ms(refuse, 5, warmup=1), "target_ms": 200},
    ]


def bench_language() -> list[dict]:
    """Issue 18: switching the language costs no more than an ordinary rerun of the page. AppTest reruns of the
    Executive summary in English, in Spanish, and alternating Spanish and Chinese through the sidebar's menu (each
    run a switch); and reading every catalog of a language once (what a process pays the first time)."""
    from streamlit.testing.v1 import AppTest

    from crm_case.i18n import catalog

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    rows = [{"name": "summary rerun, English", "median_ms": median_ms(lambda: at.run(), 20, warmup=2)}]
    at.sidebar.selectbox(key="language-menu").set_value("es").run()
    rows.append({"name": "summary rerun, Spanish", "median_ms": median_ms(lambda: at.run(), 20, warmup=2)})
    wanted = iter(["zh-Hant", "es"] * 40)
    rows.append({"name": "summary rerun switching language (es <-> zh-Hant)", "median_ms": median_ms(
        lambda: at.sidebar.selectbox(key="language-menu").set_value(next(wanted)).run(), 20, warmup=2)})

    def cold() -> None:
        catalog.cache_clear()
        catalog("uk")

    rows.append({"name": "read a language's catalogs (cold)", "median_ms": median_ms(cold, 20), "target_ms": 50})
    ordinary = rows[0]["median_ms"]  # the target of a switch: an ordinary rerun, measured in the same run
    return [{"target_ms": ordinary} | row for row in rows]


def _room_latencies(store: object, *, spread_seconds: float) -> list[float]:
    """50 simulated participants, each in a thread, voting on one room of 8 criteria; each starts at
    ``spread_seconds`` x n / 50 (0: all at once, behind a barrier). The milliseconds each vote took."""
    import threading

    from crm_case.rooms import RoomKind, RoomStore

    rooms = RoomStore(store)
    items = [f"Criterion {i}" for i in range(8)]
    room = rooms.open("bench", RoomKind.SCORING, items, sides=["advantage", "disadvantage"] * 4, ask_weights=True)
    rooms.vote(room.token, "warm-up", name="Warm-up", scores={items[0]: 5})  # tables made, connections open
    times: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(50)

    def participant(n: int) -> None:
        start.wait()
        time.sleep(spread_seconds * n / 50)
        begun = time.perf_counter()
        try:
            rooms.vote(room.token, f"voter-{n}", name=f"Participant {n}",
                       scores={item: (n + i) % 11 for i, item in enumerate(items)},
                       weights={item: 10 * (n % 10) for item in items})
        except BaseException as error:  # reported below: a lost vote fails the benchmark
            errors.append(error)
            return
        with lock:
            times.append((time.perf_counter() - begun) * 1000)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = len(rooms.close(room.id)[1]) - 1
    if errors or stored != 50:
        raise RuntimeError(f"{stored} of 50 votes stored; errors: {errors[:3]}")
    return times


def bench_rooms() -> list[dict]:
    """Live voting: 50 simulated participants voting on one room, all at once and spread over ten seconds: the
    latency of a vote (p50 and p95) on SQLite, and on PostgreSQL when CRM_CASE_BENCH_POSTGRES_URL or
    CRM_CASE_TEST_POSTGRES_URL names a server (in a schema of its own, dropped afterwards). Targets: a
    participant sees their vote confirmed within a second (p95), half of them within half a second (p50); votes
    of one room are written one after the other (the room's row orders them with the close), so "all at once"
    is the worst case: the last of 50 waits for the 49 before it."""
    import os
    import tempfile
    import uuid

    from sqlalchemy import create_engine, text

    from crm_case import CaseStore

    def rows_for(backend: str, store: CaseStore) -> list[dict]:
        out = []
        for label, spread in (("all at once", 0.0), ("within 10 s", 10.0)):
            times = sorted(_room_latencies(store, spread_seconds=spread))
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
            out.append({"name": f"room vote p50, 50 voters {label} ({backend})", "median_ms": p50, "target_ms": 500})
            out.append({"name": f"room vote p95, 50 voters {label} ({backend})", "median_ms": p95,
                        "target_ms": 1000})
        return out

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        store = CaseStore(f"sqlite:///{folder}/cases.db")
        rows += rows_for("SQLite", store)
        store.dispose()
    url = (os.environ.get("CRM_CASE_BENCH_POSTGRES_URL", "").strip()
           or os.environ.get("CRM_CASE_TEST_POSTGRES_URL", "").strip())
    if url:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = create_engine(url)
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}", "connect_timeout": 3},
                               pool_pre_ping=True, pool_timeout=2)  # the pool CaseStore makes for a URL
        try:
            rows += rows_for("PostgreSQL", CaseStore(url, engine=engine))
        finally:
            engine.dispose()
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
    return rows


GROUPS: dict[str, Callable[[], list[dict]]] = {
    "evaluate": bench_evaluate, "monte_carlo": bench_monte_carlo, "customers": bench_customers, "excel": bench_excel,
    "apptest": bench_apptest, "browser": bench_browser, "library": bench_library, "own_case": bench_own_case,
    "limits": bench_limits, "language": bench_language, "rooms": bench_rooms, "voi": bench_voi,
    "server": bench_server, "server_vs_filed": bench_server_vs_filed,
}


def merged(previous: dict, rows: list[dict], ran: set[str]) -> list[dict]:
    """The results file's rows after a run of the groups ``ran``: their new ``rows`` replace their old ones; the
    other groups' rows stay as their last run left them (rows written before rows named their group are replaced
    when a new row has their name)."""
    names = {row["name"] for row in rows}
    kept = [row for row in previous.get("results", [])
            if row.get("group") not in ran and not ("group" not in row and row.get("name") in names)]
    order = list(GROUPS)
    return sorted(kept + rows, key=lambda row: order.index(row["group"]) if row.get("group") in order else len(order))


def main(argv: list[str] | None = None, *, groups: dict[str, Callable[[], list[dict]]] | None = None,
         results: Path = RESULTS) -> int:
    """``python -m bench [GROUP ...]``: run the named groups (all when none), print their medians and merge them
    into ``results``/latest.json. An unknown group ends with status 2 and the list of known groups."""
    groups = GROUPS if groups is None else groups
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmarks: medians of each group.")
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=f"one of: {', '.join(groups)} (default: all)")
    asked = parser.parse_args(argv).groups
    if unknown := [name for name in asked if name not in groups]:
        parser.error(f"unknown group {', '.join(map(repr, unknown))}; the groups are: {', '.join(groups)}")
    ran = set(asked or groups)
    when = time.strftime("%Y-%m-%dT%H:%M:%S")
    rows = [{**row, "group": name, "when": when} for name, bench in groups.items() if name in ran
            for row in bench()]
    width = max((len(r["name"]) for r in rows), default=10)
    print(f"{'benchmark':{width}}  {'median ms':>10}  {'target ms':>10}  {'peak MB':>8}")
    for r in rows:
        peak = f"{r['peak_mb']:8.1f}" if "peak_mb" in r else f"{'':8}"
        extra = f"  ratio {r['ratio']:.{1 if r['ratio'] < 10 else 0}f}x" if "ratio" in r else ""
        print(f"{r['name']:{width}}  {r['median_ms']:10.2f}  {r['target_ms']:10.0f}  {peak}{extra}")
    latest = results / "latest.json"
    try:
        previous = json.loads(latest.read_text())
    except (OSError, ValueError):  # no results yet, or a file cut short: this run starts it afresh
        previous = {}
    results.mkdir(parents=True, exist_ok=True)
    latest.write_text(json.dumps({
        "when": when,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "results": merged(previous, rows, ran),
    }, indent=2))
    print(f"merged into {latest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
