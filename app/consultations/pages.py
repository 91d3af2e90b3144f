"""What the consultation pages show, gathered in one place for the templates."""

from collections import Counter, defaultdict

from flask import request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.models import User
from app.consultations import comments, services, translations, versions
from app.consultations.forms import AnswerForm, DraftCommentForm, ReplyForm
from app.consultations.labels import CHANGES, COMMENT_SORTS, PHASES, TIMELINE
from app.consultations.models import Comment, Consultation, Document, DraftVersion, Phase, Provision
from app.core.forms import ConfirmForm
from app.extensions import db
from app.feedback import publicity
from app.geo import current_country
from app.submissions.models import Submission


def _labels() -> dict:
    return {"phases": PHASES, "timeline": TIMELINE, "changes": CHANGES}


def consultation_context(consultation: Consultation, form=None, answer_form=None, answering=None) -> dict:
    version = services.current_version(consultation)
    counts = comments.counts_by_lineage(consultation)
    visible = comments.visible_on(consultation)  # on no provision: the draft as a whole, and answers
    answers = defaultdict(list)
    for comment in visible:
        if comment.question_id is not None:
            answers[comment.question_id].append(comment)
    attached = db.session.scalars(select(Document).where(Document.consultation_id == consultation.id)).all()
    general = [c for c in visible if c.question_id is None]
    return {
        "general": general,
        "group_answers": publicity.comment_answers(consultation, general),
        "questions": services.questions(consultation),
        "answers": answers,
        "answer_form": answer_form or AnswerForm(formdata=None),
        "answering": answering,
        "attached": attached,
        "form": form or DraftCommentForm(),
        "open": consultation.phase == Phase.OPEN,
        "consultation": consultation,
        "version": version,
        "versions": services.published_versions(consultation),
        "toc": [(p, counts.get(p.lineage_id, 0)) for p in (version.provisions if version else [])],
        "may_manage": services.may_manage(current_user, consultation),
        "timeline": services.timeline(consultation),
        "button": ConfirmForm(),
        "labels": _labels(),
        "country": current_country(),
    }


def _text_url(code: str) -> str:
    """This page with the text in another of the version's languages (or side by side)."""
    return url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(), "text": code})


def _reading(version: DraftVersion, both: bool = False) -> dict:
    """The language the reader reads the version in (`?text=`), the ones offered, and how links keep the choice."""
    locale = str(get_locale())
    chosen = translations.reading(version, request.args.get("text"), locale, both)
    default = translations.reading(version, None, locale)
    return {
        "reading": chosen,
        "text_languages": translations.languages(version),
        "text_param": None if chosen == default else chosen,  # links and forms keep a choice, never the default
        "text_url": _text_url,
        "both": translations.BOTH,
    }


def _version(consultation: Consultation, number: int | None) -> DraftVersion | None:
    published = services.published_versions(consultation)
    if number is None:
        return published[-1] if published else None
    return next((v for v in published if v.number == number), None)


def _as_texts(version: DraftVersion) -> list[versions.ProvisionText]:
    return [versions.ProvisionText(p.key, p.number, p.kind, p.heading, p.text) for p in version.provisions]


def changes_between(old: DraftVersion, new: DraftVersion) -> list[dict]:
    """The provisions of `new` in order, each with its change from `old` and a word diff; removed ones in place."""
    rows = []
    for match in versions.match_versions(_as_texts(old), _as_texts(new)):
        before = old.provisions[match.old] if match.old is not None else None
        after = new.provisions[match.new] if match.new is not None else None
        diff = versions.diff_html(before.text if before else "", after.text if after else "")
        rows.append({"before": before, "after": after, "change": str(match.change), "diff": diff})
    return rows


def draft_context(consultation: Consultation, number: int | None, changes_from: int | None) -> dict | None:
    version = _version(consultation, number)
    if version is None:
        return None
    earlier = _version(consultation, changes_from) if changes_from else None
    counts = comments.counts_by_lineage(consultation)
    reading = _reading(version)
    return reading | {
        "consultation": consultation,
        "version": version,
        "provisions": translations.in_language(version, reading["reading"]),
        "versions": services.published_versions(consultation),
        "counts": counts,
        "changes": changes_between(earlier, version) if earlier and earlier.number < version.number else None,
        "earlier": earlier,
        "labels": _labels(),
    }


def _history(provision: Provision) -> list[dict]:
    """The provision in every published version, each with the word diff from the version before."""
    rows, previous = [], None
    items = services.history(provision)
    versions_by_id = {
        v.id: v
        for v in db.session.scalars(select(DraftVersion).where(DraftVersion.id.in_({p.version_id for p in items})))
    }
    for item in items:
        text = services.full_text(item)
        changed = previous is not None and previous != text  # its own text, or that of a part or item
        diff = versions.diff_html(previous, text) if changed else None
        change = "changed" if changed and item.change == "same" else item.change
        version = versions_by_id[item.version_id]
        rows.append({"provision": item, "version": version, "diff": diff, "text": text, "change": change})
        previous = text
    return rows


