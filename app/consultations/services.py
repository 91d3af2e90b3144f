"""A consultation's life: created, announced, open for comments, closed, reported; its draft versions.

Phases move on by themselves at the dates the official set (a periodic job); each step is in the
consultation's timeline and the audit log, and followers are told in their inbox. The caller commits.
"""

from flask import current_app
from sqlalchemy import select, update

from app.accounts.access import is_agency_staff
from app.accounts.models import Role
from app.audit import services as audit
from app.consultations import parsing, versions
from app.consultations.models import (
    Consultation,
    ConsultationEvent,
    DraftVersion,
    Phase,
    Provision,
    Question,
)
from app.core.db import utcnow
from app.extensions import db
from app.following import services as following
from app.following.models import Kind
from app.semantic.langid import detect_language


class ConsultationError(Exception):
    """A step that cannot be taken now."""


def may_manage(user, consultation: Consultation | None = None, agency_id: int | None = None) -> bool:
    """Officials of the consultation's agency (and admins) run it."""
    agency_id = consultation.agency_id if consultation is not None else agency_id
    return is_agency_staff(user, agency_id, Role.OFFICIAL)


def may_review(user, consultation: Consultation) -> bool:
    """Officials and moderators of the consultation's agency (and admins) review and moderate its comments."""
    return is_agency_staff(user, consultation.agency_id, Role.OFFICIAL, Role.MODERATOR)


def _event(consultation: Consultation, kind: str, actor=None, **details) -> None:
    db.session.add(ConsultationEvent(consultation_id=consultation.id, kind=kind, details=details))
    audit.record(f"consultation.{kind}", consultation, actor=actor, **details)


def _phase_for(consultation: Consultation, now) -> Phase:
    if consultation.report_published_at is not None:
        return Phase.REPORTED
    if now >= consultation.closes_at:
        return Phase.CLOSED
    return Phase.OPEN if now >= consultation.opens_at else Phase.ANNOUNCED


def save(official, fields: dict, consultation: Consultation | None = None) -> Consultation:
    """Create a consultation, or change one; its phase follows from its dates."""
    creating = consultation is None
    if creating:
        consultation = Consultation(author_id=official.id)
        db.session.add(consultation)
    for name in ("title", "summary", "body", "agency_id", "region_code", "opens_at", "closes_at", "premoderation"):
        setattr(consultation, name, fields[name])
    consultation.phase = _phase_for(consultation, utcnow())
    db.session.flush()
    _event(consultation, "created" if creating else "edited", official)
    if creating:
        following.tell(Kind.CONSULTATION, consultation.id, "new", agency_id=consultation.agency_id)
    return consultation


