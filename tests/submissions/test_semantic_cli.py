"""`flask semantic cluster`: any file of comments, clustered without the web app."""

import csv
import json

TEXTS = [
    ("a1", "В нашей сельской школе не хватает учителей математики."),
    ("a2", "Дар мактаби деҳаи мо муаллими математика нест."),
    ("a3", "Our village school has no maths teacher."),
    ("b1", "Mobil internet narxi ikki barobar oshdi, narxlarni tushiring."),
    ("b2", "Мобильный интернет подорожал вдвое, снизьте цены."),
    ("c1", "Restore the night bus to the northern districts, please."),
    ("c2", "Restore the night bus to the northern districts, please!"),
    ("c3", "Restore the night bus to the northern districts please."),
]


def read_output(path):
    return {row["id"]: row for row in map(json.loads, path.read_text().splitlines())}


def test_cluster_a_jsonl_file(app, tmp_path):
    source, target = tmp_path / "comments.jsonl", tmp_path / "clusters.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in TEXTS))
    result = app.test_cli_runner().invoke(args=["semantic", "cluster", str(source), str(target)])
    assert result.exit_code == 0, result.output
    rows = read_output(target)
    assert set(rows) == {i for i, _ in TEXTS}
    assert set(rows["a1"]) == {"id", "cluster", "core", "campaign", "lang"}
    assert all(isinstance(row["core"], bool) for row in rows.values())
    assert rows["c1"]["core"] and rows["c2"]["core"] and rows["c3"]["core"]  # copies belong firmly
    assert [rows[i]["lang"] for i in ("a1", "a2", "a3", "b1")] == ["ru", "tg", "en", "uz"]
    assert rows["a1"]["cluster"] == rows["a2"]["cluster"] == rows["a3"]["cluster"]
    assert rows["b1"]["cluster"] == rows["b2"]["cluster"] != rows["a1"]["cluster"]
    assert (
        rows["c1"]["campaign"] is not None
        and rows["c1"]["campaign"] == rows["c2"]["campaign"] == rows["c3"]["campaign"]
    )
    assert rows["a1"]["campaign"] is None


def test_cluster_a_csv_file_with_named_columns(app, tmp_path):
    source, target = tmp_path / "comments.csv", tmp_path / "clusters.jsonl"
    with source.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment-id", "comment-body"])
        writer.writerows(TEXTS)
    runner = app.test_cli_runner()
    args = ["semantic", "cluster", str(source), str(target), "--id-column", "comment-id"]
    wrong = runner.invoke(args=args)
    assert wrong.exit_code != 0 and "comment-body" not in wrong.output and "text" in wrong.output
    result = runner.invoke(args=[*args, "--text-column", "comment-body"])
    assert result.exit_code == 0, result.output
    assert len(read_output(target)) == len(TEXTS)


def test_a_malformed_line_is_reported_with_its_number(app, tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"id": 1, "text": "fine"}\n{"id": 2}\n')
    result = app.test_cli_runner().invoke(args=["semantic", "cluster", str(source), str(tmp_path / "out.jsonl")])
    assert result.exit_code != 0 and "line 2" in result.output
