"""Saving submissions and keeping their clusters: callable from pages, jobs and the CLI.

A submission is committed first and processed after (embedded once per distinct text, placed in
a cluster); nothing depends on Redis or a worker being up. The caller commits.
"""

from collections import Counter
from datetime import timedelta
from functools import lru_cache

import numpy as np
from blinker import Namespace
from flask import current_app
from sqlalchemy import event, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.db import insert_unless_present, utcnow
from app.core.queue import RETRY, enqueue_after_commit
from app.extensions import db
from app.semantic import directions, labels
from app.semantic.campaigns import find_campaigns
from app.semantic.clustering import POOL, Constraints, Params, ScopeIndex
from app.semantic.embedders import Embedder, load_embedder
from app.semantic.langid import detect_language
from app.semantic.reference import reference_mean
from app.semantic.romanized import for_the_model
from app.semantic.text import content_hash
from app.submissions.models import (
    Campaign,
    Cluster,
    ClusterRedirect,
    ClusterSeparation,
    Moderation,
    Processing,
    ScopeState,
    Submission,
    TextEmbedding,
)
from app.submissions.scopes import PETITIONS

LABEL_EVERY_TIME = 50  # clusters up to this size get new keywords with every member
LABEL_GROWTH = 1.25  # larger ones when they have grown by a quarter (and at every refinement)
CORE_MARGIN = Params().core_margin  # firmness below this: a weak member, to confirm before it is told

#: Sent with the ids of clusters that gained members (placement, refinement, an official's decision),
#: so that features built on clusters (answers) can follow; the engine knows none of them.
clusters_gained = Namespace().signal("clusters-gained")


def _gained(cluster_ids) -> None:
    clusters_gained.send(current_app._get_current_object(), cluster_ids=sorted(set(cluster_ids)))


def embedder() -> Embedder:
    """The embedding model of this deployment, loaded once per process on first use."""
    return load_embedder(current_app.config["EMBEDDING_MODEL"], current_app.config["OVOZ_EMBEDDING_THREADS"])


def submit(
    kind: str, scope: str, body: str, author=None, moderation=Moderation.PUBLISHED, section: str | None = None
) -> Submission:
    """Save a submission; it is embedded and clustered by a worker after the caller commits. A `section` (where in
    its scope it was written, such as a draft's article) keeps it out of the groups of other sections.

    What staff write (an official's reply in a discussion) is kept aside, never grouped: it is the government's
    voice, not a submission to answer. In a group it would be counted among the people who wrote, could give the
    group its title, and would be sent the group's answer."""
    aside = author is not None and author.is_staff
    submission = Submission(
        kind=kind,
        scope=scope,
        body=body,
        author_id=author.id if author is not None else None,
        language=detect_language(body),
        content_hash=content_hash(body),
        moderation=moderation,
        processing=Processing.ASIDE if aside else Processing.PENDING,
        section=section,
    )
    db.session.add(submission)
    db.session.flush()
    if not aside:
        enqueue_after_commit(db.session, "workers.semantic.process_submission", submission.id, retry=RETRY)
    return submission


def replied_under(cluster_id: int | None) -> None:
    """A reply was published under a member of a cluster: if the cluster is answered, the replier, who took part in
    the thread, is told now (app/feedback/answers.py), as a new member's author is."""
    if cluster_id is not None:
        _gained([cluster_id])


def moderate(submission: Submission, moderation: Moderation) -> None:
    """A moderator's decision; a submission published into a cluster joins it for whoever follows clusters."""
    submission.moderation = moderation
    if moderation == Moderation.PUBLISHED and submission.cluster_id is not None:
        _gained([submission.cluster_id])  # answered already: its author is told now


# -- vectors ----------------------------------------------------------------------------------


def _stored_vectors(hashes: list[str], model: str) -> dict[str, np.ndarray]:
    rows = db.session.execute(
        select(TextEmbedding.content_hash, TextEmbedding.vector).where(
            TextEmbedding.model == model, TextEmbedding.content_hash.in_(hashes)
        )
    )
    return {h: np.frombuffer(v, dtype=np.float32) for h, v in rows}


