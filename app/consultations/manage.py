"""Officials' consultation pages: create, import the draft, publish versions, moderate, report.

Every route checks the role first, then that the official belongs to the consultation's agency.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import reviewers_only, role_required
from app.accounts.models import Role
from app.consultations import attachments, comments, documents, parsing, reports, services, translations
from app.consultations.blueprint import bp
from app.consultations.forms import (
    ConsultationForm,
    ConsultationTextForm,
    DocumentForm,
    DraftForm,
    PublishVersionForm,
    QuestionForm,
    ReportForm,
    TranslationForm,
)
from app.consultations.labels import CHANGES, DOCUMENT_ERRORS, DRAFT_ERRORS, REPORT_REASONS, translation_error
from app.consultations.models import Comment, Consultation, Document, DraftVersion, Phase
from app.consultations.pages import changes_between
from app.core.forms import ConfirmForm
from app.extensions import db

staff_only = role_required(Role.OFFICIAL)


def _managed(consultation_id: int) -> Consultation:
    consultation = db.get_or_404(Consultation, consultation_id)
    if not services.may_manage(current_user, consultation):
        abort(403)
    return consultation


def _own_agency():
    return None if current_user.role == Role.ADMIN else current_user.agency_id


@bp.route("/consultations/new", methods=["GET", "POST"])
@staff_only
def new():
    form = ConsultationForm(agency_id=current_user.agency_id).fill_choices(_own_agency())
    if form.validate_on_submit():
        consultation = services.save(current_user, form.fields())
        db.session.commit()
        return redirect(url_for(".import_draft", consultation_id=consultation.id))
    return render_template("consultations/form.html", form=form, consultation=None)


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@staff_only
def edit(consultation_id):
    consultation = _managed(consultation_id)
    form = ConsultationForm(obj=consultation).fill_choices(_own_agency())
    if not form.is_submitted():
        form.opens_on.data, form.closes_on.data = consultation.opens_at.date(), consultation.closes_at.date()
    if form.validate_on_submit():
        services.save(current_user, form.fields(), consultation)
        db.session.commit()
        return redirect(url_for(".show", consultation_id=consultation.id))
    return render_template("consultations/form.html", form=form, consultation=consultation)


@bp.route("/consultations/<int:consultation_id>/draft/import", methods=["GET", "POST"])
@staff_only
def import_draft(consultation_id):
    consultation = _managed(consultation_id)
    form = DraftForm()
    if form.validate_on_submit():
        upload = form.document.data
        try:
            text = documents.draft_text(upload.filename, upload.read()) if upload else form.text.data
            services.import_draft(consultation, current_user, text, upload.filename if upload else "")
        except parsing.DraftError as error:
            field = form.document if upload else form.text
            field.errors = [*field.errors, str(DRAFT_ERRORS.get(error.code, DRAFT_ERRORS["malformed"]))]
        else:
            db.session.commit()
            return redirect(url_for(".preview", consultation_id=consultation.id))
    status = 400 if form.errors else 200
    return render_template("consultations/import.html", form=form, consultation=consultation), status


def _preview_version(consultation: Consultation):
    return next((v for v in consultation.versions if v.published_at is None), None)


@bp.route("/consultations/<int:consultation_id>/draft/preview", methods=["GET", "POST"])
@staff_only
def preview(consultation_id):
    consultation = _managed(consultation_id)
    version = _preview_version(consultation)
    if version is None:
        return redirect(url_for(".import_draft", consultation_id=consultation.id))
    form = PublishVersionForm()
    if form.validate_on_submit():
        services.publish_version(version, current_user, form.note.data or "")
        db.session.commit()
        flash(_("Version %(number)s of the draft is published.", number=version.number), "success")
        return redirect(url_for(".draft", consultation_id=consultation.id))
    current = services.current_version(consultation)
    changes = changes_between(current, version) if current else None
    return render_template(
        "consultations/preview.html",
        consultation=consultation,
        version=version,
        form=form,
        changes=changes,
        change_labels=CHANGES,
    )


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>/translation", methods=["GET", "POST"])
@staff_only
def translate_draft(consultation_id, number):
    """Import a version's text in a second language, matched provision by provision (re-importing replaces it)."""
    consultation = _managed(consultation_id)
    version = next((v for v in consultation.versions if v.number == number), None)
    if version is None:
        abort(404)
    form = TranslationForm().fill_choices(version.language)
    if form.validate_on_submit():
        upload = form.document.data
        field = form.document if upload else form.text
        try:
            text = documents.draft_text(upload.filename, upload.read()) if upload else form.text.data
            source = upload.filename if upload else ""
            translations.import_translation(version, current_user, form.language.data, text, source)
        except parsing.DraftError as error:
            field.errors = [*field.errors, str(DRAFT_ERRORS.get(error.code, DRAFT_ERRORS["malformed"]))]
        except translations.TranslationError as error:
            field.errors = [*field.errors, translation_error(error)]
        else:
            db.session.commit()
            flash(_("The text in this language is matched to the provisions of the version."), "success")
            return redirect(_after_translation(consultation, version, form.language.data))
    status = 400 if form.errors else 200
    page = render_template("consultations/translation.html", form=form, consultation=consultation, version=version)
    return page, status


def _after_translation(consultation: Consultation, version: DraftVersion, language: str) -> str:
    """The version in its new language: the public draft when published, else the official's preview."""
    if version.published_at is None:
        return url_for(".preview", consultation_id=consultation.id)
    return url_for(".draft", consultation_id=consultation.id, version=version.number, text=language)


