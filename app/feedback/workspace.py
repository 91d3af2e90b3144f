"""What the review workspace shows: a scope's clusters with what officials need to judge them.

A scope is a consultation's comments or the pool of petitions (for an agency: the clusters holding
a petition addressed to it).
Only the clusters of the page shown are described (representatives, campaigns, votes, regions,
reviews, answers), each with one grouped query, so the first page costs the same with 200 comments
or 20,000.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, false, func, or_, select

from app.accounts.models import User
from app.consultations.comments import member_counts
from app.consultations.models import Comment, Consultation, Provision
from app.extensions import db
from app.feedback import answers, publicity, reviews
from app.feedback.models import ClusterAnswer, ClusterReview, ReviewStatus
from app.geo import current_country
from app.petitions.models import Petition
from app.semantic import labels
from app.submissions import services as submissions
from app.submissions.models import Campaign, Cluster, Submission

PER_PAGE = 20
MEMBERS_PER_PAGE = 50
SEARCH_DEPTH = 100


@dataclass
class Filters:
    lineage: int | None = None  # clusters with a member on this provision (in any version)
    language: str = ""
    campaigns_only: bool = False
    query: str = ""  # clusters holding the comments closest in meaning
    status: ReviewStatus | None = None


@dataclass
class ClusterRow:
    cluster: Cluster
    representative: Submission | None = None
    headline: Submission | None = None  # the representative in the reader's language, when one wrote in it
    campaigns: list[int] = field(default_factory=list)  # sizes of its campaigns
    agree: int = 0
    disagree: int = 0
    regions: list[tuple[str, int]] = field(default_factory=list)
    size: int = 0  # members that count (comments.member_counts), as the public pages count them
    languages: list[tuple[str, int]] = field(default_factory=list)  # those members by language, most first
    review: ClusterReview | None = None
    answer: ClusterAnswer | None = None
    due: date | None = None

    @property
    def title(self) -> str:
        """What the group says, in a line: the first sentence of its most central member in the reader's language."""
        return labels.title(self.headline.body) if self.headline else ""

    @property
    def status(self) -> ReviewStatus:
        return reviews.status_of(self.review)

    @property
    def waiting(self) -> bool:
        """Neither decided nor answered: its due date matters."""
        return reviews.waiting(self.status, self.answer is not None)

    @property
    def overdue(self) -> bool:
        return self.due is not None and reviews.is_late(self.status, self.due, self.answer is not None)


def _visible_members(scope: str):
    return select(Submission.cluster_id).where(Submission.scope == scope, *member_counts())


def _clusters(scope: str, filters: Filters, consultation: Consultation | None, within):
    # only groups with a member that counts: the engine also groups what waits for moderation or is hidden
    query = select(Cluster).where(Cluster.scope == scope, Cluster.size > 0, Cluster.id.in_(_visible_members(scope)))
    if within is not None:
        query = query.where(Cluster.id.in_(within))
    if filters.language:
        query = query.where(Cluster.id.in_(_visible_members(scope).where(Submission.language == filters.language)))
    if filters.status:
        query = query.outerjoin(ClusterReview, ClusterReview.cluster_id == Cluster.id)
        same = ClusterReview.status == filters.status
        query = query.where(or_(same, ClusterReview.id.is_(None)) if filters.status == ReviewStatus.NEW else same)
    if filters.lineage and consultation is not None:
        on_provision = (
            select(Submission.cluster_id)
            .join(Comment, Comment.submission_id == Submission.id)
            .join(Provision, Provision.id == Comment.provision_id)
            .where(Comment.consultation_id == consultation.id, Provision.lineage_id == filters.lineage)
        )
        query = query.where(Cluster.id.in_(on_provision))
    if filters.campaigns_only:
        query = query.where(Cluster.id.in_(select(Campaign.cluster_id)))
    if filters.query:  # only the groups that say it, the closest first
        found = submissions.matching(filters.query, scope, SEARCH_DEPTH)
        ranked = list(dict.fromkeys(s.cluster_id for s, _ in found if s.cluster_id is not None))
        if not ranked:
            return query.where(false())
        rank = case({cluster_id: place for place, cluster_id in enumerate(ranked)}, value=Cluster.id)
        return query.where(Cluster.id.in_(ranked)).order_by(rank, Cluster.id)
    return query.order_by(Cluster.size.desc(), Cluster.id)


