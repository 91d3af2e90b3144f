"""Following consultations, petitions and agencies, by a person or an organisation; telling followers.

`tell()` is what other features call when something happens: it writes the news down in the
caller's transaction and a job tells every follower after the commit (app/following/news.py).
The caller commits.
"""

from blinker import Namespace
from sqlalchemy import and_, delete, exists, or_, select

from app.accounts.models import User
from app.core.db import insert_unless_present
from app.core.queue import enqueue_after_commit
from app.extensions import db
from app.following.models import (
    Delivery,
    DigestItem,
    Follow,
    FollowSettings,
    Kind,
    News,
    Organisation,
    OrganisationMember,
)

#: Sent with a piece of news before its followers are told: a receiver returns a select of the ids of people that
#: its feature tells of the same event directly (the authors of an answered group, a petition's signers), or None.
#: They are left out here, so that one event is one notice (issue 16); the feature that knows them says who they are.
told_directly = Namespace().signal("news-told-directly")


def kind_of(value: str) -> Kind | None:
    """The kind named in an address, or None."""
    try:
        return Kind(value)
    except ValueError:
        return None


def _model(kind: Kind):
    # Imported when needed: consultations and petitions import this module to tell their followers.
    from app.agencies.models import Agency
    from app.consultations.models import Consultation
    from app.petitions.models import Petition

    return {Kind.CONSULTATION: Consultation, Kind.PETITION: Petition, Kind.AGENCY: Agency}[kind]


def target_of(kind: Kind, target_id: int):
    """The consultation, published petition or agency that can be followed; None if there is none."""
    target = db.session.get(_model(kind), target_id)
    if kind == Kind.PETITION and target is not None and not target.is_published:
        return None
    return target


def targets_of(kind: Kind, ids) -> dict:
    """The things of one kind with these ids, by id (one query for a list of follows)."""
    model = _model(kind)
    ids = set(ids)
    return {t.id: t for t in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


def title_of(kind: Kind, target, locale: str) -> str:
    """What a followed thing is called, in a locale."""
    return target.name(locale) if kind == Kind.AGENCY else target.title


# -- following ------------------------------------------------------------------------------------


def _by(follower):
    """The column and value that say who follows: a person or an organisation."""
    if isinstance(follower, Organisation):
        return Follow.organisation_id, follower.id
    return Follow.user_id, follower.id


def follow(follower, kind: Kind, target_id: int) -> None:
    """`follower` (a User or an Organisation) follows a thing; following twice is following once."""
    column, value = _by(follower)
    statement = insert_unless_present(Follow, db.session.connection())
    db.session.execute(statement.values({column.key: value, "kind": kind, "target_id": target_id}))


def unfollow(follower, kind: Kind, target_id: int) -> None:
    column, value = _by(follower)
    db.session.execute(delete(Follow).where(column == value, Follow.kind == kind, Follow.target_id == target_id))


def is_following(follower, kind: Kind, target_id: int) -> bool:
    if follower is None or not getattr(follower, "is_authenticated", True):
        return False
    column, value = _by(follower)
    return db.session.scalar(
        select(exists().where(column == value, Follow.kind == kind, Follow.target_id == target_id))
    )


def follows_of(follower) -> list[Follow]:
    """What a person or an organisation follows, newest first."""
    column, value = _by(follower)
    return list(db.session.scalars(select(Follow).where(column == value).order_by(Follow.id.desc())))


def described(follows: list[Follow], locale: str) -> list[dict]:
    """Follows with what they point at (those whose target is gone are left out), for pages and exports."""
    found = {kind: targets_of(kind, [f.target_id for f in follows if f.kind == kind]) for kind in Kind}
    rows = []
    for item in follows:
        target = found[item.kind].get(item.target_id)
        if target is not None:
            rows.append({"follow": item, "target": target, "title": title_of(item.kind, target, locale)})
    return rows


# -- how a person is told -------------------------------------------------------------------------


def delivery_of(user) -> Delivery:
    settings = db.session.get(FollowSettings, user.id)
    return settings.delivery if settings else Delivery.INBOX


def set_delivery(user, delivery: Delivery) -> None:
    """Choose inbox only, or a daily or weekly digest too; news waiting for a digest goes with the digest."""
    settings = db.session.get(FollowSettings, user.id) or FollowSettings(user_id=user.id)
    settings.delivery = delivery
    db.session.add(settings)
    if delivery == Delivery.INBOX:  # it is in the inbox already; no e-mail will carry it any more
        db.session.execute(delete(DigestItem).where(DigestItem.user_id == user.id))


# -- telling followers ----------------------------------------------------------------------------


def _about(targets) -> object:
    return or_(*(and_(Follow.kind == kind, Follow.target_id == target_id) for kind, target_id in targets))


def follower_ids(targets):
    """A condition on User.id: following one of `targets` ((kind, id) pairs), directly or through an organisation."""
    about = _about(targets)
    direct = select(Follow.user_id).where(Follow.user_id.is_not(None), about)
    through = select(OrganisationMember.user_id).join(
        Follow, Follow.organisation_id == OrganisationMember.organisation_id
    )
    return or_(User.id.in_(direct), User.id.in_(through.where(about)))


def told_elsewhere(news: News) -> list:
    """Conditions on User.id leaving out whoever another feature tells of this news directly."""
    selects = [ids for _receiver, ids in told_directly.send(news) if ids is not None]
    return [User.id.not_in(ids) for ids in selects]


def news_targets(news: News) -> list[tuple[Kind, int]]:
    """Whose followers hear of a piece of news: its consultation or petition, and the agency named with it."""
    return [(news.kind, news.target_id)] + [(Kind.AGENCY, news.agency_id)] * (news.agency_id is not None)


def tell(kind: Kind, target_id: int, what: str, agency_id: int | None = None, **details) -> News | None:
    """Tell the followers of a consultation or petition (and of `agency_id`) what happened, each person once.

    `what` names the news (see app/following/news.py). Nothing is written when nobody follows.
    """
    targets = [(kind, target_id)] + [(Kind.AGENCY, agency_id)] * (agency_id is not None)
    if not db.session.scalar(select(exists().where(_about(targets)))):
        return None
    news = News(kind=kind, target_id=target_id, agency_id=agency_id, what=what, details=details)
    db.session.add(news)
    db.session.flush()
    enqueue_after_commit(db.session, "workers.following.tell_followers", news.id)
    return news


# -- personal data --------------------------------------------------------------------------------


def personal_data(sender, user, **extra) -> tuple[str, dict]:
    """What this feature holds about a person, for their data download (connected in create_app)."""
    memberships = db.session.scalars(select(OrganisationMember).where(OrganisationMember.user_id == user.id))
    return "following", {
        "delivery": str(delivery_of(user)),
        "follows": [
            {"kind": str(row["follow"].kind), "title": row["title"], "since": row["follow"].created_at.isoformat()}
            for row in described(follows_of(user), user.locale)
        ],
        "organisations": [
            {"name": m.organisation.name, "role": str(m.role), "since": m.created_at.isoformat()} for m in memberships
        ],
    }
