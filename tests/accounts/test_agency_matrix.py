"""Every staff route x a second agency: aimed at another agency's consultation, group, petition or member, it refuses
a moderator and an official of agency A and changes nothing, checked in the database (and in the queues).

A staff route (one that tests/accounts/test_access_matrix.py opens to some roles only) fails here until it is aimed
below. The same requests by agency B's own staff (an admin, on admin pages) do change something: each refusal is about
the agency, not a form that could not pass. Pages that list an agency's work show A's and never B's.
"""

import io
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

import pytest
from rq import Queue

from app.accounts.models import Role, User
from app.agencies.models import Agency
from app.consultations import attachments, comments, reports
from app.consultations import services as consultations
from app.consultations.models import Comment, Consultation, Phase, ReportReason
from app.core.db import utcnow
from app.core.queue import LOW_QUEUE, QUEUES, get_queue, get_redis
from app.extensions import db
from app.feedback.models import ClusterReview, ReviewStatus
from app.petitions.models import Petition, State
from app.submissions import services as submissions
from app.submissions.models import Submission
from app.submissions.scopes import PETITIONS
from tests.accounts.test_access_matrix import policy_of
from tests.helpers import build_url, signature, snapshot, text

OURS, THEIRS = "ours", "theirs"
STAFF = (Role.MODERATOR, Role.OFFICIAL)
TOKEN_PAGE = "/en/account"  # a page with a CSRF token for every signed-in person
REFUSED = (403, 404)
PDF = b"%PDF-1.4\n%%EOF\n"
SECOND_DRAFT = "Глава 1. Общие положения\n\nСтатья 1. Цель\n\nЦелью закона является открытость и подотчётность.\n"
#: Version 1 of each consultation (tests/conftest.py SAMPLE_DRAFT) in English.
ENGLISH_DRAFT = "Chapter 1. General provisions\n\nArticle 1. Purpose\n\nThe purpose of the law is openness.\n"

#: What each agency's petitions ask (`repeat` and `third` say the same: a likely duplicate pair), and the comment of
#: its consultation that waits for a moderator.
TOPICS = {
    OURS: {
        "petition": ("Free insulin in every district clinic", "Supply insulin pens free of charge in every clinic."),
        "repeat": ("Light the road to the railway station", "Put street lights along the road to the station."),
        "third": ("Street lights on the station road", "The road to the railway station needs street lights."),
        "spare": ("Open a library in the northern district", "Build a public library for the northern district."),
        "moving": ("A crossing at the bus station", "Paint a pedestrian crossing at the bus station."),
        "mixed": ("Mend the bridge over the river", "The bridge over the river is falling apart."),
        "waiting": ("Repair the roof of school number five", "The roof of school number five leaks."),
        "waiting2": ("Plant trees along the river bank", "Plant trees along the river bank in spring."),
        "pending": "Publish the budget tables of the ministry as open data.",
    },
    THEIRS: {
        "petition": ("Restore the night bus to the airport", "Run the night bus to the airport again."),
        "repeat": ("Cheaper bread in state shops", "Lower the price of bread in state shops."),
        "third": ("Lower bread prices in state shops", "State shops should sell bread more cheaply."),
        "spare": ("A swimming pool for the southern district", "Build a public swimming pool in the south."),
        "moving": ("Fix the lift in block seven", "The lift in block seven has not worked for a year."),
        "mixed": ("Repair the river bridge", "Repair the old bridge across the river before winter."),
        "waiting": ("Clean the canal near the old market", "The canal near the old market is full of rubbish."),
        "waiting2": ("More benches in the central park", "Put more benches in the central park."),
        "pending": "Translate the draft into every language of the country.",
    },
}


class Thing(NamedTuple):
    """Something of one agency's world, named by its key there."""

    world: str
    key: str


def ours(key: str) -> Thing:
    return Thing(OURS, key)


def theirs(key: str) -> Thing:
    return Thing(THEIRS, key)


class MoveTo(NamedTuple):
    """The button that moves one member to a group offered for it."""

    member: Thing
    group: Thing


