"""What the public sees: a group's page, a consultation's "What we heard", answers under every member."""

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import comments
from app.consultations.models import Comment
from app.core.db import utcnow
from app.extensions import db
from app.feedback import answers, publicity, reviews
from app.feedback.models import ReviewStatus
from app.petitions.models import Petition, State
from app.submissions import services as submissions
from app.submissions.models import Cluster, Moderation, Submission
from tests.helpers import sql_statements, text

FEES = [
    ("ru", "Плата за детский сад слишком высокая, семьи не могут её платить.", "Гулнора Саидова"),
    ("tg", "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.", "Фаррух Раҳимов"),
    ("ru", "Детский сад стоит слишком дорого, многие семьи не в состоянии платить за него.", "Зарина Каримова"),
]
REJECTED = ("Плата за детский сад слишком высокая, семьи не могут платить. Чиновники — воры!", "Скрытый Автор")
ANSWER = "**Fees** will be halved from September.\n\n<script>alert('x')</script>"
AMENDED = "**Fees** will be halved from *August*.\n\n<script>alert('x')</script>"


@pytest.fixture
def answered(app, make_user, make_consultation, add_comments, run_jobs):
    """A consultation whose kindergarten-fees group (ru and tg, one comment rejected) is answered, then amended."""
    consultation, article, _first = make_consultation()
    added = [add_comments(consultation, [body], article, display_name=name)[0] for _lang, body, name in FEES]
    with app.test_request_context():
        rejected = comments.add(consultation, make_user(display_name=REJECTED[1]), REJECTED[0], article)
        comments.moderate(rejected, None, publish=False)
        db.session.commit()
    run_jobs()
    member = db.session.get(Comment, added[0])
    cluster = db.session.get(Cluster, member.submission.cluster_id)
    _answer(app, make_user, cluster, ANSWER)
    _answer(app, make_user, cluster, AMENDED)
    run_jobs()  # delivery: the answer reaches the authors
    return {"consultation": consultation, "article": article, "cluster": cluster, "comments": added}


def _answer(app, make_user, cluster, body):
    official = make_user(role=Role.OFFICIAL)
    with app.test_request_context():
        answers.publish(db.session.get(Cluster, cluster.id), body, official)
        db.session.commit()


def _visible_text(page: str) -> str:
    """The page without its tags: what a reader sees."""
    return re.sub(r"<[^>]+>", " ", page)


def _assert_safe_and_anonymous(page: str):
    assert "<strong>Fees</strong>" in page, "the answer's Markdown is rendered"
    assert "<script>alert" not in page, "the answer's HTML is never a tag"
    for name in [name for _lang, _body, name in FEES] + [REJECTED[1]]:
        assert name not in page, "no author is named"
    assert "Чиновники — воры" not in page, "a rejected comment is never quoted"


def test_the_group_page_quotes_members_without_names_and_shows_the_answer_with_its_history(app, client, answered):
    cluster = answered["cluster"]
    rejected = db.session.scalar(select(Submission).where(Submission.moderation == Moderation.REJECTED))
    assert rejected.cluster_id == cluster.id, "the rejected comment is in the answered group (else this proves little)"
    assert {"ru", "tg"} <= set(cluster.languages)
    response = client.get(f"/ru/groups/{cluster.id}")
    assert response.status_code == 200
    page = text(response)
    _assert_safe_and_anonymous(page)
    for _lang, body, _name in FEES:
        assert body in page
    assert "<em>August</em>" in page, "the answer as amended"
    history = page[page.index("<details") : page.index("</details>")]
    assert "September" in history and "August" not in history, "the earlier wording stays visible"
    assert f"/ru/consultations/{answered['consultation'].id}/heard" in page
    published = len(FEES)
    assert re.search(rf"\b{published}\b", _visible_text(page)), "the size counts published comments"


