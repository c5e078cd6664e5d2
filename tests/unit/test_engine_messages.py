"""The engine's messages in every language (issue 18): validation problems, refusals and reasons are keyed
Messages (``engine`` domain) whose English is what the engine always wrote, and which read in each language
with every placeholder filled."""

from __future__ import annotations

import copy
import pickle
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import crm_case
from crm_case.errors import CrmCaseError, joined
from crm_case.i18n import DEFAULT, LANGUAGES, Message, catalog_of
from crm_case.model import READINESS_AREAS, Case, Drivers, case_from_dict, problem_of, what_of, with_values
from crm_case.numbers import NumberTextError, parse_number
from crm_case.sample import sample_case
from crm_case.store import StoreError, VersionConflict

OTHERS = [language for language in LANGUAGES if language != DEFAULT]
ENGINE = catalog_of(DEFAULT, "engine")
SOURCE = Path(crm_case.__file__).parent
HAN = re.compile(r"[\u4e00-\u9fff]")


def _refused(action) -> CrmCaseError:
    with pytest.raises(CrmCaseError) as caught:
        action()
    return caught.value


def _bad_inputs() -> dict[str, CrmCaseError]:
    """One refusal of each typical kind a user meets, from the sample case."""
    case = sample_case()
    data = case.model_dump(mode="json")
    return {
        "fraction above 100 %": _refused(lambda: with_values(case, {"drivers.retention.churn_after": 1.5})),
        "missing field": _refused(lambda: case_from_dict(
            data | {"costs": [{k: v for k, v in data["costs"][0].items() if k != "name"}]})),
        "wrong type": _refused(lambda: with_values(case, {"assumptions.horizon_years": "three"})),
        "unknown field": _refused(lambda: case_from_dict(data | {"colour": "blue"})),
        "ambiguous text number": _refused(lambda: parse_number("5.000")),
    }


ENGLISH = {  # what the engine wrote before its messages had keys (tests/unit/test_model.py, test_text_numbers.py)
    "fraction above 100 %": "drivers.retention.churn_after must be between 0 % and 100 %, got 150 %",
    "missing field": "costs[0].name is required",
    "wrong type": "assumptions.horizon_years must be a whole number, got 'three'",
    "unknown field": "colour is not a known field",
    "ambiguous text number": "'5.000' is ambiguous: 5 or 5,000? Type it as a number, or name the format in "
                             "Assumptions (Number format | de-CH)",
}
SPANISH = {"fraction above 100 %": "entre", "missing field": "obligatorio", "wrong type": "número entero",
           "unknown field": "campo", "ambiguous text number": "ambiguo"}
CHINESE = {"fraction above 100 %": ("介於", "介于"), "missing field": ("必填", "必填"), "wrong type": ("整數", "整数"),
           "unknown field": ("欄位", "字段"), "ambiguous text number": ("歧義", "歧义")}


@pytest.fixture(scope="module")
def refused() -> dict[str, CrmCaseError]:
    return _bad_inputs()


class TestValidationMessagesInEveryLanguage:
    def test_the_english_is_what_the_engine_always_wrote(self, refused):
        assert {name: str(error) for name, error in refused.items()} == ENGLISH
        for error in refused.values():
            assert all(isinstance(problem, Message) for problem in error.problems)
            assert error.in_language(DEFAULT) == str(error)

    @pytest.mark.parametrize("language", OTHERS)
    def test_each_reads_in_the_language_with_every_placeholder_filled(self, refused, language):
        for name, error in refused.items():
            shown = error.in_language(language)
            assert "{" not in shown and "}" not in shown, (name, shown)
            assert shown != str(error), (name, language)

    def test_spanish_and_chinese_say_it_in_their_words(self, refused):
        for name, error in refused.items():
            assert SPANISH[name] in error.in_language("es"), name
            traditional, simplified = CHINESE[name]
            assert traditional in error.in_language("zh-Hant") and HAN.search(error.in_language("zh-Hant")), name
            assert simplified in error.in_language("zh-Hans"), name

    def test_the_place_stays_a_field_path_and_a_nested_word_is_translated(self):
        case = sample_case()
        metric = case.goals.metrics[0]  # churn rate: lower is better
        error = _refused(lambda: with_values(case, {"goals.metrics.0.target": metric.baseline + 0.1}))
        spanish = error.in_language("es")
        assert spanish.startswith("goals.metrics[0].target ") and "más bajo" in spanish
        assert "lower" in str(error)

    def test_a_problem_can_name_another_place(self):
        """For a reader that names the cell itself (the workbook import)."""
        case = sample_case()
        with pytest.raises(ValidationError) as caught:
            Case.model_validate(case.model_dump() | {"assumptions": case.assumptions.model_dump()
                                                     | {"discount_rate": 2.0}})
        error = caught.value.errors(include_url=False)[0]
        assert what_of(error) == "must be above -100 % and at most 100 %, got 200 %"
        assert problem_of(error, "Assumptions!B7") == "Assumptions!B7 must be above -100 % and at most 100 %, got 200 %"
        assert problem_of(error, "Assumptions!B7").in_language("es").startswith("Assumptions!B7 debe ser mayor")

    def test_several_problems_of_one_rule_read_in_one_language(self):
        data = sample_case().model_dump(mode="json")
        data["goals"]["objectives"].append(dict(data["goals"]["objectives"][0]))  # one name twice
        data["goals"]["actuals"].append({"metric": "Nobody", "period": "2027-03", "value": 1.0})
        error = _refused(lambda: case_from_dict(data))
        assert str(error) == ("goals objectives: each objective needs its own name; actuals[" +
                              str(len(data["goals"]["actuals"]) - 1) + "] is for an unknown metric 'Nobody'")
        assert "cada objetivo necesita su propio nombre" in error.in_language("es")
        assert "métrica desconocida" in error.in_language("es")


