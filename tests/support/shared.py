"""The shared data beside the clone (../shared): seed gold labels, corpora, streams.

Tests that read it carry the `corpus` marker. Without ../shared they are skipped with the
reason, except in CI (CI=true), where its absence fails them (conftest.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED_GOLD = SHARED / "seeds" / "key_figures.yaml"
CORPORA = SHARED / "corpora"
STREAMS = SHARED / "streams"


@cache
def seed_gold() -> dict[str, Any]:
    """The hand-labelled key figures and expected changes of the five seeds."""
    return yaml.safe_load(SEED_GOLD.read_text(encoding="utf-8"))
