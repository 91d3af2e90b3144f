"""Forms of the petition pages. Every message is ours and translated."""

import ipaddress

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.accounts.forms import region_choices
from app.agencies.forms import agency_choices
from app.core.forms import Form, clean_line, clean_text, email_address, max_length, optional, optional_id, required
from app.petitions.labels import CATEGORIES, REJECTIONS
from app.petitions.models import Rejection

TITLE_MAX = 120
REQUEST_MAX = 2000
BACKGROUND_MAX = 5000
RESPONSE_MAX = 20000


DATABASE_INT_MAX = 2**31 - 1  # the largest id the database stores


class OptionalIntegerField(IntegerField):
    """A number that may be left empty (a browser sends "" for an empty box)."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class PetitionForm(Form):
    title = StringField(
        _l("Title: what should the government do?"),
        filters=[clean_line],
        validators=[required(), max_length(TITLE_MAX)],
    )
    request = TextAreaField(_l("Your request"), filters=[clean_text], validators=[required(), max_length(REQUEST_MAX)])
    background = TextAreaField(
        _l("Background (optional)"), filters=[clean_text], validators=[optional(), max_length(BACKGROUND_MAX)]
    )
    # InputRequired: marks the field required; an empty choice is refused, an unknown one (even an invisible
    # character) is not a choice.
    category = SelectField(
        _l("Topic"), validators=[InputRequired(_l("Please fill in this field."))], validate_choice=True
    )
    agency_id = SelectField(_l("Responsible agency"), coerce=optional_id, validate_choice=True)
    region_code = SelectField(_l("Where it applies"), validate_choice=True)
    submit = SubmitField(_l("Continue"))

    def fill_choices(self):
        self.category.choices = [SelectChoice("", str(_l("— Choose a topic —")))] + [
            SelectChoice(code, str(label)) for code, label in CATEGORIES.items()
        ]
        self.agency_id.choices = agency_choices(_l("I don't know"))
        self.region_code.choices = region_choices(_l("The whole country"))
        return self

    def fields(self) -> dict:
        return {
            "title": self.title.data,
            "request": self.request.data,
            "background": self.background.data or "",
            "category": self.category.data,
            "agency_id": self.agency_id.data,
            "region_code": self.region_code.data or None,
        }


class SignForm(Form):
    """Signing without an account: the signature counts once the e-mailed link is opened."""

    name = StringField(_l("Your name"), filters=[clean_line], validators=[required(), max_length(80)])
    email = EmailField(
        _l("E-mail address"), filters=[clean_line], validators=[required(), max_length(254), email_address()]
    )
    region_code = SelectField(_l("Where you live"), validate_choice=True)
    submit = SubmitField(_l("Sign this petition"))

    def fill_choices(self):
        self.region_code.choices = region_choices()
        return self

    def validate_region_code(self, field):
        if not field.data:
            raise ValidationError(str(_l("Please fill in this field.")))


class PublishForm(Form):
    agency_id = SelectField(_l("Responsible agency"), coerce=optional_id, validate_choice=True)
    submit = SubmitField(_l("Publish the petition"))

    def fill_choices(self, among=None):
        """The agencies to choose from: all, or those `among` a set of ids (a moderator's own)."""
        choices = agency_choices(_l("— Choose the agency —"))
        self.agency_id.choices = [c for c in choices if among is None or not c.value or int(c.value) in among]
        return self

    def validate_agency_id(self, field):
        if not field.data:
            raise ValidationError(str(_l("Please fill in this field.")))


class SendOnForm(Form):
    """Staff of the agency a petition is addressed to send it on to the agency responsible for it."""

    agency_id = SelectField(_l("Send it on to"), coerce=optional_id, validate_choice=True)
    reason = TextAreaField(
        _l("Why (optional; its author reads it)"), filters=[clean_text], validators=[optional(), max_length(2000)]
    )
    submit = SubmitField(_l("Send the petition on"))

    def fill_choices(self, current: int | None):
        """Every agency but the one it is addressed to now."""
        choices = agency_choices(_l("— Choose the agency —"))
        self.agency_id.choices = [c for c in choices if c.value != str(current)]
        return self

    def validate_agency_id(self, field):
        if not field.data:
            raise ValidationError(str(_l("Please fill in this field.")))


class RejectForm(Form):
    reason = SelectField(_l("Reason"), validate_choice=True)
    duplicate_of = OptionalIntegerField(_l("Number of the existing petition (for duplicates)"))
    note = TextAreaField(
        _l("Explanation for the author and the public"), filters=[clean_text], validators=[optional(), max_length(2000)]
    )
    submit = SubmitField(_l("Reject the petition"))

    def fill_choices(self):
        self.reason.choices = [SelectChoice("", str(_l("— Choose a reason —")))] + [
            SelectChoice(reason.value, str(label)) for reason, label in REJECTIONS.items()
        ]
        return self

    def validate_reason(self, field):
        if not field.data:
            raise ValidationError(str(_l("Please fill in this field.")))

    def validate_duplicate_of(self, field):
        if self.reason.data == Rejection.DUPLICATE and not field.data:
            raise ValidationError(str(_l("Give the number of the petition this one repeats.")))
        if field.data is not None and not 0 < field.data <= DATABASE_INT_MAX:
            raise ValidationError(str(_l("There is no published petition with this number.")))

    def validate_note(self, field):
        if self.reason.data == Rejection.OTHER and not field.data:
            raise ValidationError(str(_l("Please explain the reason.")))


class HideForm(Form):
    note = TextAreaField(_l("Reason for hiding"), filters=[clean_text], validators=[required(), max_length(2000)])
    submit = SubmitField(_l("Hide the petition"))


class InvalidateForm(Form):
    domain = StringField(_l("E-mail domain (e.g. example.com)"), filters=[clean_line], validators=[max_length(253)])
    network = StringField(_l("IP range (e.g. 203.0.113.0/24)"), filters=[clean_line], validators=[max_length(49)])
    submit = SubmitField(_l("Count the matching signatures"))
    strike = SubmitField(_l("Strike out these signatures"))

    def validate_domain(self, field):
        if field.data and ("@" in field.data.strip("@") or " " in field.data or "." not in field.data):
            raise ValidationError(str(_l("Enter a domain such as example.com.")))

    def validate_network(self, field):
        if field.data:
            try:
                ipaddress.ip_network(field.data, strict=False)
            except ValueError:
                raise ValidationError(str(_l("Enter an address or a range such as 203.0.113.0/24."))) from None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not (self.domain.data or self.network.data):
            self.domain.errors.append(str(_l("Give a domain, a range, or both.")))
            return False
        return valid


class ResponseForm(Form):
    body = TextAreaField(
        _l("The response (Markdown)"), filters=[clean_text], validators=[required(), max_length(RESPONSE_MAX)]
    )
    submit = SubmitField(_l("Publish the response"))


class OutcomeForm(Form):
    outcome = TextAreaField(
        _l("What was decided (Markdown)"), filters=[clean_text], validators=[required(), max_length(RESPONSE_MAX)]
    )
    submit = SubmitField(_l("Record the outcome"))
