"""The words for petition categories, states, reasons and timeline steps, in every locale."""

from flask_babel import lazy_gettext as _l

from app.petitions.models import Rejection, State

CATEGORIES = {
    "health": _l("Health"),
    "education": _l("Education"),
    "transport": _l("Transport and roads"),
    "utilities": _l("Housing and utilities"),
    "environment": _l("Environment"),
    "economy": _l("Economy, taxes and prices"),
    "social": _l("Social protection and pensions"),
    "digital": _l("Digital services and communications"),
    "rights": _l("Justice and rights"),
    "agriculture": _l("Agriculture and water"),
    "other": _l("Other"),
}

STATES = {
    State.DRAFT: _l("Draft"),
    State.SPONSORING: _l("Gathering sponsors"),
    State.MODERATION: _l("Awaiting moderation"),
    State.OPEN: _l("Open for signatures"),
    State.CLOSED: _l("Closed"),
    State.REJECTED: _l("Rejected"),
    State.HIDDEN: _l("Hidden by a moderator"),
}

REJECTIONS = {
    Rejection.DUPLICATE: _l("A petition asking for the same thing already exists"),
    Rejection.REMIT: _l("Outside the government's remit"),
    Rejection.OFFENSIVE: _l("Offensive or abusive language"),
    Rejection.PERSONAL_DATA: _l("Contains personal data"),
    Rejection.NOT_A_REQUEST: _l("Does not ask for an action"),
    Rejection.OTHER: _l("Other reason"),
}

TIMELINE = {
    "submitted": _l("Started; the author is gathering sponsors"),
    "sponsored": _l("Enough sponsors signed; sent to moderation"),
    "opened": _l("Published and open for signatures"),
    "rejected": _l("Rejected by a moderator"),
    "hidden": _l("Hidden by a moderator"),
    "closed": _l("Closed at its deadline"),
    "response-threshold": _l("Reached the number of signatures for a response"),
    "responded": _l("The agency responded"),
    "consideration-threshold": _l("Reached the number of signatures for consideration"),
    "considered": _l("Considered; the outcome is recorded"),
    "invalidated": _l("Signatures struck out by a moderator"),
    "sent-on": _l("Sent on to the agency responsible for it"),
}

LISTS = {
    "open": _l("Open petitions"),
    "awaiting": _l("Awaiting a response"),
    "responded": _l("Responded"),
    "closed": _l("Closed"),
    "rejected": _l("Rejected"),
}

SORTS = {
    "signatures": _l("Most signatures"),
    "newest": _l("Newest"),
    "trending": _l("Trending (last 24 hours)"),
}

#: What the petition page says after a signature (`?signature=...`): signing answers with a redirect
#: that carries its outcome, so that the hottest request of the service writes no session cookie.
SIGNATURE_NOTICES = {
    "counted": _l("Thank you, your signature is counted."),
    "already-signed": _l("You have already signed."),
    "already-counted": _l("Your signature was already counted."),
}