@dataclass(frozen=True)
class Aim:
    """A request of agency A's staff at agency B's things (URL arguments and form fields name Things, or are literal).

    `by`: who of agency B may make it (None: it mixes both agencies' things, and no one may); `refused`: how the app
    answers A's staff; `lists`: for a page listing an agency's work, what marks a world's things there (it shows A's
    and none of B's to the roles `seen_by`, and refuses the others).
    """

    method: str
    args: dict = field(default_factory=dict)
    form: dict = field(default_factory=dict)
    by: Role | None = Role.OFFICIAL
    refused: tuple = REFUSED
    lists: str | None = None
    seen_by: tuple = ()


def get(by=Role.OFFICIAL, refused=REFUSED, **args) -> Aim:
    return Aim("GET", args, by=by, refused=refused)


def post(form: dict, by=Role.OFFICIAL, refused=REFUSED, **args) -> Aim:
    return Aim("POST", args, form, by=by, refused=refused)


def listing(marker: str, *seen_by: Role, **args) -> Aim:
    return Aim("GET", args, by=None, lists=marker, seen_by=seen_by)


ANSWER = {"body": "We heard you: this is done from March."}
STATUS = {"status": "accepted", "reason": "Done."}
CONSULTATION_FORM = {
    "title": "Draft law on open budgets",
    "summary": "Comment on the draft.",
    "body": "",
    "region_code": "",
    "opens_on": (utcnow() - timedelta(days=30)).date().isoformat(),
    "closes_on": (utcnow() - timedelta(days=2)).date().isoformat(),
}
AGENCY_FORM = {"slug": "renamed-agency", "name_en": "Renamed agency", "website": ""}

