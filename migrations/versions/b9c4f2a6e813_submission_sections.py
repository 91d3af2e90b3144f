"""submission sections: comments on two articles are not grouped together

A comment's section is the article it is on (or on a part of; in a regulation without articles, its numbered
point), "provision:<lineage id>"; the engine never puts comments of two sections in one group. Existing comments get theirs, and the scopes that hold them are marked
changed, so that the next periodic refinement regroups them.

Revision ID: b9c4f2a6e813
Revises: a3d8e1c5f217
Create Date: 2026-12-07 05:10:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = "b9c4f2a6e813"
down_revision = "a3d8e1c5f217"
branch_labels = None
depends_on = None

provisions = sa.table(
    "provisions",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("parent_id", sa.Integer),
    sa.column("lineage_id", sa.Integer),
)
comments = sa.table("comments", sa.column("submission_id", sa.Integer), sa.column("provision_id", sa.Integer))
submissions = sa.table(
    "submissions",
    sa.column("id", sa.Integer),
    sa.column("scope", sa.String),
    sa.column("cluster_id", sa.Integer),
    sa.column("section", sa.String),
)
scope_states = sa.table(
    "scope_states", sa.column("scope", sa.String), sa.column("changed_at", app.core.db.UTCDateTime(timezone=True))
)


def upgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("section", sa.String(length=40), nullable=True))
    bind = op.get_bind()
    tree = {row.id: row for row in bind.execute(sa.select(provisions))}
    sections = []
    for submission_id, provision_id in bind.execute(
        sa.select(comments.c.submission_id, comments.c.provision_id).where(comments.c.provision_id.is_not(None))
    ):
        provision, unit = tree.get(provision_id), None
        while provision is not None and provision.kind not in ("preamble", "section", "chapter"):
            provision, unit = tree.get(provision.parent_id), provision  # up to the article of a part or an item
        if unit is not None:
            sections.append({"sid": submission_id, "section": f"provision:{unit.lineage_id}"})
    if not sections:
        return
    bind.execute(
        submissions.update().where(submissions.c.id == sa.bindparam("sid")).values(section=sa.bindparam("section")),
        sections,
    )
    grouped = sa.select(submissions.c.scope).where(
        submissions.c.section.is_not(None), submissions.c.cluster_id.is_not(None)
    )
    scopes = list(bind.execute(grouped.distinct()).scalars())
    if scopes:
        changed = scope_states.update().where(scope_states.c.scope.in_(scopes))
        bind.execute(changed.values(changed_at=app.core.db.utcnow()))


def downgrade():
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_column("section")
