"""titles, summaries and group answers in another language

An official may give a consultation's title and summary, and a group's answer, in other languages; pages show the
reader's language when there is one.

Revision ID: c3f81d5a9e27
Revises: b7d2e94c1a36
Create Date: 2026-12-06 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f81d5a9e27'
down_revision = 'b7d2e94c1a36'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'consultation_texts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('consultation_id', 'language'),
    )
    op.create_table(
        'answer_translations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('answer_id', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['answer_id'], ['cluster_answers.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('answer_id', 'language'),
    )


def downgrade():
    op.drop_table('answer_translations')
    op.drop_table('consultation_texts')
