"""What the hostile-input tests look for after sending the corpus: markup that would run, characters that must not be
stored, feeds that no longer parse, spreadsheet formulas in the open data.

The app keeps what people type as plain text (markup included, as typed) and makes it safe where it is shown: Jinja
escapes it, and Markdown goes through app.core.sanitize. So a stored value is checked the way the app shows it, and
the pages themselves are checked as a browser would read them.
"""

import csv
import io
import json
import re
import unicodedata
from html.parser import HTMLParser
from xml.etree import ElementTree

from sqlalchemy import JSON, String, Text, select

from app.core.sanitize import render_markdown
from app.core.text import ALWAYS_DROP, REPLACEMENT_CHARACTER
from app.extensions import db
from app.opendata.files import FORMULA_STARTS

#: Elements that load or run something, never written by our templates.
_FORBIDDEN = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "meta", "link", "style"}
_ALLOWED_IN_PAGES = {"meta", "link", "style"}  # our layout's own head; checked by attribute below
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "srcdoc"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


class _Inspector(HTMLParser):
    """Every element of a page or fragment that would run script or load something off-site."""

    def __init__(self, fragment: bool):
        super().__init__(convert_charrefs=True)
        self.fragment, self.findings, self._in = fragment, [], None

    def handle_starttag(self, tag, attrs):
        forbidden = _FORBIDDEN if self.fragment else _FORBIDDEN - _ALLOWED_IN_PAGES
        if tag in forbidden:
            self.findings.append(f"<{tag}>")
        if tag == "meta" and any(name == "http-equiv" and (value or "").lower() == "refresh" for name, value in attrs):
            self.findings.append("<meta http-equiv=refresh>")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if self.fragment or not source.startswith("/static/"):
                self.findings.append(f"<script src={source!r}>")
        self._in = tag if tag in ("script", "style") else None
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    handle_startendtag = handle_starttag

    def _attribute(self, tag: str, name: str, value: str):
        if name.startswith("on"):
            self.findings.append(f"<{tag} {name}=...>")
        if name in _URL_ATTRIBUTES and _IGNORED_IN_URLS.sub("", value).lower().startswith(_BAD_SCHEMES):
            self.findings.append(f"<{tag} {name}={value[:40]!r}>")
        if name == "style" and re.search(r"expression\(|url\(|javascript:|@import", value, re.I):
            self.findings.append(f"<{tag} style={value[:40]!r}>")

    def handle_data(self, data):
        if self._in and re.search(r"alert|ovozxss|@import", data):
            self.findings.append(f"<{self._in}>{data[:40]!r}")

    def handle_endtag(self, tag):
        self._in = None


def active_markup(html: str, fragment: bool = False) -> list[str]:
    """What in `html` would run script or load from elsewhere ([] when nothing); `fragment` for HTML made from one
    text (rendered Markdown, a feed entry), where even our layout's <style> or <script src> has no place."""
    inspector = _Inspector(fragment)
    inspector.feed(html)
    inspector.close()
    return inspector.findings


def _noncharacter(ch: str) -> bool:
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def unclean_characters(text: str) -> set[str]:
    """The characters of `text` that input must have dropped: NUL and other controls (but line breaks),
    noncharacters, bidi overrides and other spoofing characters, and U+FFFD (bytes that were not UTF-8)."""
    return {
        ch
        for ch in set(text)
        if ch in ALWAYS_DROP
        or ch == REPLACEMENT_CHARACTER
        or _noncharacter(ch)
        or (unicodedata.category(ch) in ("Cc", "Cs") and ch != "\n")
    }


def _strings(value):
    """Every string inside a stored value (JSON columns hold dicts and lists of them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def stored_problems() -> list[tuple]:
    """Every stored text, in every table, that holds a character input must drop, or that would run script when
    shown as Markdown: [(table.column, problem, the start of the text)]."""
    db.session.expire_all()
    problems = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, String | Text | JSON)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for column, value in zip(columns, row, strict=True):
                for text in _strings(value):
                    problems += [
                        (f"{table.name}.{column.name}", repr(ch), text[:60]) for ch in unclean_characters(text)
                    ]
                    if "<" in text or ":" in text:
                        shown = active_markup(str(render_markdown(text)), fragment=True)
                        problems += [(f"{table.name}.{column.name}", finding, text[:60]) for finding in shown]
    return problems


def feed_problems(body: str) -> list[str]:
    """What is wrong with an Atom feed: not XML, or an entry whose HTML would run script."""
    try:
        root = ElementTree.fromstring(body.encode())  # noqa: S314 - our own feed, and the test is that it parses
    except ElementTree.ParseError as error:
        return [f"not XML: {error}"]
    html = [element.text or "" for element in root.iter() if element.get("type") == "html"]
    return [finding for text in html for finding in active_markup(text, fragment=True)]


def csv_problems(body: str) -> list[str]:
    """The cells of a CSV file that a spreadsheet would run as a formula."""
    return [cell[:40] for row in csv.reader(io.StringIO(body)) for cell in row if cell.startswith(FORMULA_STARTS)]


def response_problems(response) -> list[str]:
    """What is wrong with a page, feed, JSON document or CSV file the app answered with."""
    kind, body = response.mimetype, response.get_data(as_text=True)
    if kind == "text/html":
        return active_markup(body)
    if kind.endswith("xml"):
        return feed_problems(body)
    if kind == "text/csv":
        return csv_problems(body)
    if kind == "application/json":
        try:
            json.loads(body)
        except ValueError as error:
            return [f"not JSON: {error}"]
    return []
