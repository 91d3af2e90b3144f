"""In headless Chromium: an administrator reads the audit log in their language, and an official downloads a
group's members as a CSV file that Excel opens (UTF-8 with a byte-order mark). Tajik, Russian."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.accounts.models import Role
from app.audit import services as audit
from app.consultations import comments
from app.extensions import db
from app.feedback import reviews
from app.feedback.models import ReviewStatus
from app.submissions.models import Cluster, Submission
from tests.browser.helpers import sign_in_as, translator

pytestmark = pytest.mark.browser

SAME_IDEA = [
    "Плата за детский сад слишком высокая, семьи не могут её платить.",
    "Пардохт барои боғчаи бачагон хеле баланд аст, оилаҳо наметавонанд пардозанд.",
]


@pytest.mark.parametrize("locale", ["tg", "ru"])
def test_an_admin_reads_the_log_and_an_official_downloads_a_group(
    app, page, make_user, make_consultation, run_jobs, locale
):
    t = translator(app, locale)
    assert t("Group decision set") != "Group decision set"
    consultation, article, _first = make_consultation()
    with app.test_request_context():
        added = [comments.add(consultation, make_user(), body, article) for body in SAME_IDEA]
        db.session.commit()
        submission_ids = [comment.submission_id for comment in added]
    run_jobs()
    (group_id,) = {db.session.get(Submission, number).cluster_id for number in submission_ids}
    official = make_user(role=Role.OFFICIAL, agency=consultation.agency, locale=locale)
    with app.test_request_context():
        group = db.session.get(Cluster, group_id)
        reviews.set_status(group, ReviewStatus.NOTED, "Ҳамаи шарҳҳо хонда шуданд", actor=official)
        audit.record("agency.updated", None, official, after={"names": {"tg": "Вазорати маориф"}})
        db.session.commit()

    # The administrator opens the log from the administration page: actions by name, details as text.
    sign_in_as(page, t, locale, make_user(role=Role.ADMIN, locale=locale))
    page.goto(f"/{locale}/admin/")
    page.get_by_role("link", name=t("Audit log"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Audit log"))
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=t("Group decision set"), exact=True)).to_be_visible()
    expect(table).to_contain_text("after.names.tg: Вазорати маориф")
    expect(table).not_to_contain_text("cluster.status")
    expect(table).not_to_contain_text("\\u")

    # The official downloads the group's members from the group's page.
    sign_in_as(page, t, locale, official)
    page.goto(f"/{locale}/review/clusters/{group_id}")
    with page.expect_download() as arrival:
        page.get_by_role("link", name=t("Download the members as CSV"), exact=True).click()
    download = arrival.value
    assert download.suggested_filename == f"ovoz-group-{group_id}.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark: Excel reads the file as UTF-8"
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header[:3] == [t("Number"), t("Written on (UTC)"), t("Language")] and header[4] == t("Text")
    assert sorted(row[4] for row in rows) == sorted(SAME_IDEA)
    assert official.email not in raw.decode("utf-8-sig")
