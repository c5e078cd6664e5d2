"""Issue 16 point 5 (what a file may ask is limited, each refusal names the limit) and point 6 (loss-making
customers in the retention driver; a trailing space in a criterion's name)."""

from __future__ import annotations

import io
import json
import time

import openpyxl
import pandas as pd
import pytest

from crm_case import CrmCaseError, case_from_dict, case_from_json, case_to_json, sample_case, with_value
from crm_case.cli import main
from crm_case.customers import link_retention
from crm_case.excel.reader import read_workbook
from crm_case.excel.template import budget_template
from crm_case.model import (
    LIMITS,
    MAX_ACTUALS,
    MAX_CASE_JSON_BYTES,
    MAX_CRITERIA,
    MAX_HORIZON_YEARS,
    MAX_LINE_ITEMS,
    MAX_METRICS,
    MAX_NUMBER_DIGITS,
    MAX_OBJECTIVES,
    MAX_PARTICIPANTS,
    MAX_SEGMENTS,
    MAX_SUMMARY_KEYS,
    MAX_VENDOR_OFFERS,
)
from crm_case.scoring import parse_votes, score, votes


def _name(prefix: str, i: int, n: int = 120) -> str:
    return (f"{prefix} {i} " + "x" * n)[:n]


def case_at_limits():
    """A case at every limit at once, with the longest names and 15-digit amounts: the largest valid case (also
    the bench group ``limits``)."""
    crit = [_name("Criterion", i) for i in range(MAX_CRITERIA)]
    objectives = [_name("Objective", i, 60) for i in range(MAX_OBJECTIVES)]
    metrics = [_name("Metric", i, 60) for i in range(MAX_METRICS)]
    big = 123456789012.345  # 15 significant digits, at MAX_FIGURE's size
    item = {"initial": big, "per_year": [big] * MAX_HORIZON_YEARS, "risk_adjustment": 0.123456789012345}
    return case_from_dict({
        "assumptions": {"name": _name("Case", 0), "horizon_years": MAX_HORIZON_YEARS},
        "costs": [{"name": _name("Cost", i), "category": "IT", **item} for i in range(MAX_LINE_ITEMS)],
        "benefits": [{"name": _name("Benefit", i), "area": "Sales", **item} for i in range(MAX_LINE_ITEMS)],
        "scoring": {"criteria": [{"name": c, "side": "advantage" if i % 2 else "disadvantage", "weight": 1 + i,
                                  "score": 9.12345678901234} for i, c in enumerate(crit)],
                    "participants": [{"name": _name("Participant", i), "scores": {c: (i + j) % 11 for j, c in
                                                                                 enumerate(crit)}}
                                     for i in range(MAX_PARTICIPANTS)], "use_votes": True},
        "vendors": {"offers": [{"name": _name("Offer", i, 80), "users": 1000, "licence_per_user_month": 50.5}
                               for i in range(MAX_VENDOR_OFFERS)],
                    "replaces": [_name("Cost", i) for i in range(MAX_LINE_ITEMS)]},
        "customers": {"segments": [{"name": _name("Segment", i), "customers": big, "annual_margin": -big,
                                    "acquisition_cost": big} for i in range(MAX_SEGMENTS)],
                      "summary": {_name("k", i, 60): -big for i in range(MAX_SUMMARY_KEYS)}},
        "goals": {
            "objectives": [{"name": o, "statement": _name("Statement", i), "function": "Sales",
                            "link": "benefits." + _name("Benefit", i), "deadline": "2030-12-31",
                            "estimation": "e" * 300} for i, o in enumerate(objectives)],
            "metrics": [{"name": m, "objective": objectives[i % MAX_OBJECTIVES], "strategy": _name("Strategy", i),
                         "definition": "d" * 300, "unit": "u" * 20, "direction": "higher", "baseline": -big,
                         "target": big, "owner": "o" * 60, "driver_input": "drivers.retention.churn_after"}
                        for i, m in enumerate(metrics)],
            "actuals": [{"metric": metrics[i % MAX_METRICS],
                         "period": f"{2000 + i // MAX_METRICS // 12:04d}-{(i // MAX_METRICS) % 12 + 1:02d}",
                         "value": -big} for i in range(MAX_ACTUALS)],
            "actions": {m: "a" * 500 for m in metrics},
        },
    })


