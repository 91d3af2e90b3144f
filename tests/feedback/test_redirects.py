"""A group merged away, by refinement or by an official: its public and review addresses lead to the group that
took in its members, so links in e-mails, feeds and notes keep working."""

from app.extensions import db
from app.feedback import shaping
from app.submissions import services as submissions
from app.submissions.models import Cluster, ClusterRedirect
from tests.feedback.conftest import BUS, FEES, submission


def _groups(app, make_consultation, add_comments, run_jobs):
    consultation, article, _ = make_consultation()
    add_comments(consultation, [body for _, body in FEES] + [BUS], article)
    run_jobs()
    fees, bus = submission(FEES[0][1]).cluster_id, submission(BUS).cluster_id
    assert fees != bus
    return consultation, fees, bus


def test_a_group_an_official_merged_away_leads_to_the_group_that_took_it_in(
    app, make_consultation, add_comments, run_jobs, staff_client
):
    consultation, fees, bus = _groups(app, make_consultation, add_comments, run_jobs)
    shaping.merge([db.session.get(Cluster, fees), db.session.get(Cluster, bus)])
    db.session.commit()
    assert db.session.get(Cluster, bus) is None and submission(BUS).cluster_id == fees
    visitor = app.test_client()
    public = visitor.get(f"/ru/groups/{bus}?page=1")
    assert public.status_code == 302 and public.headers["Location"].endswith(f"/ru/groups/{fees}?page=1")
    assert visitor.get(f"/ru/groups/{fees}").status_code == 200
    review = staff_client(consultation.agency).get(f"/tg/review/clusters/{bus}")
    assert review.status_code == 302 and review.headers["Location"].endswith(f"/tg/review/clusters/{fees}")
    assert visitor.get(f"/ru/groups/{fees + bus + 1000}").status_code == 404


def test_refinement_that_merges_a_group_leaves_a_redirect_and_later_merges_are_followed(
    app, make_consultation, add_comments, run_jobs
):
    consultation, fees, bus = _groups(app, make_consultation, add_comments, run_jobs)
    english = submission(FEES[2][1])
    alone = submissions.new_cluster(consultation.scope).id
    submissions.reshape(consultation.scope, {english.id: alone})  # set apart without a lock: automation may undo
    db.session.commit()
    assert submission(FEES[2][1]).cluster_id == alone
    submissions.refine(consultation.scope)
    db.session.commit()
    assert submission(FEES[2][1]).cluster_id == fees and db.session.get(Cluster, alone) is None
    assert submissions.successor(alone) == fees
    assert app.test_client().get(f"/en/groups/{alone}").headers["Location"].endswith(f"/en/groups/{fees}")
    db.session.add(ClusterRedirect(id=alone + 1000, to_id=alone))  # a group merged into one merged later
    db.session.commit()
    assert submissions.successor(alone + 1000) == fees
