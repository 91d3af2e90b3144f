"""The hot path of signing: add or confirm a signature and move its petition's count at once.

A popular petition gets hundreds of signatures a second, each a request that must neither be lost
nor counted twice. On PostgreSQL the signature and the count change in one statement (a
data-modifying CTE), so a request makes one round trip for them and holds the petition's row
lock for the shortest time; SQLite, which has no such CTE, runs the same two statements in turn.
The statements are built once and run on the session's connection, without the ORM's per-call
work. Each returns what decides whether a threshold may have been crossed.
"""

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.petitions.models import Petition, Signature, SignatureState, State

_S, _P = Signature.__table__, Petition.__table__
SIGNABLE = (State.SPONSORING, State.OPEN)
_COLUMNS = [column for column in _S.columns if column.name != "id"]


@dataclass(frozen=True)
class Count:
    """A petition's count just after it moved, and what the threshold checks need."""

    petition_id: int
    count: int
    state: State
    response_due: bool  # the response threshold was reached before
    consideration_due: bool


def _move_count(petition_id) -> object:
    return (
        update(_P)
        .where(_P.c.id == petition_id)
        .values(signature_count=_P.c.signature_count + bindparam("change"))
        .returning(
            _P.c.id,
            _P.c.signature_count,
            _P.c.state,
            _P.c.response_due_at,
            _P.c.consideration_due_at,
        )
    )


def _insert(dialect):
    """Insert a signature unless the person signed already; parameters are prefixed "s_" because an
    UPDATE reserves the names of its table's columns for itself."""
    values = {column.name: bindparam(f"s_{column.name}", type_=column.type) for column in _COLUMNS}
    return dialect.insert(_S).values(values).on_conflict_do_nothing().returning(_S.c.petition_id)


_CONFIRM = (
    update(_S)
    .where(
        _S.c.id == bindparam("signature"),
        _S.c.state == SignatureState.PENDING,
        _S.c.petition_id.in_(select(_P.c.id).where(_P.c.state.in_(SIGNABLE))),
    )
    .values(state=SignatureState.CONFIRMED, confirmed_at=bindparam("s_confirmed_at", type_=_S.c.confirmed_at.type))
    .returning(_S.c.petition_id)
)
#: A signature struck out by a moderator before anyone confirmed it: anyone may type an address, so it was
#: never given by the address's owner and is no one's. One its owner had confirmed stays struck out.
NEVER_GIVEN = and_(_S.c.state == SignatureState.INVALID, _S.c.confirmed_at.is_(None))
# A signed-in person's signature takes over a pending (or never given) one with their address, perhaps
# typed by someone else: it becomes theirs, with their name, and counts; the e-mailed link then finds
# nothing pending.
_TAKEN_OVER = (
    "user_id",
    "name",
    "region_code",
    "locale",
    "state",
    "sponsor",
    "ip_address",
    "created_at",
    "confirmed_at",
    "identity_hash",
)
_TAKE_OVER = (
    update(_S)
    .where(
        _S.c.petition_id == bindparam("s_petition_id"),
        _S.c.email == bindparam("s_email"),
        or_(_S.c.state == SignatureState.PENDING, NEVER_GIVEN),
        _S.c.petition_id.in_(select(_P.c.id).where(_P.c.state.in_(SIGNABLE))),
    )
    .values({name: bindparam(f"s_{name}", type_=_S.c[name].type) for name in _TAKEN_OVER})
    .returning(_S.c.petition_id)
)
_ADDED = _insert(postgresql).cte("added")
_CONFIRMED = _CONFIRM.cte("confirmed")
_PG_ADD = _move_count(select(_ADDED.c.petition_id).scalar_subquery()).add_cte(_ADDED)
_PG_CONFIRM = _move_count(select(_CONFIRMED.c.petition_id).scalar_subquery()).add_cte(_CONFIRMED)
_TAKEN = _TAKE_OVER.cte("taken")
_PG_TAKE_OVER = _move_count(select(_TAKEN.c.petition_id).scalar_subquery()).add_cte(_TAKEN)
_SQLITE_INSERT = _insert(sqlite)
_MOVE = _move_count(bindparam("petition"))


def _count(row) -> Count | None:
    return Count(row[0], row[1], State(row[2]), row[3] is not None, row[4] is not None) if row else None


def _run(pg_statement, first_statement, parameters: dict) -> Count | None:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return _count(connection.execute(pg_statement, parameters | {"change": 1}).first())
    petition_id = connection.execute(first_statement, parameters).scalar()
    return move(petition_id, 1) if petition_id is not None else None


def _parameters(values: dict) -> dict:
    return {f"s_{column.name}": values.get(column.name) for column in _COLUMNS}


def add(values: dict) -> Count | None:
    """Add a confirmed signature and count it; None if this address had a signature already."""
    return _run(_PG_ADD, _SQLITE_INSERT, _parameters(values))


def take_over(values: dict) -> Count | None:
    """Make the pending (or never given) signature of this address the signed-in person's, confirmed, and
    count it; None if there was none (or the petition is not signable)."""
    return _run(_PG_TAKE_OVER, _TAKE_OVER, _parameters(values))


def confirm(signature_id: int, when) -> Count | None:
    """Count a pending signature of a signable petition; None if it was not pending or not signable."""
    return _run(_PG_CONFIRM, _CONFIRM, {"signature": signature_id, "s_confirmed_at": when})


def move(petition_id: int, change: int) -> Count:
    """Move a count by `change` (withdrawals and strikes are negative)."""
    return _count(db.session.connection().execute(_MOVE, {"petition": petition_id, "change": change}).first())


def verified(petition_id) -> object:
    """How many of a petition's counted signatures are identity-verified (each a different person): the one
    expression the petition page and the open data count them with."""
    return (
        select(func.count())
        .select_from(_S)
        .where(_S.c.petition_id == petition_id, _S.c.state == SignatureState.CONFIRMED, _S.c.identity_hash.is_not(None))
        .scalar_subquery()
    )
