"""The inbox page: load -> authorize -> show; opening a page marks its messages read."""

from flask import render_template, request
from flask_login import current_user, login_required

from app.core.forms import positive_int
from app.extensions import db
from app.inbox import services
from app.inbox.blueprint import bp


@bp.route("/inbox")
@login_required
def index():
    page = services.messages_of(current_user.id, request.args.get("page", 1, type=positive_int))
    unread = {m.id for m in page.items if m.read_at is None}
    services.mark_read(current_user.id, list(unread))
    db.session.commit()
    return render_template("inbox/index.html", page=page, unread=unread)


@bp.app_context_processor
def _unread_messages():
    """`unread_messages()` in every template: the signed-in person's unread count (asked only when shown)."""

    def unread_messages() -> int:
        return services.unread_count(current_user.id) if current_user.is_authenticated else 0

    return {"unread_messages": unread_messages}
