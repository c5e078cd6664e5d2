"""The public API: a sorted __all__ that matches the public names; the core never imports streamlit."""

import ast
from pathlib import Path

import crm_case

CORE = Path(crm_case.__file__).parent


def test_all_is_sorted_and_complete():
    assert crm_case.__all__ == sorted(crm_case.__all__)
    public = {name for name in vars(crm_case) if not name.startswith("_")}
    modules = {name for name, value in vars(crm_case).items() if type(value).__name__ == "module"}
    assert set(crm_case.__all__) == public - modules


def test_core_is_pure():
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
