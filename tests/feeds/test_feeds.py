"""Atom feeds of what is new: well-formed, in the URL's locale, only what the public pages show, sanitized."""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree  # noqa: S405 - the feeds parsed are the app's own

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.consultations import comments
from app.consultations import services as consultation_services
from app.consultations.models import Comment, Consultation
from app.core.db import utcnow
from app.extensions import db
from app.feedback import answers
from app.feedback.models import ClusterAnswer
from app.feeds.atom import LIMIT
from app.petitions import services as petition_services
from app.petitions.models import Petition, PetitionResponse
from app.submissions import services as submissions
from app.submissions.models import Cluster
from tests.helpers import text

NS = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCRIPT = "<script>alert('x')</script>"
SECOND_DRAFT = "Глава 1. Общие положения\n\nСтатья 1. Цель\n\nЦелью закона является открытость и подотчётность.\n"
FEEDS = ("/feeds/consultations.atom", "/feeds/versions.atom", "/feeds/answers.atom")


@dataclass
class Entry:
    id: str
    title: str
    link: str
    updated: str
    content: str  # the HTML, as a reader gets it once the XML is parsed
    author: str


def parse(response) -> tuple[ElementTree.Element, list[Entry]]:
    """The feed element and its entries; fails unless the response is well-formed Atom with complete entries."""
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)  # noqa: S314 - the app's own feed
    assert feed.tag == f"{NS}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{NS}{required}") is not None, required
    entries = []
    for element in feed.iter(f"{NS}entry"):
        fields = [element.findtext(f"{NS}{name}") for name in ("id", "title", "updated")]
        assert all(fields), fields
        link = element.find(f"{NS}link").get("href")
        content, author = element.findtext(f"{NS}content") or "", element.findtext(f"{NS}author/{NS}name") or ""
        entries.append(Entry(fields[0], fields[1], link, fields[2], content, author))
    assert len({e.id for e in entries}) == len(entries), "entry ids are unique"
    return feed, entries


def path(link: str) -> str:
    """The path and query of an absolute link, for the test client."""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def titles(entries: list[Entry]) -> list[str]:
    return [e.title for e in entries]


def _group(scope: str, *members) -> Cluster:
    cluster = Cluster(scope=scope, model="test", size=len(members))
    db.session.add(cluster)
    db.session.flush()
    for submission in members:
        submission.cluster_id = cluster.id
    return cluster


@pytest.fixture
def world(app, make_agency, make_user, make_consultation, make_petition):
    """Two agencies, each with a consultation, versions, answered groups and petition responses; and what
    must never show: an unpublished version, groups that are not public, a hidden petition's response."""
    ours, theirs = make_agency(), make_agency()
    consultation, article, comment = make_consultation(agency=ours)
    other, _other_article, other_comment = make_consultation(agency=theirs)
    official = make_user(role=Role.OFFICIAL, agency=ours)
    people = [make_user() for _ in range(3)]
    petitions = {
        "Open every budget": make_petition(title="Open every budget", agency_id=ours.id),
        "A petition taken down": make_petition(title="A petition taken down", agency_id=ours.id),
        "Lower water tariffs": make_petition(title="Lower water tariffs", agency_id=theirs.id),
    }
    now = utcnow()
    consultation.title, other.title = "Law on open data", "Law on water tariffs"
    consultation.summary = f"Say what should be **open**. {SCRIPT}"
    consultation.created_at, other.created_at = now - timedelta(days=2), now - timedelta(days=1)
    db.session.commit()
    with app.test_request_context():  # a session of its own: everything is loaded again inside
        get = db.session.get
        mine, official = get(Consultation, consultation.id), get(User, official.id)
        _publish_versions(mine, official)
        public = _answer_groups(mine, get(Comment, comment.id), get(Comment, other_comment.id), official, people)
        _respond(official, [get(Petition, p.id) for p in petitions.values()])
        db.session.commit()
        public_id = public.id
    return {"ours": ours, "theirs": theirs, "consultation": consultation, "public": db.session.get(Cluster, public_id)}


def _publish_versions(consultation, official):
    """Version 2 published with a note; version 3 imported but not published."""
    second = consultation_services.import_draft(consultation, official, SECOND_DRAFT)
    consultation_services.publish_version(second, official, f"Article 1 now says **accountability**. {SCRIPT}")
    consultation_services.import_draft(consultation, official, SECOND_DRAFT + "\nСтатья 2. Черновик\n\nТекст.\n")


