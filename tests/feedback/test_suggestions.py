"""Where a group or a member probably belongs: the group page offers the groups nearest in meaning (in any
language, on any page of the draft) to merge with or to move members to, a weak member its own nearest
groups, and the workspace lists the likely duplicates of the whole scope. Real model, real worker."""

import re

from sqlalchemy import select

from app.accounts.models import Role
from app.consultations.models import Provision
from app.extensions import db
from app.submissions import services as submissions
from app.submissions.models import Cluster, Submission
from app.submissions.scopes import PETITIONS
from tests.feedback.conftest import FEES, submission
from tests.helpers import text

DRAFT = (
    "Глава 1. Общие положения\n\nСтатья 1. Цель\n\nЦелью закона является открытость.\n\n"
    "Статья 2. Плата\n\nПлата за детский сад устанавливается местным органом власти.\n"
)
BUS = "Please restore the night bus from the railway station to the northern districts."
WATER = "Оби нӯшокӣ дар маҳаллаи мо ҳар рӯз қатъ мешавад, қубурҳоро иваз кардан лозим."


def _scene(make_consultation, add_comments, run_jobs):
    """Kindergarten fees in Russian and Tajik on article 1, the same in English on article 2 in a group of its
    own (as before a refinement joins them), a night bus and water cuts on article 1."""
    consultation, first, _ = make_consultation(text=DRAFT)
    second = db.session.scalar(select(Provision).filter_by(version_id=first.version_id, number="2"))
    add_comments(consultation, [FEES[0][1], FEES[1][1], BUS, WATER], first)
    add_comments(consultation, [FEES[2][1]], second)
    run_jobs()
    english = submission(FEES[2][1])
    alone = submissions.new_cluster(consultation.scope)
    submissions.reshape(consultation.scope, {english.id: alone.id})
    db.session.commit()
    fees = db.session.get(Cluster, submission(FEES[0][1]).cluster_id)
    assert submission(FEES[1][1]).cluster_id == fees.id and fees.id != alone.id, "premise: the fees group and a copy"
    return consultation, fees.id, alone.id


def _fresh(member: Submission) -> Submission:
    """A member as the last request left it."""
    db.session.expire_all()
    return db.session.get(Submission, member.id)


def _gone(cluster_id: int) -> bool:
    return db.session.scalar(select(Cluster.id).filter_by(id=cluster_id)) is None


def _near(page: str) -> str:
    """The section of a group page listing the groups nearest in meaning."""
    return page[page.index("Groups nearest in meaning") : page.index("Members of the group")]


def test_a_group_is_offered_its_copy_in_another_language_on_another_article_and_merges_it_in_one_click(
    make_consultation, add_comments, run_jobs, staff_client
):
    consultation, fees, alone = _scene(make_consultation, add_comments, run_jobs)
    browser = staff_client(consultation.agency)
    near = _near(text(browser.get(f"/en/review/clusters/{fees}")))
    first = near.index(f"#{alone}")
    assert "Kindergarten fees" in near[: first + 10], "the English copy comes first, by its first sentence"
    assert "Provisions 2" in near and "Probably the same" in near[: near.index("#", first + 1)]
    bus = submission(BUS).cluster_id
    assert f"#{bus}" not in near or near.index(f"#{bus}") > first

    doubtful = submission(FEES[1][1])
    doubtful.firmness = -0.02  # as the engine says of a member that barely joined
    db.session.commit()
    response = browser.submit("/en/review/merge", {"ids": [fees, alone]}, form_url=f"/en/review/clusters/{fees}")
    assert response.status_code == 302
    english, doubtful = _fresh(submission(FEES[2][1])), _fresh(doubtful)
    assert english.cluster_id == fees and english.confirmed_at is not None, (
        "firm members of a merged group are confirmed"
    )
    assert doubtful.confirmed_at is None, "a merge says nothing of a member already in doubt"
    assert _gone(alone)
    assert browser.get(f"/en/review/clusters/{alone}").headers["Location"].endswith(f"/review/clusters/{fees}")


def test_a_group_of_one_moves_with_the_picker_and_its_address_leads_to_the_group_it_joined(
    make_consultation, add_comments, run_jobs, staff_client
):
    consultation, fees, alone = _scene(make_consultation, add_comments, run_jobs)
    browser = staff_client(consultation.agency)
    page = text(browser.get(f"/en/review/clusters/{alone}"))
    assert "Move them to" in page and re.search(
        rf'name="to" value="{fees}"', browser.get(f"/en/review/clusters/{alone}").text
    )
    english = submission(FEES[2][1])
    response = browser.submit(
        f"/en/review/clusters/{alone}/members",
        {"ids": [english.id], "to": fees, "action": "move"},
        form_url=f"/en/review/clusters/{alone}",
    )
    assert response.headers["Location"].endswith(f"/review/clusters/{fees}"), "the emptied group is gone"
    english = _fresh(english)
    assert english.cluster_id == fees and english.pinned and english.confirmed_at is not None
    assert _gone(alone)
    assert browser.get(f"/en/review/clusters/{alone}").headers["Location"].endswith(f"/review/clusters/{fees}")