def problems(data: dict) -> list[str]:
    with pytest.raises(CrmCaseError) as caught:
        case_from_dict(data)
    return caught.value.problems


# --------------------------------------------------------------------------- the limits
def test_limits_are_named_once():
    assert LIMITS == {"line_items": MAX_LINE_ITEMS, "criteria": MAX_CRITERIA, "participants": MAX_PARTICIPANTS,
                      "objectives": MAX_OBJECTIVES, "metrics": MAX_METRICS, "actuals": MAX_ACTUALS,
                      "vendor_offers": MAX_VENDOR_OFFERS, "segments": MAX_SEGMENTS,
                      "summary_keys": MAX_SUMMARY_KEYS, "case_json_bytes": MAX_CASE_JSON_BYTES,
                      "number_digits": MAX_NUMBER_DIGITS}


def test_the_sample_case_is_far_within_the_limits():
    case = sample_case()
    assert len(case.costs) <= MAX_LINE_ITEMS // 10 and len(case.benefits) <= MAX_LINE_ITEMS // 10
    assert len(case.scoring.criteria) <= MAX_CRITERIA // 10 and len(case.goals.metrics) <= MAX_METRICS // 10
    assert len(case_to_json(case).encode()) <= MAX_CASE_JSON_BYTES // 100


def test_the_largest_valid_case_is_read_back_within_the_json_limit():
    case = case_at_limits()
    text = case_to_json(case)
    assert len(text.encode()) < MAX_CASE_JSON_BYTES
    assert case_from_json(text) == case


def test_the_largest_valid_case_keeps_its_pages_fast():
    """The figures of the summary and of Advantages at every limit: far below the 22 s and 90 s of issue 16."""
    case = case_at_limits()
    start = time.perf_counter()
    result = score(case.scoring)
    votes(case.scoring)
    assert time.perf_counter() - start < 2.0  # measured about 0.1 s; generous for a shared machine
    assert result.table["score"].between(0, 10).all()


@pytest.mark.parametrize(("path", "limit", "item", "what"), [
    ("costs", MAX_LINE_ITEMS, {"name": "c{i}", "category": "IT"}, "cost line items"),
    ("benefits", MAX_LINE_ITEMS, {"name": "b{i}", "area": "Sales"}, "benefit line items"),
    ("scoring.criteria", MAX_CRITERIA, {"name": "c{i}", "side": "advantage"}, "criteria"),
    ("scoring.participants", MAX_PARTICIPANTS, {"name": "p{i}"}, "participants"),
    ("goals.objectives", MAX_OBJECTIVES, {"name": "o{i}"}, "objectives"),
    ("goals.metrics", MAX_METRICS, {"name": "m{i}"}, "metrics"),
    ("goals.actuals", MAX_ACTUALS, {"metric": "m{i}"}, "actuals"),
    ("vendors.offers", MAX_VENDOR_OFFERS, {"name": "v{i}"}, "vendor offers"),
    ("customers.segments", MAX_SEGMENTS, {"name": "s{i}"}, "segments"),
])
def test_a_list_beyond_its_limit_is_refused_naming_the_limit(path, limit, item, what):
    data = sample_case().model_dump(mode="json")
    node = data
    *parents, last = path.split(".")
    for part in parents:
        node = node[part]
    node[last] = [{k: v.format(i=i) for k, v in item.items()} for i in range(limit + 1)]
    # one message, before any item is validated (the items here are incomplete on purpose)
    assert problems(data) == [f"{path}: at most {limit:,} {what} (this case has {limit + 1:,})"]


def test_5000_participants_are_refused_at_once():
    data = sample_case().model_dump(mode="json")
    data["scoring"]["participants"] = [{"name": f"P{i}", "scores": {"Better customer experience": 7}}
                                       for i in range(5_000)]
    start = time.perf_counter()
    assert problems(data) == ["scoring.participants: at most 200 participants (this case has 5,000)"]
    assert time.perf_counter() - start < 1.0


