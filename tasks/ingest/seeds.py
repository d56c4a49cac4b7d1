"""Read the seed articles named in `seeds/manifest.yaml`, oldest first."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from newsmon.config.settings import ConfigError
from newsmon.tasks.ingest.documents import Document

MANIFEST = "manifest.yaml"
SEED_SCHEME = "seed://"
# Text files may hold tabs and newlines; other C0 controls mean binary data.
BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


class SeedEntry(BaseModel):
    """One line of the manifest: a file, its outlet and its publication date."""

    file: str
    outlet: str | None = None
    published: date | None = None


class Manifest(BaseModel):
    seeds: list[SeedEntry] = []


def read_manifest(folder: Path) -> list[SeedEntry]:
    """The manifest's entries, oldest first (undated last); without one, every .txt file."""
    if not folder.is_dir():
        raise ConfigError(f"seeds folder {folder} does not exist")
    path = folder / MANIFEST
    if not path.exists():
        return [SeedEntry(file=p.name) for p in sorted(folder.glob("*.txt"))]
    try:
        entries = Manifest.model_validate(
            yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        ).seeds
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"invalid seed manifest {path}: {exc}") from exc
    return sorted(entries, key=lambda e: (e.published is None, e.published or date.min, e.file))


def decode_seed(data: bytes) -> tuple[str | None, str | None]:
    """The seed's text, or an error saying why it is not a usable text file."""
    if not data.strip():
        return None, "empty file"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
    if BINARY_CONTROL.search(text):
        return None, "binary content (control characters), not a text article"
    return text.lstrip("\ufeff"), None


def first_line(text: str) -> str | None:
    """The first non-blank line, used as the seed's title."""
    return next((line.strip() for line in text.splitlines() if line.strip()), None)


def read_seed(folder: Path, entry: SeedEntry) -> Document:
    """One seed file as a Document; an unreadable file is a Document with an error."""
    url = SEED_SCHEME + entry.file
    published = (
        datetime.combine(entry.published, datetime.min.time(), UTC) if entry.published else None
    )
    try:
        text, error = decode_seed((folder / entry.file).read_bytes())
    except OSError as exc:
        text, error = None, f"cannot read file: {exc.strerror or exc}"
    return Document(
        url=url,
        canonical_url=url,
        source="seeds",
        source_kind="seed",
        text=text,
        title=first_line(text) if text else None,
        outlet=entry.outlet,
        published=published,
        error=error,
    )


def read_seeds(folder: Path) -> list[Document]:
    """Every seed in the manifest, oldest first."""
    return [read_seed(folder, entry) for entry in read_manifest(folder)]
