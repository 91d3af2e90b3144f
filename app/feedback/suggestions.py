"""Where a group or a member probably belongs: neighbours by meaning, in any language and on any page.

The group page offers the groups nearest in meaning (to merge with, or to move the ticked members to),
and each member still to confirm its own nearest groups; the workspace lists the likely duplicates of a
whole scope. Only groups the official may reshape are offered (in the pool: all their petitions are
addressed to the official's agency).
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from app.consultations.models import Comment, Provision
from app.extensions import db
from app.feedback import scopes, workspace
from app.feedback.workspace import ClusterRow
from app.semantic import neighbours
from app.submissions import services as submissions
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS

NEAREST = 5  # groups offered on a group's page
NEAREST_FOR_MEMBER = 3  # groups offered to move one member to
DUPLICATES = 30  # pairs listed on a scope's page of likely duplicates


@dataclass
class Neighbour:
    row: ClusterRow
    provisions: list[str]  # numbers of the provisions its comments are on
    score: float  # average similarity above what grouping needs; >= -LIKELY_MARGIN: probably the same

    @property
    def likely(self) -> bool:
        return self.score >= -neighbours.LIKELY_MARGIN


def _allowed(scope: str, agency_id: int | None) -> set[int] | None:
    """The groups of a scope the official may be offered, to merge with or move members to (None: all of them):
    in the pool, those whose petitions are all addressed to the official's agency."""
    if scope != PETITIONS:
        return None
    return set(db.session.scalars(scopes.own_petition_clusters(agency_id)))


def _described(cluster_ids, locale: str) -> dict[int, tuple[ClusterRow, list[str]]]:
    """Each group as the workspace describes it, with the provisions its comments are on ({id: (row, numbers)})."""
    ids = list(dict.fromkeys(cluster_ids))
    found = {c.id: c for c in db.session.scalars(select(Cluster).where(Cluster.id.in_(ids)))}
    rows = workspace.describe([found[c] for c in ids if c in found], locale=locale)
    where = _provisions(list(found))
    return {row.cluster.id: (row, where.get(row.cluster.id, [])) for row in rows}


def _neighbours(found: list[tuple[int, float]], described: dict) -> list[Neighbour]:
    return [Neighbour(*described[c], score) for c, score in found if c in described]


def _provisions(cluster_ids: list[int]) -> dict[int, list[str]]:
    """The numbers of the provisions each group's comments are on, in the draft's order."""
    query = (
        select(Submission.cluster_id, Provision.number)
        .join(Comment, Comment.submission_id == Submission.id)
        .join(Provision, Provision.id == Comment.provision_id)
        .where(Submission.cluster_id.in_(cluster_ids), Provision.number != "")
        .group_by(Submission.cluster_id, Provision.number)
        .order_by(func.min(Provision.position))
    )
    found: dict[int, list[str]] = {}
    for cluster_id, number in db.session.execute(query):
        found.setdefault(cluster_id, []).append(number)
    return found


def near_group(cluster: Cluster, agency_id: int | None, locale: str) -> list[Neighbour]:
    """The groups nearest in meaning to a group, best first."""
    index = submissions.scope_index(cluster.scope)
    found = neighbours.of_cluster(index, cluster.id, NEAREST, _allowed(cluster.scope, agency_id))
    return _neighbours(found, _described([c for c, _ in found], locale))


def near_members(cluster: Cluster, members: list[Submission], agency_id: int | None, locale: str):
    """For each member: the other groups nearest in meaning to it, best first ({submission id: [Neighbour]})."""
    index = submissions.scope_index(cluster.scope)
    allowed = _allowed(cluster.scope, agency_id)
    found = {s.id: neighbours.of_items(index, [s.id], NEAREST_FOR_MEMBER, allowed) for s in members}
    described = _described([c for near in found.values() for c, _ in near], locale)
    return {member: _neighbours(near, described) for member, near in found.items()}


def duplicates(scope: str, agency_id: int | None, locale: str) -> list[tuple[Neighbour, Neighbour]]:
    """Pairs of groups of a scope that probably say the same, best first (each pair: larger group first)."""
    index = submissions.scope_index(scope)
    pairs = neighbours.likely_duplicates(index, DUPLICATES, _allowed(scope, agency_id))
    described = _described([c for a, b, _ in pairs for c in (a, b)], locale)
    return [
        (Neighbour(*described[a], score), Neighbour(*described[b], score))
        for a, b, score in pairs
        if a in described and b in described
    ]