def test_a_votes_sheet_with_5000_participants_is_refused_naming_the_column():
    names = [c.name for c in sample_case().scoring.criteria]
    rows = [["Criterion", *[f"P{i}" for i in range(5_000)]], *[[n, *[7] * 5_000] for n in names]]
    with pytest.raises(CrmCaseError) as caught:
        parse_votes(rows, names)
    # column 202: the criterion's column A, then 200 participants (B..GS), GT is the 201st
    assert str(caught.value) == "Votes!GT1: at most 200 participants (this sheet has 5,000); column GT is the first " \
                                "beyond the limit"


def test_a_huge_integer_in_a_votes_sheet_is_not_a_score():
    rows = [["Criterion", "Ann"], ["Better customer experience", 10**400]]
    with pytest.raises(CrmCaseError, match=r"^Votes!B2: a 401-digit number is not a score; expected 0 to 10$"):
        parse_votes(rows, ["Better customer experience"])


def test_a_budget_beyond_the_line_limit_names_its_sheet_and_first_row():
    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=3)))
    costs = workbook["Costs"]
    for i in range(MAX_LINE_ITEMS + 5):
        for column, value in enumerate(["IT", f"Line {i}", 100], start=1):
            costs.cell(row=2 + i, column=column, value=value)
    data = io.BytesIO()
    workbook.save(data)
    with pytest.raises(CrmCaseError) as caught:
        read_workbook(data.getvalue())
    # rows 2..1,001 hold the first 1,000 lines
    assert caught.value.problems == ["Costs!A1002: at most 1,000 line items in Costs (this sheet has 1,005); row "
                                     "1,002 is the first beyond the limit; summarise lines"]


# --------------------------------------------------------------------------- the size of a case's JSON
def test_json_beyond_its_size_is_refused_before_parsing():
    text = "{" + " " * MAX_CASE_JSON_BYTES + "}"  # valid JSON: a size message, not a parse one
    with pytest.raises(CrmCaseError, match=r"a case's JSON is at most 6 MB \(6,000,000 bytes; this file has "
                                           r"6,000,002\)"):
        case_from_json(text)


def test_json_beyond_its_size_exits_2(tmp_path):
    path = tmp_path / "huge.json"
    path.write_bytes(b"{" + b" " * MAX_CASE_JSON_BYTES + b"}")
    out, err = io.StringIO(), io.StringIO()
    assert main(["evaluate", str(path)], stdout=out, stderr=err) == 2
    assert err.getvalue().count("\n") == 1 and "at most 6 MB" in err.getvalue()


# --------------------------------------------------------------------------- numbers beyond any field
def test_a_5000_digit_integer_is_refused_with_exit_2(tmp_path):
    path = tmp_path / "case.json"
    path.write_text('{"drivers": {"retention": {"customers": 1' + "0" * 5_000 + "}}}")
    out, err = io.StringIO(), io.StringIO()
    assert main(["evaluate", str(path)], stdout=out, stderr=err) == 2
    assert err.getvalue() == (f"error: {path}: drivers.retention.customers is a number of 5,001 digits; no field of "
                              "a case holds a number of more than 20 digits (an amount is at most "
                              "1,000,000,000,000)\n")


def test_a_5000_digit_integer_in_json_names_its_field():
    text = json.dumps({"costs": [{"name": "a", "category": "IT", "per_year": [1, 2]}]}).replace("2]", "-2" + "0" * 5_000
                                                                                              + "]")
    with pytest.raises(CrmCaseError, match=r"^costs\[0\]\.per_year\[1\] is a number of 5,001 digits"):
        case_from_json(text)