class TestErrorsKeepTheirMessages:
    def test_pickling_and_copying_keep_each_problem_and_its_key(self):
        error = CrmCaseError([Message("engine.validation.unknown_path", path="drivers.nope"), "a user's own words"])
        for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
            assert type(clone) is CrmCaseError and str(clone) == str(error) and clone.problems == error.problems
            assert clone.problems[0].key == "engine.validation.unknown_path"
            assert clone.in_language("es") == "drivers.nope no es un campo del caso; a user's own words"

    def test_a_subclass_keeps_its_own_attributes(self):
        conflict = VersionConflict("abc", 2, 3, deleted=False)
        store = StoreError(Message("engine.store.read_only"), "sqlite:///x.db: attempt to write a readonly database")
        with pytest.raises(NumberTextError) as caught:
            parse_number("5.000")
        for error in (conflict, store, caught.value):
            clone = pickle.loads(pickle.dumps(error))
            assert type(clone) is type(error) and clone.__dict__ == error.__dict__ and str(clone) == str(error)
        assert pickle.loads(pickle.dumps(caught.value)).readings == (5.0, 5000.0)
        assert pickle.loads(pickle.dumps(store)).detail.startswith("sqlite:///x.db")
        assert "versión 2" in conflict.in_language("es")

    def test_one_problem_is_the_errors_only_argument(self):
        message = Message("engine.store.read_only")
        error = CrmCaseError(message)
        assert error.args == (message,) and error.problems == [message]
        assert error.message.in_language("it") == "l'archivio dei casi è di sola lettura"

    def test_joined_problems_read_in_one_language(self):
        problems = [Message("engine.list.none"), "raw", Message("engine.where.case")]
        assert joined(problems) == "none; raw; case"
        assert joined(problems).in_language("es") == "ninguna; raw; caso"


class TestOtherMessages:
    @pytest.mark.parametrize("language", OTHERS)
    def test_a_recommendations_reasons_read_in_every_language(self, language):
        from crm_case.evaluate import evaluate
        from crm_case.recommendation import recommend

        case = sample_case()
        decided = recommend(case, evaluate(case), probability_positive=0.796)
        assert decided.reasons and all(isinstance(reason, Message) for reason in decided.reasons)
        for reason in decided.reasons:
            shown = reason.in_language(language)
            assert shown != reason and "{" not in shown

    def test_a_recommendations_money_is_written_as_the_reader_writes_it(self):
        from crm_case.evaluate import evaluate
        from crm_case.recommendation import recommend

        case = sample_case()
        first = recommend(case, evaluate(case), probability_positive=0.9).reasons[0]
        # as every page writes money: the symbol, and the reader's grouping (comma in English, point in Spanish)
        assert first.startswith("The risk-adjusted NPV is €556,781 ")
        assert "556.781\u00a0€" in first.in_language("es") and "EUR " not in first.in_language("es")

    def test_driver_formulas_are_the_models_docstrings(self):
        for name, field in Drivers.model_fields.items():
            assert ENGINE[f"engine.driver.{name}.formula"] == " ".join((field.annotation.__doc__ or "").split())
            assert ENGINE[f"engine.driver.{name}"] == field.title

    def test_every_family_of_keys_is_complete(self):
        from crm_case.model.messages import _SIMPLE

        wanted = (
            [f"engine.readiness.area.{area}" for area in READINESS_AREAS]
            + [f"engine.value.many.{kind}" for kind in ("list", "tuple", "dict")]
            + [f"engine.direction.{way}" for way in ("higher", "lower")]
            + [f"engine.validation.metric_direction.{way}" for way in ("above", "below")]
            + [f"engine.validation.{kind}" for kind in {*_SIMPLE.values(), "greater_than_equal", "less_than_equal",
                                                        "greater_than", "less_than", "missing", "extra_forbidden"}]
            + [f"engine.recommendation.{key}.{n}" for key in ("frame", "not_ready_fact") for n in ("one", "many")]
            + [f"engine.store.{what}_elsewhere" for what in ("changed", "deleted")]
        )
        assert [key for key in wanted if key not in ENGINE] == []


def _engine_sources() -> list[Path]:
    return [path for path in SOURCE.rglob("*.py") if "excel" not in path.parts and path.name != "cli.py"
            and "i18n" not in path.parts]


def test_every_message_key_in_the_engines_source_is_in_the_english_catalog():
    """Keys written out (``Message("engine.x")``) exist; a key built from a value (``Message(f"engine.driver.{name}")``)
    matches at least one key of the catalog. The engine writes its own keys, except where it names a part of the
    workbook the reader knows by its Excel name (the number-format hint: the Assumptions sheet, its row)."""
    literal, built = set(), set()
    for path in _engine_sources():
        text = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r'Message\(\s*"([^"]+)"', text))
        built |= set(re.findall(r'Message\(\s*f"([^"]+)"', text))
    assert literal and built
    workbook = catalog_of(DEFAULT, "excel")
    assert sorted(key for key in literal if key not in ENGINE and key not in workbook) == []
    for key in built:
        pattern = re.compile(re.sub(r"\\\{[^}]*\\\}", r"[^.]+", re.escape(key)) + "$")
        assert any(pattern.match(k) for k in ENGINE), key
    assert all(key.startswith("engine.") or key in workbook for key in literal | built)
