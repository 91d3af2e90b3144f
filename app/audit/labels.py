"""How the audit log reads: a translated name for each action code, and its details as short "key: value" lines."""

from flask_babel import lazy_gettext as _l

#: Every action code the app records (a test checks the code for new ones), with what an administrator reads.
ACTION_LABELS = {
    "account.signed_in": _l("Signed in"),
    "account.sign_in_failed": _l("Sign-in failed"),
    "account.two_factor_failed": _l("Second sign-in step failed"),
    "account.two_factor_enabled": _l("Two-step sign-in turned on"),
    "account.two_factor_disabled": _l("Two-step sign-in turned off"),
    "account.two_factor_reset": _l("Two-step sign-in reset"),
    "account.recovery_codes_renewed": _l("Recovery codes renewed"),
    "account.recovery_code_used": _l("Recovery code used"),
    "account.signed_out_everywhere": _l("Signed out everywhere"),
    "account.password_reset": _l("Password reset"),
    "account.password_changed": _l("Password changed"),
    "account.data_exported": _l("Personal data downloaded"),
    "account.deleted": _l("Account deleted"),
    "account.admin_created": _l("Administrator account created"),
    "account.admin_refused": _l("Administrator account refused"),
    "user.role_changed": _l("Role changed"),
    "agency.created": _l("Agency created"),
    "agency.updated": _l("Agency changed"),
    "consultation.created": _l("Consultation created"),
    "consultation.edited": _l("Consultation edited"),
    "consultation.announced": _l("Consultation announced"),
    "consultation.open": _l("Consultation opened for comments"),
    "consultation.closed": _l("Consultation closed for comments"),
    "consultation.reported": _l("Consultation report published"),
    "consultation.version": _l("Draft version published"),
    "consultation.draft_imported": _l("Draft imported"),
    "consultation.translation_imported": _l("Draft text in another language imported"),
    "consultation.details_translated": _l("Title and summary given in another language"),
    "consultation.question_added": _l("Question added"),
    "consultation.document_added": _l("Document added"),
    "consultation.document_removed": _l("Document removed"),
    "comment.published": _l("Comment published"),
    "comment.rejected": _l("Comment rejected"),
    "comment.hidden_by_reports": _l("Comment hidden by reports"),
    "comment.kept": _l("Reported comment kept"),
    "comment.removed": _l("Reported comment removed"),
    "comment.shown_after_deadline": _l("Reported comment shown again after the deadline"),
    "cluster.status": _l("Group decision set"),
    "cluster.answer": _l("Group answered"),
    "cluster.answer_amended": _l("Group answer amended"),
    "cluster.answer_translated": _l("Group answer given in another language"),
    "cluster.merge": _l("Groups merged"),
    "cluster.split": _l("Group split"),
    "cluster.move": _l("Members moved to another group"),
    "cluster.confirm": _l("Member confirmed in its group"),
    "cluster.pin": _l("Member pinned or unpinned"),
    "petition.submitted": _l("Petition submitted"),
    "petition.sponsored": _l("Petition found its sponsors"),
    "petition.opened": _l("Petition published"),
    "petition.rejected": _l("Petition rejected"),
    "petition.hidden": _l("Petition hidden"),
    "petition.closed": _l("Petition closed"),
    "petition.response-threshold": _l("Petition reached the threshold for an answer"),
    "petition.consideration-threshold": _l("Petition reached the threshold for consideration"),
    "petition.responded": _l("Petition answered"),
    "petition.considered": _l("Petition considered"),
    "petition.sent-on": _l("Petition sent on to another agency"),
    "petition.signatures_invalidated": _l("Signatures struck out"),
}
LONGEST = 120  # characters of a value shown; the rest is cut with an ellipsis


def action_label(code: str) -> str:
    """The translated name of an action; an unknown code (an older release's) as it is."""
    return str(ACTION_LABELS.get(code, code))


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _shortened(text: str) -> str:
    text = " ".join(text.split())  # an answer's Markdown on one line
    return text if len(text) <= LONGEST else text[: LONGEST - 1].rstrip() + "…"


def detail_lines(details: dict | None, prefix: str = "") -> list[tuple[str, str]]:
    """The details as (key, value) lines: nested mappings as dotted keys, lists joined, text as written, long
    values shortened."""
    lines = []
    for key, value in (details or {}).items():
        if isinstance(value, dict) and value:
            lines += detail_lines(value, f"{prefix}{key}.")
        else:
            lines.append((f"{prefix}{key}", _shortened(_text(value if value != {} else None))))
    return lines
