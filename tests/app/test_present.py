"""AppTest of presentation mode: every slide renders sized to the window, next and previous (buttons and the keys'
callbacks), the deck's download, the join slide of an open voting room, and the layout rules of ui.slideshow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import CaseStore, sample_case
from crm_case.rooms import RoomKind, RoomStore
from ui.library import library_url
from ui.slideshow import CHART_FONT, DEFAULT_SCREEN, MAX_TICKS, Screen, deck_file_name, fit_chart, measure, text_lines

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TITLES = ["The decision", "Cumulative net cash flow", "Benefits by area", "Costs by category",
          "Start now vs start in 6 months", "Sensitivity: what moves the NPV most", "Advantages vs disadvantages"]


def present(case_id: str | None = None, slide: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if case_id:
        at.query_params["case"] = case_id
    if slide:
        at.query_params["slide"] = slide
    at.run()
    at.switch_page("pages/present.py").run()
    assert not at.exception, at.exception
    return at


def chart_heights(at: AppTest) -> list[int]:
    return [json.loads(chart.proto.spec)["height"] for chart in at.get("vega_lite_chart")]


def test_every_slide_renders_one_after_the_other_and_back():
    at = present()
    seen = [at.title[0].value]
    for _ in TITLES[1:]:
        at.button(key="present-next").click().run()
        assert not at.exception, at.exception
        seen.append(at.title[0].value)
    assert seen == TITLES
    assert at.button(key="present-next").disabled
    at.button(key="present-previous").click().run()
    assert at.title[0].value == TITLES[-2]


def test_each_chart_slide_has_one_chart_sized_below_its_message():
    at = present(slide="2")
    [height] = chart_heights(at)
    # the default window (1440 x 810) before the browser reports its own: the chart takes what the title and the
    # message leave, which is most of the window
    assert measure(DEFAULT_SCREEN, title=TITLES[1], message="x").chart >= height > DEFAULT_SCREEN.height // 2


def test_the_deck_can_be_downloaded_in_the_chosen_order():
    at = present()
    [button] = [b for b in at.get("download_button") if b.key == "present-download"]
    assert button.label == "Download slides (.pptx)"
    assert deck_file_name("Acme Industrial Supplies - CRM business case") == \
        "acme-industrial-supplies---crm-business-case-slides.pptx"
    assert deck_file_name("***") == "crm-case-slides.pptx"


def test_an_open_voting_room_adds_a_first_slide_to_join_it():
    store = CaseStore(library_url())
    case_id = store.create(sample_case()).info.id
    RoomStore(store).open(case_id, RoomKind.SCORING, ["Better customer experience"], sides=["advantage"])
    at = present(case_id=case_id)
    assert at.title[0].value == "Join the vote"
    assert "Slide 1 of 8" in at.caption[0].value
    at.button(key="present-next").click().run()
    assert at.title[0].value == "The decision"


def test_a_closed_room_has_no_join_slide():
    store = CaseStore(library_url())
    case_id = store.create(sample_case()).info.id
    rooms = RoomStore(store)
    rooms.close(rooms.open(case_id, RoomKind.READINESS, ["x"]).id)
    assert present(case_id=case_id).title[0].value == "The decision"


class TestLayout:
    @pytest.mark.parametrize("screen", [Screen(1920, 1080), Screen(1280, 720)])
    def test_a_chart_fills_the_window_below_the_message(self, screen):
        layout = measure(screen, title="Benefits by area", message="€2.2M of benefits over 5 years")
        # hand: 10 bar margin + 40 bar + 10 gap + one title line (4.4 % x 1.2) + 10 + 4 + one message line
        # (2.9 % x 1.3) + 10, and 14 below the chart
        title, message = round(screen.height * 0.044), round(screen.height * 0.029)
        top = 10 + 40 + 10 + title * 1.2 + 10 + 4 + message * 1.3 + 10
        assert layout.top == pytest.approx(top, abs=1)
        assert layout.chart == screen.height - layout.top - 14

    def test_labels_are_at_least_18_px_at_1080(self):
        assert measure(Screen(1920, 1080), title="t", message="m").label >= 18

    def test_a_long_message_takes_more_lines_and_a_shorter_chart(self):
        short = measure(Screen(1280, 720), title="t", message="Short.")
        long = measure(Screen(1280, 720), title="t", message="word " * 80)
        assert long.chart < short.chart

    def test_chinese_characters_count_as_wide(self):
        assert text_lines("淨現值" * 40, font=20, width=1000) > text_lines("abc" * 40, font=20, width=1000)

    def test_a_long_figure_gets_a_smaller_font(self):
        screen = Screen(1280, 720)
        assert measure(screen, title="t", message="m", figures=["€358.8k – €744.6k"]).figure < \
            measure(screen, title="t", message="m", figures=["52 %"]).figure


class TestFitChart:
    SPEC: ClassVar[dict] = {
        "layer": [{"mark": {"type": "text", "fontSize": CHART_FONT}, "height": 200,
                   "encoding": {"x": {"field": "a", "type": "quantitative"},
                                "y": {"field": "b", "type": "nominal", "axis": {"labelFontSize": 15}}}},
                  {"mark": "bar", "encoding": {"x": {"field": "a", "type": "quantitative", "axis": None}}}],
        "config": {"axis": {"labelFontSize": CHART_FONT, "titleFontSize": CHART_FONT}},
        "height": 340,
    }

    def test_height_fonts_ticks_and_renderer(self):
        fitted = fit_chart(self.SPEC, height=700, label=21)
        assert fitted["height"] == 700 and "height" not in fitted["layer"][0]
        assert fitted["config"]["axis"] == {"labelFontSize": 21, "titleFontSize": 21}
        assert fitted["config"]["legend"]["labelFontSize"] == 21
        assert fitted["layer"][0]["mark"]["fontSize"] == 21  # hand: 14 x 21 / 14
        assert fitted["layer"][0]["encoding"]["y"]["axis"]["labelFontSize"] == 22  # hand: 15 x 1.5 = 22.5, rounded
        assert fitted["layer"][0]["encoding"]["x"]["axis"]["tickCount"] <= MAX_TICKS
        assert fitted["layer"][1]["encoding"]["x"]["axis"] is None  # no axis stays none
        assert fitted["usermeta"]["embedOptions"]["renderer"] == "svg"
        assert self.SPEC["height"] == 340 and self.SPEC["layer"][0]["height"] == 200  # the given spec is untouched

    def test_an_axis_at_given_values_keeps_them(self):
        spec = {"mark": "line", "encoding": {"x": {"field": "a", "type": "quantitative",
                                                   "axis": {"values": [0, 12, 24]}}}}
        assert "tickCount" not in fit_chart(spec, height=300, label=18)["encoding"]["x"]["axis"]
