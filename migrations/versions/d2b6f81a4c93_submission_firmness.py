"""submission firmness and confirmation

How firmly each submission belongs to its cluster: a weakly attached one is told the cluster's answer
only once an official confirms it (confirmed_at). Existing rows have none, which counts as firm until a refinement
computes it.

Revision ID: d2b6f81a4c93
Revises: c7a19e3d5b20
Create Date: 2026-12-06 12:45:00

"""
from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = 'd2b6f81a4c93'
down_revision = 'c7a19e3d5b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('firmness', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', app.core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('firmness')
