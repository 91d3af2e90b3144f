"""Bad input on every form: a clear message in the user's language, never a 500, nothing lost.

Every POST route of the app is listed in ROUTES with the fields of its form, a submission that
is accepted, and for each field what must happen to each hostile value (VALUES): accepted and
stored as given (minus spoofing characters), or refused with a named message. Each case changes
one field of the valid submission and posts it, in Russian, as a raw urlencoded body (so that
malformed UTF-8 can be sent too).
"""

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from app.accounts import services, tokens, two_factor
from app.accounts.models import Role, User
from app.accounts.passwords import verify_password
from app.agencies.models import Agency
from app.consultations import attachments
from app.consultations import comments as consultation_comments
from app.consultations import reports as consultation_reports
from app.consultations import services as consultation_services
from app.consultations.forms import AMENDMENT_MAX, BODY_MAX, COMMENT_MAX, DRAFT_TEXT_MAX
from app.consultations.labels import DRAFT_ERRORS
from app.consultations.models import (
    Comment,
    Consultation,
    ConsultationText,
    DraftVersion,
    Phase,
    Question,
    ReportReason,
)
from app.core.db import utcnow
from app.core.errors import CSRF_TEXT
from app.core.forms import MALFORMED_MESSAGE
from app.core.i18n import LOCALE_NAMES
from app.core.text import BIDI_CONTROLS
from app.extensions import db
from app.feedback import answers as feedback_answers
from app.feedback.answers import MAX_ANSWER
from app.feedback.models import AnswerTranslation, ClusterAnswer, ClusterReview
from app.feedback.reviews import MAX_REASON
from app.following import organisations
from app.following.forms import DESCRIPTION_MAX, NAME_MAX
from app.following.models import OrganisationMember
from app.petitions import signing
from app.petitions.models import Petition, PetitionEvent, Signature, State
from app.submissions.models import Cluster, Moderation
from tests.conftest import PASSWORD
from tests.helpers import field_errors, snapshot, text

LOCALE = "ru"
EMAIL = "amina@example.org"  # the account every case has (signed in where the route needs it)
SCRIPT = "<script>alert(1)</script>"
MIXED = "Салом Hello 👋🏽 مرحبا"
VALUES = {
    "empty": "",
    "invisible": "\u200b\u200d \u2060",
    "huge": "x" * 1_000_000,
    "script": SCRIPT,
    "bidi": "\u202eevil\u202c مرحبا",
    "mixed": MIXED,
    "malformed": None,  # b"\xff\xfe" + the field's valid value, sent as raw bytes
}
#: What an accepted value must be stored as.
STORED = {
    "empty": "",
    "invisible": "",
    "script": SCRIPT,
    "bidi": "evil مرحبا",
    "mixed": unicodedata.normalize("NFC", MIXED),
}
#: What a refused value is shown as in its field (malformed: the valid value after two U+FFFD).
SHOWN_AGAIN = STORED | {"huge": VALUES["huge"], "malformed": "\ufffd\ufffd"}
ACCEPT = None


def message(msgid: str, **params) -> tuple:
    """A message of the app, by its English text (looked up in the catalog when checked)."""
    return msgid, params


REQUIRED = message("Please fill in this field.")
BAD_EMAIL = message("Please enter a valid e-mail address, like name@example.org.")
PASSWORD_LENGTH = message("Please use between %(min)d and %(max)d characters.", min=10, max=256)
NOT_SAME = message("The two passwords are not the same.")
NOT_A_CHOICE = message("Not a valid choice.")
NOT_A_NUMBER = message("Invalid Choice: could not coerce.")
BAD_SLUG = message("Use small Latin letters, digits and hyphens.")
NOT_HTTP = message("Please enter an address that starts with https://")
MUST_AGREE = message("Please agree to continue.")
NOT_AN_INTEGER = message("Not a valid integer value.")
BAD_DOMAIN = message("Enter a domain such as example.com.")
BAD_NETWORK = message("Enter an address or a range such as 203.0.113.0/24.")
BAD_DATE = message("Not a valid date value.")  # WTForms' own, in the app's catalogs
NO_DRAFT = message("Paste the text of the draft or upload a file.")
NO_STRUCTURE = DRAFT_ERRORS["no-structure"]  # a lazy string of the app
MALFORMED = MALFORMED_MESSAGE  # a lazy string of the app


def too_long(limit: int) -> tuple:
    return message("Please use at most %(max)d characters.", max=limit)


def kind(empty, huge, other, malformed=MALFORMED, secret=False, typed=False, **special) -> dict:
    """What must happen to each of VALUES in a field: ACCEPT or the message it is refused with.

    Invisible characters count as empty unless `invisible=` says otherwise. `secret` fields are
    passwords, never shown again; `typed` fields show a refused value again, as SHOWN_AGAIN says.
    """
    outcomes = {"empty": empty, "invisible": empty, "huge": huge, "script": other, "bidi": other, "mixed": other}
    return {"outcomes": outcomes | {"malformed": malformed} | special, "secret": secret, "typed": typed}


NAME = kind(REQUIRED, too_long(80), ACCEPT, typed=True)
EMAIL_FIELD = kind(REQUIRED, too_long(254), BAD_EMAIL, typed=True)
NEW_PASSWORD = kind(REQUIRED, PASSWORD_LENGTH, ACCEPT, secret=True)
REPEATED = kind(REQUIRED, NOT_SAME, NOT_SAME, malformed=NOT_SAME, secret=True)


WRONG_CODE = message("This code is not correct. Check the time on your phone and try the newest code.")
#: A code of two-step sign-in: no value of VALUES is the app's current code nor a recovery code.
CODE = kind(REQUIRED, too_long(32), WRONG_CODE, typed=True)
WRONG_PROOF = "This is neither your password nor the current code from your authenticator app."
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def password_check(wrong) -> dict:
    """A field for the current password: anything but the real one is `wrong`."""
    return kind(REQUIRED, too_long(256), wrong, malformed=wrong, secret=True)


