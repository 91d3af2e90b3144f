"""Azerbaijan's ASAN Login (token single sign-on), as its integrators call it in public code (its guide is not public).

The browser goes to {OVOZ_ASAN_URL}/auth?origin=<our callback>, signs in there, and comes back to that origin. The
token is not in that address: ASAN Login keeps the sign-in in a cookie of its own domain and hands the token only to
a page that fetches {OVOZ_ASAN_URL}/ssoauthz/api/v1/token with that cookie. So the callback first answers with a
small page (`relay`) whose script fetches the token and posts it back with our `state`, which ties it to this browser.
The server then checks the JWT itself (signature against ASAN's keys, expiry) and asks ASAN Login whether it still
holds, at {api}/ssoauthz/api/v1/token/check: a token from another site, a forged one or an old one is refused.
"""

import hmac
import logging
import re
import secrets
from urllib.parse import urlencode, urlsplit

import requests
from flask import make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from app.core.security import CONTENT_SECURITY_POLICY
from app.identity.providers import IdentityError, VerifiedIdentity, unreachable

log = logging.getLogger(__name__)

#: The cookie session's key for the state of a sign-in under way, bound to the answer the browser brings back.
STATE = "ovoz_asan_state"
#: Public-key signatures only: a token "signed" with none or with a shared secret is no proof from ASAN Login.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
#: A FIN (fərdi identifikasiya nömrəsi): the 7 letters and digits printed on an Azerbaijani identity card.
FIN = re.compile(r"[0-9A-Z]{7}")
TIMEOUT = 10  # seconds, for each request to ASAN Login


class AsanProvider:
    """ASAN Login, as configured by the OVOZ_ASAN_* settings."""

    name = "asan"

    def __init__(self, settings: dict):
        self.label = settings["OVOZ_ASAN_NAME"]
        self.url = settings["OVOZ_ASAN_URL"].rstrip("/")
        self.api_url = (settings["OVOZ_ASAN_API_URL"] or self.url).rstrip("/")
        self.keys_url = settings["OVOZ_ASAN_KEYS_URL"] or f"{self.api_url}/ssoauthz/api/v1/token/certs"
        self._keys: KeySet | None = None  # fetched once, again when a token names a key not among them

    def begin(self, redirect_uri: str):
        session[STATE] = state = secrets.token_urlsafe(32)
        origin = f"{redirect_uri}?{urlencode({'state': state})}"
        return redirect(f"{self.url}/auth?{urlencode({'origin': origin})}")

    def relay(self):
        """The page that fetches the token from ASAN Login in the browser and posts it here; None when the request
        already brings a token, or a state of another browser (then `finish` refuses it)."""
        answer = _answer()
        if request.method != "GET" or answer.get("token") or not _state_holds(answer.get("state"), session.get(STATE)):
            return None
        page = render_template(
            "identity/asan_relay.html",
            label=self.label,
            token_url=f"{self.url}/ssoauthz/api/v1/token",
            callback=url_for("identity_callback.callback", name=self.name),
            state=answer["state"],
        )
        response = make_response(page)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.url))
        policy = CONTENT_SECURITY_POLICY.replace("connect-src 'self'", f"connect-src 'self' {origin}")
        response.headers["Content-Security-Policy"] = policy  # the one address the script may fetch from
        return response

    def finish(self) -> VerifiedIdentity:
        answer = _answer()
        if not _state_holds(answer.get("state"), session.pop(STATE, None)):
            log.warning("ASAN Login answer refused: not the state of this browser")
            raise IdentityError(_("ASAN Login did not confirm this sign-in. Please sign in with ASAN Login again."))
        person = _person(self._claims(str(answer.get("token") or "").strip()))
        number = str(person.get("pin") or "").strip().upper()
        if not FIN.fullmatch(number):  # the number itself is never logged
            log.warning("ASAN Login token without a FIN of 7 letters and digits")
            raise IdentityError(_("The e-ID service did not give your personal number, so Ovoz cannot use it."))
        return VerifiedIdentity(
            provider=self.name,
            subject="",  # ASAN Login names a person by the FIN alone, which is kept only as its keyed hash
            national_id=number,
            given_name=str(person.get("name") or "").strip(),
            family_name=str(person.get("surname") or "").strip(),
        )

    def _claims(self, token: str) -> dict:
        """The token's claims, once its signature, its expiry and ASAN Login itself vouch for it."""
        try:
            claims = self._signed_claims(token)
            self._check_at_asan(token)
        except ExpiredTokenError:
            log.warning("ASAN Login token refused: expired")
            raise IdentityError(
                _("Your ASAN Login sign-in has expired. Please sign in with ASAN Login again.")
            ) from None
        except requests.RequestException as error:
            log.warning("ASAN Login unreachable: %s", type(error).__name__)
            raise unreachable() from None
        except (JoseError, ValueError) as error:  # the class only: the message may quote the token
            log.warning("ASAN Login token refused: %s", type(error).__name__)
            raise IdentityError(
                _("ASAN Login did not confirm this sign-in. Please sign in with ASAN Login again.")
            ) from None
        return claims

    def _signed_claims(self, token: str) -> dict:
        """The claims of a token signed with one of ASAN Login's keys, not expired (`exp` is required)."""
        if not token:
            raise ValueError("no token")
        try:
            decoded = jwt.decode(token, self._key_set(), algorithms=ALGORITHMS)
        except InvalidKeyIdError:  # a key ASAN Login added since they were fetched: fetch them once more
            decoded = jwt.decode(token, self._key_set(fresh=True), algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(exp={"essential": True}).validate(decoded.claims)
        return decoded.claims

    def _key_set(self, fresh: bool = False) -> KeySet:
        if self._keys is None or fresh:
            response = requests.get(self.keys_url, timeout=TIMEOUT)
            response.raise_for_status()
            self._keys = KeySet.import_key_set(response.json())
        return self._keys

    def _check_at_asan(self, token: str) -> None:
        """ASAN Login's own word that the token holds (it answers 401 for one it no longer knows, e.g. signed out)."""
        response = requests.get(
            f"{self.api_url}/ssoauthz/api/v1/token/check", headers={"Authorization": token}, timeout=TIMEOUT
        )
        if response.status_code >= 500:
            response.raise_for_status()  # ASAN Login is down: not the person's fault
        body = response.json() if response.status_code == 200 else {}
        if response.status_code != 200 or body.get("status", 200) != 200:
            raise ValueError("token not confirmed by ASAN Login")


def _answer():
    """What the browser brought back: posted by the relay page, or in the query."""
    return request.form if request.method == "POST" else request.args


def _person(claims: dict) -> dict:
    """Who the token is about: its `main.person` (FIN in `pin`, then `name`, `surname`, `fatherName`)."""
    main = claims.get("main")
    person = main.get("person") if isinstance(main, dict) else None
    return person if isinstance(person, dict) else {}


def _state_holds(given, expected) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))
