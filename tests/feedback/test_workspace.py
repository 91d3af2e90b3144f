"""The review workspace: a consultation's comments grouped by meaning, largest group first."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.consultations import comments
from app.extensions import db
from app.submissions.models import Cluster
from tests.conftest import PASSWORD
from tests.helpers import text

FEES = [
    ("ru", "Плата за детский сад слишком высокая, семьи не могут её платить."),
    ("tg", "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд."),
    ("en", "Kindergarten fees are far too high for ordinary families to pay."),
]
CAMPAIGN = "Я против закрытия школы в нашем селе Варзоб. Дети будут ходить пешком десять километров. Подпись: {}"


@pytest.fixture
def grouped(app, make_user, make_consultation, run_jobs):
    consultation, article, _first = make_consultation()
    with app.test_request_context():
        for _language, body in FEES:
            comments.add(consultation, make_user(region_code="TJ-SU"), body, article)
        for name in ("Анна", "Бахтиёр", "Зарина", "Фаррух"):
            comments.add(consultation, make_user(region_code="TJ-KT"), CAMPAIGN.format(name), article)
        db.session.commit()
    run_jobs()
    return consultation


def _reviewer(app, make_user, consultation, role=Role.OFFICIAL):
    browser = app.test_client()
    assert browser.login(make_user(role=role, agency=consultation.agency).email, PASSWORD).status_code == 302
    return browser


def test_groups_largest_first_with_campaign_languages_and_regions(app, make_user, grouped):
    browser = _reviewer(app, make_user, grouped)
    page = text(browser.get(f"/ru/review/consultations/{grouped.id}"))
    assert page.index("Варзоб") < page.index("детский сад"), "the campaign of four is the largest group"
    clusters = db.session.scalars(
        select(Cluster).where(Cluster.scope == grouped.scope).order_by(Cluster.size.desc())
    ).all()
    fees = next(c for c in clusters if set(c.languages) >= {"ru", "tg", "en"})
    assert fees.size == 3, "the same idea in three languages is one group"
    assert "Согдийская" in page or "Sughd" in page or "Суғд" in page
    members = text(browser.get(f"/ru/review/clusters/{fees.id}"))
    assert all(body in members for _language, body in FEES)
    only_campaigns = text(browser.get(f"/ru/review/consultations/{grouped.id}?campaigns=1"))
    assert "Варзоб" in only_campaigns and "детский сад" not in only_campaigns
    tajik = text(browser.get(f"/ru/review/consultations/{grouped.id}?language=tg"))
    assert "Варзоб" not in tajik
    by_meaning = text(browser.get(f"/ru/review/consultations/{grouped.id}", query_string={"q": "kindergarten costs"}))
    assert "детский сад" in by_meaning or "Kindergarten" in by_meaning


def test_only_staff_of_the_agency_review(app, make_user, make_agency, grouped):
    outsider = app.test_client()
    assert outsider.login(make_user(role=Role.OFFICIAL, agency=make_agency()).email, PASSWORD).status_code == 302
    assert outsider.get(f"/ru/review/consultations/{grouped.id}").status_code == 403
    moderator = _reviewer(app, make_user, grouped, role=Role.MODERATOR)
    assert moderator.get(f"/ru/review/consultations/{grouped.id}").status_code == 200
