"""Independent check of the exported workbook: LibreOffice recalculates every formula on load, and every
formula cell must equal the engine's value (relative 1e-9).

``soffice --headless --convert-to xlsx`` computes the formulas (openpyxl writes none of their results) and
saves the results, which openpyxl then reads.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from crm_case import BenefitItem, apply_preset, sample_case, with_value
from crm_case.export import export_with_expected

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"

CASES = {
    "sample": sample_case(),
    "mid_year": with_value(sample_case(), "assumptions.timing", "mid_year"),
    "monthly": with_value(sample_case(), "assumptions.timing", "monthly"),
    "analytical_3_years": with_value(apply_preset(sample_case(), "analytical"), "assumptions.horizon_years", 3),
    "ten_years_with_benefit_lines": with_value(
        sample_case().model_copy(update={"benefits": (
            BenefitItem(area="Marketing", name="Campaign uplift", initial=1_000, per_year=(5_000,) * 10,
                        risk_adjustment=0.3),)}),
        "assumptions.horizon_years", 10),
    "no_payback": with_value(sample_case(), "assumptions.horizon_years", 1),
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, tuple[dict, openpyxl.Workbook]]:
    if not Path(SOFFICE).exists():
        pytest.fail("soffice not found: install Debian's libreoffice-calc (apt-get install -y libreoffice-calc), "
                    "as .ci/run does")
    folder = tmp_path_factory.mktemp("libreoffice")
    expected = {}
    for name, case in CASES.items():
        data, cells = export_with_expected(case)
        (folder / f"{name}.xlsx").write_bytes(data)
        expected[name] = cells
    out = folder / "out"
    profile = folder / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "xlsx",
         "--outdir", str(out), *[str(folder / f"{n}.xlsx") for n in CASES]],
        check=True, capture_output=True, timeout=240,
    )
    return {n: (expected[n], openpyxl.load_workbook(out / f"{n}.xlsx", data_only=True)) for n in CASES}


@pytest.mark.parametrize("name", list(CASES))
def test_every_formula_cell_equals_the_engine(recalculated, name):
    expected, workbook = recalculated[name]
    mismatches = []
    count = 0
    for sheet, cells in expected.items():
        for ref, want in cells.items():
            got = workbook[sheet][ref].value
            count += 1
            if isinstance(want, str) or isinstance(got, str) or got is None:
                ok = got == want
            else:
                ok = abs(got - want) <= 1e-9 * max(1.0, abs(want))
            if not ok:
                mismatches.append(f"{sheet}!{ref}: LibreOffice {got!r}, engine {want!r}")
    assert count > 100  # every month, year and figure of the case
    assert mismatches == []


def test_no_payback_case_says_n_a(recalculated):
    expected, workbook = recalculated["no_payback"]
    figures = {row[0].value: row[1].value for row in workbook["Cash flow"].iter_rows() if row[0].value}
    assert figures["NPV"] < 0
    assert figures["Payback (months)"] == "n/a" and figures["Discounted payback (months)"] == "n/a"
