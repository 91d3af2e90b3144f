"""One way to tell many people once: a petition's response, an answer to a group, news for followers.

A broadcast works through its recipients in batches. Each batch is claimed before it is told: the
broadcast's row holds a mark, and the run moves it with `UPDATE ... WHERE mark = <what this run read>`.
If another run of the same job (the sweeper's, a retry) moved it first, no row changes; this run rolls
back and reads again after the other's mark, so two runs never tell the same batch. The batch is
committed with its mark, so a run that dies half-way is resumed by the next one where it stopped.

The e-mails a batch queues go out in one `deliver_emails` job on the default queue: a broadcast to
100,000 people is 200 jobs, and never stands ahead of the mails a person waits for (high queue).

"Past the mark" is the caller's to say. Usually the mark is the position of the last person told (a
signature id, a user id) and `recipients` reads the next ones above it. Where a person may become a
recipient after the broadcast has gone past them (answers: a comment joins an answered group later),
the caller keeps its own record of who was told and reads the people not in it; the mark then only
counts the batches claimed (`position=None`), which is enough to keep two runs from telling the same
people, since each reads the record only after reading the mark it will move.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute

from app.core.queue import DEFAULT_QUEUE, enqueue_after_commit
from app.extensions import db

BATCH = 500
Person = TypeVar("Person")


def broadcast(
    mark: InstrumentedAttribute,
    row_id: int,
    recipients: Callable[[int, int], Sequence[Person]],
    tell: Callable[[Person], Any],
    *,
    position: Callable[[Person], int] | None = None,
    batch: int = BATCH,
) -> int:
    """Tell everyone past the mark, a committed batch at a time; returns how many this run told.

    `mark` is an integer column of a model with an `id` (e.g. `News.told_up_to`), `row_id` the row.
    `recipients(mark, limit)` returns at most `limit` people not told yet, in the order of `position`
    (the mark a person leaves behind; without it the mark counts batches). `tell(person)` tells one
    and returns the OutgoingEmail it queued, or None. The session is committed and may be rolled back:
    call this with nothing pending.
    """
    told = 0
    while True:
        read = db.session.scalar(select(mark).where(mark.class_.id == row_id))
        people = recipients(read, batch)
        if not people:
            return told
        moved = position(people[-1]) if position else read + 1
        if not _claim(mark, row_id, read, moved):
            db.session.rollback()  # another run claimed these people first: carry on after its mark
            continue
        emails = [email.id for person in people if (email := tell(person)) is not None]
        if emails:
            enqueue_after_commit(db.session, "workers.mail.deliver_emails", emails, queue=DEFAULT_QUEUE)
        db.session.commit()
        told += len(people)


def _claim(mark: InstrumentedAttribute, row_id: int, read: int, moved: int) -> bool:
    """Move the mark from what this run read, unless another run has moved it since."""
    statement = (
        update(mark.class_)
        .where(mark.class_.id == row_id, mark == read)
        .values({mark: moved})
        .execution_options(synchronize_session=False)
    )
    return db.session.execute(statement).rowcount == 1
