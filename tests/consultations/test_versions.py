"""Matching provisions across versions of a draft law, and word-level diffs of their texts."""

import random
import time

import pytest
from markupsafe import Markup

from app.consultations.versions import (
    Change,
    Match,
    ProvisionText,
    diff_html,
    match_versions,
    normalise,
    word_diff,
)

S, C, M, N, R = Change.SAME, Change.CHANGED, Change.MOVED, Change.NEW, Change.REMOVED

# Articles of a Russian draft law on appeals of citizens.
RU = [
    ("Общие положения", "Настоящий Закон регулирует порядок рассмотрения обращений граждан государственными органами."),
    ("Право на обращение", "Граждане имеют право обращаться лично, а также направлять коллективные обращения."),
    ("Сроки", "Письменное обращение рассматривается в течение тридцати дней со дня его регистрации."),
    ("Ответ", "Ответ на обращение направляется в форме электронного документа или в письменной форме по почте."),
    ("Ответственность", "Лица, виновные в нарушении настоящего Закона, несут ответственность по закону."),
]
# Articles of a Tajik draft law on local self-government.
TJ = [
    ("Мафҳумҳои асосӣ", "Дар ҳамин Қонун мафҳумҳои асосии зерин истифода бурда мешаванд."),
    ("Ҳуқуқи шаҳрвандон", "Шаҳрвандон ҳуқуқ доранд ба мақомоти худидоракунии маҳаллӣ муроҷиат намоянд."),
    ("Ваколатҳо", "Ҷамоати шаҳрак ва деҳот масъалаҳои аҳамияти маҳаллиро ҳал мекунад."),
    ("Маблағгузорӣ", "Маблағгузории ҷамоат аз ҳисоби буҷети маҳаллӣ ва манбаъҳои дигар амалӣ карда мешавад."),
]


def articles(rows: list[tuple[str, str]], kind: str = "article") -> list[ProvisionText]:
    """Articles numbered 1..n in the given order, keyed by number as the parser anchors them."""
    return [ProvisionText(f"{kind}-{n}", str(n), kind, heading, text) for n, (heading, text) in enumerate(rows, 1)]


def changes(result: list[Match]) -> list[tuple[int | None, int | None, Change]]:
    return [(m.old, m.new, m.change) for m in result]


def check_complete(result: list[Match], old: list, new: list) -> None:
    """Every old and every new index exactly once, new ones in order, similarity consistent with the change."""
    assert sorted(m.old for m in result if m.old is not None) == list(range(len(old)))
    assert [m.new for m in result if m.new is not None] == list(range(len(new)))
    for m in result:
        assert 0.0 <= m.similarity <= 1.0
        assert (m.old is None) == (m.change is N) and (m.new is None) == (m.change is R)
        if m.change is S:
            assert m.similarity == 1.0 and old[m.old].key == new[m.new].key
        if m.change in (N, R):
            assert m.similarity == 0.0


def match(old: list[ProvisionText], new: list[ProvisionText]) -> list[Match]:
    result = match_versions(old, new)
    check_complete(result, old, new)
    return result


def test_identical_versions_are_all_same():
    old = articles(TJ)
    result = match(old, articles(TJ))
    assert changes(result) == [(i, i, S) for i in range(len(TJ))]


def test_only_spacing_quotes_and_dashes_differ_is_same():
    old = articles([("Ҳуқуқ", "Қонуни «Дар бораи ҷамоат» – санади асосӣ")])
    new = articles([("Ҳуқуқ ", 'Қонуни  "Дар бораи ҷамоат" - санади\u00a0асосӣ\n')])
    assert changes(match(old, new)) == [(0, 0, S)]


def test_inserted_article_renumbers_later_ones_as_moved():
    inserted = ("Электронные обращения", "Обращение может быть направлено через единый портал электронных услуг.")
    old = articles(RU)
    new = articles(RU[:2] + [inserted] + RU[2:])
    result = match(old, new)
    assert changes(result) == [(0, 0, S), (1, 1, S), (None, 2, N), (2, 3, M), (3, 4, M), (4, 5, M)]
    assert all(m.similarity == 1.0 for m in result if m.change is M)


