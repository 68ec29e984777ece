"""The pipeline: chains the stages, incrementally, over one database.

`run` is what ``storyline run`` calls:

1. ingest the inputs (a bad file becomes a `Skipped`, never an exception);
2. drop inputs already stored with the same content (re-runs change nothing);
3. clean the new documents as one batch (cross-article repetition is a boilerplate cue);
4. per article, on the engine: sentences, sentence embeddings, article vectors;
5. in date order: duplicate/copy detection against everything stored, then
   clustering (a copy follows its original's story);
6. check every story that changed for two events chained together, and split
   those that hold two (`split_stories`; both stories record a ``split`` event);
7. rebuild every story that gained or lost articles: entities, dates, quotes, claims,
   disagreements, summary (verified), timeline;
8. write everything in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import clean, consolidate, dates, entities, ingest, quotes, sentences, summarize, timeline, verify
from .cluster import Assignment, Members, Split, StoryClusterer, StoryState, lexical_vector
from .config import Config, load_config
from .dedupe import DuplicateIndex
from .embed import Embedder, make_embedder
from .engine import Engine, LocalEngine
from .errors import InputError, StorylineError
from .llm import LLMClient, make_client, rewrite_or_keep
from .progress import Progress, QuietProgress
from .records import (
    Article,
    CopyLink,
    RawDocument,
    RunReport,
    Sentence,
    Skipped,
    Story,
    StoryEvent,
    SummarySentence,
    to_dict,
)
from .store import Store

CHUNK = 32
#: a split's history line names at most this many of the articles that left
SPLIT_NOTE_IDS = 20


@dataclass(frozen=True)
class Prepared:
    """An article with everything the driver needs to place it."""

    article: Article
    sentences: tuple[Sentence, ...]
    sentence_vectors: np.ndarray
    semantic: np.ndarray
    lexical: np.ndarray


def _semantic_vector(vectors: np.ndarray, title_vec: np.ndarray | None, dim: int) -> np.ndarray:
    """The article vector: its title's vector and its sentences' mean, the lead weighted up.

    Args:
        vectors: the article's sentence vectors, in text order.
        title_vec: its title's vector (None without a title).
        dim: the embedder's dimension (for an article with neither).
    """
    if vectors.size:
        weights = np.array([2.0 if i < 5 else 1.0 for i in range(len(vectors))], dtype=np.float32)
        body = (vectors * weights[:, None]).sum(axis=0)
        body /= max(float(np.linalg.norm(body)), 1e-9)
    else:
        body = np.zeros(dim, dtype=np.float32)
    combined = body + (0.5 * title_vec if title_vec is not None else 0)
    norm = float(np.linalg.norm(combined))
    return (combined / norm if norm > 0 else combined).astype(np.float32)


def _location(doc: RawDocument) -> str:
    """Where a document was read: its file, with the line or record inside a container."""
    return f"{doc.source.path}:{doc.source.record}" if doc.source.record else doc.source.path


def prepare_worker(config: dict[str, Any]) -> Any:
    """Worker factory for the engine: splits and embeds a chunk of articles (models loaded once)."""
    cfg = load_config(overrides={f"{s}.{k}": v for s, sec in config.items() for k, v in sec.items()}, environ={})
    embedder = make_embedder(cfg)
    splitter = sentences.SentenceSplitter()  # its pysbd segmenters are reused for every article of the worker

    def work(chunk: list[Article]) -> list[Prepared]:
        out = []
        all_sents = [sentences.split_sentences(a, splitter) for a in chunk]
        titles = [a.title for a in chunk if a.title]
        # the titles go in the same encoder call as the sentences (one call per article cost ~5% of preparation)
        flat = [s.text for sents in all_sents for s in sents] + titles
        matrix = embedder.encode(flat) if flat else np.zeros((0, embedder.dim), dtype=np.float32)
        pos, title_pos = 0, len(flat) - len(titles)
        for article, sents in zip(chunk, all_sents, strict=True):
            vecs = matrix[pos : pos + len(sents)]
            pos += len(sents)
            title_vec = None
            if article.title:
                title_vec, title_pos = matrix[title_pos], title_pos + 1
            out.append(
                Prepared(
                    article=article,
                    sentences=tuple(sents),
                    sentence_vectors=vecs,
                    semantic=_semantic_vector(vecs, title_vec, embedder.dim),
                    lexical=lexical_vector(article.title, article.text),
                )
            )
        return out

    return work


@dataclass
class StoryInputs:
    """Everything a story is built from."""

    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    vectors: dict[tuple[str, int], np.ndarray]
    copies: dict[str, CopyLink]


class StoryBuilder:
    """Builds the derived content of stories; holds the models for one run."""

    def __init__(self, config: Config, embedder: Embedder, llm: LLMClient | None = None) -> None:
        self.config = config
        self.embedder = embedder
        self.llm = llm
        self.llm_counts: Counter[str] = Counter()
        self.llm_errors: list[str] = []
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            self._nlp = entities.load_nlp(self.config)
        return self._nlp

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts with the run's embedder."""
        return self.embedder.encode(list(texts))

    def build(self, story_id: str, inputs: StoryInputs, history: tuple[StoryEvent, ...] = ()) -> Story:
        """Derive a story's title, entities, quotes, timeline, disagreements and verified summary."""
        cfg = self.config
        arts = sorted(inputs.articles, key=lambda a: (a.published or dt.date.max, a.id))
        sents = inputs.sentences
        vecs = inputs.vectors
        copies = {k: v.of for k, v in inputs.copies.items()}
        story_day = dates.story_date(arts)
        ents = entities.extract_entities(arts, sents, self.nlp)
        mentions = []
        for a in arts:
            mentions.extend(dates.find_dates(a, sents.get(a.id, []), fallback_date=story_day))
        quote_list = quotes.extract_quotes(arts, sents, ents)
        claims = consolidate.consolidate(arts, sents, vecs, cfg)
        disagreements = consolidate.find_disagreements(arts, sents, claims, ents, cfg, vectors=vecs)
        summary = summarize.summarize(arts, sents, vecs, claims, cfg, copies=copies)
        summary = verify.verify_summary(summary, arts, sents, vecs, self.embed, cfg)
        if self.llm is not None:
            summary = self._abstractive(story_id, summary, arts, sents, vecs)
        summary = [dataclasses.replace(s, dates=dates.day_notes(s, mentions)) for s in summary]
        events = timeline.build_timeline(arts, sents, mentions, vecs, config=cfg)
        originals = [a for a in arts if a.id not in copies]
        published = [a.published for a in arts if a.published]
        return Story(
            id=story_id,
            title=self._title(originals or arts, vecs),
            articles=tuple(sorted(a.id for a in arts)),
            independent_sources=len(originals),
            first_date=min(published) if published else story_day,
            last_date=max(published) if published else story_day,
            summary=tuple(summary),
            timeline=tuple(events),
            quotes=tuple(quote_list),
            entities=tuple(ents),
            disagreements=tuple(disagreements),
            history=history,
        )

    def _abstractive(
        self,
        story_id: str,
        extractive: list[SummarySentence],
        arts: Sequence[Article],
        sents: dict[str, list[Sentence]],
        vecs: dict[tuple[str, int], np.ndarray],
    ) -> list[SummarySentence]:
        """The LLM's rewrite of the extractive summary, re-verified; the extractive one when the model fails."""
        assert self.llm is not None
        summary, rep = rewrite_or_keep(extractive, arts, sents, vecs, self.embed, self.llm, self.config)
        if rep.error:
            self.llm_counts["failed"] += 1
            self.llm_errors.append(f"{story_id}: {rep.error}")
            return summary
        for key in ("generated", "verified", "replaced", "dropped"):
            self.llm_counts[key] += getattr(rep, key)
        return summary

    def _title(self, arts: Sequence[Article], vecs: dict[tuple[str, int], np.ndarray]) -> str:
        """The title of the most central article, preferring the majority language."""
        if len(arts) == 1:
            return arts[0].title
        lang = Counter(a.language for a in arts).most_common(1)[0][0]
        pool = [a for a in arts if a.language == lang and a.title] or list(arts)
        titles = [a.title for a in pool]
        tv = self.embed(titles)
        centre = tv.mean(axis=0)
        return titles[int(np.argmax(tv @ centre))]


