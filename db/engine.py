"""Engines and sessions: SQLite (WAL) by default, PostgreSQL for several machines."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration: a database at it needs no Alembic (whose import and script scan cost
# ~0.15 s of every command). tests/test_db.py checks that it is Alembic's head.
HEAD_REVISION = "0005"
# Any constant works; it only has to be the same on every host sharing the database.
MIGRATION_LOCK_ID = 7_243_101


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the CLI read while a run writes; busy_timeout rides out short write locks.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created on first use."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision; None for a new database."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table: nothing migrated yet
            return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (safe to call on every start)."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # batch mode rebuilds tables other rows refer to: checked once at the end
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends the autobegun transaction: the pragma is set outside one
        try:
            with connection.begin():
                upgrade(cfg, connection, sqlite)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(cfg: AlembicConfig, connection: Connection, sqlite: bool) -> None:
    """Upgrade to head in the connection's transaction; on SQLite, check the references
    once when a migration ran (they were not enforced while it did)."""
    if not sqlite:
        # Workers on several hosts may start at once: one migrates, the others wait.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    before = MigrationContext.configure(connection).get_current_revision()
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")
    migrated = MigrationContext.configure(connection).get_current_revision() != before
    broken = (
        connection.exec_driver_sql("PRAGMA foreign_key_check").all() if sqlite and migrated else []
    )
    if broken:
        raise RuntimeError(f"migration left {len(broken)} broken references: {broken[:3]}")


def open_database(url: str) -> Engine:
    """An engine on a migrated database."""
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session, committed at the end of the block or rolled back on error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(url: str) -> Engine:
    """The process's migrated engine for `url` (tasks running in threads share it)."""
    with _engines_lock:
        if url not in _engines:
            _engines[url] = open_database(url)
        return _engines[url]


def dispose_engines() -> None:
    """Close every cached engine (tests, and before a process forks)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
