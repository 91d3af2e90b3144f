"""Account pages: load -> authorize -> validate -> call a service -> commit once -> redirect."""

import json

from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from sqlalchemy.exc import IntegrityError

from app.accounts import services, two_factor
from app.accounts.blueprint import bp
from app.accounts.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    EmailOnlyForm,
    LoginForm,
    NewRecoveryCodesForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    SecondStepForm,
    SignOutEverywhereForm,
    TwoFactorDisableForm,
    TwoFactorSetupForm,
)
from app.accounts.login import (
    count_wrong_code,
    limit_second_step,
    limit_wrong_proof,
    pending_sign_in,
    sign_in,
    sign_in_again,
    start_second_step,
)
from app.accounts.sessions import end_session
from app.core.security import limit_login, limit_login_per_account, limit_login_per_account_and_address, limit_signup
from app.core.urls import local_path
from app.extensions import db
from app.identity import registry as identity_providers
from app.identity import services as identities
from app.identity.forms import UnlinkForm
from app.identity.providers import IdentityError


@bp.route("/account/register", methods=["GET", "POST"])
@limit_signup
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm().fill_choices()
    verified = session.get(identities.PENDING)  # a person an e-ID vouched for, choosing an e-mail address
    if request.method == "GET":
        form.locale.data = str(get_locale())
        form.display_name.data = verified["name"] if verified else None
    if form.validate_on_submit():
        try:
            user = services.register(
                form.email.data, form.password.data, form.display_name.data, form.locale.data, form.region_code.data
            )
            if user is not None and verified:
                identities.link_pending(user, verified)
            db.session.commit()
        except IntegrityError:  # the address was registered a moment ago (a double click): that one stands
            db.session.rollback()
        except IdentityError as error:  # the e-ID was linked to another account meanwhile: no account is made
            db.session.rollback()
            session.pop(identities.PENDING, None)
            flash(str(error), "error")
            return redirect(url_for("accounts.login"))
        session.pop(identities.PENDING, None)
        return redirect(url_for("accounts.check_email"))
    return render_template("accounts/register.html", form=form, verified=verified)


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
            services.upgrade_password_hash(user, form.password.data)
            if user.has_two_factor:  # nobody is signed in before the second step
                start_second_step(user, form.remember.data, local_path(request.args.get("next")))
                db.session.commit()
                return redirect(url_for("accounts.login_code"))
            return _signed_in(user, form.remember.data, request.args.get("next"))
    return render_template("accounts/login.html", form=form, providers=identity_providers.configured().values())


def _signed_in(user, remember: bool, next_url: str | None, recovery_codes_left: int | None = None):
    services.record_login(user)
    sign_in(user, remember=remember)
    db.session.commit()
    flash(_("Welcome, %(name)s.", name=user.display_name), "success")
    if recovery_codes_left is not None:
        _tell_recovery_codes_left(recovery_codes_left)
    return redirect(local_path(next_url) or url_for("main.index"))  # in the page's language, not the saved one


def _tell_recovery_codes_left(left: int) -> None:
    message = ngettext(
        "You signed in with a recovery code; %(num)d is left. You can make new ones on the two-step sign-in "
        "page of your account. If your phone is lost, turn two-step sign-in off there and set it up again.",
        "You signed in with a recovery code; %(num)d are left. You can make new ones on the two-step sign-in "
        "page of your account. If your phone is lost, turn two-step sign-in off there and set it up again.",
        left,
    )
    flash(message, "info")


