"""The agencies' ranking on crafted data: every answer counts (reports, petitions, groups), voluntary answers are
credited, and the agencies page, the API and the open data show the same figures (app.tracker.ranking)."""

import csv
from datetime import timedelta

import pytest
from flask_babel import force_locale
from lxml import html
from sqlalchemy import event

from app.core.db import utcnow
from app.extensions import db
from app.feedback.models import ClusterAnswer
from app.opendata import files
from app.petitions.models import State
from app.submissions import services as submissions
from app.submissions.models import Cluster, Moderation
from app.submissions.scopes import PETITIONS
from app.submissions.services import CORE_MARGIN
from app.tracker import ranking, stats
from tests.helpers import text

NOW = utcnow()


def _ago(days: float):
    return NOW - timedelta(days=days)


def _closed(make_consultation, agency, days_ago: float, reported_after: float | None = None):
    consultation = make_consultation(agency)[0]
    consultation.opens_at, consultation.closes_at = _ago(days_ago + 30), _ago(days_ago)
    if reported_after is not None:
        consultation.report_published_at = consultation.closes_at + timedelta(days=reported_after)
    db.session.commit()
    return consultation


def _group(scope: str, bodies, moderation=Moderation.PUBLISHED, created_days_ago: float = 200) -> Cluster:
    """A group of `scope` holding a submission per body."""
    cluster = Cluster(scope=scope, model="test", size=len(bodies), created_at=_ago(created_days_ago))
    db.session.add(cluster)
    db.session.flush()
    for body in bodies:
        submissions.submit("comment", scope, body, None, moderation).cluster_id = cluster.id
    db.session.commit()
    return cluster


def _answer(cluster: Cluster, when, agency=None) -> None:
    agency_id = agency.id if agency is not None else None
    db.session.add(ClusterAnswer(cluster_id=cluster.id, body="Our answer.", published_at=when, agency_id=agency_id))
    db.session.commit()


def _pooled(make_petition, cluster: Cluster, agency, firmness=None, **fields):
    """A published petition to `agency` in the pool group `cluster`."""
    petition = make_petition(agency_id=agency.id, **fields)
    member = submissions.submit("petition", PETITIONS, petition.request, None, Moderation.PUBLISHED)
    member.cluster_id, member.firmness, petition.submission_id = cluster.id, firmness, member.id
    db.session.commit()
    return petition


@pytest.fixture
def agencies(make_agency, make_consultation, make_petition):
    """Four agencies: one answers everything, one answers some of it late, one had nothing due, one answered only
    what it did not have to."""
    complete, late, quiet, volunteer = (make_agency() for _ in range(4))
    # All: the report in 20 days, both groups 5 days after the close, the petition 10 days after the threshold.
    reported = _closed(make_consultation, complete, days_ago=100, reported_after=20)
    for body in ("Lower the fee.", "Keep the market open on Sunday."):
        _answer(_group(reported.scope, [body]), reported.closes_at + timedelta(days=5))
    make_petition(agency_id=complete.id, response_due_at=_ago(50), responded_at=_ago(40))
    # Some, late: no report (late), one group answered in 40 days and one overdue; a petition answered through its
    # group 45 days after the threshold, one late, one not yet late.
    unreported = _closed(make_consultation, late, days_ago=120)
    _answer(_group(unreported.scope, ["Publish the results."]), unreported.closes_at + timedelta(days=40))
    _group(unreported.scope, ["Nobody answered this."])
    pool = _group(PETITIONS, [])
    _pooled(make_petition, pool, late, response_due_at=_ago(60))
    _answer(pool, _ago(15), late)
    make_petition(agency_id=late.id, response_due_at=_ago(40), title="Fix the bridge on the Varzob")
    make_petition(agency_id=late.id, response_due_at=_ago(5))
    # Nothing due: an open consultation, a petition below the threshold, and a petition to it in another's group.
    make_consultation(quiet)
    make_petition(agency_id=quiet.id)
    # Only voluntary answers: a petition below the threshold answered itself and through its group, another through
    # the group, one only weakly in the group (not covered, as its page shows); a group answered while comments were
    # open; not counted: a group whose only member was hidden, and a petition still in moderation.
    shared = _group(PETITIONS, [])
    both = _pooled(make_petition, shared, volunteer, responded_at=_ago(3))
    _pooled(make_petition, shared, volunteer)
    _pooled(make_petition, shared, volunteer, firmness=CORE_MARGIN - 0.05)
    _pooled(make_petition, shared, quiet)  # joined later: the volunteer's answer is not the quiet agency's
    _answer(shared, _ago(2), volunteer)
    assert both.responded_at is not None
    still_open = make_consultation(volunteer)[0]
    _answer(_group(still_open.scope, ["Answered early."], created_days_ago=1), _ago(0.5))
    _answer(_group(still_open.scope, ["Hidden."], Moderation.HIDDEN, created_days_ago=1), _ago(0.5))
    make_petition(State.MODERATION, agency_id=volunteer.id, responded_at=_ago(1))
    return complete, late, quiet, volunteer


