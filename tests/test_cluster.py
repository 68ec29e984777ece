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