def test_what_we_heard_lists_groups_with_quotes_status_and_answer(app, client, answered):
    consultation = answered["consultation"]
    response = client.get(f"/tg/consultations/{consultation.id}/heard")
    assert response.status_code == 200
    page = text(response)
    assert "<script>alert" not in page
    for name in [name for _lang, _body, name in FEES] + [REJECTED[1]]:
        assert name not in page
    assert "Чиновники — воры" not in page
    assert "halved from August" in page, "the answer, shortened"
    assert f"/tg/groups/{answered['cluster'].id}" in page
    assert sum(body in page for _lang, body, _name in FEES) == 3, "three quotes of the group"
    assert "Support this article." in page, "the other group is listed too"
    show = text(client.get(f"/en/consultations/{consultation.id}"))
    report = text(client.get(f"/en/consultations/{consultation.id}/report"))
    heard = f"/en/consultations/{consultation.id}/heard"
    assert heard in show and heard in report, "linked from the consultation and its report"


def test_the_provision_page_shows_the_answer_under_each_member_comment(app, client, answered):
    consultation, article = answered["consultation"], answered["article"]
    page = text(client.get(f"/en/consultations/{consultation.id}/provisions/{article.id}"))
    articles = {
        int(number): chunk
        for number, chunk in re.findall(r'<article class="comment" id="comment-(\d+)"(.*?)</article>', page, re.S)
    }
    first, *others = [number for number in articles if number in answered["comments"]]  # in the page's order
    assert sorted([first, *others]) == sorted(answered["comments"])
    for comment_id in answered["comments"]:
        assert "Official answer to this group" in articles[comment_id]
        assert f"/en/groups/{answered['cluster'].id}" in articles[comment_id]
    assert "halved from <em>August</em>" in articles[first], "written out under the group's first comment"
    for comment_id in others:
        assert f'href="#group-answer-{first}"' in articles[comment_id], "the others link to it"
    assert page.count("halved from <em>August</em>") == 1, "rendered once, however large the group"
    outsider = db.session.scalar(select(Comment).join(Submission).where(Submission.body == "Support this article."))
    assert outsider.submission.cluster_id != answered["cluster"].id
    assert "Official answer to this group" not in articles[outsider.id]
    assert "<script>alert" not in page


def test_what_we_heard_costs_the_same_number_of_queries_with_more_groups(client, answered, add_comments, run_jobs):
    consultation, article = answered["consultation"], answered["article"]
    url = f"/en/consultations/{consultation.id}/heard"
    with sql_statements() as before:
        assert client.get(url).status_code == 200
    groups_before = _groups(consultation)
    more = [
        "Дороги в нашем районе разбиты, их нужно срочно отремонтировать.",
        "Нужно больше автобусов между сёлами и городом.",
        "Об таи лӯлаҳо дар деҳаи мо тамоман нест, обанборҳо лозиманд.",
    ]
    add_comments(consultation, more, article)
    run_jobs()
    assert _groups(consultation) > groups_before
    with sql_statements() as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), after


def _groups(consultation) -> int:
    return len(db.session.scalars(select(Cluster).where(Cluster.scope == consultation.scope, Cluster.size > 0)).all())


def test_groups_that_are_not_public_are_not_found(app, client, answered):
    consultation = answered["consultation"]
    with app.test_request_context():
        hidden_only = Cluster(scope=consultation.scope, model="test", size=1)
        question = Cluster(scope=f"{consultation.scope}:question:1", model="test", size=1)
        gone = Cluster(scope="consultation:999999", model="test", size=1)
        empty_pool = Cluster(scope="petitions", model="test", size=1)
        db.session.add_all([hidden_only, question, gone, empty_pool])
        db.session.flush()
        rejected = db.session.scalar(select(Submission).where(Submission.moderation == Moderation.REJECTED))
        rejected.cluster_id = hidden_only.id
        db.session.commit()
        ids = [hidden_only.id, question.id, gone.id, empty_pool.id]
    for cluster_id in ids:
        assert client.get(f"/en/groups/{cluster_id}").status_code == 404, cluster_id
    heard = text(client.get(f"/en/consultations/{consultation.id}/heard"))
    assert f"/en/groups/{answered['cluster'].id}" in heard
    assert f'/en/groups/{ids[0]}"' not in heard, "a group of hidden comments only is not listed"
    assert client.get("/en/consultations/999999/heard").status_code == 404
    assert client.get("/en/groups/999999").status_code == 404


