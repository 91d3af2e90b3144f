"""Every route x every role: who may open what. A new route fails here until its policy is declared."""

import fnmatch

import pytest

from app.accounts.models import Role
from tests.conftest import PASSWORD
from tests.helpers import build_url

PUBLIC = "public"
SIGNED_IN = "signed in"
ANONYMOUS = "anonymous"
PEOPLE = (ANONYMOUS, *Role)

#: Endpoint patterns and who may use them; the first match wins.
POLICY = [
    ("static", PUBLIC),
    ("root.*", PUBLIC),
    ("main.*", PUBLIC),
    ("accounts.profile", SIGNED_IN),
    ("accounts.change_password", SIGNED_IN),
    ("accounts.download_data", SIGNED_IN),
    ("accounts.delete_account", SIGNED_IN),
    ("accounts.sign_out_everywhere", SIGNED_IN),
    ("accounts.two_step", SIGNED_IN),
    ("accounts.two_step_off", SIGNED_IN),
    ("accounts.new_recovery_codes", SIGNED_IN),
    ("accounts.login_code", SIGNED_IN),  # the second step of a sign-in: without one under way, back to sign in
    ("accounts.*", PUBLIC),
    ("identity.unlink", SIGNED_IN),
    ("identity.start", PUBLIC),  # signed in, it links; a provider not configured is a 404
    ("identity_callback.*", PUBLIC),  # the provider's answer, checked by its state
    ("identity.demo_authorize", PUBLIC),  # the demo e-ID service's page (a 404 unless OVOZ_DEMO_EID is on)
    ("admin.*", frozenset({Role.ADMIN})),
    ("inbox.*", SIGNED_IN),
    ("activity.*", SIGNED_IN),
    ("petitions.new", SIGNED_IN),
    ("petitions.edit", SIGNED_IN),
    ("petitions.review", SIGNED_IN),
    ("petitions.submit", SIGNED_IN),
    ("petitions.withdraw", SIGNED_IN),
    ("petitions.moderation_queue", frozenset({Role.MODERATOR})),
    ("petitions.moderate", frozenset({Role.MODERATOR})),
    ("petitions.publish", frozenset({Role.MODERATOR})),
    ("petitions.reject", frozenset({Role.MODERATOR})),
    ("petitions.hide", frozenset({Role.MODERATOR})),
    ("petitions.invalidate", frozenset({Role.MODERATOR})),
    ("petitions.responses_due", frozenset({Role.OFFICIAL})),
    # Only officials of the petition's agency answer it; the sample official belongs to another.
    ("petitions.respond", frozenset({Role.ADMIN})),
    ("petitions.outcome", frozenset({Role.ADMIN})),
    ("petitions.send_on", frozenset({Role.ADMIN})),  # and staff of the petition's agency; the sample has none
    ("petitions.*", PUBLIC),
    ("consultations.comment", SIGNED_IN),
    ("consultations.draft_comment", SIGNED_IN),
    ("consultations.reply", SIGNED_IN),
    ("consultations.vote", SIGNED_IN),
    ("consultations.report_comment", SIGNED_IN),
    ("consultations.answer", SIGNED_IN),
    ("consultations.new", frozenset({Role.OFFICIAL})),
    ("consultations.moderation", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    # Only staff of the consultation's agency run it; the sample official and moderator belong to another.
    ("consultations.edit", frozenset({Role.ADMIN})),
    ("consultations.import_draft", frozenset({Role.ADMIN})),
    ("consultations.preview", frozenset({Role.ADMIN})),
    ("consultations.translate_draft", frozenset({Role.ADMIN})),
    ("consultations.translate_details", frozenset({Role.ADMIN})),
    ("consultations.write_report", frozenset({Role.ADMIN})),
    ("consultations.moderate", frozenset({Role.ADMIN})),
    ("consultations.resolve_reports", frozenset({Role.ADMIN})),
    ("consultations.documents_page", frozenset({Role.ADMIN})),
    ("consultations.delete_document", frozenset({Role.ADMIN})),
    ("consultations.questions_page", frozenset({Role.ADMIN})),
    ("consultations.*", PUBLIC),
    ("feedback.group", PUBLIC),
    ("feedback.heard", PUBLIC),
    # Pages of every reviewer's own agency (the sample job and chosen groups belong to nobody's).
    ("feedback.petitions", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    ("feedback.overdue", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    ("feedback.job_progress", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    ("feedback.merge", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    ("feedback.regroup_petitions", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    ("feedback.petition_duplicates", frozenset({Role.OFFICIAL, Role.MODERATOR})),
    ("feedback.export", frozenset({Role.ADMIN})),  # a group of nobody's agency: only admins review it
    ("feedback.*", frozenset({Role.ADMIN})),
    ("feeds.*", PUBLIC),
    ("tracker.*", PUBLIC),
    ("opendata.*", PUBLIC),  # staff of the consultation's agency; the samples' is another
    ("api.*", PUBLIC),  # the read-only JSON API: anyone, signed in or not
    ("api_docs.*", PUBLIC),
    # Members only (admins look, and change nothing); none of the people is a member of the sample organisation.
    ("following.organisation", frozenset()),
    ("following.add_member", frozenset()),
    ("following.remove_member", frozenset()),
    ("following.*", SIGNED_IN),
]


def policy_of(endpoint: str):
    return next((who for pattern, who in POLICY if fnmatch.fnmatch(endpoint, pattern)), None)


def test_every_route_has_a_declared_policy(app):
    undeclared = sorted({rule.endpoint for rule in app.url_map.iter_rules() if policy_of(rule.endpoint) is None})
    assert undeclared == [], "declare who may use these routes in POLICY"


def expected(who, person) -> str:
    """'ok', 'login' (sent to sign in) or 'forbidden'."""
    if who == PUBLIC:
        return "ok"
    if person == ANONYMOUS:
        return "login"
    if who == SIGNED_IN or person in who or person == Role.ADMIN:
        return "ok"
    return "forbidden"


def outcome(response) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 302 and "/account/login" in response.location:
        return "login"
    assert response.status_code < 500, response.status_code
    return "ok"


@pytest.mark.parametrize("person", PEOPLE, ids=str)
def test_route_role_matrix(app, client, make_user, make_agency, samples, person):
    if person != ANONYMOUS:
        user = make_user(role=person, agency=make_agency() if person in (Role.OFFICIAL, Role.MODERATOR) else None)
        assert client.login(user.email, PASSWORD).status_code == 302
    token_page = "/en/account/login" if person == ANONYMOUS else "/en/account"
    mismatches = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"accounts.logout", "accounts.delete_account"}:
            continue  # they end the session under test; covered in test_accounts
        who, url = policy_of(rule.endpoint), build_url(rule, samples)
        if "GET" in rule.methods:
            got = outcome(client.get(url))
            if got != expected(who, person) and not (who == PUBLIC and got == "ok"):
                mismatches.append(("GET", url, got))
        if "POST" in rule.methods and expected(who, person) != "ok":
            got = outcome(client.submit(url, {}, form_url=token_page))
            if got != expected(who, person):
                mismatches.append(("POST", url, got))
    assert mismatches == []
