"""cluster representatives by language

Each group keeps its most central member in each of its languages, so that an official reads the
group's title in their own language when somebody wrote in it.

Revision ID: 9b4f0d7c2e61
Revises: 5e8d21c4b7a3
Create Date: 2026-12-06 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b4f0d7c2e61'
down_revision = '5e8d21c4b7a3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('representatives', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('clusters', schema=None) as batch_op:
        batch_op.drop_column('representatives')
