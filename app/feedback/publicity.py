"""What the public sees of grouped feedback: a group's page, a consultation's "What we heard", and
the answer to a group under each of its members.

Only the members that count (app.consultations.comments.member_counts: published, and no reply under a comment
that is not) are counted and quoted, never with their authors' names. Clusters are paged
in SQL and the figures and quotes of a page's clusters come in one grouped query each, so a
consultation of 20,000 comments costs the same as one of 200.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import case, exists, func, select

from app.consultations.comments import member_counts
from app.consultations.models import Consultation
from app.core.sanitize import render_markdown
from app.extensions import db
from app.feedback import answers, reviews, scopes
from app.feedback.models import ClusterAnswer, ReviewStatus
from app.petitions.models import PUBLISHED_STATES, Petition
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS
from app.submissions.services import firm, is_firm

PER_PAGE = 20
QUOTES_ON_GROUP = 5
QUOTES_ON_HEARD = 3
PETITIONS_PER_PAGE = 50
PETITIONS_ON_PETITION = 10
EXCERPT = 500

_plain = MarkdownIt("commonmark", {"html": False})  # parsed for plain-text excerpts; never rendered to HTML


@dataclass
class PublicGroup:
    """A cluster as the public sees it: published members only, no names."""

    cluster: Cluster
    size: int = 0  # published members
    languages: list[tuple[str, int]] = field(default_factory=list)  # published members by language
    quotes: list[Submission] = field(default_factory=list)
    status: ReviewStatus = ReviewStatus.NEW
    answer: ClusterAnswer | None = None
    excerpt: str = ""  # the start of the answer, as plain text


@dataclass
class PetitionGroup:
    """What a petition's page says about the group it is in."""

    cluster_id: int
    others: list[Petition]
    more: int  # public petitions of the group beyond `others`
    answer: ClusterAnswer | None


@dataclass
class CommentAnswer:
    """The answer to a comment's group; written out under `shown_at` (a comment id), the others link there."""

    answer: ClusterAnswer
    shown_at: int


def is_public(consultation: Consultation | None) -> bool:
    """A consultation the public may read: as on its own page, every one from its announcement."""
    return consultation is not None  # consultations have no unpublished phase (see consultations.show)


def _published(cluster_ids):
    return (Submission.cluster_id.in_(cluster_ids), *member_counts())


def member_languages(cluster_ids) -> dict[int, Counter]:
    """How many members of each cluster count (comments.member_counts), by language, in one grouped query: the
    sizes every page shows, public or for review (the engine's Cluster.size also holds what is not shown)."""
    counts = select(Submission.cluster_id, Submission.language, func.count()).where(*_published(cluster_ids))
    languages: dict[int, Counter] = defaultdict(Counter)
    for cluster_id, language, count in db.session.execute(counts.group_by(Submission.cluster_id, Submission.language)):
        languages[cluster_id][language] += count
    return languages


def member_sizes(cluster_ids) -> dict[int, int]:
    """How many members of each cluster count (none: left out)."""
    return {cluster_id: counter.total() for cluster_id, counter in member_languages(cluster_ids).items()}


def describe(clusters: list[Cluster], quotes: int) -> list[PublicGroup]:
    """The public figures, up to `quotes` quotes, status and answer of each cluster, in a few queries."""
    groups = {c.id: PublicGroup(c) for c in clusters}
    if not groups:
        return []
    ids = list(groups)
    for cluster_id, counter in member_languages(ids).items():
        groups[cluster_id].size, groups[cluster_id].languages = counter.total(), counter.most_common()
    for submission in _quotes(ids, quotes) if quotes else []:
        groups[submission.cluster_id].quotes.append(submission)
    found_reviews, found_answers = reviews.reviews_of(ids), answers.answers_of(ids)
    for cluster_id, group in groups.items():
        group.status = reviews.status_of(found_reviews.get(cluster_id))
        group.answer = found_answers.get(cluster_id)
    return [groups[c.id] for c in clusters]


def _quotes(cluster_ids: list[int], per_cluster: int) -> list[Submission]:
    """Up to `per_cluster` published members of each cluster: its representative first, then members
    outside campaigns (so that three copies of one form letter do not fill the quotes), oldest first."""
    rank = func.row_number().over(
        partition_by=Submission.cluster_id,
        order_by=(
            case((Submission.id == Cluster.representative_id, 0), else_=1),
            case((Submission.campaign_id.is_(None), 0), else_=1),
            Submission.id,
        ),
    )
    ranked = (
        select(Submission.id, rank.label("rank"))
        .join(Cluster, Cluster.id == Submission.cluster_id)
        .where(*_published(cluster_ids))
        .subquery()
    )
    query = (
        select(Submission)
        .join(ranked, ranked.c.id == Submission.id)
        .where(ranked.c.rank <= per_cluster)
        .order_by(Submission.cluster_id, ranked.c.rank)
    )
    return list(db.session.scalars(query))


# -- a group's page ---------------------------------------------------------------------------------


def group(cluster: Cluster) -> PublicGroup | None:
    """A group of a public consultation's comments, or of petitions, as the public sees it (None: not public)."""
    if cluster.scope == PETITIONS:
        if not vouched_for(cluster):
            return None
        shown = describe([cluster], quotes=0)[0]
    elif is_public(scopes.consultation_of(cluster)):
        shown = describe([cluster], quotes=QUOTES_ON_GROUP)[0]
    else:
        return None  # answers to a question, or a scope nobody reads in public
    return shown if shown.size else None


