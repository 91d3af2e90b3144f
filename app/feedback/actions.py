"""What officials do to groups: merge, split, move, pin, decide, answer, regroup.

Each handler loads, checks access, validates, calls a service, commits once and redirects; a
refused decision comes back as a message in the official's language and changes nothing.
"""

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import reviewers_only
from app.core.forms import ConfirmForm, as_id
from app.core.queue import LOW_QUEUE, get_queue
from app.core.urls import local_path
from app.extensions import db
from app.feedback import answers, reviews, scopes, shaping, workspace
from app.feedback.access import reviewable_cluster, reviewable_consultation
from app.feedback.blueprint import bp
from app.feedback.forms import AnswerForm, AnswerTranslationForm, MembersForm, StatusForm, chosen_ids
from app.feedback.pages import cluster_page
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS


def _back(cluster_id: int):
    return redirect(url_for(".cluster", cluster_id=cluster_id))


def _csrf_ok(form) -> bool:
    """Forms whose only field is the CSRF token: say so once if it is missing."""
    if form.validate_on_submit():
        return True
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return False


def _decidable(cluster: Cluster) -> Cluster:
    if not scopes.may_decide(current_user, cluster):
        abort(403)
    return cluster


def _apply(change, *args) -> bool:
    """Run a shaping service; a refusal is flashed and rolled back."""
    try:
        change(*args, actor=current_user)
    except shaping.ShapingError as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return False
    db.session.commit()
    return True


