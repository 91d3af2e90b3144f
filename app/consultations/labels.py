"""The words for phases, timeline steps, provision kinds, changes, orders of comments and draft errors, in every
locale."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.consultations.models import Phase, ReportReason

PHASES = {
    Phase.ANNOUNCED: _l("Announced"),
    Phase.OPEN: _l("Open for comments"),
    Phase.CLOSED: _l("Closed for comments"),
    Phase.REPORTED: _l("Report published"),
}

TIMELINE = {
    "created": _l("Published"),
    "edited": _l("Details changed"),
    "open": _l("Opened for comments"),
    "closed": _l("Closed for comments"),
    "reported": _l("Report published"),
    "version": _l("A version of the draft was published"),
}

CHANGES = {
    "same": _l("Unchanged"),
    "changed": _l("Changed"),
    "moved": _l("Moved or renumbered"),
    "new": _l("New"),
    "removed": _l("Removed"),
}

#: The orders a provision's comments are read in (app.consultations.comments.SORTS).
COMMENT_SORTS = {"newest": _l("Newest"), "supported": _l("Most supported")}

DRAFT_ERRORS = {
    "empty": _l("The draft is empty."),
    "no-structure": _l(
        'No articles or chapters were found. Start each article on its own line, e.g. "Article 5" or "Моддаи 5".'
    ),
    "too-large": _l("The file is too large: at most 2 MB."),
    "not-docx": _l("This is not a DOCX document. Upload a .docx, .txt or .md file, or paste the text."),
    "unsupported": _l("This kind of file is not supported. Upload a .docx, .txt or .md file, or paste the text."),
    "unsafe-docx": _l("This document cannot be opened safely. Save it again in Word and upload it once more."),
    "malformed": _l("The file could not be read as text (it is not UTF-8). Save it as UTF-8 and upload it again."),
}

#: Provision kinds, as an error message names one ("article 5 in the version, part 5 in the translation").
KINDS = {
    "preamble": _l("the preamble"),
    "section": _l("section %(number)s"),
    "chapter": _l("chapter %(number)s"),
    "article": _l("article %(number)s"),
    "part": _l("part %(number)s"),
    "item": _l("item %(number)s"),
}


def provision_name(kind: str, number: str) -> str:
    """A provision as a message names it, e.g. "article 5"."""
    return str(KINDS.get(kind, KINDS["part"])) % {"number": number}  # the preamble's ignores the number


def translation_error(error) -> str:
    """What is wrong with a translation (a translations.TranslationError), naming the first provision that differs."""
    if error.code == "language":
        return _("Choose a language other than the one the version is written in.")
    version, translation = error.counts
    where = ""
    if error.position is not None:
        expected = provision_name(*error.expected) if error.expected else _("nothing")
        found = provision_name(*error.found) if error.found else _("nothing")
        where = " " + _(
            "The first difference is provision %(position)s: %(expected)s in the version, "
            "%(found)s in the translation.",
            position=error.position,
            expected=expected,
            found=found,
        )
    if error.code == "count":
        counted = ngettext("The version has %(num)s provision.", "The version has %(num)s provisions.", version)
        counted += " " + ngettext(
            "The translation has %(num)s provision: they must match one to one.",
            "The translation has %(num)s provisions: they must match one to one.",
            translation,
        )
        return counted + where
    return _("The translation does not follow the structure of the version.") + where


DOCUMENT_ERRORS = {
    "empty": _l("The file is empty."),
    "too-large": _l("The file is too large: at most 10 MB."),
    "not-pdf-or-docx": _l("Only PDF and DOCX documents can be attached."),
    "unsafe-docx": _l("This document cannot be opened safely. Save it again in Word and upload it once more."),
}

#: Why a comment is reported: the list a reporter chooses from, and the moderator and the author read.
REPORT_REASONS = {
    ReportReason.INSULT: _l("Insult or threat"),
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.PERSONAL_DATA: _l("Personal data"),
    ReportReason.OFF_TOPIC: _l("Off-topic"),
    ReportReason.OTHER: _l("Something else"),
}
