"""cluster redirects

A cluster merged away by refinement or by an official leaves its id pointing at the cluster that took
in its members, so that a public link to it keeps working.

Revision ID: c7a19e3d5b20
Revises: 9b4f0d7c2e61
Create Date: 2026-12-06 12:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = 'c7a19e3d5b20'
down_revision = '9b4f0d7c2e61'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cluster_redirects',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('to_id', sa.Integer(), nullable=False),
        sa.Column('created_at', app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )


def downgrade():
    op.drop_table('cluster_redirects')