def vouched_for(cluster: Cluster) -> bool:
    """An official has looked at the group of petitions: shaped it, set its status, answered it or confirmed a member.
    Until then the public is not told which petitions were grouped: the engine alone can put together petitions
    that share little more than a city's name, and a petition's page would say they ask the same."""
    if cluster.locked or reviews.review_of(cluster) is not None or answers.answer_of(cluster.id) is not None:
        return True
    looked_at = (Submission.confirmed_at.is_not(None)) | Submission.pinned
    return db.session.scalar(select(exists().where(Submission.cluster_id == cluster.id, looked_at)))


def _public_petitions(cluster_id: int):
    """The public petitions that belong to a group firmly, or that an official confirmed."""
    return (
        select(Petition)
        .join(Submission, Submission.id == Petition.submission_id)
        .where(Submission.cluster_id == cluster_id, Petition.state.in_(PUBLISHED_STATES), firm())
        .order_by(Petition.signature_count.desc(), Petition.id)
    )


def petitions_of(cluster: Cluster, page: int = 1):
    """A page of the public petitions of a group, most signed first."""
    return db.paginate(_public_petitions(cluster.id), page=page, per_page=PETITIONS_PER_PAGE, error_out=False)


def petition_group(petition: Petition) -> PetitionGroup | None:
    """The other public petitions grouped with a public petition, and the group's answer (None: nothing to say)."""
    if not petition.is_published or petition.submission_id is None:
        return None
    submission = db.session.get(Submission, petition.submission_id)
    cluster_id = submission.cluster_id if submission is not None else None
    if cluster_id is None or not is_firm(submission) or not vouched_for(db.session.get(Cluster, cluster_id)):
        return None  # a weakly attached petition, or an unchecked group, is not said to be grouped
    others = _public_petitions(cluster_id).where(Petition.id != petition.id)
    shown = list(db.session.scalars(others.limit(PETITIONS_ON_PETITION)))
    more = 0
    if len(shown) == PETITIONS_ON_PETITION:
        more = db.session.scalar(select(func.count()).select_from(others.subquery())) - len(shown)
    answer = answers.answer_of(cluster_id)
    if answer is not None and answer.agency_id not in (None, petition.agency_id):
        answer = None  # another agency's answer, to the petitions addressed to it
    return PetitionGroup(cluster_id, shown, more, answer) if shown or answer else None


# -- a consultation's "What we heard" ---------------------------------------------------------------


def has_published_member(*conditions):
    """SQL: the Cluster has a member that counts (meeting `conditions`); without one no group is public."""
    return exists().where(Submission.cluster_id == Cluster.id, *member_counts(), *conditions)


def _heard(consultation: Consultation) -> tuple:
    return Cluster.scope == consultation.scope, Cluster.size > 0, has_published_member()


def heard(consultation: Consultation, page: int = 1):
    """A page of the consultation's groups with a published member, largest first; `.groups` describes them."""
    query = select(Cluster).where(*_heard(consultation)).order_by(Cluster.size.desc(), Cluster.id)
    result = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    result.groups = describe(result.items, quotes=QUOTES_ON_HEARD)
    for shown in result.groups:
        shown.excerpt = excerpt(shown.answer.body) if shown.answer else ""
    return result


def heard_counts(consultation: Consultation) -> tuple[int, int]:
    """How many groups "What we heard" shows for a consultation, and how many of them were answered."""
    shown = _heard(consultation)
    answered = exists().where(ClusterAnswer.cluster_id == Cluster.id)
    groups = db.session.scalar(select(func.count()).select_from(Cluster).where(*shown))
    answers = db.session.scalar(select(func.count()).select_from(Cluster).where(*shown, answered))
    return groups, answers


@lru_cache(maxsize=256)
def answer_html(body: str) -> Markup:
    """An answer's Markdown as safe HTML, cached: one answer is shown under many comments and on many
    pages, and cleaning a long one takes milliseconds every time."""
    return render_markdown(body)


@lru_cache(maxsize=256)
def excerpt(markdown_text: str, length: int = EXCERPT) -> str:
    """The start of a Markdown text as plain text (the page escapes it). Only the start is parsed, and
    nothing is rendered: rendering and cleaning twenty long answers would cost more than the whole page."""
    parts = []
    for token in _plain.parse(markdown_text[: length * 2]):
        if token.type in ("fence", "code_block"):
            parts.append(token.content)
        for child in token.children or ():
            parts.append(" " if child.type in ("softbreak", "hardbreak") else child.content)
        parts.append(" ")
    plain = " ".join("".join(parts).split())
    return plain if len(plain) <= length else plain[:length].rsplit(" ", 1)[0] + "…"


# -- answers under comments -------------------------------------------------------------------------


def comment_answers(consultation: Consultation, comments) -> dict[int, CommentAnswer]:
    """The answer to the group of each comment, by comment id, in one query; `comments` in the page's order.

    Each answer is written out under the first of its group's comments and the others link there: a
    campaign of thousands of comments would otherwise repeat (and render) it thousands of times. Answers
    to a question are left out: they are grouped apart and have no public group page.
    """
    clusters = {
        c.id: c.submission.cluster_id
        for c in comments
        if c.submission.scope == consultation.scope and c.submission.cluster_id is not None and is_firm(c.submission)
    }
    found, first = answers.answers_of(clusters.values()), {}
    return {
        comment_id: CommentAnswer(found[cluster_id], first.setdefault(cluster_id, comment_id))
        for comment_id, cluster_id in clusters.items()
        if cluster_id in found
    }