#: Every staff route, aimed at agency B's things, in the order agency B's staff make the same requests.
AIMS = {
    "admin.dashboard": [get(Role.ADMIN)],
    "admin.agencies": [get(Role.ADMIN)],
    "admin.users": [get(Role.ADMIN)],
    "admin.audit_log": [get(Role.ADMIN)],
    "admin.edit_agency": [
        get(Role.ADMIN, agency_id=theirs("agency")),
        post(AGENCY_FORM, Role.ADMIN, agency_id=theirs("agency")),
        get(Role.ADMIN),
        post(AGENCY_FORM | {"slug": "new-agency"}, Role.ADMIN),
    ],
    "admin.edit_user": [
        get(Role.ADMIN, user_id=theirs("official")),
        post({"role": "official", "agency_id": ours("agency")}, Role.ADMIN, user_id=theirs("official")),
    ],
    "petitions.show": [get(Role.MODERATOR, refused=(404,), petition_id=theirs("waiting"))],
    "petitions.moderation_queue": [listing("waiting", Role.MODERATOR)],
    "petitions.moderate": [
        get(Role.MODERATOR, petition_id=theirs("waiting")),
        listing("agency option", Role.MODERATOR, petition_id=ours("unaddressed")),
    ],
    "petitions.publish": [
        post({"agency_id": theirs("agency")}, Role.MODERATOR, petition_id=theirs("waiting")),
        post({"agency_id": theirs("agency")}, None, refused=(400, 403), petition_id=ours("unaddressed")),
        post({"agency_id": theirs("agency")}, None, refused=(400, 403), petition_id=ours("waiting")),
    ],
    "petitions.reject": [post({"reason": "offensive", "note": ""}, Role.MODERATOR, petition_id=theirs("waiting2"))],
    "petitions.hide": [post({"note": "Abusive language."}, Role.MODERATOR, petition_id=theirs("spare"))],
    "petitions.invalidate": [
        get(Role.MODERATOR, petition_id=theirs("petition")),
        post({"domain": "example.org", "strike": "y"}, Role.MODERATOR, petition_id=theirs("petition")),
    ],
    "petitions.responses_due": [listing("open", Role.OFFICIAL)],
    "petitions.respond": [get(petition_id=theirs("petition")), post(ANSWER, petition_id=theirs("petition"))],
    "petitions.outcome": [
        get(petition_id=theirs("petition")),
        post({"outcome": "Adopted."}, petition_id=theirs("petition")),
    ],
    "petitions.send_on": [
        get(petition_id=theirs("moving")),
        post({"agency_id": ours("agency"), "reason": ""}, petition_id=theirs("moving")),
    ],
    "consultations.new": [
        listing("agency option", Role.OFFICIAL),
        post(CONSULTATION_FORM | {"agency_id": theirs("agency")}, None, refused=(200, 403)),
    ],
    "consultations.moderation": [listing("pending", *STAFF)],
    "consultations.moderate": [post({"decision": "publish"}, Role.MODERATOR, comment_id=theirs("pending"))],
    "consultations.resolve_reports": [post({"decision": "keep"}, Role.MODERATOR, comment_id=theirs("comment"))],
    "consultations.edit": [
        get(consultation_id=theirs("consultation")),
        post(CONSULTATION_FORM | {"agency_id": theirs("agency")}, consultation_id=theirs("consultation")),
        post(
            CONSULTATION_FORM | {"agency_id": theirs("agency")}, None, (200, 403), consultation_id=ours("consultation")
        ),
    ],
    "consultations.import_draft": [
        get(consultation_id=theirs("consultation")),
        post({"text": SECOND_DRAFT}, consultation_id=theirs("consultation")),
    ],
    "consultations.translate_draft": [
        get(consultation_id=theirs("consultation"), number=1),
        post({"language": "en", "text": ENGLISH_DRAFT}, consultation_id=theirs("consultation"), number=1),
    ],
    "consultations.translate_details": [
        get(consultation_id=theirs("consultation")),
        post({"language": "ru", "title": "Проект закона", "summary": ""}, consultation_id=theirs("consultation")),
    ],
    "consultations.preview": [
        get(consultation_id=theirs("consultation")),
        post({"note": "Clearer wording."}, consultation_id=theirs("consultation")),
    ],
    "consultations.write_report": [
        get(consultation_id=theirs("consultation")),
        post({"report": "What we heard."}, consultation_id=theirs("consultation")),
    ],
    "consultations.documents_page": [
        get(consultation_id=theirs("consultation")),
        post({"document": lambda: (io.BytesIO(PDF), "plan.pdf")}, consultation_id=theirs("consultation")),
    ],
    "consultations.delete_document": [
        post({}, consultation_id=theirs("consultation"), document_id=theirs("document")),
        post({}, None, refused=(302, 403), consultation_id=ours("consultation"), document_id=theirs("document")),
    ],
    "consultations.questions_page": [
        get(consultation_id=theirs("consultation")),
        post({"text": "Which service should go online first?"}, consultation_id=theirs("consultation")),
    ],
    "feedback.workspace": [get(consultation_id=theirs("consultation"))],
    "feedback.duplicates": [get(consultation_id=theirs("consultation"))],
    "feedback.petitions": [listing("pool", *STAFF)],
    "feedback.petition_duplicates": [listing("duplicates", *STAFF)],
    "feedback.overdue": [listing("overdue", *STAFF)],
    "feedback.job_progress": [get(refused=(404,), job_id=theirs("job"))],
    "feedback.cluster": [get(cluster_id=theirs("group")), get(cluster_id=theirs("pool group"))],
    "feedback.export": [get(cluster_id=theirs("group")), get(cluster_id=theirs("pool group"))],
    "feedback.members": [
        post({"pin": theirs("comment member")}, cluster_id=theirs("group")),
        post({"pin": theirs("petition member")}, cluster_id=theirs("pool group")),
        post({"pin": theirs("comment member")}, None, cluster_id=ours("group")),
        post(
            {"ids": [theirs("petition member")], "action": "split"},
            None,
            refused=(302, 403),
            cluster_id=ours("pool group"),
        ),
        post(
            {"ids": [ours("petition member")], "target": theirs("repeat group"), "action": "move"},
            None,
            refused=(200, 403),
            cluster_id=ours("pool group"),
        ),
        post({"move_to": MoveTo(ours("petition member"), theirs("repeat group"))}, None, cluster_id=ours("pool group")),
        post({"move_to": MoveTo(ours("petition member"), ours("mixed group"))}, None, cluster_id=ours("pool group")),
        post({"pin": theirs("mixed member")}, None, cluster_id=ours("mixed group")),
        post({"apart": theirs("mixed member")}, None, cluster_id=ours("mixed group")),
    ],
    "feedback.merge": [
        post({"ids": [theirs("repeat group"), theirs("third group")]}),
        post({"ids": [ours("repeat group"), theirs("third group")]}, None),
        post({"ids": [ours("repeat group"), ours("mixed group")]}, None),
    ],
    "feedback.status": [
        post(STATUS, cluster_id=theirs("group")),
        post(STATUS, None, cluster_id=ours("mixed group")),
    ],
    "feedback.answer": [
        post(ANSWER, cluster_id=theirs("group")),
        post(ANSWER, cluster_id=theirs("pool group")),
        post(ANSWER, None, cluster_id=ours("mixed group")),
    ],
    "feedback.translate_answer": [  # after feedback.answer: agency B's official answered the group
        get(cluster_id=theirs("group")),
        post({"language": "ru", "body": "Мы вас услышали: это сделано с марта."}, cluster_id=theirs("group")),
    ],
    "feedback.regroup": [post({}, consultation_id=theirs("consultation"))],
}

