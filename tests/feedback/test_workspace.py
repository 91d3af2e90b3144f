"""The review workspace: a consultation's comments grouped by meaning, largest group first."""

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.submissions.models import Cluster
from tests.feedback.conftest import FEES
from tests.helpers import text

CAMPAIGN = "Я против закрытия школы в нашем селе Варзоб. Дети будут ходить пешком десять километров. Подпись: {}"


@pytest.fixture
def grouped(make_consultation, add_comments, run_jobs):
    consultation, article, _first = make_consultation()
    add_comments(consultation, [body for _language, body in FEES], article, region_code="TJ-SU")
    names = ("Анна", "Бахтиёр", "Зарина", "Фаррух")
    add_comments(consultation, [CAMPAIGN.format(name) for name in names], article, region_code="TJ-KT")
    run_jobs()
    return consultation


def test_groups_largest_first_with_campaign_languages_and_regions(grouped, staff_client):
    browser = staff_client(grouped.agency)
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


def test_only_staff_of_the_agency_review(make_agency, grouped, staff_client):
    outsider = staff_client(make_agency())
    assert outsider.get(f"/ru/review/consultations/{grouped.id}").status_code == 403
    moderator = staff_client(grouped.agency, Role.MODERATOR)
    assert moderator.get(f"/ru/review/consultations/{grouped.id}").status_code == 200
