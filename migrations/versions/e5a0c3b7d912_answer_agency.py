"""the agency that gave each group answer

An answer to a group of petitions reaches, and shows under, only the petitions addressed to the agency that gave it,
so that a petition another agency's petition was grouped with (by the engine, later) never carries its answer.
Existing answers take the one agency their petitions are addressed to, else their author's agency.

Revision ID: e5a0c3b7d912
Revises: d2b6f81a4c93
Create Date: 2026-12-06 14:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a0c3b7d912'
down_revision = 'd2b6f81a4c93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cluster_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_cluster_answers_agency_id_agencies'), 'agencies', ['agency_id'], ['id'], ondelete='SET NULL'
        )
    op.execute(
        """
        UPDATE cluster_answers SET agency_id = (
            SELECT MIN(petitions.agency_id) FROM petitions JOIN submissions ON submissions.id = petitions.submission_id
            WHERE submissions.cluster_id = cluster_answers.cluster_id
            HAVING COUNT(DISTINCT petitions.agency_id) = 1
        )
        """
    )
    op.execute(
        """
        UPDATE cluster_answers SET agency_id = (SELECT users.agency_id FROM users WHERE users.id = cluster_answers.author_id)
        WHERE agency_id IS NULL
        """
    )


def downgrade():
    with op.batch_alter_table('cluster_answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cluster_answers_agency_id_agencies'), type_='foreignkey')
        batch_op.drop_column('agency_id')