#: Staff routes that touch no agency's thing in particular.
UNAIMED = {
    "feedback.regroup_petitions": "automation regroups the whole pool; it keeps every official's decision",
    "following.organisation": "an organisation's page, for its members; no agency's",
    "following.add_member": "an organisation's members; no agency's",
    "following.remove_member": "an organisation's members; no agency's",
}


def _staff_endpoints(app) -> dict[str, set[str]]:
    """The routes open to some roles only, with their methods."""
    found = {}
    for rule in app.url_map.iter_rules():
        if isinstance(policy_of(rule.endpoint), frozenset):
            found.setdefault(rule.endpoint, set()).update(rule.methods & {"GET", "POST"})
    return found


def test_every_staff_route_is_aimed_at_another_agency(app):
    staff = _staff_endpoints(app)
    assert sorted(set(staff) - set(AIMS) - set(UNAIMED)) == [], "aim these routes at another agency's things in AIMS"
    assert sorted(set(UNAIMED) - set(staff)) == [], "these are no longer staff routes"
    unaimed = {(e, m) for e, methods in staff.items() if e in AIMS for m in methods} - {
        (endpoint, aim.method) for endpoint, aims in AIMS.items() for aim in aims
    }
    assert sorted(unaimed) == [], "aim these methods too"


# -- two agencies' worlds ---------------------------------------------------------------------------------------


def _petitions(make_petition, agency, topics: dict) -> dict:
    """The agency's petitions by key, the pool's ones submitted for the worker to place; `petition` is signed twice
    and due for consideration."""
    now = utcnow()
    made = {
        key: make_petition(state, agency_id=agency.id, title=topics[key][0], request=topics[key][1])
        for key, state in [
            ("petition", State.OPEN),
            ("repeat", State.OPEN),
            ("third", State.OPEN),
            ("spare", State.OPEN),
            ("moving", State.OPEN),
            ("mixed", State.OPEN),
            ("waiting", State.MODERATION),
            ("waiting2", State.MODERATION),
        ]
    }
    made["petition"].consideration_due_at = now
    for key in ("petition", "repeat", "third", "mixed"):
        petition = made[key]
        body = f"{petition.title}\n\n{petition.request}"
        petition.submission_id = submissions.submit("petition", PETITIONS, body, petition.author).id
    for number in (1, 2):
        db.session.add(signature(made["petition"], number, now))
    db.session.commit()
    return made