@bp.route("/consultations/<int:consultation_id>/translations", methods=["GET", "POST"])
@staff_only
def translate_details(consultation_id):
    """The title and summary in other languages, one language at a time (both empty: that language is removed)."""
    consultation = _managed(consultation_id)
    form = ConsultationTextForm().fill_choices()
    if form.validate_on_submit():
        translations.set_details(consultation, current_user, form.language.data, form.title.data, form.summary.data)
        db.session.commit()
        flash(_("The title and summary in this language are saved."), "success")
        return redirect(url_for(".translate_details", consultation_id=consultation.id))
    status = 400 if form.errors else 200
    page = render_template("consultations/details_translation.html", form=form, consultation=consultation)
    return page, status


@bp.route("/consultations/<int:consultation_id>/report/edit", methods=["GET", "POST"])
@staff_only
def write_report(consultation_id):
    consultation = _managed(consultation_id)
    if consultation.phase not in (Phase.CLOSED, Phase.REPORTED):
        flash(_("The report can be published once comments are closed."), "error")
        return redirect(url_for(".show", consultation_id=consultation.id))
    form = ReportForm(report=consultation.report)
    if form.validate_on_submit():
        services.publish_report(consultation, current_user, form.report.data)
        db.session.commit()
        return redirect(url_for(".report", consultation_id=consultation.id))
    return render_template("consultations/write_report.html", consultation=consultation, form=form)


@bp.route("/consultations/moderation")
@reviewers_only
def moderation():
    """Reported comments (with their reasons, in context) and comments waiting to be shown, of one's agency."""
    query = select(Consultation.id)
    if current_user.role != Role.ADMIN:
        query = query.where(Consultation.agency_id == current_user.agency_id)
    ids = list(db.session.scalars(query))
    reported, waiting = reports.queue(ids), comments.waiting(ids)
    shown = {row.comment.consultation_id for row in reported} | {comment.consultation_id for comment in waiting}
    return render_template(
        "consultations/moderation.html",
        reported=reported,
        waiting=waiting,
        consultations={c.id: c for c in db.session.scalars(select(Consultation).where(Consultation.id.in_(shown)))},
        reasons=REPORT_REASONS,
        button=ConfirmForm(),
    )


def _reviewed(comment_id: int) -> Comment:
    """A comment of a consultation the signed-in official or moderator may moderate, else 403."""
    comment = db.get_or_404(Comment, comment_id)
    if not services.may_review(current_user, db.session.get(Consultation, comment.consultation_id)):
        abort(403)
    return comment


@bp.route("/consultations/comments/<int:comment_id>/moderate", methods=["POST"])
@reviewers_only
def moderate(comment_id):
    comment = _reviewed(comment_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        comments.moderate(comment, current_user, publish=request.form.get("decision") == "publish")
        db.session.commit()
    return redirect(url_for(".moderation"))


@bp.route("/consultations/comments/<int:comment_id>/reports/resolve", methods=["POST"])
@reviewers_only
def resolve_reports(comment_id):
    comment = _reviewed(comment_id)
    decision = request.form.get("decision")
    if ConfirmForm().validate_on_submit() and decision in ("keep", "remove"):
        try:
            reports.resolve(comment, current_user, keep=decision == "keep")
        except reports.ReportError:
            db.session.rollback()
            flash(_("Another moderator has already decided on this comment."), "error")
        else:
            db.session.commit()
            kept = _("The comment stays published. Its author is told.")
            flash(kept if decision == "keep" else _("The comment is removed. Its author is told."), "success")
    return redirect(url_for(".moderation"))


@bp.route("/consultations/<int:consultation_id>/documents", methods=["GET", "POST"])
@staff_only
def documents_page(consultation_id):
    consultation = _managed(consultation_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.document.data
        try:
            attachments.attach(consultation, upload.filename, upload.read())
        except attachments.DocumentError as error:
            form.document.errors = [*form.document.errors, str(DOCUMENT_ERRORS[error.code])]
        else:
            db.session.commit()
            flash(_("The document is attached."), "success")
            return redirect(url_for(".documents_page", consultation_id=consultation.id))
    attached = db.session.scalars(select(Document).where(Document.consultation_id == consultation.id)).all()
    status = 400 if form.errors else 200
    page = render_template(
        "consultations/documents.html", consultation=consultation, form=form, attached=attached, button=ConfirmForm()
    )
    return page, status


@bp.route("/consultations/<int:consultation_id>/documents/<int:document_id>/delete", methods=["POST"])
@staff_only
def delete_document(consultation_id, document_id):
    consultation = _managed(consultation_id)
    document = db.get_or_404(Document, document_id)
    if document.consultation_id == consultation.id and ConfirmForm().validate_on_submit():
        attachments.remove(document)
        db.session.commit()
    return redirect(url_for(".documents_page", consultation_id=consultation.id))


@bp.route("/consultations/<int:consultation_id>/questions", methods=["GET", "POST"])
@staff_only
def questions_page(consultation_id):
    consultation = _managed(consultation_id)
    form = QuestionForm()
    if form.validate_on_submit():
        services.add_question(consultation, current_user, form.text.data)
        db.session.commit()
        return redirect(url_for(".questions_page", consultation_id=consultation.id))
    listed = services.questions(consultation)
    status = 400 if form.errors else 200
    return render_template("consultations/questions.html", consultation=consultation, form=form, listed=listed), status
