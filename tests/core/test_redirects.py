"""Redirects stay on this site: a `next=` after sign-in and the page a review form was sent from."""

import pytest

from app.accounts.models import Role
from app.core.urls import local_path
from tests.conftest import PASSWORD

OFF_SITE = [
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "/en/\r\nSet-Cookie: x=1",
    "/en/\x00",
    "en/x",
    "",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_only_a_plain_path_on_this_site_is_followed(target):
    assert local_path(target) is None


def test_a_path_with_its_query_is_followed():
    assert local_path("/ru/review/petitions?page=2") == "/ru/review/petitions?page=2"


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_leaves_the_site(client, make_user, target):
    user = make_user()
    response = client.submit(
        "/en/account/login", {"email": user.email, "password": PASSWORD}, query_string={"next": target}
    )
    assert response.status_code == 302 and response.headers["Location"].startswith("/")
    assert not response.headers["Location"].startswith(("//", "/\\")) and "evil" not in response.headers["Location"]


@pytest.mark.parametrize(
    "referrer", ["http://localhost//evil.example/", "http://localhost/\\evil.example", "http://evil.example/x"]
)
def test_a_review_form_goes_back_only_to_a_page_of_this_site(client, make_user, referrer):
    assert client.login(make_user(role=Role.ADMIN).email, PASSWORD).status_code == 302
    response = client.submit(
        "/en/review/merge", {"ids": []}, form_url="/en/review/petitions", headers={"Referer": referrer}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/review/petitions")


def test_signing_in_follows_a_path_on_this_site(client, make_user):
    user = make_user()
    response = client.submit(
        "/en/account/login", {"email": user.email, "password": PASSWORD}, query_string={"next": "/en/petitions?page=2"}
    )
    assert response.headers["Location"] == "/en/petitions?page=2"
