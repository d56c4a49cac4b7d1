"""Reading seed files: the manifest order, and bad files as values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.config.settings import ConfigError
from newsmon.tasks.ingest.seeds import decode_seed, read_manifest, read_seeds
from tests.support.config import SEEDS

BAD_SEEDS = {
    "empty.txt": b"",
    "blank.txt": b"  \n\n",
    "latin1.txt": "Soldats d\u00e9ploy\u00e9s: 3 000".encode("latin-1"),
    "binary.txt": bytes(range(256)) * 4,
}


def test_manifest_is_oldest_first() -> None:
    entries = read_manifest(SEEDS)
    dates = [entry.published for entry in entries]
    assert len(entries) == 5
    assert dates == sorted(dates)
    assert dates[0] == date(2024, 6, 20)


def test_seed_documents_carry_file_url_date_and_outlet() -> None:
    docs = read_seeds(SEEDS)
    assert [d.url for d in docs] == [f"seed://{p.name}" for p in sorted(SEEDS.glob("*.txt"))]
    assert all(d.error is None and d.text for d in docs)
    assert docs[2].outlet == "BBC (translated repost)"
    assert docs[0].published is not None and docs[0].published.tzinfo is not None
    assert docs[0].title and docs[0].title.startswith("Fears Vladimir Putin")


def test_bad_seeds_are_values_with_clear_errors(tmp_path: Path) -> None:
    for name, data in BAD_SEEDS.items():
        (tmp_path / name).write_bytes(data)
    good = (SEEDS / "001_9d46a3e7a5576322.txt").read_bytes()
    (tmp_path / "good.txt").write_bytes(good)
    files = [*BAD_SEEDS, "good.txt", "missing.txt"]
    manifest = "seeds:\n" + "".join(
        f"  - {{file: {f}, published: 2024-01-0{i + 1}}}\n" for i, f in enumerate(files)
    )
    (tmp_path / "manifest.yaml").write_text(manifest)
    errors = {d.url.removeprefix("seed://"): d.error for d in read_seeds(tmp_path)}
    assert errors["empty.txt"] == errors["blank.txt"] == "empty file"
    assert errors["latin1.txt"] and errors["latin1.txt"].startswith("not UTF-8")
    assert errors["binary.txt"]
    assert errors["missing.txt"] and "cannot read" in errors["missing.txt"]
    assert errors["good.txt"] is None


@given(st.text())
def test_decode_seed_round_trips_real_text(text: str) -> None:
    decoded, error = decode_seed(text.encode("utf-8"))
    assert (decoded is None) == (error is not None)
    if decoded is not None:
        assert decoded == text.lstrip("\ufeff")


@given(st.binary())
def test_decode_seed_never_raises(data: bytes) -> None:
    decoded, error = decode_seed(data)
    assert (decoded is None) != (error is None)


def test_without_a_manifest_every_text_file_is_a_seed(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Some 3,000 troops.")
    (tmp_path / "a.txt").write_text("About 12,000 troops.")
    assert [d.url for d in read_seeds(tmp_path)] == ["seed://a.txt", "seed://b.txt"]


def test_a_missing_seeds_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_seeds(tmp_path / "nowhere")


def test_an_invalid_manifest_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.yaml").write_text("seeds:\n  - {file: a.txt, published: not-a-date}\n")
    with pytest.raises(ConfigError, match="invalid seed manifest"):
        read_seeds(tmp_path)
