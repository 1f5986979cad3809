"""merge accounts and moderation

Revision ID: merge_trust_safety
Revises: auth_trust, moderation_scale
Create Date: 2026-11-26 21:33:18.488197

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'merge_trust_safety'
down_revision = ('auth_trust', 'moderation_scale')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
