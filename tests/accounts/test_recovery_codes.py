"""New recovery codes on the two-step sign-in page: the password or the app's current code asks for them, every
old code stops working, the new ones are shown once and kept hashed, and the page says how many are left."""

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from app.accounts import two_factor
from app.accounts.models import RecoveryCode
from app.accounts.passwords import hash_password
from app.audit.models import AuditEvent
from app.extensions import db
from tests.accounts.test_two_factor import RECOVERY, code_at, enrol
from tests.conftest import PASSWORD
from tests.helpers import field_errors, text

PAGE, NEW_CODES = "/en/account/two-step", "/en/account/two-step/recovery-codes"
WRONG = "This is neither your password nor the current code from your authenticator app."


@pytest.fixture
def account(client, make_user):
    """A citizen signed in on `client`, with two-step sign-in: (user, secret, recovery codes)."""
    user = make_user(locale="ru")
    client.login(user.email, PASSWORD)
    secret, codes = enrol(client)
    db.session.refresh(user)
    return user, secret, codes


def _renew(client, proof: str):
    return client.submit(NEW_CODES, {"proof": proof}, form_url=PAGE)


def _digests(user) -> list[str]:
    db.session.expire_all()
    return db.session.scalars(select(RecoveryCode.digest).where(RecoveryCode.user_id == user.id)).all()


def _audited(action: str) -> list[dict]:
    return [e.details for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))]


def _signs_in(app, user, code: str) -> bool:
    browser = app.test_client()
    browser.login(user.email, PASSWORD)
    return browser.submit("/en/account/login/code", {"code": code}).status_code == 302


def test_the_page_says_how_many_unused_codes_are_left(app, client, account):
    user, _secret, codes = account
    assert "You have 10 unused recovery codes." in text(client.get(PAGE))
    assert two_factor.check_code(user, codes[0]) == two_factor.RECOVERY_CODE
    db.session.commit()
    assert "You have 9 unused recovery codes." in text(client.get(PAGE))
    with app.test_request_context(), force_locale("ru"):
        in_russian = ngettext("You have %(num)d unused recovery code.", "You have %(num)d unused recovery codes.", 9)
    assert "9" in in_russian and in_russian != "You have 9 unused recovery codes."
    assert in_russian in text(client.get("/ru/account/two-step"))


def test_the_password_gives_new_codes_once_and_every_old_code_stops_working(app, client, account):
    user, _secret, old = account
    old_digests = set(_digests(user))
    shown = _renew(client, PASSWORD)
    assert shown.status_code == 200, field_errors(shown)
    assert "Your new recovery codes" in text(shown) and shown.headers["Cache-Control"] == "no-store"
    codes = RECOVERY.findall(text(shown))
    assert len(set(codes)) == 10 and not set(codes) & set(old)
    stored = _digests(user)
    assert len(stored) == 10 and not set(stored) & old_digests
    assert not any(code.replace("-", "") in digest for code in codes for digest in stored)  # hashed
    assert not RECOVERY.search(text(client.get(PAGE)))  # never shown again
    assert _audited("account.recovery_codes_renewed") == [{"proof": "password"}]

    assert not _signs_in(app, user, old[1])
    assert _signs_in(app, user, codes[0])


def test_the_apps_current_code_gives_new_codes_but_only_once(client, account):
    user, secret, _old = account
    code = code_at(secret, 1)  # the set-up used this half-minute's code
    shown = _renew(client, code)
    assert shown.status_code == 200 and len(RECOVERY.findall(text(shown))) == 10
    digests = _digests(user)
    replayed = _renew(client, code)
    assert replayed.status_code == 400 and field_errors(replayed) == [WRONG]
    assert _digests(user) == digests
    assert _audited("account.recovery_codes_renewed") == [{"proof": "app"}]


@pytest.mark.parametrize("proof", ["not my password at all", "wrong app code", "recovery code", ""])
def test_without_the_password_or_the_apps_code_nothing_changes(client, account, proof):
    user, secret, old = account
    if proof == "wrong app code":
        proof = "000000" if code_at(secret) != "000000" else "111111"
    elif proof == "recovery code":  # it may be what was lost
        proof = old[0]
    digests = _digests(user)
    refused = _renew(client, proof)
    assert refused.status_code == 400 and field_errors(refused) == [WRONG if proof else "Please fill in this field."]
    assert "You have 10 unused recovery codes." in text(refused)
    assert _digests(user) == digests and two_factor.unused_recovery_codes(user) == 10
    assert _audited("account.recovery_codes_renewed") == []
    assert bool(proof) == (_audited("account.two_factor_failed")[-1:] == [{"during": "new-recovery-codes"}])


def test_an_older_account_whose_password_is_six_digits_still_gets_new_codes(client, account):
    """Passwords were not always ten characters long: one that looks like a code is tried as a password too."""
    user, _secret, _old = account
    user.password_hash = hash_password("123456")
    db.session.commit()
    assert _renew(client, "123456").status_code == 200
    assert _audited("account.recovery_codes_renewed") == [{"proof": "password"}]


def test_no_csrf_token_no_new_codes(client, account):
    user, _secret, _old = account
    digests = _digests(user)
    assert client.post(NEW_CODES, data={"proof": PASSWORD}).status_code == 400
    assert _digests(user) == digests


def test_an_account_without_two_step_sign_in_gets_no_codes(client, make_user):
    user = make_user()
    client.login(user.email, PASSWORD)
    answer = client.submit(NEW_CODES, {"proof": PASSWORD}, form_url="/en/account")
    assert answer.status_code == 302 and answer.location.endswith(PAGE)
    assert _digests(user) == []


def test_wrong_passwords_are_limited_per_account(app, client, account, monkeypatch):
    monkeypatch.setitem(app.config, "OVOZ_RATELIMIT_LOGIN", "3 per minute")
    user, _secret, _old = account
    for _ in range(3):
        assert _renew(client, "not my password at all").status_code == 400
    other = app.test_client()  # another device of the account, from the same or another address
    other.login(user.email, PASSWORD)
    other.submit("/en/account/login/code", {"code": account[2][5]})
    assert _renew(other, PASSWORD).status_code == 429
