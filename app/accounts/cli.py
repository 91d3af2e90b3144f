"""`flask users ...`"""

import click
from flask.cli import with_appcontext

from app.accounts import two_factor
from app.accounts.models import Role, User
from app.accounts.password_rules import password_problem
from app.accounts.passwords import MAX_LENGTH, MIN_LENGTH, hash_password
from app.accounts.services import find_by_email, normalize_email
from app.audit import services as audit
from app.core.db import utcnow
from app.extensions import db


@click.group()
def users():
    """Manage accounts."""


def _refusal(email: str, display_name: str, password: str) -> str | None:
    """Why the command refuses this password: the same rules as the pages."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"The password must have between {MIN_LENGTH} and {MAX_LENGTH} characters."
    return password_problem(password, email, display_name)


@users.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt=True)
@click.password_option()
@with_appcontext
def create_admin(email, display_name, password):
    """Create a confirmed administrator (or make an existing account one)."""
    email = normalize_email(email)
    user = find_by_email(email)
    problem = _refusal(email, user.display_name if user else display_name, password)
    if problem:
        audit.record("account.admin_refused", user, via="cli", reason="weak password")
        db.session.commit()
        raise click.ClickException(f"Password refused: {problem}")
    if user is None:
        user = User(email=email, display_name=display_name, locale="en")
        db.session.add(user)
    user.password_hash = hash_password(password)
    user.role = Role.ADMIN
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.flush()
    audit.record("account.admin_created", user, via="cli")
    db.session.commit()
    click.echo(f"{user.email} is an administrator.")


@users.command("reset-two-step")
@click.argument("email")
@with_appcontext
def reset_two_step(email):
    """Turn off two-step sign-in of an account whose phone and recovery codes are lost."""
    user = find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the address {email}.")
    two_factor.reset(user)
    audit.record("account.two_factor_reset", user, via="cli")
    db.session.commit()
    click.echo(f"Two-step sign-in of {user.email} is off; it must be set up again at the next sign-in.")
