"""An official's hand on the grouping: merge, split, move and pin; refinement and new comments never undo them."""

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.audit.models import AuditEvent
from app.extensions import db
from app.feedback import answers, reviews, shaping
from app.feedback.models import ReviewStatus
from app.feedback.shaping import ShapingError
from app.inbox.models import InboxMessage
from app.submissions import services as submissions
from app.submissions.models import Cluster, ClusterSeparation, Submission
from tests.feedback.conftest import event, submission

FEES = [
    "Плата за детский сад слишком высокая, семьи не могут её платить.",
    "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.",
    "Kindergarten fees are far too high for ordinary families to pay.",
]
BUS = [
    "Please restore the night bus from the railway station to the northern districts.",
    "Верните ночной автобус от вокзала в северные районы города.",
]
WATER = [
    "В нашем квартале каждый день отключают воду, трубы нужно заменить.",
    "Оби нӯшокӣ дар маҳаллаи мо ҳар рӯз қатъ мешавад, қубурҳоро иваз кардан лозим.",
    "Tap water is cut off every day in our district, the old pipes must be replaced.",
]


@pytest.fixture
def consultation(make_consultation, add_comments, run_jobs):
    """A consultation whose comments the worker grouped: kindergarten fees, a night bus, water cuts."""
    consultation, _article, _first = make_consultation()
    add_comments(consultation, [*FEES, *BUS, *WATER])
    run_jobs()
    groups = [{group(body).id for body in topic} for topic in (FEES, BUS, WATER)]
    assert [len(ids) for ids in groups] == [1, 1, 1] and len(set.union(*groups)) == 3, "premise: three groups"
    return consultation


@pytest.fixture
def official(make_user, consultation):
    return make_user(role=Role.OFFICIAL, agency=consultation.agency)


def group(body: str) -> Cluster:
    return db.session.get(Cluster, submission(body).cluster_id)


def bodies(cluster_id: int) -> set[str]:
    return set(db.session.scalars(select(Submission.body).where(Submission.cluster_id == cluster_id)))


def by_id(sizes: dict) -> dict[int, int]:
    """Sizes per cluster as the audit log keeps them (JSON keys are strings)."""
    return {int(cluster_id): size for cluster_id, size in sizes.items()}


def refine(scope: str) -> None:
    submissions.refine(scope)
    db.session.commit()


def inbox(user_id: int) -> int:
    return db.session.scalar(select(func.count()).where(InboxMessage.user_id == user_id))


def test_merge_keeps_the_largest_id_and_automation_never_undoes_it(consultation, official, add_comments, run_jobs):
    fees, bus = group(FEES[0]), group(BUS[0])
    fees_id, bus_id = fees.id, bus.id
    merged = shaping.merge([bus, fees], actor=official)
    db.session.commit()
    assert merged.id == fees_id and merged.locked
    assert db.session.get(Cluster, bus_id) is None, "the smaller group is gone"
    assert bodies(fees_id) == {*FEES, *BUS} and merged.size == 5 and merged.languages == {"ru": 2, "tg": 1, "en": 2}
    merge = event("cluster.merge")
    assert (merge.target_id, merge.actor_id, merge.details["merged"]) == (fees_id, official.id, [bus_id])
    assert by_id(merge.details["before"]) == {fees_id: 3, bus_id: 2} and merge.details["after"] == 5

    refine(consultation.scope)  # unlocked, this group would lose the bus to the water cuts
    assert bodies(fees_id) == {*FEES, *BUS}, "refinement took nothing out of the merged group"
    add_comments(consultation, ["Ночные автобусы должны снова ходить от вокзала на север.", FEES[2]])
    run_jobs()
    refine(consultation.scope)
    assert {*FEES, *BUS} <= bodies(fees_id) and db.session.get(Cluster, bus_id) is None


