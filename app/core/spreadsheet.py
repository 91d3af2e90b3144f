"""CSV that a spreadsheet opens as meant: UTF-8 with a byte-order mark, one plain value a cell, no formulas.

Excel reads a CSV file without a byte-order mark in the computer's legacy code page, which turns Cyrillic,
Tajik and Azerbaijani letters into mojibake; with the mark it reads UTF-8. Open data and the officials' exports
both write through here.
"""

import csv
import enum
from datetime import date, datetime

BOM = "\ufeff"
#: What a spreadsheet may run as a formula when a cell begins with it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(value):
    """A value as it is written to a file: dates in ISO 8601, enums by their value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def cell(value):
    """A value as it is written to a CSV cell: text that a spreadsheet would run as a formula is neutralised."""
    if isinstance(value, dict | list | tuple):
        raise TypeError("a CSV cell holds one value, not a mapping or a list: spread it into columns")
    value = "" if value is None else plain(value)
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def writer(handle, header) -> "csv.writer":
    """A CSV writer on a text `handle` that has written the byte-order mark and the header row."""
    handle.write(BOM)
    rows = csv.writer(handle)
    rows.writerow([cell(name) for name in header])
    return rows


def write_row(rows, values) -> None:
    """One row, every cell neutralised."""
    rows.writerow([cell(value) for value in values])
