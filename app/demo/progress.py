"""How the demo loader says what it is doing: silently when called from code, on the console from `flask demo load`."""

from contextlib import contextmanager

import click


class _Uncounted:
    def update(self, steps: int) -> None:
        """Nobody is watching."""


class Silent:
    """Progress nobody watches: load_demo() called from code or tests."""

    def stage(self, message: str) -> None:
        """A line saying what comes next."""

    @contextmanager
    def bar(self, length: int, label: str):
        """A bar over `length` steps; what it gives takes `update(steps)`."""
        yield _Uncounted()


class Console(Silent):
    """Progress for a person at a terminal: a line per stage, a bar for the long parts."""

    def stage(self, message: str) -> None:
        click.echo(message)

    def bar(self, length: int, label: str):
        # no time left shown: the first text of each scope costs far more than the rest, so the estimate jumps
        return click.progressbar(length=length, label=label, show_pos=True, show_eta=False)
