"""The open data page, the files, and the schema as JSON."""

from datetime import datetime

from flask import abort, current_app, jsonify, render_template, send_file

from app.opendata import files
from app.opendata.blueprint import bp
from app.opendata.datasets import BY_NAME, DATASETS, SCHEMA_VERSION


@bp.route("/open-data")
def index():
    manifest = files.manifest()
    return render_template(
        "opendata/index.html",
        datasets=DATASETS,
        manifest=manifest,
        generated=datetime.fromisoformat(manifest["generated_at"]) if manifest else None,
        interval=current_app.config["OVOZ_OPEN_DATA_INTERVAL"] // 60,
        schema_version=SCHEMA_VERSION,
        licence=files.LICENCE,
        licence_url=files.LICENCE_URL,
        csv_cells=files.CSV_CELLS,
        csv_encoding=files.CSV_ENCODING,
    )


@bp.route("/open-data/<name>.<fmt>")
def download(name, fmt):
    if name not in BY_NAME or fmt not in files.FORMATS or not files.path_of(name, fmt).is_file():
        abort(404)
    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return send_file(
        files.path_of(name, fmt), mimetype=mimetype, as_attachment=True, download_name=f"ovoz-{name}.{fmt}"
    )


@bp.route("/open-data/schema.json")
def schema():
    """The datasets and their columns, for programs (descriptions in the language of the URL)."""
    return jsonify(
        schema_version=SCHEMA_VERSION,
        licence=files.LICENCE,
        licence_url=files.LICENCE_URL,
        csv_cells=str(files.CSV_CELLS),
        csv_encoding=str(files.CSV_ENCODING),
        datasets=[
            {
                "name": dataset.name,
                "description": str(dataset.description),
                "formats": list(files.FORMATS),
                "columns": [
                    {"name": c.name, "type": c.type, "description": str(c.description)} for c in dataset.file_columns
                ],
            }
            for dataset in DATASETS
        ],
    )