def test_renumbered_article_with_updated_cross_reference_is_moved_not_changed():
    inserted = ("Электронные обращения", "Обращение может быть направлено через единый портал электронных услуг.")
    last = ("Ответственность", RU[4][1].replace("настоящего Закона", "статей 2 и 3 настоящего Закона"))
    new = articles(RU[:2] + [inserted] + RU[2:4] + [last])
    result = match(articles(RU), new)
    assert changes(result)[-1] == (4, 5, M)
    assert 0.6 <= result[-1].similarity < 1.0


def test_inserted_article_before_an_amended_one_does_not_become_changed():
    inserted = ("Электронные обращения", "Обращение может быть направлено через единый портал электронных услуг.")
    amended = ("Сроки", "Письменное обращение рассматривается в течение пятнадцати дней со дня его регистрации.")
    new = articles(RU[:2] + [inserted, amended] + RU[3:])
    result = match(articles(RU), new)
    assert changes(result) == [(0, 0, S), (1, 1, S), (None, 2, N), (2, 3, M), (3, 4, M), (4, 5, M)]
    assert 0.6 <= result[3].similarity < 1.0


def test_amended_article_is_changed():
    amended = ("Сроки", "Письменное обращение рассматривается в течение пятнадцати рабочих дней со дня регистрации.")
    result = match(articles(RU), articles(RU[:2] + [amended] + RU[3:]))
    assert changes(result) == [(0, 0, S), (1, 1, S), (2, 2, C), (3, 3, S), (4, 4, S)]
    assert 0.6 <= result[2].similarity < 1.0


def test_article_rewritten_in_place_is_changed_whatever_the_similarity():
    rewritten = ("Ваколатҳо", "Раиси ҷамоат ҳар сол ба Маҷлиси вакилони халқ ҳисобот медиҳад.")
    result = match(articles(TJ), articles(TJ[:2] + [rewritten] + TJ[3:]))
    assert changes(result)[2] == (2, 2, C)
    assert result[2].similarity < 0.6


def test_headings_changed_only_are_changed():
    new_rows = [("Асосҳои умумӣ", TJ[0][1])] + TJ[1:3] + [("Манбаъҳои маблағгузорӣ", TJ[3][1])]
    result = match(articles(TJ), articles(new_rows))
    assert changes(result) == [(0, 0, C), (1, 1, S), (2, 2, S), (3, 3, C)]
    assert all(0.6 <= m.similarity < 1.0 for m in result if m.change is C)


def test_deleted_article_is_removed_in_place_and_later_ones_moved():
    result = match(articles(RU), articles(RU[:1] + RU[2:]))
    assert changes(result) == [(0, 0, S), (1, None, R), (2, 1, M), (3, 2, M), (4, 3, M)]


def test_deleted_first_article_comes_first():
    result = match(articles(TJ), articles(TJ[1:]))
    assert changes(result) == [(0, None, R), (1, 0, M), (2, 1, M), (3, 2, M)]


def test_deleted_and_replaced_article_shows_removal_before_the_new_one():
    other = ("Ҳисобот", "Раиси ҷамоат ҳар сол ба Маҷлиси вакилони халқ ҳисобот медиҳад.")
    old = articles(TJ)
    new = articles(TJ[:2] + [TJ[3], other])
    result = match(old, new)
    assert changes(result) == [(0, 0, S), (1, 1, S), (2, None, R), (3, 2, M), (None, 3, N)]


def test_new_article_at_the_end_is_new():
    added = ("Вступление в силу", "Настоящий Закон вступает в силу через десять дней после опубликования.")
    result = match(articles(RU), articles(RU + [added]))
    assert changes(result) == [(i, i, S) for i in range(5)] + [(None, 5, N)]


def test_part_moved_to_another_article_is_moved():
    def parts(layout: dict[int, list[str]]) -> list[ProvisionText]:
        rows = []
        for article, texts in layout.items():
            rows.append(ProvisionText(f"article-{article}", str(article), "article", TJ[article - 1][0], ""))
            for n, text in enumerate(texts, 1):
                rows.append(ProvisionText(f"article-{article}/part-{n}", str(n), "part", "", text))
        return rows

    moving = "Ҷамоат барномаҳои рушди иҷтимоию иқтисодии деҳотро таҳия ва амалӣ менамояд."
    old = parts({1: [TJ[0][1], TJ[1][1]], 2: [TJ[2][1], moving, TJ[3][1]]})
    new = parts({1: [TJ[0][1], TJ[1][1], moving], 2: [TJ[2][1], TJ[3][1]]})
    result = match(old, new)
    by_old = {m.old: m for m in result}
    assert (by_old[5].new, by_old[5].change) == (3, M)  # article-2/part-2 -> article-1/part-3
    assert (by_old[6].new, by_old[6].change) == (6, M)  # article-2/part-3 -> article-2/part-2
    assert all(m.change is S for m in result if m.old not in (5, 6))