CHOICE = kind(NOT_A_CHOICE, NOT_A_CHOICE, NOT_A_CHOICE, malformed=NOT_A_CHOICE)
OPTIONAL_CHOICE = kind(ACCEPT, NOT_A_CHOICE, NOT_A_CHOICE, invisible=NOT_A_CHOICE, malformed=NOT_A_CHOICE)
OPTIONAL_NUMBER = kind(ACCEPT, NOT_A_NUMBER, NOT_A_NUMBER, invisible=NOT_A_NUMBER, malformed=NOT_A_NUMBER)
CONSENT = kind(MUST_AGREE, ACCEPT, ACCEPT, invisible=ACCEPT, malformed=ACCEPT)
FLAG = kind(ACCEPT, ACCEPT, ACCEPT, malformed=ACCEPT)
SLUG = kind(REQUIRED, too_long(64), BAD_SLUG, typed=True)
AGENCY_NAME = kind(ACCEPT, too_long(200), ACCEPT, typed=True)
WEBSITE = kind(ACCEPT, too_long(255), NOT_HTTP, typed=True)
TITLE = kind(REQUIRED, too_long(120), ACCEPT, typed=True)
REQUIRED_CHOICE = kind(REQUIRED, NOT_A_CHOICE, NOT_A_CHOICE, invisible=NOT_A_CHOICE, malformed=NOT_A_CHOICE)
REQUIRED_NUMBER = kind(REQUIRED, NOT_A_NUMBER, NOT_A_NUMBER, invisible=NOT_A_NUMBER, malformed=NOT_A_NUMBER)
OPTIONAL_INTEGER = kind(ACCEPT, NOT_AN_INTEGER, NOT_AN_INTEGER, invisible=NOT_AN_INTEGER, malformed=NOT_AN_INTEGER)
DOMAIN = kind(ACCEPT, too_long(253), BAD_DOMAIN, typed=True)
NETWORK = kind(ACCEPT, too_long(49), BAD_NETWORK, typed=True)
# A date (YYYY-MM-DD). Not `typed`: a refused date is shown again exactly as sent, not normalised.
DATE = kind(REQUIRED, BAD_DATE, BAD_DATE, malformed=BAD_DATE)
OPTIONAL_DATE = kind(ACCEPT, BAD_DATE, BAD_DATE, invisible=BAD_DATE, malformed=BAD_DATE)
# The text of a draft law: only a text with articles or chapters is accepted (at most DRAFT_TEXT_MAX
# characters: the huge value is exactly that long, so it is refused for having no articles).
assert len(VALUES["huge"]) <= DRAFT_TEXT_MAX
DRAFT_TEXT = kind(NO_DRAFT, NO_STRUCTURE, NO_STRUCTURE, typed=True)


def paragraphs(limit: int, empty=REQUIRED) -> dict:
    """A multi-line text field (a textarea) of at most `limit` characters; optional if `empty` is ACCEPT."""
    return kind(empty, too_long(limit), ACCEPT, typed=True)


def _account(user: User | None) -> dict:
    assert user is not None, "no account was saved"
    return {
        "display_name": user.display_name,
        "email": user.email,
        "password": user.password_hash,
        "region_code": user.region_code or "",
        "locale": user.locale,
    }


def _agency(agency: Agency | None) -> dict:
    assert agency is not None, "no agency was saved"
    names = {f"name_{code}": agency.names.get(code, "") for code in LOCALE_NAMES}
    return dict(names, slug=agency.slug, website=agency.website or "")


def _role(user: User) -> dict:
    return {"role": str(user.role), "agency_id": str(user.agency_id or "")}


def _petition(petition: Petition | None) -> dict:
    assert petition is not None, "no petition was saved"
    return {"title": petition.title, "request": petition.request, "background": petition.background}


def _signature(email: str) -> dict:
    signature = db.session.scalar(select(Signature).where(Signature.email == email))
    assert signature is not None, "no signature was saved"
    return {"name": signature.name, "email": signature.email}


def _organisation(memberships) -> dict:
    """The details of the one organisation the person belongs to."""
    (membership,) = memberships
    organisation = membership.organisation
    return {"name": organisation.name, "website": organisation.website or "", "description": organisation.description}


def _consultation(consultation: Consultation | None) -> dict:
    assert consultation is not None, "no consultation was saved"
    return {"title": consultation.title, "summary": consultation.summary, "body": consultation.body}


def _comment(author: User, *names: str) -> dict:
    """The body (and other `names`) of the latest comment `author` wrote."""
    query = select(Comment).where(Comment.author_id == author.id).order_by(Comment.id.desc())
    comment = db.session.scalars(query).first()
    assert comment is not None, "no comment was saved"
    stored = {"quote": comment.quote, "amendment": comment.amendment or ""}
    return {"body": comment.submission.body} | {name: stored[name] for name in names}


def _sent_on(petition: Petition) -> dict:
    """The details of the step that sent a petition on to another agency."""
    query = select(PetitionEvent).where(PetitionEvent.petition_id == petition.id, PetitionEvent.kind == "sent-on")
    event = db.session.scalars(query).first()
    assert event is not None, "the petition was not sent on"
    return event.details


@dataclass(frozen=True, repr=False)
class Route:
    rule: str  # as in app.url_map, without the locale prefix
    fields: dict  # field name -> kind
    valid: dict = field(default_factory=dict)  # an accepted submission
    signed_in: Role | None = None  # the role the route needs, None for visitors
    page: str | None = None  # where the form is shown, when not at the rule itself
    repeat: tuple = ()  # fields that repeat `password` and are sent the same value
    saved: object = None  # (case) -> {field: stored value}
    petition: State | None = None  # the state of the petition the route acts on, if any
    author: bool = False  # the signed-in person wrote that petition
    signed: bool = False  # the signed-in person has signed it
    press: dict = field(default_factory=dict)  # buttons pressed along with the fields
    consultation: Phase | None = None  # the phase of the consultation the route acts on, if any (OPEN or CLOSED)
    draft: str = ""  # its draft: "preview" (imported, not published yet) or "published" (version 1)
    comment: Moderation | None = None  # a comment by someone else on article 3 of the draft, in this state
    extras: tuple = ()  # also made for the consultation: "question" (of its questionnaire), "document" (a PDF),
    # "cluster" (a group of its comments holding the route's comment), "report" (of its comment, by someone)
    two_step: str = ""  # "on": the person has set up two-step sign-in; "pending": and has typed only the password

    def __repr__(self):
        twins = [route for route in ROUTES if route.rule == self.rule]
        return self.rule if len(twins) < 2 else f"{self.rule} ({self.signed_in or 'visitor'})"


