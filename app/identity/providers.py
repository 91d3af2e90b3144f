"""The one interface every e-ID adapter speaks: begin a sign-in (a redirect to the provider), finish it (a
verified identity). Adapters are small; the rules of accounts are in services.py, whatever the provider."""

from dataclasses import dataclass, field
from typing import Protocol

from flask_babel import gettext as _
from werkzeug.wrappers import Response


class IdentityError(Exception):
    """A sign-in with an e-ID that cannot be accepted; the message is for the person."""


def unchecked() -> IdentityError:
    """The provider's answer did not hold (a wrong state, a bad code or token): what every adapter tells the person."""
    return IdentityError(_("The e-ID service's answer could not be checked. Please try again."))


def unreachable() -> IdentityError:
    """The provider did not answer in time: what every adapter tells the person."""
    return IdentityError(_("The e-ID service does not answer. Please try again later."))


@dataclass(frozen=True)
class VerifiedIdentity:
    """What a provider vouches for. `national_id` is hashed at once and never stored nor logged (not in repr)."""

    provider: str
    subject: str
    national_id: str = field(repr=False)
    given_name: str = ""
    family_name: str = ""
    email: str | None = None  # only an address the provider says it verified

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)[:80]


class IdentityProvider(Protocol):
    """An e-ID service this deployment signs people in with."""

    name: str  # in URLs and the database: "oidc"
    label: str  # on the button: "Tunduk ESIA"

    def begin(self, redirect_uri: str) -> Response:
        """Send the person to the provider, which sends them back to `redirect_uri`."""

    def finish(self) -> VerifiedIdentity:
        """Check the provider's answer in the current request; raise IdentityError if it does not hold."""

    # Optional, for a provider whose answer the browser must fetch itself (ASAN Login): `relay()` returns the page
    # that does it and posts the answer to the callback, or None when the request already brings the answer.