def test_moved_part_with_small_edit_is_moved_with_lower_similarity():
    old = [
        ProvisionText("article-1/part-1", "1", "part", "", TJ[1][1]),
        ProvisionText("article-2/part-1", "1", "part", "", TJ[2][1]),
    ]
    new = [
        ProvisionText("article-1/part-1", "1", "part", "", TJ[1][1]),
        ProvisionText("article-1/part-2", "2", "part", "", TJ[2][1].replace("ҳал мекунад", "мустақилона ҳал мекунад")),
    ]
    result = match(old, new)
    assert changes(result) == [(0, 0, S), (1, 1, M)]
    assert 0.6 <= result[1].similarity < 1.0


def test_matches_stay_within_a_kind():
    old = [ProvisionText("chapter-1", "1", "chapter", "Общие положения", "")]
    new = [
        ProvisionText("chapter-1/article-1", "1", "article", "Общие положения", ""),
        ProvisionText("chapter-2", "2", "chapter", "Общие положения", ""),
    ]
    assert changes(match(old, new)) == [(None, 0, N), (0, 1, M)]


def test_identical_duplicates_pair_in_order():
    repealed = "Утратила силу."
    old = articles([("", repealed), ("Сроки", RU[2][1]), ("", repealed)])
    new = articles([("Сроки", RU[2][1]), ("", repealed), ("", repealed)])
    result = match(old, new)
    assert changes(result) == [(1, 0, M), (0, 1, M), (2, 2, S)]


@pytest.mark.parametrize("side", ["old", "new", "both"])
def test_empty_versions(side):
    old = [] if side in ("old", "both") else articles(RU)
    new = [] if side in ("new", "both") else articles(RU)
    result = match(old, new)
    if side == "both":
        assert result == []
    else:
        assert {m.change for m in result} == {N if side == "old" else R}
        assert len(result) == len(RU)


def test_normalise():
    assert normalise("  «Ҳуқуқ»\u00a0—\tқонун  \n ") == '"Ҳуқуқ" - қонун'
    assert normalise("„Закон“ – ‘да’…") == "\"Закон\" - 'да'..."
    assert normalise("и\u0306") == "й"  # NFC
    assert normalise("сер\u00adвис\u200b") == "сервис"
    assert normalise("") == ""


def test_word_diff_russian():
    old = "Письменное обращение рассматривается в течение тридцати дней."
    new = "Письменное обращение рассматривается в течение пятнадцати рабочих дней."
    assert word_diff(old, new) == [
        ("same", "Письменное обращение рассматривается в течение "),
        ("delete", "тридцати"),
        ("insert", "пятнадцати рабочих"),
        ("same", " дней."),
    ]


def test_word_diff_keeps_tajik_and_azerbaijani_words_whole():
    assert word_diff("Ҷамоат ҳал мекунад", "Ҷамоат қарор қабул мекунад") == [
        ("same", "Ҷамоат "),
        ("delete", "ҳал"),
        ("insert", "қарор қабул"),
        ("same", " мекунад"),
    ]
    assert word_diff("vətəndaşların hüququ", "vətəndaşların əsas hüququ") == [
        ("same", "vətəndaşların "),
        ("insert", "əsas "),
        ("same", "hüququ"),
    ]


def test_word_diff_edge_cases():
    assert word_diff("", "") == []
    assert word_diff("", "Ҳуқуқ") == [("insert", "Ҳуқуқ")]
    assert word_diff("Ҳуқуқ", "") == [("delete", "Ҳуқуқ")]
    assert word_diff("a  b\n c", "a  b\n c") == [("same", "a  b\n c")]


WORDS = ["закон", "статья", "часть", "граждане", "обращение", "Қонун", "ҳуқуқ", "шаҳрвандон", "ҷамоат", "маҳаллӣ"]
WORDS += ["vətəndaş", "qanun", "Ökonomie", "2024", "15", "_"]
GAPS = [" ", "  ", ", ", ". ", "\n", " — ", " «", "» ", "; ", "\u00a0"]


