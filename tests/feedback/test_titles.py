"""What a group is called: the first sentence of its most central member, in the reader's language if possible."""

from app.accounts.models import Role
from app.consultations import comments
from app.extensions import db
from app.semantic.labels import keywords, title
from app.submissions import services
from app.submissions.models import Cluster
from tests.conftest import PASSWORD
from tests.helpers import text

FEES = {
    "ru": "Плата за детский сад слишком высокая. Семьи не могут её платить, просим снизить.",
    "tg": "Пардохт барои боғчаи бачагон хеле баланд аст. Оилаҳо наметавонанд пардозанд.",
    "en": "Kindergarten fees are far too high. Ordinary families cannot pay them.",
}


def test_a_title_is_the_first_sentence_cut_at_a_word():
    assert title("Верните ночной автобус! Дети не могут доехать домой.") == "Верните ночной автобус!"
    long = "Мы просим " + "очень " * 40 + "снизить плату."
    cut = title(long, limit=60)
    assert cut.endswith("…") and len(cut) <= 61 and not cut[:-1].endswith(" ")
    assert title("Один абзац\nи второй") == "Один абзац"


def test_a_greeting_that_opens_a_text_is_not_its_title():
    """The demo's largest group, 50 form letters, was called "Муҳтарам таҳиягарони лоиҳа!" (Dear drafters!)."""
    letter = "Муҳтарам таҳиягарони лоиҳа! Ман бо моддаи 9-и лоиҳа розӣ нестам. Оилаи мо аз 6 нафар иборат аст."
    assert title(letter) == "Ман бо моддаи 9-и лоиҳа розӣ нестам."
    assert title("Ассалому алайкум! Уважаемые коллеги! Статья 5 неясна.") == "Статья 5 неясна."
    assert title("Hörmətli nazirlik! Yolu təmir edin.") == "Yolu təmir edin."
    assert title("Урматтуу депутаттар!") == "Урматтуу депутаттар!", "a greeting alone is all there is"
    assert title("Муҳтарам таҳиягарони лоиҳа!\nМан бо моддаи 9 розӣ нестам.") == "Ман бо моддаи 9 розӣ нестам."
    assert title("Спасите парк!\n\nПросим не вырубать деревья.") == "Спасите парк!", "a petition's title stays"


def test_keywords_leave_out_light_verbs():
    tajik = [("Ба мо об дода намешавад, оби нӯшокӣ дода нашуд", "tg"), ("Оби нӯшокӣ дода намешавад", "tg")]
    assert "дода" not in keywords({1: tajik, 2: [("Нархи нон баланд шуд", "tg")]})[1]


def test_the_workspace_names_each_group_in_the_readers_language(app, make_user, make_consultation, run_jobs):
    consultation, article, _first = make_consultation()
    with app.test_request_context():
        for body in FEES.values():
            comments.add(consultation, make_user(), body, article)
        db.session.commit()
    run_jobs()
    services.refine(consultation.scope)  # as the periodic refinement does: placement one by one depends on the order
    db.session.commit()
    group = db.session.scalars(db.select(Cluster).where(Cluster.scope == consultation.scope)).all()
    fees = next(c for c in group if c.size == 3)
    assert set(fees.representatives) == {"ru", "tg", "en"}
    browser = app.test_client()
    assert browser.login(make_user(role=Role.OFFICIAL, agency=consultation.agency).email, PASSWORD).status_code == 302
    for locale, sentence in (("tg", FEES["tg"].split(". ")[0]), ("ru", FEES["ru"].split(". ")[0])):
        workspace = text(browser.get(f"/{locale}/review/consultations/{consultation.id}"))
        assert sentence in workspace
        assert sentence in text(browser.get(f"/{locale}/review/clusters/{fees.id}"))
