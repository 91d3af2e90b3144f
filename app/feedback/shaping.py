"""An official's hand on the grouping: merge, split, move and pin. Automation never undoes them.

Each decision goes through the engine's `reshape` (which keeps the in-memory index and the
constraints in step) and into the audit log with the sizes before and after. The caller commits.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit import services as audit
from app.extensions import db
from app.feedback.models import ClusterAnswer, ClusterReview
from app.submissions import services as submissions
from app.submissions.models import Cluster, Submission


class ShapingError(ValueError):
    """A decision that cannot be carried out; the message is for the official."""


def _member_ids(cluster: Cluster) -> list[int]:
    return list(db.session.scalars(select(Submission.id).where(Submission.cluster_id == cluster.id)))


def _count(cluster_id: int) -> int:
    return db.session.scalar(select(func.count()).where(Submission.cluster_id == cluster_id))


def merge(clusters: list[Cluster], actor=None) -> Cluster:
    """Merge clusters of one scope into the largest; it keeps its id, and the answer if one had one."""
    if len({c.id for c in clusters}) < 2:
        raise ShapingError(_l("Choose at least two groups to merge."))
    if len({c.scope for c in clusters}) > 1:
        raise ShapingError(_l("Only groups of the same consultation or pool can be merged."))
    ids = [c.id for c in clusters]
    answers = list(db.session.scalars(select(ClusterAnswer).where(ClusterAnswer.cluster_id.in_(ids))))
    if len(answers) > 1:
        raise ShapingError(_l("More than one of these groups has an answer: only one answer can stay."))
    target = merge_target(clusters)
    others = [c for c in clusters if c.id != target.id]
    sizes = {c.id: c.size for c in clusters}
    _adopt(target, ClusterAnswer, answers)
    _adopt(target, ClusterReview, db.session.scalars(select(ClusterReview).where(ClusterReview.cluster_id.in_(ids))))
    moves = {member: target.id for other in others for member in _member_ids(other)}
    # Merging is an official's word that these groups say the same, not that a member already in doubt
    # belongs: the firm members of each are confirmed (their firmness in the larger group may fall), and
    # those to confirm stay so. Members that automation adds later wait for confirmation if they join weakly.
    firm = select(Submission.id).where(Submission.cluster_id.in_(ids), submissions.firm())
    confirmed = list(db.session.scalars(firm))
    submissions.reshape(target.scope, moves, lock={target.id}, confirm=confirmed)
    audit.record("cluster.merge", target, actor, merged=[c.id for c in others], before=sizes, after=target.size)
    return target


def merge_target(clusters: list[Cluster]) -> Cluster:
    """The cluster a merge keeps: the largest (the oldest of equals), so that ids stay stable."""
    return max(clusters, key=lambda c: (c.size, -c.id))


def _adopt(target: Cluster, model, rows) -> None:
    """Give the merged cluster the answer (or review) of a merged one when it has none of its own."""
    rows = list(rows)
    if rows and not any(row.cluster_id == target.id for row in rows):
        rows[0].cluster_id = target.id
        db.session.flush()


def split(cluster: Cluster, member_ids: list[int], actor=None) -> Cluster:
    """Move the chosen members into a new cluster, kept apart from this one for good."""
    members = set(_member_ids(cluster))
    chosen = sorted(set(member_ids) & members)
    if not chosen:
        raise ShapingError(_l("Choose the submissions that should form a new group."))
    if len(chosen) == len(members):
        raise ShapingError(_l("A split must leave at least one submission in this group."))
    before = cluster.size
    fresh = submissions.new_cluster(cluster.scope)
    submissions.reshape(
        cluster.scope,
        dict.fromkeys(chosen, fresh.id),
        lock={cluster.id, fresh.id},
        separate=[(cluster.id, fresh.id)],
    )
    after = {cluster.id: cluster.size, fresh.id: fresh.size}
    audit.record("cluster.split", cluster, actor, members=chosen, new_cluster=fresh.id, before=before, after=after)
    return fresh


def _decided(cluster: Cluster) -> bool:
    """The cluster has a review or an answer."""
    held = [select(model.id).where(model.cluster_id == cluster.id) for model in (ClusterAnswer, ClusterReview)]
    return any(db.session.scalar(query.limit(1)) is not None for query in held)


def move(member_ids: list[int], source: Cluster, target: Cluster, actor=None) -> None:
    """Put members of one cluster into another and pin them there (a group emptied so leads to the other)."""
    if target.id == source.id or target.scope != source.scope:
        raise ShapingError(_l("Choose another group of the same consultation or pool."))
    chosen = sorted(set(member_ids) & set(_member_ids(source)))
    if not chosen:
        raise ShapingError(_l("Choose the submissions to move."))
    if len(chosen) == _count(source.id) and _decided(source):
        # An emptied group is deleted: its decision and answer would go with it; a merge keeps them.
        raise ShapingError(_l("To move every submission of a group, merge the groups instead."))
    sizes = {source.id: source.size, target.id: target.size}
    submissions.reshape(source.scope, dict.fromkeys(chosen, target.id), pin=chosen, confirm=chosen)
    after = {source.id: source.size, target.id: target.size}
    audit.record("cluster.move", target, actor, members=chosen, source=source.id, before=sizes, after=after)


def confirm(submission: Submission, actor=None) -> None:
    """An official says a weakly attached member belongs to its cluster: the cluster's answer reaches it."""
    if submission.cluster_id is None or submission.confirmed_at is not None:
        return
    submissions.reshape(submission.scope, {}, confirm=[submission.id])
    audit.record("cluster.confirm", submission, actor, cluster=submission.cluster_id)


def pin(submission: Submission, pinned: bool, actor=None) -> None:
    """Fix a member in its cluster (automation never moves it), or free it again."""
    if submission.pinned == pinned or submission.cluster_id is None:
        return
    ids = [submission.id]
    submissions.reshape(submission.scope, {}, pin=ids if pinned else (), unpin=() if pinned else ids)
    audit.record("cluster.pin", submission, actor, cluster=submission.cluster_id, before=not pinned, after=pinned)
