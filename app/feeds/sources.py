"""What the feeds tell, newest first: new consultations, published versions, answers to groups, petition responses.

Each source reads at most atom.LIMIT rows, ordered in SQL, with what its entries name joined in, and
only what the public pages show: every consultation from its announcement (publicity.is_public),
published versions, groups with a published member, responses to published petitions.
"""

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.consultations.models import Consultation, DraftVersion
from app.core.urls import external_url
from app.extensions import db
from app.feedback.models import ClusterAnswer
from app.feedback.publicity import has_published_member
from app.feeds.atom import LIMIT, Item
from app.petitions.models import PUBLISHED_STATES, Petition, PetitionResponse
from app.submissions.models import Cluster
from app.submissions.scopes import PETITIONS, consultation_scope_sql


def _lang() -> str:
    return str(get_locale())


def _agency_name(agency) -> str:
    return agency.name(_lang()) if agency is not None else ""


def consultations(agency_id: int | None = None) -> list[Item]:
    """The newest consultations (of one agency)."""
    query = select(Consultation).options(joinedload(Consultation.agency))
    if agency_id is not None:
        query = query.where(Consultation.agency_id == agency_id)
    query = query.order_by(Consultation.created_at.desc(), Consultation.id.desc()).limit(LIMIT)
    return [_consultation_item(c) for c in db.session.scalars(query)]


def _consultation_item(consultation: Consultation) -> Item:
    link = external_url("consultations.show", lang_code=_lang(), consultation_id=consultation.id)
    return Item(
        id=link,
        title=consultation.title,
        link=link,
        updated=consultation.created_at,
        markdown=f"{consultation.summary}\n\n{consultation.body}",
        published=consultation.created_at,
        author=_agency_name(consultation.agency),
    )


def versions(agency_id: int | None = None) -> list[Item]:
    """The newest published versions of drafts (of one agency's consultations), with their notes."""
    query = (
        select(DraftVersion, Consultation)
        .join(Consultation, Consultation.id == DraftVersion.consultation_id)
        .options(joinedload(Consultation.agency))
        .where(DraftVersion.published_at.is_not(None))
    )
    if agency_id is not None:
        query = query.where(Consultation.agency_id == agency_id)
    query = query.order_by(DraftVersion.published_at.desc(), DraftVersion.id.desc()).limit(LIMIT)
    return [_version_item(version, consultation) for version, consultation in db.session.execute(query)]


def _version_item(version: DraftVersion, consultation: Consultation) -> Item:
    link = external_url(
        "consultations.draft", lang_code=_lang(), consultation_id=consultation.id, version=version.number
    )
    return Item(
        id=link,
        title=_("Version %(number)s of the draft: %(title)s", number=version.number, title=consultation.title),
        link=link,
        updated=version.published_at,
        markdown=version.note,
        published=version.published_at,
        author=_agency_name(consultation.agency),
    )


def group_answers(agency_id: int | None = None, limit: int = LIMIT) -> list[Item]:
    """The newest answers to public groups: of a consultation's comments (of one agency's), or of petitions.

    As on a group's page (publicity.group): answers to a question, and groups with no published member
    (only rejected or waiting comments, say), are not public.
    """
    in_consultation = Cluster.scope == consultation_scope_sql(Consultation.id)
    query = (
        select(ClusterAnswer, Consultation)
        .join(Cluster, Cluster.id == ClusterAnswer.cluster_id)
        .outerjoin(Consultation, in_consultation)
        .options(joinedload(Consultation.agency))
        .where(has_published_member())
    )
    if agency_id is None:
        query = query.where(or_(Consultation.id.is_not(None), Cluster.scope == PETITIONS))
    else:
        query = query.where(Consultation.agency_id == agency_id)
    query = query.order_by(ClusterAnswer.published_at.desc(), ClusterAnswer.id.desc()).limit(limit)
    return [_answer_item(answer, consultation) for answer, consultation in db.session.execute(query)]


def _answer_item(answer: ClusterAnswer, consultation: Consultation | None) -> Item:
    page = external_url("feedback.group", lang_code=_lang(), cluster_id=answer.cluster_id)
    if consultation is None:
        title, author = _("Answer to a group of similar petitions"), ""
    else:
        title = _("Answer to a group of comments on %(title)s", title=consultation.title)
        author = _agency_name(consultation.agency)
    return Item(
        id=f"{page}#answer-{answer.id}",
        title=title,
        link=f"{page}#answer-heading",
        updated=answer.amended_at or answer.published_at,  # an amended answer is the same entry, changed
        markdown=answer.body,
        published=answer.published_at,
        author=author,
    )


def petition_responses(agency_id: int | None = None, limit: int = LIMIT) -> list[Item]:
    """The newest responses to published petitions (addressed to one agency)."""
    query = (
        select(PetitionResponse, Petition)
        .join(Petition, Petition.id == PetitionResponse.petition_id)
        .options(joinedload(PetitionResponse.agency))
        .where(Petition.state.in_(PUBLISHED_STATES))
    )
    if agency_id is not None:
        query = query.where(Petition.agency_id == agency_id)
    query = query.order_by(PetitionResponse.published_at.desc(), PetitionResponse.id.desc()).limit(limit)
    return [_response_item(response, petition) for response, petition in db.session.execute(query)]


def _response_item(response: PetitionResponse, petition: Petition) -> Item:
    page = external_url("petitions.show", lang_code=_lang(), petition_id=petition.id)
    return Item(
        id=f"{page}#response-{response.id}",
        title=_("Response to the petition: %(title)s", title=petition.title),
        link=f"{page}#response-heading",
        updated=response.published_at,
        markdown=response.body,
        published=response.published_at,
        author=_agency_name(response.agency),
    )
