"""the petition pool is grouped as separate asks: its scope is marked changed, so that the next periodic
refinement regroups it with the pool's margins (app/semantic/clustering.py: POOL)

Revision ID: c4e7a1f9b352
Revises: b9c4f2a6e813
Create Date: 2026-12-07 08:10:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = "c4e7a1f9b352"
down_revision = "b9c4f2a6e813"
branch_labels = None
depends_on = None

scope_states = sa.table(
    "scope_states", sa.column("scope", sa.String), sa.column("changed_at", app.core.db.UTCDateTime(timezone=True))
)


def upgrade():
    changed = scope_states.update().where(scope_states.c.scope == "petitions")
    op.get_bind().execute(changed.values(changed_at=app.core.db.utcnow()))


def downgrade():
    pass  # the groups stay as the last refinement left them; the next one regroups with the margins of the code
