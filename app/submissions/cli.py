"""`flask semantic ...`: cluster a file, refine scopes, re-embed after a model change."""

import csv
import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.semantic import directions
from app.semantic.pipeline import embed_all, group_texts
from app.submissions import services
from app.submissions.models import ScopeState, Submission, TextEmbedding


@click.group()
def semantic():
    """The semantic engine."""


def _read(path: Path, text_column: str, id_column: str) -> list[tuple[str, str]]:
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        missing = {text_column, id_column} - set(rows[0] if rows else {})
        if missing:
            raise click.UsageError(f"{path.name} has no column {', '.join(sorted(missing))}")
        return [(str(r[id_column]), r[text_column] or "") for r in rows]
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
                records.append((str(record["id"]), str(record["text"])))
            except (ValueError, KeyError, TypeError) as error:
                raise click.UsageError(f"{path.name}, line {number}: needs a JSON object with id and text") from error
    return records


@semantic.command("cluster")
@click.argument("input_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("output_path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--text-column", default="text", show_default=True, help="CSV column with the text.")
@click.option("--id-column", default="id", show_default=True, help="CSV column with the id.")
@with_appcontext
def cluster_file(input_path, output_path, text_column, id_column):
    """Cluster a .jsonl (id, text) or .csv file; write JSON Lines {id, cluster, core, campaign, lang}."""
    records = _read(input_path, text_column, id_column)
    texts = [text for _, text in records]
    with click.progressbar(length=len(set(texts)), label="Embedding") as bar:
        grouping = group_texts(texts, services.embedder(), progress=bar.update)
    with output_path.open("w", encoding="utf-8") as out:
        for (record_id, _), cluster, core, campaign, lang in zip(
            records, grouping.clusters, grouping.core, grouping.campaigns, grouping.languages, strict=True
        ):
            line = {"id": record_id, "cluster": cluster, "core": core, "campaign": campaign, "lang": lang}
            out.write(json.dumps(line) + "\n")
    click.echo(f"{len(records)} texts, {len(set(grouping.clusters))} clusters, written to {output_path}")


@semantic.command("refine")
@click.argument("scope", required=False)
@with_appcontext
def refine_command(scope):
    """Refine one scope, or every scope."""
    scopes = [scope] if scope else list(db.session.scalars(select(ScopeState.scope)))
    for name in scopes:
        result = services.refine(name)
        db.session.commit()
        click.echo(f"{name}: {result}")


@semantic.command("reembed")
@with_appcontext
def reembed_command():
    """Embed every text with the configured model (after a model change), then regroup every scope."""
    model = services.embedder()
    done = set(db.session.scalars(select(TextEmbedding.content_hash).where(TextEmbedding.model == model.name)))
    todo = {}
    for submission in db.session.scalars(select(Submission)):
        if submission.content_hash not in done:
            todo.setdefault(submission.content_hash, submission)
    pending = list(todo.values())
    with click.progressbar(length=len(pending), label=f"Embedding with {model.name}") as bar:
        for start in range(0, len(pending), 64):
            batch = pending[start : start + 64]
            services.vectors_for(batch)
            db.session.commit()
            bar.update(len(batch))
    services.forget_indexes()
    for scope in db.session.scalars(select(ScopeState.scope)):
        services.refine(scope)
        db.session.commit()
    click.echo(f"{len(todo)} texts embedded with {model.name}; every scope regrouped.")


FLORES = ("tgk_Cyrl", "uzn_Latn", "azj_Latn", "rus_Cyrl", "kaz_Cyrl", "kir_Cyrl", "eng_Latn")
BENCHMARK_LINES = 200  # the quality benchmark groups FLORES lines 1-200: the directions never see them


@semantic.command("directions")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="OVOZ_DATA_DIR",
    help="The evaluation data folder (default: $OVOZ_DATA_DIR, else ../shared/data beside the checkout).",
)
@click.option("--count", default=6, show_default=True, help="How many directions to remove.")
@with_appcontext
def directions_command(data_dir, count):
    """Make the configured model's language directions from FLORES-200 and store them in the repository."""
    folder = (data_dir or current_app.config["OVOZ_ROOT"].parent / "shared" / "data") / "flores200-devtest"
    if not folder.is_dir():
        raise click.UsageError(f"{folder} is absent: point --data at the evaluation data")
    lines = [(folder / f"{name}.devtest").read_text(encoding="utf-8").splitlines() for name in FLORES]
    sentences = min(len(rows) for rows in lines)
    model = services.embedder()
    texts = [text for rows in lines for text in rows[BENCHMARK_LINES:sentences]]
    with click.progressbar(length=len(texts), label="Embedding") as bar:
        vectors = embed_all(texts, model, progress=bar.update)
    translations = vectors.reshape(len(FLORES), sentences - BENCHMARK_LINES, model.dim)
    provenance = {
        "dim": model.dim,
        "count": count,
        "made_by": "flask semantic directions",
        "made_from": f"FLORES-200 devtest (CC BY-SA 4.0), lines {BENCHMARK_LINES + 1}-{sentences}",
        "languages": list(FLORES),
        "method": "principal components of each sentence's vectors minus their mean over the languages",
    }
    path = directions.save(model.name, directions.fit(translations, count), provenance)
    click.echo(f"{count} directions of {model.name} written to {path}")