NEW_ACCOUNT = {
    "display_name": "Nigina",
    "email": "nigina@example.org",
    "password": "a long enough secret",
    "password_again": "a long enough secret",
    "region_code": "TJ-DU",
    "locale": "ru",
    "accept_terms": "y",
}
NEW_PASSWORD_FORM = {"password": "a new long secret", "password_again": "a new long secret"}
AGENCY = {"slug": "water-board", "name_en": "Water board", "name_ru": "Водное хозяйство"}
AGENCY_FIELDS = {"slug": SLUG} | {f"name_{code}": AGENCY_NAME for code in LOCALE_NAMES} | {"website": WEBSITE}
AGENCY_VALID = {f"name_{code}": "" for code in LOCALE_NAMES} | AGENCY | {"website": "https://water.example.tj"}
PETITION_FIELDS = {
    "title": TITLE,
    "request": paragraphs(2000),
    "background": paragraphs(5000, empty=ACCEPT),
    "category": REQUIRED_CHOICE,
    "agency_id": OPTIONAL_NUMBER,
    "region_code": OPTIONAL_CHOICE,
}
PETITION = {
    "title": "Free insulin for every child",
    "request": "Provide insulin pens free of charge\nin every district clinic.",
    "background": "Families pay a month's wage for a month of insulin.",
    "category": "health",
    "agency_id": "",
    "region_code": "TJ-DU",
}
SIGNER = {"name": "Nigina", "email": "nigina@example.org", "region_code": "TJ-DU"}
EARLIER_SIGNER = "farrukh@example.org"  # has signed every petition of the cases, from 127.0.0.1, not confirmed yet
TODAY = date.today()
CONSULTATION_FIELDS = {
    "title": kind(REQUIRED, too_long(200), ACCEPT, typed=True),
    "summary": paragraphs(2000),
    "body": paragraphs(BODY_MAX, empty=ACCEPT),
    "agency_id": REQUIRED_NUMBER,
    "region_code": OPTIONAL_CHOICE,
    "opens_on": DATE,
    "closes_on": DATE,
    "premoderation": FLAG,
}
CONSULTATION = {
    "title": "О проекте закона об общественных консультациях",
    "summary": "Министерство выносит на обсуждение проект закона.\nПросим высказаться до конца месяца.",
    "body": "Просим высказаться по **каждой** статье.",
    "agency_id": "<agency_id>",
    "region_code": "TJ-DU",
    "opens_on": (TODAY - timedelta(days=1)).isoformat(),
    "closes_on": (TODAY + timedelta(days=10)).isoformat(),
    "premoderation": "",
}
DRAFT = (Path(__file__).parent / "consultations" / "drafts" / "ru_public_consultations.md").read_text(encoding="utf-8")
#: The same draft in Tajik, provision by provision: the Russian version's second language.
TAJIK_DRAFT = (
    (Path(__file__).parent / "consultations" / "drafts" / "tg_public_consultations.txt")
    .read_text(encoding="utf-8")
    .strip()
)  # as the form shows it again
ARTICLE = "3"  # the article of DRAFT that comments are written on
COMMENT = {
    "quote": "равенство участников консультации",  # a passage of article 3
    "body": "Равенство надо дополнить учётом каждого мнения.",
    "amendment": "б) равенство участников консультации;\nв) учёт каждого мнения.",
}
PROVISION_PAGE = "/consultations/<int:consultation_id>/provisions/<int:provision_id>"
ORGANISATION_FIELDS = {
    "name": kind(REQUIRED, too_long(NAME_MAX), ACCEPT, typed=True),
    "website": WEBSITE,
    "description": paragraphs(DESCRIPTION_MAX, empty=ACCEPT),
}
ORGANISATION = {
    "name": "Water watch Dushanbe",
    "website": "https://waterwatch.example.tj",
    "description": "We follow water tariffs.\nAnd the reports on them.",
}
NEW_MEMBER = "zarina@example.org"  # an account that routes of an organisation can add to it
GROUP_PAGE = "/review/clusters/<int:cluster_id>"
WORKSPACE = "/review/consultations/<int:consultation_id>"
#: A group of comments of an open consultation, reviewed by the signed-in official of its agency.
GROUPED = dict(signed_in=Role.OFFICIAL, consultation=Phase.OPEN, draft="published", comment=Moderation.PUBLISHED)

