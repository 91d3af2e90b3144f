from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, ValidationError

from app.core.forms import Form, clean_line, clean_text, email_address, max_length, optional, required
from app.following.models import Delivery, MemberRole

NAME_MAX = 120
DESCRIPTION_MAX = 2000

DELIVERY_LABELS = {
    Delivery.INBOX: _l("Only in my Ovoz inbox"),
    Delivery.DAILY: _l("In my inbox, and a daily e-mail with all the news"),
    Delivery.WEEKLY: _l("In my inbox, and a weekly e-mail with all the news"),
}
ROLE_LABELS = {MemberRole.MEMBER: _l("Member"), MemberRole.OWNER: _l("Owner")}


class FollowForm(Form):
    """A follow or unfollow button, for oneself or for an organisation one owns; its button says which."""

    action = StringField(validators=[AnyOf(("follow", "unfollow"))])
    organisation_id = IntegerField(validators=[optional()])
    next = HiddenField()


class DeliveryForm(Form):
    delivery = SelectField(
        _l("How should we tell you about what you follow?"),
        choices=[SelectChoice(d.value, label) for d, label in DELIVERY_LABELS.items()],
    )
    submit = SubmitField(_l("Save"))


class OrganisationForm(Form):
    name = StringField(_l("Name"), filters=[clean_line], validators=[required(), max_length(NAME_MAX)])
    website = URLField(_l("Website"), filters=[clean_line], validators=[optional(), max_length(255)])
    description = TextAreaField(
        _l("What the organisation does"), filters=[clean_text], validators=[optional(), max_length(DESCRIPTION_MAX)]
    )
    submit = SubmitField(_l("Save"))

    def validate_website(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError(str(_l("Please enter an address that starts with https://")))

    def fields(self) -> dict:
        return {"name": self.name.data, "website": self.website.data or None, "description": self.description.data}


class MemberForm(Form):
    email = StringField(
        _l("E-mail address of their Ovoz account"),
        filters=[clean_line],
        validators=[required(), max_length(254), email_address()],
    )
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    submit = SubmitField(_l("Add"))
