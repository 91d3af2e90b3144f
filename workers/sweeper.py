"""Finding work that the database says is still to do, and enqueueing it again."""

from app.core.queue import DEFAULT_QUEUE, HIGH_QUEUE, RETRY, get_queue
from app.feedback.answers import undelivered_ids as undelivered_answers
from app.following.news import untold_ids as untold_news
from app.mail.services import undelivered_ids
from app.submissions.services import unprocessed_ids
from workers.context import job
from workers.feedback import deliver_answer
from workers.following import tell_followers
from workers.mail import deliver_email
from workers.semantic import process_submission


@job
def sweep(older_than_seconds: int = 60) -> int:
    """Re-enqueue what is still to do: undelivered e-mail, unprocessed submissions, answers, news for followers."""
    emails, submissions = undelivered_ids(), unprocessed_ids(older_than_seconds)
    mail_queue, submission_queue = get_queue(HIGH_QUEUE), get_queue(DEFAULT_QUEUE)
    for email_id in emails:
        mail_queue.enqueue(deliver_email, email_id)
    for submission_id in submissions:
        submission_queue.enqueue(process_submission, submission_id, retry=RETRY)
    answers = undelivered_answers()
    for answer_id in answers:
        submission_queue.enqueue(deliver_answer, answer_id)
    news = untold_news()
    for news_id in news:
        submission_queue.enqueue(tell_followers, news_id)
    return len(emails) + len(submissions) + len(answers) + len(news)
