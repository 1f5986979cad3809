"""accounts: e-mail verification, session version, erasure

Accounts that existed before e-mail verification are taken as verified (from the day they were
created): their owners have been taking part already, and locking them out now would break the
running platform. New accounts start unverified.

Revision ID: auth_trust
Revises: b1e05984c7d8
Create Date: 2026-11-26 20:02:55.634469

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'auth_trust'
down_revision = 'b1e05984c7d8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(), nullable=True))

    op.execute("UPDATE users SET email_verified_at = created_at WHERE email_verified_at IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('session_version')
        batch_op.drop_column('email_verified_at')