def raw_hash(doc: RawDocument) -> str:
    """The hash that decides whether an input changed since it was stored."""
    key = f"{doc.kind}\n{doc.title or ''}\n{doc.published or ''}\n{doc.content}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _load_state(store: Store, config: Config) -> tuple[DuplicateIndex, StoryClusterer, dict[str, str]]:
    """Rebuild the duplicate index and the clusterer from the stored articles."""
    index = DuplicateIndex(config.dedupe)
    states: dict[str, StoryState] = {}
    story_of: dict[str, str] = {}
    for row in store.article_rows():
        art: Article = row["article"]
        sv = row["sentence_vectors"]
        index.add(art, sv if sv is not None else np.zeros((0, 512), dtype=np.float32))
        sid = row["story_id"]
        story_of[art.id] = sid
        sem = row["semantic"][0]
        lex = row["lexical"][0]
        st = states.get(sid)
        if st is None:
            st = states[sid] = StoryState(sid, np.zeros_like(sem), np.zeros_like(lex))
        st.semantic_sum = st.semantic_sum + sem
        st.lexical_sum = st.lexical_sum + lex
        st.members.append(art.id)
        st.languages.add(art.language)
        if art.published:
            st.first = art.published if st.first is None else min(st.first, art.published)
            st.last = art.published if st.last is None else max(st.last, art.published)
    return index, StoryClusterer(config.cluster, states.values()), story_of