def _figures(row) -> tuple:
    return row.due, row.answered, row.voluntary, row.share_answered, row.median_days_to_answer, row.overdue_now


def test_every_answer_counts_and_voluntary_answers_are_credited(app, agencies):
    complete, late, quiet, volunteer = agencies
    found = {row.agency.id: row for row in ranking.agency_statistics(now=NOW)}
    # a report, two groups and a petition, all answered: 20, 5, 5 and 10 days
    assert _figures(found[complete.id]) == (4, 4, 0, 1.0, 7.5, 0)
    # a report (late), two groups (one overdue), three petitions (one late): the group in 40 days, the petition in 45
    assert _figures(found[late.id]) == (6, 2, 0, pytest.approx(1 / 3), 42.5, 3)
    assert _figures(found[quiet.id]) == (0, 0, 0, None, None, 0)
    # two petitions below the threshold (one answered twice, counted once) and a group of an open consultation
    assert _figures(found[volunteer.id]) == (0, 0, 3, None, None, 0)
    assert found[volunteer.id].answers == 3 and found[late.id].answers == 2


def test_one_agency_has_the_same_figures_as_in_the_list(app, agencies):
    for agency in agencies:
        (alone,) = ranking.agency_statistics([agency.id], now=NOW)
        together = next(row for row in ranking.agency_statistics(now=NOW) if row.agency.id == agency.id)
        assert _figures(alone) == _figures(together)
    assert ranking.agency_statistics([], now=NOW) == []


def test_a_petition_answered_through_its_group_is_neither_late_nor_unanswered(app, agencies):
    late = agencies[1]
    (row,) = ranking.agency_statistics([late.id], now=NOW)
    petitions = {petition_id: db.session.get(stats.Petition, petition_id) for petition_id in row.late_petitions}
    assert [p.title for p in petitions.values()] == ["Fix the bridge on the Varzob"]
    answered = db.session.scalars(
        stats.select(stats.Petition).where(
            stats.Petition.agency_id == late.id, stats.Petition.response_due_at < _ago(55)
        )
    ).one()
    assert stats.answered_at(answered) == _ago(15) and not stats.response_overdue(answered, NOW)
    assert stats.response_days(answered) == 45.0


def test_the_ranking_costs_the_same_queries_for_few_agencies_or_many(app, agencies, make_agency, make_consultation):
    def queries() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            ranking.agency_statistics(now=NOW)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        db.session.expire_all()
        return len(statements)

    before = queries()
    for _ in range(3):
        consultation = _closed(make_consultation, make_agency(), days_ago=120)
        _answer(_group(consultation.scope, ["Answered."]), consultation.closes_at + timedelta(days=1))
        _group(consultation.scope, ["Waiting."])
    assert queries() == before


def test_overdue_groups_of_petitions_count_for_each_agency_addressed(app, make_agency, make_petition):
    first, second, other = make_agency(), make_agency(), make_agency()
    pool = Cluster(scope=PETITIONS, model="test", size=2, created_at=_ago(60))
    db.session.add(pool)
    db.session.flush()
    for agency in (first, second):
        petition = make_petition(agency_id=agency.id)
        submission = submissions.submit("petition", PETITIONS, petition.request, None, Moderation.PUBLISHED)
        submission.cluster_id, petition.submission_id = pool.id, submission.id
    db.session.commit()
    assert ranking.overdue_groups(today=NOW.date()) == {first.id: 1, second.id: 1}
    assert {row.agency.id: row.overdue_now for row in ranking.agency_statistics(now=NOW)} == {
        first.id: 1,
        second.id: 1,
        other.id: 0,
    }


