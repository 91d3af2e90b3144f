"""Finding work that the database says is still to do, and enqueueing it again."""

from app.core.queue import get_queue
from app.mail.services import undelivered_ids
from workers.context import job
from workers.mail import deliver_email
from workers.queues import HIGH_QUEUE


@job
def sweep() -> int:
    """Re-enqueue undelivered e-mail (and, as features grow, every other unprocessed item)."""
    ids = undelivered_ids()
    queue = get_queue(HIGH_QUEUE)
    for email_id in ids:
        queue.enqueue(deliver_email, email_id)
    return len(ids)
