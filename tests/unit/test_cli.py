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


# --------------------------------------------------------------------------- --lang (issue 18)
def _columns(line: str) -> int:
    """Columns a terminal gives ``line`` (a Chinese character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_evaluate_in_spanish(case_file):
    code, text, err = run("evaluate", str(case_file), "--lang", "es")
    assert code == 0, err
    lines = text.splitlines()
    assert lines[1] == ("5 años desde el 1 de enero de 2027, tasa de descuento 10\xa0%, momento de los flujos fin de "
                        "año, importes en EUR")  # CLDR es: a no-break space before %
    assert "ajustado por riesgo" in lines[3] and "sin ajustar" in lines[3]
    npv = next(line for line in lines if line.startswith("VAN "))
    assert "556.781\xa0€" in npv  # README, "The sample case": 556,781, written as Spanish writes euros (CLDR)
    assert any(line.startswith("TIR ") and "36,5\xa0%" in line for line in lines)
    assert any("meses" in line for line in lines if line.startswith("Plazo de recuperación"))
    assert "Recomendación: Invertir, reduciendo antes los riesgos" in text


def test_evaluate_in_traditional_chinese_keeps_the_columns_aligned(case_file):
    code, text, err = run("evaluate", str(case_file), "--lang", "zh-Hant")
    assert code == 0, err
    lines = text.splitlines()
    table = lines[3:12]
    assert "風險調整後" in table[0] and table[3].startswith("淨現值") and "€556,781" in table[3]
    assert len({_columns(line) for line in table}) == 1  # 22 + 22 + 22 columns, Chinese labels included
    assert "建議：投資，但先降低風險" in text


def test_a_tag_names_a_language_and_the_option_goes_before_or_after_the_command(case_file):
    spanish = run("evaluate", str(case_file), "--lang", "es")[1]
    assert run("--lang", "es-ES", "evaluate", str(case_file))[1] == spanish
    assert "淨現值" in run("evaluate", str(case_file), "--lang", "zh-TW")[1]


def test_unknown_language_is_one_line_listing_the_languages(case_file):
    code, out, err = run("evaluate", str(case_file), "--lang", "xx")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "unknown language 'xx'; expected one of en, es, it, ro, uk, zh-Hant, zh-Hans" in err


def test_json_is_the_same_in_every_language(case_file):
    assert run("evaluate", str(case_file), "--json", "--lang", "uk")[1] == run("evaluate", str(case_file),
                                                                               "--json")[1]


def test_errors_in_the_language(tmp_path):
    code, _, err = run("evaluate", str(tmp_path / "none.json"), "--lang", "es")
    assert code == 2 and err.startswith("Error: ") and "no se puede leer" in err and err.count("\n") == 1
    code, _, err = run("template", str(tmp_path / "t.xlsx"), "--years", "11", "--lang", "zh-Hans")
    assert code == 2 and err == "错误：--years 必须介于 1 到 10，收到的是 11\n"


def test_help_in_the_language(capsys):
    assert main(["template", "--help", "--lang", "it"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    shown = capsys.readouterr().out  # argparse prints the help on sys.stdout itself
    assert "dove scrivere il file .xlsx" in shown and "lingua dei testi per le persone" in shown


def test_template_and_export_in_the_language_read_back(tmp_path, case_file):
    import openpyxl

    template = tmp_path / "plantilla.xlsx"
    assert run("template", str(template), "--years", "3", "--lang", "es")[0] == 0
    workbook = openpyxl.load_workbook(template)
    assert workbook.sheetnames == ["Instrucciones", "Supuestos", "Costos", "Beneficios"]
    workbook["Costos"].append(["TI", "Licencias", 10_000, 5_000, 5_000, 5_000, 0.1])
    workbook["Beneficios"].append(["Ventas", "Más operaciones", 0, 20_000, 30_000, 30_000, 0.2])
    workbook.save(template)
    data = json.loads(run("evaluate", str(template), "--json")[1])
    # hand-computed as in test_template_then_evaluate_a_filled_workbook: the same numbers under Spanish words
    npv = -11_000 + (16_000 - 5_500) / 1.1 + (24_000 - 5_500) / 1.21 + (24_000 - 5_500) / 1.331
    assert data["npv"] == pytest.approx(npv)
    export = tmp_path / "caso.xlsx"
    assert run("export", str(case_file), str(export), "--lang", "zh-Hant")[0] == 0
    assert openpyxl.load_workbook(export).sheetnames[0] == "現金流量"
    assert (json.loads(run("evaluate", str(export), "--json")[1])
            == json.loads(run("evaluate", str(case_file), "--json")[1]))


def test_a_bad_spanish_workbook_lists_every_problem_in_spanish(tmp_path):
    import openpyxl

    path = tmp_path / "plantilla.xlsx"
    run("template", str(path), "--lang", "es")
    workbook = openpyxl.load_workbook(path)
    for column, value in enumerate(["Hardware", "Servidores", -5], start=1):
        workbook["Costos"].cell(row=2, column=column, value=value)
    workbook.save(path)
    code, out, err = run("evaluate", str(path), "--lang", "es")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"Error: {path}: Costos!A2: 'Hardware' no es una categoría; se esperaba TI, Personas, Procesos",
        f"Error: {path}: Costos!C2: -5 es negativo; un costo debe ser cero o más (un ahorro va en Beneficios)"]


class TestDeck:
    """``deck CASE OUT [--slides KEYS] [--lang xx]``: the slides as a PowerPoint deck."""

    @staticmethod
    def read(path: Path):
        from pptx import Presentation

        return Presentation(str(path))

    def test_writes_every_slide(self, case_file, tmp_path):
        from crm_case.story import SLIDE_KEYS

        out = tmp_path / "deck.pptx"
        assert run("deck", str(case_file), str(out)) == (0, "", "")
        deck = self.read(out)
        assert len(deck.slides) == len(SLIDE_KEYS)
        assert all(slide.notes_slide.notes_text_frame.text for slide in deck.slides)

    def test_slides_chosen_in_order_and_in_spanish(self, case_file, tmp_path):
        from crm_case.story import story

        out = tmp_path / "deck.pptx"
        assert run("deck", str(case_file), str(out), "--slides", "risk, headline", "--lang", "es")[0] == 0
        told = {s.key: s for s in story(sample_case(), language="es", order=("risk", "headline"))}
        assert [s.shapes.title.text for s in self.read(out).slides] == [told["risk"].message,
                                                                         told["headline"].message]

    def test_an_unknown_slide_names_the_known_ones(self, case_file, tmp_path):
        out = tmp_path / "deck.pptx"
        code, text, err = run("deck", str(case_file), str(out), "--slides", "headline,summary")
        assert code == 2 and text == ""
        assert err == ("error: unknown slide 'summary'; the slides are headline, cashflow, benefits, investment, "
                       "delay, risk, advantages\n")
        assert "Traceback" not in err and not out.exists()

    def test_no_slide_at_all_is_refused(self, case_file, tmp_path):
        code, _, err = run("deck", str(case_file), str(tmp_path / "deck.pptx"), "--slides", " , ")
        assert code == 2 and err.startswith("error: --slides names no slide; the slides are headline, ")

    def test_an_unwritable_place_is_one_line(self, case_file, tmp_path):
        code, _, err = run("deck", str(case_file), str(tmp_path / "missing" / "deck.pptx"))
        assert code == 2 and err.count("\n") == 1 and "cannot write" in err

    def test_help_names_the_slides(self, capsys):
        assert run("deck", "--help")[0] == 0
        assert "headline,cashflow,benefits" in capsys.readouterr().out  # argparse prints the help itself


# --------------------------------------------------------------------------- risk (issue 20.4)
PILOT = {"cost": 15_000, "months": 3, "users": 20,
         "reveals": ["rollout.peak_adoption", "drivers.sales_productivity.hours_saved_per_week"]}


def straddling_case(pilot: dict | None = None):
    """The sample plus a one-off outlay of 450,000, so that the NPV straddles zero and information has a value
    (as in tests/unit/test_voi.py), with ``pilot`` as its risk.pilot."""
    from crm_case import with_values

    case = sample_case()
    costs = [item.model_dump(mode="json") for item in case.costs]
    costs.append({"category": "IT", "name": "Outlay", "initial": 450_000.0})
    return with_values(case, {"costs": costs, "risk.pilot": pilot})


@pytest.fixture
def pilot_file(tmp_path) -> Path:
    from crm_case import case_to_json

    path = tmp_path / "pilot.json"
    path.write_text(case_to_json(straddling_case(PILOT)))
    return path


def test_risk_json_is_the_engines_report(pilot_file):
    """The JSON is crm_case.voi.risk_report of the case read from the file, key for key and figure for figure
    (a float goes through JSON unchanged), with the case's pilot's paths."""
    from crm_case.voi import PATHS, risk_report

    code, text, err = run("risk", str(pilot_file), "--json", "--runs", "1000", "--seed", "11")
    assert code == 0 and err == ""
    data = json.loads(text)
    case = case_from_json(pilot_file.read_text())
    expected = risk_report(case, runs=1000, seed=11, pilot=case.risk.pilot)
    assert list(data) == list(expected)
    assert data == expected
    assert {"probability_positive", "quantiles", "tornado", "break_even", "evpi", "evppi"} <= set(data)
    assert data["runs"] == 1000 and data["seed"] == 11
    assert set(data["quantiles"]) >= {"npv", "irr", "payback_months"}
    assert all(set(row) >= {"path", "evppi", "standard_error", "share_of_evpi"} for row in data["evppi"])
    assert data["evpi"]["value"] > 0  # the NPV straddles zero: knowing every input has a value
    assert [row["path"] for row in data["paths"]] == list(PATHS)
    assert data["pilot"]["months"] == 3 and data["best_path"] in PATHS
    assert {"option_value", "expand_share", "delay_costs", "pilot_information"} <= set(data)


def test_risk_json_same_seed_same_bytes(pilot_file):
    first = run("risk", str(pilot_file), "--json", "--runs", "500", "--seed", "3")
    again = run("risk", str(pilot_file), "--json", "--runs", "500", "--seed", "3")
    other = run("risk", str(pilot_file), "--json", "--runs", "500", "--seed", "4")
    assert first[0] == 0 and first == again
    assert other[1] != first[1]


def test_risk_json_without_a_pilot_has_no_paths_and_no_nan(case_file):
    """The sample as it is: every run's NPV is positive, so the EVPI is 0 and each input's share of it does not
    exist: null in the JSON (allow_nan=False), never NaN."""
    code, text, _ = run("risk", str(case_file), "--json", "--runs", "500")
    assert code == 0
    data = json.loads(text)
    assert "paths" not in data and "pilot" not in data
    assert data["evpi"] == {"value": 0.0, "standard_error": 0.0}
    assert all(row["share_of_evpi"] is None for row in data["evppi"])
    assert "NaN" not in text and "Infinity" not in text
    assert data["seed"] == sample_case().risk.seed  # the case's own seed when --seed is not given


def test_risk_summary_in_english_and_spanish(pilot_file):
    from crm_case.i18n.formats import chance, money
    from crm_case.voi import risk_report

    case = case_from_json(pilot_file.read_text())
    report = risk_report(case, runs=1000, seed=5, pilot=case.risk.pilot)
    code, text, _ = run("risk", str(pilot_file), "--runs", "1000", "--seed", "5")
    assert code == 0
    assert f"Chance that the NPV is positive: {chance(report['probability_positive'])}" in text
    assert money(report["quantiles"]["npv"]["p10"], "EUR") in text
    assert money(report["evpi"]["value"], "EUR") in text and "(EVPPI)" in text
    top = report["evppi"][0]
    assert "Peak adoption" in text and money(top["evppi"], "EUR") in text
    assert "Pilot, then decide" in text and "Wait 3 months, then decide" in text
    assert money(report["option_value"], "EUR") in text
    code, text, _ = run("risk", str(pilot_file), "--runs", "1000", "--seed", "5", "--lang", "es")
    assert code == 0
    assert "Probabilidad de que el VAN sea positivo" in text and "Esperar 3 meses y luego decidir" in text
    assert money(report["evpi"]["value"], "EUR", "es") in text


@pytest.mark.parametrize(("args", "message"), [
    (("--runs", "50"), "risk.runs must be at least 100, got 50"),
    (("--runs", "100001"), "risk.runs"),
    (("--seed", "-1"), "risk.seed must be at least 0, got -1"),
    (("--seed", "x"), "argument --seed: invalid int value: 'x'"),
    (("--runs", "1e4"), "argument --runs: invalid int value"),
])
def test_risk_bad_runs_or_seed_exit_2_with_one_line(case_file, args, message):
    code, out, err = run("risk", str(case_file), *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
