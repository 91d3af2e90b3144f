"""The generic OpenID Connect adapter (Kyrgyzstan's Tunduk ESIA, or any OIDC service), on Authlib's Flask client.

Authlib does the checks: discovery, state (kept in the cookie session), PKCE (S256), nonce, and the id_token's
signature (the provider's published keys), issuer, audience and expiry. This module only maps the claims.
"""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask_babel import gettext as _
from joserfc.errors import JoseError

from app.identity.providers import IdentityError, VerifiedIdentity, unchecked, unreachable

log = logging.getLogger(__name__)

#: What a provider's answer can fail with: a wrong or replayed state, a bad code, a token that does not check out.
_REFUSED = (AuthlibBaseError, JoseError, requests.RequestException, ValueError, KeyError)


class OidcProvider:
    """One OpenID Connect provider, as configured by the OVOZ_OIDC_* settings."""

    name = "oidc"

    def __init__(self, settings: dict):
        self.label = settings["OVOZ_OIDC_NAME"]
        self.id_claim = settings["OVOZ_OIDC_ID_CLAIM"]
        self.response_mode = settings["OVOZ_OIDC_RESPONSE_MODE"]
        issuer = settings["OVOZ_OIDC_ISSUER"].rstrip("/")
        self.client = FlaskOAuth2App(
            FlaskIntegration(self.name),
            self.name,
            client_id=settings["OVOZ_OIDC_CLIENT_ID"],
            client_secret=settings["OVOZ_OIDC_CLIENT_SECRET"],
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": settings["OVOZ_OIDC_SCOPES"],
                "code_challenge_method": "S256",
                "default_timeout": 10,
            },
        )

    def begin(self, redirect_uri: str):
        extra = {"response_mode": self.response_mode} if self.response_mode else {}
        try:
            return self.client.authorize_redirect(redirect_uri, **extra)
        except _REFUSED as error:  # the provider's discovery document did not answer
            log.warning("e-ID provider %s unreachable: %s", self.name, type(error).__name__)
            raise unreachable() from None

    def finish(self) -> VerifiedIdentity:
        try:
            claims = self._claims()
        except _REFUSED as error:  # the class only: the message may quote claims
            log.warning("e-ID answer refused by %s: %s", self.name, type(error).__name__)
            raise unchecked() from None
        number = str(claims.get(self.id_claim) or "").strip()
        if not number:
            log.warning("e-ID answer of %s has no claim %s", self.name, self.id_claim)
            raise IdentityError(_("The e-ID service did not give your personal number, so Ovoz cannot use it."))
        verified_email = claims.get("email") if claims.get("email_verified") is True else None
        return VerifiedIdentity(
            provider=self.name,
            subject=str(claims["sub"])[:255],
            national_id=number,
            given_name=str(claims.get("given_name") or "").strip(),
            family_name=str(claims.get("family_name") or "").strip(),
            email=verified_email if isinstance(verified_email, str) else None,
        )

    def _claims(self) -> dict:
        """The checked id_token's claims, with the userinfo endpoint's when the number is only there."""
        token = self.client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if not claims.get("sub"):  # no id_token: OpenID Connect without it is not sign-in
            raise ValueError("no id_token")
        if self.id_claim not in claims and self.client.load_server_metadata().get("userinfo_endpoint"):
            more = self.client.userinfo(token=token)
            if more.get("sub") != claims["sub"]:  # OpenID Connect Core 5.3.2: the same person, or nothing
                raise ValueError("userinfo of another subject")
            claims = dict(more) | claims
        return claims
