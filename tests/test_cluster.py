from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from storyline.cluster import StoryClusterer, StoryState, lexical_vector, story_id_for
from storyline.config import load_config
from storyline.errors import ConfigError

STRIKE_1 = (
    "Velmora port strike halts container traffic",
    "Dockworkers in Velmora walked out on Monday after pay talks with the port authority collapsed.",
)
STRIKE_2 = (
    "Velmora dockworkers strike over pay",
    "The Velmora Dockworkers Union said 3,000 members stopped work at the port after talks failed.",
)
STRIKE_DE = (
    "Streik im Hafen von Velmora",
    "Hafenarbeiter in Velmora legten am Montag die Arbeit nieder, nachdem die Lohngespräche scheiterten.",
)
BREACH = (
    "Lumen Grid says hackers stole customer emails",
    "The software firm Lumen Grid said attackers copied 40,000 customer email addresses from a test server.",
)


def _vecs(embedder, title: str, text: str):
    sem = embedder.encode([title + ". " + text])[0]
    return sem, lexical_vector(title, text)


@pytest.fixture()
def clusterer():
    return StoryClusterer(load_config(environ={}).cluster)


def test_lexical_vector_ignores_stopwords_and_is_unit():
    v = lexical_vector("The strike", "the the the strike")
    assert np.isclose(np.linalg.norm(v), 1.0)
    assert np.allclose(lexical_vector("", "the and of"), 0.0)


def test_same_event_joins_other_event_starts_a_story(clusterer, use_embedder):
    day = dt.date(2031, 12, 1)
    a = clusterer.assign("a", *_vecs(use_embedder, *STRIKE_1), day, "en")
    b = clusterer.assign("b", *_vecs(use_embedder, *STRIKE_2), day, "en")
    de = clusterer.assign("de", *_vecs(use_embedder, *STRIKE_DE), day, "de")
    c = clusterer.assign("c", *_vecs(use_embedder, *BREACH), day, "en")
    assert a.created and a.story_id == story_id_for("a")
    assert not b.created and b.story_id == a.story_id
    assert de.story_id == a.story_id  # another language, same event
    assert c.created and c.story_id != a.story_id
    assert [s.members for s in clusterer.states()] == [["a", "b", "de"], ["c"]]


def test_time_gap_separates_similar_topics(clusterer, use_embedder):
    clusterer.assign("a", *_vecs(use_embedder, *STRIKE_1), dt.date(2031, 12, 1))
    later = clusterer.assign("z", *_vecs(use_embedder, *STRIKE_2), dt.date(2032, 3, 1))
    assert later.created


def test_state_continues_across_runs(use_embedder):
    cfg = load_config(environ={}).cluster
    sem, lex = _vecs(use_embedder, *STRIKE_1)
    state = StoryState("st-old", sem.copy(), lex.copy(), ["a"], dt.date(2031, 12, 1), dt.date(2031, 12, 1))
    again = StoryClusterer(cfg, [state]).assign("b", *_vecs(use_embedder, *STRIKE_2), dt.date(2031, 12, 2))
    assert again.story_id == "st-old" and not again.created


def test_rejects_negative_window():
    cfg = load_config(overrides={"cluster.window_days": "-1"}, environ={}).cluster
    with pytest.raises(ConfigError):
        StoryClusterer(cfg)


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def _two_stories() -> tuple[StoryClusterer, dt.date, str, str]:
    """A clusterer (threshold 0.8, merge 0.7, no rival correction) holding two stories: a1+a2 and b1
    (cos ≈ 0.47 apart)."""
    cfg = load_config(
        overrides={"cluster.threshold": "0.8", "cluster.merge_threshold": "0.7", "cluster.rival_weight": "0"},
        environ={},
    ).cluster
    c = StoryClusterer(cfg)
    day = dt.date(2031, 12, 1)
    s1 = c.assign("a1", _unit(1, 0.6, 0), _unit(1, 0.6, 0), day, "en").story_id
    c.assign("a2", _unit(1, 0.6, 0), _unit(1, 0.6, 0), day, "en")
    s2 = c.assign("b1", _unit(1, -0.6, 0), _unit(1, -0.6, 0), day, "en").story_id
    return c, day, s1, s2


def test_merge_keeps_the_larger_story_and_its_members():
    c, day, s1, s2 = _two_stories()
    assert s1 != s2  # cos ≈ 0.47: two stories
    # a bridging article sits between them and is close to both; the stories' centroids are not
    # close enough (0.47 < 0.8), so nothing merges
    bridge = c.assign("m", _unit(1, 0, 0), _unit(1, 0, 0), day, "en")
    assert bridge.merged == ()
    # after more coverage pulls the second story towards the first, a bridging article merges them
    for i in range(6):
        c.add_to(s2, f"b{i + 2}", _unit(1, 0.5, 0), _unit(1, 0.5, 0), day, "en")
    tie = c.assign("t", _unit(1, 0.3, 0), _unit(1, 0.3, 0), day, "en")
    assert tie.merged and tie.story_id in (s1, s2)
    (story,) = [s for s in c.states() if "a1" in s.members]
    assert {"a1", "a2", "b1", "t"} <= set(story.members)
    assert len(c.states()) == 1


