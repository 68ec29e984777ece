from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from storyline.cluster import StoryClusterer, StoryState, lexical_vector, story_id_for
from storyline.config import load_config
from storyline.errors import ConfigError

STRIKE_1 = ("Velmora port strike halts container traffic",
            "Dockworkers in Velmora walked out on Monday after pay talks with the port authority collapsed.")
STRIKE_2 = ("Velmora dockworkers strike over pay",
            "The Velmora Dockworkers Union said 3,000 members stopped work at the port after talks failed.")
STRIKE_DE = ("Streik im Hafen von Velmora",
             "Hafenarbeiter in Velmora legten am Montag die Arbeit nieder, nachdem die Lohngespräche scheiterten.")
BREACH = ("Lumen Grid says hackers stole customer emails",
          "The software firm Lumen Grid said attackers copied 40,000 customer email addresses from a test server.")


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


def test_merge_keeps_the_larger_story_and_its_members():
    cfg = load_config(overrides={"cluster.threshold": "0.8", "cluster.merge_threshold": "0.7"}, environ={}).cluster
    c = StoryClusterer(cfg)
    day = dt.date(2031, 12, 1)
    s1 = c.assign("a1", _unit(1, 0.6, 0), _unit(1, 0.6, 0), day, "en").story_id
    c.assign("a2", _unit(1, 0.6, 0), _unit(1, 0.6, 0), day, "en")
    s2 = c.assign("b1", _unit(1, -0.6, 0), _unit(1, -0.6, 0), day, "en").story_id
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