def advance_phases(now=None) -> int:
    """Open and close consultations whose dates have come (periodic); returns how many moved."""
    now = now or utcnow()
    moved = 0
    due = select(Consultation).where(
        ((Consultation.phase == Phase.ANNOUNCED) & (Consultation.opens_at <= now))
        | ((Consultation.phase == Phase.OPEN) & (Consultation.closes_at <= now))
    )
    for consultation in db.session.scalars(due).all():
        target, source = _phase_for(consultation, now), consultation.phase
        changed = db.session.execute(
            update(Consultation)
            .where(Consultation.id == consultation.id, Consultation.phase == source)
            .values(phase=target)
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed:
            db.session.refresh(consultation)
            _event(consultation, str(target))
            following.tell(Kind.CONSULTATION, consultation.id, "phase", phase=str(target))
            moved += 1
    return moved


def publish_report(consultation: Consultation, official, report: str) -> None:
    """Publish the official's summary once comments are closed."""
    if consultation.phase not in (Phase.CLOSED, Phase.REPORTED):
        raise ConsultationError("not closed")
    consultation.report, consultation.report_published_at = report, utcnow()
    consultation.phase = Phase.REPORTED
    _event(consultation, "reported", official)
    following.tell(Kind.CONSULTATION, consultation.id, "report")


# -- draft versions -------------------------------------------------------------------------------


def published_versions(consultation: Consultation) -> list[DraftVersion]:
    return [v for v in consultation.versions if v.published_at is not None]


def current_version(consultation: Consultation) -> DraftVersion | None:
    published = published_versions(consultation)
    return published[-1] if published else None


def import_draft(
    consultation: Consultation, official, text: str, source_name: str = "", language: str = ""
) -> DraftVersion:
    """Split a draft into provisions as an unpublished version for the official to check.

    Raises parsing.DraftError when the text cannot be read. An earlier unpublished preview is replaced. The
    language of the text is the one given, else the one detected (if it is a locale of the app).
    """
    parsed = parsing.flatten(parsing.parse_draft(text))
    language = language or detect_language(text)
    for preview in [v for v in consultation.versions if v.published_at is None]:
        db.session.delete(preview)
    db.session.flush()
    number = max((v.number for v in published_versions(consultation)), default=0) + 1
    version = DraftVersion(
        consultation=consultation,
        number=number,
        source_name=source_name,
        author_id=official.id,
        language=language if language in current_app.config["LOCALES"] else "",
    )
    db.session.add(version)
    db.session.flush()
    parents: dict[int, Provision] = {}
    for position, (key, depth, item) in enumerate(parsed):
        provision = Provision(
            version_id=version.id,
            key=key[:300],
            kind=item.kind,
            number=item.number[:32],
            heading=item.heading[:500],
            text=item.text,
            position=position,
            depth=depth,
            parent_id=parents[depth - 1].id if depth and depth - 1 in parents else None,
        )
        db.session.add(provision)
        db.session.flush()
        parents[depth] = provision
    db.session.refresh(version)
    audit.record("consultation.draft_imported", consultation, official, version=version.number, source=source_name)
    return version


def _as_text(provision: Provision) -> versions.ProvisionText:
    return versions.ProvisionText(provision.key, provision.number, provision.kind, provision.heading, provision.text)


def publish_version(version: DraftVersion, official, note: str) -> None:
    """Publish a checked version: each provision is matched to the previous version (same, changed,
    moved, new), so that comments stay with the provision and version they were written on."""
    if version.published_at is not None:
        raise ConsultationError("published")
    consultation = version.consultation
    previous = current_version(consultation)
    old = previous.provisions if previous else []
    for match in versions.match_versions([_as_text(p) for p in old], [_as_text(p) for p in version.provisions]):
        if match.new is None:
            continue
        provision = version.provisions[match.new]
        provision.change = str(match.change)
        if match.old is not None:
            provision.previous_id = old[match.old].id
            provision.lineage_id = old[match.old].lineage_id
    for provision in version.provisions:
        provision.lineage_id = provision.lineage_id or provision.id
    version.note, version.published_at = note, utcnow()
    _event(consultation, "version", official, number=version.number)
    if previous is not None:
        following.tell(Kind.CONSULTATION, consultation.id, "version", agency_id=consultation.agency_id)


def subtree(provision: Provision) -> list[Provision]:
    """A provision and everything under it (an article and its parts and items), in order."""
    siblings = db.session.scalars(
        select(Provision)
        .where(Provision.version_id == provision.version_id, Provision.position >= provision.position)
        .order_by(Provision.position)
    )
    result = []
    for item in siblings:
        if result and item.depth <= provision.depth:
            break
        result.append(item)
    return result


def full_text(provision: Provision, items: list | None = None) -> str:
    """The text of a provision with its parts and items, numbered as the law prints them (`items`: its subtree in
    another language, see translations.in_language)."""
    lines = []
    for item in subtree(provision) if items is None else items:
        own = item.id == provision.id
        label = "" if own or not item.number else f"{item.number}{')' if item.kind == 'item' else '.'} "
        if item.text or label:
            lines.append(f"{label}{item.text}".strip())
    return "\n".join(lines)


def history(provision: Provision) -> list[Provision]:
    """The same provision in every published version, oldest first."""
    query = (
        select(Provision)
        .join(DraftVersion, DraftVersion.id == Provision.version_id)
        .where(Provision.lineage_id == provision.lineage_id, DraftVersion.published_at.is_not(None))
        .order_by(DraftVersion.number)
    )
    return list(db.session.scalars(query))


# -- the questionnaire ----------------------------------------------------------------------------


def questions(consultation: Consultation) -> list[Question]:
    query = select(Question).where(Question.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(Question.position, Question.id)))


def add_question(consultation: Consultation, official, text: str) -> Question:
    position = max((q.position for q in questions(consultation)), default=0) + 1
    question = Question(consultation_id=consultation.id, position=position, text=text)
    db.session.add(question)
    db.session.flush()
    audit.record("consultation.question_added", consultation, official, question=question.id)
    return question


def timeline(consultation: Consultation) -> list[ConsultationEvent]:
    query = select(ConsultationEvent).where(ConsultationEvent.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(ConsultationEvent.id)))