def _stored_sentences(article: Article, spans: Sequence[tuple[int, int, int]] | None) -> list[Sentence] | None:
    """The article's sentences from stored spans; None when there are none or they do not fit its text."""
    if not spans:
        return None
    n = len(article.text)
    if any(not 0 <= start < end <= n for start, end, _ in spans):
        return None
    return [
        Sentence(article.id, i, article.text[start:end], start, end, paragraph)
        for i, (start, end, paragraph) in enumerate(spans)
    ]


def story_inputs(store: Store, story_id: str) -> StoryInputs:
    """Load a story's articles with their sentences and sentence vectors from the store.

    The sentences are the stored spans the vectors were computed on; an article stored without them (a
    database from before schema 3) is split again.
    """
    arts: list[Article] = []
    sents: dict[str, list[Sentence]] = {}
    vecs: dict[tuple[str, int], np.ndarray] = {}
    copies: dict[str, CopyLink] = {}
    for row in store.article_rows(story_id):
        art = row["article"]
        arts.append(art)
        ss = _stored_sentences(art, row["sentence_spans"]) or sentences.split_sentences(art)
        sents[art.id] = ss
        sv = row["sentence_vectors"]
        if sv is not None and len(sv) == len(ss):
            for s, v in zip(ss, sv, strict=True):
                vecs[(art.id, s.index)] = v
        if row["copy"] is not None:
            copies[art.id] = row["copy"]
    return StoryInputs(arts, sents, vecs, copies)


def _read_inputs(
    paths: Sequence[str], config: Config, report: RunReport, progress: Progress
) -> list[RawDocument]:
    policy = config.ingest.error_policy
    docs: list[RawDocument] = []
    with progress.stage("read", None) as tick:
        for item in ingest.iter_inputs(paths, config):
            if isinstance(item, Skipped):
                if policy == "raise":
                    raise InputError(item.name, item.reason)
                if policy == "catch":
                    report.skipped.append(item)
                continue
            docs.append(item)
            tick()
    report.read = len(docs) + len(report.skipped)
    return docs


