"""Building blocks for forms: normalising filters and validators with translated messages.

WTForms' own messages are not translated into every Ovoz locale, so every validator used in
Ovoz comes from here with a message of ours.
"""

from functools import cached_property
from urllib.parse import parse_qsl

from flask import Request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from werkzeug.exceptions import BadRequest
from werkzeug.formparser import FormDataParser
from wtforms import SubmitField, validators

from app.core.text import REPLACEMENT_CHARACTER, MalformedText, is_blank, normalize_line, normalize_multiline

MALFORMED_MESSAGE = _l(
    "Some characters could not be read (the text was not valid UTF-8). Please retype them and send again."
)


# Messages WTForms produces itself; listed so that they are extracted into Ovoz's catalogs.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Invalid input."),
)


class _FormDataParser(FormDataParser):
    """Read urlencoded forms as multipart ones are read: bytes that are not UTF-8 become U+FFFD.

    Werkzeug 3 turns them back into text such as "%FF" instead, which would be saved as if the
    person had typed it; U+FFFD lets the fields refuse it with MALFORMED_MESSAGE.
    """

    def parse(self, stream, mimetype, content_length, options=None):
        if mimetype != "application/x-www-form-urlencoded":
            return super().parse(stream, mimetype, content_length, options)
        body = stream.read().decode("utf-8", "replace")  # the body is already capped by MAX_CONTENT_LENGTH
        fields = self.max_form_parts or 1000
        try:
            items = parse_qsl(body, keep_blank_values=True, errors="replace", max_num_fields=fields)
        except ValueError as refused:  # more fields than any form has: a request no page of ours sends
            raise BadRequest() from refused
        return stream, self.cls(items), self.cls()


class FormRequest(Request):
    form_data_parser_class = _FormDataParser

    @cached_property
    def args(self):
        """The query string without NUL characters: no database text can hold one (PostgreSQL refuses the query),
        and no page of ours sends one."""
        pairs = super().args.items(multi=True)
        return self.parameter_storage_class((key.replace("\x00", ""), text.replace("\x00", "")) for key, text in pairs)


def register_forms(app):
    """Requests whose urlencoded forms keep unreadable bytes visible to the validators."""
    app.request_class = FormRequest


class _OvozTranslations:
    """WTForms asks the form for translations; answer from Ovoz's own catalogs."""

    def gettext(self, string):
        return _(string)

    def ngettext(self, singular, plural, n):
        return ngettext(singular, plural, n)


class Form(FlaskForm):
    """The base of every Ovoz form: CSRF from Flask-WTF, every message in the user's language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _OvozTranslations()


class ConfirmForm(Form):
    """A button that changes something, protected by CSRF."""

    submit = SubmitField(_l("Confirm"))


def clean_line(value):
    """WTForms filter: normalise a one-line field."""
    if value is None or not isinstance(value, str):
        return value
    try:
        return normalize_line(value)
    except MalformedText:
        raise ValueError(str(MALFORMED_MESSAGE)) from None


def clean_text(value):
    """WTForms filter: normalise a multi-line field."""
    if value is None or not isinstance(value, str):
        return value
    try:
        return normalize_multiline(value)
    except MalformedText:
        raise ValueError(str(MALFORMED_MESSAGE)) from None


class Required:
    """Like DataRequired, but zero-width and other invisible characters do not count as text."""

    field_flags = {"required": True}

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        data = field.data
        if data is None or data is False or (isinstance(data, str) and is_blank(data)) or data in ((), [], ""):
            typed = any(isinstance(raw, str) and not is_blank(raw) for raw in field.raw_data or ())
            if field.process_errors and typed:  # something was typed but could not be read (a date): say that
                raise validators.StopValidation()
            field.errors[:] = []
            raise validators.StopValidation(str(self.message or _("Please fill in this field.")))


class WellFormed:
    """For fields without a normalising filter (passwords): refuse bytes that were not UTF-8."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and REPLACEMENT_CHARACTER in field.data:
            raise validators.StopValidation(str(MALFORMED_MESSAGE))


def as_id(value: str) -> int | None:
    """A database id sent in a form: ASCII digits within an integer column's range; None for anything else
    ("²" is a digit to Python, and 2**31 overflows PostgreSQL's integer)."""
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None


def positive_int(value: str) -> int:
    """`type=` for a query argument that is a page number or an id: as `as_id`, and anything else is a ValueError,
    so that `request.args.get` gives its default instead of a huge number the database cannot hold."""
    number = as_id(value)
    if number is None:
        raise ValueError(value)
    return number


def optional_id(value):
    """SelectField coerce for an optional id: "" is None."""
    return int(value) if value not in (None, "") else None


def well_formed():
    return WellFormed()


def required(message=None):
    """A required field, with our message."""
    return Required(message)


def optional():
    return validators.Optional()


def max_length(limit: int):
    """At most `limit` characters, said in the user's language."""
    return validators.Length(max=limit, message=_l("Please use at most %(max)d characters.", max=limit))


FIRST_YEAR, LAST_YEAR = 2000, 2100  # of a date a person chooses: year 1 or 9999 is a typo


def plausible_date():
    """A date between FIRST_YEAR and LAST_YEAR (date arithmetic on year 1 or 9999 would overflow anyway)."""

    def check(form, field):
        if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
            message = _("Please choose a date between the years %(first)s and %(last)s.")
            raise validators.ValidationError(message % {"first": FIRST_YEAR, "last": LAST_YEAR})

    return check


def length_between(low: int, high: int):
    """Between `low` and `high` characters."""
    return validators.Length(
        min=low, max=high, message=_l("Please use between %(min)d and %(max)d characters.", min=low, max=high)
    )


def email_address():
    """A syntactically valid e-mail address (deliverability is proven by the confirmation link)."""
    return validators.Email(
        message=_l("Please enter a valid e-mail address, like name@example.org."),
        check_deliverability=False,
    )


def field_attributes(field, hint=None, autocomplete=None) -> dict:
    """HTML attributes that tie a field to its hint and errors for assistive technology."""
    described = [f"{field.id}-hint"] * bool(hint) + [f"{field.id}-error"] * bool(field.errors)
    attributes = {"aria-describedby": " ".join(described), "autocomplete": autocomplete}
    if field.errors:
        attributes["aria-invalid"] = "true"
    if field.flags.required and field.type != "BooleanField":
        attributes["required"] = True
    return {name: value for name, value in attributes.items() if value}