INSULIN = [
    ("Бесплатный инсулин для детей", "Обеспечить всех детей с диабетом бесплатным инсулином в каждой поликлинике."),
    (
        "Инсулини ройгон барои кӯдакон",
        "Ҳамаи кӯдакони гирифтори диабетро бо инсулини ройгон дар ҳар поликлиника таъмин кунед.",
    ),
    ("Insulin pens for children", "Every child with diabetes should get free insulin pens at the district clinic."),
]


@pytest.fixture
def grouped_petitions(app, make_user, make_petition, run_jobs):
    """Three petitions asking the same; the third still waits for moderators."""
    found = []
    for (title, request), state in zip(INSULIN, (State.OPEN, State.OPEN, State.MODERATION), strict=True):
        author = make_user(display_name=f"Автор {title}")
        petition = make_petition(state=state, author=author, title=title, request=request)
        with app.test_request_context():
            moderation = Moderation.PUBLISHED if state == State.OPEN else Moderation.PENDING
            submission = submissions.submit("petition", "petitions", f"{title}\n\n{request}", author, moderation)
            db.session.get(Petition, petition.id).submission_id = submission.id
            db.session.commit()
        found.append(petition.id)
    run_jobs()
    return [db.session.get(Petition, petition_id) for petition_id in found]


def test_a_petition_page_shows_its_group_and_the_answer(app, client, make_user, grouped_petitions, run_jobs):
    first, second, waiting = grouped_petitions
    cluster_ids = {db.session.get(Submission, p.submission_id).cluster_id for p in grouped_petitions}
    assert len(cluster_ids) == 1, "the same request in three languages is one group"
    (cluster_id,) = cluster_ids
    unchecked = text(client.get(f"/en/petitions/{first.id}"))
    assert "Grouped with similar petitions" not in unchecked and second.title not in unchecked, (
        "the engine's grouping alone is not published: it can join petitions that share only a place"
    )
    assert client.get(f"/en/groups/{cluster_id}").status_code == 404
    official = make_user(role=Role.OFFICIAL)
    with app.test_request_context():
        reviews.set_status(db.session.get(Cluster, cluster_id), ReviewStatus.UNDER_REVIEW, "", actor=official)
        db.session.commit()
    before = text(client.get(f"/en/petitions/{first.id}"))
    assert "Grouped with similar petitions" in before and second.title in before, "an official has looked at it"
    assert waiting.title not in before, "a petition not yet public is not listed"
    assert "Official answer to this group" not in before
    _answer(app, make_user, db.session.get(Cluster, cluster_id), "The ministry will fund **insulin pens**.")
    run_jobs()
    page = text(client.get(f"/en/petitions/{second.id}"))
    assert first.title in page and "<strong>insulin pens</strong>" in page
    assert f"/en/groups/{cluster_id}" in page
    group = text(client.get(f"/ru/groups/{cluster_id}"))
    assert first.title in group and second.title in group and waiting.title not in group
    assert "<strong>insulin pens</strong>" in group
    assert "Автор" not in group, "no author is named"


@pytest.mark.parametrize("how", ["confirmed", "pinned", "locked"])
def test_a_petition_group_is_public_once_an_official_confirmed_a_member_or_shaped_it(client, grouped_petitions, how):
    first, second, _waiting = grouped_petitions
    member = db.session.get(Submission, second.submission_id)
    cluster = db.session.get(Cluster, member.cluster_id)
    assert not publicity.vouched_for(cluster)
    if how == "confirmed":
        member.confirmed_at = utcnow()  # "Belongs here"
    elif how == "pinned":
        member.pinned = True  # moved here by an official
    else:
        cluster.locked = True  # merged or split by an official
    db.session.commit()
    assert publicity.vouched_for(cluster)
    assert second.title in text(client.get(f"/ru/petitions/{first.id}"))
    assert client.get(f"/ru/groups/{cluster.id}").status_code == 200
