"""Forms of the consultation pages. Every message is ours and translated."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import ValidationError

from app.accounts.forms import region_choices
from app.agencies.forms import agency_choices
from app.consultations.labels import REPORT_REASONS
from app.core.forms import Form, clean_line, clean_text, max_length, optional, optional_id, plausible_date, required
from app.core.i18n import language_choices

BODY_MAX = 50_000
COMMENT_MAX = 5_000
AMENDMENT_MAX = 10_000
DRAFT_TEXT_MAX = 1_000_000


def local_to_utc(day, end_of_day: bool = False) -> datetime:
    """The start (or the last second) of a calendar day in the deployment's time zone, in UTC."""
    zone = ZoneInfo(current_app.config["OVOZ_TIMEZONE"])
    moment = datetime.combine(day, time.min, tzinfo=zone) + (
        timedelta(days=1, seconds=-1) if end_of_day else timedelta()
    )
    return moment.astimezone(ZoneInfo("UTC"))


class ConsultationForm(Form):
    title = StringField(_l("Title"), filters=[clean_line], validators=[required(), max_length(200)])
    summary = TextAreaField(_l("Summary"), filters=[clean_text], validators=[required(), max_length(2000)])
    body = TextAreaField(
        _l("Full description (Markdown)"), filters=[clean_text], validators=[optional(), max_length(BODY_MAX)]
    )
    agency_id = SelectField(_l("Agency"), coerce=optional_id, validate_choice=True)
    region_code = SelectField(_l("Where it applies"), validate_choice=True)
    opens_on = DateField(_l("Comments open on"), validators=[required(), plausible_date()])
    closes_on = DateField(_l("Comments close at the end of"), validators=[required(), plausible_date()])
    premoderation = BooleanField(_l("A moderator checks every comment before it is shown"))
    submit = SubmitField(_l("Save"))

    def fill_choices(self, agencies_of=None):
        choices = agency_choices(_l("— Choose the agency —"))
        self.agency_id.choices = [c for c in choices if agencies_of is None or c.value in ("", str(agencies_of))]
        self.region_code.choices = region_choices(_l("The whole country"))
        return self

    def validate_agency_id(self, field):
        if not field.data:
            raise ValidationError(str(_l("Please fill in this field.")))

    def validate_closes_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(str(_l("Comments cannot close before they open.")))

    def fields(self) -> dict:
        return {
            "title": self.title.data,
            "summary": self.summary.data,
            "body": self.body.data or "",
            "agency_id": self.agency_id.data,
            "region_code": self.region_code.data or None,
            "opens_at": local_to_utc(self.opens_on.data),
            "closes_at": local_to_utc(self.closes_on.data, end_of_day=True),
            "premoderation": self.premoderation.data,
        }


class DraftForm(Form):
    """Paste the draft, or upload it (DOCX, plain text or Markdown)."""

    text = TextAreaField(_l("Text of the draft"), filters=[clean_text], validators=[max_length(DRAFT_TEXT_MAX)])
    document = FileField(_l("Or upload the draft (.docx, .txt, .md)"))
    submit = SubmitField(_l("Split into provisions and preview"))

    def validate_text(self, field):
        if not field.data and not self.document.data:
            raise ValidationError(str(_l("Paste the text of the draft or upload a file.")))


class TranslationForm(Form):
    """The text of a version in another language: pasted or uploaded, read like the draft itself."""

    language = SelectField(_l("Language of this text"), validate_choice=True)
    text = TextAreaField(_l("Text in that language"), filters=[clean_text], validators=[max_length(DRAFT_TEXT_MAX)])
    document = FileField(_l("Or upload it (.docx, .txt, .md)"))
    submit = SubmitField(_l("Match it provision by provision"))

    def fill_choices(self, original: str):
        """Every language but the version's own."""
        self.language.choices = language_choices(but=original)
        return self

    def validate_text(self, field):
        if not field.data and not self.document.data:
            raise ValidationError(str(_l("Paste the text of the draft or upload a file.")))


class ConsultationTextForm(Form):
    """The title and summary in another language; both left empty, that language shows the original's."""

    language = SelectField(_l("Language"), validate_choice=True)
    title = StringField(_l("Title"), filters=[clean_line], validators=[optional(), max_length(200)])
    summary = TextAreaField(_l("Summary"), filters=[clean_text], validators=[optional(), max_length(2000)])
    submit = SubmitField(_l("Save"))

    def fill_choices(self):
        self.language.choices = language_choices()
        return self


class PublishVersionForm(Form):
    note = TextAreaField(
        _l("What changed in this version, and why (Markdown)"),
        filters=[clean_text],
        validators=[optional(), max_length(BODY_MAX)],
    )
    submit = SubmitField(_l("Publish this version"))


class CommentForm(Form):
    body = TextAreaField(_l("Your comment"), filters=[clean_text], validators=[required(), max_length(COMMENT_MAX)])
    quote = TextAreaField(
        _l("The passage you comment on (optional)"),
        filters=[clean_text],
        validators=[optional(), max_length(AMENDMENT_MAX)],
    )
    amendment = TextAreaField(
        _l("Proposed new text of this provision (optional)"),
        filters=[clean_text],
        validators=[optional(), max_length(AMENDMENT_MAX)],
    )
    submit = SubmitField(_l("Send the comment"))


class DraftCommentForm(Form):
    """A comment on the draft as a whole."""

    body = TextAreaField(_l("Your comment"), filters=[clean_text], validators=[required(), max_length(COMMENT_MAX)])
    submit = SubmitField(_l("Send the comment"))


class ReplyForm(Form):
    """A reply under a comment (its field is not "body": the page also has the comment form)."""

    reply = TextAreaField(_l("Your reply"), filters=[clean_text], validators=[required(), max_length(COMMENT_MAX)])
    submit = SubmitField(_l("Reply"))


class VoteForm(Form):
    value = HiddenField()


class ReportForm(Form):
    report = TextAreaField(
        _l("Summary of the consultation (Markdown)"),
        filters=[clean_text],
        validators=[required(), max_length(BODY_MAX)],
    )
    submit = SubmitField(_l("Publish the report"))


class DocumentForm(Form):
    document = FileField(_l("Document (PDF or DOCX, at most 10 MB)"))
    submit = SubmitField(_l("Attach the document"))

    def validate_document(self, field):
        if not field.data:
            raise ValidationError(str(_l("Please choose a file.")))


class QuestionForm(Form):
    text = TextAreaField(_l("Question"), filters=[clean_text], validators=[required(), max_length(1000)])
    submit = SubmitField(_l("Add the question"))


class AnswerForm(Form):
    answer = TextAreaField(_l("Your answer"), filters=[clean_text], validators=[required(), max_length(COMMENT_MAX)])
    submit = SubmitField(_l("Send the answer"))


class ReportCommentForm(Form):
    """Why a comment is reported: one reason of the list (the page lays the choices out per comment)."""

    reason = SelectField(_l("Why are you reporting this comment?"), validate_choice=True)

    def fill_choices(self):
        self.reason.choices = [(reason.value, str(label)) for reason, label in REPORT_REASONS.items()]
        return self
