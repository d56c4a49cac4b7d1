"""The package's shape: one namespace, stage folders, and imports that follow stage order."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TASKS = REPO / "tasks"
# The pipeline's order; `runtime` and the top-level modules (markup, formatting) are shared.
STAGES = ["ingest", "dedupe", "figures", "compare", "curate", "alerts", "report"]
EXCEPTION_MARK = "Named exception to stage order"


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every newsmon.tasks import in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in found if name.startswith("newsmon.tasks.")]


def stage_of(module: str) -> str:
    """The stage folder a newsmon.tasks module belongs to ("" for a shared module)."""
    part = module.split(".")[2]
    return part if part in [*STAGES, "runtime"] else ""


def excused(path: Path, line: int) -> bool:
    """Whether the comment above an import (or above the imports it heads) names it."""
    for text in reversed(path.read_text(encoding="utf-8").splitlines()[: line - 1]):
        text = text.strip()
        if text.startswith("#") and EXCEPTION_MARK in text:
            return True
        if not text.startswith(("#", "from ", "import ")):
            return False
    return False


def test_stage_folders_exist_and_say_what_they_do() -> None:
    for stage in [*STAGES, "runtime"]:
        init = TASKS / stage / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), stage
    assert not [
        p.name for p in TASKS.glob("*.py") if p.stem not in ("__init__", "markup", "formatting")
    ]


@pytest.mark.parametrize(
    "path", sorted(TASKS.rglob("*.py")), ids=lambda p: str(p.relative_to(TASKS))
)
def test_no_module_imports_a_later_stage(path: Path) -> None:
    here = stage_of("newsmon.tasks." + ".".join(path.relative_to(TASKS).with_suffix("").parts))
    rank = {stage: i for i, stage in enumerate(STAGES)}
    for line, module in imports_of(path):
        there = stage_of(module)
        if there == "runtime" or not there or here == there:
            continue
        later = here in ("", "runtime") or rank[there] > rank[here]
        assert not later or excused(path, line), f"{path.name}:{line} imports {module}"


def test_every_package_folder_installs_under_the_newsmon_namespace() -> None:
    setup = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    folders, packages = setup["package-dir"], set(setup["packages"])
    assert {name.split(".")[0] for name in [*folders, *packages]} == {"newsmon"}
    for name, folder in folders.items():
        for init in (REPO / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO / folder).parts
            assert ".".join([name, *parts]) in packages, init


@pytest.mark.slow
def test_the_wheel_holds_newsmon_only_with_its_seeds_config_and_migrations(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("newsmon-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {"newsmon"}
    for shipped in ("seeds/manifest.yaml", "config/newsmon.yaml", "config/vocabulary.yaml"):
        assert f"newsmon/{shipped}" in names
    assert "newsmon/db/migrations/versions/0001_initial_schema.py" in names
    assert "newsmon/db/migrations/script.py.mako" in names
    seeds = [name for name in names if name.startswith("newsmon/seeds/") and name.endswith(".txt")]
    assert len(seeds) == len(list((REPO / "seeds").glob("*.txt")))
