"""Telling followers about news, and the daily and weekly e-mail digests. Idempotent: nobody is told twice."""

from app.following import digests, news
from app.following.models import Delivery
from workers.context import job


@job
def tell_followers(news_id: int) -> int:
    """Put the news in every follower's inbox and set it aside for their digest (resumable)."""
    return news.tell_followers(news_id)


@job
def send_digests(period: str) -> int:
    """One e-mail to each person who chose this period ("daily" or "weekly") and has news waiting (periodic)."""
    return digests.send_digests(Delivery(period))
