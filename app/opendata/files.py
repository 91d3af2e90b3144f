"""Writing the open data files: streamed row by row, swapped in whole, described by a manifest.

Each dataset is written as CSV (UTF-8 with a byte-order mark, for spreadsheets: app.core.spreadsheet) and as JSON
(an array of objects) into a temporary file that replaces the published one only when complete, so a download
never sees half a file. Nothing holds more than
a batch of rows in memory.
"""

import json
import os
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.core import spreadsheet
from app.core.db import utcnow
from app.opendata.datasets import DATASETS, SCHEMA_VERSION, Dataset

FORMATS = ("csv", "json")
MANIFEST = "manifest.json"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def folder() -> Path:
    return Path(current_app.config["OVOZ_OPEN_DATA"])


#: What a spreadsheet may run as a formula when a cell begins with it (the one list: app.core.spreadsheet).
FORMULA_STARTS = spreadsheet.FORMULA_STARTS
CSV_CELLS = _l(
    "In the CSV files, a text cell that begins with =, +, -, @, a tab or a carriage return starts with an apostrophe "
    "('), so that a spreadsheet shows it instead of running it as a formula; the JSON files keep every text as written."
)
CSV_ENCODING = _l(
    "The CSV files are UTF-8 with a byte-order mark, so that Excel and other spreadsheets show every alphabet "
    "correctly (a program reads them with the encoding utf-8-sig); the JSON files are UTF-8 without one. "
    "A cell holds one value: a value per language has a column per language."
)


def write_csv(dataset: Dataset, handle) -> int:
    """The byte-order mark, a header row, then every row; returns how many rows were written."""
    rows = spreadsheet.writer(handle, [column.name for column in dataset.file_columns])
    count = 0
    for row in dataset.file_rows():
        spreadsheet.write_row(rows, row)
        count += 1
    return count


def write_json(dataset: Dataset, handle) -> int:
    """A JSON array of one object per row, written as it is read; returns how many rows were written."""
    names = [column.name for column in dataset.file_columns]
    handle.write("[")
    count = 0
    for row in dataset.file_rows():
        record = dict(zip(names, (spreadsheet.plain(value) for value in row), strict=True))
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
