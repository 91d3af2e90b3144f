"""In headless Chromium, Tajik and Russian: an official makes a group safe to answer. On the group's page they
confirm a weakly attached member ("Belongs here"), move another to the group it was offered on another
article ("Move to…"), merge a duplicate in another language from "Groups nearest in meaning", and answer.
The answer reaches the firm and the confirmed members, not the member still to confirm: each author finds
(or does not find) it in the inbox."""

import flask_babel
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.accounts.models import Role
from app.consultations import comments
from app.consultations.models import Provision
from app.extensions import db
from app.inbox.models import InboxMessage
from app.submissions import services as submissions
from app.submissions.models import Submission
from tests.browser.helpers import account_nav, flash, sign_in, translator

pytestmark = pytest.mark.browser

DRAFT = (
    "Глава 1. Общие положения\n\nСтатья 1. Плата\n\nПлата за детский сад устанавливается местным органом.\n\n"
    "Статья 2. Вода\n\nВодоснабжение обеспечивает местный водоканал.\n"
)
FEES = [  # article 1: one group
    "Плата за детский сад слишком высокая, семьи не могут её платить.",
    "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.",
    "Kindergarten fees are far too high for ordinary families to pay.",
]
WATER = [  # article 2: another group
    "В нашем квартале каждый день отключают воду, трубы нужно заменить.",
    "Оби нӯшокӣ дар маҳаллаи мо ҳар рӯз қатъ мешавад, қубурҳоро иваз кардан лозим.",
]
STRAYS = [  # on article 1, put in the fees group as a weak join would: they say something else
    "Tap water is cut off every day in our district, the old pipes must be replaced.",
    "Во дворах негде парковаться, машины стоят прямо на тротуарах.",
]
UZBEK_FEES = "Bolalar bog‘chasi uchun to‘lov juda baland, oilalar uni to‘lay olmaydi."  # article 2, alone


def _told(user_id: int) -> int:
    db.session.rollback()  # what the server and the worker committed
    return db.session.scalar(select(func.count()).where(InboxMessage.user_id == user_id))


def _member(body: str) -> Submission:
    return db.session.scalars(select(Submission).where(Submission.body == body)).one()


def _scene(app, make_user, make_consultation, run_jobs, locale):
    """The comments, each by its own author, grouped by the worker; then the strays in the fees group and
    the Uzbek copy alone, as the engine might leave them before a refinement. Returns the authors' (id, e-mail)
    by text."""
    consultation, first, _ = make_consultation(text=DRAFT)
    second = db.session.scalar(select(Provision).filter_by(version_id=first.version_id, number="2"))
    authors = {}
    with app.test_request_context():
        for provision, bodies in ((first, FEES + STRAYS), (second, WATER + [UZBEK_FEES])):
            for body in bodies:
                author = make_user(locale=locale)
                comments.add(consultation, author, body, provision)
                authors[body] = (author.id, author.email)
        db.session.commit()
    run_jobs()
    fees, water = _member(FEES[0]).cluster_id, _member(WATER[0]).cluster_id
    assert {_member(body).cluster_id for body in FEES} == {fees} and _member(WATER[1]).cluster_id == water != fees
    alone = submissions.new_cluster(consultation.scope).id
    moves = {_member(body).id: fees for body in STRAYS} | {_member(UZBEK_FEES).id: alone}
    submissions.reshape(consultation.scope, moves)
    weak = _member(FEES[2])
    weak.firmness = -0.02  # a member that barely joined, as the engine may say (tests/semantic checks the engine)
    db.session.commit()
    assert not any(submissions.is_firm(_member(body)) for body in STRAYS), "the engine finds the strays weak"
    return consultation, fees, water, alone, authors


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_an_official_makes_a_group_safe_to_answer_and_only_its_confirmed_members_are_told(
    app, page, make_user, make_consultation, run_jobs, locale
):
    t = translator(app, locale)
    assert t("Groups nearest in meaning") != "Groups nearest in meaning" and t("Move to…") != "Move to…"
    consultation, fees, water, alone, authors = _scene(app, make_user, make_consultation, run_jobs, locale)

    official = make_user(role=Role.OFFICIAL, agency=consultation.agency, locale=locale)
    page.goto(f"/{locale}/account/login")
    sign_in(page, t, official.email)
    page.goto(f"/{locale}/review/clusters/{fees}")
    members = page.locator("main article.comment")
    expect(members.first.locator(".badge-warning")).to_have_text(t("To confirm"))  # those to confirm come first

    members.filter(has_text=FEES[2]).get_by_role("button", name=t("Belongs here"), exact=True).click()
    expect(flash(page)).to_have_text(t("Confirmed: its author is told the group's answer."))

    stray = members.filter(has_text=STRAYS[0])
    stray.locator("summary").click()
    stray.locator("details").get_by_role("button").filter(has_text=f"#{water}").first.click()
    expect(flash(page)).to_have_text(t("Moved to group %(number)s.", number=water))
    assert _member(STRAYS[0]).cluster_id == water

    near = page.locator("section", has=page.get_by_role("heading", name=t("Groups nearest in meaning"), exact=True))
    expect(near.locator("li").first).to_contain_text(f"#{alone}")
    expect(near.locator("li").first).to_contain_text(t("Probably the same"))
    near.get_by_role("button", name=t("Merge with group %(number)s", number=alone), exact=True).click()
    expect(flash(page)).to_have_text(t("The groups were merged."))
    expect(page.locator("main")).to_contain_text(UZBEK_FEES)

    waiting = page.locator("#answer-waiting")
    expect(waiting).to_contain_text(STRAYS[1])
    expect(waiting).not_to_contain_text(FEES[2])
    page.get_by_label(t("Answer to everyone in this group (Markdown)"), exact=True).fill(
        "Плата будет снижена с 1 сентября."
    )
    page.get_by_role("button", name=t("Publish the answer"), exact=True).click()
    with app.test_request_context(), flask_babel.force_locale(locale):
        all_but_one = flask_babel.ngettext(
            "The answer is published; everyone in the group is being told except %(num)s member still to confirm.",
            "The answer is published; everyone in the group is being told except %(num)s members still to confirm.",
            1,
        )
    expect(flash(page)).to_have_text(all_but_one)
    run_jobs()
    assert [_told(authors[body][0]) for body in [*FEES, UZBEK_FEES]] == [1, 1, 1, 1]
    assert _told(authors[STRAYS[1]][0]) == 0, "the member still to confirm is not told"
    assert _told(authors[STRAYS[0]][0]) == 0, "the member moved away is not told another group's answer"

    for body, told in ((FEES[2], 1), (STRAYS[1], 0)):
        page.context.clear_cookies()
        page.goto(f"/{locale}/account/login")
        sign_in(page, t, authors[body][1])
        account_nav(page, t).get_by_role("link", name=t("Inbox")).click()
        expect(page.locator("main .inbox-message")).to_have_count(told)
        if told:
            subject = t("An official answer to what you wrote on “%(title)s”", title=consultation.title)
            expect(page.locator("main .inbox-message")).to_contain_text(subject)
