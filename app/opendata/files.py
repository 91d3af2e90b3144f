"""Writing the open data files: streamed row by row, swapped in whole, described by a manifest.

Each dataset is written as CSV and as JSON (an array of objects) into a temporary file that replaces
the published one only when complete, so a download never sees half a file. Nothing holds more than
a batch of rows in memory.
"""

import csv
import enum
import json
import os
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core.db import utcnow
from app.opendata.datasets import DATASETS, SCHEMA_VERSION, Dataset

FORMATS = ("csv", "json")
MANIFEST = "manifest.json"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def folder() -> Path:
    return Path(current_app.config["OVOZ_OPEN_DATA"])


def _plain(value):
    """A value as it is written to a file: dates in ISO 8601, enums and JSON as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


#: What a spreadsheet may run as a formula when a cell begins with it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CELLS = _l(
    "In the CSV files, a text cell that begins with =, +, -, @, a tab or a carriage return starts with an apostrophe "
    "('), so that a spreadsheet shows it instead of running it as a formula; the JSON files keep every text as written."
)


def _cell(value):
    """A value as it is written to a CSV cell: text that a spreadsheet would run as a formula is neutralised."""
    value = "" if value is None else _plain(value)
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def write_csv(dataset: Dataset, handle) -> int:
    """A header row, then every row; returns how many rows were written."""
    writer = csv.writer(handle)
    writer.writerow([column.name for column in dataset.all_columns])
    count = 0
    for row in dataset.rows():
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def write_json(dataset: Dataset, handle) -> int:
    """A JSON array of one object per row, written as it is read; returns how many rows were written."""
    names = [column.name for column in dataset.all_columns]
    handle.write("[")
    count = 0
    for row in dataset.rows():
        record = dict(zip(names, (_plain(value) for value in row), strict=True))
        handle.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        count += 1
    handle.write("\n]\n")
    return count


WRITERS = {"csv": write_csv, "json": write_json}


def path_of(name: str, fmt: str) -> Path:
    return folder() / f"{name}.{fmt}"


def regenerate() -> dict:
    """Write every dataset in every format, then the manifest; returns the manifest."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    started = utcnow()
    files = {}
    for dataset in DATASETS:
        for fmt in FORMATS:
            files[f"{dataset.name}.{fmt}"] = _write(dataset, fmt, target)
    manifest = {"schema_version": SCHEMA_VERSION, "generated_at": started.isoformat(), "licence": LICENCE,
                "files": files}  # fmt: skip
    _replace(target / MANIFEST, lambda handle: json.dump(manifest, handle, indent=2))
    return manifest


def _write(dataset: Dataset, fmt: str, target: Path) -> dict:
    path = target / f"{dataset.name}.{fmt}"
    rows = _replace(path, lambda handle: WRITERS[fmt](dataset, handle))
    return {"rows": rows, "bytes": path.stat().st_size}


def _replace(path: Path, write):
    """Write to a temporary file beside `path`, then move it into place in one step; returns what `write` did."""
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        result = write(handle)
    os.replace(partial, path)
    return result


def manifest() -> dict | None:
    """What was generated and when, or None before the first generation."""
    path = folder() / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