def _consultation(app, make_consultation, agency, pending_text: str, reporter) -> dict:
    """A consultation of the agency with a published comment (reported), one waiting for a moderator, and a
    document."""
    consultation, _article, comment = make_consultation(agency)
    with app.test_request_context():
        consultation = db.session.get(Consultation, consultation.id)
        reports.report(db.session.get(Comment, comment.id), reporter, ReportReason.OFF_TOPIC)
        document = attachments.attach(consultation, "note.pdf", PDF)
        consultation.premoderation = True
        pending = comments.add(consultation, comment.author, pending_text)
        db.session.commit()
        ids = {"consultation": consultation.id, "document": document.id, "pending": pending.id}
    return ids | {"comment": comment.id}


def _world(app, tag, make_agency, make_user, make_petition, make_consultation) -> dict:
    agency = make_agency()
    official = make_user(role=Role.OFFICIAL, agency=agency)
    world = {"agency": agency.id, "agency name": agency.name("en"), "official": official.id}
    world |= _consultation(app, make_consultation, agency, TOPICS[tag]["pending"], make_user())
    petitions = _petitions(make_petition, agency, TOPICS[tag])
    world |= {key: petition.id for key, petition in petitions.items()}
    world["titles"] = {key: petition.title for key, petition in petitions.items()}
    return world


def _shape(app, world: dict) -> None:
    """Once the worker has placed everything: each pool petition alone in a group, the consultation closed with a
    second draft to preview, its group overdue, and a regrouping of it queued."""
    member = {key: db.session.get(Petition, world[key]).submission_id for key in ("petition", "repeat", "third")}
    groups = {key: submissions.new_cluster(PETITIONS).id for key in member}
    submissions.reshape(PETITIONS, {member[key]: groups[key] for key in member})
    comment = db.session.get(Comment, world["comment"])
    group = db.session.get(Submission, comment.submission_id).cluster_id
    db.session.add(
        ClusterReview(cluster_id=group, status=ReviewStatus.UNDER_REVIEW, due_on=utcnow().date() - timedelta(days=1))
    )
    consultation = db.session.get(Consultation, world["consultation"])
    consultation.opens_at, consultation.closes_at = utcnow() - timedelta(days=30), utcnow() - timedelta(days=2)
    consultation.phase = Phase.CLOSED
    db.session.commit()
    with app.test_request_context():
        official = db.session.get(User, world["official"])
        consultations.import_draft(db.session.get(Consultation, world["consultation"]), official, SECOND_DRAFT)
        db.session.commit()  # inside: the request context has a session of its own
    job = get_queue(LOW_QUEUE).enqueue("workers.semantic.refine_scope", consultation.scope)
    world |= {
        "group": group,
        "comment member": comment.submission_id,
        "petition member": member["petition"],
        "pool group": groups["petition"],
        "repeat group": groups["repeat"],
        "third group": groups["third"],
        "job": job.id,
    }


@pytest.fixture
def worlds(app, make_agency, make_user, make_petition, make_consultation, run_jobs) -> dict:
    """Two agencies, each with a consultation (a group, a comment waiting, a document, a draft to preview) and
    petitions (open, grouped, waiting for moderation), and one petition waiting that is addressed to no agency."""
    built = {tag: _world(app, tag, make_agency, make_user, make_petition, make_consultation) for tag in (OURS, THEIRS)}
    run_jobs()
    for tag, world in built.items():
        _shape(app, world)
        world["markers"] = _markers(tag, world)
    _mix(built)
    built[OURS]["unaddressed"] = make_petition(State.MODERATION, agency_id=None).id
    return built


def _mix(built: dict) -> None:
    """One group holding a petition of each agency: both review it, neither shapes, decides or answers it."""
    members = {tag: db.session.get(Petition, world["mixed"]).submission_id for tag, world in built.items()}
    group = submissions.new_cluster(PETITIONS).id
    submissions.reshape(PETITIONS, dict.fromkeys(members.values(), group))
    db.session.commit()
    for tag, world in built.items():
        world |= {"mixed group": group, "mixed member": members[tag]}


