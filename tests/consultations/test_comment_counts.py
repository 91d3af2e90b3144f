"""One definition of a comment that counts (app.consultations.comments.counts), the same in the table of contents,
on the provision's page, in the outcome chart, the report, the open data and the API."""

import csv
from collections import Counter
from datetime import timedelta

from lxml import html
from sqlalchemy import select

from app.accounts import services as accounts
from app.consultations import comments
from app.consultations.models import Comment
from app.core.db import utcnow
from app.extensions import db
from app.feedback import reviews
from app.opendata import files
from app.submissions.models import Cluster, Moderation, Submission
from tests.conftest import PASSWORD
from tests.helpers import text


def _page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(text(response))


def _number(element) -> int:
    return int("".join(ch for ch in element.text_content() if ch.isdigit()))


def _crafted(app, make_consultation, make_user):
    """The factory's comment, and around it every case: counted or not."""
    consultation, article, first = make_consultation()
    leaving = make_user()
    with app.test_request_context():
        kept = comments.add(consultation, leaving, "Written by someone who then deleted the account.", article)
        reply = comments.add(consultation, make_user(), "A reply to a published comment.", parent=kept)
        hidden = comments.add(consultation, make_user(), "Hidden by a moderator.", article)
        under_hidden = comments.add(consultation, make_user(), "A reply under a hidden comment.", parent=hidden)
        pending = comments.add(consultation, make_user(), "Hidden by reports, waiting.", article)
        rejected = comments.add(consultation, make_user(), "Rejected.", article)
        under_pending = comments.add(consultation, make_user(), "A reply under a waiting comment.", parent=pending)
        hidden_reply = comments.add(consultation, make_user(), "A hidden reply.", parent=first)
        hidden.submission.moderation, hidden_reply.submission.moderation = Moderation.HIDDEN, Moderation.HIDDEN
        pending.submission.moderation, rejected.submission.moderation = Moderation.PENDING, Moderation.REJECTED
        counted = {first.id, kept.id, reply.id}
        not_counted = {hidden.id, under_hidden.id, pending.id, rejected.id, under_pending.id, hidden_reply.id}
        db.session.commit()
    accounts.delete_account(db.session.merge(leaving), PASSWORD)
    db.session.commit()
    return consultation, article, counted, not_counted


def test_the_views_count_the_same_comments(app, client, make_consultation, make_user):
    consultation, article, counted, not_counted = _crafted(app, make_consultation, make_user)
    assert comments.counts_by_lineage(consultation) == {article.lineage_id: len(counted)}

    show = _page(client, f"/en/consultations/{consultation.id}")
    (toc,) = show.xpath(f'//ol[@class="toc"]/li[a[contains(@href, "/provisions/{article.id}")]]/span')
    provision = _page(client, f"/en/consultations/{consultation.id}/provisions/{article.id}")
    shown = {
        int(node.get("id").removeprefix("comment-")) for node in provision.xpath('//*[starts-with(@id, "comment-")]')
    }
    outcome = _page(client, f"/en/consultations/{consultation.id}/outcome")
    (chart_row,) = outcome.xpath('//table[@id="provisions-table"]/tbody/tr')
    report = _page(client, f"/en/consultations/{consultation.id}/report")
    (report_row,) = report.xpath(f'//tbody/tr[td/a[contains(@href, "/provisions/{article.id}")]]')
    assert _number(toc) == _number(provision.get_element_by_id("comments-heading")) == len(counted)
    assert _number(chart_row.xpath("td")[0]) == _number(report_row.xpath("td")[1]) == len(counted)
    assert shown >= counted and not shown & not_counted
    assert "Deleted account" in provision.text_content()

    files.regenerate()
    with files.path_of("comments", "csv").open(encoding="utf-8-sig", newline="") as handle:
        exported = {int(row["id"]) for row in csv.DictReader(handle)}
    api = client.get("/api/v1/comments", query_string={"consultation": consultation.id}).get_json()["data"]
    assert exported == {row["id"] for row in api} == counted


def test_groups_count_only_the_comments_that_count(app, client, staff_client, make_consultation, make_user, run_jobs):
    consultation, _article, counted, not_counted = _crafted(app, make_consultation, make_user)
    run_jobs()
    rows = db.session.execute(select(Comment.id, Submission.cluster_id).join(Submission)).all()
    assert {comment_id for comment_id, _ in rows} == counted | not_counted
    expected = Counter(cluster_id for comment_id, cluster_id in rows if comment_id in counted)
    groups = {cluster_id for _, cluster_id in rows}
    assert None not in groups and sum(db.session.get(Cluster, c).size for c in groups) == len(rows), (
        "premise: the engine grouped every comment, shown or not (its sizes stay the engine's)"
    )

    heard = _page(client, f"/en/consultations/{consultation.id}/heard")
    shown = {
        int(section.get("aria-labelledby").removeprefix("group-")): _number(section.xpath('p[@class="meta"]/strong')[0])
        for section in heard.xpath('//section[@class="cluster"]')
    }
    assert shown == {cluster_id: count for cluster_id, count in expected.items()}
    review = staff_client(consultation.agency)
    workspace = text(review.get(f"/en/review/consultations/{consultation.id}"))
    listed = {cluster_id for cluster_id in groups if f'/review/clusters/{cluster_id}"' in workspace}
    assert groups - set(expected), "premise: a group holds only comments that do not count"
    assert listed == set(expected), "a group of nothing shown is not listed for review"
    late = reviews.overdue(None, today=utcnow().date() + timedelta(days=400))
    assert {row.cluster.id for row in late} == set(expected), "nor is it ever late"
    for cluster_id in groups:
        public = client.get(f"/en/groups/{cluster_id}")
        if cluster_id not in expected:
            assert public.status_code == 404, "a group of comments nobody sees is not public"
            continue
        (facts,) = html.fromstring(text(public)).xpath('//h1/following-sibling::p[@class="meta"][1]/strong')
        assert _number(facts) == expected[cluster_id]
        page = html.fromstring(text(review.get(f"/en/review/clusters/{cluster_id}")))
        summary = page.xpath('//h1/following-sibling::p[@class="meta"][1]')[0].text_content()
        assert f"{expected[cluster_id]} comment" in summary, summary
