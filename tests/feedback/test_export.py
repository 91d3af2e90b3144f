"""A group's members as CSV for Excel: UTF-8 with a byte-order mark, formula cells neutralised, no author."""

import csv
import io

from sqlalchemy import select

from app.accounts.models import User
from app.core import spreadsheet
from app.extensions import db
from app.submissions.models import Cluster
from tests.feedback.conftest import FEES, submission
from tests.helpers import text

FORMULA = '=HYPERLINK("http://evil.example","Плата за детский сад слишком высокая")'


def test_an_official_downloads_a_groups_members_as_csv_for_a_spreadsheet(
    app, make_consultation, add_comments, run_jobs, staff_client, make_agency
):
    consultation, article, _ = make_consultation()
    add_comments(consultation, [body for _, body in FEES], article, display_name="Нигина Раҳимова")
    run_jobs()
    members = [submission(body) for _, body in FEES]
    weak = members[2]
    weak.firmness, members[0].body = -0.02, FORMULA  # as written: a comment that a spreadsheet would run
    db.session.commit()
    group = db.session.get(Cluster, weak.cluster_id)
    browser = staff_client(consultation.agency)
    page = browser.get(f"/ru/review/clusters/{group.id}")
    assert f'href="/ru/review/clusters/{group.id}/members.csv"' in page.get_data(as_text=True)

    download = browser.get(f"/ru/review/clusters/{group.id}/members.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert f'filename="ovoz-group-{group.id}.csv"' in download.headers["Content-Disposition"]
    assert download.data.startswith(spreadsheet.BOM.encode() + "Номер,".encode())
    header, *rows = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert header[2] == "Язык" and len(header) == 7 and len(rows) == 3
    assert rows[0][4] == FEES[2][1] and rows[0][6] == "Нужно подтвердить", "to confirm first, as on the page"
    assert rows[0][2] == "en" and rows[0][3] == article.number
    assert "'" + FORMULA in [row[4] for row in rows] and FORMULA not in [row[4] for row in rows]
    people = db.session.scalars(select(User)).all()
    content = download.data.decode("utf-8-sig")
    assert not [p for p in people if p.email in content or p.display_name in content]

    other = staff_client(make_agency())
    assert other.get(f"/ru/review/clusters/{group.id}/members.csv").status_code == 403
    assert "Номер" not in text(other.get(f"/ru/review/clusters/{group.id}/members.csv"))