def workspace(scope: str, filters: Filters, page: int = 1, consultation=None, within=None, locale: str = ""):
    """A page of a scope's clusters (only those `within` a select of ids, if given), largest first,
    each described as a ClusterRow (in `.rows`) for a reader of `locale`."""
    query = _clusters(scope, filters, consultation, within)
    result = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    result.rows = describe(result.items, consultation, locale)
    return result


def describe(clusters: list[Cluster], consultation: Consultation | None = None, locale: str = "") -> list[ClusterRow]:
    rows = {c.id: ClusterRow(c) for c in clusters}
    if not rows:
        return []
    ids = list(rows)
    _representatives(clusters, rows, locale)
    for cluster_id, languages in publicity.member_languages(ids).items():
        rows[cluster_id].size, rows[cluster_id].languages = languages.total(), languages.most_common()
    for cluster_id, size in db.session.execute(
        select(Campaign.cluster_id, Campaign.size).where(Campaign.cluster_id.in_(ids))
    ):
        rows[cluster_id].campaigns.append(size)
    votes = db.session.execute(
        select(Submission.cluster_id, func.sum(Comment.agree), func.sum(Comment.disagree))
        .join(Comment, Comment.submission_id == Submission.id)
        .where(Submission.cluster_id.in_(ids), *member_counts())
        .group_by(Submission.cluster_id)
    )
    for cluster_id, agree, disagree in votes:
        rows[cluster_id].agree, rows[cluster_id].disagree = int(agree or 0), int(disagree or 0)
    for cluster_id, regions in _regions(ids).items():
        rows[cluster_id].regions = regions
    _decisions(rows, consultation)
    return [rows[c.id] for c in clusters]


def _representatives(clusters: list[Cluster], rows: dict[int, ClusterRow], locale: str) -> None:
    """Each group's representative, and the one that heads it for a reader of `locale` (one query)."""
    own = {c.id: (c.representatives or {}).get(locale) or c.representative_id for c in clusters}
    wanted = {c.representative_id for c in clusters} | set(own.values())
    found = {s.id: s for s in db.session.scalars(select(Submission).where(Submission.id.in_(wanted - {None})))}
    for cluster in clusters:
        row = rows[cluster.id]
        row.representative = found.get(cluster.representative_id)
        row.headline = found.get(own[cluster.id]) or row.representative


def _decisions(rows: dict[int, ClusterRow], consultation: Consultation | None) -> None:
    """Each row's review, due date and answer."""
    found_reviews, found_answers = reviews.reviews_of(list(rows)), answers.answers_of(list(rows))
    for cluster_id, row in rows.items():
        row.review, row.answer = found_reviews.get(cluster_id), found_answers.get(cluster_id)
        row.due = reviews.due_on(row.cluster, row.review, consultation)


def _regions(cluster_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """The authors' regions per cluster (districts counted in their region), largest first."""
    country = current_country()
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = db.session.execute(
        select(Submission.cluster_id, User.region_code, func.count())
        .join(User, User.id == Submission.author_id)
        .where(Submission.cluster_id.in_(cluster_ids), *member_counts())
        .group_by(Submission.cluster_id, User.region_code)
    )
    for cluster_id, code, count in rows:
        region = country.region_of(code) if code else None
        if region is not None:
            counts[cluster_id][region.code] += count
    return {cluster_id: counter.most_common(3) for cluster_id, counter in counts.items()}


def members(cluster: Cluster, page: int = 1):
    """A page of a cluster's members that count (comments.member_counts), those to confirm first, then oldest
    first; `.pairs` holds (submission, its comment or petition), `.to_confirm` how many are weakly attached and
    not confirmed."""
    query = (
        select(Submission)
        .where(Submission.cluster_id == cluster.id, *member_counts())
        .order_by(case((submissions.firm(), 1), else_=0), Submission.id)  # those to confirm first
    )
    result = db.paginate(query, page=page, per_page=MEMBERS_PER_PAGE, error_out=False)
    ids = [s.id for s in result.items]
    by_submission = {}
    for model in (Comment, Petition):
        for source in db.session.scalars(select(model).where(model.submission_id.in_(ids))):
            by_submission[source.submission_id] = source
    result.pairs = [(s, by_submission.get(s.id)) for s in result.items]
    result.to_confirm = to_confirm(cluster)
    return result


def to_confirm(cluster: Cluster) -> int:
    """How many members that count of a cluster joined it weakly and wait for an official to confirm them."""
    weak = select(func.count()).where(Submission.cluster_id == cluster.id, *member_counts(), ~submissions.firm())
    return db.session.scalar(weak)
