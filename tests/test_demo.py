"""`flask demo load` builds a believable portal and can run again without duplicating anything."""

from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.agencies.models import Agency
from app.demo.accounts import DEMO_PASSWORD
from app.demo.cli import load_demo
from app.extensions import db
from app.feedback.models import ClusterAnswer
from app.geo import get_country
from app.identity.models import LinkedIdentity
from app.submissions.models import Cluster, Processing, Submission


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.slow
def test_demo_load_is_idempotent_and_complete(app, client, capsys):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    texts = count(Submission, Submission.processing != Processing.ASIDE)  # the officials' replies are not grouped
    stages = ["Loading agencies and accounts…", f"Grouping {texts} texts by meaning", "Reading", "Demo loaded:"]
    assert all(stage in first.output for stage in stages), first.output  # in this order, as it happens
    assert [first.output.index(stage) for stage in stages] == sorted(first.output.index(stage) for stage in stages)
    groups = count(Cluster, Cluster.size > 0)
    assert f"{groups} groups ({count(ClusterAnswer)} answered)" in first.output
    totals = (count(User), count(Agency), count(LinkedIdentity))
    assert totals[2] == 1  # the demo e-ID's Sherzod Toshmatov is citizen17's
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and (count(User), count(Agency), count(LinkedIdentity)) == totals
    assert "Grouping" not in again.output, "nothing new to group"
    capsys.readouterr()
    load_demo()
    assert capsys.readouterr() == ("", ""), "load_demo() from code says nothing"
    skipped = runner.invoke(args=["demo", "load", "--if-empty"])
    assert "not loaded" in skipped.output and (count(User), count(Agency), count(LinkedIdentity)) == totals

    assert count(Agency) >= 3 and count(User, User.role == Role.CITIZEN) >= 30
    assert count(User, User.role == Role.ADMIN) == 1
    officials = db.session.scalars(select(User).where(User.role == Role.OFFICIAL)).all()
    assert officials and all(o.agency is not None for o in officials)
    country = get_country(app.config["OVOZ_COUNTRY"])
    citizens = db.session.scalars(select(User).where(User.role == Role.CITIZEN)).all()
    assert all(country.division(c.region_code) for c in citizens)
    assert len({country.region_of(c.region_code).code for c in citizens}) >= 3

    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN))
    assert client.login(admin.email, DEMO_PASSWORD).status_code == 302
    assert client.get("/tg/admin/users").status_code == 200


def test_create_admin_command(app, client):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "--email", "Boss@Example.org", "--name", "Boss"],
        input="a long admin password\na long admin password\n",
    )
    assert result.exit_code == 0, result.output
    assert client.login("boss@example.org", "a long admin password").status_code == 302
    assert client.get("/en/admin/").status_code == 200


def test_demo_petitions_in_every_state_with_signatures_by_region(app, client):
    from app.petitions.models import Petition, PetitionResponse, Signature, SignatureState, State

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    states = set(db.session.scalars(select(Petition.state)))
    assert states == {State.OPEN, State.CLOSED, State.REJECTED, State.MODERATION, State.SPONSORING, State.HIDDEN}
    assert count(Petition) >= 40 and count(PetitionResponse) >= 5
    assert len(set(db.session.scalars(select(Petition.language)))) >= 5
    confirmed = count(Signature, Signature.state == SignatureState.CONFIRMED)
    assert confirmed >= 3000
    assert db.session.scalar(select(func.sum(Petition.signature_count))) == confirmed
    country = get_country(app.config["OVOZ_COUNTRY"])
    codes = db.session.scalars(select(Signature.region_code).distinct())
    regions = {country.region_of(code).code for code in codes if code}
    assert len(regions) == 5
    duplicates = db.session.scalars(select(Petition).where(Petition.duplicate_of_id.is_not(None))).all()
    assert duplicates and all(d.duplicate_of.language != d.language for d in duplicates)
    totals = (count(Petition), count(Signature))
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert (count(Petition), count(Signature)) == totals, "loading again adds nothing"
    busiest = select(Petition).where(Petition.state == State.OPEN).order_by(Petition.signature_count.desc())
    open_one = db.session.scalar(busiest)
    page = client.get(f"/tg/petitions/{open_one.id}")
    assert page.status_code == 200 and "signer" not in page.get_data(as_text=True)
    assert client.get("/ru/petitions?sort=trending").status_code == 200


