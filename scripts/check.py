"""Run every check the project has: tests, ruff, ruff format, mypy. CI runs this too.

`python scripts/check.py` runs them all; arguments go to pytest (`-m "not slow"` for the
fast set). mypy needs the installed layout (`newsmon.tasks` is the folder `tasks/`), which
only setuptools' import hook knows in an editable install: it is given a tree of symbolic
links in that layout (build/mypy/newsmon), and the files it found are checked
against the modules in the package's folders, so that none goes unchecked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREE = ROOT / "build" / "mypy"


def package_dirs() -> dict[str, Path]:
    """The folder of each top-level part of `newsmon` (pyproject's package-dir)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    mapping = project["tool"]["setuptools"]["package-dir"]
    return {name: ROOT / folder for name, folder in mapping.items() if name.count(".") <= 1}


def link_tree() -> list[Path]:
    """build/mypy/newsmon as the installed package looks; returns the modules it holds."""
    dirs = package_dirs()
    package = TREE / "newsmon"
    package.mkdir(parents=True, exist_ok=True)
    for stale in package.iterdir():
        stale.unlink()
    for entry in dirs["newsmon"].iterdir():
        if entry.suffix == ".py":
            (package / entry.name).symlink_to(entry)
    for name, folder in dirs.items():
        if name != "newsmon" and (folder / "__init__.py").exists():
            (package / name.split(".", 1)[1]).symlink_to(folder, target_is_directory=True)
    return [
        p for folder in dirs.values() for p in folder.rglob("*.py") if "versions" not in p.parts
    ]


def run_mypy() -> bool:
    """mypy over the link tree; False when it fails or leaves a module of the package out."""
    modules = link_tree()
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "-v", "-p", "newsmon"],
        capture_output=True,
        text=True,
        env=os.environ | {"MYPYPATH": str(TREE)},
    )
    print(done.stdout, end="")
    errors = [line for line in done.stderr.splitlines() if not line.startswith("LOG:")]
    print("\n".join(errors), end="\n" if errors else "")
    found = re.findall(r"Found source: +BuildSource\(path='([^']+)'", done.stderr)
    unchecked = set(modules) - {Path(path).resolve() for path in found}
    for path in sorted(unchecked):
        print(f"mypy did not check {path.relative_to(ROOT)}")
    return done.returncode == 0 and not unchecked


CHECKS = [
    ("ruff check", ["ruff", "check", "."]),
    ("ruff format", ["ruff", "format", "--check", "."]),
    ("mypy", None),
    ("pytest", ["pytest", *sys.argv[1:]]),
]


def main() -> int:
    """Run each check in turn (all of them, even after a failure); 1 if any failed."""
    failed = []
    for name, command in CHECKS:
        print(f"==> {name}", flush=True)
        ok = (
            run_mypy()
            if command is None
            else subprocess.run([sys.executable, "-m", *command]).returncode == 0
        )
        if not ok:
            failed.append(name)
    print("==> " + (f"FAILED: {', '.join(failed)}" if failed else "all checks passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