def run(
    paths: Sequence[str],
    config: Config,
    store: Store,
    *,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> RunReport:
    """Process inputs into the store and update the affected stories.

    Args:
        paths: files, folders or globs.
        config: the validated configuration.
        store: the database to add to.
        progress: where to report progress (default: nowhere).
        engine: where per-article work runs (default: this process).

    Returns:
        The run report (read, new, unchanged, skipped with reasons, duplicates, stories).

    Raises:
        InputError: only with ``ingest.error_policy = "raise"``.
        StorylineError: a problem the user must fix (configuration, database, missing model).
    """
    started = time.perf_counter()
    progress = progress or QuietProgress()
    engine = engine or LocalEngine()
    assert progress is not None
    report = RunReport()
    docs = _read_inputs(paths, config, report, progress)

    changed: list[RawDocument] = []
    for doc in docs:
        known = store.content_hash(doc.id)
        if known is not None and known == raw_hash(doc):
            report.unchanged += 1
        else:
            changed.append(doc)

    with progress.stage("clean", len(changed)) as tick:
        # what recurs across every input of the run (unchanged ones too) is boilerplate evidence
        cleaned = clean.clean_batch(changed, config, clean.build_context(docs, config))
        tick(len(changed))
    new_articles: list[Article] = []
    hashes = {doc.id: raw_hash(doc) for doc in changed}
    where = {doc.id: _location(doc) for doc in changed}
    for item in cleaned:
        if isinstance(item, Skipped):
            if item.name in where:  # name the input the way ingest does: file (and line or record), then the id
                item = Skipped(f"{where[item.name]} ({item.name})", item.reason)
            if config.ingest.error_policy == "raise":
                raise InputError(item.name, item.reason)
            report.skipped.append(item)
        else:
            new_articles.append(dataclasses.replace(item, content_hash=hashes.get(item.id, item.content_hash)))
    report.new = len(new_articles)

    prepared = prepare_articles(new_articles, config, engine, progress)

    run_id = 0
    with store.transaction():
        run_id = store.start_run()
        touched: dict[str, list[str]] = {}
        created: set[str] = set()
        for p in prepared:  # an updated input replaces its old version; its old story is rebuilt
            old = store.article_rows(article_id=p.article.id)
            if old:
                touched.setdefault(old[0]["story_id"], [])
                store.delete_article(p.article.id)
        index, clusterer, story_of = _load_state(store, config)
        with progress.stage("cluster", len(prepared)) as tick:
            for p in prepared:
                art = p.article
                link, assignment = place(p, index, clusterer, story_of)
                sid = assignment.story_id
                if link is not None:
                    report.duplicates += 1
                elif assignment.created:
                    created.add(sid)
                for gone in assignment.merged:  # this article showed two stories to be one event
                    moved = [a for a, s in story_of.items() if s == gone]
                    for aid in moved:
                        story_of[aid] = sid
                    store.move_story(gone, sid)
                    store.delete_story(gone)
                    note = f"merged {gone} into {sid}: {art.id} ties them ({len(moved)} article(s) moved)"
                    store.add_event(sid, run_id, StoryEvent(_now(), "merged", note))
                    store.add_event(gone, run_id, StoryEvent(_now(), "merged", note))
                    touched.setdefault(sid, []).extend(touched.pop(gone, []))
                    created.discard(gone)
                story_of[art.id] = sid
                touched.setdefault(sid, []).append(art.id)
                store.put_article(
                    art,
                    story_id=sid,
                    copy=link,
                    semantic=p.semantic,
                    lexical=p.lexical,
                    sentence_vectors=p.sentence_vectors,
                    run_id=run_id,
                    sentence_spans=[(x.start, x.end, x.paragraph) for x in p.sentences],
                )
                tick()
        for sid, added in touched.items():
            if not added and not store.count_articles(sid):
                continue  # its only article changed and moved elsewhere (deleted below)
            kind = "created" if sid in created else "grew" if added else "updated"
            detail = f"{kind} with {len(added)} article(s): " + ", ".join(added) if added else "an article changed"
            store.add_event(sid, run_id, StoryEvent(_now(), kind, detail))
        for split in split_stories(list(touched), clusterer, lambda sid: stored_members(store, sid)):
            store.move_articles(split.leaving, split.new_id)
            for aid in split.leaving:
                story_of[aid] = split.new_id
            store.add_event(split.story_id, run_id, StoryEvent(_now(), "split", split_note(split, config)))
            store.add_event(split.new_id, run_id, StoryEvent(_now(), "split", split_note(split, config)))
            touched.setdefault(split.new_id, [])
            report.splits += 1
        llm = make_client(config)
        builder = StoryBuilder(config, make_embedder(config), llm)
        with progress.stage("stories", len(touched)) as tick:
            for sid in touched:
                inputs = story_inputs(store, sid)
                if not inputs.articles:  # its only article changed and moved elsewhere
                    store.delete_story(sid)
                    continue
                story = builder.build(sid, inputs, tuple(store.events(sid)))
                store.put_story(story, run_id)
                tick()
        report.stories = len(store.stories())
        report.stories_updated = len(touched)
        if llm is not None:
            report.llm = {k: builder.llm_counts[k] for k in ("generated", "verified", "replaced", "dropped", "failed")}
            report.llm_errors = builder.llm_errors
        report.seconds = round(time.perf_counter() - started, 2)
        store.finish_run(run_id, _report_dict(report), report.skipped)
    return report


def prepare_articles(
    articles: Sequence[Article], config: Config, engine: Engine | None = None, progress: Progress | None = None
) -> list[Prepared]:
    """Split and embed articles on the engine; returned in placement order (date, then id)."""
    engine = engine or LocalEngine()
    reporter: Progress = progress or QuietProgress()
    prepared: list[Prepared] = []
    with reporter.stage("embed", len(articles)) as tick:
        chunks = [list(articles[i : i + CHUNK]) for i in range(0, len(articles), CHUNK)]
        for result in engine.map_chunks(prepare_worker, chunks, config):
            prepared.extend(result)
            tick(len(result))
    prepared.sort(key=lambda p: (p.article.published or dt.date.max, p.article.id))
    return prepared


def split_stories(
    story_ids: Sequence[str], clusterer: StoryClusterer, members_of: Callable[[str], Members]
) -> list[Split]:
    """Check the stories that changed for two events chained together, and split those that hold two.

    A story is read (``members_of``) only when `StoryClusterer.split_due` says so: every story
    that changed is checked once per clusterer (that is, per run); a clusterer kept across batches
    checks a story again once it has grown by a quarter, so the work stays linear in the articles.

    Args:
        story_ids: the stories that changed (current ids).
        clusterer: the clusterer that placed the articles (updated by the splits).
        members_of: a story's members with their vectors.

    Returns:
        The splits made, in order.
    """
    splits: list[Split] = []
    for sid in story_ids:
        if clusterer.split_due(sid):
            splits.extend(clusterer.check_split(sid, members_of(sid)))
    return splits


def split_note(split: Split, config: Config) -> str:
    """The history line of a split (the same on both stories)."""
    names = ", ".join(split.leaving[:SPLIT_NOTE_IDS])
    if len(split.leaving) > SPLIT_NOTE_IDS:
        names += f" and {len(split.leaving) - SPLIT_NOTE_IDS} more"
    return (
        f"split {split.story_id} in two: {len(split.leaving)} article(s) left it for {split.new_id}"
        f" ({names}); {len(split.staying)} stayed. The two groups' average similarity"
        f" {split.similarity:.3f} is below cluster.split_threshold {config.cluster.split_threshold}"
    )


def stored_members(store: Store, story_id: str) -> Members:
    """A stored story's members with their clustering vectors (copies follow their original)."""
    rows = [r for r in store.cluster_rows(story_id) if r["semantic"] is not None and r["lexical"] is not None]
    return make_members(
        [r["id"] for r in rows],
        [r["semantic"] for r in rows],
        [r["lexical"] for r in rows],
        [r["published"] for r in rows],
        [r["language"] for r in rows],
        {r["id"]: r["duplicate_of"] for r in rows if r["duplicate_of"]},
    )


def make_members(
    ids: Sequence[str],
    semantic: Sequence[np.ndarray],
    lexical: Sequence[np.ndarray],
    published: Sequence[dt.date | None],
    languages: Sequence[str],
    follows: dict[str, str],
) -> Members:
    """`Members` from per-article lists (vectors stacked as float32 rows)."""
    return Members(
        tuple(ids),
        np.vstack(semantic).astype(np.float32) if semantic else np.zeros((0, 0), dtype=np.float32),
        np.vstack(lexical).astype(np.float32) if lexical else np.zeros((0, 0), dtype=np.float32),
        tuple(published),
        tuple(languages),
        follows,
    )


def place(
    p: Prepared, index: DuplicateIndex, clusterer: StoryClusterer, story_of: dict[str, str]
) -> tuple[CopyLink | None, Assignment]:
    """Copy detection, then clustering: a copy follows its original's story; anything else is clustered."""
    art = p.article
    link = index.add(art, p.sentence_vectors)
    if link is not None:
        sid = clusterer.resolve(story_of[link.of])  # its original's story may have been merged since
        clusterer.add_to(sid, art.id, p.semantic, p.lexical, art.published, art.language)
        assignment = Assignment(sid, link.similarity, False)
    else:
        assignment = clusterer.assign(art.id, p.semantic, p.lexical, art.published, art.language)
    story_of[art.id] = assignment.story_id
    return link, assignment


def cluster_prepared(
    prepared: Sequence[Prepared], config: Config, splits: list[Split] | None = None
) -> dict[str, tuple[str, CopyLink | None]]:
    """Place prepared articles (in placement order) with a fresh index and clusterer, as `run` does.

    When an article shows two stories to be one event, the merged-away story's articles move
    to the surviving story, so every article ends with the id of the story it is in now. Once
    all are placed, stories that hold two events are split (`split_stories`), as at the end of a
    run; the splits made are appended to ``splits`` when a list is given.

    Returns:
        ``{article id: (story id, copy link or None)}``.
    """
    index = DuplicateIndex(config.dedupe)
    clusterer = StoryClusterer(config.cluster)
    story_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    links: dict[str, CopyLink | None] = {}
    for p in prepared:
        link, assignment = place(p, index, clusterer, story_of)
        sid = assignment.story_id
        for gone in assignment.merged:
            moved = members.pop(gone, [])
            for aid in moved:
                story_of[aid] = sid
            members.setdefault(sid, []).extend(moved)
        members.setdefault(sid, []).append(p.article.id)
        links[p.article.id] = link
    by_id = {p.article.id: p for p in prepared}

    def members_of(sid: str) -> Members:
        ps = [by_id[a] for a in members[sid]]
        return make_members(
            [p.article.id for p in ps],
            [p.semantic for p in ps],
            [p.lexical for p in ps],
            [p.article.published for p in ps],
            [p.article.language for p in ps],
            {a: link.of for a in members[sid] if (link := links[a]) is not None},
        )

    for split in split_stories(list(members), clusterer, members_of):
        if splits is not None:
            splits.append(split)
        members[split.story_id] = list(split.staying)
        members[split.new_id] = list(split.leaving)
        for aid in split.leaving:
            story_of[aid] = split.new_id
    return {aid: (story_of[aid], link) for aid, link in links.items()}


def cluster_corpus(
    articles: Sequence[Article], config: Config, engine: Engine | None = None, progress: Progress | None = None
) -> dict[str, tuple[str, CopyLink | None]]:
    """Place cleaned articles into stories in memory, exactly as `run` does, without a database.

    Returns:
        ``{article id: (story id, copy link or None)}`` (story ids after any merges); used by
        benchmarks and by callers that only need the grouping.
    """
    return cluster_prepared(prepare_articles(articles, config, engine, progress), config)


def _report_dict(report: RunReport) -> dict[str, Any]:
    data = to_dict(report)
    data["skipped"] = len(report.skipped)
    return data


def rebuild(story_id: str, config: Config, store: Store) -> Story:
    """Rebuild one stored story from its articles (after a configuration change, say).

    Raises:
        NotFound: no such story.
    """
    old = store.story(story_id)
    llm = make_client(config)
    builder = StoryBuilder(config, make_embedder(config), llm)
    story = builder.build(old.id, story_inputs(store, old.id), tuple(store.events(old.id)))
    with store.transaction():
        store.put_story(story, run_id=0)
    return story


__all__ = ["run", "rebuild", "StoryBuilder", "StoryInputs", "Prepared", "prepare_worker", "StorylineError"]
