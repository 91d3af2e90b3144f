"""Many workers, one scope: four RQ worker processes place 2,000 submissions of one scope at once; identical texts
must never land in two groups, and the grouping must agree with one worker's on the same texts (ARI)."""

import random
import time
from dataclasses import dataclass

SUBMISSIONS = 2_000
WORKERS = 4
TOGETHER, ALONE = "consultation:990001", "consultation:990002"  # scopes no consultation of the load uses
MIN_ARI = 0.95


@dataclass
class OneScope:
    seconds_together: float
    seconds_alone: float
    split: int  # distinct texts whose copies landed in more than one group
    split_alone: int  # the same, placed by one worker
    distinct: int
    ari_placed: float  # as the workers placed them
    ari_refined: float  # after the periodic refinement of each scope

    def line(self) -> str:
        verdict = "ok" if self.split == 0 and self.ari_placed >= MIN_ARI else "FAILED"
        return (
            f"  four workers, one scope: {SUBMISSIONS:,} submissions placed by {WORKERS} worker processes in "
            f"{self.seconds_together:.0f} s (one worker: {self.seconds_alone:.0f} s); identical texts split into "
            f"two groups: {self.split} of {self.distinct} (one worker: {self.split_alone}); ARI of their grouping "
            f"against one worker's {self.ari_placed:.3f} (>= {MIN_ARI}): {verdict}; after the periodic refinement "
            f"of each scope {self.ari_refined:.3f}"
        )


def _submit(scope: str, texts: list[str]) -> list[int]:
    from app.extensions import db
    from app.submissions import services

    ids = []
    for start in range(0, len(texts), 200):
        ids += [services.submit("comment", scope, text).id for text in texts[start : start + 200]]
        db.session.commit()  # each commit enqueues its jobs
    return ids


def _place(fleet, count: int) -> float:
    """Run `count` burst workers at once until the queues are empty; the seconds it took."""
    started = time.monotonic()
    workers = [fleet.flask(f"placer{n}", "worker", "--burst") for n in range(count)]
    for worker in workers:
        worker.wait()
    return time.monotonic() - started


def _groups(ids: list[int]) -> dict[int, tuple[str, int | None]]:
    from sqlalchemy import select

    from app.extensions import db
    from app.submissions.models import Submission

    db.session.expire_all()
    query = select(Submission.id, Submission.body, Submission.cluster_id).where(Submission.id.in_(ids))
    rows = db.session.execute(query)
    return {row.id: (row.body, row.cluster_id) for row in rows}


def _split(ids: list[int]) -> int:
    """How many distinct texts have copies in more than one group (or one not placed at all)."""
    groups_of: dict[str, set] = {}
    for body, cluster_id in _groups(ids).values():
        groups_of.setdefault(body, set()).add(cluster_id)
    return sum(1 for groups in groups_of.values() if len(groups) > 1 or None in groups)


def _ari(ids_alone: list[int], ids_together: list[int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    alone, together = _groups(ids_alone), _groups(ids_together)
    return adjusted_rand_score([alone[i][1] for i in ids_alone], [together[i][1] for i in ids_together])


def run(app, fleet, texts: list[str]) -> OneScope:
    """Place the same SUBMISSIONS texts in two scopes: by WORKERS processes at once, and by one."""
    from app.extensions import db
    from app.submissions import services

    copies = [texts[n % len(texts)] for n in range(SUBMISSIONS)]
    random.Random(7).shuffle(copies)
    with app.app_context():
        together = _submit(TOGETHER, copies)
        seconds_together = _place(fleet, WORKERS)
        alone = _submit(ALONE, copies)  # the same texts in the same order
        seconds_alone = _place(fleet, 1)
        split, split_alone = _split(together), _split(alone)
        ari_placed = _ari(alone, together)
        for scope in (TOGETHER, ALONE):  # as the periodic refinement does, on each
            services.refine(scope)
            db.session.commit()
        return OneScope(
            seconds_together, seconds_alone, split, split_alone, len(set(copies)), ari_placed, _ari(alone, together)
        )
