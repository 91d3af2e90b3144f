"""The demo e-ID (`OVOZ_DEMO_EID=1 make run`): a stand-in for a national identity service, played by Ovoz itself,
so that a newcomer can press "Sign in with e-ID" with no such service at hand. Config refuses it in production:
it vouches for whoever the person says they are.

It answers as a real provider does. begin() keeps a random `state` in the cookie session and sends the person to
Ovoz's own page of the demo service (routes.demo_authorize), where they choose a demo person or type a number; that
page sends them back to the callback with a one-time code (in Redis, single use, for CODE_SECONDS) and the state.
finish() checks both, and the account rules of services.py then run as with any provider.
"""

import hashlib
import hmac
import json
import logging
import re
import secrets
from dataclasses import asdict, dataclass

import redis
from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.queue import get_redis
from app.identity.providers import IdentityError, VerifiedIdentity, unchecked, unreachable

log = logging.getLogger(__name__)

NAME = "demo"
#: How long a one-time code works: the callback follows at once, so a minute is plenty.
CODE_SECONDS = 60
#: What a typed personal number may be, once spaces are taken out: letters and digits, as the region's numbers are.
NUMBER = re.compile(r"[A-Z0-9]{5,20}")
_STATE = "ovoz_eid_demo_state"
_CODE_KEY = "ovoz:eid-demo:code:"


@dataclass(frozen=True)
class DemoPerson:
    """Someone the demo service vouches for. The numbers are made up; `linked_to` is the demo account (app/demo)
    whose e-ID this person already is, so that a newcomer sees an e-ID refused for another account."""

    number: str
    given_name: str = ""
    family_name: str = ""
    country: str = ""
    email: str | None = None  # given as verified, so that a first sign-in makes an account at once
    linked_to: str | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


PEOPLE = (
    DemoPerson("31204880170021", "Jasur", "Rahimov", "uz", "jasur.rahimov@eid.demo.ovoz.example"),
    DemoPerson("12107199300345", "Айгерим", "Асанова", "kg", "aigerim.asanova@eid.demo.ovoz.example"),
    DemoPerson("519004237", "Малика", "Саидова", "tj", "malika.saidova@eid.demo.ovoz.example"),
    DemoPerson("30911850240058", "Sherzod", "Toshmatov", "uz", linked_to="citizen17@demo.ovoz.example"),
)
COUNTRIES = {"uz": _l("Uzbekistan"), "kg": _l("Kyrgyzstan"), "tj": _l("Tajikistan")}


def typed_person(typed: str) -> DemoPerson | None:
    """Someone known only by the number they typed (no names, no e-mail); None if it is not a plausible number."""
    number = "".join(typed.split()).upper()
    return DemoPerson(number) if NUMBER.fullmatch(number) else None


def chosen(args) -> tuple[DemoPerson | None, str | None]:
    """Who the person chose to be on the demo page (its query `args`), or what is wrong with the number typed."""
    index = args.get("person", type=int)
    if index is not None and 0 <= index < len(PEOPLE):
        return PEOPLE[index], None
    if "number" not in args:
        return None, None
    person = typed_person(args["number"])
    return person, None if person else _("Type a personal number of 5 to 20 letters and digits.")


def identity(person: DemoPerson) -> VerifiedIdentity:
    """What the demo service vouches for. Its subject is a pseudonym keyed by the app's secret, as a real provider's
    is: the linked_identities table must not hold the number, even a made-up one, in the clear."""
    key = current_app.config["SECRET_KEY"].encode()
    subject = "demo-" + hmac.new(key, b"demo-eid:" + person.number.encode(), hashlib.sha256).hexdigest()[:32]
    return VerifiedIdentity(NAME, subject, person.number, person.given_name, person.family_name, person.email)


def _refused(reason: str) -> IdentityError:
    log.warning("demo e-ID answer refused: %s", reason)
    return unchecked()


def _unreachable() -> IdentityError:
    log.warning("demo e-ID: Redis does not answer")
    return unreachable()


class DemoProvider:
    """The demo e-ID service, on when OVOZ_DEMO_EID is set (development and tests only)."""

    name = NAME
    label = _l("Demo e-ID")

    def __init__(self, settings: dict):
        """Nothing to set up: OVOZ_DEMO_EID only turns it on."""

    def begin(self, redirect_uri: str):
        # The page is Ovoz's own, on the host the person is browsing: it answers to the same callback as
        # `redirect_uri`, but by path, so the session cookie that holds the state comes along on any host name.
        state = session[_STATE] = secrets.token_urlsafe(24)
        return redirect(url_for("identity.demo_authorize", state=state))

    def answer(self, state: str, person: DemoPerson) -> str:
        """The callback address with a new one-time code for `person`: where the demo page sends the browser."""
        code = secrets.token_urlsafe(24)
        try:
            get_redis().set(_CODE_KEY + code, json.dumps(asdict(person)), ex=CODE_SECONDS)
        except redis.RedisError:
            raise _unreachable() from None
        return url_for("identity_callback.callback", name=self.name, code=code, state=state)

    def finish(self) -> VerifiedIdentity:
        expected = session.pop(_STATE, None)
        state = request.args.get("state", "")
        if not expected or not hmac.compare_digest(state.encode(), expected.encode()):
            raise _refused("state")
        person = self._redeem(request.args.get("code", ""))
        if person is None:
            raise _refused("unknown, expired or used code")
        return identity(person)

    def _redeem(self, code: str) -> DemoPerson | None:
        """The person a code was given for, once: reading and deleting are one transaction."""
        key = _CODE_KEY + code[:64]
        try:
            stored, deleted = get_redis().pipeline().get(key).delete(key).execute()
        except redis.RedisError:
            raise _unreachable() from None
        return DemoPerson(**json.loads(stored)) if stored and deleted else None
