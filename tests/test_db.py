"""The schema: migrations match the models, SQLite runs in WAL, PostgreSQL works too."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from newsmon.db.engine import (
    HEAD_REVISION,
    MIGRATIONS,
    current_revision,
    make_engine,
    open_database,
    transaction,
)
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.ingest.documents import Document

TABLES = {"source", "article", "metric", "figure", "change", "alert"}


def alembic_config(migrations: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    return config


def test_migrations_create_exactly_the_models(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'm.db'}")
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_the_head_revision_known_without_alembic_is_alembics_head(tmp_path: Path) -> None:
    scripts = ScriptDirectory.from_config(alembic_config(MIGRATIONS))
    assert scripts.get_heads() == [HEAD_REVISION]
    engine = open_database(f"sqlite:///{tmp_path / 'h.db'}")
    assert current_revision(engine) == HEAD_REVISION
    assert current_revision(make_engine(f"sqlite:///{tmp_path / 'new.db'}")) is None


def test_sqlite_runs_in_wal_mode_and_migrating_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'w.db'}"
    open_database(url)
    engine = open_database(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_postgresql_migrates_and_stores(pg_url: str) -> None:
    engine = open_database(pg_url)
    open_database(pg_url).dispose()  # a second host starting: no error, no change
    doc = Document(
        url="seed://x",
        canonical_url="seed://x",
        source="seeds",
        source_kind="seed",
        text="Some 3,000 troops.",
    )
    with transaction(engine) as session:
        assert dedupe(session, [doc, doc]) == {"new": 1, "unchanged": 1}
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_run_lease_excludes_a_second_owner_until_released_or_expired(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    from newsmon.db.models import utcnow
    from newsmon.db.queries import acquire_lease, release_lease

    engine = open_database(f"sqlite:///{tmp_path / 'l.db'}")
    later, earlier = utcnow() + timedelta(hours=1), utcnow() - timedelta(seconds=1)

    def take(owner: str, until: datetime = later) -> bool:
        with transaction(engine) as session:
            return acquire_lease(session, name="monitor", owner=owner, until=until)

    assert take("a") and take("a")  # re-entrant for its owner
    assert not take("b")
    with transaction(engine) as session:
        release_lease(session, name="monitor", owner="b")  # not b's to release
    assert not take("b")
    with transaction(engine) as session:
        release_lease(session, name="monitor", owner="a")
    assert take("b", until=earlier)
    assert take("c")  # b's lease expired (a crashed run) and is taken over


def test_an_older_database_is_upgraded_in_place_and_keeps_its_rows(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from newsmon.db.engine import MIGRATIONS, make_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with old.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0001")
        insert = "INSERT INTO source (name, kind, consecutive_failures, created_at) VALUES "
        connection.execute(text(insert + "('seeds', 'seed', 0, '2024-01-01')"))
    old.dispose()
    engine = open_database(url)
    assert "refers_to" in {c["name"] for c in inspect(engine).get_columns("figure")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM source")).scalars().all() == ["seeds"]