REGISTER = Route(
    "/account/register",
    {
        "display_name": NAME,
        "email": EMAIL_FIELD,
        "password": NEW_PASSWORD,
        "password_again": REPEATED,
        "region_code": OPTIONAL_CHOICE,
        "locale": CHOICE,
        "accept_terms": CONSENT,
    },
    NEW_ACCOUNT,
    repeat=("password_again",),
    saved=lambda case: _account(services.find_by_email(NEW_ACCOUNT["email"])),
)
ROUTES = [
    REGISTER,
    Route("/account/confirm", {"email": EMAIL_FIELD}, {"email": EMAIL}),
    Route(
        "/account/login",
        {
            "email": EMAIL_FIELD,
            "password": password_check(message("The e-mail address or the password is not correct.")),
            "remember": FLAG,
        },
        {"email": EMAIL, "password": PASSWORD, "remember": "y"},
    ),
    Route("/account/password/forgot", {"email": EMAIL_FIELD}, {"email": EMAIL}),
    Route(
        "/account/password/reset/<token>",
        {"password": NEW_PASSWORD, "password_again": REPEATED},
        NEW_PASSWORD_FORM,
        repeat=("password_again",),
        saved=lambda case: _account(case.person),
    ),
    Route(
        "/account",
        {"display_name": NAME, "region_code": OPTIONAL_CHOICE, "locale": CHOICE},
        {"display_name": "Amina", "region_code": "TJ-DU", "locale": "ru"},
        signed_in=Role.CITIZEN,
        saved=lambda case: _account(case.person),
    ),
    Route(
        "/account/password",
        {
            "current_password": password_check(message("Your current password is not correct.")),
            "password": NEW_PASSWORD,
            "password_again": REPEATED,
        },
        dict(NEW_PASSWORD_FORM, current_password=PASSWORD),
        signed_in=Role.CITIZEN,
        page="/account",
        repeat=("password_again",),
        saved=lambda case: _account(case.person),
    ),
    Route(
        "/account/delete",
        {"password": password_check(message("Your password is not correct."))},
        {"password": PASSWORD},
        signed_in=Role.CITIZEN,
    ),
    Route("/account/two-step", {"code": CODE}, {"code": "000000"}, signed_in=Role.CITIZEN),
    Route(
        "/account/two-step/off",
        {"password": password_check(message("Your password is not correct.")), "code": CODE},
        {"password": PASSWORD, "code": "000000"},
        signed_in=Role.CITIZEN,
        page="/account/two-step",
        two_step="on",
    ),
    Route(
        "/account/two-step/recovery-codes",
        {"proof": password_check(message(WRONG_PROOF))},
        {"proof": PASSWORD},
        signed_in=Role.CITIZEN,
        page="/account/two-step",
        two_step="on",
    ),
    Route("/account/login/code", {"code": CODE}, {"code": "000000"}, two_step="pending"),
    Route("/account/logout", {}, signed_in=Role.CITIZEN, page="/"),
    Route("/account/sign-out-everywhere", {}, signed_in=Role.CITIZEN, page="/account"),
    Route(
        "/admin/agencies/new",
        AGENCY_FIELDS,
        AGENCY_VALID,
        signed_in=Role.ADMIN,
        saved=lambda case: _agency(db.session.scalar(select(Agency).where(Agency.slug == AGENCY["slug"]))),
    ),
    Route(
        "/admin/agencies/<int:agency_id>",
        AGENCY_FIELDS,
        AGENCY_VALID,
        signed_in=Role.ADMIN,
        saved=lambda case: _agency(case.agency),
    ),
    Route(
        "/admin/users/<int:user_id>",
        {"role": CHOICE, "agency_id": OPTIONAL_NUMBER},
        {"role": "citizen", "agency_id": ""},
        signed_in=Role.ADMIN,
        saved=lambda case: _role(case.other),
    ),
    Route(
        "/petitions/new",
        PETITION_FIELDS,
        PETITION,
        signed_in=Role.CITIZEN,
        saved=lambda case: _petition(db.session.scalar(select(Petition).where(Petition.author_id == case.person.id))),
    ),
    Route(
        "/petitions/<int:petition_id>/edit",
        PETITION_FIELDS,
        PETITION,
        signed_in=Role.CITIZEN,
        saved=lambda case: _petition(case.petition),
        petition=State.DRAFT,
        author=True,
    ),
    Route(
        "/petitions/<int:petition_id>/submit",
        {},
        signed_in=Role.CITIZEN,
        page="/petitions/<int:petition_id>/review",
        petition=State.DRAFT,
        author=True,
    ),
    Route(
        "/petitions/<int:petition_id>/sign",
        {"name": NAME, "email": EMAIL_FIELD, "region_code": REQUIRED_CHOICE},
        SIGNER,
        page="/petitions/<int:petition_id>",
        saved=lambda case: _signature(SIGNER["email"]),
        petition=State.OPEN,
    ),
    Route(
        "/petitions/<int:petition_id>/sign",
        {},
        signed_in=Role.CITIZEN,
        page="/petitions/<int:petition_id>",
        petition=State.OPEN,
    ),
    Route(
        "/petitions/<int:petition_id>/withdraw",
        {},
        signed_in=Role.CITIZEN,
        page="/petitions/<int:petition_id>",
        petition=State.OPEN,
        signed=True,
    ),
    Route("/petitions/signature/<token>/withdraw", {}, petition=State.OPEN),
    Route(
        "/petitions/<int:petition_id>/publish",
        {"agency_id": REQUIRED_NUMBER},
        {"agency_id": "<agency_id>"},
        signed_in=Role.MODERATOR,
        page="/petitions/<int:petition_id>/moderate",
        petition=State.MODERATION,
    ),
    Route(
        "/petitions/<int:petition_id>/reject",
        {"reason": REQUIRED_CHOICE, "duplicate_of": OPTIONAL_INTEGER, "note": paragraphs(2000, empty=ACCEPT)},
        {"reason": "remit", "duplicate_of": "", "note": "Pensions are set by parliament, not by the government."},
        signed_in=Role.MODERATOR,
        page="/petitions/<int:petition_id>/moderate",
        saved=lambda case: {"note": case.petition.moderation_note},
        petition=State.MODERATION,
    ),
    Route(
        "/petitions/<int:petition_id>/hide",
        {"note": paragraphs(2000)},
        {"note": "It names a private person and their illness."},
        signed_in=Role.MODERATOR,
        page="/petitions/<int:petition_id>/moderate",
        saved=lambda case: {"note": case.petition.moderation_note},
        petition=State.OPEN,
    ),
    Route(
        "/petitions/<int:petition_id>/invalidate",
        {"domain": DOMAIN, "network": NETWORK},
        {"domain": EARLIER_SIGNER.partition("@")[2], "network": "127.0.0.0/8"},
        signed_in=Role.MODERATOR,
        petition=State.OPEN,
        press={"strike": "y"},  # the second step: the first only counts, and shows the form again
    ),
    Route(
        "/petitions/<int:petition_id>/respond",
        {"body": paragraphs(20000)},
        {"body": "The ministry will **fund insulin pens** from next year.\n\nSee the decree of 1 March."},
        signed_in=Role.OFFICIAL,
        saved=lambda case: {"body": case.petition.response.body},
        petition=State.OPEN,
    ),
    Route(
        "/petitions/<int:petition_id>/outcome",
        {"outcome": paragraphs(20000)},
        {"outcome": "Parliament adopted the law on **free insulin** for children."},
        signed_in=Role.OFFICIAL,
        saved=lambda case: {"outcome": case.petition.outcome},
        petition=State.OPEN,
    ),
    Route(
        "/petitions/<int:petition_id>/send-on",
        {"agency_id": REQUIRED_NUMBER, "reason": paragraphs(2000, empty=ACCEPT)},
        {"agency_id": "<other_agency_id>", "reason": "District clinics are run\nby the ministry."},
        signed_in=Role.OFFICIAL,
        saved=lambda case: {"reason": _sent_on(case.petition)["reason"]},
        petition=State.OPEN,
    ),
    Route(
        "/consultations/new",
        CONSULTATION_FIELDS,
        CONSULTATION,
        signed_in=Role.OFFICIAL,
        saved=lambda case: _consultation(
            db.session.scalar(select(Consultation).where(Consultation.author_id == case.person.id))
        ),
    ),
    Route(
        "/consultations/<int:consultation_id>/edit",
        CONSULTATION_FIELDS,
        CONSULTATION,
        signed_in=Role.OFFICIAL,
        saved=lambda case: _consultation(case.consultation),
        consultation=Phase.OPEN,
    ),
    Route(
        "/consultations/<int:consultation_id>/draft/import",
        # The form also has "document", a file input; the cases post urlencoded bodies, so no file.
        {"text": DRAFT_TEXT},
        {"text": DRAFT},
        signed_in=Role.OFFICIAL,
        consultation=Phase.OPEN,
    ),
    Route(
        "/consultations/<int:consultation_id>/draft/preview",
        {"note": paragraphs(BODY_MAX, empty=ACCEPT)},
        {"note": "Первая редакция проекта.\n\nСм. **статью 3**."},
        signed_in=Role.OFFICIAL,
        saved=lambda case: {"note": db.session.get(DraftVersion, case.version.id).note},
        consultation=Phase.OPEN,
        draft="preview",
    ),
    Route(
        "/consultations/<int:consultation_id>/versions/<int:number>/translation",
        # The form also has "document", a file input; the cases post urlencoded bodies, so no file.
        {"language": CHOICE, "text": DRAFT_TEXT},
        {"language": "tg", "text": TAJIK_DRAFT},
        signed_in=Role.OFFICIAL,
        consultation=Phase.OPEN,
        draft="published",
    ),
    Route(
        "/consultations/<int:consultation_id>/translations",
        {
            "language": CHOICE,
            "title": kind(ACCEPT, too_long(200), ACCEPT, typed=True),
            "summary": paragraphs(2000, ACCEPT),
        },
        {
            "language": "tg",
            "title": "Лоиҳаи қонун дар бораи машваратҳо",
            "summary": "Вазорат лоиҳаро\nба муҳокима мегузорад.",
        },
        signed_in=Role.OFFICIAL,
        saved=lambda case: {
            name: getattr(db.session.scalar(select(ConsultationText)), name, "") for name in ("title", "summary")
        },
        consultation=Phase.OPEN,
    ),
    Route(
        "/consultations/<int:consultation_id>/report/edit",
        {"report": paragraphs(BODY_MAX)},
        {"report": "Мы рассмотрели **все** замечания.\n\nСтатья 3 дополнена."},
        signed_in=Role.OFFICIAL,
        saved=lambda case: {"report": case.consultation.report},
        consultation=Phase.CLOSED,
    ),
    Route(
        "/consultations/<int:consultation_id>/comments",
        {"body": paragraphs(COMMENT_MAX)},
        {"body": "В целом проект нужный.\nНо сроки слишком короткие."},
        signed_in=Role.CITIZEN,
        page="/consultations/<int:consultation_id>",
        saved=lambda case: _comment(case.person),
        consultation=Phase.OPEN,
    ),
    Route(
        f"{PROVISION_PAGE}/comments",
        {
            "quote": paragraphs(AMENDMENT_MAX, empty=ACCEPT),
            "body": paragraphs(COMMENT_MAX),
            "amendment": paragraphs(AMENDMENT_MAX, empty=ACCEPT),
        },
        COMMENT,
        signed_in=Role.CITIZEN,
        page=PROVISION_PAGE,
        # Not the quote: one that is not a passage of the provision is dropped on purpose (comments.add).
        saved=lambda case: _comment(case.person, "amendment"),
        consultation=Phase.OPEN,
        draft="published",
    ),
    Route(
        "/consultations/comments/<int:comment_id>/reply",
        {"reply": paragraphs(COMMENT_MAX)},
        {"reply": "Согласна, и сроки тоже."},
        signed_in=Role.CITIZEN,
        page=PROVISION_PAGE,
        saved=lambda case: {"reply": _comment(case.person)["body"]},
        consultation=Phase.OPEN,
        draft="published",
        comment=Moderation.PUBLISHED,
    ),
    Route(
        "/consultations/comments/<int:comment_id>/vote",
        {},
        signed_in=Role.CITIZEN,
        page=PROVISION_PAGE,
        consultation=Phase.OPEN,
        draft="published",
        comment=Moderation.PUBLISHED,
        press={"value": "agree"},
    ),
    Route(
        "/consultations/comments/<int:comment_id>/report",
        {"reason": CHOICE},
        {"reason": "insult"},
        signed_in=Role.CITIZEN,
        page=PROVISION_PAGE,
        consultation=Phase.OPEN,
        draft="published",
        comment=Moderation.PUBLISHED,
    ),
    Route(
        "/follow/<kind>/<int:target_id>",
        {},
        signed_in=Role.CITIZEN,
        page="/consultations/<int:consultation_id>",
        consultation=Phase.OPEN,
        press={"action": "follow"},
    ),
    Route(
        "/consultations/comments/<int:comment_id>/moderate",
        {},
        signed_in=Role.OFFICIAL,
        page="/consultations/moderation",
        consultation=Phase.OPEN,
        draft="published",
        comment=Moderation.PENDING,
        press={"decision": "publish"},
    ),
    Route(
        "/consultations/comments/<int:comment_id>/reports/resolve",
        {},
        signed_in=Role.MODERATOR,
        page="/consultations/moderation",
        consultation=Phase.OPEN,
        draft="published",
        comment=Moderation.PUBLISHED,
        extras=("report",),
        press={"decision": "keep"},
    ),
    Route(
        "/consultations/<int:consultation_id>/documents",
        {},  # its only field is a file, which these urlencoded posts cannot carry (tests/consultations tests it)
        signed_in=Role.OFFICIAL,
        consultation=Phase.OPEN,
    ),
    Route(
        "/consultations/<int:consultation_id>/documents/<int:document_id>/delete",
        {},
        signed_in=Role.OFFICIAL,
        page="/consultations/<int:consultation_id>/documents",
        consultation=Phase.OPEN,
        extras=("document",),
    ),
    Route(
        "/consultations/<int:consultation_id>/questions",
        {"text": paragraphs(1000)},
        {"text": "Какие услуги\nперевести в онлайн?"},
        signed_in=Role.OFFICIAL,
        saved=lambda case: {"text": db.session.scalars(select(Question).order_by(Question.id.desc())).first().text},
        consultation=Phase.OPEN,
    ),
    Route(
        "/consultations/<int:consultation_id>/questions/<int:question_id>/answers",
        {"answer": paragraphs(COMMENT_MAX)},
        {"answer": "Справки о несудимости.\nИ запись к врачу."},
        signed_in=Role.CITIZEN,
        page="/consultations/<int:consultation_id>",
        saved=lambda case: {"answer": _comment(case.person)["body"]},
        consultation=Phase.OPEN,
        extras=("question",),
    ),
    Route("/review/merge", {"ids": FLAG}, {"ids": "<cluster_id>"}, page=WORKSPACE, extras=("cluster",), **GROUPED),
    Route(
        f"{GROUP_PAGE}/members",
        {"ids": FLAG, "to": FLAG, "target": OPTIONAL_INTEGER},
        {"ids": "<submission_id>", "to": "", "target": ""},
        page=GROUP_PAGE,
        press={"action": "split"},
        extras=("cluster",),
        **GROUPED,
    ),
    Route(
        f"{GROUP_PAGE}/status",
        {"status": CHOICE, "reason": paragraphs(MAX_REASON, empty=ACCEPT), "due_on": OPTIONAL_DATE},
        {"status": "under_review", "reason": "Ждём расчёт стоимости.\nОтветим до конца месяца.", "due_on": ""},
        page=GROUP_PAGE,
        saved=lambda case: {"reason": db.session.scalar(select(ClusterReview.reason))},
        extras=("cluster",),
        **GROUPED,
    ),
    Route(
        f"{GROUP_PAGE}/answer",
        {"body": paragraphs(MAX_ANSWER)},
        {"body": "Спасибо всем.\n\nПлата **не вырастет**."},
        page=GROUP_PAGE,
        saved=lambda case: {"body": db.session.scalar(select(ClusterAnswer.body))},
        extras=("cluster",),
        **GROUPED,
    ),
    Route(
        f"{GROUP_PAGE}/answer/translations",
        {"language": CHOICE, "body": paragraphs(MAX_ANSWER, empty=ACCEPT)},
        {"language": "tg", "body": "Ташаккур ба ҳама.\n\nПардохт **зиёд намешавад**."},
        saved=lambda case: {"body": db.session.scalar(select(AnswerTranslation.body)) or ""},  # empty: none
        extras=("cluster", "answer"),
        **GROUPED,
    ),
    Route(f"{WORKSPACE}/regroup", {}, page=WORKSPACE, extras=("cluster",), **GROUPED),
    Route("/review/petitions/regroup", {}, signed_in=Role.OFFICIAL, page="/review/petitions"),
    Route(
        "/following",
        {"delivery": CHOICE},
        {"delivery": "weekly"},
        signed_in=Role.CITIZEN,
    ),
    Route(
        "/organisations",
        ORGANISATION_FIELDS,
        ORGANISATION,
        signed_in=Role.CITIZEN,
        saved=lambda case: _organisation(organisations.memberships_of(case.person)),
    ),
    Route(
        "/organisations/<int:organisation_id>",
        ORGANISATION_FIELDS,
        ORGANISATION,
        signed_in=Role.CITIZEN,
        saved=lambda case: _organisation(organisations.memberships_of(case.person)),
    ),
    Route(
        "/organisations/<int:organisation_id>/members",
        {"email": EMAIL_FIELD, "role": CHOICE},
        {"email": NEW_MEMBER, "role": "member"},
        signed_in=Role.CITIZEN,
        page="/organisations/<int:organisation_id>",
    ),
    Route(
        "/organisations/<int:organisation_id>/members/<int:user_id>/remove",
        {},
        signed_in=Role.CITIZEN,
        page="/organisations/<int:organisation_id>",
    ),
]
CASES = [
    pytest.param(route, name, value, id=f"{route!r}:{name}:{value}")
    for route in ROUTES
    for name in route.fields
    for value in VALUES
]


