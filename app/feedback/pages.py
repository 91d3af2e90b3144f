"""What the review pages show: a group with its members and the forms to work on it."""

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user

from app.core.forms import positive_int
from app.feedback import scopes, suggestions, workspace
from app.feedback.access import own_agency
from app.feedback.forms import AnswerForm, MembersForm, StatusForm, chosen_ids
from app.feedback.labels import STATUS_LABELS
from app.geo import current_country
from app.submissions.models import Cluster
from app.submissions.services import is_firm


def cluster_page(group: Cluster, status_form=None, answer_form=None, members_form=None):
    """A group with its members and the forms to work on it (as submitted, when one was refused)."""
    consultation, locale = scopes.consultation_of(group), str(get_locale())
    (row,) = workspace.describe([group], consultation, locale)
    review = row.review
    page = workspace.members(group, request.args.get("page", 1, type=positive_int))
    weak = [submission for submission, _source in page.pairs if not is_firm(submission)]
    status_form = status_form or StatusForm(
        status=str(row.status), reason=review.reason if review else "", due_on=review.due_on if review else None
    )
    return render_template(
        "feedback/cluster.html",
        consultation=consultation,
        row=row,
        page=page,
        weak=weak,
        near=suggestions.near_group(group, own_agency(), locale),
        near_members=suggestions.near_members(group, weak, own_agency(), locale),
        country=current_country(),
        may_decide=scopes.may_decide(current_user, group),
        may_shape=scopes.may_shape(current_user, group),
        touchable=scopes.touchable(current_user, [submission for submission, _source in page.pairs]),
        status_form=status_form,
        answer_form=answer_form or AnswerForm(body=row.answer.body if row.answer else ""),
        members_form=members_form or MembersForm(formdata=None),
        chosen=set(chosen_ids(request.form)) if members_form else set(),
        statuses=STATUS_LABELS,
        is_firm=is_firm,
    )
