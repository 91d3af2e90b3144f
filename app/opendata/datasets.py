"""The open datasets: what each column is, and the rows, read from the database in a stream.

Schema version 3: a value per language (an agency's names, a group's members by language) is a column per language
in the files (`name_tg`, `members_ru`) instead of a JSON object in one cell, so that a spreadsheet shows it;
the API keeps it as an object. Columns are only ever added in a version; a change of meaning makes a new version.
Version 2:
the agencies' `due` and `answered` count every answer (groups of comments, petitions answered through their
group) and `voluntary` and `share_answered` are new (app.tracker.ranking says what each means).
No dataset has a column about a person: no names, e-mail addresses, IP addresses or account ids;
authors and signers appear only as counts. Only what the public pages show is exported
(published comments and petitions, public groups).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.agencies.models import Agency
from app.consultations import comments
from app.consultations.models import Comment, Consultation, DraftVersion, Provision
from app.core.i18n import LOCALE_NAMES
from app.extensions import db
from app.feedback.models import ClusterAnswer, ClusterReview
from app.petitions import counting
from app.petitions.models import PUBLISHED_STATES, Petition, Signature, SignatureState
from app.semantic.langid import LANGUAGES, OTHER
from app.submissions.models import Cluster, Submission
from app.tracker import ranking, stats

SCHEMA_VERSION = 3
STREAM_ROWS = 2000  # rows fetched from the database at a time


@dataclass(frozen=True)
class Spread:
    """A mapping ({key: value}) that the database and the API keep whole, written to the files as a column per key
    (`prefix` + key), because a spreadsheet cell holds one value, not JSON."""

    prefix: str
    keys: tuple[str, ...]
    describe: Callable[[str], object]  # the description of a key's column
    missing: object = None  # the value of a key the mapping lacks


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, number, string, text, date, datetime, boolean
    description: object  # a lazy string
    spread: Spread | None = None

    @property
    def in_files(self) -> tuple["Column", ...]:
        """The columns of the files: this one, or one per key of its mapping."""
        if self.spread is None:
            return (self,)
        return tuple(Column(self.spread.prefix + key, self.type, self.spread.describe(key)) for key in self.spread.keys)

    def cells(self, value) -> tuple:
        """The value in the files' cells."""
        if self.spread is None:
            return (value,)
        return tuple((value or {}).get(key, self.spread.missing) for key in self.spread.keys)


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    columns: tuple[Column, ...]
    query: Callable[[], object]  # a select whose rows are the columns, in order
    # Columns after the select's that SQL cannot express (a median, lateness by the tracker's rules),
    # computed for each batch of rows by `compute`: for small datasets only (agencies).
    computed: tuple[Column, ...] = ()
    compute: Callable[[list[tuple]], list[tuple]] | None = None

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Every column of the files: the select's, then the computed ones."""
        return self.columns + self.computed

    @property
    def file_columns(self) -> tuple[Column, ...]:
        """The columns of the CSV and JSON files: a mapping spread into a column per key."""
        return tuple(found for column in self.all_columns for found in column.in_files)

    def file_rows(self) -> Iterator[tuple]:
        """Every row as the files hold it (see file_columns)."""
        columns = self.all_columns
        for row in self.rows():
            yield tuple(cell for column, value in zip(columns, row, strict=True) for cell in column.cells(value))

    def rows(self) -> Iterator[tuple]:
        """Every row, fetched STREAM_ROWS at a time: memory stays flat at any size."""
        # Closed even when the reader stops early: on PostgreSQL it holds a server-side cursor.
        with db.session.execute(self.query().execution_options(yield_per=STREAM_ROWS)) as result:
            for partition in result.partitions():
                if self.compute is None:
                    yield from partition
                else:
                    yield from ((*row, *extra) for row, extra in zip(partition, self.compute(partition), strict=True))


def _id(description) -> Column:
    return Column("id", "integer", description)


def _consultations():
    return select(
        Consultation.id,
        Consultation.agency_id,
        Consultation.title,
        Consultation.summary,
        Consultation.region_code,
        Consultation.phase,
        Consultation.opens_at,
        Consultation.closes_at,
        Consultation.report_published_at,
    ).order_by(Consultation.id)


def _provisions():
    return (
        select(
            Provision.id,
            DraftVersion.consultation_id,
            DraftVersion.number,
            Provision.lineage_id,
            Provision.key,
            Provision.kind,
            Provision.number,
            Provision.heading,
            Provision.text,
            Provision.change,
        )
        .join(DraftVersion, DraftVersion.id == Provision.version_id)
        .where(DraftVersion.published_at.is_not(None))
        .order_by(Provision.id)
    )


def _comments():
    return (
        select(
            Comment.id,
            Comment.consultation_id,
            Comment.provision_id,
            Comment.question_id,
            Comment.parent_id,
            Submission.language,
            Submission.cluster_id,
            Submission.body,
            Comment.amendment,
            Comment.agree,
            Comment.disagree,
            Comment.created_at,
        )
        .join(Submission, Submission.id == Comment.submission_id)
        .where(*comments.counts())  # as on the pages: published, and a reply only under a published comment
        .order_by(Comment.id)
    )


