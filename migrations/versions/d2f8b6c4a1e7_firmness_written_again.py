"""firmness is read anew: a comment on the whole draft in a group mostly on one article is to confirm, and a member
needs a lead of 0.03 (was 0.04) over its next-best group. Every scope is marked changed, so that the next periodic
refinement writes its members' firmness again (app/semantic/clustering.py)

Revision ID: d2f8b6c4a1e7
Revises: c4e7a1f9b352
Create Date: 2026-12-07 10:30:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = "d2f8b6c4a1e7"
down_revision = "c4e7a1f9b352"
branch_labels = None
depends_on = None

scope_states = sa.table(
    "scope_states", sa.column("scope", sa.String), sa.column("changed_at", app.core.db.UTCDateTime(timezone=True))
)


def upgrade():
    op.get_bind().execute(scope_states.update().values(changed_at=app.core.db.utcnow()))


def downgrade():
    pass  # firmness stays as the last refinement wrote it; the next one writes it with the rule of the code
