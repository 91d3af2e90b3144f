"""Account pages: load -> authorize -> validate -> call a service -> commit once -> redirect."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from sqlalchemy.exc import IntegrityError

from app.accounts import services
from app.accounts.blueprint import bp
from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    SignOutEverywhereForm,
)
from app.accounts.login import sign_in, sign_in_again
from app.accounts.sessions import end_session
from app.core.security import limit_login, limit_login_per_account, limit_login_per_account_and_address, limit_signup
from app.core.urls import local_path
from app.extensions import db


@bp.route("/account/register", methods=["GET", "POST"])
@limit_signup
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm().fill_choices()
    if request.method == "GET":
        form.locale.data = str(get_locale())
    if form.validate_on_submit():
        try:
            services.register(
                form.email.data, form.password.data, form.display_name.data, form.locale.data, form.region_code.data
            )
            db.session.commit()
        except IntegrityError:  # the address was registered a moment ago (a double click): that one stands
            db.session.rollback()
        return redirect(url_for("accounts.check_email"))
    return render_template("accounts/register.html", form=form)


@bp.route("/account/check-email")
def check_email():
    return render_template("accounts/check_email.html")


@bp.route("/account/confirm/<token>")
def confirm(token):
    user = services.confirm_email(token)
    if user is None:
        flash(_("This confirmation link is not valid or has expired. Ask for a new one below."), "error")
        return redirect(url_for("accounts.resend_confirmation"))
    db.session.commit()
    flash(_("Thank you, your e-mail address is confirmed. You can sign in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/account/confirm", methods=["GET", "POST"])
@limit_signup
def resend_confirmation():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        user = services.find_by_email(form.email.data)
        if user is not None and not user.is_confirmed:
            services.send_confirmation(user)
            db.session.commit()
        return redirect(url_for("accounts.check_email"))
    return render_template("accounts/resend.html", form=form)


@bp.route("/account/login", methods=["GET", "POST"])
@limit_login
@limit_login_per_account
@limit_login_per_account_and_address
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # the failure's audit event
            form.password.errors.append(_("The e-mail address or the password is not correct."))
        elif not user.is_confirmed:
            flash(_("Please confirm your e-mail address first: we have sent you a link."), "error")
            return redirect(url_for("accounts.resend_confirmation"))
        else:
            services.record_login(user, form.password.data)
            sign_in(user, remember=form.remember.data)
            db.session.commit()
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(local_path(request.args.get("next")) or url_for("main.index", lang_code=user.locale))
    return render_template("accounts/login.html", form=form)


@bp.route("/account/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_session(current_user)
        db.session.commit()
    logout_user()
    flash(_("You have signed out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/account/password/forgot", methods=["GET", "POST"])
@limit_signup
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return redirect(url_for("accounts.check_email"))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/account/password/reset/<token>", methods=["GET", "POST"])
@limit_signup
def reset_password(token):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        if services.reset_password(token, form.password.data) is None:
            flash(_("This link is not valid or has expired. Ask for a new one."), "error")
            return redirect(url_for("accounts.forgot_password"))
        logout_user()  # this device too, if it was signed in: every session of the account has ended
        db.session.commit()
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user).fill_choices()
    if form.validate_on_submit():
        services.update_profile(current_user, form.display_name.data, form.region_code.data, form.locale.data)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile", lang_code=current_user.locale))
    return render_template("accounts/profile.html", **_profile_forms(form))


def _profile_forms(form, password_form=None) -> dict:
    return {
        "form": form,
        "password_form": password_form or ChangePasswordForm(),
        "sign_out_form": SignOutEverywhereForm(),
    }


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    password_form = ChangePasswordForm()
    if password_form.validate_on_submit():
        try:
            services.change_password(current_user, password_form.current_password.data, password_form.password.data)
        except services.AccountError as error:
            password_form.current_password.errors.append(str(error))
        else:
            # With new cookies: the old ones, wherever they are, no longer sign in. Flask-Login keeps the
            # object it is given as the current user, so it must be the user, not the `current_user` proxy.
            sign_in_again(current_user._get_current_object())
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    form = ProfileForm(obj=current_user).fill_choices()
    return render_template("accounts/profile.html", **_profile_forms(form, password_form)), 400


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    if SignOutEverywhereForm().validate_on_submit():
        services.sign_out_everywhere(current_user)
        logout_user()
        db.session.commit()
        flash(_("You have signed out on every device, this one too."), "success")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("accounts.profile"))


@bp.route("/account/data.json")
@login_required
def download_data():
    body = json.dumps(services.export_personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="ovoz-my-data.json"', "Cache-Control": "no-store"},
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(current_user._get_current_object(), form.password.data)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            logout_user()
            db.session.commit()
            flash(_("Your account and your personal data have been deleted."), "success")
            return redirect(url_for("main.index"))
    return render_template("accounts/delete.html", form=form)