def _markers(tag: str, world: dict) -> dict[str, list[str]]:
    """What shows that a page lists this world's things."""
    group_link = '/review/clusters/{}"'.format
    return {
        "waiting": [world["titles"]["waiting"], world["titles"]["waiting2"]],
        "open": [world["titles"]["petition"]],
        "pending": [TOPICS[tag]["pending"]],
        "pool": [group_link(world["pool group"])],
        "duplicates": [group_link(world["repeat group"]), group_link(world["third group"])],
        "overdue": [f'/review/consultations/{world["consultation"]}"', group_link(world["group"])],
        "agency option": [f">{world['agency name']}</option>"],
    }


# -- requests and what they changed -----------------------------------------------------------------------------


def _value(value, worlds: dict):
    if isinstance(value, MoveTo):
        return f"{_value(value.member, worlds)}-{_value(value.group, worlds)}"
    if isinstance(value, Thing):
        return worlds[value.world][value.key]
    if isinstance(value, list):
        return [_value(v, worlds) for v in value]
    return value() if callable(value) else value


def _url(app, endpoint: str, aim: Aim, worlds: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules(endpoint) if r.arguments - {"lang_code"} == set(aim.args))
    return build_url(rule, {name: _value(thing, worlds) for name, thing in aim.args.items()})


def _send(app, browser, endpoint: str, aim: Aim, worlds: dict):
    url = _url(app, endpoint, aim, worlds)
    if aim.method == "GET":
        return browser.get(url)
    return browser.submit(url, {name: _value(v, worlds) for name, v in aim.form.items()}, form_url=TOKEN_PAGE)


def _state() -> dict:
    """Every row of every table, and how many jobs wait in each queue."""
    rows = snapshot() | {"queued jobs": {name: Queue(name, connection=get_redis()).count for name in QUEUES}}
    db.session.rollback()  # end the read: the next one sees what the requests commit
    return rows


def changed(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def _aims():
    return [(endpoint, aim) for endpoint, aims in AIMS.items() for aim in aims]


def _outcome(response, aim: Aim, worlds: dict, role: Role) -> str:
    """What the app did: refused, "lists" (a page of agency A's work showing none of B's), or something else."""
    if role in aim.seen_by:
        if response.status_code != 200:
            return str(response.status_code)
        page = text(response)
        ours_shown = all(marker in page for marker in worlds[OURS]["markers"][aim.lists])
        theirs_shown = [marker for marker in worlds[THEIRS]["markers"][aim.lists] if marker in page]
        return "lists" if ours_shown and not theirs_shown else f"lists: ours {ours_shown}, theirs {theirs_shown}"
    return "refused" if response.status_code in aim.refused else str(response.status_code)


@pytest.mark.parametrize("role", STAFF, ids=str)
def test_staff_of_one_agency_change_nothing_of_another(app, worlds, staff_client, role):
    browser = staff_client(db.session.get(Agency, worlds[OURS]["agency"]), role)
    before, wrong = _state(), []
    for endpoint, aim in _aims():
        response = _send(app, browser, endpoint, aim, worlds)
        outcome, now = _outcome(response, aim, worlds, role), _state()
        if outcome not in ("refused", "lists") or changed(before, now):
            wrong.append((endpoint, aim.method, _url(app, endpoint, aim, worlds), outcome, changed(before, now)))
            before = now
    assert wrong == []


def test_their_own_staff_may_make_the_same_requests(app, worlds, staff_client):
    """The control: agency B's staff (an admin, on admin pages) open each page, and each of their requests changes
    something, so the refusals above are about the agency, and the snapshot sees every change."""
    agency = db.session.get(Agency, worlds[THEIRS]["agency"])
    browsers = {role: staff_client(agency, role) for role in (Role.OFFICIAL, Role.MODERATOR)}
    browsers[Role.ADMIN] = staff_client(None, Role.ADMIN)
    before, wrong = _state(), []
    for endpoint, aim in _aims():
        if aim.by is None:  # it mixes both agencies' things, or lists them
            continue
        response = _send(app, browsers[aim.by], endpoint, aim, worlds)
        now = _state()
        if (
            response.status_code != 200
            if aim.method == "GET"
            else response.status_code >= 400 or not changed(before, now)
        ):
            wrong.append((endpoint, aim.method, response.status_code))
        before = now
    assert wrong == []
