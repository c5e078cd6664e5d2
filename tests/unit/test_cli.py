"""The command line: sample, evaluate, and one-line errors with exit code 2."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crm_case import METRIC_KEYS, case_from_json, evaluate, sample_case
from crm_case.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def case_file(tmp_path) -> Path:
    code, text, _ = run("sample")
    assert code == 0
    path = tmp_path / "case.json"
    path.write_text(text)
    return path


def test_sample_is_the_sample_case():
    code, text, err = run("sample")
    assert code == 0 and err == ""
    assert case_from_json(text) == sample_case()


def test_evaluate_json_keys_and_values(case_file):
    code, text, _ = run("evaluate", str(case_file), "--json")
    assert code == 0
    data = json.loads(text)
    assert list(data) == [*METRIC_KEYS, "unadjusted", "recommendation"]
    assert list(data["unadjusted"]) == list(METRIC_KEYS)
    # the sample pays but its readiness is 51/100 (README, "The sample case"): invest, de-risking first
    assert data["recommendation"]["decision"] == "invest_with_conditions"
    assert any(r.startswith("Readiness 51/100") for r in data["recommendation"]["reasons"])
    expected = evaluate(sample_case())
    assert data["npv"] == pytest.approx(expected.adjusted.npv)
    assert data["unadjusted"]["roi"] == pytest.approx(expected.unadjusted.roi.value)
    assert data["currency"] == "EUR"


def test_evaluate_table(case_file):
    code, text, _ = run("evaluate", str(case_file))
    assert code == 0
    assert "NPV" in text and "risk-adjusted" in text and " EUR" in text and "months" in text


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('{"assumptions": ', ".json", "not valid JSON"),
        ('{"drivers": {"retention": {"churn_after": 1.4}}}', ".json",
         "drivers.retention.churn_after must be between 0 % and 100 %, got 140 %"),
        ("[]", ".json", "must be a JSON object"),
        (b"\xff\xfe\x00", ".json", "not valid JSON"),
        ("{}", ".txt", "expected a .json case"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, suffix, message):
    path = tmp_path / f"case{suffix}"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, out, err = run("evaluate", str(path), "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and message in err
    assert "Traceback" not in err


def test_missing_file(tmp_path):
    code, _, err = run("evaluate", str(tmp_path / "none.json"))
    assert code == 2 and "cannot read" in err and err.count("\n") == 1


def test_usage_error_is_one_line():
    code, _, err = run("evaluate")
    assert code == 2 and err.count("\n") == 1 and "required: path" in err


def test_as_a_module_end_to_end(tmp_path):
    """The README's commands, as a user types them."""
    sample = subprocess.run([sys.executable, "-m", "crm_case", "sample"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    path = tmp_path / "case.json"
    path.write_text(sample.stdout)
    done = subprocess.run([sys.executable, "-m", "crm_case", "evaluate", str(path), "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and set(json.loads(done.stdout)) >= {"npv", "roi", "unadjusted"}
    path.write_text('{"assumptions": {"horizon_years": 0}}')
    bad = subprocess.run([sys.executable, "-m", "crm_case", "evaluate", str(path)], capture_output=True,
                         text=True, cwd=ROOT)
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith("assumptions.horizon_years must be at least 1, got 0")
    assert "Traceback" not in bad.stderr


def test_template_then_evaluate_a_filled_workbook(tmp_path):
    import openpyxl

    path = tmp_path / "budget.xlsx"
    assert run("template", str(path), "--years", "3")[0] == 0
    workbook = openpyxl.load_workbook(path)
    workbook["Costs"].append(["IT", "Licences", 10_000, 5_000, 5_000, 5_000, 0.1])
    workbook["Benefits"].append(["Sales", "More deals", 0, 20_000, 30_000, 30_000, 0.2])
    workbook.save(path)
    code, text, err = run("evaluate", str(path), "--json")
    assert code == 0, err
    data = json.loads(text)
    # hand-computed: costs 11,000 + 5,500 a year; benefits 16,000, 24,000, 24,000; 10 % end of year
    npv = -11_000 + (16_000 - 5_500) / 1.1 + (24_000 - 5_500) / 1.21 + (24_000 - 5_500) / 1.331
    assert data["npv"] == pytest.approx(npv)
    assert list(data) == [*METRIC_KEYS, "unadjusted", "recommendation"]


def test_export_then_evaluate_gives_the_same_figures(case_file, tmp_path):
    out = tmp_path / "case.xlsx"
    assert run("export", str(case_file), str(out))[0] == 0
    assert (json.loads(run("evaluate", str(out), "--json")[1])
            == json.loads(run("evaluate", str(case_file), "--json")[1]))


def test_bad_workbook_lists_every_problem(tmp_path):
    import openpyxl

    path = tmp_path / "budget.xlsx"
    run("template", str(path))
    workbook = openpyxl.load_workbook(path)
    workbook["Costs"].append(["Hardware", "Servers", "abc"])
    workbook.save(path)
    code, out, err = run("evaluate", str(path), "--json")
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"error: {path}: Costs!") for line in lines)
    assert "'Hardware' is not a category" in lines[0] and "'abc' is not a number" in lines[1]
    assert "Traceback" not in err


def test_template_years_out_of_range(tmp_path):
    code, _, err = run("template", str(tmp_path / "t.xlsx"), "--years", "11")
    assert code == 2 and "--years must be from 1 to 10, got 11" in err


def test_template_years_sets_the_year_columns_and_the_horizon(tmp_path):
    import openpyxl

    path = tmp_path / "t.xlsx"
    assert run("template", str(path), "--years", "7")[0] == 0
    workbook = openpyxl.load_workbook(path)
    header = [c.value for c in workbook["Costs"][1]]
    assert header[3:-1] == [f"Year {k}" for k in range(1, 8)] and header[-1] == "Risk adjustment"
    assert workbook["Assumptions"]["B5"].value == 7  # the Horizon years row