@bp.route("/account/login/code", methods=["GET", "POST"])
@limit_login
@limit_second_step
def login_code():
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    user, pending = pending_sign_in()
    if user is None:
        flash(_("Please sign in again: too much time has passed or too many codes were wrong."), "error")
        return redirect(url_for("accounts.login"))
    form = SecondStepForm()
    if form.validate_on_submit():
        kind = two_factor.check_code(user, form.code.data)
        if kind:  # signing in renews the cookie session: the pending sign-in goes with it
            left = two_factor.unused_recovery_codes(user) if kind == two_factor.RECOVERY_CODE else None
            return _signed_in(user, pending.get("remember", False), pending.get("next"), recovery_codes_left=left)
        db.session.commit()  # the failure's audit event
        if not count_wrong_code():
            flash(_("Please sign in again: too much time has passed or too many codes were wrong."), "error")
            return redirect(url_for("accounts.login"))
        form.code.errors.append(_("This code is not correct. Check the time on your phone and try the newest code."))
    return render_template("accounts/login_code.html", form=form)


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
    form.owner = services.user_of_reset_link(token)
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
        "providers": identity_providers.configured(),
        "linked": identities.linked_identity(current_user),
        "unlink_form": UnlinkForm(),
    }


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    password_form = ChangePasswordForm()
    password_form.owner = current_user
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
    db.session.commit()  # the export is in the audit log
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


#: The secret shown on the set-up page, kept in the signed cookie session until a code confirms it.
SETUP_SECRET = "ovoz_totp_setup"  # noqa: S105 - the name of a session key


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def two_step():
    """Set up two-step sign-in (staff must before any other page opens), or see that it is on."""
    if current_user.has_two_factor:
        return _two_factor_page()
    secret = session.get(SETUP_SECRET) or two_factor.new_secret()
    session[SETUP_SECRET] = secret
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(current_user, secret, form.code.data)
        except two_factor.SecondFactorError as error:
            db.session.commit()  # the failure's audit event
            form.code.errors.append(str(error))
        else:
            session.pop(SETUP_SECRET)
            db.session.commit()
            # Shown once, in this answer only (not cached: the page is private).
            next_url = local_path(request.args.get("next")) or url_for("accounts.profile")
            return render_template("accounts/recovery_codes.html", codes=codes, next_url=next_url)
    return render_template(
        "accounts/two_factor_setup.html",
        form=form,
        qr_code=two_factor.qr_code_svg(current_user, secret),
        secret=two_factor.grouped(secret),
        required=two_factor.staff_must_enrol(current_user),
    )


@bp.route("/account/two-step/off", methods=["POST"])
@login_required
def two_step_off():
    form = TwoFactorDisableForm()
    if current_user.has_two_factor and form.validate_on_submit():
        try:
            two_factor.disable(current_user, form.password.data, form.code.data)
        except two_factor.SecondFactorError as error:
            db.session.commit()  # the failure's audit event
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Two-step sign-in is off."), "success")
            return redirect(url_for("accounts.two_step"))
    if not current_user.has_two_factor:
        return redirect(url_for("accounts.two_step"))
    return _two_factor_page(disable_form=form), 400


@bp.route("/account/two-step/recovery-codes", methods=["POST"])
@login_required
@limit_wrong_proof
def new_recovery_codes():
    """New recovery codes in place of the old ones, with the password or the app's current code."""
    form = NewRecoveryCodesForm()
    if not current_user.has_two_factor:
        return redirect(url_for("accounts.two_step"))
    if form.validate_on_submit():
        try:
            codes = two_factor.renew_recovery_codes(current_user, form.proof.data)
        except two_factor.SecondFactorError as error:
            db.session.commit()  # the failure's audit event
            form.proof.errors.append(str(error))
        else:
            db.session.commit()
            # Shown once, in this answer only (not cached: the page is private).
            next_url = url_for("accounts.two_step")
            return render_template("accounts/recovery_codes.html", codes=codes, next_url=next_url, renewed=True)
    return _two_factor_page(codes_form=form), 400


def _two_factor_page(disable_form=None, codes_form=None):
    """The page of an account with two-step sign-in: how many recovery codes are left, new ones, turning it off."""
    return render_template(
        "accounts/two_factor.html",
        disable_form=disable_form or TwoFactorDisableForm(),
        codes_form=codes_form or NewRecoveryCodesForm(),
        codes_left=two_factor.unused_recovery_codes(current_user),
    )
