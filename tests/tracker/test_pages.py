"""The tracker's public pages: the figures in every language, charts with their tables, nothing personal."""

import csv
from datetime import UTC, datetime, timedelta

import pytest
from lxml import html
from sqlalchemy import select

from app.accounts.models import Role, User
from app.consultations import services
from app.consultations.models import Comment, Consultation, Phase
from app.core.db import utcnow
from app.extensions import db
from app.opendata import files
from app.petitions.models import SignatureState, State
from app.tracker import stats
from tests.helpers import signature, text

NOW = utcnow()
SECOND_DRAFT = "Глава 1. Общие положения\n\nСтатья 1. Цель\n\nЦелью закона является открытость и ясность.\n"


def _page(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(text(response))


def _cells(table) -> list[list[str]]:
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("th|td")] for row in table.xpath(".//tr")]


def _chart_and_table(page, table_id: str):
    """The SVG described by the table `table_id`, and the table's body rows."""
    (svg,) = page.xpath(f'//svg[@aria-describedby="{table_id}"]')
    assert svg.get("role") == "img" and svg.xpath("./title")[0].text_content().strip()
    (table,) = page.xpath(f'//table[@id="{table_id}"]')
    assert table.xpath("ancestor::details/summary"), "the table is behind a Data table summary"
    return svg, _cells(table)[1:]


def _fact(page, element_id: str) -> str:
    return " ".join(page.get_element_by_id(element_id).text_content().split())


@pytest.fixture
def signed_petition(make_petition, make_agency):
    """A published petition with signatures on two days from two regions, past its response threshold."""
    agency = make_agency()
    reached = NOW - timedelta(days=40)
    petition = make_petition(agency_id=agency.id, signature_count=3, response_due_at=reached)
    first, second = datetime(2025, 4, 1, 10, tzinfo=UTC), datetime(2025, 4, 4, 10, tzinfo=UTC)
    for number, (when, region, state) in enumerate(
        [
            (first, "TJ-DU", SignatureState.CONFIRMED),
            (first, "TJ-SU", SignatureState.CONFIRMED),
            (second, "TJ-DU-SIN", SignatureState.CONFIRMED),
            (second, "TJ-KT", SignatureState.PENDING),
        ]
    ):
        db.session.add(signature(petition, number, when, region, state))
    db.session.commit()
    return petition


def test_petition_progress_page_shows_signatures_over_time_and_by_region(client, signed_petition):
    page = _page(client, f"/en/petitions/{signed_petition.id}/progress")
    svg, days = _chart_and_table(page, "time-table")
    dates = ["Apr 1, 2025", "Apr 2, 2025", "Apr 3, 2025", "Apr 4, 2025"]
    assert days == [[dates[0], "2", "2"], [dates[1], "0", "2"], [dates[2], "0", "2"], [dates[3], "1", "3"]]
    columns = svg.xpath(".//rect")
    tips = [c.xpath("./title")[0].text for c in columns]
    assert tips == [f"{day}: {n}" for day, n in zip(dates, "2001", strict=True)]
    assert float(columns[0].get("height")) == 2 * float(columns[3].get("height")) > 0
    svg, regions = _chart_and_table(page, "regions-table")
    assert regions == [["Dushanbe", "2"], ["Sughd Region", "1"]]
    assert [t.text for t in svg.xpath(".//text")] == ["Dushanbe", "2", "Sughd Region", "1"]
    assert "Late" in _fact(page, "response-status")  # 40 days past the threshold, 30 allowed
    assert page.xpath(f'//a[@href="/en/agencies/{signed_petition.agency_id}"]')


def test_petition_progress_page_says_when_the_response_came(client, signed_petition):
    signed_petition.responded_at = signed_petition.response_due_at + timedelta(days=12)
    db.session.commit()
    page = _page(client, f"/ru/petitions/{signed_petition.id}/progress")
    assert _fact(page, "response-days") == "12"
    thresholds = _cells(page.get_element_by_id("thresholds-table"))[1:]
    assert thresholds[0][1] == "10 000" and thresholds[0][2] != thresholds[1][2]  # reached; the other not
    assert page.xpath("/html/@lang") == ["ru"]


def test_pages_never_show_signers(client, signed_petition):
    pages = [
        f"/en/petitions/{signed_petition.id}/progress",
        f"/en/agencies/{signed_petition.agency_id}",
        "/en/agencies",
    ]
    for url in pages:
        body = text(client.get(url))
        assert "Secretname" not in body and "@example.org" not in body, url


@pytest.mark.parametrize("state", [State.DRAFT, State.SPONSORING, State.MODERATION, State.REJECTED, State.HIDDEN])
def test_only_published_petitions_have_a_progress_page(client, make_petition, state):
    assert client.get(f"/en/petitions/{make_petition(state).id}/progress").status_code == 404
    assert client.get("/en/petitions/999999/progress").status_code == 404


@pytest.fixture
def reported_consultation(app, make_consultation, make_user):
    """A consultation with a second version and a report published late, 100 days after comments closed."""
    consultation_id = make_consultation()[0].id
    official_id = make_user(role=Role.OFFICIAL).id
    with app.test_request_context():  # it has a session of its own
        consultation, official = db.session.get(Consultation, consultation_id), db.session.get(User, official_id)
        version = services.import_draft(consultation, official, SECOND_DRAFT)
        services.publish_version(version, official, "Article 1 now says *clarity* as well.")
        db.session.commit()
    consultation = db.session.get(Consultation, consultation_id)
    consultation.opens_at, consultation.closes_at = NOW - timedelta(days=150), NOW - timedelta(days=120)
    consultation.report_published_at = consultation.closes_at + timedelta(days=100)
    consultation.phase = Phase.REPORTED
    db.session.commit()
    return consultation


