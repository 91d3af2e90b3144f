"""Starting and signing petitions are rate-limited per address and per account (or e-mail address)."""

import pytest

from app import create_app
from tests.helpers import WebClient


@pytest.fixture
def strict_app(settings):
    app = create_app(dict(settings, OVOZ_RATELIMIT_SIGN="2 per minute", OVOZ_RATELIMIT_PETITION="1 per minute"))
    app.test_client_class = WebClient
    return app


def _sign(client, petition_id: int, email: str):
    url = f"/en/petitions/{petition_id}"
    return client.submit(f"{url}/sign", {"name": "Amina", "email": email, "region_code": "TJ-SU"}, form_url=url)


def test_signing_is_limited_per_address(strict_app, app, make_petition):
    petition = make_petition()
    client = strict_app.test_client()
    statuses = [_sign(client, petition.id, f"person{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_signing_is_limited_per_email_address_across_addresses(strict_app, app, make_petition):
    petitions = [make_petition(), make_petition(), make_petition()]
    client = strict_app.test_client()
    statuses = []
    for number, petition in enumerate(petitions):
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number + 2}"
        statuses.append(_sign(client, petition.id, "same@example.org").status_code)
    assert statuses == [302, 302, 429]


def test_starting_petitions_is_limited_per_account(strict_app, app, make_user):
    from tests.conftest import PASSWORD

    user = make_user()
    client = strict_app.test_client()
    assert client.login(user.email, PASSWORD).status_code == 302
    fields = {"title": "Fix the road", "request": "Please fix it.", "background": "", "category": "transport"}
    fields |= {"agency_id": "", "region_code": ""}
    first = client.submit("/en/petitions/new", fields)
    client.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    second = client.submit("/en/petitions/new", fields)
    assert (first.status_code, second.status_code) == (302, 429)
