"""The words for phases, timeline steps, provision kinds, changes, orders of comments and draft errors, in every
locale."""

from flask_babel import lazy_gettext as _l

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
