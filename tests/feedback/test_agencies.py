"""No one acts beyond their agency. A group of petitions addressed to two agencies is seen by the staff of both, who
each move or set apart only their own petitions; it is merged, decided and answered by no one until it holds one
agency's petitions, and an answer reaches (and shows under) only the petitions of the agency that gave it. Petition
moderation is likewise its agency's. Every refusal is checked in the database: nothing changed."""

from sqlalchemy import func, select

from app.accounts.models import Role
from app.core.db import utcnow
from app.extensions import db
from app.feedback.models import ClusterAnswer, ClusterReview
from app.inbox.models import InboxMessage
from app.petitions.models import Petition, State
from app.submissions import services as submissions
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS
from tests.helpers import signature, text

ANSWER = "The city will supply insulin in every district clinic from March."


def _member(petition: Petition) -> Submission:
    db.session.expire_all()
    return db.session.get(Submission, petition.submission_id)


def _mixed_pool(pool_petition, make_agency, run_jobs):
    """Insulin petitions to the city (Russian) and to the ministry of health (English) in one group, and a third
    group of the city's own; each petition signed by one person."""
    city, health = make_agency(), make_agency()
    ours = pool_petition("Бесплатный инсулин в каждом районе", "Обеспечить инсулин без перебоев в поликлиниках.", city)
    theirs = pool_petition("Free insulin in every district", "Supply insulin without interruptions in clinics.", health)
    bus = pool_petition("Верните ночной автобус", "Восстановить ночной автобус от вокзала.", city)
    run_jobs()
    group = _member(ours).cluster_id
    if _member(theirs).cluster_id != group:  # as the engine may group them: the test is about who may act
        submissions.reshape(PETITIONS, {theirs.submission_id: group})
    for number, petition in enumerate((ours, theirs, bus), start=1):
        db.session.add(signature(petition, number, utcnow()))
    db.session.commit()
    return city, health, ours, theirs, bus, group


