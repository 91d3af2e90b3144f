"""A consultation through its pages: created, draft imported and checked, comments, versions, phases."""

import html
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import services
from app.consultations.labels import DRAFT_ERRORS
from app.consultations.models import Comment, Consultation, Phase, Provision
from app.core.db import utcnow
from app.extensions import db
from app.inbox.models import InboxMessage
from tests.conftest import PASSWORD
from tests.helpers import field_errors, in_parallel, text

DRAFT = (Path(__file__).parent / "drafts" / "ru_public_consultations.md").read_text(encoding="utf-8")
ARTICLE_3_V2 = DRAFT.replace(
    "б) равенство участников консультации.", "б) равенство участников;\nв) учёт каждого мнения."
)


def _signed_in(app, user):
    browser = app.test_client()
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def _form(agency, opens: date, closes: date) -> dict:
    return {
        "title": "О проекте закона об общественных консультациях",
        "summary": "Министерство выносит на обсуждение проект закона.",
        "body": "Просим высказаться по **каждой** статье.",
        "agency_id": str(agency.id),
        "region_code": "",
        "opens_on": opens.isoformat(),
        "closes_on": closes.isoformat(),
    }


def _article(consultation, number: str, version: int) -> Provision:
    return next(
        p
        for v in consultation.versions
        if v.number == version
        for p in v.provisions
        if p.kind == "article" and p.number == number
    )


def new_article_version(consultation) -> list[Provision]:
    return next(v for v in consultation.versions if v.number == 2).provisions


@pytest.fixture
def running(app, make_user, make_agency):
    """An official's consultation, open, with version 1 of the draft published through the pages."""
    agency = make_agency()
    official = make_user(role=Role.OFFICIAL, agency=agency)
    browser = _signed_in(app, official)
    today = date.today()
    created = browser.submit(
        "/ru/consultations/new", _form(agency, today - timedelta(days=1), today + timedelta(days=10))
    )
    assert created.status_code == 302, field_errors(created)
    consultation = db.session.scalar(select(Consultation))
    assert consultation.phase == Phase.OPEN
    imported = browser.submit(f"/ru/consultations/{consultation.id}/draft/import", {"text": DRAFT})
    assert imported.status_code == 302, field_errors(imported)
    preview = browser.get(f"/ru/consultations/{consultation.id}/draft/preview")
    assert "Статья 3" in text(preview) or "3. Принципы" in text(preview)
    published = browser.submit(f"/ru/consultations/{consultation.id}/draft/preview", {"note": ""})
    assert published.status_code == 302
    db.session.expire_all()
    return consultation, browser, official


