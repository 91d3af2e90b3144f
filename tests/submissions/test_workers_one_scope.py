"""Many workers, one scope: placements are serialised per scope, so near-identical texts placed at once by
different workers never start two groups, and the grouping agrees with one worker's on the same texts.

Each thread stands for a worker process: it keeps its own in-memory indexes (as a process would) and its own
database session, and places its share of the submissions, committing each as a job does. The race it guards
against needs a database that lets two writers in at once (PostgreSQL: CI runs the suite on it too); on SQLite
writers take turns anyway, and the test shows the same outcome.
"""

import random
import threading
from collections import Counter

from sklearn.metrics import adjusted_rand_score
from sqlalchemy import select

from app.extensions import db
from app.semantic.clustering import ScopeIndex
from app.submissions import services
from app.submissions.models import Cluster, Submission
from tests.helpers import in_parallel

REQUESTS = [
    "Please restore the night bus from the railway station to the northern districts.",
    "Верните ночной автобус от вокзала в северные районы города.",
    "Our village school has no maths teacher, children miss their lessons.",
    "В нашей сельской школе не хватает учителей математики.",
    "Mobile internet prices doubled in a year, the packages must get cheaper.",
    "Mobil internet narxi bir yilda ikki barobar oshdi, paketlar arzonlashsin.",
    "Kindergarten fees are far too high for ordinary families to pay.",
    "Пардохт барои боғчаи бачагон хеле баланд аст.",
    "Tap water is cut off every day in our district, the pipes must be replaced.",
    "Во дворах негде парковаться, машины стоят прямо на тротуарах.",
    "Stray dogs gather near the school every morning and frighten the children.",
    "Coal smoke from private boilers makes the winter air in the city unbreathable.",
]
COPIES = 4  # of each request, sent at once
WORKERS = 4


class _PerWorker(threading.local):
    """The engine's cache of in-memory indexes, one per thread as there is one per worker process."""

    def __init__(self):
        self.indexes = {}

    def get(self, key, default=None):
        return self.indexes.get(key, default)

    def __setitem__(self, key, value):
        self.indexes[key] = value

    def pop(self, key, default=None):
        return self.indexes.pop(key, default)

    def clear(self):
        self.indexes.clear()


def _submit(scope: str) -> list[int]:
    texts = [text for text in REQUESTS for _ in range(COPIES)]
    random.Random(7).shuffle(texts)
    ids = [services.submit("comment", scope, text).id for text in texts]
    db.session.commit()
    services.vectors_for(list(db.session.scalars(select(Submission).where(Submission.id.in_(ids)))))
    db.session.commit()  # embedded once, up front: the threads place, they do not wait for the model
    return ids


def _groups(ids: list[int]) -> dict[int, tuple[str, int]]:
    db.session.expire_all()
    found = db.session.execute(
        select(Submission.id, Submission.body, Submission.cluster_id).where(Submission.id.in_(ids))
    )
    return {row.id: (row.body, row.cluster_id) for row in found}


def test_workers_placing_one_scope_at_once_never_split_identical_texts(app, monkeypatch):
    monkeypatch.setattr(services, "_INDEXES", _PerWorker())
    together = _submit("consultation:901")
    shares = [together[k::WORKERS] for k in range(WORKERS)]
    turn = iter(range(WORKERS))
    start = threading.Barrier(WORKERS, timeout=60)

    def worker():
        mine = shares[next(turn)]
        with app.app_context():
            start.wait()
            for submission_id in mine:
                services.process(submission_id)
                db.session.commit()
        return "done"

    assert in_parallel(worker, WORKERS) == ["done"] * WORKERS
    placed = _groups(together)
    groups_of = {}
    for body, cluster_id in placed.values():
        groups_of.setdefault(body, set()).add(cluster_id)
    assert {body: groups for body, groups in groups_of.items() if len(groups) > 1} == {}
    assert None not in {cluster for _body, cluster in placed.values()}

    alone = _submit("consultation:902")  # the same texts, in the same order, placed by one worker
    for submission_id in alone:
        services.process(submission_id)
        db.session.commit()
    for scope in ("consultation:901", "consultation:902"):  # as the periodic refinement would, on each
        services.refine(scope)
        db.session.commit()
    placed, one = _groups(together), _groups(alone)
    assert adjusted_rand_score([one[i][1] for i in alone], [placed[i][1] for i in together]) >= 0.95


