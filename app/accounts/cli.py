"""`flask users ...`"""

import click
from flask.cli import with_appcontext

from app.accounts.models import Role, User
from app.accounts.passwords import hash_password
from app.accounts.services import find_by_email, normalize_email
from app.core.db import utcnow
from app.extensions import db


@click.group()
def users():
    """Manage accounts."""


@users.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt=True)
@click.password_option()
@with_appcontext
def create_admin(email, display_name, password):
    """Create a confirmed administrator (or make an existing account one)."""
    user = find_by_email(email)
    if user is None:
        user = User(email=normalize_email(email), display_name=display_name, locale="en")
        db.session.add(user)
    user.password_hash = hash_password(password)
    user.role = Role.ADMIN
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    click.echo(f"{user.email} is an administrator.")
