"""Run every check the project has: tests, ruff, ruff format, mypy. CI runs this too."""

from __future__ import annotations

import subprocess
import sys

CHECKS = [
    ("ruff check", ["ruff", "check", "."]),
    ("ruff format", ["ruff", "format", "--check", "."]),
    ("mypy", ["mypy"]),
    ("pytest", ["pytest", *sys.argv[1:]]),
]


def main() -> int:
    """Run each check in turn (all of them, even after a failure); 1 if any failed."""
    failed = []
    for name, command in CHECKS:
        print(f"==> {name}", flush=True)
        if subprocess.run([sys.executable, "-m", *command]).returncode != 0:
            failed.append(name)
    print("==> " + (f"FAILED: {', '.join(failed)}" if failed else "all checks passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
