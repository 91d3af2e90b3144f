"""`flask translate`: keep babel.cfg, the catalogs in translations/ and the code in step."""

import tempfile
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from flask import current_app

SOURCE_LOCALE = "en"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def _paths():
    root = current_app.config["OVOZ_ROOT"]
    return root, root / "translations"


def extract(pot: Path) -> None:
    """Collect every marked string of the code and templates into a .pot file."""
    root, _ = _paths()
    _pybabel(
        "extract",
        "-F",
        str(root / "babel.cfg"),
        "-k",
        "_l",
        "-k",
        "_n:1,2",
        "--no-location",
        "--sort-output",
        "-o",
        str(pot),
        str(root),
    )


def fill_source_locale(translations: Path) -> None:
    """English is the source language: its catalog repeats each message, so none is empty."""
    po_path = translations / SOURCE_LOCALE / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=SOURCE_LOCALE)
    for message in catalog:
        if message.id and not any(message.string if message.pluralizable else [message.string]):
            message.string = message.id  # a plural message gets its singular and plural forms
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)


@click.group()
def translate():
    """Extract, update and compile the translation catalogs."""


@translate.command()
def update():
    """Extract the strings and merge them into every catalog."""
    _, translations = _paths()
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract(pot)
        _pybabel(
            "update", "-i", str(pot), "-d", str(translations), "--no-fuzzy-matching", "--ignore-obsolete", "-w", "100"
        )
    fill_source_locale(translations)


@translate.command()
@click.argument("lang")
def init(lang):
    """Start a catalog for a new locale."""
    _, translations = _paths()
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract(pot)
        _pybabel("init", "-i", str(pot), "-d", str(translations), "-l", lang, "-w", "100")


@translate.command()
def compile():  # noqa: A001 - the command is called "compile"
    """Compile the catalogs into .mo files."""
    _, translations = _paths()
    _pybabel("compile", "-d", str(translations), "--statistics")
