"""Search by meaning in the review workspace: only the groups that say it, the closest first."""

from app.accounts.models import Role
from app.consultations import comments
from app.extensions import db
from tests.conftest import PASSWORD
from tests.helpers import text

TOPICS = {
    "fees": [
        "Плата за детский сад слишком высокая, семьи не могут её платить.",
        "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.",
        "Kindergarten fees are far too high for ordinary families to pay.",
    ],
    "water": [
        "В нашем районе нет питьевой воды уже третью неделю.",
        "Дар ноҳияи мо се ҳафта боз оби нӯшокӣ нест.",
    ],
    "bus": [
        "Верните ночной автобус в северные районы города.",
        "Please bring back the night bus to the northern districts.",
    ],
}


def test_search_by_meaning_shows_only_the_groups_that_say_it_closest_first(app, make_user, make_consultation, run_jobs):
    consultation, article, _first = make_consultation()
    with app.test_request_context():
        for bodies in TOPICS.values():
            for body in bodies:
                comments.add(consultation, make_user(), body, article)
        db.session.commit()
    run_jobs()
    browser = app.test_client()
    assert browser.login(make_user(role=Role.OFFICIAL, agency=consultation.agency).email, PASSWORD).status_code == 302

    def search(words: str) -> str:
        return text(browser.get(f"/en/review/consultations/{consultation.id}", query_string={"q": words}))

    water = search("no drinking water in the district")
    assert "питьевой воды" in water and "детский сад" not in water and "ночной автобус" not in water
    both = search("night bus and kindergarten fees")
    assert "ночной автобус" in both or "детский сад" in both
    assert "питьевой воды" not in both
    assert all(words not in search("lattice quantum chromodynamics") for words in ("воды", "сад", "автобус"))
