"""How each agency answers: the figures of the agencies page, the API's agencies and the open data's agencies.csv.

What the figures mean (the agencies page, the open-data schema and the API say the same in words):

- An *answer* is one the public can read: a consultation's report; a response to a petition, its own or the answer
  its agency gave to the group the petition belongs to (a group's answer covers only the petitions addressed to the
  agency that gave it, as the petition's page shows); an answer to a group of comments on a draft.
- *Due*: what needed an answer by now: the report of each consultation whose comments have closed, each published
  petition that reached the number of signatures for a response, and each public group of comments on a
  consultation whose comments have closed (the decision deadline of a group counts from the close as well).
- *Answered*: how many of the due ones have an answer (given before or after they became due).
- *Voluntary*: answers to what was not due: petitions below the threshold, groups answered while comments were
  still open. They are credited beside the share, never in it.
- *Share answered*: answered / due; none when nothing was due.
- *Median days to answer*: over the due ones answered, from the close of comments or the threshold to the answer.
- *Overdue now*: reports and petition responses past their deadline without an answer, and groups (of comments or
  of petitions) past their decision date with neither a decision nor an answer.

Everything is counted in a handful of queries whatever the number of agencies; a consultation's groups are
counted in SQL, and only the answered ones are read row by row.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import load_only

from app.agencies.models import Agency
from app.consultations.models import Consultation
from app.core.db import utcnow
from app.extensions import db
from app.feedback import answers, publicity, reviews, scopes
from app.feedback.models import ClusterAnswer
from app.petitions.models import PUBLISHED_STATES, Petition
from app.submissions.models import Cluster, Moderation, Submission
from app.submissions.scopes import PETITIONS
from app.tracker import stats

#: What each figure means, in the words the agencies page, the open-data schema and the API docs all use.
MEANINGS = {
    "due": _l(
        "Needed an answer by now: the report of each consultation whose comments have closed, each published "
        "petition that reached the signatures for a response, and each public group of comments on a consultation "
        "whose comments have closed."
    ),
    "answered": _l(
        "Of those, how many have an answer the public can read: the report, the petition's own response or its "
        "agency's answer to the petition's group, the answer to the group of comments."
    ),
    "voluntary": _l(
        "Answers to what did not need one: petitions below the signatures for a response, groups of comments "
        "answered while comments were still open. Credited here, not counted in the share."
    ),
    "share_answered": _l("Answered divided by due; no value when nothing was due."),
    "median_days_to_answer": _l(
        "Median days from the close of comments, or from the moment a petition reached the signatures for a "
        "response, to the answer, over the due answers; no value when there are none."
    ),
    "overdue_now": _l(
        "Late now: reports and petition responses past their deadline without an answer, and groups of feedback "
        "past their decision date with neither a decision nor an answer."
    ),
}


@dataclass
class AgencyStats:
    """How one agency answers: what it held, what needed an answer, what it answered and how fast."""

    agency: Agency
    consultations: int = 0  # held (every consultation is public from its announcement)
    petitions: int = 0  # published petitions addressed to it
    due: int = 0  # reports of closed consultations + petitions past the threshold + groups of closed consultations
    answered: int = 0  # of those, the ones with an answer
    voluntary: int = 0  # answers to what was not due: petitions below the threshold, groups of open consultations
    share_answered: float | None = None  # answered / due, None when nothing was due
    median_days_to_answer: float | None = None  # over the answered due ones
    overdue_now: int = 0  # late reports + late petition responses + overdue groups
    days: list[float] = field(default_factory=list, repr=False)  # each due answer's delay, for the median
    late_petitions: list[int] = field(default_factory=list, repr=False)  # ids, for the agency's page
    late_reports: list[int] = field(default_factory=list, repr=False)  # consultation ids, for the agency's page

    @property
    def answers(self) -> int:
        """Every answer it gave, due or not."""
        return self.answered + self.voluntary

    def count(self, due: bool, answered_at: datetime | None, since: datetime | None) -> None:
        """One thing it could answer: due (from `since`) or not, answered at `answered_at` or not."""
        if due:
            self.due += 1
            if answered_at is not None:
                self.answered += 1
                self.days.append(stats.days_between(since, answered_at))
        elif answered_at is not None:
            self.voluntary += 1


def _among(column, ids: list[int] | None):
    return column.in_(ids) if ids is not None else true()


def _earliest(*moments):
    found = [moment for moment in moments if moment is not None]
    return min(found) if found else None


# -- reports --------------------------------------------------------------------------------------


def _count_reports(found: dict[int, AgencyStats], ids, now: datetime) -> list[Consultation]:
    """Count the consultations and their reports; returns them (their groups are counted next)."""
    dates = load_only(Consultation.agency_id, Consultation.closes_at, Consultation.report_published_at)
    held = db.session.scalars(select(Consultation).options(dates).where(_among(Consultation.agency_id, ids))).all()
    for consultation in held:
        row, closes_at, reported_at = (
            found[consultation.agency_id],
            consultation.closes_at,
            consultation.report_published_at,
        )
        row.consultations += 1
        row.count(closes_at <= now, reported_at, closes_at)
        if reported_at is None and stats.report_deadline(closes_at) < now:
            row.late_reports.append(consultation.id)
    return held


# -- petitions ------------------------------------------------------------------------------------


def _count_petitions(found: dict[int, AgencyStats], ids, now: datetime) -> None:
    addressed = Petition.state.in_(PUBLISHED_STATES), Petition.agency_id.is_not(None), _among(Petition.agency_id, ids)
    counts = select(Petition.agency_id, func.count()).where(*addressed)
    for agency_id, count in db.session.execute(counts.group_by(Petition.agency_id)):
        found[agency_id].petitions = count
    grouped = answers.petition_answers()
    rows = select(
        Petition.id, Petition.agency_id, Petition.response_due_at, Petition.responded_at, grouped.c.answered_at
    )
    rows = rows.outerjoin(grouped, grouped.c.petition_id == Petition.id).where(*addressed)
    matter = (
        Petition.response_due_at.is_not(None),
        Petition.responded_at.is_not(None),
        grouped.c.answered_at.is_not(None),
    )
    for petition_id, agency_id, reached_at, responded_at, group_answered_at in db.session.execute(
        rows.where(or_(*matter))
    ):
        row, answered_at = found[agency_id], _earliest(responded_at, group_answered_at)
        row.count(reached_at is not None, answered_at, reached_at)
        if reached_at is not None and answered_at is None and stats.response_deadline(reached_at) < now:
            row.late_petitions.append(petition_id)


# -- groups ---------------------------------------------------------------------------------------


def _count_groups(found: dict[int, AgencyStats], held: list[Consultation], now: datetime) -> None:
    """Public groups of comments: due once comments closed; answered when their answer is published."""
    by_scope = {consultation.scope: consultation for consultation in held}
    if not by_scope:
        return
    public = Cluster.scope.in_(by_scope), Cluster.size > 0, publicity.has_published_member()
    counts = select(Cluster.scope, func.count()).where(*public).group_by(Cluster.scope)
    unanswered = Counter(dict(db.session.execute(counts).all()))
    answered = select(Cluster.scope, Cluster.created_at, ClusterAnswer.published_at).join(
        ClusterAnswer, ClusterAnswer.cluster_id == Cluster.id
    )
    for scope, created_at, answered_at in db.session.execute(answered.where(*public)):
        consultation = by_scope[scope]
        since = max(consultation.closes_at, created_at)  # as the group's default decision deadline counts
        found[consultation.agency_id].count(consultation.closes_at <= now, answered_at, since)
        unanswered[scope] -= 1
    for scope, count in unanswered.items():
        consultation = by_scope[scope]
        if consultation.closes_at <= now:
            found[consultation.agency_id].due += count


def _addressed(cluster_ids: list[int]) -> dict[int, set[int]]:
    """The agencies addressed by the published petitions of each of the pool's clusters."""
    found = defaultdict(set)
    if not cluster_ids:
        return found
    query = select(Submission.cluster_id, Petition.agency_id).join(Petition, Petition.submission_id == Submission.id)
    query = query.where(Submission.cluster_id.in_(cluster_ids), Submission.moderation == Moderation.PUBLISHED)
    for cluster_id, agency_id in db.session.execute(query.where(Petition.agency_id.is_not(None)).distinct()):
        found[cluster_id].add(agency_id)
    return found


