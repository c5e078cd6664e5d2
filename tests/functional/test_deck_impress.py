"""Independent check of the PowerPoint deck: LibreOffice Impress opens it and converts it to PDF, one page per
slide, in English and in Traditional Chinese (whose text must be drawn, not boxes), read back with pypdf.

Converted once per module (``soffice --headless --convert-to pdf``, a private user profile so that parallel runs
do not share one). Skipped only when soffice is missing and ``CRM_CASE_REQUIRE_TOOLS`` is not ``1`` (CI sets it).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from crm_case import sample_case
from crm_case.deck import build_deck
from crm_case.risk import monte_carlo
from crm_case.story import SLIDE_KEYS, story

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
DECKS = {"sample-en": ("en", None), "sample-zh-Hant": ("zh-Hant", None),
         "three-slides-es": ("es", ("headline", "risk", "cashflow"))}
"""Each deck converted: its language and its slides (None: every slide)."""


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, PdfReader]:
    if not Path(SOFFICE).exists():
        if os.environ.get("CRM_CASE_REQUIRE_TOOLS") == "1":
            pytest.fail("soffice not found: install Debian's libreoffice-impress, as .ci/run does")
        pytest.skip("soffice not found (LibreOffice Impress)")
    folder = tmp_path_factory.mktemp("impress")
    case = sample_case()
    simulation = monte_carlo(case)
    for name, (language, order) in DECKS.items():
        (folder / f"{name}.pptx").write_bytes(build_deck(case, language=language, order=order,
                                                         simulation=simulation))
    out, profile = folder / "out", folder / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), *[str(folder / f"{name}.pptx") for name in DECKS]],
        check=True, capture_output=True, timeout=240,
    )
    return {name: PdfReader(io.BytesIO((out / f"{name}.pdf").read_bytes())) for name in DECKS}


@pytest.mark.parametrize("name", list(DECKS))
def test_one_page_per_slide(converted, name):
    _, order = DECKS[name]
    assert len(converted[name].pages) == len(order or SLIDE_KEYS)


def test_each_page_shows_its_slides_message(converted):
    told = story(sample_case(), language="en")
    for page, slide in zip(converted["sample-en"].pages, told, strict=True):
        shown = " ".join(page.extract_text().split())
        assert " ".join(slide.message.split()[:4]) in shown, (slide.key, shown[:200])


def test_chinese_text_is_drawn(converted):
    first = converted["sample-zh-Hant"].pages[0].extract_text()
    assert "建議" in first and "淨現值" in first  # "Recommendation", "NPV": drawn with a Chinese face
    assert "□" not in first


def test_the_charts_are_drawn_with_their_axis_titles(converted):
    cash = " ".join(converted["sample-en"].pages[SLIDE_KEYS.index("cashflow")].extract_text().split())
    assert "Months after the decision" in cash and "Cumulative net cash flow (€)" in cash
    assert "€1.0M" in cash  # a compact money label of the value axis