def test_consultation_outcome_page(client, reported_consultation):
    consultation = reported_consultation
    page = _page(client, f"/en/consultations/{consultation.id}/outcome")
    assert "late" in _fact(page, "report-status") and stats.report_on_time(consultation) is False
    assert (_fact(page, "comment-count"), _fact(page, "people-count")) == ("1", "1")
    for table_id in ("time-table", "languages-table", "regions-table", "provisions-table"):
        svg, rows = _chart_and_table(page, table_id)
        assert sum(int(row[1]) for row in rows) == 1, table_id
    assert page.xpath(f'//a[@href="/en/consultations/{consultation.id}/heard"]')
    assert page.xpath(f'//a[@href="/en/consultations/{consultation.id}/draft?version=2&changes_from=1"]')
    assert "clarity" in page.xpath('//ol[@class="versions"]')[0].text_content()
    assert page.xpath(f'//a[@href="/en/agencies/{consultation.agency_id}"]')
    author = db.session.scalar(select(User).join(Comment, Comment.author_id == User.id))
    assert author.display_name not in text(client.get(f"/en/consultations/{consultation.id}/outcome"))


def test_consultation_outcome_page_in_tajik(client, reported_consultation):
    page = _page(client, f"/tg/consultations/{reported_consultation.id}/outcome")
    assert page.xpath("/html/@lang") == ["tg"]
    assert _fact(page, "comment-count") == "1"
    assert page.xpath(f'//a[@href="/tg/consultations/{reported_consultation.id}/heard"]')


@pytest.fixture
def two_agencies(make_agency, make_consultation, make_petition):
    """One agency answered its only petition in 10 days; the other left one late and one not yet due."""
    prompt, slow = make_agency(), make_agency()
    make_petition(agency_id=prompt.id, response_due_at=NOW - timedelta(days=20), responded_at=NOW - timedelta(days=10))
    make_petition(agency_id=slow.id, response_due_at=NOW - timedelta(days=45), title="Fix the bridge on the Varzob")
    make_petition(agency_id=slow.id, response_due_at=NOW - timedelta(days=2))
    return prompt, slow


def test_ranking_sorts_by_share_and_by_overdue(client, two_agencies):
    prompt, slow = two_agencies
    page = _page(client, "/en/agencies")
    ranking = _cells(page.xpath('//table[@class="ranking"]')[0])[1:]
    assert [row[0] for row in ranking] == ["Agency 1", "Agency 2"]
    assert ranking[0][3:] == ["1 of 1 due", "0", "100%", "10", "0"]
    assert ranking[1][3:] == ["0 of 2 due", "0", "0%", "Nothing due answered yet", "1"]
    svg, rows = _chart_and_table(page, "share-table")
    assert rows == [["Agency 1", "100"], ["Agency 2", "0"]]
    by_overdue = _cells(_page(client, "/ru/agencies?sort=overdue").xpath('//table[@class="ranking"]')[0])[1:]
    assert [row[0] for row in by_overdue] == ["Ведомство 2", "Ведомство 1"]
    assert _page(client, "/en/agencies?sort=nonsense").xpath('//th[@aria-sort="descending"]//a/@href') == [
        "/en/agencies?sort=share"
    ]


def test_agency_page_lists_what_is_late(client, two_agencies):
    _, slow = two_agencies
    page = _page(client, f"/en/agencies/{slow.id}")
    facts = page.xpath("//dl[@class='facts']")[0]
    figures = dict(zip(facts.xpath("./dt/text()"), facts.xpath("./dd"), strict=True))
    assert figures["Needed an answer"].text_content() == "2" and figures["Overdue now"].text_content() == "1"
    late = [li.text_content() for li in page.xpath('//ul[@class="late-list"]/li')]
    assert len(late) == 1 and "Fix the bridge on the Varzob" in late[0]
    assert page.xpath(f'//link[@rel="alternate"][@href="/en/agencies/{slow.id}/feed.atom"]')
    assert client.get("/en/agencies/999999").status_code == 404


def test_existing_pages_link_to_the_tracker(client, reported_consultation, signed_petition):
    consultation = reported_consultation
    show = _page(client, f"/en/consultations/{consultation.id}")
    assert show.xpath(f'//a[@href="/en/consultations/{consultation.id}/outcome"]')
    assert show.xpath(f'//a[@href="/en/agencies/{consultation.agency_id}"]')
    report = _page(client, f"/en/consultations/{consultation.id}/report")
    assert report.xpath(f'//a[@href="/en/consultations/{consultation.id}/outcome"]')
    petition = _page(client, f"/en/petitions/{signed_petition.id}")
    assert petition.xpath(f'//a[@href="/en/petitions/{signed_petition.id}/progress"]')
    assert petition.xpath(f'//a[@href="/en/agencies/{signed_petition.agency_id}"]')
    assert petition.xpath('//header//a[@href="/en/agencies"]')


def test_open_data_agencies_carry_the_tracker_figures(app, two_agencies):
    prompt, slow = two_agencies
    files.regenerate()
    with files.path_of("agencies", "csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {int(row["id"]): row for row in csv.DictReader(handle)}
    figures = [rows[prompt.id][name] for name in ("due", "answered", "median_days_to_answer", "overdue_now")]
    assert figures == ["1", "1", "10.0", "0"]
    assert [rows[slow.id][name] for name in ("due", "answered", "median_days_to_answer", "overdue_now")] == [
        "2",
        "0",
        "",
        "1",
    ]
