"""Configs written per test: the bundled one, pointed at a temp folder, with overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from newsmon.config.settings import DEFAULT_CONFIG, Settings, load_settings
from newsmon.server import free_port

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def write_config(tmp_path: Path, **overrides: Any) -> Settings:
    """A config file in tmp_path: the bundled one, pointed at tmp_path, with overrides."""
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["seeds_folder"] = str(SEEDS)
    raw["topic"]["vocabulary"] = str(DEFAULT_CONFIG.parent / "vocabulary.yaml")
    raw["database_url"] = f"sqlite:///{tmp_path / 'newsmon.db'}"
    raw["alerts"]["targets"] = []
    # A CLI run in a test uses Prefect's temporary server (or the test's PREFECT_API_URL),
    # never a standing one left behind; tests of the standing server turn it on.
    raw["server"] = {"standing": False, "port": free_port()}  # never the user's 4280
    raw.update(overrides)
    path = tmp_path / "newsmon.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return load_settings(path)
