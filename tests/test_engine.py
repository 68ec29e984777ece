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


def test_ray_engine_runs_the_same_work():
    pytest.importorskip("ray")
    from storyline.engine import RayEngine

    engine = RayEngine(num_workers=2)
    try:
        out = list(engine.map_chunks(doubling_worker, [[1, 2], [3], [4, 5]], load_config(environ={})))
    finally:
        engine.close()
    assert out == [[2, 4], [6], [8, 10]]