class Case:
    """One route ready to be posted to: its account, its client (signed in if needed), its URL.

    Routes of a petition get one in the state they need, in an agency of its own (the signed-in
    official's), signed by EARLIER_SIGNER; an open one has reached both thresholds, so that it
    can be answered and its outcome recorded. `<token>` is a link to that signature there, and a
    password reset link elsewhere. Routes of a consultation get one in the phase they need, in
    the agency of the signed-in official (or of another official), with its draft and a comment
    by someone else on article ARTICLE as the route says. Officials and moderators always have an agency. Valid
    values written like URL arguments are filled in alike.
    """

    def __init__(self, route: Route, client, make_user, make_agency, make_petition=None):
        self.route, self.client = route, client
        needs_agency = "<int:agency_id>" in route.rule or route.petition or route.consultation
        staff = route.signed_in in (Role.OFFICIAL, Role.MODERATOR)
        self.agency = make_agency() if needs_agency or staff else None
        role = route.signed_in or Role.CITIZEN
        self.person = make_user(email=EMAIL, locale=LOCALE, role=role, agency=self.agency if staff else None)
        if route.signed_in:
            assert client.login(EMAIL, PASSWORD, LOCALE).status_code == 302
        if route.two_step:
            self.person.totp_secret, self.person.totp_enabled_at = two_factor.sealed(TOTP_SECRET), utcnow()
            db.session.commit()
        if route.two_step == "pending":
            assert client.login(EMAIL, PASSWORD, LOCALE).location.endswith("/account/login/code")
        self.other = make_user() if "<int:user_id>" in route.rule else None
        self.other_agency = make_agency() if "<other_agency_id>" in route.valid.values() else None
        self.petition = self.signature = None
        if route.petition:
            self._make_petition(make_petition)
        self.consultation = self.version = self.provision = self.comment = self.question = self.document = None
        self.cluster = None
        if route.consultation:
            self._make_consultation(make_user)
        self.organisation = self._make_organisation(make_user) if "<int:organisation_id>" in route.rule else None
        token = (
            tokens.make_token(signing.SIGN, {"sid": self.signature.id})
            if self.signature
            else tokens.make_token(tokens.RESET, {"uid": self.person.id, "ph": self.person.password_hash[-16:]})
        )
        arguments = {
            "token": token,
            "user_id": self.other and self.other.id,
            "agency_id": self.agency and self.agency.id,
            "other_agency_id": self.other_agency and self.other_agency.id,
            "petition_id": self.petition and self.petition.id,
            "consultation_id": self.consultation and self.consultation.id,
            "provision_id": self.provision and self.provision.id,
            "comment_id": self.comment and self.comment.id,
            "question_id": self.question and self.question.id,
            "document_id": self.document and self.document.id,
            "number": self.version and self.version.number,
            "cluster_id": self.cluster and self.cluster.id,
            "submission_id": self.comment and self.comment.submission_id,
            "kind": "consultation",
            "target_id": self.consultation and self.consultation.id,
            "organisation_id": self.organisation and self.organisation.id,
        }

        def fill(template: str) -> str:
            return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(arguments[m.group(1)]), template)

        self.url = f"/{LOCALE}{fill(route.rule)}"
        self.page = f"/{LOCALE}{fill(route.page)}" if route.page else self.url
        self.valid = {name: fill(value) for name, value in route.valid.items()}

    def _make_petition(self, make_petition):
        route = self.route
        reached = dict.fromkeys(("response_due_at", "consideration_due_at"), utcnow())
        self.petition = make_petition(
            route.petition,
            author=self.person if route.author else None,
            agency_id=self.agency.id,
            **(reached if route.petition == State.OPEN else {}),
        )
        self.signature = Signature(
            petition_id=self.petition.id,
            name="Farrukh",
            email=EARLIER_SIGNER,
            region_code="TJ-DU",
            locale=LOCALE,
            ip_address="127.0.0.1",
        )
        db.session.add(self.signature)
        if route.signed:
            assert signing.sign_as_user(self.petition, self.person)
        db.session.commit()

    def _make_consultation(self, make_user):
        route = self.route
        assert route.consultation in (Phase.OPEN, Phase.CLOSED), "only open or closed consultations are made"
        official = (
            self.person if route.signed_in == Role.OFFICIAL else make_user(role=Role.OFFICIAL, agency=self.agency)
        )
        commenter = make_user() if route.comment else None
        now = utcnow()
        days = (-10, -1) if route.consultation == Phase.CLOSED else (-1, 10)
        opens_at, closes_at = (now + timedelta(days=n) for n in days)
        fields = dict(
            CONSULTATION,
            agency_id=self.agency.id,
            region_code=None,
            opens_at=opens_at,
            closes_at=closes_at,
            premoderation=route.comment == Moderation.PENDING,
        )
        self.consultation = consultation_services.save(official, fields)
        assert self.consultation.phase == route.consultation
        if route.draft:
            self.version = consultation_services.import_draft(self.consultation, official, DRAFT)
            if route.draft == "published":
                consultation_services.publish_version(self.version, official, "")
            articles = [p for p in self.version.provisions if p.kind == "article" and p.number == ARTICLE]
            self.provision = articles[0]
        if route.comment:
            self.comment = consultation_comments.add(self.consultation, commenter, COMMENT["body"], self.provision)
            assert self.comment.submission.moderation == route.comment
        if "report" in route.extras:
            assert consultation_reports.report(self.comment, make_user(), ReportReason.SPAM)
        if "question" in route.extras:
            self.question = consultation_services.add_question(self.consultation, official, "Что перевести в онлайн?")
        if "document" in route.extras:
            self.document = attachments.attach(self.consultation, "note.pdf", b"%PDF-1.4\n%%EOF\n")
        if "cluster" in route.extras:
            self.cluster = Cluster(scope=self.consultation.scope, model="bad-input", size=2)
            db.session.add(self.cluster)
            db.session.flush()
            second = consultation_comments.add(self.consultation, commenter, "Полностью согласна.", self.provision)
            for member in (self.comment, second):
                member.submission.cluster_id = self.cluster.id
        if "answer" in route.extras:
            feedback_answers.publish(self.cluster, "Спасибо всем.", actor=official)
        db.session.commit()

    def _make_organisation(self, make_user):
        """An organisation the person owns, with `other` as a member, and an account NEW_MEMBER to add."""
        organisation = organisations.create(self.person, dict(ORGANISATION, name="Water watch"))
        if self.other:
            db.session.add(OrganisationMember(organisation_id=organisation.id, user_id=self.other.id))
        make_user(email=NEW_MEMBER)
        db.session.commit()
        return organisation

    def post(self, data: dict, csrf: bool = True):
        """POST `data` (str or raw bytes values) as a browser would, with the form's CSRF token."""
        data = dict(data, **self.route.press)
        if csrf:
            data = dict(data, csrf_token=self.client.csrf_token(self.page))
        body = urlencode(data).encode("ascii")
        return self.client.post(self.url, data=body, content_type="application/x-www-form-urlencoded")

    def saved(self) -> dict:
        """What the route stored, by field ({} for routes that store nothing of the form)."""
        db.session.expire_all()
        return self.route.saved(self) if self.route.saved else {}