def _answer_groups(consultation, comment, other_comment, official, people) -> Cluster:
    """Answered groups: a public one (returned), one of a rejected comment, one of a question's answers,
    one of petitions, and one of the other agency's consultation."""
    rejected = comments.add(consultation, people[0], "Чиновники — воры!", comment.provision)
    comments.moderate(rejected, None, publish=False)
    question = consultation_services.add_question(consultation, official, "What should open first?")
    said = comments.add(consultation, people[1], "Budgets first.", question=question)
    pooled = submissions.submit("petition", "petitions", "Free insulin for children.", people[2])
    public = _group(consultation.scope, comment.submission)
    answers.publish(public, f"We **will** publish budgets. {SCRIPT}", official)
    answers.publish(_group(consultation.scope, rejected.submission), "Answer to a group nobody may read", official)
    answers.publish(_group(question.scope, said.submission), "Answer to the questionnaire", official)
    answers.publish(_group("petitions", pooled), "Answer to the petitions about insulin", official)
    other_scope = f"consultation:{other_comment.consultation_id}"
    answers.publish(_group(other_scope, other_comment.submission), "Answer about water tariffs", official)
    return public


def _respond(official, petitions):
    """Responses to a published petition, to one hidden afterwards, and to one of the other agency."""
    responded, hidden, theirs = petitions
    petition_services.respond(responded, official, f"Budgets are **online**. {SCRIPT}")
    petition_services.respond(hidden, official, "Response to a hidden petition")
    petition_services.hide(hidden, None, "Personal data")
    petition_services.respond(theirs, official, "Response about water tariffs")


def test_every_feed_is_well_formed_atom_in_the_urls_locale(client, world):
    for path in (
        *FEEDS,
        f"/feeds/consultations.atom?agency={world['ours'].id}",
        f"/agencies/{world['ours'].id}/feed.atom",
    ):
        for locale in ("ru", "tg"):
            feed, entries = parse(client.get(f"/{locale}{path}"))
            assert feed.get(XML_LANG) == locale, path
            assert entries, path
            assert all(f"/{locale}/" in e.link and f"/{locale}/" in e.id for e in entries), path
            assert feed.findtext(f"{NS}updated") == max(e.updated for e in entries), "updated with its newest entry"
    for locale, name in (("ru", "Ведомство"), ("en", "Agency")):
        feed, entries = parse(client.get(f"/{locale}/agencies/{world['ours'].id}/feed.atom"))
        assert feed.findtext(f"{NS}title").startswith(name), "the agency's name in the URL's locale"
        assert all(e.author.startswith(name) for e in entries if e.author), locale


def test_an_empty_feed_is_still_valid_atom(client, app):
    for path in (*FEEDS, "/feeds/consultations.atom?agency=999"):
        feed, entries = parse(client.get(f"/en{path}"))
        assert entries == []
        assert feed.findtext(f"{NS}updated").startswith(str(utcnow().year)), "an empty feed was updated now"


def test_new_consultations_newest_first_and_by_agency(client, world):
    _feed, entries = parse(client.get("/en/feeds/consultations.atom"))
    assert titles(entries) == ["Law on water tariffs", "Law on open data"]
    assert "<strong>open</strong>" in entries[1].content, "the summary's Markdown is rendered"
    assert client.get(path(entries[1].link)).status_code == 200
    _feed, only_ours = parse(client.get(f"/en/feeds/consultations.atom?agency={world['ours'].id}"))
    assert titles(only_ours) == ["Law on open data"]


def test_new_versions_are_the_published_ones_linked_to_their_draft(client, world):
    consultation = world["consultation"]
    _feed, entries = parse(client.get("/en/feeds/versions.atom"))
    ours = [e for e in entries if "Law on open data" in e.title]
    draft_page = f"/en/consultations/{consultation.id}/draft"
    assert [path(e.link) for e in ours] == [f"{draft_page}?version=2", f"{draft_page}?version=1"], (
        "newest first; the unpublished preview (version 3) is not in the feed"
    )
    newest = ours[0]
    assert "<strong>accountability</strong>" in newest.content, "the note, rendered"
    draft = text(client.get(path(newest.link)))
    assert "подотчётность" in draft, "the link opens that version of the draft"


def test_new_answers_are_to_public_groups_and_published_petitions(client, world):
    _feed, entries = parse(client.get("/en/feeds/answers.atom"))
    body = "\n".join(e.content for e in entries)
    assert "<strong>will</strong> publish budgets" in body
    assert "Answer to the petitions about insulin" in body, "a group of petitions is public"
    assert "Budgets are <strong>online</strong>" in body, "a response to a published petition"
    assert "Answer about water tariffs" in body and "Response about water tariffs" in body
    assert "Answer to a group nobody may read" not in body, "a group of rejected comments only"
    assert "Answer to the questionnaire" not in body, "answers to a question have no public group"
    assert "Response to a hidden petition" not in body and all("taken down" not in e.title for e in entries)
    assert len(entries) == 5
    group_link = next(e.link for e in entries if "will" in e.content)
    assert group_link.endswith(f"/groups/{world['public'].id}#answer-heading")


