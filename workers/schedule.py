"""Periodic jobs, declared in one place and run by `flask cron`."""

from flask import current_app
from rq.cron import CronScheduler

from app.core.queue import LOW_QUEUE
from workers.consultations import advance_consultations, release_overdue_reports
from workers.following import send_digests
from workers.opendata import regenerate_open_data
from workers.petitions import close_expired_petitions
from workers.semantic import refine_due_scopes
from workers.sweeper import sweep


def register_periodic_jobs(scheduler: CronScheduler) -> None:
    """Every job that runs on a timer."""
    config = current_app.config
    scheduler.register(sweep, queue_name=LOW_QUEUE, interval=config["OVOZ_SWEEP_INTERVAL"])
    scheduler.register(refine_due_scopes, queue_name=LOW_QUEUE, interval=config["OVOZ_REFINE_INTERVAL"])
    scheduler.register(close_expired_petitions, queue_name=LOW_QUEUE, interval=config["OVOZ_CLOSE_INTERVAL"])
    scheduler.register(advance_consultations, queue_name=LOW_QUEUE, interval=config["OVOZ_CLOSE_INTERVAL"])
    scheduler.register(release_overdue_reports, queue_name=LOW_QUEUE, interval=config["OVOZ_CLOSE_INTERVAL"])
    scheduler.register(regenerate_open_data, queue_name=LOW_QUEUE, interval=config["OVOZ_OPEN_DATA_INTERVAL"])
    # At fixed times, not intervals: an interval job also runs whenever the scheduler starts (each deploy).
    for period in ("daily", "weekly"):
        cron = config[f"OVOZ_DIGEST_{period.upper()}_CRON"]
        scheduler.register(send_digests, queue_name=LOW_QUEUE, args=(period,), cron=cron, name=f"{period}_digests")