def test_demo_consultations_with_versions_multilingual_comments_a_campaign_and_votes(app, client):
    from app.consultations.models import Comment, CommentVote, Consultation, Phase
    from app.semantic.campaigns import find_campaigns
    from app.submissions.models import Submission

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    consultations = db.session.scalars(select(Consultation)).all()
    assert sorted(c.phase for c in consultations) == [Phase.CLOSED, Phase.OPEN]
    law = next(c for c in consultations if c.phase == Phase.OPEN)
    closed = next(c for c in consultations if c.phase == Phase.CLOSED)
    versions = [v for v in law.versions if v.published_at is not None]
    assert [v.number for v in versions] == [1, 2]
    assert sum(p.kind == "article" for p in versions[1].provisions) >= 15
    assert {p.change for p in versions[1].provisions} >= {"same", "changed", "moved", "new"}
    # README: version 2 also has its official Russian text, matched provision by provision, not in the description.
    assert [v.language for v in versions] == ["tg", "tg"] and [t.language for t in versions[1].translations] == ["ru"]
    assert len(versions[1].translations[0].texts) == len(versions[1].provisions)
    assert "Статья 9" not in law.body and len(law.body) < 1500
    assert [t.language for t in law.texts] == ["ru"], "its title and summary in Russian too"

    all_comments = db.session.scalars(select(Comment).order_by(Comment.id)).all()  # the form letter's first copy first
    assert len(all_comments) >= 250 and count(Comment, Comment.consultation_id == closed.id) >= 50
    assert all(c.provision is None or c.provision.version_id == c.version_id for c in all_comments)
    assert {c.version_id for c in all_comments if c.consultation_id == law.id} == {v.id for v in versions}
    assert all(c.created_at <= closed.closes_at for c in all_comments if c.consultation_id == closed.id)
    languages = db.session.scalars(select(Submission.language).where(Submission.kind == "comment").distinct())
    assert len(set(languages)) >= 4

    # A form letter: 40+ comments on one provision, versions of one template (not all the same text).
    by_provision = defaultdict(list)
    for comment in all_comments:
        if comment.parent_id is None and comment.provision_id is not None:
            by_provision[comment.provision_id].append(comment.submission.body)
    campaigns = []
    for bodies in by_provision.values():
        numbers = find_campaigns(bodies)
        for number in set(numbers) - {None}:
            campaigns.append([body for body, n in zip(bodies, numbers, strict=True) if n == number])
    letters = max(campaigns, key=len)
    assert len(letters) >= 40 and len(set(letters)) > len(letters) // 2
    first = set(letters[0].lower().split())
    assert all(len(first & set(other.lower().split())) >= len(first) // 2 for other in letters)

    assert count(Comment, Comment.amendment.is_not(None)) >= 5
    assert count(Comment, Comment.parent_id.is_not(None)) >= 10
    votes = count(CommentVote)
    assert votes >= 300
    assert db.session.scalar(select(func.sum(Comment.agree) + func.sum(Comment.disagree))) == votes

    totals = (count(Consultation), count(Comment), count(CommentVote), count(User))
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert (count(Consultation), count(Comment), count(CommentVote), count(User)) == totals, (
        "loading again adds nothing"
    )
    assert client.get(f"/tg/consultations/{law.id}").status_code == 200
    assert client.get(f"/uz/consultations/{closed.id}").status_code == 200


def test_demo_feedback_is_grouped_with_answered_and_overdue_groups(app):
    from app.consultations.models import Consultation, Phase
    from app.demo.consultations_data import WATER_CAMPAIGN
    from app.feedback import answers, reviews
    from app.feedback.models import ClusterAnswer, ClusterReview

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert count(Submission) >= 300, "comments and petitions"
    staff = select(User.id).where(User.role != Role.CITIZEN)
    aside = count(Submission, Submission.processing == Processing.ASIDE)
    assert aside == count(Submission, Submission.author_id.in_(staff)) > 0, "the officials' replies, never grouped"
    assert count(Submission, Submission.processing != Processing.DONE) == aside
    assert count(Submission, Submission.cluster_id.is_(None)) == aside
    law = db.session.scalar(select(Consultation).where(Consultation.phase == Phase.OPEN))
    regulation = db.session.scalar(select(Consultation).where(Consultation.phase == Phase.CLOSED))
    answered = db.session.scalars(select(Cluster).join(ClusterAnswer, ClusterAnswer.cluster_id == Cluster.id)).all()
    assert any(cluster.scope == regulation.scope for cluster in answered)
    assert all(reviews.review_of(cluster).status.decided for cluster in answered)
    late = reviews.overdue(regulation.agency_id)
    assert late and all(row.cluster.scope == regulation.scope for row in late)
    totals = (count(ClusterAnswer), count(ClusterReview))
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert (count(ClusterAnswer), count(ClusterReview)) == totals, "loading again decides nothing twice"

    # The form letter (every copy has "сокини деҳаи", some typed without Tajik letters) is one group, left new.
    plain = str.maketrans("ҳҷқғӣӯ", "хчкгиу")
    bodies = select(Submission.cluster_id, Submission.body).where(Submission.scope == law.scope)
    copies = [group for group, body in db.session.execute(bodies) if "сокини дехаи" in body.lower().translate(plain)]
    assert len(copies) == WATER_CAMPAIGN["copies"]
    [(group_id, held)] = Counter(copies).most_common(1)
    group = db.session.get(Cluster, group_id)
    assert reviews.review_of(group) is None and answers.answer_of(group_id) is None
    assert held >= 0.9 * len(copies) and group.size <= 1.2 * len(copies), f"{Counter(copies)}: the campaign is split"
