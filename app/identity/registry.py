"""The e-ID providers this deployment configured, read from the settings when asked (none: no buttons)."""

from flask import current_app

from app.identity.asan import AsanProvider
from app.identity.demo import DemoProvider
from app.identity.oidc import OidcProvider
from app.identity.oneid import OneIdProvider
from app.identity.providers import IdentityProvider

#: The settings each adapter is built from; an adapter is on when its first setting is set.
_ADAPTERS = (
    (
        OidcProvider,
        (
            "OVOZ_OIDC_ISSUER",
            "OVOZ_OIDC_CLIENT_ID",
            "OVOZ_OIDC_CLIENT_SECRET",
            "OVOZ_OIDC_NAME",
            "OVOZ_OIDC_ID_CLAIM",
            "OVOZ_OIDC_SCOPES",
            "OVOZ_OIDC_RESPONSE_MODE",
        ),
    ),
    (
        OneIdProvider,
        ("OVOZ_ONEID_URL", "OVOZ_ONEID_CLIENT_ID", "OVOZ_ONEID_CLIENT_SECRET", "OVOZ_ONEID_SCOPE", "OVOZ_ONEID_NAME"),
    ),
    (AsanProvider, ("OVOZ_ASAN_URL", "OVOZ_ASAN_API_URL", "OVOZ_ASAN_KEYS_URL", "OVOZ_ASAN_NAME")),
    (DemoProvider, ("OVOZ_DEMO_EID",)),  # development and tests only (config.py refuses it elsewhere)
)


def configured() -> dict[str, IdentityProvider]:
    """The configured providers by name, in the order of the buttons.

    Each is built once per set of settings and kept on the app: its client holds the provider's discovery
    document and keys, which need not be fetched on every sign-in.
    """
    cache = current_app.extensions.setdefault("ovoz_identity", {})
    providers = {}
    for adapter, names in _ADAPTERS:
        settings = {name: current_app.config[name] for name in names}
        if not settings[names[0]]:
            continue
        key = (adapter, tuple(settings.values()))
        if key not in cache:
            cache[key] = adapter(settings)
        providers[cache[key].name] = cache[key]
    return providers


def provider(name: str) -> IdentityProvider | None:
    return configured().get(name)
