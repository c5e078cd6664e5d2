"""The slides as data (crm_case.story) and the PowerPoint deck (crm_case.deck), read back with python-pptx."""

from __future__ import annotations

import io

import numpy as np
import openpyxl
import pytest
from pptx import Presentation

from crm_case import evaluate, sample_case, with_value, with_values
from crm_case.cashflow import monthly_table, project
from crm_case.deck import build_deck, label_format, money_format
from crm_case.risk import monte_carlo, tornado
from crm_case.story import MAX_LABELS, SLIDE_KEYS, month_ticks, nice_ticks, story, top_items

CHARTED = ("cashflow", "benefits", "investment", "delay", "risk", "advantages")
"""The slides of the sample case that have a chart (the headline carries the recommendation instead)."""


@pytest.fixture(scope="module")
def sample():
    case = sample_case()
    return case, monte_carlo(case)


@pytest.fixture(scope="module")
def english(sample):
    case, simulation = sample
    return Presentation(io.BytesIO(build_deck(case, simulation=simulation)))


def chart_of(slide):
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) <= 1
    return charts[0] if charts else None


def texts_of(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


class TestDeck:
    def test_one_slide_per_story_slide_titled_with_its_message(self, sample, english):
        case, simulation = sample
        told = story(case, simulation=simulation)
        assert len(english.slides) == len(SLIDE_KEYS) == len(told)
        assert [s.shapes.title.text for s in english.slides] == [t.message for t in told]
        assert english.slide_width * 9 == english.slide_height * 16  # 16:9

    def test_a_chosen_order_is_kept(self, sample):
        case, simulation = sample
        order = ("risk", "headline", "cashflow")
        deck = Presentation(io.BytesIO(build_deck(case, order=order, simulation=simulation)))
        told = {t.key: t for t in story(case, simulation=simulation)}
        assert [s.shapes.title.text for s in deck.slides] == [told[k].message for k in order]

    def test_an_unknown_slide_is_refused(self, sample):
        with pytest.raises(ValueError, match="headline"):
            build_deck(sample[0], order=("headline", "nonsense"), simulation=sample[1])

    def test_every_slide_with_a_chart_has_a_native_chart_and_the_headline_the_recommendation(self, english):
        for key, slide in zip(SLIDE_KEYS, english.slides, strict=True):
            assert (chart_of(slide) is not None) == (key in CHARTED), key
        assert "Recommendation: Invest, de-risking first" in texts_of(english.slides[0])  # the sample's decision

    def test_the_cash_flow_chart_holds_the_engines_cumulative_net_cash_flow(self, english):
        chart = chart_of(english.slides[SLIDE_KEYS.index("cashflow")])
        expected = monthly_table(project(sample_case()))["cumulative_net"].to_numpy()
        line = chart.plots[0].series[0]
        np.testing.assert_allclose(line.values, expected, rtol=1e-12)
        names = [s.name for s in chart.plots[0].series]
        assert names == ["Cumulative net", "Go-live", "Break-even"]  # go-live and break-even as two-point series

    def test_the_bar_charts_hold_the_totals_by_area_and_by_category(self, english):
        projection = evaluate(sample_case()).projection
        for key, kind in (("benefits", "benefit"), ("investment", "cost")):
            chart = chart_of(english.slides[SLIDE_KEYS.index(key)])
            expected = [float(v.sum()) for v in projection.by_group(kind).values()]
            np.testing.assert_allclose(chart.plots[0].series[0].values, expected, rtol=1e-12)
            assert list(chart.plots[0].categories) == (["Marketing", "Sales", "Service"] if kind == "benefit"
                                                       else ["IT", "People", "Process"])

    def test_the_tornado_holds_each_inputs_npv_at_both_ends_and_starts_at_the_case_npv(self, english):
        chart = chart_of(english.slides[SLIDE_KEYS.index("risk")])
        table = tornado(sample_case()).head(8)
        low, high = chart.plots[0].series
        np.testing.assert_allclose(low.values, table["npv_low"], rtol=1e-12)
        np.testing.assert_allclose(high.values, table["npv_high"], rtol=1e-12)
        assert chart.category_axis.tick_labels is not None
        assert chart.value_axis.crosses_at == pytest.approx(evaluate(sample_case()).adjusted.npv)

    def test_axes_carry_at_most_eight_labels_and_compact_money(self, english):
        for key in CHARTED:
            chart = chart_of(english.slides[SLIDE_KEYS.index(key)])
            axis = chart.value_axis
            steps = (axis.maximum_scale - axis.minimum_scale) / axis.major_unit
            assert steps + 1 <= MAX_LABELS, key
            if key != "advantages":
                assert axis.tick_labels.number_format.startswith('"€"#,##0'), key
                assert '"M"' in axis.tick_labels.number_format or '"k"' in axis.tick_labels.number_format, key
            if chart.chart_type in (74, 75):  # scatter: the months axis
                months = chart.category_axis
                assert (months.maximum_scale - months.minimum_scale) / months.major_unit + 1 <= MAX_LABELS

    def test_every_slide_has_speaker_notes_with_the_assumptions(self, english):
        notes = [s.notes_slide.notes_text_frame.text for s in english.slides]
        assert all(n.strip() for n in notes)
        assert "discount rate 10.0 % a year" in notes[0]  # the sample's 10 %
        risk = notes[SLIDE_KEYS.index("risk")]
        assert "10,000 runs with seed 7" in risk  # the sample's Monte Carlo settings
        assert "weight 30 (30 % of the total)" in notes[SLIDE_KEYS.index("advantages")]  # SEED_CRITERIA

    def test_text_is_at_least_14_points(self, english):
        sizes = [run.font.size.pt for slide in english.slides for shape in slide.shapes if shape.has_text_frame
                 for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if run.font.size]
        assert sizes and min(sizes) >= 14

    def test_a_spanish_deck(self, sample):
        case, simulation = sample
        deck = Presentation(io.BytesIO(build_deck(case, language="es", simulation=simulation)))
        told = story(case, language="es", simulation=simulation)
        assert [s.shapes.title.text for s in deck.slides] == [t.message for t in told]
        assert "VAN" in texts_of(deck.slides[0])
        assert "Recomendación" in texts_of(deck.slides[0])
        cash = chart_of(deck.slides[1])
        assert cash.value_axis.tick_labels.number_format == '#,##0.0,," M €";-#,##0.0,," M €";0'.replace(
            " ", "\u00a0")  # CLDR es: "1,2 M €"

    def test_a_chinese_deck_names_an_east_asian_face(self, sample):
        case, simulation = sample
        data = build_deck(case, language="zh-Hant", simulation=simulation)
        deck = Presentation(io.BytesIO(data))
        assert deck.slides[0].shapes.title.text == story(case, language="zh-Hant", simulation=simulation)[0].message
        xml = deck.slides[0].shapes.title._element.xml
        assert 'typeface="Microsoft JhengHei"' in xml
        simplified = Presentation(io.BytesIO(build_deck(case, language="zh-Hans", simulation=simulation)))
        assert 'typeface="Microsoft YaHei"' in simplified.slides[2].shapes.title._element.xml

    def test_user_text_is_kept_verbatim_and_never_a_formula(self, sample):
        name = '=HYPERLINK("http://example.com","**click**") <b>'
        case = with_value(sample_case(), "assumptions.name", "<i>Acme</i> **bold** =1+1")
        criteria = [c.model_dump() for c in case.scoring.criteria]
        criteria[0]["name"] = name
        case = with_values(case, {"scoring.participants": [], "scoring.criteria": criteria})
        deck = Presentation(io.BytesIO(build_deck(case, simulation=sample[1])))
        assert "<i>Acme</i> **bold** =1+1 · 1 / 7" in texts_of(deck.slides[0])
        chart = chart_of(deck.slides[SLIDE_KEYS.index("advantages")])
        assert name in list(chart.plots[0].categories)
        sheet = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
        cell = next(c for row in sheet.iter_rows() for c in row if c.value == name)
        assert cell.data_type == "s"  # a string, not a formula or a link
        notes = deck.slides[SLIDE_KEYS.index("advantages")].notes_slide.notes_text_frame.text
        assert name in notes


class TestAxes:
    def test_nice_ticks_hand_examples(self):
        # 0..1,021,865 in at most 7 steps: 200k steps (100k would take 11)
        assert nice_ticks(0, 1_021_865) == (0, 200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000)
        # -656,529..1,012,000: 250k steps would take 8 (from -750k to 1.25M), 500k take 5
        assert nice_ticks(-656_529, 1_012_000) == (-1_000_000, -500_000, 0, 500_000, 1_000_000, 1_500_000)
        assert nice_ticks(-1.74, 2.34) == (-2, -1, 0, 1, 2, 3)
        assert nice_ticks(5, 5) == (0, 1, 2, 3, 4, 5)  # a single value: from zero
        assert nice_ticks(0, 0) == (0.0, 1.0)

    @pytest.mark.parametrize("low, high", [(-3e6, 7.1e6), (1, 999), (-0.3, 0.2), (123_456, 9_876_543)])
    def test_nice_ticks_cover_the_range_with_at_most_eight(self, low, high):
        ticks = nice_ticks(low, high)
        assert len(ticks) <= MAX_LABELS and ticks[0] <= min(low, 0) and ticks[-1] >= high
        assert 0 in ticks

    def test_month_ticks_every_year_else_every_two(self):
        assert month_ticks(60) == (0, 12, 24, 36, 48, 60)  # 5 years
        assert month_ticks(120) == (0, 24, 48, 72, 96, 120)  # 10 years: 11 yearly labels would be too many
        assert month_ticks(12) == (0, 3, 6, 9, 12)

    def test_top_items_keep_seven_and_gather_the_rest(self):
        items = [(f"g{i}", float(i)) for i in range(1, 11)]
        kept = top_items(items, "Other ({count})")
        assert len(kept) == MAX_LABELS
        assert kept[:-1] == [(f"g{i}", float(i)) for i in range(4, 11)]
        assert kept[-1] == ("Other (3)", 6.0)  # 1 + 2 + 3
        assert top_items(items[:8], "Other") == items[:8]

    def test_many_criteria_make_at_most_eight_bars(self, sample):
        criteria = [{"name": f"Criterion {i}", "side": "advantage" if i % 2 else "disadvantage",
                     "weight": i, "score": 5} for i in range(1, 13)]
        case = with_values(sample_case(), {"scoring.participants": [], "scoring.criteria": criteria})
        chart = story(case, simulation=sample[1], order=("advantages",))[0].chart
        assert len(chart.categories) == MAX_LABELS
        assert chart.categories[-2:] == ("Other advantages (3)", "Other disadvantages (3)")
        total = sum(v for _, values in chart.series for v in values if v is not None)
        assert total == pytest.approx(sum((1 if i % 2 else -1) * i / 78 * 5 for i in range(1, 13)))  # the net

    def test_money_formats(self):
        million = (0, 500_000, 1_000_000, 1_500_000)
        assert money_format("EUR", "en", million) == '"€"#,##0.0,,"M";-"€"#,##0.0,,"M";0'
        assert money_format("EUR", "en", (0, 1_000_000, 2_000_000)) == '"€"#,##0,,"M";-"€"#,##0,,"M";0'
        assert money_format("EUR", "en", (0, 20_000, 40_000)) == '"€"#,##0,"k";-"€"#,##0,"k";0'
        assert money_format("EUR", "en", (0, 200, 400)) == '"€"#,##0;-"€"#,##0;0'
        # Traditional Chinese writes 10**6 as 100萬 (a division by 10**4 a format code cannot do): in full
        assert money_format("EUR", "zh-Hant", million) == '"€"#,##0;-"€"#,##0;0'
        assert label_format("EUR", "en") == '[>=1000000]"€"#,##0.0,,"M";[>=1000]"€"#,##0.0,"k";"€"#,##0'
