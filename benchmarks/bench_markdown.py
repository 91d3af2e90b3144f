"""Markdown rendering of crafted input: worst cases at the longest Markdown a field takes, against plain text

Each crafted text is MARKDOWN_MAX characters (20,000: an official's answer or response at its limit; citizens'
fields take at most 5,000) of one pattern that makes a parser or a sanitizer backtrack: a run of "(" (bleach's
linkify, which Ovoz used before, took 9 s on 20,000 of them), emphasis markers, "<", mixed markup. The baseline is
the same length of ordinary prose through the same renderer, in the same run.
"""

from app.core.sanitize import MARKDOWN_MAX, render_markdown
from benchmarks.common import Figure, median_seconds

CRAFTED = {"a run of (": "(", "emphasis *a": "*a", "a run of <": "<", "mixed *_[`<": "*_[`<", "brackets [": "["}
PROSE = "The fee for a place at the market rose twice this year, see https://example.org/fees for the table. "


def _at_limit(pattern: str) -> str:
    return (pattern * (MARKDOWN_MAX // len(pattern) + 1))[:MARKDOWN_MAX]


def run():
    prose = _at_limit(PROSE)
    baseline = median_seconds(lambda: render_markdown(prose), repeat=5, warmup=1)
    for name, pattern in CRAFTED.items():
        text = _at_limit(pattern)
        seconds = median_seconds(lambda text=text: render_markdown(text), repeat=5, warmup=1)
        yield Figure(f"render {MARKDOWN_MAX:,} chars: {name}", seconds, "ordinary prose", baseline)