def _where_from():
    """Back to the page the form was on (only a page of this site)."""
    referrer = urlsplit(request.referrer or "")
    back = local_path(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
    return redirect(back if back and referrer.netloc == request.host else url_for(".petitions"))


@bp.route("/review/merge", methods=["POST"])
@reviewers_only
def merge():
    groups = [reviewable_cluster(cluster_id) for cluster_id in chosen_ids(request.form)]
    if not all(scopes.may_shape(current_user, group) for group in groups):
        abort(403)  # a group holding another agency's petitions is merged by neither agency
    target = shaping.merge_target(groups) if groups else None
    if not _csrf_ok(ConfirmForm()) or not _apply(shaping.merge, groups):
        return _where_from()
    flash(_("The groups were merged."), "success")
    return _back(target.id)


@bp.route("/review/clusters/<int:cluster_id>/members", methods=["POST"])
@reviewers_only
def members(cluster_id):
    """What to do with members: one member's button (pin, confirm, set apart, move to a group offered for
    it), or the ticked ones split off or moved to the group picked (offered by meaning, or typed)."""
    group, form = reviewable_cluster(cluster_id), MembersForm()
    if not form.validate_on_submit():
        return cluster_page(group, members_form=form), 200
    for name, handler in (("pin", _pin), ("confirm", _confirm), ("apart", _set_apart)):
        if name in request.form:
            return handler(group, _member(group, as_id(request.form[name])))
    if "move_to" in request.form:
        member, _dash, target = request.form["move_to"].partition("-")
        return _move(group, [_member(group, as_id(member)).id], _target(target))
    if not _all_touchable(chosen_ids(request.form)):
        flash(_("You can only move or set apart the petitions addressed to your agency."), "error")
        return _back(group.id)
    if request.form.get("action") == "split":
        if _apply(shaping.split, group, chosen_ids(request.form)):
            flash(_("The chosen submissions now form a group of their own."), "success")
        return _back(group.id)
    target = _target(request.form.get("to") or str(form.target.data or ""))
    if target is None:
        form.target.errors.append(_("There is no group with this number that you review."))
        return cluster_page(group, members_form=form), 200
    return _move(group, chosen_ids(request.form), target)


def _target(number: str) -> Cluster | None:
    """The group with this number, if every member of it is the official's agency's."""
    cluster_id = as_id(number)
    target = db.session.get(Cluster, cluster_id) if cluster_id else None
    return target if target is not None and scopes.may_shape(current_user, target) else None


def _all_touchable(submission_ids: list[int]) -> bool:
    chosen = list(db.session.scalars(select(Submission).where(Submission.id.in_(submission_ids))))
    return len(scopes.touchable(current_user, chosen)) == len(chosen)


def _move(group: Cluster, member_ids: list[int], target: Cluster | None):
    if target is None:
        abort(404)
    if _apply(shaping.move, member_ids, group, target):
        flash(_("Moved to group %(number)s.", number=target.id), "success")
        if db.session.get(Cluster, group.id) is None:
            return _back(target.id)  # the group was emptied, and is gone
    return _back(group.id)


def _member(group: Cluster, submission_id: int | None) -> Submission:
    submission = db.session.get(Submission, submission_id) if submission_id else None
    if submission is None or submission.cluster_id != group.id:
        abort(404)
    if submission.id not in scopes.touchable(current_user, [submission]):
        abort(403)
    return submission


def _confirm(group: Cluster, submission: Submission):
    if _apply(shaping.confirm, submission):
        flash(_("Confirmed: its author is told the group's answer."), "success")
    return _back(group.id)


def _set_apart(group: Cluster, submission: Submission):
    if _apply(shaping.split, group, [submission.id]):
        flash(_("Set apart: it now forms a group of its own."), "success")
    return _back(group.id)


def _pin(group: Cluster, submission: Submission):
    if _apply(shaping.pin, submission, not submission.pinned):
        flash(_("Pinned: automation will not move it.") if submission.pinned else _("Unpinned."), "success")
    return _back(group.id)


@bp.route("/review/clusters/<int:cluster_id>/status", methods=["POST"])
@reviewers_only
def status(cluster_id):
    group, form = _decidable(reviewable_cluster(cluster_id)), StatusForm()
    if form.validate_on_submit():
        try:
            reviews.set_status(group, form.chosen, form.reason.data, form.due_on.data, actor=current_user)
        except reviews.ReviewError as refusal:
            db.session.rollback()
            form.reason.errors.append(str(refusal))
        else:
            db.session.commit()
            flash(_("The status was saved."), "success")
            return _back(group.id)
    return cluster_page(group, status_form=form), 200


@bp.route("/review/clusters/<int:cluster_id>/answer", methods=["POST"])
@reviewers_only
def answer(cluster_id):
    group, form = _decidable(reviewable_cluster(cluster_id)), AnswerForm()
    if form.validate_on_submit():
        try:
            answers.publish(group, form.body.data, actor=current_user)
        except answers.AnswerError as refusal:
            db.session.rollback()
            form.body.errors.append(str(refusal))
            return cluster_page(group, answer_form=form), 200
        db.session.commit()
        waiting = workspace.to_confirm(group)
        told = ngettext(
            "The answer is published; everyone in the group is being told except %(num)s member still to confirm.",
            "The answer is published; everyone in the group is being told except %(num)s members still to confirm.",
            waiting,
        )
        flash(told if waiting else _("The answer is published; everyone in the group is being told."), "success")
        return _back(group.id)
    return cluster_page(group, answer_form=form), 200


def _regroup(scope: str, back: str, **values):
    if not _csrf_ok(ConfirmForm()):
        return redirect(url_for(back, **values))
    job = get_queue(LOW_QUEUE).enqueue("workers.semantic.refine_scope", scope)
    return redirect(url_for(back, job=job.id, **values))


@bp.route("/review/consultations/<int:consultation_id>/regroup", methods=["POST"])
@reviewers_only
def regroup(consultation_id):
    consultation = reviewable_consultation(consultation_id)
    return _regroup(consultation.scope, ".workspace", consultation_id=consultation.id)


@bp.route("/review/petitions/regroup", methods=["POST"])
@reviewers_only
def regroup_petitions():
    return _regroup(PETITIONS, ".petitions")


@bp.route("/review/clusters/<int:cluster_id>/answer/translations", methods=["GET", "POST"])
@reviewers_only
def translate_answer(cluster_id):
    """The group's answer in other languages, one at a time: readers of a language see it there."""
    group = _decidable(reviewable_cluster(cluster_id))
    answer = answers.answer_of(group.id)
    if answer is None:
        abort(404)
    form = AnswerTranslationForm().fill_choices()
    if form.validate_on_submit():
        answers.translate(answer, form.language.data, form.body.data, actor=current_user)
        db.session.commit()
        flash(_("The answer in this language is saved."), "success")
        return redirect(url_for(".translate_answer", cluster_id=group.id))
    page = render_template("feedback/answer_translation.html", group=group, answer=answer, form=form)
    return page, 400 if form.errors else 200
