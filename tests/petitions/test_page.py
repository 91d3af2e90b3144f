"""The petition page: the count and deadline first, the signed state instead of the sign form, a link to pass on."""

import re
from urllib.parse import quote

from app.petitions.models import State
from tests.conftest import PASSWORD
from tests.helpers import text

SIGN_HEADING = '<h2 id="sign-heading">Sign this petition</h2>'


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def test_the_count_and_the_deadline_come_before_the_request(client, make_petition):
    petition = make_petition()
    page = text(client.get(f"/en/petitions/{petition.id}"))
    count, deadline, request = (
        page.index('id="count-heading"'),
        page.index(">Deadline<"),
        page.index('id="request-heading"'),
    )
    assert count < deadline < request
    assert page.index('href="#sign"') < request, "a jump to the sign form near the top"


def test_after_signing_the_page_says_so_instead_of_asking_again(app, make_user, make_petition):
    petition = make_petition()
    browser = _signed_in(app, make_user())
    url = f"/en/petitions/{petition.id}"
    assert SIGN_HEADING in text(browser.get(url))
    signed = browser.submit(f"{url}/sign", form_url=url)
    page = text(browser.get(signed.location))
    assert SIGN_HEADING not in page and 'href="#sign"' not in page
    assert '<h2 id="sign-heading">Thank you for signing</h2>' in page
    assert "Sign this petition</button>" not in page and "Withdraw my signature" in page


def test_a_signer_by_email_sees_the_signed_state_after_the_link(client, make_petition):
    petition = make_petition()
    page = text(client.get(f"/en/petitions/{petition.id}?signature=counted"))
    assert "Thank you for signing" in page and SIGN_HEADING not in page and 'name="email"' not in page


def test_the_link_to_pass_on_has_a_copy_button_and_share_links_without_scripts(client, make_petition):
    petition = make_petition()
    page = text(client.get(f"/en/petitions/{petition.id}"))
    url = f"http://localhost/en/petitions/{petition.id}"
    assert re.search(r'<input type="text" id="petition-link" readonly value="' + re.escape(url), page)
    assert "data-copy-button" in page and "/static/js/copy-link.js" in page
    assert f"https://t.me/share/url?url={quote(url, safe='/')}" in page
    assert f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='/')}" in page
    assert "https://wa.me/?text=" in page and "mailto:?subject=" in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all('src="/static/' in tag for tag in scripts), "no inline or third-party script"


def test_the_author_gets_the_sponsor_link_with_a_copy_button(app, make_user, make_petition):
    author = make_user()
    petition = make_petition(state=State.SPONSORING, author=author)
    page = text(_signed_in(app, author).get(f"/en/petitions/{petition.id}"))
    box = page[page.index('id="share-heading"') :]
    assert f"/sponsor/{petition.sponsor_token}" in box and 'id="sponsor-link"' in box and "data-copy-button" in box
    assert "https://t.me/share/url?url=" in box