def vectors_for(submissions: list[Submission]) -> list[np.ndarray]:
    """The vector of each submission's text, embedding only texts never embedded by this model."""
    model = embedder()
    read = {s.content_hash: for_the_model(s.body) for s in submissions}  # what the model reads of each text
    key = {text_hash: content_hash(text) for text_hash, text in read.items()}  # a text's own hash, mostly
    known = _stored_vectors(list(set(key.values())), model.name)
    missing = {key[h]: text for h, text in read.items() if key[h] not in known}
    if missing:
        fresh = model.embed(list(missing.values()))
        for text_hash, vector in zip(missing, fresh, strict=True):
            known[text_hash] = vector
            _store_vector(text_hash, model.name, vector)
    return [known[key[s.content_hash]] for s in submissions]


def _reference(model: Embedder) -> np.ndarray:
    """The model's reference mean, kept beside the embeddings so that a new process reads it."""
    return reference_mean(
        model,
        load=lambda key: _stored_vectors([key], model.name).get(key),
        save=lambda key, vector: _store_vector(key, model.name, vector),
    )


def _store_vector(text_hash: str, model: str, vector: np.ndarray) -> None:
    try:
        with db.session.begin_nested():
            db.session.add(
                TextEmbedding(content_hash=text_hash, model=model, vector=vector.astype(np.float32).tobytes())
            )
    except IntegrityError:
        pass  # another worker embedded the same text a moment ago: theirs is as good


# -- scope indexes ----------------------------------------------------------------------------

_INDEXES: dict[tuple[str, str], tuple[ScopeIndex, int]] = {}


def _state(scope: str) -> ScopeState:
    state = db.session.scalar(select(ScopeState).where(ScopeState.scope == scope))
    if state is None:
        state = ScopeState(scope=scope, generation=0)
        db.session.add(state)
        db.session.flush()
    return state


def _constraints(scope: str) -> Constraints:
    pinned = db.session.scalars(select(Submission.id).where(Submission.scope == scope, Submission.pinned))
    locked = db.session.scalars(select(Cluster.id).where(Cluster.scope == scope, Cluster.locked))
    pairs = db.session.execute(
        select(ClusterSeparation.first_id, ClusterSeparation.second_id)
        .join(Cluster, Cluster.id == ClusterSeparation.first_id)
        .where(Cluster.scope == scope)
    )
    return Constraints(set(pinned), set(locked), {frozenset(pair) for pair in pairs})


def _clustered(scope: str):
    return select(Submission).where(
        Submission.scope == scope, Submission.processing == Processing.DONE, Submission.cluster_id.is_not(None)
    )


def grouping_of(scope: str) -> Params:
    """How a scope is grouped: the petition pool as separate asks (`POOL`), comments and answers as the default."""
    return POOL if scope == PETITIONS else Params()


def scope_index(scope: str) -> ScopeIndex:
    """The in-memory index of a scope, rebuilt when another process has changed the scope."""
    model = embedder()
    generation = _state(scope).generation
    count = db.session.scalar(select(func.count()).select_from(_clustered(scope).subquery()))
    cached = _INDEXES.get((scope, model.name))
    if cached and cached[1] == generation and _caught_up(cached[0], scope, count):
        return cached[0]
    members = list(db.session.scalars(_clustered(scope).order_by(Submission.id)))
    index = ScopeIndex(
        model.dim,
        grouping_of(scope),
        _constraints(scope),
        reference=_reference(model),
        directions=directions.load(model.name),
    )
    vectors = vectors_for(members) if members else np.zeros((0, model.dim), np.float32)
    index.load(
        [s.id for s in members],
        vectors,
        [s.language for s in members],
        [s.cluster_id for s in members],
        [s.section for s in members],
    )
    _INDEXES[(scope, model.name)] = (index, generation)
    return index


def _caught_up(index: ScopeIndex, scope: str, count: int) -> bool:
    """Bring a cached index up to date with members other workers placed since (no reshaping happened: the
    generation is the same); False when it cannot be (members left), and it must be rebuilt."""
    if len(index.item_ids) == count:
        return True
    placed = set(db.session.scalars(select(Submission.id).where(_clustered(scope).whereclause)))
    if len(placed) != count or not placed.issuperset(index.position):
        return False
    newcomers = list(db.session.scalars(select(Submission).where(Submission.id.in_(placed - index.position.keys()))))
    for submission, vector in zip(newcomers, vectors_for(newcomers), strict=True):
        index.add(submission.id, vector, submission.language, submission.cluster_id, section=submission.section)
    return True