def test_a_split_is_kept_apart_for_good_and_leaves_someone_behind(consultation, official):
    fees, tajik = group(FEES[0]), submission(FEES[1])
    fees_id = fees.id
    fresh = shaping.split(fees, [tajik.id], actor=official)
    db.session.commit()
    assert bodies(fresh.id) == {FEES[1]} and bodies(fees_id) == {FEES[0], FEES[2]}
    assert fees.locked and fresh.locked and (fees.size, fresh.size) == (2, 1) and fresh.languages == {"tg": 1}
    pair = db.session.scalars(select(ClusterSeparation)).one()
    assert {pair.first_id, pair.second_id} == {fees_id, fresh.id}
    split = event("cluster.split")
    assert (split.target_id, split.details["members"], split.details["new_cluster"]) == (fees_id, [tajik.id], fresh.id)
    assert split.details["before"] == 3 and by_id(split.details["after"]) == {fees_id: 2, fresh.id: 1}

    refine(consultation.scope)  # without the official's decision, this merges them back
    assert bodies(fresh.id) == {FEES[1]} and bodies(fees_id) == {FEES[0], FEES[2]}
    remaining = [submission(FEES[0]).id, submission(FEES[2]).id]
    for chosen in ([], [submission(WATER[0]).id], remaining):  # nothing chosen, not a member, every member
        with pytest.raises(ShapingError):
            shaping.split(fees, chosen, actor=official)
    db.session.rollback()
    assert bodies(fees_id) == {FEES[0], FEES[2]} and db.session.scalar(select(func.count(ClusterSeparation.id))) == 1


def test_a_moved_member_stays_pinned_where_the_official_put_it_until_unpinned(consultation, official):
    fees, water, english = group(FEES[0]), group(WATER[0]), submission(FEES[2])
    fees_id, water_id = fees.id, water.id
    shaping.move([english.id], fees, water, actor=official)
    db.session.commit()
    assert english.cluster_id == water_id and english.pinned
    assert (fees.size, water.size) == (2, 4) and water.languages == {"ru": 1, "tg": 1, "en": 2}
    move = event("cluster.move")
    assert (move.target_id, move.details["members"], move.details["source"]) == (water_id, [english.id], fees_id)
    assert by_id(move.details["after"]) == {fees_id: 2, water_id: 4}

    refine(consultation.scope)  # unpinned, refinement sends it back to the fees
    assert english.cluster_id == water_id and bodies(water_id) == {*WATER, FEES[2]}
    for target, chosen in ((fees, [submission(FEES[0]).id]), (water, [submission(BUS[0]).id]), (water, [])):
        with pytest.raises(ShapingError):
            shaping.move(chosen, fees, target, actor=official)
    reviews.set_status(fees, ReviewStatus.UNDER_REVIEW, actor=official)  # emptying it would lose the decision
    with pytest.raises(ShapingError, match="merge"):
        shaping.move([submission(FEES[0]).id, submission(FEES[1]).id], fees, water, actor=official)

    shaping.pin(english, False, actor=official)
    shaping.pin(english, False, actor=official)  # not pinned any more: nothing to record
    shaping.pin(submission(FEES[0]), True, actor=official)
    db.session.commit()
    assert not english.pinned and submission(FEES[0]).pinned and english.cluster_id == water_id
    pins = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cluster.pin").order_by(AuditEvent.id))
    assert [(e.target_id, e.details["before"], e.details["after"]) for e in pins] == [
        (english.id, True, False),
        (submission(FEES[0]).id, False, True),
    ]


def test_an_answer_follows_its_group_into_a_larger_one_but_two_answers_are_never_merged(
    consultation, official, run_jobs
):
    bus, fees = group(BUS[0]), group(FEES[0])
    answer = answers.publish(bus, "The night bus returns in May.", official)
    reviews.set_status(bus, ReviewStatus.UNDER_REVIEW, actor=official)
    db.session.commit()
    run_jobs()
    told_before = [submission(body).author_id for body in BUS]
    assert [inbox(author) for author in told_before] == [1, 1]

    merged = shaping.merge([bus, fees], actor=official)
    db.session.commit()
    assert merged.id == fees.id and answers.answer_of(merged.id).id == answer.id
    assert reviews.status_of(reviews.review_of(merged)) == ReviewStatus.UNDER_REVIEW
    run_jobs()
    assert [inbox(submission(body).author_id) for body in FEES] == [1, 1, 1], "the new members' authors are told"
    assert [inbox(author) for author in told_before] == [1, 1], "and nobody twice"

    water = group(WATER[0])
    answers.publish(water, "The pipes are replaced this summer.", official)
    db.session.commit()
    for chosen in ([merged, water], [merged, merged], [water, submissions.new_cluster("petitions")]):
        with pytest.raises(ShapingError):  # two answers; one group; two scopes
            shaping.merge(chosen, actor=official)
    db.session.rollback()
    assert bodies(merged.id) == {*FEES, *BUS} and bodies(water.id) == set(WATER)
