"""corrections: the analyst's merges, splits, moves, renames and mutes, and versioned changes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sqlmodel.sql.sqltypes.UTCDateTime
CURRENT = sa.text("retired_at IS NULL")
# SQLite reflects 0001's unnamed UNIQUE (figure_id) without a name: batch mode names it so.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", TEXT(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=True),
        sa.Column("other_id", sa.Integer(), nullable=True),
        sa.Column("figure_id", sa.Integer(), nullable=True),
        sa.Column("where", TEXT(), nullable=True),
        sa.Column("label", TEXT(), nullable=True),
        sa.Column("author", TEXT(), nullable=False),
        sa.Column("note", TEXT(), nullable=True),
        sa.Column("created_at", WHEN(), nullable=False),
        sa.Column("undone_at", WHEN(), nullable=True),
        sa.Column("undone_by", TEXT(), nullable=True),
        sa.ForeignKeyConstraint(["figure_id"], ["figure.id"]),
        sa.ForeignKeyConstraint(["metric_id"], ["metric.id"]),
        sa.ForeignKeyConstraint(["other_id"], ["metric.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auto_label", TEXT(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("muted", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("tracked", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key("fk_metric_merged_into", "metric", ["merged_into_id"], ["id"])
    op.execute("UPDATE metric SET auto_label = label")
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_metric_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_figure_filed_metric", "metric", ["filed_metric_id"], ["id"])
    op.execute("UPDATE figure SET filed_metric_id = metric_id")
    drop_unique_figure_id()
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("retired_at", WHEN(), nullable=True))
        batch_op.add_column(sa.Column("correction_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_change_correction", "correction", ["correction_id"], ["id"])
        batch_op.create_index("ix_change_figure_id", ["figure_id"])
        batch_op.create_index("uq_change_current_figure", ["figure_id"], unique=True,
                              sqlite_where=CURRENT, postgresql_where=CURRENT)  # fmt: skip


def drop_unique_figure_id() -> None:
    """Drop 0001's UNIQUE (figure_id) on change: a figure may now have retired changes."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":  # named by the server, or by a downgrade of this one
        for unique in sa.inspect(bind).get_unique_constraints("change"):
            if unique["column_names"] == ["figure_id"] and unique["name"]:
                op.drop_constraint(unique["name"], "change", type_="unique")
        return
    with op.batch_alter_table("change", naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint("uq_change_figure_id", type_="unique")


def downgrade() -> None:
    # One change per figure again: the retired ones (and alerts about them) are dropped.
    op.execute("DELETE FROM alert WHERE change_id IN (SELECT id FROM change WHERE retired_at IS NOT NULL)")
    op.execute("DELETE FROM change WHERE retired_at IS NOT NULL")
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index("uq_change_current_figure")
        batch_op.drop_index("ix_change_figure_id")
        batch_op.drop_constraint("fk_change_correction", type_="foreignkey")
        batch_op.drop_column("correction_id")
        batch_op.drop_column("retired_at")
        batch_op.drop_column("batch")
        batch_op.create_unique_constraint("uq_change_figure_id", ["figure_id"])
    with op.batch_alter_table("figure", schema=None) as batch_op:
        batch_op.drop_constraint("fk_figure_filed_metric", type_="foreignkey")
        batch_op.drop_column("filed_metric_id")
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.drop_constraint("fk_metric_merged_into", type_="foreignkey")
        for name in ("tracked", "muted", "merged_into_id", "auto_label"):
            batch_op.drop_column(name)
    op.drop_table("correction")
