"""`flask opendata write`: write the open data files now (the scheduler does it periodically)."""

import click
from flask.cli import with_appcontext

from app.opendata import files


@click.group()
def opendata():
    """Open data files."""


@opendata.command("write")
@with_appcontext
def write():
    """Write every dataset as CSV and JSON into OVOZ_OPEN_DATA."""
    manifest = files.regenerate()
    for name, facts in manifest["files"].items():
        click.echo(f"{name}: {facts['rows']} rows, {facts['bytes']} bytes")