def _cfg(**overrides: str):
    return load_config(overrides={f"cluster.{k}": v for k, v in overrides.items()}, environ={}).cluster


def test_time_penalty_grows_with_the_gap():
    c = StoryClusterer(_cfg(window_days="4", window_penalty="0.2"))
    day = dt.date(2031, 12, 1)
    v = _unit(1, 0, 0)
    c.assign("a", v, v, day, "en")
    scores = [float(c.score(v, v, day + dt.timedelta(days=d), "en")[1][0]) for d in (0, 2, 4)]
    assert scores == pytest.approx([1.0, 0.9, 0.8])


def test_stories_out_of_reach_are_not_candidates():
    c = StoryClusterer(_cfg())
    v = _unit(1, 0, 0)
    c.assign("a", v, v, dt.date(2031, 1, 1), "en")
    assert c.candidates(dt.date(2031, 1, 3)).tolist() == [0]
    assert c.candidates(dt.date(2031, 6, 1)).size == 0  # the penalty alone would rule it out
    assert c.candidates(None).tolist() == [0]  # an undated article is compared with every story
    assert c.assign("b", v, v, dt.date(2031, 6, 1), "en").created


def test_average_linkage_against_many_stories_finds_the_right_one():
    rng = np.random.default_rng(1)
    c = StoryClusterer(_cfg(rival_weight="0"))  # the subject is the average, not the rival correction
    day = dt.date(2031, 12, 1)
    for i in range(200):  # more stories than the shortlist
        v = rng.normal(size=16).astype(np.float32)
        v -= v.mean()  # orthogonal to the target direction
        c.assign(f"x{i}", v / np.linalg.norm(v), v / np.linalg.norm(v), day, "en")
    target = c.assign("t1", _unit(*[1.0] * 16), _unit(*[1.0] * 16), day, "en")
    c.add_to(target.story_id, "t2", _unit(*[1.0] * 15, 0.5), _unit(*[1.0] * 15, 0.5), day, "en")
    joined = c.assign("t3", _unit(*[1.0] * 14, 0.8, 1.0), _unit(*[1.0] * 14, 0.8, 1.0), day, "en")
    assert joined.story_id == target.story_id and not joined.created
    # the score is the average similarity to the two members, not the similarity to the centroid
    a, b, x = _unit(*[1.0] * 16), _unit(*[1.0] * 15, 0.5), _unit(*[1.0] * 14, 0.8, 1.0)
    assert joined.score == pytest.approx((float(a @ x) + float(b @ x)) / 2, abs=1e-5)


def test_other_language_needs_the_cross_language_threshold():
    day = dt.date(2031, 12, 1)
    story, article = _unit(1, 0.8, 0), _unit(1, 0, 0)  # semantic cosine ≈ 0.78
    strict = StoryClusterer(_cfg(cross_language_threshold="0.9"))
    strict.assign("en", story, _unit(0, 0, 1), day, "en")
    assert strict.assign("de", article, _unit(0, 1, 0), day, "de").created
    lenient = StoryClusterer(_cfg(cross_language_threshold="0.7"))
    lenient.assign("en", story, _unit(0, 0, 1), day, "en")
    assert not lenient.assign("de", article, _unit(0, 1, 0), day, "de").created  # words are not compared


def test_cluster_prepared_reports_stories_after_merges():
    from storyline.pipeline import Prepared, cluster_prepared
    from storyline.records import Article, SourceInfo

    cfg = load_config(
        overrides={"cluster.threshold": "0.8", "cluster.merge_threshold": "0.7", "cluster.rival_weight": "0"},
        environ={},
    )
    day = dt.date(2031, 12, 1)
    vectors = [("a1", (1, 0.6, 0)), ("a2", (1, 0.6, 0)), ("b1", (1, -0.6, 0))]
    vectors += [(f"b{i + 2}", (1, -0.5 + 0.12 * i, 0)) for i in range(6)] + [("t", (1, 0.3, 0))]
    prepared = []
    for aid, xs in vectors:
        art = Article(
            id=aid, source=SourceInfo(aid, "txt"), title="", text=f"text of {aid}", language="en", published=day
        )
        prepared.append(Prepared(art, (), np.zeros((0, 3), dtype=np.float32), _unit(*xs), _unit(*xs)))
    result = cluster_prepared(prepared, cfg)
    stories = {aid: sid for aid, (sid, _) in result.items()}
    clusterer = StoryClusterer(cfg.cluster)
    for p in prepared:  # the same placement, to learn which stories survive
        clusterer.assign(p.article.id, p.semantic, p.lexical, day, "en")
    alive = {s.id for s in clusterer.states()}
    assert set(stories.values()) <= alive  # no article is left with a merged-away story id
    assert stories["a1"] == stories["t"] or stories["b1"] == stories["t"]