def _clusters():
    published = (
        select(Submission.cluster_id, func.count().label("members"))
        .where(*comments.member_counts(), Submission.cluster_id.is_not(None))  # as the group pages count
        .group_by(Submission.cluster_id)
        .subquery()
    )
    return (
        select(
            Cluster.id,
            Cluster.scope,
            published.c.members,
            Cluster.languages,
            ClusterReview.status,
            ClusterAnswer.body,
            ClusterAnswer.published_at,
            ClusterAnswer.amended_at,
        )
        .join(published, published.c.cluster_id == Cluster.id)
        .outerjoin(ClusterReview, ClusterReview.cluster_id == Cluster.id)
        .outerjoin(ClusterAnswer, ClusterAnswer.cluster_id == Cluster.id)
        .order_by(Cluster.id)
    )


def _petitions():
    return (
        select(
            Petition.id,
            Petition.title,
            Petition.request,
            Petition.category,
            Petition.agency_id,
            Petition.region_code,
            Petition.language,
            Petition.state,
            Petition.signature_count,
            Petition.opened_at,
            Petition.closes_at,
            counting.verified(Petition.id),
        )
        .where(Petition.state.in_(PUBLISHED_STATES))
        .order_by(Petition.id)
    )


def _signatures():
    day = stats.day_of(Signature.confirmed_at)  # the UTC day, whatever the database session's time zone
    return (
        select(Signature.petition_id, day, Signature.region_code, func.count())
        .join(Petition, Petition.id == Signature.petition_id)
        .where(Signature.state == SignatureState.CONFIRMED, Petition.state.in_(PUBLISHED_STATES))
        .group_by(Signature.petition_id, day, Signature.region_code)
        .order_by(Signature.petition_id, day, Signature.region_code)
    )


def _agencies():
    consultations = select(func.count()).where(Consultation.agency_id == Agency.id).scalar_subquery()
    petitions = (
        select(func.count())
        .where(Petition.agency_id == Agency.id, Petition.state.in_(PUBLISHED_STATES))
        .scalar_subquery()
    )
    return select(Agency.id, Agency.slug, Agency.names, Agency.website, consultations, petitions).order_by(Agency.id)


AGENCY_FIGURES = (
    Column("due", "integer", ranking.MEANINGS["due"]),
    Column("answered", "integer", ranking.MEANINGS["answered"]),
    Column("voluntary", "integer", ranking.MEANINGS["voluntary"]),
    Column("share_answered", "number", ranking.MEANINGS["share_answered"]),
    Column("median_days_to_answer", "number", ranking.MEANINGS["median_days_to_answer"]),
    Column("overdue_now", "integer", ranking.MEANINGS["overdue_now"]),
)


def _agency_figures(rows: list[tuple]) -> list[tuple]:
    """How each agency of a batch answers: app.tracker.ranking's figures, as on the agencies page."""
    figures = {row.agency.id: row for row in ranking.agency_statistics([row[0] for row in rows])}
    return [tuple(getattr(figures[row[0]], column.name) for column in AGENCY_FIGURES) for row in rows]


def one_of(values: str):
    """A description of a column whose values are codes, which stay as they are in every language."""
    return _l("One of: %(values)s.", values=values)


def _members_in(language: str):
    if language == OTHER:
        return _l("Members written in another language, or too short to tell (all members).")
    return _l("Members written in %(language)s (all members).", language=f"{LOCALE_NAMES[language]} ({language})")


def _name_in(locale: str):
    return _l("Name in %(language)s; empty if not given.", language=f"{LOCALE_NAMES[locale]} ({locale})")


CONSULTATION_ID = Column("consultation_id", "integer", _l("The consultation (see consultations)."))
CREATED = Column("created_at", "datetime", _l("When it was written (UTC, ISO 8601)."))

