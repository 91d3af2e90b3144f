"""Petition jobs: telling signers about a response, closing petitions at their deadline."""

from app.petitions import notify, services
from workers.context import job


@job
def notify_response(petition_id: int) -> int:
    """Tell every signer and the author about a response (resumable; nobody is told twice)."""
    return notify.notify_response(petition_id)


@job
def close_expired_petitions() -> int:
    """Close open petitions past their deadline (periodic)."""
    return services.close_expired()
