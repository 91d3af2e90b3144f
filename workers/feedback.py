"""Telling people about answers to their group. Idempotent: nobody is told twice."""

from app.feedback import answers
from workers.context import job


@job
def deliver_answer(answer_id: int) -> int:
    """Tell every author (and signer) in an answered cluster who was not told yet."""
    return answers.deliver(answer_id)