def test_resolve_follows_merges():
    c, day, s1, s2 = _two_stories()
    for i in range(6):
        c.add_to(s2, f"b{i + 2}", _unit(1, 0.5, 0), _unit(1, 0.5, 0), day, "en")
    tie = c.assign("t", _unit(1, 0.3, 0), _unit(1, 0.3, 0), day, "en")
    (gone,) = tie.merged
    assert c.resolve(gone) == tie.story_id and c.resolve(tie.story_id) == tie.story_id
    c.add_to(c.resolve(s1), "copy", _unit(1, 0.6, 0), _unit(1, 0.6, 0), day, "en")  # a copy follows the merge


def test_a_close_rival_raises_the_bar_to_join():
    """Two stories the article matches equally well make its best match count for less."""
    day = dt.date(2031, 12, 1)
    article = _unit(1, 0, 0)
    near_a, near_b = _unit(1, 0.7, 0), _unit(1, -0.7, 0)  # cos ≈ 0.82 to the article each, ≈ 0.34 to each other
    far = _unit(0, 0, 1)

    def place(second: np.ndarray, rival_weight: str):
        c = StoryClusterer(_cfg(threshold="0.7", rival_weight=rival_weight, rivals="2"))
        c.assign("a", near_a, near_a, day, "en")
        c.assign("b", second, second, day, "en")
        if rival_weight != "0" and second is near_b:  # both scores lowered by 0.4 x the runner-up's
            expected = 0.6 * float(article @ near_a)
            assert c.score(article, article, day, "en")[1] == pytest.approx([expected, expected], abs=1e-5)
        return c, c.assign("x", article, article, day, "en")

    _, alone = place(far, "0.4")  # the only good match: joins at the plain threshold
    assert not alone.created and alone.score == pytest.approx(float(article @ near_a), abs=1e-5)
    _, crowded = place(near_b, "0.4")  # a rival almost as close: 0.82 - 0.4 x 0.82 < 0.7
    assert crowded.created
    _, off = place(near_b, "0")  # without the correction it joins one of the two
    assert not off.created


def test_rival_settings_are_checked():
    with pytest.raises(ConfigError):
        StoryClusterer(_cfg(rival_weight="1.5"))
    with pytest.raises(ConfigError):
        StoryClusterer(_cfg(rivals="0"))


def _rare_setup(rarity: str) -> tuple[StoryClusterer, dt.date]:
    """Five stories that all use the word 'harbour', one of them also 'quelbrook' (unrelated meanings)."""
    day = dt.date(2031, 12, 1)
    states = [
        StoryState(f"st-{i}", np.eye(8, dtype=np.float32)[i], lexical_vector("", f"{name} harbour"), [f"s{i}"],
                   day, day, {"en"})
        for i, name in enumerate(("quelbrook", "tarnwick", "osselby", "drumvale", "fennick"))
    ]
    return StoryClusterer(_cfg(word_rarity=rarity, rival_weight="0"), states), day


def test_a_shared_rare_word_counts_more_than_a_shared_common_one():
    """An article sharing only the common word with a story scores lower than one sharing the rare
    word, once words are weighted by how many stories use them; without the weighting, the same."""
    for rarity, differs in (("1", True), ("0", False)):
        c, day = _rare_setup(rarity)
        article = np.eye(8, dtype=np.float32)[7]
        rows, common, _ = c.score(article, lexical_vector("", "harbour velspar"), day, "en")
        rows2, rare, _ = c.score(article, lexical_vector("", "quelbrook velspar"), day, "en")
        first = int(np.flatnonzero(rows == 0)[0])
        first2 = int(np.flatnonzero(rows2 == 0)[0])
        assert bool(rare[first2] > common[first] + 0.05) is differs
        assert rare[first2] == pytest.approx(common[first], abs=1e-4) or differs


def test_bucket_weights_follow_stories_and_resume_the_same():
    """The rarity counts follow merges and splits, and a clusterer resumed from the stories has the same."""
    c, day = _rare_setup("1")
    w = c.bucket_weights()
    assert w is not None
    common = int(np.flatnonzero(lexical_vector("", "harbour"))[0])
    rare = int(np.flatnonzero(lexical_vector("", "quelbrook"))[0])
    assert w[common] < w[rare]
    sids = [s.id for s in c.states()]
    c.merge(sids[1], sids[0])
    resumed = StoryClusterer(_cfg(word_rarity="1"),
                             [StoryState(s.id, s.semantic_sum.copy(), s.lexical_sum.copy(), list(s.members))
                              for s in c.states()])
    assert resumed.bucket_weights() == pytest.approx(c.bucket_weights())
    assert StoryClusterer(_cfg(word_rarity="0")).bucket_weights() is None
    with pytest.raises(ConfigError):
        StoryClusterer(_cfg(word_rarity="-1"))
