"""Keyboard only, in headless Chromium, in Tajik and Russian: no mouse, only Tab, Enter, Space and typing.

A citizen skips to the content, reads an article of a draft law, sends an empty comment (the focus lands on the
error summary, whose link leads to the field), comments, agrees with another's comment and reports it, and signs a
petition; an official merges without choosing (the focus lands on the error), merges two groups of comments, saves a
decision on the merged group and answers it. On every page the focus moves in reading order and is never trapped,
and each outcome is announced in a live region (role=status; an error in role=alert, which takes the focus).
"""

import re

import flask_babel
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import comments
from app.extensions import db
from app.feedback import workspace
from app.submissions.models import Cluster
from tests.browser.helpers import translator
from tests.browser.keyboard import activate, announced, goes_back, skip_to_content, tab_to, type_into
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.a11y]

FEES = [
    "Плата за детский сад слишком высокая, семьи не могут её платить.",
    "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.",
    "Kindergarten fees are far too high for ordinary families to pay.",
]
LIGHTS = [
    "The streets of our district have no lighting at night; please install street lamps.",
    "There are no street lamps in our district, it is dark and unsafe at night.",
]
MINE = "Статья должна назвать срок, в который ведомство отвечает на каждый комментарий."
ANSWER = "Срок ответа — тридцать дней; он будет записан в статье 1."


def out_of_main(page, t) -> None:
    """Tabbing on from the last control of the main content reaches the footer: nothing in between traps the focus."""
    tab_to(page, page.locator("footer").get_by_role("link", name=t("Accessibility"), exact=True))


