"""staff's words are not grouped

What officials, moderators and admins write (an official's reply in a discussion) was grouped with the citizens'
submissions: counted among the people who wrote, a candidate for a group's title, and sent the group's answer.
It is now kept aside (processing 'aside', in no cluster). Their scopes are marked changed, so that the next
periodic refinement rewrites the groups' sizes, titles and firmness without them.

Revision ID: a3d8e1c5f217
Revises: c1f5a8e93d24
Create Date: 2026-12-07 04:40:00

"""
from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = 'a3d8e1c5f217'
down_revision = 'c1f5a8e93d24'
branch_labels = None
depends_on = None

users = sa.table('users', sa.column('id', sa.Integer), sa.column('role', sa.String))
submissions = sa.table(
    'submissions',
    sa.column('id', sa.Integer),
    sa.column('author_id', sa.Integer),
    sa.column('scope', sa.String),
    sa.column('processing', sa.String),
    sa.column('cluster_id', sa.Integer),
    sa.column('firmness', sa.Float),
    sa.column('pinned', sa.Boolean),
    sa.column('confirmed_at', app.core.db.UTCDateTime(timezone=True)),
)
scope_states = sa.table(
    'scope_states', sa.column('scope', sa.String), sa.column('changed_at', app.core.db.UTCDateTime(timezone=True))
)


def upgrade():
    bind = op.get_bind()
    staff = submissions.c.author_id.in_(sa.select(users.c.id).where(users.c.role != 'citizen'))
    grouped = sa.select(submissions.c.scope).where(staff, submissions.c.cluster_id.is_not(None)).distinct()
    scopes = list(bind.execute(grouped).scalars())
    bind.execute(
        submissions.update()
        .where(staff)
        .values(processing='aside', cluster_id=None, firmness=None, pinned=False, confirmed_at=None)
    )
    if scopes:
        changed = scope_states.update().where(scope_states.c.scope.in_(scopes))
        bind.execute(changed.values(changed_at=app.core.db.utcnow()))


def downgrade():
    # Back in the queue: the sweeper has them grouped again, as before.
    op.get_bind().execute(
        submissions.update().where(submissions.c.processing == 'aside').values(processing='pending')
    )