def _count(model, **where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def test_a_group_spanning_two_agencies_is_reshaped_by_each_only_through_its_own_petitions(
    pool_petition, make_agency, run_jobs, staff_client
):
    city, health, ours, theirs, bus, group = _mixed_pool(pool_petition, make_agency, run_jobs)
    official = staff_client(city)
    page = official.get(f"/en/review/clusters/{group}")
    assert page.status_code == 200, "each agency's staff see a group holding their petitions"
    shown = text(page)
    assert "holds petitions addressed to other agencies as well" in shown and "Publish the answer" not in shown
    assert f'name="ids" value="{ours.submission_id}"' in page.text
    assert f'name="ids" value="{theirs.submission_id}"' not in page.text, "no checkbox on the other agency's petition"

    members = f"/en/review/clusters/{group}/members"
    refused = [
        official.submit(
            f"/en/review/clusters/{group}/answer", {"body": ANSWER}, form_url=f"/en/review/clusters/{group}"
        ),
        official.submit(
            f"/en/review/clusters/{group}/status",
            {"status": "accepted", "reason": "Done."},
            form_url=f"/en/review/clusters/{group}",
        ),
        official.submit("/en/review/merge", {"ids": [group, _member(bus).cluster_id]}, form_url="/en/review/petitions"),
        official.submit(members, {"apart": theirs.submission_id}, form_url=f"/en/review/clusters/{group}"),
        official.submit(members, {"pin": theirs.submission_id}, form_url=f"/en/review/clusters/{group}"),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403, 403]
    moved = official.submit(
        members,
        {"ids": [theirs.submission_id], "target": _member(bus).cluster_id, "action": "move"},
        form_url=f"/en/review/clusters/{group}",
    )
    assert "You can only move or set apart the petitions addressed to your agency." in text(
        official.get(moved.headers["Location"])
    )
    into_theirs = staff_client(health).submit(
        f"/en/review/clusters/{_member(theirs).cluster_id}/members",
        {"ids": [theirs.submission_id], "target": _member(bus).cluster_id, "action": "move"},
        form_url=f"/en/review/clusters/{group}",
    )
    assert "There is no group with this number that you review." in text(into_theirs), "not into the city's group"
    assert _member(theirs).cluster_id == _member(ours).cluster_id == group and not _member(theirs).pinned
    assert _count(ClusterAnswer) == _count(ClusterReview) == 0 and db.session.get(Cluster, group) is not None

    admin = staff_client(None, Role.ADMIN)
    refusal = admin.submit(
        f"/en/review/clusters/{group}/answer", {"body": ANSWER}, form_url=f"/en/review/clusters/{group}"
    )
    assert refusal.status_code == 200 and "holds petitions to more than one agency" in text(refusal)
    assert _count(ClusterAnswer) == 0, "not even an admin answers two agencies' petitions at once"

    official.submit(members, {"ids": [ours.submission_id], "action": "split"}, form_url=f"/en/review/clusters/{group}")
    own = _member(ours).cluster_id
    assert own != group and _member(theirs).cluster_id == group, "the city set its own petition apart"
    answered = official.submit(
        f"/en/review/clusters/{own}/answer", {"body": ANSWER}, form_url=f"/en/review/clusters/{own}"
    )
    assert answered.status_code == 302 and db.session.scalar(select(ClusterAnswer.agency_id)) == city.id


def test_an_answer_reaches_and_shows_under_only_the_petitions_of_the_agency_that_gave_it(
    pool_petition, make_agency, run_jobs, staff_client
):
    city, health, ours, theirs, bus, group = _mixed_pool(pool_petition, make_agency, run_jobs)
    submissions.reshape(PETITIONS, {theirs.submission_id: submissions.new_cluster(PETITIONS).id})
    db.session.commit()
    official = staff_client(city)
    official.submit(f"/en/review/clusters/{group}/answer", {"body": ANSWER}, form_url=f"/en/review/clusters/{group}")
    submissions.reshape(PETITIONS, {theirs.submission_id: group}, confirm=[theirs.submission_id])  # joins later
    db.session.commit()
    run_jobs()

    author_of = {p.id: p.author_id for p in (ours, theirs)}
    inbox = {user_id: _count(InboxMessage, user_id=user_id) for user_id in author_of.values()}
    assert inbox == {author_of[ours.id]: 1, author_of[theirs.id]: 0}, "the health petition's author is not told"
    assert "insulin in every district clinic" not in text(official.get(f"/en/petitions/{theirs.id}"))
    assert "insulin in every district clinic" in text(official.get(f"/en/petitions/{ours.id}"))


def test_petitions_are_moderated_by_their_agency_and_drafts_by_no_one(make_petition, make_agency, staff_client):
    city, health = make_agency(), make_agency()
    theirs = make_petition(State.MODERATION, agency_id=health.id, title="Free insulin pens in every clinic")
    unaddressed = make_petition(State.MODERATION, agency_id=None, title="Repair the road to the village school")
    draft = make_petition(State.DRAFT, agency_id=city.id, title="A draft nobody sent yet")
    moderator = staff_client(city, Role.MODERATOR)

    queue = text(moderator.get("/en/petitions/moderation"))
    assert unaddressed.title in queue and theirs.title not in queue
    assert moderator.get(f"/en/petitions/{theirs.id}/moderate").status_code == 403
    publish = {"agency_id": health.id}
    assert (
        moderator.submit(f"/en/petitions/{theirs.id}/publish", publish, form_url="/en/petitions/moderation").status_code
        == 403
    )
    assert moderator.get(f"/en/petitions/{draft.id}").status_code == 404, "a draft is its author's alone"

    routed = moderator.submit(f"/en/petitions/{unaddressed.id}/publish", publish, form_url="/en/petitions/moderation")
    assert routed.status_code == 400, "a moderator addresses a petition only to their own agency"
    db.session.expire_all()
    assert db.session.get(Petition, theirs.id).state == State.MODERATION
    assert db.session.get(Petition, unaddressed.id).state == State.MODERATION
    published = moderator.submit(
        f"/en/petitions/{unaddressed.id}/publish", {"agency_id": city.id}, form_url="/en/petitions/moderation"
    )
    assert published.status_code == 302
    db.session.expire_all()
    assert (db.session.get(Petition, unaddressed.id).state, db.session.get(Petition, unaddressed.id).agency_id) == (
        State.OPEN,
        city.id,
    )
