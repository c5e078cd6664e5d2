"""The case's slides as an editable PowerPoint deck (python-pptx): the slides of presentation mode, in its order,
each titled with its message, its figures as large text, its chart as a native PowerPoint chart and the
assumptions behind it as speaker notes."""

from __future__ import annotations

from collections.abc import Sequence

from crm_case.model import Case


def build_deck(case: Case, *, language: str = "en", order: Sequence[str] | None = None,
               simulation=None) -> bytes:
    """The deck of ``case`` in ``language`` as .pptx bytes: one slide per key of ``order`` (default
    ``crm_case.story.SLIDE_KEYS``); ``simulation`` is the case's Monte Carlo result when already computed."""
    raise NotImplementedError("build_deck is being written (helper deck)")
