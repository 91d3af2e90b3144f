"""Forms of the review workspace. Lists of chosen groups or members come from checkboxes named `ids`."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice

from app.core.forms import Form, as_id, clean_text, max_length, optional, plausible_date, required
from app.core.i18n import language_choices
from app.feedback.answers import MAX_ANSWER
from app.feedback.labels import STATUS_LABELS
from app.feedback.models import ReviewStatus
from app.feedback.reviews import MAX_REASON

MAX_CHOSEN = 500  # ids taken from one form; a page shows at most 50 members


def chosen_ids(form_data) -> list[int]:
    """The ids ticked in a form (checkboxes named `ids`); anything that is not an id is ignored."""
    values = form_data.getlist("ids")[:MAX_CHOSEN]
    return sorted({number for number in map(as_id, values) if number is not None})


class StatusForm(Form):
    status = SelectField(_l("Status"), choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()])
    reason = TextAreaField(_l("Reason"), filters=[clean_text], validators=[optional(), max_length(MAX_REASON)])
    due_on = DateField(_l("Due date (leave empty for the default)"), validators=[optional(), plausible_date()])
    submit = SubmitField(_l("Save the status"))

    @property
    def chosen(self) -> ReviewStatus:
        return ReviewStatus(self.status.data)


class AnswerForm(Form):
    body = TextAreaField(
        _l("Answer to everyone in this group (Markdown)"),
        filters=[clean_text],
        validators=[required(), max_length(MAX_ANSWER)],
    )
    submit = SubmitField(_l("Publish the answer"))


class AnswerTranslationForm(Form):
    """The answer in another language; left empty, that language shows the answer as published."""

    language = SelectField(_l("Language"), validate_choice=True)
    body = TextAreaField(
        _l("The answer in this language (Markdown)"),
        filters=[clean_text],
        validators=[optional(), max_length(MAX_ANSWER)],
    )
    submit = SubmitField(_l("Save"))

    def fill_choices(self):
        self.language.choices = language_choices()
        return self


class MembersForm(Form):
    """The members of a group, ticked, and what to do with them: move (to `target`) or split off."""

    target = IntegerField(_l("Number of the group to move them to"), validators=[optional()])