def _lock_scope(scope: str) -> None:
    """Placements in one scope happen one at a time, whichever worker makes them, each seeing every member
    placed before it: on PostgreSQL a lock on the scope's row until the caller commits (SQLite lets one
    writer in at a time anyway)."""
    db.session.execute(insert_unless_present(ScopeState, db.session.connection()).values(scope=scope, generation=0))
    db.session.execute(select(ScopeState.id).where(ScopeState.scope == scope).with_for_update())


_UNCOMMITTED = "ovoz_uncommitted_indexes"


def _placed_in(key: tuple[str, str]) -> None:
    """The cached index `key` now holds a placement of this transaction: forget the index if the transaction
    ends without a commit (a failed job, PostgreSQL restarting), or it would keep a member the database never
    got, and, once another worker's member made the counts agree again, pass for up to date."""
    db.session.info.setdefault(_UNCOMMITTED, set()).add(key)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    session.info.pop(_UNCOMMITTED, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_uncommitted(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction is over (after a commit, nothing is left)
        for key in session.info.pop(_UNCOMMITTED, ()):
            _INDEXES.pop(key, None)


def forget_indexes() -> None:
    """Drop the cached indexes (after a model change, or in tests)."""
    _INDEXES.clear()


# -- processing -------------------------------------------------------------------------------


def process(submission_id: int) -> int | None:
    """Embed a submission and place it in a cluster; a processed one is left alone. Returns the cluster.

    The vector (and the attempt) are committed before placing, which then starts a transaction of its own under
    the scope's lock: it reads the scope as every earlier placement left it, whichever worker made it. The
    caller commits the placement."""
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.processing in (Processing.DONE, Processing.ASIDE):
        return submission.cluster_id if submission else None
    submission.attempts += 1
    (vector,) = vectors_for([submission])
    db.session.commit()
    _lock_scope(submission.scope)
    if submission.processing == Processing.DONE:  # placed by another worker meanwhile (read after the lock)
        return submission.cluster_id
    index = scope_index(submission.scope)
    cluster_id, _score, neutral, density = index.best_cluster(vector, submission.language, submission.section)
    cluster_id = _group_of_copies(submission) or cluster_id
    if cluster_id is None:
        cluster_id = new_cluster(submission.scope).id
    index.add(submission.id, vector, submission.language, cluster_id, neutral, density, submission.section)
    _placed_in((submission.scope, embedder().name))
    submission.cluster_id, submission.processing, submission.processed_at = cluster_id, Processing.DONE, utcnow()
    _state(submission.scope).changed_at = utcnow()
    cluster = db.session.get(Cluster, cluster_id)
    _describe(cluster, index)
    db.session.flush()
    # A small group's members all move with a newcomer; a large one's barely (refinement rewrites them).
    _write_firmness(cluster, index, only=None if cluster.size <= LABEL_EVERY_TIME else {submission.id})
    if _labels_due(cluster):
        members = list(db.session.scalars(select(Submission).where(Submission.cluster_id == cluster.id)))
        _relabel(cluster, members, labels.keywords({0: [(s.body, s.language) for s in members]})[0])
    _gained([cluster_id])
    return cluster_id


def _group_of_copies(submission: Submission) -> int | None:
    """The group holding most of the placed copies of a submission's text in its scope (the oldest on a tie).

    A copy joins it wherever the index would put it: where a text lands depends on the groups as they are when it
    comes, and the copies of one text must not split because they came at different times (or several workers
    placed them in another order)."""
    return db.session.scalar(
        select(Submission.cluster_id)
        .where(Submission.scope == submission.scope, Submission.content_hash == submission.content_hash)
        .where(Submission.section.is_not_distinct_from(submission.section))
        .where(Submission.processing == Processing.DONE, Submission.cluster_id.is_not(None))
        .group_by(Submission.cluster_id)
        .order_by(func.count().desc(), func.min(Submission.id))
        .limit(1)
    )


def new_cluster(scope: str) -> Cluster:
    """An empty cluster of a scope, with an id."""
    cluster = Cluster(scope=scope, model=embedder().name)
    db.session.add(cluster)
    db.session.flush()
    return cluster


def _labels_due(cluster: Cluster) -> bool:
    return cluster.size <= LABEL_EVERY_TIME or cluster.size >= LABEL_GROWTH * max(cluster.labelled_size, 1)


def firm():
    """SQL: a member that belongs firmly to its cluster, or that an official confirmed or pinned; one alone too."""
    return or_(
        Submission.firmness.is_(None),
        Submission.firmness >= CORE_MARGIN,
        Submission.confirmed_at.is_not(None),
        Submission.pinned,
    )


def is_firm(submission: Submission) -> bool:
    """`firm()` for a loaded submission."""
    return (
        submission.firmness is None
        or submission.firmness >= CORE_MARGIN
        or submission.confirmed_at is not None
        or submission.pinned
    )


def _write_firmness(cluster: Cluster, index: ScopeIndex, only=None) -> None:
    """Store how firmly each member (or only those in `only`) belongs: in bulk, by primary key."""
    values = index.firmness(cluster.id) or dict.fromkeys(index.item_ids[p] for p in index.positions_of(cluster.id))
    rows = [{"id": item, "firmness": value} for item, value in values.items() if only is None or item in only]
    if rows:
        db.session.execute(update(Submission), rows)


def _describe(cluster: Cluster, index: ScopeIndex) -> None:
    """Size, languages and representatives (the most central member, and the most central in each language)."""
    positions = index.positions_of(cluster.id)
    cluster.size = len(positions)
    cluster.languages = dict(Counter(index.langs[i] for i in positions))
    cluster.representative_id = index.central_item(cluster.id)
    cluster.representatives = {lang: index.central_item(cluster.id, lang) for lang in cluster.languages}


def _relabel(cluster: Cluster, members: list[Submission], keywords: list[str]) -> None:
    """Keywords and campaigns, from the members' texts."""
    cluster.keywords = keywords
    cluster.labelled_size = cluster.size
    _mark_campaigns(cluster, members)


def _mark_campaigns(cluster: Cluster, members: list[Submission]) -> None:
    """Recreate the campaigns of a cluster from its members' texts."""
    for campaign in db.session.scalars(select(Campaign).where(Campaign.cluster_id == cluster.id)):
        db.session.delete(campaign)
    db.session.flush()
    groups: dict[int, list[Submission]] = {}
    for submission, number in zip(members, find_campaigns([s.body for s in members]), strict=True):
        submission.campaign_id = None
        if number is not None:
            groups.setdefault(number, []).append(submission)
    for copies in groups.values():
        campaign = Campaign(cluster_id=cluster.id, size=len(copies), template_id=min(s.id for s in copies))
        db.session.add(campaign)
        db.session.flush()
        for submission in copies:
            submission.campaign_id = campaign.id


def unprocessed_ids(older_than_seconds: int = 60) -> list[int]:
    """Submissions a worker should have processed by now (Redis was down, or a worker died)."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    query = select(Submission.id).where(Submission.processing == Processing.PENDING, Submission.created_at < cutoff)
    return list(db.session.scalars(query.order_by(Submission.id)))


# -- refinement -------------------------------------------------------------------------------


def refine(scope: str, progress=None) -> dict[str, int]:
    """Improve the grouping of a scope (merges and splits), keeping ids and manual decisions.

    It holds the scope until the caller commits: a placement meanwhile would join (or start) a group that the
    refinement, working from the members it read, then rewrites or deletes."""
    _lock_scope(scope)
    _INDEXES.pop((scope, embedder().name), None)  # start from the database, not from this process's view
    index = scope_index(scope)
    if progress:
        progress(0.3)

    moved = index.refine(lambda: new_cluster(scope).id)
    members = list(db.session.scalars(_clustered(scope).order_by(Submission.id)))  # read once, for both steps
    was = {s.id: s.cluster_id for s in members}
    moved.update(_gather_campaigns(index, members))
    for submission_id, cluster_id in moved.items():
        db.session.get(Submission, submission_id).cluster_id = cluster_id
    db.session.flush()
    if progress:
        progress(0.7)
    live = set(index.labels)
    described = _describe_scope(index, live, members)
    removed = set()
    for cluster in db.session.scalars(select(Cluster).where(Cluster.scope == scope, Cluster.id.not_in(live or {0}))):
        if not cluster.locked:
            db.session.delete(cluster)
            removed.add(cluster.id)
    _forward(removed, was, moved)
    state = _state(scope)
    state.generation += 1
    state.refined_at = utcnow()
    _INDEXES[(scope, embedder().name)] = (index, state.generation)
    _gained(moved.values())
    return {"moved": len(moved), "clusters": described, "removed": len(removed)}


# -- an official's decisions ------------------------------------------------------------------


def reshape(scope: str, moves: dict[int, int], lock=(), separate=(), pin=(), unpin=(), confirm=()) -> None:
    """Apply an official's decision, which automation never undoes.

    `moves` puts submissions into clusters ({submission id: cluster id}); `lock` marks clusters as
    shaped by hand (never split or merged again by automation); `separate` keeps pairs of clusters
    apart; `pin` and `unpin` fix members in their cluster or free them; `confirm` says members belong where
    they are (a cluster's answer reaches them even if they joined weakly). Clusters left empty are deleted.
    Placements in the scope wait until the caller commits.
    """
    _lock_scope(scope)
    index = scope_index(scope)
    moved = select(Submission.id, Submission.cluster_id).where(Submission.id.in_(list(moves)))
    before = dict(db.session.execute(moved).all())
    touched = [*moves, *pin, *unpin, *confirm]
    for submission in db.session.scalars(select(Submission).where(Submission.id.in_(touched))):
        submission.cluster_id = moves.get(submission.id, submission.cluster_id)
        submission.pinned = (submission.pinned or submission.id in pin) and submission.id not in unpin
        if submission.id in confirm:
            submission.confirmed_at = submission.confirmed_at or utcnow()
    for cluster in db.session.scalars(select(Cluster).where(Cluster.id.in_(lock))):
        cluster.locked = True
    for first, second in separate:
        _separate(first, second)
    db.session.flush()
    index.relabel({item: cluster for item, cluster in moves.items() if item in index.position})
    index.constraints = _constraints(scope)
    state = _state(scope)
    state.generation += 1
    _INDEXES[(scope, embedder().name)] = (index, state.generation)
    removed = _redescribe(index, {*moves.values(), *before.values(), *lock} - {None})
    _forward(removed, before, moves)
    confirmed = db.session.scalars(select(Submission.cluster_id).where(Submission.id.in_([*pin, *confirm])))
    _gained([*moves.values(), *confirmed])  # a confirmed member's author is told the cluster's answer now


def _separate(first: int, second: int) -> None:
    pair = (min(first, second), max(first, second))
    known = select(ClusterSeparation.id).filter_by(first_id=pair[0], second_id=pair[1])
    if db.session.scalar(known) is None:
        db.session.add(ClusterSeparation(first_id=pair[0], second_id=pair[1]))


def _forward(removed: set[int], was: dict[int, int | None], now: dict[int, int]) -> None:
    """Each removed cluster's address leads to the cluster that took in most of its members."""
    for cluster_id in removed:
        went = Counter(now[s] for s, old in was.items() if old == cluster_id and s in now)
        if went:
            db.session.merge(ClusterRedirect(id=cluster_id, to_id=went.most_common(1)[0][0]))


def successor(cluster_id: int, hops: int = 10) -> int | None:
    """The live cluster that took in a removed cluster's members (following later merges too), or None."""
    for _ in range(hops):
        redirect = db.session.get(ClusterRedirect, cluster_id)
        if redirect is None:
            return None
        cluster_id = redirect.to_id
        if db.session.get(Cluster, cluster_id) is not None:
            return cluster_id
    return None


def _redescribe(index: ScopeIndex, cluster_ids: set[int]) -> set[int]:
    """Size, languages, representative, keywords and campaigns of clusters whose members changed; the ids
    of those left empty, which are deleted."""
    members: dict[int, list[Submission]] = {cluster_id: [] for cluster_id in cluster_ids}
    for submission in db.session.scalars(select(Submission).where(Submission.cluster_id.in_(cluster_ids))):
        members[submission.cluster_id].append(submission)
    words = labels.keywords({cid: [(s.body, s.language) for s in group] for cid, group in members.items() if group})
    removed = set()
    for cluster in db.session.scalars(select(Cluster).where(Cluster.id.in_(cluster_ids))):
        if not members[cluster.id]:
            db.session.delete(cluster)
            removed.add(cluster.id)
            continue
        _describe(cluster, index)
        _write_firmness(cluster, index)
        _relabel(cluster, members[cluster.id], words.get(cluster.id, []))
    return removed


def _gather_campaigns(index: ScopeIndex, members: list[Submission]) -> dict[int, int]:
    """Put the copies of one template in one cluster: the one that holds most of them.

    Copies differ by names, places and spelling, and after the language and the common direction
    are removed those differences weigh enough to split a large campaign into a few clusters; its
    texts say they are one. Copies pinned, in a cluster an official shaped, or in a cluster kept apart
    from the target stay where they are. Returns {submission id: cluster id} of the copies moved.
    """
    copies: dict[int, list[Submission]] = {}
    for submission, number in zip(members, find_campaigns([s.body for s in members]), strict=True):
        if number is not None and submission.id in index.position:
            copies.setdefault(number, []).append(submission)
    curated = index.curated()
    moves = {}
    for campaign in copies.values():
        labels = [index.labels[index.position[s.id]] for s in campaign]
        target = Counter(labels).most_common(1)[0][0]
        for submission, label in zip(campaign, labels, strict=True):
            kept_apart = frozenset((label, target)) in index.constraints.separated
            if label != target and label not in curated and not submission.pinned and not kept_apart:
                moves[submission.id] = target
    if moves:
        index.relabel(moves)
    return moves


def _describe_scope(index: ScopeIndex, live: set[int], scope_members: list[Submission]) -> int:
    """Describe and relabel every live cluster from the scope's members (their clusters as they are now)."""
    clusters = {c.id: c for c in db.session.scalars(select(Cluster).where(Cluster.id.in_(live or {0})))}
    members: dict[int, list[Submission]] = {cluster_id: [] for cluster_id in clusters}
    for submission in scope_members:
        if submission.cluster_id in members:
            members[submission.cluster_id].append(submission)
    words = labels.keywords({cid: [(s.body, s.language) for s in group] for cid, group in members.items()})
    db.session.flush()
    for cluster_id, cluster in clusters.items():
        _describe(cluster, index)
        _write_firmness(cluster, index)
        _relabel(cluster, members[cluster_id], words.get(cluster_id, []))
    return len(clusters)


def scopes_due_for_refinement() -> list[str]:
    """Scopes that changed since their last refinement."""
    query = select(ScopeState.scope).where(
        ScopeState.changed_at.is_not(None),
        (ScopeState.refined_at.is_(None)) | (ScopeState.refined_at < ScopeState.changed_at),
    )
    return list(db.session.scalars(query))


# -- search -----------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _text_vector(model_name: str, text: str) -> np.ndarray:
    """A text's vector, remembered: a form asks again for the same draft while someone types."""
    return embedder().embed([text])[0]


def similar(text: str, scope: str, k: int = 5) -> list[tuple[Submission, float]]:
    """The k submissions of a scope that say most nearly what `text` says, in any language."""
    if not text.strip():
        return []
    return _found(text, scope, k, ScopeIndex.nearest_items)


def matching(text: str, scope: str, k: int = 100) -> list[tuple[Submission, float]]:
    """Up to k submissions of a scope that `text` would be grouped with, best first; none when nothing says it."""
    if not text.strip():
        return []
    return _found(text, scope, k, ScopeIndex.matching_items)


def _found(text: str, scope: str, k: int, search) -> list[tuple[Submission, float]]:
    index = scope_index(scope)
    vector = _text_vector(embedder().name, for_the_model(text))
    found = search(index, vector, detect_language(text), k)
    by_id = {s.id: s for s in db.session.scalars(select(Submission).where(Submission.id.in_([i for i, _ in found])))}
    return [(by_id[i], score) for i, score in found if i in by_id]