def test_comment_amend_agree_then_a_new_version_keeps_the_comment_on_its_article(app, client, make_user, running):
    consultation, official_browser, official = running
    article = _article(consultation, "3", 1)
    citizen = make_user(display_name="Нигина", locale="tg")
    writer = _signed_in(app, citizen)
    page = f"/ru/consultations/{consultation.id}/provisions/{article.id}"
    sent = writer.submit(
        f"{page}/comments",
        {
            "body": "Принципро бояд пурра кунем: ҳар як фикр бояд ба ҳисоб гирифта шавад.",
            "quote": "равенство участников консультации",
            "amendment": services.full_text(article).replace("участников консультации", "всех участников"),
        },
        form_url=page,
    )
    assert sent.status_code == 302, field_errors(sent)
    comment = db.session.scalar(select(Comment))
    assert comment.submission.language == "tg" and comment.quote == "равенство участников консультации"
    other = _signed_in(app, make_user())
    assert (
        other.submit(f"/ru/consultations/comments/{comment.id}/vote", {"value": "agree"}, form_url=page).status_code
        == 302
    )
    assert (
        other.submit(f"/ru/consultations/comments/{comment.id}/vote", {"value": "agree"}, form_url=page).status_code
        == 302
    )
    db.session.refresh(comment)
    assert (comment.agree, comment.disagree) == (1, 0), "one opinion per person"
    seen = other.get(page).get_data(as_text=True)
    assert 'value="agree" class="link-button" aria-pressed="true"' in seen and 'value="withdraw"' in seen
    changed = other.submit(
        f"/ru/consultations/comments/{comment.id}/vote", {"value": "disagree", "next": "/ru/"}, form_url=page
    )
    assert changed.location == f"/ru/#comment-{comment.id}", "back to the page voted on"
    db.session.refresh(comment)
    assert (comment.agree, comment.disagree) == (0, 1), "a changed mind moves both counts"
    other.submit(f"/ru/consultations/comments/{comment.id}/vote", {"value": "withdraw"}, form_url=page)
    other.submit(f"/ru/consultations/comments/{comment.id}/vote", {"value": "withdraw"}, form_url=page)
    db.session.refresh(comment)
    assert (comment.agree, comment.disagree) == (0, 0), "withdrawn once, however often asked"
    assert 'value="withdraw"' not in other.get(page).get_data(as_text=True)
    own = writer.get(page).get_data(as_text=True)
    assert f'action="/ru/consultations/comments/{comment.id}/vote"' not in own, "no vote on one's own comment"
    other.submit(f"/ru/consultations/comments/{comment.id}/vote", {"value": "agree"}, form_url=page)
    shown = text(client.get(page))
    assert "<del>" in shown and "<ins>" in shown and "Нигина" in shown

    # Version 2 changes article 3; the comment stays on article 3 of version 1, and says so.
    official_browser.submit(f"/ru/consultations/{consultation.id}/draft/import", {"text": ARTICLE_3_V2})
    official_browser.submit(f"/ru/consultations/{consultation.id}/draft/preview", {"note": "Учли замечания."})
    db.session.expire_all()
    new_article = _article(consultation, "3", 2)
    assert new_article.lineage_id == article.lineage_id
    item_b = next(p for p in new_article_version(consultation) if p.key.endswith("article-3/part-1/item-b"))
    assert item_b.change == "changed"
    assert db.session.get(Comment, comment.id).provision_id == article.id
    latest = text(client.get(f"/ru/consultations/{consultation.id}/provisions/{new_article.id}"))
    assert "Принципро бояд" in latest
    assert "<ins>" in latest, "the provision's history shows the change from version 1"
    changes = text(client.get(f"/ru/consultations/{consultation.id}/draft?changes_from=1"))
    assert "учёт каждого мнения" in changes and "<ins>" in changes


def test_an_amendment_starts_from_the_current_text_and_left_unchanged_proposes_nothing(app, make_user, running):
    consultation, _official_browser, _official = running
    article = _article(consultation, "3", 1)
    writer = _signed_in(app, make_user())
    page = f"/ru/consultations/{consultation.id}/provisions/{article.id}"
    form = writer.get(page).get_data(as_text=True)
    box = re.search(r'<textarea[^>]*name="amendment"[^>]*>(.*?)</textarea>', form, re.S).group(1)
    current = services.full_text(article)
    assert html.unescape(box).strip() == current, "the box holds the provision's current text to edit"
    for amendment in (current, "  " + current.replace("\n", " \n ") + "\n"):  # as it was, however spaced
        sent = writer.submit(f"{page}/comments", {"body": "Я согласен с этой статьёй.", "amendment": amendment})
        assert sent.status_code == 302, field_errors(sent)
    assert [c.amendment for c in db.session.scalars(select(Comment))] == [None, None]


def test_comments_close_on_their_date_and_followers_are_told(app, make_user, running, run_jobs):
    consultation, _browser, _official = running
    follower = make_user(locale="tg")
    _signed_in(app, follower).submit(
        f"/ru/follow/consultation/{consultation.id}",
        {"action": "follow"},
        form_url=f"/ru/consultations/{consultation.id}",
    )
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert services.advance_phases() == 1 and services.advance_phases() == 0
    db.session.commit()
    run_jobs()  # followers are told by a job
    assert db.session.get(Consultation, consultation.id).phase == Phase.CLOSED
    (message,) = db.session.scalars(select(InboxMessage).where(InboxMessage.user_id == follower.id))
    assert consultation.title in message.subject
    article = _article(consultation, "3", 1)
    page = f"/ru/consultations/{consultation.id}/provisions/{article.id}"
    late = _signed_in(app, make_user()).submit(f"{page}/comments", {"body": "Поздно?"}, form_url=page)
    assert late.status_code in (302, 400) and db.session.scalar(select(Comment)) is None