def keyboard_sign_in(page, t, locale: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/{locale}/account/login?next=/{locale}/")
    skip_to_content(page, t)
    type_into(page, page.get_by_label(t("E-mail address"), exact=True), email)
    type_into(page, page.get_by_label(t("Password"), exact=True), PASSWORD)
    activate(page, page.locator("main form").get_by_role("button", name=t("Sign in"), exact=True))
    expect(page.get_by_role("link", name=t("My account"), exact=True)).to_be_visible()


def comment_and_vote(page, t, locale: str, consultation, article, other) -> None:
    """Read the article from the consultation's page, fail to comment, comment, agree with another, report it."""
    page.goto(f"/{locale}/consultations/{consultation.id}")
    skip_to_content(page, t)
    activate(page, page.locator(f'main a[href$="/provisions/{article.id}"]').first)
    expect(page).to_have_url(re.compile(rf"/{locale}/consultations/{consultation.id}/provisions/{article.id}$"))

    send = page.get_by_role("button", name=t("Send the comment"), exact=True)
    activate(page, send)  # nothing written: the page comes back with its error summary, focused
    summary = page.locator("main .error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    page.keyboard.press("Enter")
    body = page.get_by_label(t("Your comment"), exact=True)
    expect(body).to_be_focused()  # following the summary's link moves the focus to the field
    page.keyboard.type(MINE)
    activate(page, page.get_by_role("button", name=t("Send the comment"), exact=True))
    announced(page, t("Thank you, your comment is published."))

    theirs = page.locator(f"#comment-{other.id}")
    activate(page, theirs.get_by_role("button", name=t("Agree"), exact=True))
    announced(page, t("Thank you, your opinion is counted."))
    theirs = page.locator(f"#comment-{other.id}")
    activate(page, theirs.locator("summary", has_text=t("Report to moderators")))
    activate(
        page, theirs.get_by_label(t("Insult or threat"), exact=True), key="Space"
    )  # a group of radios: one Tab stop
    page.keyboard.press("ArrowDown")  # the arrows choose within it
    expect(theirs.get_by_label(t("Insult or threat"), exact=True)).not_to_be_checked()
    expect(theirs.locator("input[type=radio]:checked")).to_have_count(1)
    activate(page, theirs.get_by_role("button", name=t("Send the report"), exact=True))
    announced(page, t("Thank you. Moderators will look at this comment."))
    out_of_main(page, t)


def sign_petition(page, t, locale: str, petition) -> None:
    page.goto(f"/{locale}/petitions/{petition.id}")
    skip_to_content(page, t)
    activate(page, page.get_by_role("button", name=t("Sign this petition"), exact=True))
    announced(page, t("Thank you, your signature is counted."))


def told(app, locale: str, group: int) -> str:
    """What publishing the answer says: everyone is told, but members still to confirm."""
    db.session.rollback()  # what the server committed
    waiting = workspace.to_confirm(db.session.get(Cluster, group))
    with app.test_request_context(), flask_babel.force_locale(locale):
        if not waiting:
            return flask_babel.gettext("The answer is published; everyone in the group is being told.")
        return flask_babel.ngettext(
            "The answer is published; everyone in the group is being told except %(num)s member still to confirm.",
            "The answer is published; everyone in the group is being told except %(num)s members still to confirm.",
            waiting,
        )


def merge_decide_and_answer(app, page, t, locale: str, consultation, groups: list[int]) -> None:
    page.goto(f"/{locale}/review/consultations/{consultation.id}")
    skip_to_content(page, t)
    merge = page.get_by_role("button", name=t("Merge the chosen groups"), exact=True)
    activate(page, merge)  # none chosen: the error is announced and takes the focus
    error = page.locator("main .flashes").get_by_role("alert")
    expect(error).to_have_text(t("Choose at least two groups to merge."))
    expect(error).to_be_focused()
    for group in groups:
        box = page.get_by_label(t("Choose group %(number)s", number=group), exact=True)
        activate(page, box, key="Space")
        expect(box).to_be_checked()
    activate(page, merge)
    announced(page, t("The groups were merged."))
    merged = int(re.search(r"/review/clusters/(\d+)", page.url).group(1))
    assert merged in groups

    type_into(page, page.get_by_label(t("Reason"), exact=True), ANSWER)
    activate(page, page.locator("main").get_by_role("button", name=t("Save the status"), exact=True))
    announced(page, t("The status was saved."))
    type_into(page, page.get_by_label(t("Answer to everyone in this group (Markdown)"), exact=True), ANSWER)
    activate(page, page.get_by_role("button", name=t("Publish the answer"), exact=True))
    expect(page.get_by_role("region", name=t("Official answer"), exact=True)).to_contain_text(ANSWER)
    announced(page, told(app, locale, merged))
    out_of_main(page, t)


def test_reading_order_is_down_then_right_and_a_new_column_is_no_step_back():
    def box(top, left, height=20, width=100):
        return {"top": top, "bottom": top + height, "left": left, "right": left + width}

    assert not goes_back(box(100, 10), box(140, 10))  # the next line
    assert not goes_back(box(100, 10), box(100, 150))  # further along the same line
    assert not goes_back(box(100, 10), box(140, 0))  # the next line starts further left
    assert not goes_back(box(500, 10), box(100, 700))  # the top of the next column, on the right
    assert goes_back(box(500, 300), box(100, 10))  # up and to the left: against the reading order


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_keyboard_only_comment_vote_report_sign_merge_and_answer(
    app, page, make_user, make_consultation, make_petition, run_jobs, locale
):
    t = translator(app, locale)
    assert t("Skip to main content") != "Skip to main content"
    consultation, article, other = make_consultation()
    with app.test_request_context():
        for body in FEES + LIGHTS:
            comments.add(consultation, make_user(), body, article)
        db.session.commit()
    run_jobs()
    groups = db.session.scalars(select(Cluster.id).where(Cluster.scope == consultation.scope).order_by(Cluster.id))
    groups = list(groups)[:2]
    assert len(groups) == 2, "premise: the comments form at least two groups"
    petition = make_petition(language="ru", title="Бесплатный инсулин для каждого ребёнка")
    citizen = make_user(locale=locale)
    official = make_user(role=Role.OFFICIAL, agency=consultation.agency, locale=locale)

    keyboard_sign_in(page, t, locale, citizen.email)
    comment_and_vote(page, t, locale, consultation, article, other)
    sign_petition(page, t, locale, petition)
    keyboard_sign_in(page, t, locale, official.email)
    merge_decide_and_answer(app, page, t, locale, consultation, groups)
