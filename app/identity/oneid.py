"""Uzbekistan's OneID (sso.egov.uz), which is not OpenID Connect: one endpoint does everything.

The browser goes there with `response_type=one_code` and comes back with a `code` and our `state`. Ovoz then POSTs
`grant_type=one_authorization_code` (with its client secret) for an access token, and
`grant_type=one_access_token_identify` for the person: `pin` (the 14-digit PINFL), `first_name`, `sur_name`,
`user_type` (I: a person, L: a legal entity) and more. There is no signed token to check: the profile is believed
because it comes from the configured endpoint, over TLS, to a call made with the client secret; and the `state`
binds the answer to the browser that started. Nothing here logs the profile: it holds the PINFL.
"""

import logging
import re
import secrets
from urllib.parse import urlencode

import requests
from flask import redirect, request, session
from flask_babel import gettext as _

from app.identity.providers import IdentityError, VerifiedIdentity, unchecked, unreachable

log = logging.getLogger(__name__)

#: The cookie session's key for a sign-in under way: the state sent, and the redirect URI its code is bound to.
FLOW = "ovoz_oneid_flow"
TIMEOUT = 10  # seconds for each call to OneID
PINFL = re.compile(r"\d{14}")
LEGAL_ENTITY_SIGN_IN = "LEPKCSMETHOD"  # signed in with an organisation's e-signature key


class OneIdProvider:
    """OneID, as configured by the OVOZ_ONEID_* settings."""

    name = "oneid"

    def __init__(self, settings: dict):
        self.label = settings["OVOZ_ONEID_NAME"]
        self.url = settings["OVOZ_ONEID_URL"]
        self.client_id = settings["OVOZ_ONEID_CLIENT_ID"]
        self.client_secret = settings["OVOZ_ONEID_CLIENT_SECRET"]
        self.scope = settings["OVOZ_ONEID_SCOPE"]

    def begin(self, redirect_uri: str):
        state = secrets.token_urlsafe(32)
        session[FLOW] = {"state": state, "redirect_uri": redirect_uri}
        query = {
            "response_type": "one_code",
            "client_id": self.client_id,
            "redirect_uri": redirect_uri,
            "scope": self.scope,
            "state": state,
        }
        return redirect(f"{self.url}{'&' if '?' in self.url else '?'}{urlencode(query)}")

    def finish(self) -> VerifiedIdentity:
        flow = session.pop(FLOW, None) or {}  # an answer works once, in the browser that started
        code, state = request.args.get("code", ""), request.args.get("state", "")
        if not (code and flow.get("state") and secrets.compare_digest(state.encode(), flow["state"].encode())):
            log.warning("e-ID answer refused by %s: no code, or not the state of this browser", self.name)
            raise unchecked()
        token = self._post("one_authorization_code", redirect_uri=flow["redirect_uri"], code=code).get("access_token")
        if not isinstance(token, str) or not token:
            raise IdentityError(_("This sign-in with the e-ID service has expired or was used already. Start again."))
        profile = self._post("one_access_token_identify", access_token=token, scope=self.scope)
        if not profile:
            raise unchecked()
        return self._identity(profile)

    def _post(self, grant_type: str, **fields) -> dict:
        """One call to OneID: its JSON answer, or {} when it refused (logged by its error code, never its data)."""
        form = {"grant_type": grant_type, "client_id": self.client_id, "client_secret": self.client_secret, **fields}
        try:
            response = requests.post(self.url, data=form, timeout=TIMEOUT)
        except requests.RequestException as error:
            log.warning("e-ID provider %s unreachable: %s", self.name, type(error).__name__)
            raise unreachable() from None
        if response.status_code >= 500:
            log.warning("e-ID provider %s failed: HTTP %s on %s", self.name, response.status_code, grant_type)
            raise unreachable()
        try:
            answer = response.json()
        except ValueError:
            answer = None
        # The public guides document the answers, not the refusals: an HTTP error, an `error`, a `ret_cd` not 0.
        if response.ok and isinstance(answer, dict) and "error" not in answer and str(answer.get("ret_cd", 0)) == "0":
            return answer
        error = answer.get("error", answer.get("ret_cd")) if isinstance(answer, dict) else None
        log.warning("e-ID answer refused by %s: %s, HTTP %s, %.40r", self.name, grant_type, response.status_code, error)
        return {}

    def _identity(self, profile: dict) -> VerifiedIdentity:
        """The person of a OneID profile; a legal entity or a profile without a PINFL is refused."""
        user_type = str(profile.get("user_type") or "").upper()
        if user_type == "L" or profile.get("auth_method") == LEGAL_ENTITY_SIGN_IN:
            raise IdentityError(
                _("This e-ID is an organisation's. Ovoz counts people: please sign in with your own personal e-ID.")
            )
        if user_type != "I":
            log.warning("e-ID answer of %s has an unknown user_type %.10r", self.name, user_type)
            raise unchecked()
        number = "".join(str(profile.get("pin") or "").split())
        if not PINFL.fullmatch(number):
            log.warning("e-ID answer of %s has no 14-digit pin", self.name)
            raise IdentityError(_("The e-ID service did not give your personal number, so Ovoz cannot use it."))
        return VerifiedIdentity(
            provider=self.name,
            subject=str(profile.get("user_id") or "")[:255],  # the person's OneID login
            national_id=number,
            given_name=_as_written(profile.get("first_name")),
            family_name=_as_written(profile.get("sur_name")),
            email=None,  # OneID does not say it verified an address: the person chooses one and confirms it
        )


def _as_written(name) -> str:
    """A name as people write it: OneID gives the passport's capitals ("ALIYEV" becomes "Aliyev")."""
    name = " ".join(str(name or "").split())
    if not name.isupper():
        return name
    return re.sub(r"[^\s-]+", lambda word: word[0][0] + word[0][1:].lower(), name)