def test_a_draft_without_structure_gets_a_clear_message(app, running):
    consultation, browser, _official = running
    page = browser.submit(f"/ru/consultations/{consultation.id}/draft/import", {"text": "Просто текст без статей."})
    assert page.status_code == 400
    with app.test_request_context(), force_locale("ru"):
        expected = str(DRAFT_ERRORS["no-structure"])
    assert field_errors(page) == [expected]


def test_only_officials_of_the_agency_manage(app, make_user, make_agency, running):
    consultation, _browser, _official = running
    outsider = _signed_in(app, make_user(role=Role.OFFICIAL, agency=make_agency()))
    assert outsider.get(f"/ru/consultations/{consultation.id}/edit").status_code == 403
    assert outsider.get(f"/ru/consultations/{consultation.id}/draft/import").status_code == 403


def test_every_page_renders_in_every_phase(app, client, make_user, running):
    consultation, official_browser, official = running
    article = _article(consultation, "3", 1)
    writer = _signed_in(app, make_user())
    writer.submit(
        f"/tg/consultations/{consultation.id}/comments",
        {"body": "Ба таври умумӣ хуб аст."},
        form_url=f"/tg/consultations/{consultation.id}",
    )
    pages = [
        "/tg/consultations",
        f"/tg/consultations/{consultation.id}",
        f"/tg/consultations/{consultation.id}/draft",
        f"/tg/consultations/{consultation.id}/provisions/{article.id}",
        f"/tg/consultations/{consultation.id}/report",
    ]
    for phase in (Phase.OPEN, Phase.CLOSED):
        consultation.phase = phase
        db.session.commit()
        for page in pages:
            assert client.get(page).status_code == 200, page
    assert "Ба таври умумӣ хуб аст." in text(client.get(pages[1]))
    assert official_browser.get("/tg/consultations/moderation").status_code == 200
    report = official_browser.submit(
        f"/tg/consultations/{consultation.id}/report/edit", {"report": "Мо **ҳамаи** фикрҳоро баррасӣ кардем."}
    )
    assert report.status_code == 302
    assert "<strong>ҳамаи</strong>" in text(client.get(pages[-1]))
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).phase == Phase.REPORTED


def test_three_reports_hide_a_comment_until_a_moderator_keeps_it(app, client, make_user, make_consultation):
    from app.submissions.models import Moderation

    consultation, article, comment = make_consultation()
    page = f"/en/consultations/{consultation.id}/provisions/{article.id}"
    assert "Support this article." in text(client.get(page))
    for _ in range(3):
        reporter = _signed_in(app, make_user(created_at=utcnow() - timedelta(days=30)))
        url = f"/en/consultations/comments/{comment.id}/report"
        assert reporter.submit(url, {"reason": "off-topic"}, form_url=page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).submission.moderation == Moderation.PENDING
    assert "Support this article." not in text(client.get(page))
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=consultation.agency))
    queue = "/en/consultations/moderation"
    assert "Support this article." in text(moderator.get(queue))
    moderator.submit(f"/en/consultations/comments/{comment.id}/reports/resolve", {"decision": "keep"}, form_url=queue)
    assert "Support this article." in text(client.get(page))


def test_premoderated_comments_wait_for_a_moderator(app, client, make_user, make_consultation):
    consultation, article, _comment = make_consultation(premoderation=True)
    page = f"/en/consultations/{consultation.id}/provisions/{article.id}"
    writer = _signed_in(app, make_user())
    writer.submit(f"{page}/comments", {"body": "Please shorten the deadlines."}, form_url=page)
    assert "Please shorten the deadlines." not in text(client.get(page))
    moderator = _signed_in(app, make_user(role=Role.MODERATOR, agency=consultation.agency))
    pending = db.session.scalar(select(Comment).order_by(Comment.id.desc()))
    moderator.submit(
        f"/en/consultations/comments/{pending.id}/moderate",
        {"decision": "publish"},
        form_url="/en/consultations/moderation",
    )
    assert "Please shorten the deadlines." in text(client.get(page))


