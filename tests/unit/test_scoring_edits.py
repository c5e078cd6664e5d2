"""Votes follow their criteria (crm_case.scoring.criterion_renames): a renamed criterion keeps its scores, a removed
one takes them along; the change goes through with_values like any other."""

from crm_case import sample_case, with_values
from crm_case.scoring import criterion_renames

CX = "Better customer experience"


def kept_names(case, **renames):
    """Every criterion of the case kept, by its lower-case old name, some renamed."""
    names = {c.name.lower(): c.name for c in case.scoring.criteria}
    return names | {k.lower(): v for k, v in renames.items()}


def test_a_renamed_criterion_keeps_its_votes():
    case = sample_case()
    change = criterion_renames(case.scoring, kept_names(case) | {CX.lower(): "Customer experience"})
    criteria = [c.model_dump() | ({"name": "Customer experience"} if c.name == CX else {})
                for c in case.scoring.criteria]
    new = with_values(case, {"scoring.criteria": criteria, **change})
    ceo = new.scoring.participants[0]
    assert ceo.scores["Customer experience"] == case.scoring.participants[0].scores[CX] == 9.0  # the CEO's vote
    assert CX not in ceo.scores


def test_a_removed_criterion_takes_its_votes():
    case = sample_case()
    kept = {k: v for k, v in kept_names(case).items() if k != CX.lower()}
    change = criterion_renames(case.scoring, kept)
    assert all(CX not in p["scores"] and len(p["scores"]) == 3 for p in change["scoring.participants"])
    assert [p["name"] for p in change["scoring.participants"]] == [p.name for p in case.scoring.participants]


def test_renames_match_any_case_of_letters():
    case = sample_case()
    change = criterion_renames(case.scoring, {CX.upper().lower(): "CX"})
    assert change["scoring.participants"][0]["scores"] == {"CX": 9.0}
