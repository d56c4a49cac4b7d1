"""Alembic environment: runs on the connection newsmon hands it (see db.engine.migrate)."""

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool
from sqlmodel import SQLModel

import newsmon.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")


def _run(conn: Connection) -> None:
    render_batch = conn.dialect.name == "sqlite"
    context.configure(
        connection=conn, target_metadata=target_metadata, render_as_batch=render_batch
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # `alembic -x url=... revision --autogenerate` from the command line
    url = context.get_x_argument(as_dictionary=True)["url"]
    engine = engine_from_config({"sqlalchemy.url": url}, poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
