"""scale: published-comment counters on consultations and sections, thread and list indexes

Revision ID: scale_counters
Revises: merge_trust_safety
Create Date: 2026-11-26 23:20:00

The counters start from the rows already there; from now on app/core/counters.py keeps them
in step, and `flask reconcile-counters` checks them.
"""
from alembic import op
import sqlalchemy as sa


revision = 'scale_counters'
down_revision = 'merge_trust_safety'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_thread', ['consultation_id', 'parent_id', 'id'], unique=False)
        batch_op.create_index('ix_comments_section_thread', ['section_id', 'parent_id', 'id'], unique=False)
        batch_op.create_index('ix_comments_review', ['needs_review', 'moderation_status'], unique=False)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(
            'ix_proposals_category_supports',
            ['category_id', 'moderation_status', 'support_count', 'id'],
            unique=False,
        )
        batch_op.create_index('ix_proposals_answered', ['answered_at', 'id'], unique=False)
        batch_op.create_index('ix_proposals_review', ['needs_review', 'moderation_status'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table in ("proposals", "consultations"):
            op.execute(
                f"CREATE INDEX ix_{table}_search_trgm ON {table}"
                " USING gin (search_text gin_trgm_ops)"
            )

    op.execute(
        "UPDATE consultations SET comment_count = (SELECT count(*) FROM comments"
        " WHERE comments.consultation_id = consultations.id"
        " AND comments.moderation_status = 'approved')"
    )
    op.execute(
        "UPDATE sections SET comment_count = (SELECT count(*) FROM comments"
        " WHERE comments.section_id = sections.id"
        " AND comments.moderation_status = 'approved')"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in ("proposals", "consultations"):
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_trgm")
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_review')
        batch_op.drop_index('ix_proposals_answered')
        batch_op.drop_index('ix_proposals_category_supports')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_review')
        batch_op.drop_index('ix_comments_section_thread')
        batch_op.drop_index('ix_comments_thread')
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_column('comment_count')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('comment_count')
