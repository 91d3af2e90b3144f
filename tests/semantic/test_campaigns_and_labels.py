"""Campaign detection and cluster keywords."""

from app.semantic.campaigns import find_campaigns, skeleton
from app.semantic.labels import keywords, words

TEMPLATE = (
    "Құрметті әкімдік! Біз, {city} қаласының ата-аналары, мемлекеттік балабақшалардағы ата-ана "
    "төлемінің 1 қаңтардан бастап 25 мың теңгеге дейін көтерілуіне қарсымыз. "
    "Төлемді бұрынғы деңгейде қалдыруды сұраймыз."
)


def test_a_template_with_small_edits_is_one_campaign():
    copies = [TEMPLATE.format(city=city) for city in ("Қарағанды", "Теміртау", "Шахтинск")]
    copies.append(copies[0].replace("Құрметті әкімдік!", "Құрметті әкімдік!!!").replace(",", ""))
    copies.append(skeleton(copies[1]).replace("kurmetti", "Курметти"))  # typed without Kazakh letters
    own = [
        "Балабақшаға төлем тым қымбат, отбасымыз көтере алмайды.",
        "Kindergarten fees in Karaganda went up and we cannot pay them.",
    ]
    result = find_campaigns(copies + own)
    assert len({result[i] for i in range(5)}) == 1 and result[0] is not None
    assert result[5] is None and result[6] is None


def test_identical_copies_count_and_small_groups_are_not_campaigns():
    text = "Please keep the old bus route 12 running through our district."
    assert find_campaigns([text] * 10) == [0] * 10
    assert find_campaigns([text, text, "Another text entirely about water."]) == [None, None, None]


def test_skeleton_unifies_the_ways_people_type():
    assert skeleton("Oʻzbekiston") == skeleton("Ўзбекистон") == skeleton("O'zbekiston")
    assert skeleton("Құрметті") == skeleton("Курметти")
    assert skeleton("şəhər") == skeleton("sahar") == skeleton("seher")  # ə typed as a, or as e


def test_an_azerbaijani_template_typed_without_schwa_is_still_one_campaign():
    template = (
        "Vergi Məcəlləsinə təklif olunan dəyişikliklər layihəsinin 220-ci maddəsi ilə bazarlarda ticarət "
        "edən fiziki şəxslər üçün sabit verginin iki dəfə artırılmasına etiraz edirik."
    )
    typed_with_e = (
        "Vergi Mecellesine teklif olunan deyisiklikler layihesinin 220-ci maddesi ile bazarlarda ticaret eden"
    )
    typed_with_e += " fiziki sexsler ucun sabit verginin iki defe artirilmasina etiraz edirik."
    result = find_campaigns([template, template.replace("220-ci", "220"), typed_with_e, "Bazarda yer haqqı bahadır."])
    assert result[0] is not None and result[0] == result[1] == result[2] and result[3] is None


def test_keywords_leave_out_stop_words_and_prefer_what_sets_a_group_apart():
    groups = {
        1: [("Мы просим снизить тарифы на воду, вода стала слишком дорогой", "ru"),
            ("Тарифы на воду выросли вдвое, просим правительство вмешаться", "ru"),
            ("Water tariffs doubled; please lower the water tariffs", "en")],
        2: [("Просим отремонтировать дорогу в селе, дорога разбита", "ru"),
            ("Дорога в наше село разбита, нужен ремонт дороги", "ru")],
    }  # fmt: skip
    result = keywords(groups)
    assert "тарифы" in result[1] and "просим" not in result[1] and "please" not in result[1]
    assert "дорога" in result[2] or "дорогу" in result[2]
    assert words("Биз ҳукуматдан сўраймиз: мактаб керак!", "uz") == ["биз", "ҳукуматдан", "сўраймиз", "мактаб", "керак"]