def test_a_placement_whose_transaction_fails_leaves_no_trace_in_the_workers_index(app, monkeypatch):
    """A worker's placement that never commits (PostgreSQL restarted under it, the job failed after placing) must
    not stay in that worker's cached index: once another worker has placed one more member, the counts agree
    again, and the stale index put the next copy of that member's text in a group of its own (or in the group
    the failed placement had started, which the database never had)."""
    first, second = {}, {}  # the cached indexes of two worker processes
    bus, school = REQUESTS[0], REQUESTS[2]
    earlier = services.submit("comment", "consultation:903", REQUESTS[4])
    failed = services.submit("comment", "consultation:903", bus)
    placed = services.submit("comment", "consultation:903", school)
    again = services.submit("comment", "consultation:903", school)
    db.session.commit()
    monkeypatch.setattr(services, "_INDEXES", first)
    services.process(earlier.id)
    db.session.commit()
    services.process(failed.id)
    db.session.rollback()  # the commit of this placement failed

    monkeypatch.setattr(services, "_INDEXES", second)
    services.process(placed.id)
    db.session.commit()
    monkeypatch.setattr(services, "_INDEXES", first)
    services.process(again.id)
    db.session.commit()
    services.process(failed.id)  # the retry of the failed job
    db.session.commit()

    groups = _groups([earlier.id, failed.id, placed.id, again.id])
    assert groups[again.id][1] == groups[placed.id][1]
    sizes = {c.id: c.size for c in db.session.scalars(select(Cluster).where(Cluster.scope == "consultation:903"))}
    members = Counter(cluster for _body, cluster in groups.values())
    assert sizes == dict(members)


def test_a_refinement_and_a_placement_in_one_scope_take_turns(app, monkeypatch):
    """The periodic refinement rewrites a scope's groups from the members it read; a worker placing a member in the
    same scope meanwhile (PostgreSQL found them deadlocked in the fault benchmark) must wait for it, or the
    refinement deletes the group the newcomer started, or counts a group without the newcomer."""
    monkeypatch.setattr(services, "_INDEXES", _PerWorker())
    scope = "consultation:904"
    placed = [services.submit("comment", scope, text) for text in REQUESTS[2:6]]
    newcomer = services.submit("comment", scope, REQUESTS[0])  # like none of them: it starts a group
    db.session.commit()
    for submission in placed:
        services.process(submission.id)
        db.session.commit()
    services.vectors_for([db.session.get(Submission, newcomer.id)])
    db.session.commit()
    refining, placing = threading.Event(), threading.Event()
    refine = ScopeIndex.refine

    def slow_refine(index, new_cluster_id):  # the refinement has read the scope; the worker places now
        refining.set()
        placing.wait(timeout=3)  # it cannot while the refinement holds the scope
        return refine(index, new_cluster_id)

    monkeypatch.setattr(ScopeIndex, "refine", slow_refine)

    def work(role):
        with app.app_context():
            if role == "refine":
                services.refine(scope)
            else:
                refining.wait(timeout=60)
                services.process(newcomer.id)
            db.session.commit()
            placing.set()
        return role

    roles = ["place", "refine"]
    assert sorted(in_parallel(lambda: work(roles.pop()), 2)) == ["place", "refine"]
    groups = _groups([s.id for s in placed] + [newcomer.id])
    assert None not in {cluster for _body, cluster in groups.values()}
    sizes = {c.id: c.size for c in db.session.scalars(select(Cluster).where(Cluster.scope == scope))}
    assert sizes == dict(Counter(cluster for _body, cluster in groups.values()))
