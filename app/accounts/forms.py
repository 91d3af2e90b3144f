"""Forms of the account pages. Every message is ours and translated."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.accounts.password_rules import password_problem
from app.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from app.core.forms import Form, clean_line, email_address, length_between, max_length, required, well_formed
from app.core.i18n import LOCALE_NAMES, offered_locales
from app.geo import current_country


def _email_field(label):
    return EmailField(label, filters=[clean_line], validators=[required(), max_length(254), email_address()])


class HardToGuess:
    """A new password that zxcvbn finds hard to guess, and not made of the owner's address or name
    (the form's `password_owner()` says whose it is: an (e-mail, name) pair)."""

    def __call__(self, form, field):
        if field.errors:  # too short or too long: that message is enough
            return
        problem = password_problem(field.data or "", *form.password_owner())
        if problem:
            raise ValidationError(problem)


class OwnerOfNewPassword:
    """For forms whose account is known to the page: it sets `owner` (a User, or None)."""

    owner = None

    def password_owner(self) -> tuple[str, str]:
        return (self.owner.email, self.owner.display_name) if self.owner is not None else ("", "")


def _new_password_field(label):
    return PasswordField(
        label, validators=[required(), well_formed(), length_between(MIN_LENGTH, MAX_LENGTH), HardToGuess()]
    )


def _code_field():
    return StringField(
        _l("Code"),
        filters=[clean_line],
        validators=[required(), max_length(32)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"},
    )


def region_choices(empty_label=None):
    """Regions and their districts, grouped by region, after an empty choice ('not given' unless told)."""
    country = current_country()
    choices = [SelectChoice("", str(empty_label or _l("— Not given —")))]
    for group, options in country.choices(str(get_locale())):
        choices += [SelectChoice(code, label, optgroup=group) for code, label in options]
    return choices


def _locale_choices():
    return [SelectChoice(code, LOCALE_NAMES[code]) for code in offered_locales()]


class PasswordsMatch:
    """The repeated password must equal the first."""

    def __call__(self, form, field):
        if field.data != form.password.data:
            raise ValidationError(str(_l("The two passwords are not the same.")))


class ProfileFieldsMixin:
    def fill_choices(self):
        self.region_code.choices = region_choices()
        self.locale.choices = _locale_choices()
        return self


class RegisterForm(ProfileFieldsMixin, Form):
    display_name = StringField(
        _l("Name shown with what you write"), filters=[clean_line], validators=[required(), max_length(80)]
    )
    email = _email_field(_l("E-mail address"))
    password = _new_password_field(_l("Password"))
    password_again = PasswordField(_l("Repeat the password"), validators=[required(), PasswordsMatch()])
    region_code = SelectField(_l("Where you live"), validate_choice=True)
    locale = SelectField(_l("Language for e-mails"), validate_choice=True)
    accept_terms = BooleanField(
        _l("I agree that Ovoz keeps my e-mail address to run my account, as the privacy notice says"),
        validators=[required(_l("Please agree to continue."))],
    )
    submit = SubmitField(_l("Create account"))

    def password_owner(self) -> tuple[str, str]:
        return self.email.data or "", self.display_name.data or ""


class LoginForm(Form):
    email = _email_field(_l("E-mail address"))
    password = PasswordField(_l("Password"), validators=[required(), max_length(MAX_LENGTH)])
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Sign in"))


class EmailOnlyForm(Form):
    email = _email_field(_l("E-mail address"))
    submit = SubmitField(_l("Send the link"))


class ResetPasswordForm(OwnerOfNewPassword, Form):
    password = _new_password_field(_l("New password"))
    password_again = PasswordField(_l("Repeat the password"), validators=[required(), PasswordsMatch()])
    submit = SubmitField(_l("Save the new password"))


class ProfileForm(ProfileFieldsMixin, Form):
    display_name = StringField(
        _l("Name shown with what you write"), filters=[clean_line], validators=[required(), max_length(80)]
    )
    region_code = SelectField(_l("Where you live"), validate_choice=True)
    locale = SelectField(_l("Preferred language"), validate_choice=True)
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(OwnerOfNewPassword, Form):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_length(MAX_LENGTH)])
    password = _new_password_field(_l("New password"))
    password_again = PasswordField(_l("Repeat the password"), validators=[required(), PasswordsMatch()])
    submit = SubmitField(_l("Change password"))


class SignOutEverywhereForm(Form):
    submit = SubmitField(_l("Sign out everywhere"))


class DeleteAccountForm(Form):
    password = PasswordField(_l("Your password"), validators=[required(), max_length(MAX_LENGTH)])
    submit = SubmitField(_l("Delete my account for good"))


class SecondStepForm(Form):
    code = _code_field()
    submit = SubmitField(_l("Sign in"))


class TwoFactorSetupForm(Form):
    code = _code_field()
    submit = SubmitField(_l("Turn on two-step sign-in"))


class TwoFactorDisableForm(Form):
    password = PasswordField(_l("Your password"), validators=[required(), max_length(MAX_LENGTH)])
    code = _code_field()
    submit = SubmitField(_l("Turn off two-step sign-in"))


class NewRecoveryCodesForm(Form):
    """One field for the app's current code or the password: new passwords have ten characters at least, and a
    code six digits, so a person need not say which they typed."""

    proof = PasswordField(
        _l("Your password or the code from your authenticator app"),
        validators=[required(), max_length(MAX_LENGTH)],
        render_kw={"spellcheck": "false"},
    )
    submit = SubmitField(_l("Make new recovery codes"))
