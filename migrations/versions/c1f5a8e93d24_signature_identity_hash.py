"""signatures: the keyed hash of a verified signer's personal number, one signature per person per petition

Revision ID: c1f5a8e93d24
Revises: b7d2e4f61a90
Create Date: 2026-12-06 19:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1f5a8e93d24'
down_revision = 'b7d2e4f61a90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('identity_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_signatures_petition_identity_hash', ['petition_id', 'identity_hash'])


def downgrade():
    with op.batch_alter_table('signatures', schema=None) as batch_op:
        batch_op.drop_constraint('uq_signatures_petition_identity_hash', type_='unique')
        batch_op.drop_column('identity_hash')