def test_a_weak_member_is_offered_its_nearest_groups_and_can_be_moved_or_set_apart(
    make_consultation, add_comments, run_jobs, staff_client
):
    consultation, fees, alone = _scene(make_consultation, add_comments, run_jobs)
    weak = submission(FEES[1][1])
    weak.firmness = -0.02  # as the engine says of a member that barely joined
    db.session.commit()
    browser = staff_client(consultation.agency)
    html = browser.get(f"/en/review/clusters/{fees}").text
    assert f'name="move_to" value="{weak.id}-{alone}"' in html, "its nearest other group is offered"
    waiting = text(browser.get(f"/en/review/clusters/{fees}"))
    answer_form = waiting[waiting.index("Not told until you confirm it (1 member)") :]
    assert answer_form.index(FEES[1][1][:40]) < answer_form.index("Publish the answer"), "listed on the answer form"

    browser.submit(
        f"/en/review/clusters/{fees}/members",
        {"move_to": f"{weak.id}-{alone}"},
        form_url=f"/en/review/clusters/{fees}",
    )
    weak = _fresh(weak)
    assert weak.cluster_id == alone and weak.pinned and weak.confirmed_at is not None

    english = submission(FEES[2][1])  # now beside the Tajik one
    english.firmness = -0.03
    db.session.commit()
    browser.submit(
        f"/en/review/clusters/{alone}/members", {"apart": english.id}, form_url=f"/en/review/clusters/{alone}"
    )
    english = _fresh(english)
    assert english.cluster_id not in (fees, alone) and db.session.get(Cluster, english.cluster_id).size == 1


def test_the_workspace_lists_likely_duplicates_across_the_scope_but_not_groups_kept_apart(
    make_consultation, add_comments, run_jobs, staff_client
):
    consultation, fees, alone = _scene(make_consultation, add_comments, run_jobs)
    browser = staff_client(consultation.agency)
    workspace = browser.get(f"/en/review/consultations/{consultation.id}").text
    assert f"/review/consultations/{consultation.id}/duplicates" in workspace
    page = text(browser.get(f"/en/review/consultations/{consultation.id}/duplicates"))
    assert f"Merge groups {fees} and {alone}" in page
    assert f"#{submission(BUS).cluster_id}" not in page, "a night bus is no duplicate of kindergarten fees"

    submissions.reshape(consultation.scope, {}, separate=[(fees, alone)])
    db.session.commit()
    page = text(browser.get(f"/en/review/consultations/{consultation.id}/duplicates"))
    assert f"Merge groups {fees} and {alone}" not in page, "an official kept them apart"
    assert f"#{alone}" not in _near(text(browser.get(f"/en/review/clusters/{fees}")))


def test_petition_groups_are_offered_only_among_those_the_agency_reviews(
    pool_petition, make_agency, run_jobs, staff_client
):
    health, city = make_agency(), make_agency()
    ours = pool_petition("Free insulin in every district", "Supply insulin without interruptions.", health)
    theirs = pool_petition("Бесплатный инсулин в каждом районе", "Обеспечить инсулин без перебоев.", city)
    run_jobs()
    ours_group = db.session.get(Submission, ours.submission_id).cluster_id
    alone = submissions.new_cluster(PETITIONS).id  # the city's petition in a group of its own, as before a refinement
    submissions.reshape(PETITIONS, {theirs.submission_id: alone})
    db.session.commit()

    admin_sees = text(staff_client(None, Role.ADMIN).get(f"/en/review/clusters/{ours_group}"))
    assert f"#{alone}" in _near(admin_sees), "premise: the two petitions are neighbours"
    browser = staff_client(health)
    assert f"#{alone}" not in text(browser.get(f"/en/review/clusters/{ours_group}"))
    assert f"#{alone}" not in text(browser.get("/en/review/petitions/duplicates"))


def test_hostile_member_buttons_get_a_clear_refusal_not_an_error(
    make_consultation, add_comments, run_jobs, staff_client
):
    consultation, fees, alone = _scene(make_consultation, add_comments, run_jobs)
    browser = staff_client(consultation.agency)
    member = submission(FEES[0][1]).id
    url, page = f"/en/review/clusters/{fees}/members", f"/en/review/clusters/{fees}"
    for value in ("²", "99999999999999999999", "-1", ""):
        assert browser.submit(url, {"apart": value}, form_url=page).status_code == 404
        assert browser.submit(url, {"move_to": f"{member}-{value}"}, form_url=page).status_code == 404
        moved = browser.submit(url, {"ids": [member], "to": value, "action": "move"}, form_url=page)
        assert moved.status_code == 200 and "There is no group with this number that you review." in text(moved)
    assert submission(FEES[0][1]).cluster_id == fees, "nothing moved"
