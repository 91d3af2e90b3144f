"""New passwords must be hard to guess and not made of the person's address or name, on every page that
sets one and in `flask users create-admin`; the reason is said in the user's language."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.password_rules import password_problem
from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import field_errors

NEW = {
    "display_name": "Nigina Rahimova",
    "email": "nigina.rahimova@example.org",
    "region_code": "",
    "locale": "tg",
    "accept_terms": "y",
}
REASONS = {
    "ru": {
        "common": "Это один из самых распространённых паролей.",
        "personal": "Пароль не должен содержать ваш адрес электронной почты или ваше имя.",
        "keyboard": "Клавиши, идущие подряд на клавиатуре, легко угадать.",
    },
    "tg": {
        "common": "Ин яке аз рамзҳои аз ҳама маъмул аст.",
        "personal": "Рамз набояд суроғаи почтаи электронӣ ё номи шуморо дар бар гирад.",
        "keyboard": "Тугмаҳои паи ҳам дар клавиатураро тахмин кардан осон аст.",
    },
}
WEAK = {"common": "password123", "personal": "NiginaRahimova!", "keyboard": "asdfghjkl;'"}


def register(client, locale, password):
    data = dict(NEW, password=password, password_again=password)
    return client.submit(f"/{locale}/account/register", data)


def test_the_test_password_and_the_demo_password_are_good():
    from app.demo.accounts import DEMO_PASSWORD

    assert password_problem(PASSWORD, "person1@example.org", "Person 1") is None
    assert password_problem(DEMO_PASSWORD, "admin@demo.ovoz.example", "Фарида Раҳимова") is None


@pytest.mark.parametrize("locale", ["ru", "tg"])
@pytest.mark.parametrize("kind", ["common", "personal", "keyboard"])
def test_registration_refuses_weak_passwords_with_the_reason_in_the_users_language(client, locale, kind):
    refused = register(client, locale, WEAK[kind])
    assert refused.status_code == 200
    (error,) = [e for e in field_errors(refused) if REASONS[locale][kind] in e]
    assert "easy to guess" not in error and "e-mail" not in error  # no English left
    assert db.session.scalar(select(User)) is None


def test_registration_accepts_a_passphrase(client):
    assert register(client, "ru", "tea garden under the pamirs").status_code == 302


def test_a_new_password_may_not_be_the_name_nor_weak(client, make_user):
    user = make_user(display_name="Rustam Boboev", email="rustam.b@example.org", locale="ru")
    client.login(user.email, PASSWORD, locale="ru")
    for weak, reason in (("Rustam Boboev 1", "personal"), ("password123", "common")):
        data = {"current_password": PASSWORD, "password": weak, "password_again": weak}
        refused = client.submit("/ru/account/password", data, form_url="/ru/account")
        assert refused.status_code == 400
        assert any(REASONS["ru"][reason] in error for error in field_errors(refused))


def test_a_reset_password_may_not_contain_the_address(app, client, make_user):
    from app.accounts import tokens

    user = make_user(email="zarina.yusupova@example.org", locale="tg")
    with app.test_request_context():
        token = tokens.make_token(tokens.RESET, {"uid": user.id, "ph": user.password_hash[-16:]})
    weak = "zarina.yusupova2026"
    refused = client.submit(f"/tg/account/password/reset/{token}", {"password": weak, "password_again": weak})
    assert refused.status_code == 200
    assert REASONS["tg"]["personal"] in " ".join(field_errors(refused))


def cli(app, *args, password):
    return app.test_cli_runner().invoke(args=["users", *args], input=f"{password}\n{password}\n")


def test_create_admin_refuses_a_weak_password_and_says_why(app):
    result = cli(app, "create-admin", "--email", "boss@example.org", "--name", "Boss", password="x")
    assert result.exit_code != 0 and "Password refused" in result.output
    result = cli(app, "create-admin", "--email", "boss@example.org", "--name", "Boss", password="qwertyuiop")
    assert result.exit_code != 0 and "one of the most common passwords" in result.output
    result = cli(app, "create-admin", "--email", "boss@example.org", "--name", "Boss", password="boss@example.org1")
    assert result.exit_code != 0 and "must not contain your e-mail address" in result.output
    assert db.session.scalar(select(User)) is None
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["account.admin_refused"] * 3


def test_create_admin_is_audited(app):
    result = cli(app, "create-admin", "--email", "boss@example.org", "--name", "Boss", password="tea garden pamirs")
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User))
    assert admin.role == Role.ADMIN
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.target_id, event.details) == ("account.admin_created", admin.id, {"via": "cli"})


def test_reset_two_step_from_the_command_line_is_audited(app, make_user):
    user = make_user(role=Role.OFFICIAL, totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_enabled_at=None)
    result = app.test_cli_runner().invoke(args=["users", "reset-two-step", user.email])
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.totp_secret is None
    assert db.session.scalar(select(AuditEvent.action)) == "account.two_factor_reset"


def test_only_the_whole_name_or_address_is_refused_outright(app):
    with app.test_request_context():
        assert password_problem("nodira-sunflower-teapot", "ab@example.org", "Nodira Karimova") is None
        assert password_problem("xx Nodira Karimova", "ab@example.org", "Nodira Karimova") is not None
