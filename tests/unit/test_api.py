"""The public API: a literal, sorted __all__ that matches the public names; the core never imports streamlit."""

import ast
import importlib
from pathlib import Path

import pytest

import crm_case

CORE = Path(crm_case.__file__).parent
MODULES_WITH_ALL = sorted(
    ".".join(path.relative_to(CORE.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in CORE.rglob("*.py") if "\n__all__ = " in path.read_text()
)
"""Every module of the core that declares ``__all__``."""


def _declared_all(module_name: str) -> ast.expr:
    """The expression assigned to ``__all__`` in the module's source."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__).read_text())
    (value,) = [node.value for node in tree.body if isinstance(node, ast.Assign)
                and any(isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets)]
    return value


def test_all_is_sorted_and_complete():
    assert crm_case.__all__ == sorted(crm_case.__all__)
    public = {name for name in vars(crm_case) if not name.startswith("_")}
    modules = {name for name, value in vars(crm_case).items() if type(value).__name__ == "module"}
    assert set(crm_case.__all__) == public - modules


@pytest.mark.parametrize("module_name", MODULES_WITH_ALL)
def test_all_is_a_literal_sorted_list_of_existing_names_without_duplicates(module_name):
    # a literal list of strings: `sorted([...])` would make the sortedness test below unable to fail
    value = _declared_all(module_name)
    assert isinstance(value, ast.List), f"{module_name}.__all__ is not a literal list"
    names = [element.value for element in value.elts if isinstance(element, ast.Constant)]
    assert len(names) == len(value.elts), f"{module_name}.__all__ holds something other than strings"
    assert names == sorted(names), f"{module_name}.__all__ is not sorted"
    assert len(set(names)) == len(names), f"{module_name}.__all__ has duplicates"
    module = importlib.import_module(module_name)
    assert [name for name in names if not hasattr(module, name)] == []


def test_the_packages_declare_all():
    """crm_case declares the public API; each module of the model package declares its own names, which the
    package re-exports (crm_case/model/__init__.py), so each name is written once."""
    import crm_case.model

    model_modules = {f"crm_case.model.{path.stem}" for path in (CORE / "model").glob("*.py") if path.stem != "__init__"}
    assert {"crm_case", *model_modules} <= set(MODULES_WITH_ALL)
    for module_name in model_modules:
        module = importlib.import_module(module_name)
        assert [name for name in module.__all__ if getattr(crm_case.model, name, None) is not getattr(module, name)] \
            == [], module_name


def test_core_is_pure():
    paths = list(CORE.rglob("*.py"))
    assert CORE / "model" / "units.py" in paths  # the packages are searched too
    for path in paths:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
