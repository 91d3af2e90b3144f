"""The catalogs are complete, real and in step with the code; templates mark every string."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.core.translate import extract
from config import LOCALES

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
#: What Python's % operator reads in a string: `%(name)s`, `%(num)d`, `%s`, `%%`, and a bare `%` (which raises).
PERCENT = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]?")
#: Words that are the same in English and the locale (the product name, loanwords).
SAME_AS_ENGLISH = {"*": {"Ovoz"}, "az": {"Administrator", "Moderator"}}


def catalog(locale: str):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def extracted_ids(app, tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    with app.app_context():
        extract(pot)
    with pot.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete_and_not_fuzzy(locale):
    problems = []
    for message in catalog(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(("empty or fuzzy", ids[0]))
        elif any(sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(ids[-1])) for s in strings):
            problems.append(("placeholders differ", ids[0]))
    assert problems == []


def percent_mismatches(message) -> list[str]:
    """The forms of a message whose %-sequences differ from its msgid's (or, for a plural form, its plural's).

    Jinja's gettext formats every translated string, with or without arguments: a `%` the msgid lacks makes the
    page answer 500, and a placeholder the msgid lacks raises KeyError."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    allowed = [sorted(PERCENT.findall(msgid)) for msgid in ids]
    return [string for string in strings if string and sorted(PERCENT.findall(string)) not in allowed]


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_their_placeholders_and_percent_signs(locale):
    problems = [(m.id, found) for m in catalog(locale) if m.id for found in percent_mismatches(m)]
    assert problems == []


def test_a_bare_percent_sign_or_a_lost_placeholder_is_caught():
    from babel.messages.catalog import Message

    assert percent_mismatches(Message("Per cent answered", "Javob berilganlar ulushi (%)")) == [
        "Javob berilganlar ulushi (%)"
    ]
    assert percent_mismatches(Message("%(num)s%% answered", "%(num)s % javob")) == ["%(num)s % javob"]
    plural = Message(("%(num)s comment", "%(num)s comments"), ("%(num)s комментарий", "комментария", "%(num)d"))
    assert percent_mismatches(plural) == ["комментария", "%(num)d"]
    assert percent_mismatches(Message("Sorted by: %(order)s.", "Saralash: %(order)s.")) == []


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != "en"])
def test_translations_are_not_copies_of_english(locale):
    allowed = SAME_AS_ENGLISH["*"] | SAME_AS_ENGLISH.get(locale, set())
    copies = [m.id for m in catalog(locale) if m.id and m.string == m.id and m.id not in allowed]
    assert copies == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_in_step_with_the_code(locale, extracted_ids):
    """Run `flask translate update` (and translate) after adding or changing a string."""
    in_catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(locale) if m.id}
    assert sorted(extracted_ids - in_catalog) == [], "strings missing from the catalog"
    assert sorted(in_catalog - extracted_ids) == [], "obsolete strings left in the catalog"


class _UnmarkedText(HTMLParser):
    """Finds literal words in a template once the Jinja parts have been cut out."""

    ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "value", "label"}

    def __init__(self):
        super().__init__()
        self.found, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style", "code"}
        for name, value in attrs:
            if tag == "button" and name == "value":
                continue  # what a button sends, never shown (its label is its content)
            if name in self.ATTRIBUTES and value and re.search(r"[^\W\d_]{2,}", value):
                self.found.append(f"{tag}[{name}]={value!r}")

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style", "code"}

    def handle_data(self, data):
        if not self._skip and re.search(r"[^\W\d_]{2,}", data):
            self.found.append(data.strip())


def _without_jinja(source: str) -> str:
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", " ", source, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", "X", source, flags=re.S)


TEMPLATES = sorted(p for p in (ROOT / "app").rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "app")))
def test_template_strings_are_marked_for_translation(template):
    parser = _UnmarkedText()
    parser.feed(_without_jinja(template.read_text(encoding="utf-8")))
    assert parser.found == []


def test_unmarked_text_is_caught():
    parser = _UnmarkedText()
    parser.feed(_without_jinja('<p>{{ _("Fine") }}</p><p>Not marked</p><img alt="Logo">{% if x %}{% endif %}'))
    assert parser.found == ["Not marked", "img[alt]='Logo'"]


def test_no_formatted_strings_inside_gettext():
    offenders = []
    for path in list((ROOT / "app").rglob("*.py")) + list((ROOT / "workers").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b_l?\(\s*f[\"']", line) or re.search(r"\b_l?\([^)]*\)\s*\.format\(", line):
                offenders.append(f"{path.name}:{number}")
    assert offenders == [], "use named placeholders: _('... %(name)s', name=...)"
