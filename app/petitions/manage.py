"""Moderators' and officials' petition pages. Every route checks the role before anything else."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from app.accounts.access import role_required
from app.accounts.models import Role
from app.core.forms import ConfirmForm
from app.extensions import db
from app.petitions import search, services, signing
from app.petitions.blueprint import bp
from app.petitions.forms import (
    HideForm,
    InvalidateForm,
    OutcomeForm,
    PublishForm,
    RejectForm,
    ResponseForm,
    SendOnForm,
)
from app.petitions.labels import REJECTIONS, STATES
from app.petitions.models import PUBLISHED_STATES, Petition, Rejection, State

moderator_only = role_required(Role.MODERATOR)
official_only = role_required(Role.OFFICIAL)
agency_staff_only = role_required(Role.OFFICIAL, Role.MODERATOR)


def _petition(petition_id: int) -> Petition:
    return db.get_or_404(Petition, petition_id)


def _moderated_here(petition_id: int) -> Petition:
    """A petition the signed-in moderator may moderate (its agency's, or addressed to none), else 403."""
    petition = _petition(petition_id)
    if not services.may_moderate(current_user, petition):
        abort(403)
    return petition


def _own_agencies():
    """The agencies a moderator may address a petition to: their own (None for an admin: any)."""
    return None if current_user.role == Role.ADMIN else {current_user.agency_id}


@bp.route("/petitions/moderation")
@moderator_only
def moderation_queue():
    query = select(Petition).where(Petition.state == State.MODERATION)
    if current_user.role != Role.ADMIN:  # their agency's petitions, and those addressed to no agency
        query = query.where(or_(Petition.agency_id == current_user.agency_id, Petition.agency_id.is_(None)))
    waiting = db.session.scalars(query.order_by(Petition.submitted_at)).all()
    return render_template("petitions/moderation.html", waiting=waiting)


def _similar(petition: Petition) -> list[Petition]:
    """While a petition can still be rejected: the published ones its author was shown as similar."""
    if petition.state not in (State.MODERATION, State.SPONSORING):
        return []
    return search.similar_to_draft(petition.title, petition.request, exclude=petition.id)


def _moderation_page(petition, publish=None, reject=None, hide=None, status=200):
    publish = publish or PublishForm(agency_id=petition.agency_id).fill_choices(_own_agencies())
    return (
        render_template(
            "petitions/moderate.html",
            petition=petition,
            similar=_similar(petition),
            duplicate=Rejection.DUPLICATE.value,
            button=ConfirmForm(),
            publish_form=publish,
            reject_form=reject or RejectForm().fill_choices(),
            hide_form=hide or HideForm(),
            states=STATES,
            rejections=REJECTIONS,
        ),
        status,
    )


@bp.route("/petitions/<int:petition_id>/moderate")
@moderator_only
def moderate(petition_id):
    return _moderation_page(_moderated_here(petition_id))


def _moderated(petition_id, step, form, *args):
    petition = _moderated_here(petition_id)
    if not form.validate_on_submit():
        return None, petition
    try:
        step(petition, current_user, *args)
    except services.PetitionError:
        db.session.rollback()
        flash(_("Another moderator has already decided on this petition."), "error")
        return redirect(url_for("petitions.moderate", petition_id=petition_id)), petition
    db.session.commit()
    return redirect(url_for("petitions.show", petition_id=petition_id)), petition


@bp.route("/petitions/<int:petition_id>/publish", methods=["POST"])
@moderator_only
def publish(petition_id):
    form = PublishForm().fill_choices(_own_agencies())
    done, petition = _moderated(petition_id, services.publish, form, form.agency_id.data)
    return done or _moderation_page(petition, publish=form, status=400)


@bp.route("/petitions/<int:petition_id>/reject", methods=["POST"])
@moderator_only
def reject(petition_id):
    form = RejectForm().fill_choices()
    duplicate = None
    if form.validate_on_submit() and form.reason.data == Rejection.DUPLICATE:
        duplicate = db.session.get(Petition, form.duplicate_of.data)
        if duplicate is None or duplicate.id == petition_id or duplicate.state not in PUBLISHED_STATES:
            form.duplicate_of.errors.append(_("There is no published petition with this number."))
            return _moderation_page(_moderated_here(petition_id), reject=form, status=400)
    reason = Rejection(form.reason.data) if form.reason.data in set(Rejection) else None
    done, petition = _moderated(petition_id, services.reject, form, reason, form.note.data or "", duplicate)
    return done or _moderation_page(petition, reject=form, status=400)


@bp.route("/petitions/<int:petition_id>/hide", methods=["POST"])
@moderator_only
def hide(petition_id):
    form = HideForm()
    done, petition = _moderated(petition_id, services.hide, form, form.note.data)
    return done or _moderation_page(petition, hide=form, status=400)


@bp.route("/petitions/<int:petition_id>/invalidate", methods=["GET", "POST"])
@moderator_only
def invalidate(petition_id):
    """Two steps: count the matching signatures, then strike them out once the count is confirmed."""
    petition = _moderated_here(petition_id)
    form = InvalidateForm()
    count = None
    if form.validate_on_submit():
        domain, network = form.domain.data or "", form.network.data or ""
        count = signing.invalidation_preview(petition, domain, network)
        if form.strike.data and count:  # the second button, shown once the count is known
            struck = signing.invalidate(petition, current_user, domain, network)
            db.session.commit()
            flash(_("%(count)s signatures were struck out.", count=struck), "success")
            return redirect(url_for("petitions.show", petition_id=petition.id))
    return render_template("petitions/invalidate.html", petition=petition, form=form, count=count)


@bp.route("/petitions/<int:petition_id>/send-on", methods=["GET", "POST"])
@agency_staff_only
def send_on(petition_id):
    """Staff of the agency a petition is addressed to send it on to another, with a reason if they like."""
    petition = _petition(petition_id)
    if not services.may_send_on(current_user, petition):
        abort(403)
    back = redirect(url_for("petitions.show", petition_id=petition.id))
    if services.answered(petition):
        flash(_("This petition has been answered: it stays with the agency that answered it."), "error")
        return back
    form = SendOnForm().fill_choices(petition.agency_id)
    if form.validate_on_submit():
        try:
            services.send_on(petition, current_user, form.agency_id.data, form.reason.data or "")
        except services.PetitionError:
            db.session.rollback()
            flash(_("This petition has been answered or sent on meanwhile."), "error")
            return back
        db.session.commit()
        flash(_("The petition is sent on to %(agency)s.", agency=petition.agency.name(str(get_locale()))), "success")
        return back
    status = 400 if form.errors else 200
    return render_template("petitions/send_on.html", petition=petition, form=form), status


@bp.route("/petitions/responses")
@official_only
def responses_due():
    query = select(Petition).where(Petition.state.in_(PUBLISHED_STATES), Petition.responded_at.is_(None))
    if current_user.role != Role.ADMIN:
        query = query.where(Petition.agency_id == current_user.agency_id)
    petitions = db.session.scalars(
        query.order_by(Petition.response_due_at.is_(None), Petition.response_due_at, Petition.signature_count.desc())
    ).all()
    return render_template("petitions/responses.html", petitions=petitions)


def _answerable(petition_id: int) -> Petition:
    petition = _petition(petition_id)
    if not services.may_respond(current_user, petition):
        abort(403)
    return petition


def _answer(petition_id, ready, form_class, step, template, done_message=None):
    """An official's form on a petition of their agency (the response, the outcome), while `ready` says so."""
    petition = _answerable(petition_id)
    if not ready(petition):
        return redirect(url_for("petitions.show", petition_id=petition.id))
    form = form_class()
    if form.validate_on_submit():
        try:
            step(petition, current_user, form.data)
        except services.PetitionError:
            db.session.rollback()
            flash(_("This petition has been answered or sent on meanwhile."), "error")
            return redirect(url_for("petitions.show", petition_id=petition.id))
        db.session.commit()
        if done_message:
            flash(done_message, "success")
        return redirect(url_for("petitions.show", petition_id=petition.id))
    return render_template(template, petition=petition, form=form)


@bp.route("/petitions/<int:petition_id>/respond", methods=["GET", "POST"])
@official_only
def respond(petition_id):
    return _answer(
        petition_id,
        lambda petition: petition.response is None,
        ResponseForm,
        lambda petition, official, data: services.respond(petition, official, data["body"]),
        "petitions/respond.html",
        _("The response is published. Every signer is being told."),
    )


@bp.route("/petitions/<int:petition_id>/outcome", methods=["GET", "POST"])
@official_only
def outcome(petition_id):
    return _answer(
        petition_id,
        lambda petition: petition.consideration_due_at is not None and petition.considered_at is None,
        OutcomeForm,
        lambda petition, official, data: services.record_outcome(petition, official, data["outcome"]),
        "petitions/outcome.html",
    )