class _Forms(HTMLParser):
    """The forms of a page: their action, and the value of each field as a browser shows it."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[tuple[str | None, dict]] = []
        self._select = self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action"), {}))
        if not self.forms or not attrs.get("name") and tag != "option":
            return
        fields = self.forms[-1][1]
        # File inputs are left out: the cases post urlencoded bodies, which cannot carry files.
        if tag == "input" and attrs.get("type") not in ("submit", "hidden", "file"):
            checked = attrs.get("type") != "checkbox" or "checked" in attrs
            if checked or attrs["name"] not in fields:  # of checkboxes sharing a name, the ticked one
                fields[attrs["name"]] = attrs.get("value", "") if checked else ""
        elif tag == "select":
            self._select = attrs["name"]
            fields[self._select] = None
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            fields[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1][1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            fields = self.forms[-1][1]
            fields[self._textarea] = re.sub(r"^\r?\n", "", fields[self._textarea])  # as browsers do
            self._textarea = None

    def fields_of(self, page: str, url: str) -> dict:
        """The fields of the form on `page` that posts to `url`."""
        matching = [fields for action, fields in self.forms if (action or page) == url]
        assert len(matching) == 1, f"{len(matching)} forms post to {url} on {page}"
        return matching[0]


def russian(app, msg) -> str:
    """A message in Russian, from the app's catalog; fails if it has no Russian translation."""
    with app.test_request_context():

        def say(locale):
            with force_locale(locale):
                return gettext(msg[0], **msg[1]) if isinstance(msg, tuple) else str(msg)

        translated, english = say("ru"), say("en")
    assert translated != english, f"{english!r} is not translated into Russian"
    return translated


