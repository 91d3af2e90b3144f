"""Someone signs by e-mail with a registered person's address; the owner signs in and signs with one click:
the count goes up by one, under the owner's name, and the other person's name is kept nowhere (issue 15, item 8)."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.petitions import signing
from app.petitions.models import Signature, SignatureState
from tests.browser.helpers import flash, sign_in, translator
from tests.browser.test_petitions import signatures
from tests.helpers import link_in, sent_emails

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_an_owner_signs_over_a_signature_given_with_their_address(
    app, page, live_server, make_user, make_petition, run_jobs, locale
):
    t = translator(app, locale)
    assert t("Sign this petition") != "Sign this petition"
    owner = make_user(locale=locale, display_name="Дилноза", region_code="TJ-DU", email=f"dilnoza-{locale}@example.org")
    petition = make_petition(title="Роҳи Варзобро таъмир кунед")
    signing.sign_as_user(petition, make_user())
    db.session.commit()
    url = f"/{locale}/petitions/{petition.id}"

    # Someone else, not signed in, signs with the owner's address: nothing counts yet.
    page.goto(url)
    form = page.locator("#sign form")
    form.get_by_label(t("Your name"), exact=True).fill("Бегона Одам")
    form.get_by_label(t("E-mail address"), exact=True).fill(owner.email.upper())
    form.get_by_label(t("Where you live"), exact=True).select_option("TJ-SU")
    form.get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))
    page.goto(url)
    expect(page.locator("#count-heading")).to_have_text(signatures(app, locale, 1))

    # The owner signs in and signs with one click: it counts, as theirs.
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, owner.email)
    page.goto(url)
    box = page.locator("#sign")
    expect(box).to_contain_text(
        t(
            "A signature with your e-mail address is waiting for confirmation by the link we sent."
            " Sign here to count it as yours."
        )
    )
    box.get_by_role("button", name=t("Sign this petition"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your signature is counted."))
    expect(page.locator("#count-heading")).to_have_text(signatures(app, locale, 2))
    expect(box).to_contain_text(t("You have signed this petition."))

    # The link mailed to the owner counts nothing more; the other person's name is nowhere.
    run_jobs()
    (mail,) = sent_emails(owner.email)
    assert "Бегона" not in mail.body and "Дилноза" in mail.body
    page.goto(live_server + link_in(mail.body))
    expect(flash(page)).to_have_text(t("Your signature was already counted."))
    expect(page.locator("#count-heading")).to_have_text(signatures(app, locale, 2))
    db.session.expire_all()
    (signature,) = db.session.scalars(select(Signature).where(Signature.email == owner.email))
    assert (signature.state, signature.name, signature.user_id) == (SignatureState.CONFIRMED, "Дилноза", owner.id)
