from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Regexp, ValidationError

from app.accounts.models import Role
from app.core.forms import Form, clean_line, max_length, optional, required
from app.core.i18n import LOCALE_NAMES

ROLE_LABELS = {
    Role.CITIZEN: _l("Citizen"),
    Role.MODERATOR: _l("Moderator"),
    Role.OFFICIAL: _l("Official"),
    Role.ADMIN: _l("Administrator"),
}


def _name_field(code):
    return StringField(LOCALE_NAMES[code], filters=[clean_line], validators=[optional(), max_length(200)])


class AgencyForm(Form):
    slug = StringField(
        _l("Short identifier in addresses (Latin letters, digits and hyphens)"),
        filters=[clean_line],
        validators=[
            required(),
            max_length(64),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use small Latin letters, digits and hyphens.")),
        ],
    )
    name_en = _name_field("en")
    name_ru = _name_field("ru")
    name_tg = _name_field("tg")
    name_uz = _name_field("uz")
    name_az = _name_field("az")
    name_kk = _name_field("kk")
    name_ky = _name_field("ky")
    website = URLField(_l("Website"), filters=[clean_line], validators=[optional(), max_length(255)])
    submit = SubmitField(_l("Save"))

    def validate_website(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError(str(_l("Please enter an address that starts with https://")))

    def names(self) -> dict[str, str]:
        return {code: getattr(self, f"name_{code}").data for code in LOCALE_NAMES if getattr(self, f"name_{code}").data}

    def fill_names(self, names: dict[str, str]):
        for code, value in names.items():
            if code in LOCALE_NAMES:
                getattr(self, f"name_{code}").data = value

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not self.names():
            self.name_en.errors.append(str(_l("Please give the agency a name in at least one language.")))
            return False
        return valid


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()])
    agency_id = SelectField(_l("Agency"), coerce=lambda v: int(v) if v else None)
    submit = SubmitField(_l("Save role"))

    def fill_agencies(self, agencies, locale):
        self.agency_id.choices = [SelectChoice("", str(_l("— None —")))] + [
            SelectChoice(str(a.id), a.name(locale)) for a in agencies
        ]
        return self

    def validate_agency_id(self, field):
        if self.role.data in (Role.OFFICIAL, Role.MODERATOR) and not field.data:
            raise ValidationError(str(_l("Officials and moderators must belong to an agency.")))
