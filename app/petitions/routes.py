"""Public and citizen petition pages: load -> authorize -> validate -> call a service -> commit -> redirect."""

import hmac

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.forms import ConfirmForm, positive_int
from app.core.security import limit_search
from app.extensions import db
from app.petitions import feeds, search, services, signing
from app.petitions.blueprint import bp
from app.petitions.forms import PetitionForm, SignForm
from app.petitions.limits import limit_petition_start, limit_signing
from app.petitions.models import Petition, State
from app.petitions.pages import filters_from_args, listing_context, page_context

SIMILAR_TEXT = 1000  # characters of a draft's request compared with published petitions while typing


def _petition(petition_id: int) -> Petition:
    return db.get_or_404(Petition, petition_id)


def _is_author(petition: Petition) -> bool:
    return current_user.is_authenticated and current_user.id == petition.author_id


def _may_see(petition: Petition, token: str | None = None) -> bool:
    """Public once moderated (except a petition rejected for holding personal data: its author's and its moderators'
    alone); before that, its author; once sent on, also its moderators (its agency's) and holders of the sponsor
    link. A draft is its author's alone."""
    if _is_author(petition) or (petition.withheld and services.may_moderate(current_user, petition)):
        return True
    if petition.state in (State.OPEN, State.CLOSED, State.REJECTED, State.HIDDEN):
        return not petition.withheld
    if petition.state not in (State.SPONSORING, State.MODERATION):
        return False
    if services.may_moderate(current_user, petition):
        return True
    # the link keeps working for sponsors while moderators check what they signed
    return bool(token) and hmac.compare_digest(token.encode(), petition.sponsor_token.encode())


def _own_draft(petition_id: int) -> Petition:
    petition = _petition(petition_id)
    if not _is_author(petition):
        abort(404)
    if petition.state != State.DRAFT:
        return None
    return petition


@bp.route("/petitions")
@limit_search
def index():
    filters = filters_from_args(request.args)
    page = search.find(filters, request.args.get("page", 1, type=positive_int))
    return render_template("petitions/index.html", **listing_context(filters, page, request.args))


@bp.route("/petitions/feed.atom")
def index_feed():
    filters = filters_from_args(request.args)
    return feeds.listing_feed(filters, search.find(filters).items)


@bp.route("/petitions/new", methods=["GET", "POST"])
@login_required
@limit_petition_start
def new():
    form = PetitionForm().fill_choices()
    if form.validate_on_submit():
        petition = services.save_draft(current_user, form.fields())
        db.session.commit()
        return redirect(url_for("petitions.review", petition_id=petition.id))
    return render_template("petitions/form.html", form=form, petition=None)


@bp.route("/petitions/<int:petition_id>/edit", methods=["GET", "POST"])
@login_required
def edit(petition_id):
    petition = _own_draft(petition_id)
    if petition is None:
        return redirect(url_for("petitions.show", petition_id=petition_id))
    form = PetitionForm(obj=petition).fill_choices()
    if form.validate_on_submit():
        services.save_draft(current_user, form.fields(), petition)
        db.session.commit()
        return redirect(url_for("petitions.review", petition_id=petition.id))
    return render_template("petitions/form.html", form=form, petition=petition)


@bp.route("/petitions/similar")
@limit_search
def similar():
    """The part of the writing page that lists similar petitions (fetched while typing); the start of the request
    says what it asks, and only that is compared (the model reads at most 512 tokens anyway)."""
    found = search.similar_to_draft(request.args.get("title", "")[:200], request.args.get("request", "")[:SIMILAR_TEXT])
    return render_template("petitions/_similar.html", similar=found)


@bp.route("/petitions/<int:petition_id>/review")
@login_required
def review(petition_id):
    petition = _own_draft(petition_id)
    if petition is None:
        return redirect(url_for("petitions.show", petition_id=petition_id))
    found = search.similar_to_draft(petition.title, petition.request)
    return render_template("petitions/review.html", petition=petition, similar=found, form=ConfirmForm())


