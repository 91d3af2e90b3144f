"""In headless Chromium, on the demo portal: the official of the draft law on drinking water reviews its
comments group by group, merges two groups that ask for the same thing in Tajik and in Russian, and
answers them once; the citizens who wrote them, and one who writes the same later, find the answer.
Tajik, Russian."""

import flask_babel
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.consultations.models import Consultation
from app.demo.accounts import DEMO_PASSWORD
from app.demo.cli import load_demo
from app.demo.consultations_data import DRAFTS
from app.extensions import db
from app.feedback import shaping, workspace
from app.inbox.models import InboxMessage
from app.submissions.models import Campaign, Cluster, Submission
from tests.browser.helpers import account_nav, flash, sign_in, translator
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# One request, the draft in Braille, worded apart enough in the two languages for the engine to keep
# them in two groups (asserted below); the later one is close to both, so it joins the merged group.
BRAILLE_TG = "Лоиҳаи қонунро бо хати Брайл низ нашр кунед, то нобиноён онро хонда тавонанд."
BRAILLE_RU = "Незрячие граждане тоже хотят участвовать: сделайте текст проекта доступным для слепых."
# Another citizen says it again in nearly the same words: the engine places it whatever the demo's shape.
BRAILLE_LATER = "Незрячие граждане тоже хотят участвовать: сделайте, пожалуйста, текст проекта доступным для слепых."
ANSWER = (
    "Матни лоиҳа бо **хати Брайл** дар китобхонаҳои вилоятӣ дастрас мешавад.\n\n"
    "Текст проекта будет издан шрифтом Брайля и передан в областные библиотеки."
)
ANSWER_SHOWN = "Матни лоиҳа бо хати Брайл дар китобхонаҳои вилоятӣ дастрас мешавад."


def plural(app, locale: str, singular: str, plural_form: str, num: int) -> str:
    with app.test_request_context(), flask_babel.force_locale(locale):
        return flask_babel.ngettext(singular, plural_form, num)


def sign_in_as(page, t, locale: str, email: str, password: str = PASSWORD) -> None:
    """Sign in afresh, staying in the journey's language whatever the account prefers."""
    page.context.clear_cookies()
    page.goto(f"/{locale}/account/login?next=/{locale}/")
    sign_in(page, t, email, password)
    expect(page.locator("html")).to_have_attribute("lang", locale)


def write_comment(page, t, body: str) -> None:
    """On a consultation's page: a comment on the draft as a whole."""
    page.get_by_label(t("Your comment"), exact=True).fill(body)
    page.get_by_role("button", name=t("Send the comment"), exact=True).click()
    expect(flash(page)).to_have_text(t("Thank you, your comment is published."))


def group_of(body: str) -> int:
    db.session.rollback()  # a new transaction: what the server and the worker committed
    return db.session.scalars(select(Submission.cluster_id).where(Submission.body == body)).one()


def answers_received(user: User) -> int:
    return db.session.scalar(select(func.count()).where(InboxMessage.user_id == user.id))


