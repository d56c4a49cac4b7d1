"""figure identity and the metric registry

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.add_column(sa.Column("base", TEXT(), nullable=True))
        batch_op.add_column(sa.Column("place", TEXT(), nullable=True))
        batch_op.create_index("ix_metric_base", ["base"])
    with op.batch_alter_table("figure", schema=None) as batch_op:
        for name in ("place_from", "measure", "variant", "scope", "horizon"):
            batch_op.add_column(sa.Column(name, TEXT(), nullable=True))
        batch_op.add_column(sa.Column("other_event", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("match", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figure", schema=None) as batch_op:
        for name in ("match", "other_event", "horizon", "scope", "variant", "measure"):
            batch_op.drop_column(name)
        batch_op.drop_column("place_from")
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.drop_index("ix_metric_base")
        batch_op.drop_column("place")
        batch_op.drop_column("base")