def test_a_five_megabyte_draft_gets_a_clear_message(app, running):
    import io

    consultation, browser, _official = running
    url = f"/ru/consultations/{consultation.id}/draft/import"
    token = browser.csrf_token(url)
    data = {"csrf_token": token, "text": "", "document": (io.BytesIO(("Статья 1.\n" * 600_000).encode()), "draft.txt")}
    page = browser.post(url, data=data)
    with app.test_request_context(), force_locale("ru"):
        expected = str(DRAFT_ERRORS["too-large"])
    assert page.status_code == 400 and field_errors(page) == [expected]


def test_one_person_reporting_a_comment_many_times_at_once_reports_it_once(app, make_user, make_consultation):
    consultation, article, comment = make_consultation()
    page = f"/en/consultations/{consultation.id}/provisions/{article.id}"
    reporter = _signed_in(app, make_user())
    token, cookie = reporter.csrf_token(page), reporter.get_cookie("session").value
    url = f"/en/consultations/comments/{comment.id}/report"

    def click():
        browser = app.test_client()
        browser.set_cookie("session", cookie)
        return browser.post(url, data={"csrf_token": token, "reason": "spam"}).status_code

    assert in_parallel(click, 30) == [302] * 30
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).reports == 1


TWO_ARTICLES = (
    "Глава 1. Плата\n\nСтатья 1. Детские сады\n\n1. Плата за детский сад устанавливается органом.\n\n"
    "2. Плата пересматривается ежегодно.\n\nСтатья 2. Школы\n\nПлата за продлённый день устанавливается школой.\n"
)
FEE_WORDS = [
    "Плата слишком высокая, семьи не могут её платить.",
    "Пардохт хеле баланд аст, оилаҳо наметавонанд пардозанд.",
    "The fee is far too high for ordinary families to pay.",
]


def test_comments_on_two_articles_are_grouped_apart_and_one_on_the_whole_draft_joins(
    app, make_consultation, make_user, run_jobs
):
    """The same words under two articles answer two provisions: the worker groups each article's comments apart
    (a comment on a part counts for its article), a comment on the whole draft joins one of them, and a reply goes
    with its comment's article."""
    from app.consultations import comments
    from app.submissions.models import Submission

    consultation, first, _comment = make_consultation(text=TWO_ARTICLES)
    version = first.version_id
    provisions = db.session.scalars(select(Provision).where(Provision.version_id == version)).all()
    part = next(p for p in provisions if p.kind == "part" and p.parent_id == first.id)
    second = next(p for p in provisions if p.kind == "article" and p.id != first.id)
    with app.test_request_context():
        written = [comments.add(consultation, make_user(), body, part) for body in FEE_WORDS]
        written += [comments.add(consultation, make_user(), body, second) for body in FEE_WORDS]
        whole = comments.add(consultation, make_user(), "Плата за детский сад непосильна для семей.")
        reply = comments.add(consultation, make_user(), "Согласна, платить нечем.", parent=written[3])
        db.session.commit()
        ids = [c.submission_id for c in [*written, whole, reply]]
    run_jobs()
    placed = [db.session.get(Submission, i) for i in ids]
    on_first, on_second = f"provision:{first.lineage_id}", f"provision:{second.lineage_id}"
    assert [s.section for s in placed] == [on_first] * 3 + [on_second] * 3 + [None, on_second]
    clusters = [s.cluster_id for s in placed[:6]]
    assert len(set(clusters[:3])) == len(set(clusters[3:])) == 1, "each article's comments are one group"
    assert clusters[0] != clusters[3]
    assert placed[6].cluster_id in set(clusters)
