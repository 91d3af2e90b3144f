"""comment reports with a reason and a weight; hiding by reports waits for a moderator until a deadline

Each report records its reason and its weight (light from new or busy accounts) and when a moderator resolved it;
a comment keeps the weight of its open reports, the end of its hiding by reports, and when a moderator kept it.
Comments that three reports hid before stay hidden, with a deadline from now; those a moderator published since
count as kept; other reports stay open, at full weight.

Revision ID: c4e8a2d6f1b0
Revises: b7d41e9a2c53
Create Date: 2026-12-07 10:00:00

"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa

import app.core.db


# revision identifiers, used by Alembic.
revision = 'c4e8a2d6f1b0'
down_revision = 'b7d41e9a2c53'
branch_labels = None
depends_on = None

HIDDEN_BEFORE = 3  # the number of reports that hid a comment before this revision
DEADLINE_DAYS = 3  # OVOZ_REPORT_REVIEW_DAYS by default


def upgrade():
    with op.batch_alter_table('comment_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason', sa.Enum('insult', 'spam', 'personal-data', 'off-topic', 'other',
                                                        name='reportreason', native_enum=False, length=16),
                                      server_default='other', nullable=False))
        batch_op.add_column(sa.Column('weight', sa.Float(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('resolved_at', app.core.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_weight', sa.Float(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('held_until', app.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('kept_at', app.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_comments_held_until'), ['held_until'], unique=False)
    now = datetime.now(UTC)
    comments = sa.table(
        'comments', sa.column('id'), sa.column('submission_id'), sa.column('reports'), sa.column('report_weight'),
        sa.column('held_until', app.core.db.UTCDateTime()), sa.column('kept_at', app.core.db.UTCDateTime()),
    )
    reports = sa.table('comment_reports', sa.column('comment_id'), sa.column('resolved_at', app.core.db.UTCDateTime()))
    submissions = sa.table('submissions', sa.column('id'), sa.column('moderation'))
    state = (
        sa.select(submissions.c.moderation).where(submissions.c.id == comments.c.submission_id).scalar_subquery()
    )
    reported = comments.c.reports > 0
    op.execute(
        comments.update()
        .where(reported, comments.c.reports >= HIDDEN_BEFORE, state == 'pending')
        .values(report_weight=comments.c.reports, held_until=now + timedelta(days=DEADLINE_DAYS))
    )
    op.execute(comments.update().where(reported, comments.c.reports >= HIDDEN_BEFORE, state == 'published')
               .values(kept_at=now))
    op.execute(comments.update().where(reported, comments.c.reports < HIDDEN_BEFORE, state == 'published')
               .values(report_weight=comments.c.reports))
    decided = sa.select(comments.c.id).where(reported, comments.c.report_weight == 0)
    op.execute(reports.update().where(reports.c.comment_id.in_(decided)).values(resolved_at=now))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_held_until'))
        batch_op.drop_column('kept_at')
        batch_op.drop_column('held_until')
        batch_op.drop_column('report_weight')
    with op.batch_alter_table('comment_reports', schema=None) as batch_op:
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('weight')
        batch_op.drop_column('reason')
