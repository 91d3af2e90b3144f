"""A group's members as a CSV file that opens in a spreadsheet: what the group page shows, nothing about authors.

Each row is a comment (or a petition of the pool): its number, when it was written, its language, where it is
(the provision's number, or the petition's title), the text, the wording proposed instead, and how it belongs to
the group. No name, e-mail address or account: the page shows none either.
"""

import io

from flask_babel import gettext as _
from sqlalchemy import case, select
from sqlalchemy.orm import aliased

from app.consultations.models import Comment, Provision
from app.core import spreadsheet
from app.extensions import db
from app.petitions.models import Petition
from app.submissions import services as submissions
from app.submissions.models import Cluster, Moderation, Submission

BATCH = 500  # rows read from the database at a time


def header() -> list[str]:
    """The column names, in the language of the request."""
    return [
        _("Number"),
        _("Written on (UTC)"),
        _("Language"),
        _("Provision or petition"),
        _("Text"),
        _("Proposed wording"),
        _("In this group"),
    ]


def _members(cluster: Cluster):
    """The group's published members with their comment (and provision) or petition, in the page's order."""
    provision = aliased(Provision)
    return (
        select(Submission, Comment.id, provision.number, Comment.amendment, Petition.id, Petition.title)
        .outerjoin(Comment, Comment.submission_id == Submission.id)
        .outerjoin(provision, provision.id == Comment.provision_id)
        .outerjoin(Petition, Petition.submission_id == Submission.id)
        .where(Submission.cluster_id == cluster.id, Submission.moderation == Moderation.PUBLISHED)
        .order_by(case((submissions.firm(), 1), else_=0), Submission.id)  # those to confirm first, as on the page
    )


def _belongs(submission: Submission) -> str:
    if submission.pinned:
        return _("Pinned")
    return _("Belongs here") if submissions.is_firm(submission) else _("To confirm")


def _row(member) -> tuple:
    submission, comment_id, provision, amendment, petition_id, title = member
    written = submission.created_at.strftime("%Y-%m-%d %H:%M")
    where = provision if comment_id is not None else title
    number = comment_id if comment_id is not None else petition_id
    return number, written, submission.language, where, submission.body, amendment, _belongs(submission)


def members_csv(cluster: Cluster) -> str:
    """The CSV file: the byte-order mark and the header, then every member, every cell neutralised.

    Built whole (a group of 40,000 comments is a few megabytes) rather than streamed, so that the database session
    and the request's language are those of the request, not of a generator that outlives it."""
    buffer = io.StringIO()
    rows = spreadsheet.writer(buffer, header())
    for member in db.session.execute(_members(cluster).execution_options(yield_per=BATCH)):
        spreadsheet.write_row(rows, _row(member))
    return buffer.getvalue()
