"""The layout rules import-linter does not check: no module imports another module's private
helper (a name starting with "_"); a private helper is used where it is written, or made public."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["config", "core", "coaching", "rubrics", "observations", "certification"]


def _module_path(module: str) -> Path:
    return ROOT.joinpath(*module.split("."))


def _private_imports():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "tests" in parts or "migrations" in parts:
                continue
            package = list(parts[:-1]) if path.name != "__init__.py" else list(parts[:-1])
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.ImportFrom):
                    continue
                base = package[: len(package) - node.level + 1] if node.level else []
                module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
                if module.split(".")[0] not in APPS:
                    continue
                for alias in node.names:
                    name = alias.name
                    if not name.startswith("_") or name.startswith("__"):
                        continue
                    target = _module_path(f"{module}.{name}")
                    if target.with_suffix(".py").exists() or target.is_dir():
                        continue  # a private module of the package, imported inside it
                    yield f"{path.relative_to(ROOT)}: from {module} import {name}"


def test_no_module_imports_another_modules_private_helper():
    assert list(_private_imports()) == []
