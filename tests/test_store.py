from __future__ import annotations

import datetime as dt
import sqlite3

import numpy as np
import pytest

from storyline.errors import NotFound, StoreError
from storyline.records import Article, CopyLink, SourceInfo, Story, StoryEvent
from storyline.store import SCHEMA_VERSION, Store


def _article(aid: str) -> Article:
    return Article(id=aid, source=SourceInfo(f"{aid}.txt", "txt"), title=f"T {aid}", text="Body.",
                   published=dt.date(2031, 12, 2), content_hash="h" + aid)


def _put(store: Store, aid: str, sid: str, copy: CopyLink | None = None) -> None:
    store.put_article(_article(aid), story_id=sid, copy=copy, semantic=np.ones(4), lexical=np.ones(8),
                      sentence_vectors=np.eye(3, 4), run_id=1)


def test_schema_is_created_and_versioned(tmp_path):
    with Store(tmp_path / "db" / "s.db") as store:
        assert store.version == SCHEMA_VERSION
        mode = store.db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_migrates_an_older_database(tmp_path):
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.db.execute("DROP TABLE story_events")
        store.db.execute("ALTER TABLE articles DROP COLUMN sentence_spans")
        store.db.execute("PRAGMA user_version=1")
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        store.add_event("s", 1, StoryEvent("now", "created", "x"))
        assert store.events("s")[0].kind == "created"


def test_refuses_newer_schema_and_non_database(tmp_path):
    path = tmp_path / "new.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Store(junk)


def test_articles_and_vectors_round_trip(tmp_path):
    with Store(tmp_path / "s.db") as store:
        _put(store, "a1", "st-1")
        _put(store, "a2", "st-1", CopyLink("a2", "a1", "near", 0.93))
        rows = store.article_rows("st-1")
        assert [r["article"].id for r in rows] == ["a1", "a2"]
        assert rows[1]["copy"] == CopyLink("a2", "a1", "near", 0.93)
        assert rows[0]["sentence_vectors"].shape == (3, 4)
        assert np.allclose(rows[0]["semantic"][0], 1.0)
        assert store.content_hash("a1") == "ha1" and store.content_hash("zz") is None
        assert store.article("a2").title == "T a2"
        assert store.count_articles() == 2 and store.count_articles("st-1") == 2 and store.count_articles("st-x") == 0


def test_failed_transaction_leaves_nothing(tmp_path):
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                _put(store, "a1", "st-1")
                raise RuntimeError("boom")
        assert store.count_articles() == 0


def test_story_lookup_by_prefix_and_not_found(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.put_story(Story(id="st-abc123", title="A", articles=("a1",)), run_id=1)
        assert store.story("st-abc").title == "A"
        with pytest.raises(NotFound, match="storyline stories"):
            store.story("st-zzz")


def test_story_index_pages_and_searches_titles_without_loading_stories(tmp_path):
    with Store(tmp_path / "s.db") as store:
        titles = ["Dam bursts in Velmora", "Dam report: 100% of checks missed", "Ferry strike ends", "Mill_fire"]
        for i, title in enumerate(titles):
            store.put_story(Story(id=f"st-{i}", title=title, articles=tuple(f"a{j}" for j in range(4 - i)),
                                  independent_sources=1), run_id=1)
        assert [r["id"] for r in store.story_index()] == ["st-0", "st-1", "st-2", "st-3"]  # largest first
        assert store.story_index(limit=2, offset=1)[0] == {
            "id": "st-1", "title": "Dam report: 100% of checks missed", "articles": 3, "independent_sources": 1,
            "first_date": None, "last_date": None}
        assert [r["id"] for r in store.story_index("dam")] == ["st-0", "st-1"]  # case-insensitive
        assert [r["id"] for r in store.story_index("100%")] == ["st-1"]  # LIKE wildcards are literal
        assert [r["id"] for r in store.story_index("l_f")] == ["st-3"]
        assert [r["id"] for r in store.story_index("%")] == ["st-1"]
        assert store.count_stories() == 4 and store.count_stories("dam") == 2 and store.count_stories("zzz") == 0


def test_opening_for_reading_never_creates_a_database(tmp_path):
    missing = tmp_path / "typo" / "storyline.db"
    with pytest.raises(StoreError, match="no database") as err:
        Store(missing, create=False)
    assert "storyline run" in str(err.value)  # says how to make one
    assert not missing.exists() and not missing.parent.exists()
    with Store(tmp_path / "real.db"):
        pass
    with Store(tmp_path / "real.db", create=False) as store:
        assert store.version == SCHEMA_VERSION


def test_a_story_is_rebuilt_from_its_stored_sentences_without_splitting_again(tmp_path, monkeypatch):
    from storyline import pipeline, sentences

    text = "The Vell rose two metres on Monday. Families left Brookmere.\n\nThe council met on Tuesday."
    art = Article(id="a", source=SourceInfo("a.txt", "txt"), title="Vell", text=text, language="en")
    spans = [(0, 35, 0), (36, 60, 0), (62, 89, 1)]
    with Store(tmp_path / "s.db") as store:
        store.put_article(art, story_id="s1", copy=None, semantic=np.ones(4), lexical=np.ones(8),
                          sentence_vectors=np.eye(3, 4), run_id=1, sentence_spans=spans)

        def no_split(*_args, **_kwargs):
            raise AssertionError("story_inputs split the text again")

        monkeypatch.setattr(sentences, "split_sentences", no_split)
        inputs = pipeline.story_inputs(store, "s1")
    got = inputs.sentences["a"]
    assert [s.text for s in got] == ["The Vell rose two metres on Monday.", "Families left Brookmere.",
                                     "The council met on Tuesday."]
    assert [s.paragraph for s in got] == [0, 0, 1]
    assert sorted(inputs.vectors) == [("a", 0), ("a", 1), ("a", 2)]


def test_an_article_stored_without_sentence_spans_is_split_again(tmp_path):
    from storyline import pipeline

    text = "The Vell rose two metres on Monday. Families left Brookmere."
    art = Article(id="a", source=SourceInfo("a.txt", "txt"), title="Vell", text=text, language="en")
    with Store(tmp_path / "s.db") as store:
        store.put_article(art, story_id="s1", copy=None, semantic=np.ones(4), lexical=np.ones(8),
                          sentence_vectors=np.eye(2, 4), run_id=1)
        inputs = pipeline.story_inputs(store, "s1")
    texts = [s.text for s in inputs.sentences["a"]]
    assert texts == ["The Vell rose two metres on Monday.", "Families left Brookmere."]
    assert len(inputs.vectors) == 2