def test_answers_are_merged_newest_first_and_an_amended_one_stays_one_entry(app, client, world):
    now = utcnow()
    times = {  # group answers and petition responses interleaved
        "Budgets are": now - timedelta(hours=1),
        "publish budgets": now - timedelta(hours=2),
        "Response about water tariffs": now - timedelta(hours=3),
        "about insulin": now - timedelta(hours=4),
        "Answer about water tariffs": now - timedelta(hours=5),
    }
    for row in [*db.session.scalars(select(ClusterAnswer)), *db.session.scalars(select(PetitionResponse))]:
        row.published_at = next((t for words, t in times.items() if words in row.body), now - timedelta(days=9))
    db.session.commit()
    _feed, before = parse(client.get("/en/feeds/answers.atom"))
    assert [next(w for w in times if w in e.content) for e in before] == list(times), "newest first"
    with app.test_request_context():
        answers.publish(db.session.get(Cluster, world["public"].id), "We will publish budgets **monthly**.")
        db.session.commit()
    _feed, after = parse(client.get("/en/feeds/answers.atom"))
    assert [e.id for e in after] == [e.id for e in before], "the same entries, in the order first published"
    amended = after[1]
    assert "<strong>monthly</strong>" in amended.content and amended.updated > before[1].updated


def test_feeds_never_carry_a_script(client, world):
    for path in (*FEEDS, f"/agencies/{world['ours'].id}/feed.atom"):
        _feed, entries = parse(client.get(f"/en{path}"))
        assert any("&lt;script&gt;" in e.content for e in entries), "the script was written, and shows as text"
        for entry in entries:
            assert "<script" not in entry.content, (path, entry.title)  # escaped to text, never a tag


def test_an_agencys_feed_holds_only_that_agencys_news(client, world):
    _feed, entries = parse(client.get(f"/en/agencies/{world['ours'].id}/feed.atom"))
    joined = "\n".join(e.title + e.content for e in entries)
    for expected in ("Law on open data", "accountability", "publish budgets", "Budgets are"):
        assert expected in joined, expected
    for foreign in ("water tariffs", "insulin", "nobody may read", "questionnaire", "hidden petition"):
        assert foreign not in joined, foreign
    for path in (*FEEDS, f"/agencies/{world['ours'].id}/feed.atom"):
        assert "воры" not in text(client.get(f"/en{path}")), "a rejected comment is never quoted"
    _feed, theirs = parse(client.get(f"/en/agencies/{world['theirs'].id}/feed.atom"))
    assert {"Law on water tariffs"} <= set(titles(theirs)) and "open data" not in "".join(titles(theirs))
    assert client.get("/en/agencies/999999/feed.atom").status_code == 404


def test_a_feed_holds_the_newest_fifty(app, client, make_agency):
    agency, now = make_agency(), utcnow()
    for number in range(LIMIT + 5):
        db.session.add(
            Consultation(
                agency_id=agency.id,
                title=f"Consultation {number}",
                summary="",
                opens_at=now,
                closes_at=now + timedelta(days=10),
                created_at=now + timedelta(minutes=number),
            )
        )
    db.session.commit()
    for path in ("/en/feeds/consultations.atom", f"/en/agencies/{agency.id}/feed.atom"):
        _feed, entries = parse(client.get(path))
        assert len(entries) == LIMIT
        assert entries[0].title == f"Consultation {LIMIT + 4}" and entries[-1].title == "Consultation 5"


def test_the_feeds_page_lists_every_feed_and_pages_point_to_theirs(client, world):
    page = text(client.get("/en/feeds"))
    for path in FEEDS:
        assert f'href="/en{path}"' in page, path
    for state in ("open", "awaiting", "responded", "closed", "rejected"):
        assert f'href="/en/petitions/feed.atom?list={state}"' in page, state
    for agency in (world["ours"], world["theirs"]):
        assert f'href="/en/agencies/{agency.id}/feed.atom"' in page
    assert 'href="/en/feeds"' in text(client.get("/en/")), "linked from the footer"
    listing = text(client.get("/en/consultations"))
    assert 'type="application/atom+xml"' in listing and 'href="/en/feeds/consultations.atom"' in listing
    consultation = text(client.get(f"/en/consultations/{world['consultation'].id}"))
    assert 'type="application/atom+xml" title="Agency' in consultation
    assert f'href="/en/agencies/{world["ours"].id}/feed.atom"' in consultation


def test_the_petition_feeds_still_use_the_shared_writer(client, make_petition):
    make_petition(title="Clean air in Dushanbe")
    feed, entries = parse(client.get("/ru/petitions/feed.atom?list=open"))
    assert feed.get(XML_LANG) == "ru" and titles(entries) == ["Clean air in Dushanbe"]
    assert feed.findtext(f"{NS}title").startswith("Открытые петиции"), "the list's name in the URL's locale"
