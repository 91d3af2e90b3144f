"""The names of the scopes submissions are grouped in: the one place that builds and reads them.

A scope is a string stored with every submission and cluster: "petitions" (the pool of every petition,
so duplicates are found across all of them), "consultation:<id>" (comments on a consultation's draft)
and "consultation:<id>:question:<id>" (answers to one of its questions).
"""

from sqlalchemy import String, cast, literal

PETITIONS = "petitions"
_CONSULTATION = "consultation:"


def consultation_scope(consultation_id: int) -> str:
    """The scope of the comments on a consultation's draft."""
    return f"{_CONSULTATION}{consultation_id}"


def question_scope(consultation_id: int, question_id: int) -> str:
    """The scope of the answers to one question of a consultation."""
    return f"{_CONSULTATION}{consultation_id}:question:{question_id}"


def consultation_id_of(scope: str) -> int | None:
    """The consultation whose comments a scope holds (None for the pool and for a question's answers)."""
    rest = scope.removeprefix(_CONSULTATION)
    return int(rest) if rest != scope and rest.isdigit() else None


def consultation_scope_sql(consultation_id_column):
    """SQL: the comment scope of the consultation in that column, to join clusters to consultations."""
    return literal(_CONSULTATION) + cast(consultation_id_column, String)