def error_of(response, name: str) -> str:
    """The error message shown next to one field ('' if none)."""
    match = re.search(rf'class="error-message" id="{name}-error">(.*?)</p>', text(response), re.S)
    return unescape(match.group(1)).strip() if match else ""


def _rule_path(rule) -> str:
    return re.sub(r"^/<any\([^)]*\):lang_code>", "", rule.rule)


# --- The table covers the app ----------------------------------------------------------------


#: Routes that take POST only to refuse it, with no form (tests/api/test_protocol.py checks their answers).
NO_FORM = {"api.unknown"}  # the JSON API's catch-all: a JSON 405 or 404 for every write


def test_every_post_route_is_in_the_table(app):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in NO_FORM]
    posting = {_rule_path(rule) for rule in rules if "POST" in rule.methods}
    listed = {route.rule for route in ROUTES}
    assert posting - listed == set(), "add these form routes to ROUTES in tests/test_bad_input.py"
    assert listed - posting == set(), "these routes in ROUTES no longer exist"


@pytest.mark.parametrize("route", ROUTES, ids=repr)
def test_every_field_of_the_form_is_in_the_table(route, client, make_user, make_agency, make_petition):
    case = Case(route, client, make_user, make_agency, make_petition)
    page = client.get(case.page)
    assert page.status_code == 200
    shown = _Forms(text(page)).fields_of(case.page, case.url)
    assert set(shown) == set(route.fields)
    assert set(route.valid) == set(route.fields)


