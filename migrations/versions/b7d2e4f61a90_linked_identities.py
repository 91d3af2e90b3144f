"""linked identities: a national e-ID linked to an account (a keyed hash of the personal number, never the number)

Revision ID: b7d2e4f61a90
Revises: c3f81d5a9e27
Create Date: 2026-12-06 19:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = 'b7d2e4f61a90'
down_revision = 'c3f81d5a9e27'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('linked_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('number_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', app.core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', app.core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_linked_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_linked_identities')),
    sa.UniqueConstraint('number_hash', name=op.f('uq_linked_identities_number_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_linked_identities_user_id'))
    )


def downgrade():
    op.drop_table('linked_identities')
