"""A consultation in more than one language: its draft versions, its title and summary.

Laws here are published in the state language and in Russian. A version's own text is the original (its
`language`); an official imports the other text with the same parser, and it must have the same provisions in the
same order (same kind, level and number). There is still one Provision: comments, votes and answers stay on it
whichever language a reader read. The title and summary may be given in other languages too; pages show the
reader's. The caller commits.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select

from app.audit import services as audit
from app.consultations import parsing
from app.consultations.models import (
    Consultation,
    ConsultationText,
    DraftTranslation,
    DraftVersion,
    Provision,
    ProvisionText,
)
from app.core.translated import in_language as written_in
from app.core.translated import put_in_language
from app.extensions import db

BOTH = "both"  # the reading choice that shows every language of the version side by side


class TranslationError(ValueError):
    """A translation that does not match its version; says where (a position from 1, or None for the language).

    Codes: "language" (not offered, or the original's), "count" (another number of provisions), "structure"
    (the provision at `position` differs: another kind, level or number).
    """

    def __init__(self, code: str, position: int | None = None, expected=None, found=None, counts=(0, 0)):
        super().__init__(code)
        self.code, self.position = code, position
        self.expected: tuple[str, str] | None = expected  # (kind, number) of the version's provision there
        self.found: tuple[str, str] | None = found  # and of the translation's
        self.counts = counts  # (the version's provisions, the translation's)


def languages(version: DraftVersion) -> list[str]:
    """The languages a reader may read the version in: the original first, then its translations."""
    return [version.language, *(t.language for t in version.translations)]


def import_translation(
    version: DraftVersion, official, language: str, text: str, source_name: str = ""
) -> DraftTranslation:
    """Read `text` with the draft parser and store it as the version's `language` text, provision by provision.

    Raises parsing.DraftError when the text cannot be read and TranslationError when it does not match the
    version. A translation already in that language is replaced.
    """
    if language not in current_app.config["LOCALES"] or language == version.language:
        raise TranslationError("language")
    parsed = parsing.flatten(parsing.parse_draft(text))
    _check_matches(version.provisions, parsed)
    for earlier in [t for t in version.translations if t.language == language]:
        version.translations.remove(earlier)
    db.session.flush()  # the replaced one goes first: (version, language) is unique
    translation = DraftTranslation(language=language, source_name=source_name[:200], author_id=official.id)
    translation.texts = [
        ProvisionText(provision_id=provision.id, heading=item.heading[:500], text=item.text)
        for provision, (_key, _depth, item) in zip(version.provisions, parsed, strict=True)
    ]
    version.translations.append(translation)
    db.session.flush()
    audit.record(
        "consultation.translation_imported",
        version.consultation,
        official,
        version=version.number,
        language=language,
        source=source_name,
    )
    return translation


def _check_matches(provisions: list[Provision], parsed: list) -> None:
    """Refuse a translation whose provisions do not pair one to one with the version's; name the first that differs."""
    counts = (len(provisions), len(parsed))
    for position, (provision, (_key, depth, item)) in enumerate(zip(provisions, parsed, strict=False), start=1):
        if (provision.kind, provision.depth) != (item.kind, depth) or not _same_number(provision, item):
            code = "structure" if counts[0] == counts[1] else "count"
            raise TranslationError(code, position, _named(provision), _named(item), counts)
    if counts[0] != counts[1]:
        position = min(counts) + 1
        extra_expected = _named(provisions[position - 1]) if counts[0] > counts[1] else None
        extra_found = _named(parsed[position - 1][2]) if counts[1] > counts[0] else None
        raise TranslationError("count", position, extra_expected, extra_found, counts)


def _named(provision) -> tuple[str, str]:
    return provision.kind, provision.number


def _same_number(provision: Provision, item: parsing.ParsedProvision) -> bool:
    """Numbers must agree, except lettered items: "а)" in Cyrillic is "a)" in Latin."""
    return provision.kind == "item" or provision.number == item.number[:32]


@dataclass(frozen=True)
class Worded:
    """A provision with its heading and text in one language; every other attribute is the provision's."""

    provision: Provision
    heading: str
    text: str
    language: str

    def __getattr__(self, name):
        return getattr(self.provision, name)


def in_language(version: DraftVersion, language: str, provisions: list[Provision] | None = None) -> list[Worded]:
    """The version's provisions (or some of them) in one of its languages; the original for any other."""
    query = select(ProvisionText)
    if provisions is None:
        provisions = version.provisions
    else:  # a provision and its parts: only their texts
        query = query.where(ProvisionText.provision_id.in_([p.id for p in provisions]))
    translation = written_in(version.translations, language)
    if translation is None:
        return [Worded(p, p.heading, p.text, version.language) for p in provisions]
    query = query.where(ProvisionText.translation_id == translation.id)
    rows = db.session.scalars(query)
    texts = {row.provision_id: row for row in rows}
    return [
        Worded(p, texts[p.id].heading, texts[p.id].text, language)
        if p.id in texts
        else Worded(p, p.heading, p.text, version.language)
        for p in provisions
    ]


def reading(version: DraftVersion, asked: str | None, locale: str, both: bool = False) -> str:
    """The language to show the version in: the one asked for if the version has it (or BOTH, where offered, when it
    has more than one), else the page's locale if it has it, else the original."""
    offered = languages(version)
    if asked in offered or (both and asked == BOTH and len(offered) > 1):
        return asked
    return locale if locale in offered else version.language


# -- the title and summary ----------------------------------------------------------------------------------------


def set_details(consultation: Consultation, official, language: str, title: str, summary: str) -> None:
    """Give the title and summary in another language (either may be empty: the original's shows); both empty
    removes that language. Audited."""
    if language not in current_app.config["LOCALES"]:
        raise TranslationError("language")
    put_in_language(consultation.texts, language, ConsultationText, title=title, summary=summary)
    audit.record("consultation.details_translated", consultation, official, language=language)


def _in_locale(consultation: Consultation, name: str) -> str:
    found = written_in(consultation.texts, str(get_locale()))
    return getattr(found, name, "") or getattr(consultation, name)


def shown_title(consultation: Consultation) -> str:
    """The title in the reader's language when an official gave one, else the original (a template filter)."""
    return _in_locale(consultation, "title")


def shown_summary(consultation: Consultation) -> str:
    """The summary in the reader's language when an official gave one, else the original (a template filter)."""
    return _in_locale(consultation, "summary")