def open_answer_from_inbox(page, t, locale: str, group_id: int, title: str) -> None:
    """The inbox holds the answer's notice, naming the consultation; it leads to the group's public page."""
    account_nav(page, t).get_by_role("link", name=t("Inbox")).click()
    notice = page.locator("main .inbox-message")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text(t("Read the answer given to everyone who said the same."))
    subject = t("An official answer to what you wrote on “%(title)s”", title=title)
    notice.get_by_role("link", name=subject, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Group %(number)s", number=group_id))
    expect(page.get_by_role("region", name=t("The official answer"), exact=True)).to_contain_text(ANSWER_SHOWN)


def answer_under(page, t, body: str):
    """The box about the group's answer under the comment that says `body`."""
    comment = page.locator("main article.comment", has_text=body)
    return comment.get_by_role("complementary", name=t("Official answer to this group"), exact=True)


def demo_draft_law() -> tuple[Consultation, User, Campaign]:
    """The demo's open draft law on drinking water, its agency's official and its form-letter campaign."""
    title = next(spec["title"] for spec in DRAFTS if spec["campaign"])
    law = db.session.scalars(select(Consultation).where(Consultation.title == title)).one()
    official = select(User).where(User.role == Role.OFFICIAL, User.agency_id == law.agency_id)
    campaign = select(Campaign).join(Cluster, Cluster.id == Campaign.cluster_id).where(Cluster.scope == law.scope)
    return law, db.session.scalars(official).one(), db.session.scalars(campaign).one()


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_an_answer_to_a_merged_group_reaches_every_author_and_a_later_one(
    app, page, make_user, run_jobs, monkeypatch, locale
):
    t = translator(app, locale)
    assert t("Merge the chosen groups") != "Merge the chosen groups"
    load_demo()
    law, official, campaign = demo_draft_law()
    campaign_group = db.session.get(Cluster, campaign.cluster_id)
    run_jobs()  # the demo's own jobs: its comments are grouped already, its answers are delivered
    authors = {body: make_user(locale=locale) for body in (BRAILLE_TG, BRAILLE_RU)}
    later = make_user(locale=locale)
    overview = f"/{locale}/consultations/{law.id}"

    # Two citizens ask for the draft in Braille, one in Tajik and one in Russian; the worker places them.
    for body, author in authors.items():
        sign_in_as(page, t, locale, author.email)
        page.goto(overview)
        write_comment(page, t, body)
    run_jobs()
    apart = group_of(BRAILLE_TG), group_of(BRAILLE_RU)
    assert apart[0] != apart[1], "premise: the engine keeps the Tajik and the Russian comment in two groups"

    # The official opens the draft law's workspace: the form-letter campaign is one group, the largest.
    sign_in_as(page, t, locale, official.email, DEMO_PASSWORD)
    # The merge form covers one page, and where a page ends depends on how many groups the demo has,
    # which moves with the demo's dates: the workspace shows every group here.
    monkeypatch.setattr(workspace, "PER_PAGE", 500)
    account_nav(page, t).get_by_role("link", name=t("Grouped review"), exact=True).click()
    page.get_by_role("link", name=law.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Grouped feedback"))
    largest = page.locator("main section.cluster").first
    expect(largest.get_by_label(t("Choose group %(number)s", number=campaign_group.id), exact=True)).to_be_visible()
    size = plural(app, locale, "%(num)s comment", "%(num)s comments", campaign_group.size)
    copies = plural(
        app, locale, "Campaign: %(num)s near-identical copy", "Campaign: %(num)s near-identical copies", campaign.size
    )
    assert campaign.size == 50 and campaign_group.size >= campaign.size
    expect(largest.locator(".meta").first).to_contain_text(size)
    expect(largest.locator(".badge", has_text=copies)).to_have_count(1)
    expect(page.locator("main .badge", has_text=copies)).to_have_count(1)  # the campaign is one group

    # The two new groups are the smallest and the newest: on the last page, where the official merges them.
    choose = [page.get_by_label(t("Choose group %(number)s", number=group), exact=True) for group in apart]
    while not choose[0].count():
        here = page.url
        page.get_by_role("navigation", name=t("Pages")).get_by_role("link", name=t("Next page"), exact=True).click()
        page.wait_for_url(lambda url, here=here: url != here)
    for box in choose:
        box.check()
    both = db.session.scalar(select(func.count()).where(Submission.cluster_id.in_(apart)))
    page.get_by_role("button", name=t("Merge the chosen groups"), exact=True).click()
    expect(flash(page)).to_have_text(t("The groups were merged."))
    merged = group_of(BRAILLE_TG)
    assert group_of(BRAILLE_RU) == merged and merged in apart
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Group %(number)s", number=merged))
    members = page.locator("main article.comment")
    expect(members).to_have_count(both)  # every member of both groups
    for body in authors:
        expect(members.filter(has_text=body)).to_have_count(1)

    # The official confirms that the two requests belong here, if the engine left either in doubt (a member of
    # a group merged in that was weakly attached stays to confirm), and answers the merged group once; the
    # worker tells everyone in it but those still to confirm.
    for body in authors:
        comment = members.filter(has_text=body)
        if comment.locator(".badge-warning").count():
            comment.get_by_role("button", name=t("Belongs here"), exact=True).click()
            expect(flash(page)).to_have_text(t("Confirmed: its author is told the group's answer."))
    db.session.rollback()
    waiting = workspace.to_confirm(db.session.get(Cluster, merged))
    page.get_by_label(t("Answer to everyone in this group (Markdown)"), exact=True).fill(ANSWER)
    page.get_by_role("button", name=t("Publish the answer"), exact=True).click()
    told = t("The answer is published; everyone in the group is being told.")
    if waiting:
        told = plural(
            app,
            locale,
            "The answer is published; everyone in the group is being told except %(num)s member still to confirm.",
            "The answer is published; everyone in the group is being told except %(num)s members still to confirm.",
            waiting,
        )
    expect(flash(page)).to_have_text(told)
    expect(page.get_by_role("region", name=t("Official answer"), exact=True).locator("strong")).to_have_text(
        "хати Брайл"
    )
    run_jobs()

    # The citizen who wrote in Tajik finds the answer in the inbox, on the group's page and under the comment.
    sign_in_as(page, t, locale, authors[BRAILLE_TG].email)
    open_answer_from_inbox(page, t, locale, merged, law.title)
    public_quotes = page.get_by_role("region", name=t("What people wrote"), exact=True)
    for body in authors:
        expect(public_quotes).to_contain_text(body)
    page.goto(overview)
    expect(answer_under(page, t, BRAILLE_TG)).to_contain_text(ANSWER_SHOWN)
    expect(answer_under(page, t, BRAILLE_RU)).to_contain_text(t("Read the answer on this page"))

    # Later, a third citizen asks the same: the worker puts the comment into the answered group and tells them.
    sign_in_as(page, t, locale, later.email)
    page.goto(overview)
    write_comment(page, t, BRAILLE_LATER)
    run_jobs()
    if group_of(BRAILLE_LATER) != merged:
        # The engine placed it in a group of its own (this moves with the demo's dates): the official merges
        # that group into the answered one, which is a later joining too.
        alone = db.session.get(Cluster, group_of(BRAILLE_LATER))
        assert alone.size == 1
        shaping.merge([alone, db.session.get(Cluster, merged)])
        db.session.commit()
        run_jobs()
    assert group_of(BRAILLE_LATER) == merged, "the later comment joins the answered group"
    expect(answer_under(page, t, BRAILLE_LATER)).to_have_count(0)  # the page was drawn before the worker ran
    page.reload()
    expect(answer_under(page, t, BRAILLE_LATER)).to_contain_text(t("Read the answer on this page"))
    open_answer_from_inbox(page, t, locale, merged, law.title)
    assert [answers_received(author) for author in authors.values()] == [1, 1], "nobody is told twice"
