"""Open data: every public dataset as CSV and JSON, complete, streamed, and without personal data."""

import csv
import io
import json
import shutil

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.consultations import comments
from app.consultations.models import Comment
from app.extensions import db
from app.feedback import answers
from app.opendata import files
from app.opendata.datasets import BY_NAME, DATASETS
from app.petitions.models import Signature
from app.submissions.models import Cluster, Submission
from tests.helpers import signature, text

HIDDEN = "Этот комментарий скрыт модератором и не должен попасть в открытые данные."


@pytest.fixture(autouse=True)
def _no_files_yet(app):
    """Every test starts before the first generation (the folder is the session's)."""
    shutil.rmtree(files.folder(), ignore_errors=True)


@pytest.fixture
def published(app, make_user, make_consultation, make_petition, make_agency, run_jobs):
    """A consultation with comments (one rejected), an answered group, a petition with signers."""
    consultation, article, comment = make_consultation(premoderation=True)
    comments.moderate(comment, None, publish=True)
    db.session.commit()
    with app.test_request_context():
        shown = comments.add(consultation, make_user(display_name="Нигина Раҳимова"), "Нужна ясность.", article)
        comments.moderate(shown, None, publish=True)
        hidden = comments.add(consultation, make_user(display_name="Скрытый Автор"), HIDDEN, article)
        comments.moderate(hidden, None, publish=False)
        db.session.commit()
        shown_text = shown.submission_id
    run_jobs()
    # The group of a published comment (the hidden one may have a group of its own, which no file lists).
    group = db.session.get(Cluster, db.session.get(Submission, shown_text).cluster_id)
    answers.publish(group, "Мы **уточним** статью.")
    petition = make_petition(agency_id=make_agency().id, signature_count=2)
    for number, region in ((1, "TJ-DU"), (2, "TJ-SU")):
        db.session.add(signature(petition, number, petition.opened_at, region))
    db.session.commit()
    return files.regenerate()