# --- Each hostile value in each field --------------------------------------------------------


@pytest.mark.parametrize(("route", "name", "value"), CASES)
def test_bad_value(route, name, value, app, client, make_user, make_agency, make_petition):
    case = Case(route, client, make_user, make_agency, make_petition)
    sent = VALUES[value] if value != "malformed" else b"\xff\xfe" + case.valid[name].encode()
    data = dict(case.valid, **{name: sent})
    if name == "password":
        data.update(dict.fromkeys(route.repeat, sent))
    response = case.post(data)
    body = text(response)

    assert response.status_code not in (413, 500)
    assert SCRIPT not in body
    expected = route.fields[name]["outcomes"][value]
    if expected is ACCEPT:
        assert response.status_code == 302, field_errors(response)
        assert SCRIPT not in text(client.get(response.location))
        saved = case.saved()
        if route.fields[name]["secret"]:
            assert verify_password(saved[name], sent)
        elif name in saved:
            assert saved[name] == STORED[value]
            assert not set(saved[name]) & BIDI_CONTROLS
        return

    assert response.status_code in (200, 400)
    assert field_errors(response), "no error is shown next to any field"
    assert russian(case.client.application, expected) in error_of(response, name)
    shown = _Forms(body).fields_of(case.page, case.url)
    kept = {other: data[other] for other in route.fields if other != name and not route.fields[other]["secret"]}
    assert {other: shown[other] for other in kept} == kept, "what was typed in other fields is lost"
    if route.fields[name]["typed"]:
        assert shown[name] == SHOWN_AGAIN[value] + (case.valid[name] if value == "malformed" else "")


# --- Forged and repeated posts ---------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES, ids=repr)
def test_a_post_without_csrf_token_is_refused_in_russian_and_changes_nothing(
    route, app, client, make_user, make_agency, make_petition
):
    case = Case(route, client, make_user, make_agency, make_petition)
    before = snapshot()
    response = case.post(case.valid, csrf=False)
    assert response.status_code == 400
    assert '<html lang="ru"' in text(response)
    assert russian(app, CSRF_TEXT) in unescape(text(response))
    assert snapshot() == before
    if route.signed_in:
        assert client.get(f"/{LOCALE}/account").status_code == 200, "the post signed the person out"


def _count_accounts(email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.email == email))


def test_the_same_registration_posted_twice_creates_one_account(client, make_user, make_agency):
    case = Case(REGISTER, client, make_user, make_agency)
    data = dict(NEW_ACCOUNT, csrf_token=client.csrf_token(case.url))
    responses = [client.post(case.url, data=data) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert _count_accounts(NEW_ACCOUNT["email"]) == 1


def test_a_double_click_on_register_creates_one_account_and_no_error(app, client, make_user, make_agency, monkeypatch):
    """Both requests check the address before either has saved: the second must not fail."""
    case = Case(REGISTER, client, make_user, make_agency)
    data = dict(NEW_ACCOUNT, csrf_token=client.csrf_token(case.url))
    both_checked = threading.Barrier(2, timeout=10)
    find_by_email = services.find_by_email

    def find_then_wait(email):
        found = find_by_email(email)
        both_checked.wait()
        return found

    monkeypatch.setattr(services, "find_by_email", find_then_wait)
    statuses = []
    session = client.get_cookie("session").value

    def click():
        browser = app.test_client()
        browser.set_cookie("session", session)
        try:
            statuses.append(browser.post(case.url, data=data).status_code)
        except Exception as error:  # noqa: BLE001 - the test client re-raises what would be a 500
            statuses.append(repr(error))

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert statuses == [302, 302]
    assert _count_accounts(NEW_ACCOUNT["email"]) == 1


def test_dates_out_of_any_plausible_range_are_refused_in_the_users_language(client, make_user, make_agency):
    """Year 1 or 9999 in a date is a typo; refused with a message, never an overflow."""
    official = make_user(role=Role.OFFICIAL, agency=make_agency())
    assert client.login(official.email, PASSWORD, LOCALE).status_code == 302
    for opens in ("0001-01-01", "9999-12-31"):
        fields = {"title": "Проект закона", "summary": "Обсуждение.", "opens_on": opens, "closes_on": "2027-01-31"}
        response = client.submit(f"/{LOCALE}/consultations/new", fields, form_url=f"/{LOCALE}/consultations/new")
        assert response.status_code in (200, 400)
        assert "Выберите дату между 2000 и 2100 годами." in field_errors(response)
