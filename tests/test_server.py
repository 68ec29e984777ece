"""HTTP API over a small database built with the real store (story content written directly)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from storyline.config import load_config
from storyline.records import (
    Article,
    Evidence,
    Quote,
    SourceInfo,
    Story,
    SummarySentence,
    TimelineEvent,
)
from storyline.store import Store

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from conftest import one_article_db  # noqa: E402
from storyline.server import create_app  # noqa: E402


def make_db(path) -> None:
    with Store(path) as store:
        for aid in ("a1", "a2"):
            art = Article(id=aid, source=SourceInfo(f"{aid}.txt", "txt"), title=f"Dam opens {aid}",
                          text="The Orlen dam opened on Monday. Officials cheered.", published=dt.date(2031, 12, 1),
                          language="en", content_hash=aid)
            store.put_article(art, story_id="st-1", copy=None, semantic=np.ones(4), lexical=np.ones(4),
                              sentence_vectors=np.ones((2, 4)), run_id=1)
        story = Story(
            id="st-1", title="Orlen dam opens <b>", articles=("a1", "a2"), independent_sources=2,
            first_date=dt.date(2031, 12, 1), last_date=dt.date(2031, 12, 1),
            summary=(SummarySentence("The Orlen dam opened on Monday.", ("a1", "a2"), True,
                                     (Evidence("a1", 0, 31, 0.97), Evidence("a2", 0, 31, 0.97))),),
            timeline=(TimelineEvent(dt.date(2031, 12, 1), "The Orlen dam opened.", ("a1", "a2")),),
            quotes=(Quote("A great day", "Mara Ilves", ("a1",), (("a1", 40, 51),)),),
        )
        store.put_story(story, run_id=1)


@pytest.fixture()
def client(tmp_path):
    db = tmp_path / "s.db"
    make_db(db)
    return TestClient(create_app(load_config(overrides={"store.path": str(db)}, environ={})))


def test_story_list_and_story(client):
    stories = client.get("/api/stories").json()
    assert stories == [{"id": "st-1", "title": "Orlen dam opens <b>", "articles": 2, "independent_sources": 2,
                        "first_date": "2031-12-01", "last_date": "2031-12-01"}]
    story = client.get("/api/stories/st-1").json()
    assert story["summary"][0]["sources"] == ["a1", "a2"]
    assert story["summary"][0]["verified"] is True
    assert story["summary"][0]["evidence"][0] == {"article": "a1", "start": 0, "end": 31, "score": 0.97}
    assert story["quotes"][0]["occurrences"] == [{"article": "a1", "start": 40, "end": 51}]


def test_article_and_export(client):
    art = client.get("/api/articles/a2").json()
    assert art["story"] == "st-1" and art["published"] == "2031-12-01" and art["duplicate_of"] is None
    doc = client.get("/api/export").json()
    assert doc["version"] == 1 and {a["id"] for a in doc["articles"]} == {"a1", "a2"}


def test_not_found_is_404_with_a_reason(client):
    r = client.get("/api/stories/st-nope")
    assert r.status_code == 404 and "storyline stories" in r.json()["detail"]
    assert client.get("/api/articles/zz").status_code == 404


def test_page_escapes_and_links_citations(client):
    page = client.get("/").text
    assert "Orlen dam opens &lt;b&gt;" in page and "<b>Orlen dam opens <b>" not in page
    assert 'href="#st-1-src-1"' in page and 'id="st-1-src-2"' in page
    assert client.get("/healthz").json()["articles"] == 2


def test_page_lists_searches_and_shows_one_story(client):
    page = client.get("/stories/st-1").text
    assert '<section class="story shown" id="st-1">' in page
    assert 'href="/stories/st-1"' in page and "1–1 of 1" in page
    assert "The Orlen dam opened on Monday." in page
    nothing = client.get("/", params={"q": "ferry"}).text
    assert "No story matches." in nothing and "Choose a story" in nothing
    found = client.get("/", params={"q": "ORLEN"}).text
    assert 'class="story shown" id="st-1"' in found and 'href="/stories/st-1?q=ORLEN"' in found
    missing = client.get("/stories/st-nope")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
    assert "Story not found" in missing.text and 'href="/"' in missing.text
    assert client.get("/api/stories", params={"q": "orlen", "limit": 1}).json()[0]["id"] == "st-1"
    assert client.get("/api/stories", params={"q": "ferry"}).json() == []
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422


def test_page_heading_counts_read_naturally(client):
    assert "1 story from 2 articles" in client.get("/").text
    assert "0 stories with “zz” in the title (2 articles in all)" in client.get("/", params={"q": "zz"}).text


def test_a_missing_database_is_an_error_not_an_empty_site(tmp_path):
    from storyline.errors import StoreError

    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match="no database"):
        create_app(load_config(overrides={"store.path": str(missing)}, environ={}))
    assert not missing.exists()


def test_article_ids_with_a_slash_and_a_hash_are_reachable(tmp_path):
    db = tmp_path / "s.db"
    make_db(db)
    with Store(db) as store:
        for aid in ("wire/2031/ferry", "feed#2"):
            art = Article(id=aid, source=SourceInfo("x.jsonl", "jsonl"), title="Ferry", text="The ferry sailed.",
                          published=None, language="en", content_hash=aid)
            store.put_article(art, story_id="st-1", copy=None, semantic=np.ones(4), lexical=np.ones(4),
                              sentence_vectors=np.ones((1, 4)), run_id=1)
    client = TestClient(create_app(load_config(overrides={"store.path": str(db)}, environ={})))
    assert client.get("/api/articles/wire/2031/ferry").json()["id"] == "wire/2031/ferry"
    assert client.get("/api/articles/wire%2F2031%2Fferry").json()["id"] == "wire/2031/ferry"
    assert client.get("/api/articles/feed%232").json()["id"] == "feed#2"
    missing = client.get("/api/articles/zz")
    assert missing.status_code == 404 and "[E007]" in missing.json()["detail"]


def test_posted_articles_are_numbered_as_items_and_an_empty_list_is_refused(client):
    empty = client.post("/api/run", json=[])
    assert empty.status_code == 400 and "at least one article" in empty.json()["detail"]
    report = client.post("/api/run", json=[{"id": "x"}]).json()
    assert report["new"] == 0
    assert report["skipped"] == [{"name": "item 1", "reason": report["skipped"][0]["reason"]}]
    assert "item has no article text" in report["skipped"][0]["reason"]


def test_one_article_story_reads_one_article(tmp_path):
    db = one_article_db(tmp_path / "one.db")
    client = TestClient(create_app(load_config(overrides={"store.path": str(db)}, environ={})))
    page = client.get("/").text
    assert "1 article · undated" in page and "1 articles" not in page
    assert "1 independent source ·" in page and "1 independent sources" not in page


def test_a_sentence_citations_stay_together_on_one_line(client):
    page = client.get("/stories/st-1").text
    assert '<span class="cites"><sup><a href="#st-1-src-1"' in page and ".cites{white-space:nowrap}" in page


def test_the_web_pages_answer_a_bad_offset_with_a_page_not_json(client):
    for url in ("/?offset=-3", "/?offset=abc", "/stories/st-1?offset=-1"):
        r = client.get(url)
        assert r.status_code == 200 and "text/html" in r.headers["content-type"], url
        assert "1–1 of 1" in r.text, url
    assert client.get("/api/stories", params={"offset": -1}).status_code == 422  # the API stays strict