@pytest.mark.parametrize(("path", "message"), [
    ("assumptions.horizon_years", "assumptions.horizon_years must be at most 10, got a 5,001-digit number"),
    ("drivers.retention.customers", "drivers.retention.customers is too large for a number, got a 5,001-digit number"),
    ("scoring.criteria.0.score", "scoring.criteria[0].score is too large for a number, got a 5,001-digit number"),
])
def test_a_5000_digit_python_integer_in_an_edit_is_a_message(path, message):
    with pytest.raises(CrmCaseError) as caught:
        with_value(sample_case(), path, 10**5_000)  # Python cannot even write it: repr raises ValueError
    assert str(caught.value) == message


def test_a_5000_digit_number_in_a_workbook_names_its_cell():
    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=3)))
    workbook["Costs"]["A2"], workbook["Costs"]["B2"], workbook["Costs"]["C2"] = "IT", "Licences", 12345
    data = io.BytesIO()
    workbook.save(data)
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                part = part.replace(b"<v>12345</v>", b"<v>1" + b"0" * 5_000 + b"</v>")
            target.writestr(info, part)
    with pytest.raises(CrmCaseError) as caught:
        read_workbook(out.getvalue())
    assert caught.value.problems[0].startswith("Costs!C2: a number of 5,001 digits")


# --------------------------------------------------------------------------- point 6
def test_loss_making_customers_in_the_retention_driver_is_a_message():
    losers = pd.DataFrame({"customer_id": ["a", "b"], "profit": [-100.0, -300.0]})
    with pytest.raises(CrmCaseError) as caught:
        link_retention(sample_case(), losers)
    # hand: mean profit (-100 - 300) / 2 = -200
    assert str(caught.value).startswith("no profit to retain: the 2 customers make -200.00 EUR a year on average "
                                        "(2 of them lose money), and the retention driver needs a positive margin")


def test_profitable_customers_feed_the_retention_driver():
    customers = pd.DataFrame({"customer_id": ["a", "b", "c"], "profit": [-100.0, 400.0, 700.125]})
    driver = link_retention(sample_case(), customers).drivers.retention
    # hand: (-100 + 400 + 700.125) / 3 = 333.375 -> 333.38 (rounded to cents, half away from zero here)
    assert (driver.enabled, driver.customers, driver.annual_margin_per_customer) == (True, 3, 333.38)


def test_a_trailing_space_in_a_criterion_name_is_not_a_new_criterion():
    """The Advantages page renames a criterion and moves its votes to the name as typed."""
    data = sample_case().model_dump(mode="json")
    data["scoring"]["participants"] = [{"name": "Ann", "scores": {"Better customer experience": 9}}]
    data["scoring"]["criteria"][0]["name"] = "Better customer experience "
    data["scoring"]["participants"][0]["scores"] = {"Better customer experience ": 9}
    case = case_from_dict(data)
    assert case.scoring.criteria[0].name == "Better customer experience"
    assert case.scoring.participants[0].scores == {"Better customer experience": 9}
    assert votes(case.scoring).loc[0, "Ann"] == 9


@pytest.mark.parametrize("typed", ["  Better customer experience", "Better  customer\texperience", "Ann "])
def test_names_are_stripped_by_the_model(typed):
    data = sample_case().model_dump(mode="json")
    data["scoring"]["criteria"][0]["name"] = typed if typed != "Ann " else data["scoring"]["criteria"][0]["name"]
    data["scoring"]["participants"] = [{"name": "Ann " if typed == "Ann " else "Ann",
                                        "scores": {typed if typed != "Ann " else "Better customer experience": 9}}]
    data["costs"][0]["name"] = " " + data["costs"][0]["name"] + " "
    case = case_from_dict(data)
    assert case.scoring.criteria[0].name == "Better customer experience"
    assert case.scoring.participants[0].name == "Ann"
    assert case.costs[0].name == sample_case().costs[0].name


def test_two_scores_for_one_criterion_are_refused():
    data = sample_case().model_dump(mode="json")
    data["scoring"]["participants"] = [{"name": "Ann", "scores": {"Better customer experience ": 9,
                                                                  "better customer experience": 3}}]
    assert problems(data) == ["scoring.participants[0].scores criterion 'better customer experience' is given twice "
                              "('Better customer experience ' and 'better customer experience')"]
