"""Follow buttons, "What I follow" and organisations: load -> authorize -> validate -> service -> commit -> redirect."""

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db, limiter
from app.following import organisations, services
from app.following.blueprint import bp
from app.following.forms import DeliveryForm, FollowForm, MemberForm, OrganisationForm
from app.following.models import Delivery, Kind, MemberRole, Organisation

#: Adding a member tells whether an address has an Ovoz account: limited as tightly as sign-ups.
limit_adding = limiter.limit(lambda: current_app.config["OVOZ_RATELIMIT_SIGNUP"], methods=["POST"])

#: The page of each kind of followed thing.
PAGES = {
    Kind.CONSULTATION: ("consultations.show", "consultation_id"),
    Kind.PETITION: ("petitions.show", "petition_id"),
    Kind.AGENCY: ("tracker.agency", "agency_id"),
}


def _safe_path(target: str | None) -> str | None:
    """Only go back to a path on this site."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return None
    return target


@bp.app_template_global()
def follow_state(kind: str, target_id: int) -> dict:
    """What a follow button shows: whether the person (and each organisation they own) follows the thing."""
    kind = services.kind_of(kind)
    if not current_user.is_authenticated:
        return {"signed_in": False, "login": url_for("accounts.login", next=request.path)}
    owned = organisations.owned_by(current_user)
    return {
        "signed_in": True,
        "following": services.is_following(current_user, kind, target_id),
        "organisations": [(o, services.is_following(o, kind, target_id)) for o in owned],
        "next": request.path,
    }


@bp.app_template_global()
def followed_url(kind: str, target_id: int) -> str | None:
    """The page of a followed thing (None while a kind has no page of its own)."""
    endpoint, argument = PAGES[Kind(kind)]
    return url_for(endpoint, **{argument: target_id}) if endpoint in current_app.view_functions else None


@bp.route("/follow/<kind>/<int:target_id>", methods=["POST"])
@login_required
def toggle(kind, target_id):
    kind = services.kind_of(kind)
    if kind is None or services.target_of(kind, target_id) is None:
        abort(404)
    form = FollowForm()
    if not form.validate():
        abort(400)
    follower = current_user
    if form.organisation_id.data is not None:
        follower = db.get_or_404(Organisation, form.organisation_id.data)
        if not organisations.is_owner(follower, current_user):
            abort(403)
    if form.action.data == "follow":
        services.follow(follower, kind, target_id)
    else:
        services.unfollow(follower, kind, target_id)
    db.session.commit()
    flash(_followed_message(follower, form.action.data == "follow"), "success")
    return redirect(_safe_path(form.next.data) or url_for(".mine"))


def _followed_message(follower, following: bool) -> str:
    if isinstance(follower, Organisation):
        if following:
            return _("“%(name)s” follows this now: each of its members is told.", name=follower.name)
        return _("“%(name)s” no longer follows this.", name=follower.name)
    if following:
        return _("You follow this now. Choose how you are told on the page “What I follow”.")
    return _("You no longer follow this.")


@bp.route("/following", methods=["GET", "POST"])
@login_required
def mine():
    form = DeliveryForm(delivery=services.delivery_of(current_user).value)
    if form.validate_on_submit():
        services.set_delivery(current_user, Delivery(form.delivery.data))
        db.session.commit()
        flash(_("Saved. This is how you will be told."), "success")
        return redirect(url_for(".mine"))
    status = 400 if form.errors else 200
    return render_template("following/mine.html", **_mine_context(form)), status


def _mine_context(form: DeliveryForm) -> dict:
    locale = str(get_locale())
    memberships = organisations.memberships_of(current_user)
    return {
        "form": form,
        "follows": services.described(services.follows_of(current_user), locale),
        "organisations": [(m, services.described(services.follows_of(m.organisation), locale)) for m in memberships],
    }


# -- organisations --------------------------------------------------------------------------------


@bp.route("/organisations", methods=["GET", "POST"])
@login_required
def organisations_page():
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = organisations.create(current_user, form.fields())
        db.session.commit()
        flash(_("Your organisation is created. Add its members below."), "success")
        return redirect(url_for(".organisation", organisation_id=organisation.id))
    memberships = organisations.memberships_of(current_user)
    status = 400 if form.errors else 200
    return render_template("following/organisations.html", form=form, memberships=memberships), status


def _visible(organisation_id: int) -> Organisation:
    organisation = db.get_or_404(Organisation, organisation_id)
    if not organisations.may_see(organisation, current_user):
        abort(403)
    return organisation


def _owned(organisation_id: int) -> Organisation:
    organisation = db.get_or_404(Organisation, organisation_id)
    if not organisations.is_owner(organisation, current_user):
        abort(403)
    return organisation


def _organisation_page(organisation: Organisation, form=None, member_form=None, status: int = 200):
    context = {
        "organisation": organisation,
        "members": organisations.members_of(organisation),
        "follows": services.described(services.follows_of(organisation), str(get_locale())),
        "owner": organisations.is_owner(organisation, current_user),
        "member": organisations.membership(organisation, current_user),
        "form": form or OrganisationForm(obj=organisation, formdata=None),
        "member_form": member_form or MemberForm(formdata=None),
    }
    return render_template("following/organisation.html", **context), status


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def organisation(organisation_id):
    if request.method == "GET":
        return _organisation_page(_visible(organisation_id))
    organisation = _owned(organisation_id)
    form = OrganisationForm()
    if not form.validate_on_submit():
        return _organisation_page(organisation, form=form, status=400)
    organisations.update(organisation, form.fields())
    db.session.commit()
    flash(_("The organisation's details are saved."), "success")
    return redirect(url_for(".organisation", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/members", methods=["POST"])
@limit_adding
@login_required
def add_member(organisation_id):
    organisation = _owned(organisation_id)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            organisations.add_member(organisation, form.email.data, MemberRole(form.role.data))
        except organisations.OrganisationError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The member is added and told in their inbox."), "success")
            return redirect(url_for(".organisation", organisation_id=organisation.id))
    return _organisation_page(organisation, member_form=form, status=400)


@bp.route("/organisations/<int:organisation_id>/members/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_member(organisation_id, user_id):
    """Owners remove a member; a member removes themselves (leaves)."""
    leaving = user_id == current_user.id
    organisation = _visible(organisation_id) if leaving else _owned(organisation_id)
    member = organisations.member_by_user(organisation, user_id)
    if member is None:
        abort(404)
    try:
        organisations.remove_member(organisation, member)
    except organisations.OrganisationError as error:
        flash(str(error), "error")
        return redirect(url_for(".organisation", organisation_id=organisation.id))
    db.session.commit()
    if leaving:
        flash(_("You have left “%(name)s”.", name=organisation.name), "success")
        return redirect(url_for(".organisations_page"))
    flash(_("The member is removed."), "success")
    return redirect(url_for(".organisation", organisation_id=organisation.id))
