"""Admin pages. The blueprint checks the admin role before every request."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app.accounts.models import Role, User
from app.admin import services
from app.admin.blueprint import bp
from app.admin.forms import ROLE_LABELS, AgencyForm, RoleForm
from app.agencies.models import Agency
from app.audit import labels
from app.audit.services import recent_events
from app.core.forms import positive_int
from app.extensions import db


def _page() -> int:
    return request.args.get("page", 1, type=positive_int) or 1


@bp.route("/admin/")
def dashboard():
    return render_template("admin/dashboard.html")


@bp.route("/admin/agencies")
def agencies():
    return render_template("admin/agencies.html", agencies=services.list_agencies())


@bp.route("/admin/agencies/new", methods=["GET", "POST"])
@bp.route("/admin/agencies/<int:agency_id>", methods=["GET", "POST"])
def edit_agency(agency_id=None):
    agency = db.get_or_404(Agency, agency_id) if agency_id else None
    form = AgencyForm(obj=agency)
    if request.method == "GET" and agency:
        form.fill_names(agency.names)
    if form.validate_on_submit():
        try:
            services.save_agency(agency, form.slug.data, form.names(), form.website.data)
        except services.AdminError as error:
            form.slug.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The agency has been saved."), "success")
            return redirect(url_for("admin.agencies"))
    return render_template("admin/agency_form.html", form=form, agency=agency)


@bp.route("/admin/users")
def users():
    query = request.args.get("q", "").strip()[:200]
    role = request.args.get("role") or None
    pagination = services.search_users(query, role, _page())
    return render_template("admin/users.html", pagination=pagination, query=query, role=role, role_labels=ROLE_LABELS)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = RoleForm(obj=user).fill_agencies(services.list_agencies(), str(get_locale()))
    if request.method == "GET":
        form.role.data = user.role.value
        form.agency_id.data = user.agency_id
    if form.validate_on_submit():
        try:
            services.set_role(user, Role(form.role.data), form.agency_id.data)
        except services.AdminError as error:
            form.role.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The role of %(name)s has been saved.", name=user.display_name), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, role_labels=ROLE_LABELS)


@bp.route("/admin/audit")
def audit_log():
    action = request.args.get("action") or None
    if action and len(action) > 64:
        abort(400)
    return render_template(
        "admin/audit.html",
        pagination=recent_events(_page(), action=action),
        action=action,
        action_label=labels.action_label,
        detail_lines=labels.detail_lines,
    )
