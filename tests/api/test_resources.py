"""What each API resource shows: the public pages' contents, filtered as asked, and nothing else."""

import pytest

from app.api.operations import OPERATIONS
from tests.api.conftest import ANSWER, HIDDEN, PENDING, TAJIK

API = "/api/v1"
#: Keys that would describe a person; none may appear anywhere in an answer.
PERSONAL_KEYS = {"email", "name", "display_name", "author_id", "user_id", "ip_address", "author", "sponsor_token"}


def get(client, path: str, expect: int = 200, **params) -> dict:
    response = client.get(API + path, query_string=params)
    assert response.status_code == expect, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def ids(client, path: str, **params) -> list[int]:
    return [item["id"] for item in get(client, path, **params)["data"]]


def walk(value, path="$"):
    """Every (path, key, value) of a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from walk(item, f"{path}[{number}]")


def test_agencies_show_their_figures_and_how_they_answer(client, world):
    health, roads = get(client, "/agencies")["data"]
    assert (health["id"], roads["id"]) == (world.health.id, world.roads.id)
    assert health["names"] == world.health.names and health["website"] == "https://health.example.org"
    assert (health["consultations"], health["petitions"], roads["petitions"]) == (1, 1, 1)
    # The open petition reached its response threshold on 20 February and was answered on the 25th.
    assert (health["due"], health["answered"], health["share_answered"]) == (1, 1, 1.0)
    assert health["median_days_to_answer"] == 5.0 and health["overdue_now"] == 0
    assert (roads["due"], roads["share_answered"], roads["median_days_to_answer"]) == (0, None, None)
    assert get(client, f"/agencies/{world.roads.id}")["data"] == roads
    assert get(client, "/agencies/999999", 404)["error"]["code"] == "not_found"


def test_consultations_are_filtered_by_agency_region_phase_and_opening_day(client, world):
    both = [world.first.id, world.second.id]
    assert ids(client, "/consultations") == both
    assert ids(client, "/consultations", agency=world.health.id) == [world.first.id]
    assert ids(client, "/consultations", region="TJ-SU") == [world.second.id]
    assert ids(client, "/consultations", region="TJ-DU") == []
    assert ids(client, "/consultations", phase="open") == both
    assert ids(client, "/consultations", phase="closed") == []
    assert ids(client, "/consultations", since="2025-02-01") == [world.second.id]
    assert ids(client, "/consultations", until="2025-01-31") == [world.first.id]
    assert ids(client, "/consultations", since="2025-01-01", until="2025-03-01") == both
    assert ids(client, "/consultations", since="2025-03-01", until="2025-01-01") == []  # ends before it starts


def test_a_consultation_shows_its_versions_questions_and_only_a_published_report(app, client, world):
    from app.core.db import utcnow
    from app.extensions import db

    shown = get(client, f"/consultations/{world.first.id}")["data"]
    assert shown["opens_at"] == "2025-01-01T12:00:00Z" and shown["phase"] == "open"
    assert [v["number"] for v in shown["versions"]] == [1, 2] and shown["versions"][1]["note"] == "Article 2 added."
    assert [q["text"] for q in shown["questions"]] == ["What first?"]
    world.first.report = "What we heard."
    db.session.commit()
    assert get(client, f"/consultations/{world.first.id}")["data"]["report"] is None  # written, not published
    world.first.report_published_at = utcnow()
    db.session.commit()
    assert get(client, f"/consultations/{world.first.id}")["data"]["report"] == "What we heard."


def test_provisions_of_the_latest_or_a_given_version_in_the_drafts_order(client, world):
    latest = get(client, f"/consultations/{world.first.id}/provisions")["data"]
    assert [p["number"] for p in latest if p["kind"] == "article"] == ["1", "2"]
    assert {p["version"] for p in latest} == {2}
    first = get(client, f"/consultations/{world.first.id}/provisions", version=1)["data"]
    assert [p["id"] for p in first if p["kind"] == "article"] == [world.article.id]
    assert "открытость" in first[-1]["text"] and "прозрачность" not in first[-1]["text"]
    error = get(client, f"/consultations/{world.first.id}/provisions", 404, version=3)["error"]
    assert error["parameter"] == "version"


def test_only_published_comments_are_shown_and_filters_narrow_them(client, world):
    shown = get(client, "/comments")["data"]
    assert [c["id"] for c in shown] == [world.supported.id, world.tajik.id, world.answer.id]
    assert {c["text"] for c in shown}.isdisjoint({HIDDEN, PENDING})
    assert (shown[2]["question_id"], shown[2]["provision_id"]) == (world.answer.question_id, None)
    tajik = shown[1]
    assert (tajik["text"], tajik["language"], tajik["cluster_id"]) == (TAJIK, "tg", world.group.id)
    assert tajik["created_at"] == "2025-02-10T12:00:00Z" and tajik["provision_id"] == world.article.id
    assert ids(client, "/comments", language="tg") == [world.tajik.id]
    assert ids(client, "/comments", consultation=world.second.id) == []  # its only comment awaits a moderator
    assert ids(client, "/comments", agency=world.roads.id) == []
    assert ids(client, "/comments", agency=world.health.id, group=world.group.id) == [
        world.supported.id,
        world.tajik.id,
    ]
    assert ids(client, "/comments", provision=world.article.id, since="2025-02-01") == [world.tajik.id]
    assert ids(client, "/comments", until="2025-01-31") == [world.supported.id]


def test_groups_are_those_of_the_public_pages_counted_without_unpublished_members(client, world):
    assert ids(client, "/groups") == [world.group.id, world.pool.id]
    group = get(client, f"/groups/{world.group.id}")["data"]
    assert (group["size"], group["languages"]) == (2, {"en": 1, "tg": 1})  # the hidden member does not count
    assert (group["status"], group["answer"], group["consultation_id"]) == ("accepted", ANSWER, world.first.id)
    assert group["answered_at"] is not None and group["amended_at"] is None
    pool = get(client, f"/groups/{world.pool.id}")["data"]
    assert (pool["scope"], pool["status"], pool["answer"], pool["consultation_id"]) == ("petitions", "new", None, None)
    for unlisted in world.unlisted:
        assert get(client, f"/groups/{unlisted.id}", 404)["error"]["code"] == "not_found"


def test_groups_are_filtered_by_consultation_agency_status_language_and_day(client, world):
    assert ids(client, "/groups", consultation=world.first.id) == [world.group.id]
    assert ids(client, "/groups", agency=world.health.id) == [world.group.id, world.pool.id]
    assert ids(client, "/groups", agency=world.roads.id) == []
    assert ids(client, "/groups", status="accepted") == [world.group.id]
    assert ids(client, "/groups", status="new") == [world.pool.id]
    assert ids(client, "/groups", language="tg") == [world.group.id]
    assert ids(client, "/groups", language="ru") == []  # only its hidden member is Russian
    assert ids(client, "/groups", since="2025-01-15", until="2025-01-15") == [world.group.id]


def test_petitions_are_the_published_ones_filtered_as_asked(client, world):
    both = [world.open_petition.id, world.closed_petition.id]
    assert ids(client, "/petitions") == both
    assert ids(client, "/petitions", state="closed") == [world.closed_petition.id]
    assert ids(client, "/petitions", agency=world.health.id) == [world.open_petition.id]
    assert ids(client, "/petitions", region="TJ-SU") == [world.open_petition.id]  # a region holds its districts
    assert ids(client, "/petitions", region="TJ-SU-BUS") == []
    assert ids(client, "/petitions", language="ru", category="transport") == [world.closed_petition.id]
    assert ids(client, "/petitions", since="2025-03-01") == [world.closed_petition.id]
    assert ids(client, "/petitions", until="2025-02-28") == [world.open_petition.id]
    for petition in world.unpublished:
        assert get(client, f"/petitions/{petition.id}", 404)["error"]["code"] == "not_found"
        assert get(client, f"/petitions/{petition.id}/signatures", 404)["error"]["code"] == "not_found"


def test_a_petition_shows_its_thresholds_deadline_and_response(client, world):
    shown = get(client, f"/petitions/{world.open_petition.id}")["data"]
    assert (shown["signatures"], shown["state"], shown["region_code"]) == (4, "open", "TJ-SU-KHJ")
    assert shown["response_threshold"] == {"signatures": 10_000, "reached_at": "2025-02-20T12:00:00Z"}
    assert shown["consideration_threshold"] == {"signatures": 100_000, "reached_at": None}
    assert shown["response_due_at"] == "2025-03-22T12:00:00Z"  # OVOZ_PETITION_RESPONSE_DAYS after the threshold
    assert shown["response"] == {
        "agency_id": world.health.id,
        "body": "We agree.",
        "published_at": "2025-02-25T12:00:00Z",
    }
    assert shown["outcome"] is None
    closed = get(client, f"/petitions/{world.closed_petition.id}")["data"]
    assert (closed["response"], closed["response_due_at"]) == (None, None)


def test_signatures_are_counted_by_region_and_day_confirmed_only(client, world):
    path = f"/petitions/{world.open_petition.id}/signatures"
    counted = get(client, path)["data"]
    assert counted["signatures"] == 4
    assert counted["by_region"] == [
        {"region_code": "TJ-SU-KHJ", "signatures": 2},
        {"region_code": "TJ-DU", "signatures": 1},
        {"region_code": None, "signatures": 1},
    ]
    assert counted["by_day"] == [{"day": "2025-02-02", "signatures": 2}, {"day": "2025-02-03", "signatures": 2}]
    assert get(client, path, region="TJ-SU")["data"]["signatures"] == 2
    assert get(client, path, since="2025-02-03")["data"]["by_region"] == [
        {"region_code": "TJ-DU", "signatures": 1},
        {"region_code": None, "signatures": 1},
    ]
    assert get(client, path, until="2025-02-01")["data"]["signatures"] == 0


def test_pages_count_the_whole_and_link_to_their_neighbours_with_the_same_filters(client, world):
    first = get(client, "/petitions", per_page=1, language="tg")
    assert first["meta"] == {"page": 1, "per_page": 1, "total": 1} and first["links"]["next"] is None
    first = get(client, "/petitions", per_page=1)
    assert first["meta"] == {"page": 1, "per_page": 1, "total": 2}
    assert [item["id"] for item in first["data"]] == [world.open_petition.id]
    assert first["links"]["prev"] is None and "per_page=1" in first["links"]["next"]
    second = client.get(first["links"]["next"]).get_json()
    assert [item["id"] for item in second["data"]] == [world.closed_petition.id]
    assert second["links"]["next"] is None and "page=1" in second["links"]["prev"]
    beyond = get(client, "/petitions", per_page=1, page=7)
    assert beyond["data"] == [] and "page=2" in beyond["links"]["prev"]
    assert get(client, "/comments")["meta"]["per_page"] == 50


def _every_answer(client, world):
    paths = [op.path for op in OPERATIONS if op.endpoint not in ("openapi_document", "index")]
    values = {
        "agency_id": world.health.id,
        "consultation_id": world.first.id,
        "group_id": world.group.id,
        "petition_id": world.open_petition.id,
    }
    for path in paths:
        yield path, get(client, path.format(**values))


def test_no_answer_holds_anything_about_a_person(client, world):
    checked = 0
    for path, answer in _every_answer(client, world):
        for where, key, value in walk(answer):
            assert key not in PERSONAL_KEYS, f"{path}: {where}.{key}"
            assert not (isinstance(value, str) and any(secret in value for secret in world.secrets)), (path, where)
        checked += 1
    assert checked == 11 and world.secrets


@pytest.mark.parametrize("path", ["/petitions", "/comments", "/groups"])
def test_every_published_thing_is_listed_once_across_pages(client, world, path):
    everything = ids(client, path, per_page=100)
    paged = [item for page in (1, 2, 3) for item in ids(client, path, per_page=1, page=page)]
    assert paged == everything[:3] and len(set(everything)) == len(everything)