DATASETS = (
    Dataset(
        "consultations",
        _l("Consultations"),
        _l("Every consultation: its agency, dates and phase, and when its report was published."),
        (
            _id(_l("The consultation's number on Ovoz.")),
            Column("agency_id", "integer", _l("The agency that holds it (see agencies).")),
            Column("title", "string", _l("Title.")),
            Column("summary", "text", _l("Summary.")),
            Column("region_code", "string", _l("Where it applies (ISO 3166-2); empty for the whole country.")),
            Column("phase", "string", one_of("announced, open, closed")),
            Column("opens_at", "datetime", _l("When comments open (UTC).")),
            Column("closes_at", "datetime", _l("When comments close (UTC).")),
            Column("report_published_at", "datetime", _l("When the report was published (UTC); empty if not yet.")),
        ),
        _consultations,
    ),
    Dataset(
        "provisions",
        _l("Provisions of the drafts"),
        _l("Every chapter, article, part and item of every published version of every draft."),
        (
            _id(_l("The provision's number on Ovoz.")),
            CONSULTATION_ID,
            Column("version", "integer", _l("The version of the draft (1, 2, ...).")),
            Column("lineage_id", "integer", _l("The same provision in every version shares this number.")),
            Column(
                "key", "string", _l("Its place in the draft, e.g. %(example)s.", example="chapter-1/article-5/part-2")
            ),
            Column("kind", "string", one_of("chapter, article, part, item")),
            Column("number", "string", _l("Its number in the draft.")),
            Column("heading", "string", _l("Heading.")),
            Column("text", "text", _l("Text.")),
            Column(
                "change",
                "string",
                _l("Against the previous version, one of: %(values)s.", values="new, same, changed, moved, renumbered"),
            ),
        ),
        _provisions,
    ),
    Dataset(
        "comments",
        _l("Comments"),
        _l("Every published comment, amendment, reply and answer to a question, without its author."),
        (
            _id(_l("The comment's number on Ovoz.")),
            CONSULTATION_ID,
            Column("provision_id", "integer", _l("The provision it is on (see provisions); empty for the draft.")),
            Column("question_id", "integer", _l("The question it answers, if any.")),
            Column("parent_id", "integer", _l("The comment it replies to, if any.")),
            Column("language", "string", _l("Language detected by Ovoz (en, ru, tg, uz, az, kk, ky or other).")),
            Column("cluster_id", "integer", _l("The group of comments saying the same thing (see clusters).")),
            Column("text", "text", _l("What was written.")),
            Column("amendment", "text", _l("The wording proposed instead of the provision, if any.")),
            Column("agree", "integer", _l("People who agreed.")),
            Column("disagree", "integer", _l("People who disagreed.")),
            CREATED,
        ),
        _comments,
    ),
    Dataset(
        "clusters",
        _l("Groups and answers"),
        _l("Groups of comments and petitions that say the same thing, with their status and official answer."),
        (
            _id(_l("The group's number on Ovoz.")),
            Column(
                "scope",
                "string",
                _l("What it groups, e.g. %(example)s.", example="consultation:7, consultation:7:question:2, petitions"),
            ),
            Column("size", "integer", _l("Published members.")),
            Column(
                "languages",
                "integer",
                _l("Members by language (all members)."),
                Spread("members_", (*LANGUAGES, OTHER), _members_in, missing=0),
            ),
            Column("status", "string", one_of("new, under_review, accepted, partly_accepted, rejected, noted")),
            Column("answer", "text", _l("The official answer (Markdown); empty if none.")),
            Column("answered_at", "datetime", _l("When the answer was published (UTC).")),
            Column("amended_at", "datetime", _l("When it was last amended (UTC).")),
        ),
        _clusters,
    ),
    Dataset(
        "petitions",
        _l("Petitions"),
        _l("Every published petition with its number of signatures."),
        (
            _id(_l("The petition's number on Ovoz.")),
            Column("title", "string", _l("Title.")),
            Column("request", "text", _l("What it asks for.")),
            Column("category", "string", _l("Topic.")),
            Column("agency_id", "integer", _l("The agency it is addressed to (see agencies).")),
            Column("region_code", "string", _l("Where it applies (ISO 3166-2); empty for the whole country.")),
            Column("language", "string", _l("Language it was written in.")),
            Column("state", "string", one_of("open, closed")),
            Column("signatures", "integer", _l("Confirmed signatures.")),
            Column("opened_at", "datetime", _l("When it opened for signatures (UTC).")),
            Column("closes_at", "datetime", _l("When it closes (UTC).")),
            Column(
                "verified_signatures",
                "integer",
                _l("Of the confirmed signatures, those of people a national e-ID verified (one per person)."),
            ),
        ),
        _petitions,
    ),
    Dataset(
        "signatures",
        _l("Signatures by region and day"),
        _l("Confirmed signatures of each published petition, counted by region and day; no signer is named."),
        (
            Column("petition_id", "integer", _l("The petition (see petitions).")),
            Column("day", "date", _l("The day the signatures were confirmed (UTC).")),
            Column("region_code", "string", _l("The signers' region or district code; empty if not given.")),
            Column("signatures", "integer", _l("How many.")),
        ),
        _signatures,
    ),
    Dataset(
        "agencies",
        _l("Agencies"),
        _l(
            "The agencies on Ovoz: how many consultations they held and petitions were addressed to them, "
            "and how they answer (as on the agencies page)."
        ),
        (
            _id(_l("The agency's number on Ovoz.")),
            Column("slug", "string", _l("Short name.")),
            Column("names", "string", _l("Names by language."), Spread("name_", tuple(LOCALE_NAMES), _name_in)),
            Column("website", "string", _l("Website.")),
            Column("consultations", "integer", _l("Consultations held.")),
            Column("petitions", "integer", _l("Published petitions addressed to it.")),
        ),
        _agencies,
        AGENCY_FIGURES,
        _agency_figures,
    ),
)
BY_NAME = {dataset.name: dataset for dataset in DATASETS}