def overdue_groups(agency_ids: list[int] | None = None, today: date | None = None) -> Counter:
    """Overdue feedback groups per agency id (feedback.reviews decides what is overdue)."""
    single = agency_ids[0] if agency_ids is not None and len(agency_ids) == 1 else None
    late = reviews.overdue(single, today)
    addressed = _addressed([row.cluster.id for row in late if row.cluster.scope == PETITIONS])
    found = Counter()
    for row in late:
        consultation = scopes.consultation_of(row.cluster)  # already loaded by reviews.overdue
        for agency_id in {consultation.agency_id} if consultation else addressed[row.cluster.id]:
            if agency_ids is None or agency_id in agency_ids:
                found[agency_id] += 1
    return found


# -- the figures ----------------------------------------------------------------------------------


def agency_statistics(agency_ids: list[int] | None = None, now: datetime | None = None) -> list[AgencyStats]:
    """The figures of the given agencies (all for None), in agency id order: the one function behind the agencies
    page, the API and the open data."""
    now = now or utcnow()
    agencies = db.session.scalars(select(Agency).where(_among(Agency.id, agency_ids)).order_by(Agency.id))
    found = {agency.id: AgencyStats(agency) for agency in agencies}
    if not found:
        return []
    ids = list(found) if agency_ids is not None else None
    held = _count_reports(found, ids, now)
    _count_petitions(found, ids, now)
    _count_groups(found, held, now)
    for agency_id, count in overdue_groups(ids, now.date()).items():
        if agency_id in found:
            found[agency_id].overdue_now += count
    for row in found.values():
        row.overdue_now += len(row.late_reports) + len(row.late_petitions)
        row.share_answered = row.answered / row.due if row.due else None
        row.median_days_to_answer = median(row.days) if row.days else None
    return list(found.values())


def agency_statistics_of(agency: Agency, now: datetime | None = None) -> AgencyStats:
    """The figures of one agency."""
    return agency_statistics([agency.id], now)[0]
