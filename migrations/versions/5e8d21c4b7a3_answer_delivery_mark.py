"""answer delivery mark

The delivery of an answer claims each batch by moving a mark with a conditional update, as the
other broadcasts do (app/core/broadcast.py); for answers the mark counts the batches told.

Revision ID: 5e8d21c4b7a3
Revises: c81d2e5f7a90
Create Date: 2026-11-23 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e8d21c4b7a3'
down_revision = 'c81d2e5f7a90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cluster_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('batches_told', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('cluster_answers', schema=None) as batch_op:
        batch_op.drop_column('batches_told')