def _read_csv(name: str) -> list[dict]:
    with files.path_of(name, "csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_dataset_is_written_in_both_formats_with_the_same_rows(published):
    assert published["schema_version"] == 3 and published["licence"] == files.LICENCE
    for dataset in DATASETS:
        rows = _read_csv(dataset.name)
        records = json.loads(files.path_of(dataset.name, "json").read_text(encoding="utf-8"))
        assert published["files"][f"{dataset.name}.csv"]["rows"] == len(rows) == len(records)
        assert all(list(record) == [c.name for c in dataset.file_columns] for record in records)
    assert {row["text"] for row in _read_csv("comments")} == {"Support this article.", "Нужна ясность."}
    (group,) = [row for row in _read_csv("clusters") if row["answer"]]
    members = [row for row in _read_csv("comments") if row["cluster_id"] == group["id"]]
    assert group["answer"] == "Мы **уточним** статью." and int(group["size"]) == len(members) >= 1
    assert sorted((row["region_code"], row["signatures"]) for row in _read_csv("signatures")) == [
        ("TJ-DU", "1"),
        ("TJ-SU", "1"),
    ]


def test_no_file_holds_personal_data(published):
    people = db.session.scalars(select(User)).all()
    signatures = db.session.scalars(select(Signature)).all()
    secrets = [u.email for u in people] + [u.display_name for u in people]
    secrets += [s.email for s in signatures] + [s.name for s in signatures] + [s.ip_address for s in signatures]
    personal = {"author", "author_id", "user_id", "email", "name", "display_name", "ip_address", "signer"}
    for dataset in DATASETS:
        assert not personal & {c.name for c in dataset.file_columns}, dataset.name
        for fmt in files.FORMATS:
            content = files.path_of(dataset.name, fmt).read_text(encoding="utf-8")
            assert not [secret for secret in secrets if secret in content], f"{dataset.name}.{fmt}"
            assert HIDDEN not in content


def test_the_page_lists_the_datasets_and_serves_the_files(client, published):
    page = text(client.get("/ru/open-data"))
    assert "CC BY 4.0" in page and "/ru/open-data/comments.csv" in page
    download = client.get("/ru/open-data/comments.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.data.startswith("\ufeffid,".encode())
    assert next(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))[0] == "id"
    assert client.get("/ru/open-data/users.csv").status_code == 404
    assert client.get("/ru/open-data/comments.xml").status_code == 404
    schema = client.get("/en/open-data/schema.json").get_json()
    assert [d["name"] for d in schema["datasets"]] == [d.name for d in DATASETS]
    assert schema["datasets"][2]["columns"][0] == {
        "name": "id",
        "type": "integer",
        "description": "The comment's number on Ovoz.",
    }


def test_before_the_first_generation_the_page_says_so(client):
    assert "have not been written yet" in text(client.get("/en/open-data"))
    assert client.get("/en/open-data/comments.csv").status_code == 404


def test_the_periodic_job_writes_the_files_and_a_download_never_sees_half_a_file(app, run_jobs):
    from app.core.queue import LOW_QUEUE, get_queue
    from workers.opendata import regenerate_open_data

    get_queue(LOW_QUEUE).enqueue(regenerate_open_data)
    run_jobs()
    assert files.manifest()["files"]["comments.csv"]["rows"] == 0
    assert not list(files.folder().glob(".*.partial")), "temporary files are moved into place"


def test_rows_are_streamed_in_batches(app, make_consultation, make_user, monkeypatch):
    """The dataset is read a batch at a time: the export never holds every row."""
    from app.opendata import datasets

    consultation, article, _comment = make_consultation()
    with app.test_request_context():
        for number in range(24):
            comments.add(consultation, make_user(), f"Замечание номер {number}.", article)
        db.session.commit()
    monkeypatch.setattr(datasets, "STREAM_ROWS", 10)
    partitions = []
    result = db.session.execute(BY_NAME["comments"].query().execution_options(yield_per=datasets.STREAM_ROWS))
    for partition in result.partitions():
        partitions.append(len(partition))
    assert partitions == [10, 10, 5]
    assert sum(1 for _ in BY_NAME["comments"].rows()) == 25


def test_the_command_writes_the_files(app):
    result = app.test_cli_runner().invoke(args=["opendata", "write"])
    assert result.exit_code == 0 and "comments.csv: 0 rows" in result.output
    assert files.path_of("comments", "json").is_file() and files.manifest() is not None


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tTAB", "\rCR"]


def test_comments_that_a_spreadsheet_would_run_are_neutralised_in_csv_and_kept_in_json(
    app, client, make_user, make_consultation
):
    consultation, article, _comment = make_consultation()
    with app.test_request_context():
        for body in FORMULAS:
            comments.add(consultation, make_user(), body, article)
        db.session.commit()
    files.regenerate()
    cells = {row["text"] for row in _read_csv("comments")}
    written = {record["text"] for record in json.loads(files.path_of("comments", "json").read_text(encoding="utf-8"))}
    bodies = db.session.scalars(select(Submission.body).join(Comment, Comment.submission_id == Submission.id))
    risky = [body for body in bodies if body.startswith(files.FORMULA_STARTS)]
    assert len(risky) >= 4, "premise: comments are stored as written, formula characters included"
    for body in risky:
        assert body in written and "'" + body in cells and body not in cells, body
    assert not [cell for cell in cells if cell.startswith(files.FORMULA_STARTS)]
    assert "apostrophe" in text(client.get("/en/open-data"))
    assert "apostrophe" in client.get("/en/open-data/schema.json").get_json()["csv_cells"]


def test_csv_files_open_in_a_spreadsheet_as_utf8_with_one_value_a_cell(app, client, published, make_agency):
    """Excel reads a CSV without a byte-order mark in a legacy code page, and shows JSON in a cell as it is."""
    make_agency(slug="ministry-of-water", names={"tg": "Вазорати об", "ru": "Министерство воды"})
    db.session.commit()
    files.regenerate()
    for dataset in DATASETS:
        raw = files.path_of(dataset.name, "csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and not files.path_of(dataset.name, "json").read_bytes().startswith(
            b"\xef\xbb\xbf"
        ), dataset.name
        for row in _read_csv(dataset.name):
            assert not [cell for cell in row.values() if cell.lstrip().startswith(("{", "["))], dataset.name
    (water,) = [row for row in _read_csv("agencies") if row["slug"] == "ministry-of-water"]
    assert (water["name_tg"], water["name_ru"], water["name_en"]) == ("Вазорати об", "Министерство воды", "")
    assert "names" not in water
    (group,) = [row for row in _read_csv("clusters") if row["answer"]]
    languages = db.session.get(Cluster, int(group["id"])).languages
    assert languages and all(group[f"members_{code}"] == str(count) for code, count in languages.items())
    assert group["members_ky"] == "0" and "languages" not in group
    records = json.loads(files.path_of("agencies", "json").read_text(encoding="utf-8"))
    assert [r["name_tg"] for r in records if r["slug"] == "ministry-of-water"] == ["Вазорати об"]
    schema = client.get("/en/open-data/schema.json").get_json()
    assert "byte-order mark" in schema["csv_encoding"] and "byte-order mark" in text(client.get("/en/open-data"))
    (agencies,) = [d for d in schema["datasets"] if d["name"] == "agencies"]
    assert {"name": "name_tg", "type": "string", "description": "Name in Тоҷикӣ (tg); empty if not given."} in agencies[
        "columns"
    ]
    assert not [c for d in schema["datasets"] for c in d["columns"] if "JSON" in c["description"]]


def test_a_mapping_never_lands_in_a_csv_cell():
    from app.core import spreadsheet

    with pytest.raises(TypeError):
        spreadsheet.cell({"tg": "Вазорати об"})
    assert spreadsheet.cell("=1+1") == "'=1+1" and spreadsheet.cell(None) == ""
