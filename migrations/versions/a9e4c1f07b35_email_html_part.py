"""an HTML part for e-mails

Answers and responses are written in Markdown: their e-mails carry it as plain text and, beside it, as HTML.

Revision ID: a9e4c1f07b35
Revises: c4e8a2d6f1b0
Create Date: 2026-12-06 17:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9e4c1f07b35'
down_revision = 'c4e8a2d6f1b0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html_body', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outgoing_emails', schema=None) as batch_op:
        batch_op.drop_column('html_body')
