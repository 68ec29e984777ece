from __future__ import annotations

from typing import Any

import pytest

from storyline.config import load_config
from storyline.engine import LocalEngine, make_engine
from storyline.errors import ConfigError

CALLS: list[str] = []


def doubling_worker(config: dict[str, Any]):
    CALLS.append("factory")
    factor = 2 if config["embed"]["backend"] else 0

    def work(chunk: list[int]) -> list[int]:
        return [x * factor for x in chunk]

    return work


def test_local_engine_builds_worker_once_and_keeps_order():
    CALLS.clear()
    engine = LocalEngine()
    cfg = load_config(environ={})
    out = list(engine.map_chunks(doubling_worker, [[1, 2], [3], [4, 5]], cfg))
    out += list(engine.map_chunks(doubling_worker, [[6]], cfg))
    assert out == [[2, 4], [6], [8, 10], [12]]
    assert CALLS == ["factory"]
    engine.close()


def test_unknown_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="local or ray"):
        make_engine(load_config(overrides={"engine.kind": "spark"}, environ={}))


def test_ray_engine_gives_the_same_prepared_articles_as_local():
    """The pipeline's real per-article worker on Ray actors equals the local result, in order."""
    pytest.importorskip("ray")
    import numpy as np

    from storyline.engine import RayEngine
    from storyline.pipeline import prepare_worker
    from storyline.records import Article, SourceInfo

    cfg = load_config(overrides={"embed.backend": "hashing"}, environ={})
    arts = [
        Article(id=f"a{i}", source=SourceInfo(f"a{i}.txt", "txt"), title=f"Title {i}",
                text=f"The council met on Monday. It approved plan number {i}. Residents objected.", language="en")
        for i in range(5)
    ]
    chunks = [arts[:2], arts[2:3], arts[3:]]
    local = [p for chunk in LocalEngine().map_chunks(prepare_worker, chunks, cfg) for p in chunk]
    engine = RayEngine(num_workers=2)
    try:
        remote = [p for chunk in engine.map_chunks(prepare_worker, chunks, cfg) for p in chunk]
    finally:
        engine.close()
    assert [p.article.id for p in remote] == [p.article.id for p in local] == [a.id for a in arts]
    for r, lo in zip(remote, local, strict=True):
        assert r.sentences == lo.sentences
        assert np.allclose(r.semantic, lo.semantic) and np.allclose(r.sentence_vectors, lo.sentence_vectors)
