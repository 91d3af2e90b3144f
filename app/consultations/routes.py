"""Public consultation pages and citizens' comments: load -> authorize -> validate -> service -> commit."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from sqlalchemy import select

from app.consultations import attachments, comments, reports, translations
from app.consultations.blueprint import bp
from app.consultations.forms import AnswerForm, CommentForm, DraftCommentForm, ReplyForm, ReportCommentForm
from app.consultations.labels import REPORT_REASONS
from app.consultations.models import (
    Comment,
    Consultation,
    Document,
    DraftVersion,
    Phase,
    Provision,
    Question,
    ReportReason,
)
from app.consultations.pages import consultation_context, draft_context, provision_context, report_context
from app.consultations.services import full_text
from app.core.forms import ConfirmForm, positive_int
from app.core.urls import local_path
from app.extensions import db, limiter


def _reporter_key() -> str:
    return f"account:{current_user.id}" if current_user.is_authenticated else get_remote_address()


bp.add_app_template_filter(translations.shown_title, "shown_title")  # in the reader's language when given
bp.add_app_template_filter(translations.shown_summary, "shown_summary")

limit_reporting = limiter.limit(
    lambda: current_app.config["OVOZ_RATELIMIT_REPORT"], methods=["POST"], key_func=_reporter_key, scope="report"
)


@bp.context_processor
def _report_reasons() -> dict:
    """The reasons a comment can be reported for, on every page of consultations."""
    return {"report_reasons": REPORT_REASONS}


def _consultation(consultation_id: int) -> Consultation:
    return db.get_or_404(Consultation, consultation_id)


def _provision(consultation: Consultation, provision_id: int) -> Provision:
    provision = db.get_or_404(Provision, provision_id)
    version = db.session.get(DraftVersion, provision.version_id)
    if version.consultation_id != consultation.id or version.published_at is None:
        abort(404)
    return provision


@bp.route("/consultations")
def index():
    query = select(Consultation).order_by(Consultation.closes_at.desc())
    found = db.session.scalars(query).all()
    groups = {phase: [c for c in found if c.phase == phase] for phase in Phase}
    return render_template("consultations/index.html", groups=groups)


@bp.route("/consultations/<int:consultation_id>")
def show(consultation_id):
    consultation = _consultation(consultation_id)
    return render_template("consultations/show.html", **consultation_context(consultation))


@bp.route("/consultations/<int:consultation_id>/draft")
def draft(consultation_id):
    consultation = _consultation(consultation_id)
    number, earlier = (
        request.args.get("version", type=positive_int),
        request.args.get("changes_from", type=positive_int),
    )
    context = draft_context(consultation, number, earlier)
    if context is None:
        abort(404)
    return render_template("consultations/draft.html", **context)


def _reading() -> dict:
    """How a provision's comments are read, from the query string (anything else: the defaults): in which order,
    which page, or the page that shows a given comment."""
    sort = request.args.get("sort", "")
    return {
        "sort": sort if sort in comments.SORTS else comments.SORTS[0],
        "page": request.args.get("page", 1, type=positive_int),
        "showing": request.args.get("comment", type=positive_int),
    }


@bp.route("/consultations/<int:consultation_id>/provisions/<int:provision_id>")
def provision(consultation_id, provision_id):
    consultation = _consultation(consultation_id)
    item = _provision(consultation, provision_id)
    form = CommentForm(amendment=full_text(item))  # an amendment starts from the current text
    context = provision_context(consultation, item, form, **_reading())
    return render_template("consultations/provision.html", **context)


@bp.route("/consultations/<int:consultation_id>/provisions/<int:provision_id>/comments", methods=["POST"])
@login_required
def comment(consultation_id, provision_id):
    consultation = _consultation(consultation_id)
    item = _provision(consultation, provision_id)
    form = CommentForm()
    if form.validate_on_submit():
        data = form.data
        saved = _save(consultation, data["body"], provision=item, quote=data["quote"], amendment=data["amendment"])
        if saved is not None:  # back to the text in the language it was read in: the provision is the same
            return redirect(_back_to(saved, text=_text_choice()))
    return render_template("consultations/provision.html", **provision_context(consultation, item, form)), 400


def _text_choice() -> str | None:
    """The language the reader chose to read the draft in (`?text=`), kept in links; checked where it is shown."""
    choice = request.args.get("text", "")
    return choice if choice.isalpha() and len(choice) <= 8 else None


@bp.route("/consultations/<int:consultation_id>/comments", methods=["POST"])
@login_required
def draft_comment(consultation_id):
    consultation = _consultation(consultation_id)
    form = DraftCommentForm()
    if form.validate_on_submit() and (saved := _save(consultation, form.body.data)) is not None:
        return redirect(url_for(".show", consultation_id=consultation.id) + f"#comment-{saved.id}")
    return render_template("consultations/show.html", **consultation_context(consultation, form)), 400


def _save(consultation: Consultation, body: str, **where) -> Comment | None:
    """Save a comment (a reply, an answer) of the signed-in person and say how it went; None if refused."""
    try:
        comment = comments.add(consultation, current_user, body, **where)
    except comments.CommentError as error:
        flash(str(error), "error")
        return None
    db.session.commit()
    if consultation.premoderation:
        flash(_("Thank you. Your comment will be shown once a moderator has checked it."), "success")
    else:
        flash(_("Thank you, your comment is published."), "success")
    return comment


def _comment(comment_id: int) -> tuple[Comment, Consultation]:
    comment = db.get_or_404(Comment, comment_id)
    return comment, db.session.get(Consultation, comment.consultation_id)


def _back_to(comment: Comment, text: str | None = None) -> str:
    """The page that shows the comment (of its provision's comments, the one that holds it), at the comment, with
    the draft's text in the language `text` if the reader chose one."""
    if comment.provision_id is None:
        return url_for(".show", consultation_id=comment.consultation_id)
    return url_for(
        ".provision",
        consultation_id=comment.consultation_id,
        provision_id=comment.provision_id,
        comment=comment.id,
        text=text,
        _anchor=f"comment-{comment.id}",
    )


@bp.route("/consultations/comments/<int:comment_id>/reply", methods=["POST"])
@login_required
def reply(comment_id):
    parent, consultation = _comment(comment_id)
    form = ReplyForm()
    if form.validate_on_submit():
        saved = _save(consultation, form.reply.data, parent=parent)
        shown = saved is not None and not consultation.premoderation  # else back to the comment it answers
        return redirect(_back_to(saved if shown else parent))
    if parent.provision is None:
        return render_template("consultations/show.html", **consultation_context(consultation)), 400
    context = provision_context(
        consultation, parent.provision, CommentForm(formdata=None), form, parent.id, showing=parent.id
    )
    return render_template("consultations/provision.html", **context), 400


VOTES = {"agree": 1, "disagree": -1, "withdraw": 0}  # the buttons of a comment, and what each says


@bp.route("/consultations/comments/<int:comment_id>/vote", methods=["POST"])
@login_required
def vote(comment_id):
    comment, _consultation_of = _comment(comment_id)
    value = VOTES.get(request.form.get("value"))
    if ConfirmForm().validate_on_submit() and value is not None:
        try:
            changed = comments.vote(comment, current_user, value)
        except comments.CommentError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            if not changed:
                flash(_("You have already given your opinion on this comment."), "success")
            else:
                flash(
                    _("Your opinion is withdrawn.") if value == 0 else _("Thank you, your opinion is counted."),
                    "success",
                )
    page = local_path(request.form.get("next"))  # back to the page voted on (a later version's shows it too)
    return redirect(f"{page}#comment-{comment.id}" if page else _back_to(comment))


@bp.route("/consultations/comments/<int:comment_id>/report", methods=["POST"])
@login_required
@limit_reporting
def report_comment(comment_id):
    comment, consultation = _comment(comment_id)
    form = ReportCommentForm().fill_choices()
    if form.validate_on_submit():
        reports.report(comment, current_user, ReportReason(form.reason.data))
        db.session.commit()
        flash(_("Thank you. Moderators will look at this comment."), "success")
        return redirect(_back_to(comment))
    if comment.provision is None:  # no page shows a report form for it: say so where it is
        flash(_("Choose why you are reporting this comment."), "error")
        return redirect(_back_to(comment))
    context = provision_context(consultation, comment.provision, CommentForm(formdata=None), showing=comment.id)
    page = render_template("consultations/provision.html", **context, report_to=comment.id, refused_report=form)
    return page, 400


@bp.route("/consultations/<int:consultation_id>/report")
def report(consultation_id):
    consultation = _consultation(consultation_id)
    return render_template("consultations/report.html", **report_context(consultation))


@bp.route("/consultations/<int:consultation_id>/documents/<int:document_id>")
def document(consultation_id, document_id):
    """A document, always downloaded (never shown inline from this origin)."""
    item = db.get_or_404(Document, document_id)
    if item.consultation_id != consultation_id:
        abort(404)
    return send_file(
        attachments.path_of(item), mimetype=item.media_type, as_attachment=True, download_name=item.filename
    )


@bp.route("/consultations/<int:consultation_id>/questions/<int:question_id>/answers", methods=["POST"])
@login_required
def answer(consultation_id, question_id):
    consultation = _consultation(consultation_id)
    question = db.get_or_404(Question, question_id)
    if question.consultation_id != consultation.id:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        _save(consultation, form.answer.data, question=question)
        return redirect(url_for(".show", consultation_id=consultation.id) + f"#question-{question.id}")
    context = consultation_context(consultation, answer_form=form, answering=question.id)
    return render_template("consultations/show.html", **context), 400