# -- the page, the API and the open data agree ----------------------------------------------------


def _page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(text(response))


def _row(page, agency) -> dict[str, str]:
    headings = [" ".join(th.text_content().split()) for th in page.xpath('//table[@class="ranking"]//thead//th')]
    cells = page.xpath(f'//tr[@id="agency-{agency.id}"]/*')
    return dict(zip(headings, (" ".join(cell.text_content().split()) for cell in cells), strict=True))


def test_the_page_shows_answers_with_their_denominator_and_the_voluntary_ones(client, agencies):
    complete, late, quiet, volunteer = agencies
    page = _page(client, "/en/agencies")
    order = [tr.get("id") for tr in page.xpath('//table[@class="ranking"]/tbody/tr')]
    assert order == [f"agency-{a.id}" for a in (complete, late, volunteer, quiet)]  # who answered before who did not
    assert _row(page, late)["Answered"] == "2 of 6 due" and _row(page, late)["Share answered"] == "33%"
    assert _row(page, complete)["Answered"] == "4 of 4 due"
    volunteered = _row(page, volunteer)
    assert (volunteered["Answered"], volunteered["Answered without being due"]) == ("Nothing due", "3")
    meanings = page.xpath('//dl[@class="meanings"]/dd')
    assert len(meanings) == 6 and "each public group of comments" in meanings[0].text_content()
    agency = _page(client, f"/ru/agencies/{late.id}")
    assert "2 из 6" in agency.xpath('//dd[@class="answered-of"]')[0].text_content()
    assert [li.text_content().count("Fix the bridge") for li in agency.xpath('//ul[@class="late-list"]/li')] == [
        1,
        0,
        0,
    ]  # the late petition, the late report, the overdue group; not the petition its group's answer covered


def test_the_page_the_api_and_the_open_data_agree(client, agencies):
    names = ("due", "answered", "voluntary", "share_answered", "median_days_to_answer", "overdue_now")
    api = {row["id"]: tuple(row[name] for name in names) for row in client.get("/api/v1/agencies").get_json()["data"]}
    files.regenerate()
    with files.path_of("agencies", "csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = {int(row["id"]): tuple(row[name] for name in names) for row in csv.DictReader(handle)}
    page = _page(client, "/en/agencies")
    for row in ranking.agency_statistics():
        figures = _figures(row)
        assert api[row.agency.id] == figures
        assert csv_rows[row.agency.id] == tuple("" if value is None else str(value) for value in figures)
        shown = _row(page, row.agency)
        assert shown["Answered"] == (f"{row.answered} of {row.due} due" if row.due else "Nothing due")
        assert shown["Answered without being due"] == str(row.voluntary)
        assert shown["Overdue now"] == str(row.overdue_now)


def test_what_the_figures_mean_is_written_down_alike_everywhere(app, client):
    schema = client.get("/ru/open-data/schema.json").get_json()
    (agencies,) = [dataset for dataset in schema["datasets"] if dataset["name"] == "agencies"]
    described = {column["name"]: column["description"] for column in agencies["columns"]}
    document = client.get("/api/v1/openapi.json", headers={"Accept-Language": "ru"}).get_json()
    api = document["components"]["schemas"]["Agency"]["properties"]
    page = _page(client, "/ru/agencies")
    shown = [" ".join(dd.text_content().split()) for dd in page.xpath('//dl[@class="meanings"]/dd')]
    with app.test_request_context(), force_locale("ru"):
        meanings = {name: str(meaning) for name, meaning in ranking.MEANINGS.items()}
    assert "Требовало ответа" in meanings["due"]
    assert [described[name] for name in meanings] == [api[name]["description"] for name in meanings] == shown
    assert shown == list(meanings.values())