@bp.route("/petitions/<int:petition_id>/submit", methods=["POST"])
@login_required
def submit(petition_id):
    petition = _own_draft(petition_id)
    form = ConfirmForm()
    if petition is not None and form.validate_on_submit():
        try:
            services.submit(petition, current_user)  # the author signs first
        except signing.SignatureError as error:  # signing needs a verified e-ID the author has not linked
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("petitions.show", petition_id=petition_id))
        db.session.commit()
        flash(_("Your petition is started. Share the link below to gather its first supporters."), "success")
    return redirect(url_for("petitions.show", petition_id=petition_id))


@bp.route("/petitions/<int:petition_id>")
def show(petition_id):
    petition = _petition(petition_id)
    if not _may_see(petition):
        abort(404)
    return render_template("petitions/show.html", **page_context(petition))


@bp.route("/petitions/<int:petition_id>/sponsor/<token>")
def sponsor(petition_id, token):
    petition = _petition(petition_id)
    if not _may_see(petition, token):
        abort(404)
    return render_template("petitions/show.html", **page_context(petition, token))


@bp.route("/petitions/<int:petition_id>/sign", methods=["POST"])
@limit_signing
def sign(petition_id):
    petition = _petition(petition_id)
    token = request.form.get("sponsor_token") or None
    if not _may_see(petition, token):
        abort(404)
    back = url_for("petitions.sponsor", petition_id=petition.id, token=token) if token else None
    back = back or url_for("petitions.show", petition_id=petition.id)
    if current_user.is_authenticated:  # one click: the button has no fields, CSRFProtect checked the token
        try:
            signed = signing.sign_as_user(petition, current_user)
        except signing.SignatureError as error:
            flash(str(error), "error")
            return redirect(back)
        db.session.commit()
        return redirect(f"{back}?signature={'counted' if signed else 'already-signed'}")
    if signing.needs_eid():  # only a signed-in person with a linked e-ID signs: no form for visitors
        flash(_("Signing needs a verified national e-ID. Sign in with it, then sign."), "info")
        return redirect(url_for("accounts.login", next=back))
    form = SignForm().fill_choices()
    if form.validate_on_submit():
        try:
            signing.sign_by_email(petition, form.name.data, form.email.data, form.region_code.data, str(get_locale()))
        except signing.SignatureError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for("petitions.check_email", petition_id=petition.id))
    return render_template("petitions/show.html", **page_context(petition, token, sign_form=form)), 400


@bp.route("/petitions/<int:petition_id>/signed")
def check_email(petition_id):
    return render_template("petitions/check_email.html", petition=_petition(petition_id))


@bp.route("/petitions/signature/<token>")
def confirm(token):
    outcome, petition_id = signing.confirm_link(token)
    if outcome == "invalid":
        flash(_("This link is not valid or has expired."), "error")
        return redirect(url_for("petitions.index"))
    back = url_for("petitions.show", petition_id=petition_id)
    if outcome == "closed":
        flash(_("This petition cannot be signed now."), "error")
        return redirect(back)
    db.session.commit()
    # Said on the page it leads to, not by a flashed message: an anonymous signer gets no cookie.
    return redirect(f"{back}?signature={'counted' if outcome == 'counted' else 'already-counted'}")


@bp.route("/petitions/signature/<token>/withdraw", methods=["GET", "POST"])
def withdraw_by_link(token):
    signature = signing.signature_from_link(token)
    if signature is None:
        flash(_("This link is not valid or has expired."), "error")
        return redirect(url_for("petitions.index"))
    form = ConfirmForm()
    if form.validate_on_submit():
        return _withdraw(signature)
    petition = _petition(signature.petition_id)
    return render_template("petitions/withdraw.html", petition=petition, form=form)


@bp.route("/petitions/<int:petition_id>/withdraw", methods=["POST"])
@login_required
def withdraw(petition_id):
    petition = _petition(petition_id)
    signature = signing.signature_of(petition, current_user)
    if signature is None or not ConfirmForm().validate_on_submit():
        return redirect(url_for("petitions.show", petition_id=petition_id))
    return _withdraw(signature)


def _withdraw(signature):
    petition_id = signature.petition_id
    try:
        signing.withdraw(signature)
    except signing.SignatureError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Your signature is withdrawn."), "success")
    return redirect(url_for("petitions.show", petition_id=petition_id))


@bp.route("/petitions/<int:petition_id>/feed.atom")
def feed(petition_id):
    petition = _petition(petition_id)
    if not petition.is_published:
        abort(404)
    return feeds.petition_feed(petition, services.timeline(petition))