def provision_context(
    consultation: Consultation,
    provision: Provision,
    form,
    reply_form=None,
    reply_to=None,
    sort: str = comments.SORTS[0],
    page: int = 1,
    showing: int | None = None,
) -> dict:
    """A provision, its history over the versions, and a page of its comments in any version (the page that
    shows comment `showing`, if given)."""
    history = _history(provision)
    texts = {row["provision"].id: row["text"] for row in history}
    numbers = {row["provision"].id: row["version"].number for row in history}
    threads = comments.threads_on(provision.lineage_id, sort, page, showing)
    replies = [reply for thread in threads.items for reply in threads.replies.get(thread.id, ())]
    current = services.current_version(consultation)
    version = db.session.get(DraftVersion, provision.version_id)
    reading = _reading(version, both=True)
    columns = _columns(version, provision, reading)
    return reading | {
        "consultation": consultation,
        "provision": columns[0]["provision"],  # in the language read (side by side: the page's, as by default)
        "columns": columns,
        "version": version,
        "is_current": current is not None and provision.version_id == current.id,
        "history": history,
        "threads": threads,
        "sort": sort,
        "sorts": COMMENT_SORTS,
        "comment_count": comments.count_on(provision.lineage_id),
        "shortened": {c.id: shortened(c.submission.body) for c in (*threads.items, *replies)},
        # the answer in full under a comment of the page rather than under a reply, folded away
        "group_answers": publicity.comment_answers(consultation, [*threads.items, *replies]),
        "written_on": numbers,
        "amendment_diffs": {
            c.id: versions.diff_html(texts.get(c.provision_id, ""), c.amendment) for c in threads.items if c.amendment
        },
        "latest": history[-1]["provision"] if history else provision,
        "form": form,
        "reply_form": reply_form or ReplyForm(formdata=None),
        "reply_to": reply_to,
        "button": ConfirmForm(),
        "my_votes": comments.votes_of(current_user, [c.id for c in threads.items]),
        "open": consultation.phase == Phase.OPEN,
        "labels": _labels(),
    }


SHORT = 200  # characters of a long comment shown before "Read more": about five lines on a phone


def shortened(text: str, limit: int = SHORT) -> tuple[str, str]:
    """A comment's text as what is shown at first and the rest behind "Read more" ("" if it is short): cut at
    the end of a line or sentence in the last third before `limit`, else between words."""
    if len(text) <= limit * 4 // 3:  # not worth a click
        return text, ""
    window = text[: limit + 1]
    cut = max(window.rfind("\n", limit * 2 // 3), window.rfind(". ", limit * 2 // 3) + 1)
    if cut <= 0:
        cut = window.rfind(" ", limit // 2)
    if cut <= 0:
        cut = limit
    return text[:cut].rstrip(), text[cut:].strip()


def _columns(version: DraftVersion, provision: Provision, reading: dict) -> list[dict]:
    """The provision's heading and full text in the language read, or in each of the version's (side by side)."""
    chosen = reading["reading"]
    if chosen == translations.BOTH:
        first = translations.reading(version, None, str(get_locale()))
        codes = [first, *(code for code in reading["text_languages"] if code != first)]
    else:
        codes = [chosen]
    items = services.subtree(provision)
    columns = []
    for code in codes:
        worded = translations.in_language(version, code, items)
        columns.append({"language": code, "provision": worded[0], "text": services.full_text(provision, worded)})
    return columns


def report_context(consultation: Consultation) -> dict:
    """Participation in numbers, the official's summary and what changed between versions."""
    country = current_country()
    rows = db.session.execute(
        comments.counted(Submission.language, Comment.author_id, User.region_code, Comment.provision_id)
        .outerjoin(User, User.id == Comment.author_id)
        .where(Comment.consultation_id == consultation.id)
    ).all()
    regions = Counter()
    for _, _, code, _ in rows:
        region = country.region_of(code) if code else None
        regions[region.name(str(get_locale())) if region else None] += 1
    counts = comments.counts_by_lineage(consultation)
    version = services.current_version(consultation)
    published = services.published_versions(consultation)
    return {
        "consultation": consultation,
        "total": len(rows),
        "people": len({author for _, author, _, _ in rows if author}),
        "languages": Counter(language for language, _, _, _ in rows).most_common(),
        "regions": regions.most_common(),
        "per_provision": [(p, counts.get(p.lineage_id, 0)) for p in (version.provisions if version else [])],
        "amendments": db.session.scalar(
            comments.counted(func.count()).where(
                Comment.consultation_id == consultation.id, Comment.amendment.is_not(None)
            )
        ),
        "changes": changes_between(published[0], published[-1]) if len(published) > 1 else None,
        "first": published[0] if published else None,
        "last": published[-1] if published else None,
        "labels": _labels(),
    }
