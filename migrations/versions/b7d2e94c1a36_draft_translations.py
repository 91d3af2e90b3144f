"""draft versions in a second language

A version records the language of its original text; an official imports its text in another language, matched
provision by provision (one row of provision_texts per provision).

Revision ID: b7d2e94c1a36
Revises: a9e4c1f07b35
Create Date: 2026-12-06 19:30:00

"""
from alembic import op
import sqlalchemy as sa

import app.core.db  # custom column types (UTCDateTime)


# revision identifiers, used by Alembic.
revision = 'b7d2e94c1a36'
down_revision = 'a9e4c1f07b35'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draft_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='', nullable=False))
    op.create_table(
        'draft_translations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('source_name', sa.String(length=200), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('created_at', app.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['version_id'], ['draft_versions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('version_id', 'language'),
    )
    op.create_table(
        'provision_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('translation_id', sa.Integer(), nullable=False),
        sa.Column('provision_id', sa.Integer(), nullable=False),
        sa.Column('heading', sa.String(length=500), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['provision_id'], ['provisions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['translation_id'], ['draft_translations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('translation_id', 'provision_id'),
    )
    with op.batch_alter_table('provision_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provision_texts_provision_id'), ['provision_id'], unique=False)


def downgrade():
    with op.batch_alter_table('provision_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provision_texts_provision_id'))
    op.drop_table('provision_texts')
    op.drop_table('draft_translations')
    with op.batch_alter_table('draft_versions', schema=None) as batch_op:
        batch_op.drop_column('language')