def random_text(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GAPS) for _ in range(n)).rstrip()


def random_edit(rng: random.Random, text: str) -> str:
    tokens = text.split(" ")
    for _ in range(rng.randint(0, 5)):
        op, at = rng.choice("idr"), rng.randrange(len(tokens) + 1)
        if op == "i":
            tokens.insert(at, random_text(rng, rng.randint(1, 3)))
        elif tokens and at < len(tokens):
            tokens[at : at + 1] = [] if op == "d" else [random_text(rng, 1)]
    return " ".join(tokens)


def test_word_diff_rebuilds_both_texts_on_random_edits():
    rng = random.Random(20240611)
    for _ in range(500):
        old = random_text(rng, rng.randint(0, 30))
        new = random_edit(rng, old) if rng.random() < 0.8 else random_text(rng, rng.randint(0, 30))
        segments = word_diff(old, new)
        assert "".join(t for tag, t in segments if tag != "insert") == old
        assert "".join(t for tag, t in segments if tag != "delete") == new
        assert all(t for _, t in segments)
        assert all(a[0] != b[0] for a, b in zip(segments, segments[1:], strict=False))
        assert_whole_words(old, [t for tag, t in segments if tag != "insert"])
        assert_whole_words(new, [t for tag, t in segments if tag != "delete"])


def assert_whole_words(text: str, pieces: list[str]) -> None:
    """No piece boundary falls inside a word."""
    at = 0
    for piece in pieces[:-1]:
        at += len(piece)
        assert not (text[at - 1].isalnum() and text[at].isalnum()), (text, pieces)


def test_diff_html_marks_and_escapes():
    html = diff_html("Срок <b>30</b> дней & более", "Срок <script>alert(1)</script> дней & более")
    assert isinstance(html, Markup)
    assert "<script>" not in html and "</b>" not in html
    assert "script&gt;alert(1)&lt;/script" in html and "&lt;" in html and "&amp;" in html
    assert "<del>" in html and "<ins>" in html
    assert diff_html("Срок", "<script>alert(1)</script>") == Markup(
        "<del>Срок</del><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"
    )
    assert diff_html("Ҳуқуқ", "Ҳуқуқи асосӣ") == Markup("<del>Ҳуқуқ</del><ins>Ҳуқуқи асосӣ</ins>")
    assert diff_html("", "") == Markup("")


def big_law(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n articles drawn from a Zipf-like vocabulary, like real legal text: a few very common words, many rare."""
    syllables = ["ра", "зо", "ни", "ко", "ве", "ду", "ля", "та", "ми", "ст", "пр", "ов"]
    vocabulary = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(4000)]
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]
    rows = []
    for number in range(n):
        words = rng.choices(vocabulary, weights, k=rng.randint(15, 80))
        rows.append((f"Статья о предмете {number}", " ".join(words) + "."))
    return rows


@pytest.mark.parametrize("everything_edited", [False, True])
def test_two_thousand_provisions_are_matched_quickly(everything_edited):
    rng = random.Random(7)
    rows = big_law(rng, 2000)
    new_rows = rows[:100] + [("Новая статья", "совершенно новый текст о порядке")] + rows[100:1500] + rows[1501:]
    edited = range(len(new_rows)) if everything_edited else range(0, len(new_rows), 10)
    for i in edited:
        heading, text = new_rows[i]
        new_rows[i] = (heading, text.replace(" ", " также ", 1) + " и иное.")
    old, new = articles(rows), articles(new_rows)

    started = time.perf_counter()
    result = match_versions(old, new)
    elapsed = time.perf_counter() - started

    check_complete(result, old, new)
    assert elapsed < 30.0, "a blow-up, not a speed figure (about 1 s here; speed is the benchmarks' business)"
    by_old = {m.old: m for m in result}
    assert by_old[1500].change is R
    assert [m.change for m in result if m.new == 100] == [N]
    assert all(by_old[i].new == i and by_old[i].change in (S, C) for i in range(100))
    assert all(by_old[i].new == i + 1 and by_old[i].change is M for i in range(100, 1500))
    assert all(by_old[i].new == i and by_old[i].change in (S, C) for i in range(1501, 2000))
