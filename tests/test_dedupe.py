from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pysbd
import pytest

from storyline.config import load_config
from storyline.dedupe import TRANSLATION_WINDOW_DAYS, DuplicateIndex, shingles, text_fingerprint
from storyline.errors import ConfigError
from storyline.records import Article, SourceInfo

ORIGINAL = (
    "Harbour workers in Velmora walked off the job on Monday, halting traffic at the country's largest container "
    "port. The Velmora Dockworkers Union said about 3,000 members joined the strike after talks on pay collapsed "
    "late on Sunday. Port director Anika Rossberg said ships were being diverted to the smaller terminal at Calder "
    "Bay. The union is demanding a nine percent raise and new safety rules for night shifts. Talks are due to "
    "resume on Thursday, according to the labour ministry. Shipping companies warned that fresh produce could "
    "spoil within days if the strike continues."
)
GERMAN = (
    "Hafenarbeiter in Velmora haben am Montag die Arbeit niedergelegt und den Verkehr im größten Containerhafen "
    "des Landes gestoppt. Die Gewerkschaft der Hafenarbeiter von Velmora erklärte, etwa 3.000 Mitglieder hätten "
    "sich dem Streik angeschlossen, nachdem die Lohnverhandlungen am späten Sonntag gescheitert waren. "
    "Hafendirektorin Anika Rossberg sagte, Schiffe würden zum kleineren Terminal in Calder Bay umgeleitet. "
    "Die Gewerkschaft fordert eine Lohnerhöhung von neun Prozent und neue Sicherheitsregeln für Nachtschichten. "
    "Die Gespräche sollen laut Arbeitsministerium am Donnerstag fortgesetzt werden. Reedereien warnten, dass "
    "frisches Obst und Gemüse innerhalb weniger Tage verderben könnten, wenn der Streik andauert."
)
OTHER = (
    "A software company in Tarvik said hackers stole the email addresses of 40,000 customers. The firm, Lumen "
    "Grid, said passwords were not affected and that it had informed the data protection authority. Security "
    "researchers said the breach appeared to come from a misconfigured test server. Customers were told to watch "
    "for phishing messages. The company's shares fell four percent in early trading."
)


def _article(aid: str, text: str, lang: str = "en") -> Article:
    return Article(id=aid, source=SourceInfo(aid, "txt"), title="", text=text, language=lang)


def _vectors(embedder, text: str, lang: str = "en"):
    sents = pysbd.Segmenter(language=lang, clean=False).segment(text)
    return embedder.encode([s.strip() for s in sents if s.strip()])


@pytest.fixture()
def index():
    return DuplicateIndex(load_config(environ={}).dedupe)


def test_shingles_and_fingerprint():
    assert shingles(["a", "b", "c"], 2) == {"a b", "b c"}
    assert shingles(["a"], 3) == {"a"}
    assert text_fingerprint("Hello,  World!") == text_fingerprint("hello world")


def test_exact_near_translation_and_original(index, use_embedder):
    assert index.add(_article("orig", ORIGINAL), _vectors(use_embedder, ORIGINAL)) is None
    exact = index.add(_article("copy", ORIGINAL.upper()), _vectors(use_embedder, ORIGINAL))
    assert exact is not None and (exact.of, exact.kind) == ("orig", "exact")

    # a blog repost: a paragraph moved, a few words changed, a feed footer added
    sents = pysbd.Segmenter(language="en", clean=False).segment(ORIGINAL)
    random.Random(3).shuffle(sents)
    edited = " ".join(sents).replace("halting", "stopping") + " Shared from World Feed Reader. Post a comment."
    near = index.add(_article("repost", edited), _vectors(use_embedder, edited))
    assert near is not None and (near.of, near.kind) == ("orig", "near")

    trans = index.add(_article("de", GERMAN, "de"), _vectors(use_embedder, GERMAN, "de"))
    assert trans is not None and trans.of == "orig" and trans.kind == "translation"

    assert index.add(_article("other", OTHER), _vectors(use_embedder, OTHER)) is None


def test_copy_of_a_copy_points_at_the_original(index, use_embedder):
    index.add(_article("orig", ORIGINAL), _vectors(use_embedder, ORIGINAL))
    index.add(_article("c1", ORIGINAL + " Powered by Blogger."), _vectors(use_embedder, ORIGINAL))
    link = index.add(_article("c2", ORIGINAL + " Powered by Blogger. Post a Comment"), _vectors(use_embedder, ORIGINAL))
    assert link is not None and link.of == "orig"


def test_bad_thresholds_are_rejected():
    cfg = load_config(overrides={"dedupe.near_threshold": "0"}, environ={})
    with pytest.raises(ConfigError, match="near_threshold"):
        DuplicateIndex(cfg.dedupe)


def test_translation_found_after_many_articles_and_only_within_the_window(index, use_embedder):
    day = dt.date(2031, 12, 1)
    orig = Article(id="orig", source=SourceInfo("orig", "txt"), title="", text=ORIGINAL, language="en", published=day)
    index.add(orig, _vectors(use_embedder, ORIGINAL))
    rng = np.random.default_rng(5)
    for i in range(70):  # more than the first block of the vector matrix: it must grow and keep the rows
        filler = rng.normal(size=(3, 512)).astype(np.float32)
        filler /= np.linalg.norm(filler, axis=1, keepdims=True)
        art = Article(
            id=f"f{i}",
            source=SourceInfo(f"f{i}", "txt"),
            title="",
            text=f"filler {i} " * 20,
            language="en",
            published=day,
        )
        assert index.add(art, filler) is None
    german = _vectors(use_embedder, GERMAN, "de")
    soon = dataclasses.replace(orig, id="de", text=GERMAN, language="de", published=day + dt.timedelta(days=1))
    link = index.add(soon, german)
    assert link is not None and (link.of, link.kind) == ("orig", "translation")

    other = DuplicateIndex(load_config(environ={}).dedupe)
    other.add(orig, _vectors(use_embedder, ORIGINAL))
    late = dataclasses.replace(soon, published=day + dt.timedelta(days=TRANSLATION_WINDOW_DAYS + 5))
    assert other.add(late, german) is None  # a translation is looked for around its own date only
