"""Rows that give something in another language (a title, a draft's text, an answer): one per language."""


def in_language(rows, language: str | None):
    """The row of `rows` (each with a `language`) written in `language`, or None."""
    return next((row for row in rows if row.language == language), None)


def put_in_language(rows: list, language: str, make, **values) -> None:
    """Give the values in `language`: update its row, or add one made by `make`; all values empty remove it."""
    existing = in_language(rows, language)
    if not any(values.values()):
        if existing is not None:
            rows.remove(existing)
    elif existing is not None:
        for name, value in values.items():
            setattr(existing, name, value)
    else:
        rows.append(make(language=language, **values))
