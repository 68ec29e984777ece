"""Where the heavy per-item work runs: in this process, or on a Ray cluster.

An `Engine` maps a *worker factory* over chunks of items. The factory is called
once per worker with the configuration (as a plain dict) and returns a callable
that processes one chunk; models are therefore loaded once per worker, never per
item, and no state leaks between runs. `LocalEngine` runs everything in this
process; `RayEngine` runs a pool of Ray actors (``pip install 'storyline[ray]'``),
locally or against an existing cluster (``engine.ray_address``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .config import Config
from .errors import ConfigError, MissingExtra

T = TypeVar("T")
R = TypeVar("R")
WorkerFactory = Callable[[dict[str, Any]], Callable[[list[Any]], list[Any]]]


class Engine(Protocol):
    """Runs a worker over chunks of items and yields the results chunk by chunk, in order."""

    def map_chunks(self, factory: WorkerFactory, chunks: Sequence[list[Any]], config: Config) -> Iterator[list[Any]]:
        """Apply ``factory(config)(chunk)`` to every chunk."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


class LocalEngine:
    """Runs in this process; one worker per factory, built on first use and kept for the engine's life."""

    def __init__(self) -> None:
        self._workers: dict[Any, Callable[[list[Any]], list[Any]]] = {}

    def map_chunks(self, factory: WorkerFactory, chunks: Sequence[list[Any]], config: Config) -> Iterator[list[Any]]:
        """Process chunks one after the other."""
        worker = self._workers.get(factory)
        if worker is None:
            worker = self._workers[factory] = factory(config.as_dict())
        for chunk in chunks:
            yield worker(chunk)

    def close(self) -> None:
        """Drop the cached workers (and the models they hold)."""
        self._workers.clear()


class RayEngine:
    """A pool of Ray actors, each holding one worker (and its models).

    Args:
        address: a Ray cluster address, or empty to start Ray on this machine.
        num_workers: actors to start (default: the cluster's CPU count, at most 8).

    Raises:
        MissingExtra: Ray is not installed.
    """

    def __init__(self, address: str = "", num_workers: int | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise MissingExtra("ray", "ray") from None
        self._ray = ray
        if not ray.is_initialized():
            ray.init(address=address or None, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self._size = num_workers or max(1, min(cpus, 8))
        self._pools: dict[Any, list[Any]] = {}

    def _pool(self, factory: WorkerFactory, config: Config) -> list[Any]:
        pool = self._pools.get(factory)
        if pool is None:
            ray = self._ray

            @ray.remote
            class _Actor:
                def __init__(self, cfg: dict[str, Any]) -> None:
                    self.worker = factory(cfg)

                def run(self, chunk: list[Any]) -> list[Any]:
                    return self.worker(chunk)

            pool = self._pools[factory] = [
                _Actor.remote(config.as_dict()) for _ in range(self._size)  # type: ignore[attr-defined]
            ]
        return pool

    def map_chunks(self, factory: WorkerFactory, chunks: Sequence[list[Any]], config: Config) -> Iterator[list[Any]]:
        """Spread chunks over the actors round-robin; results come back in input order."""
        pool = self._pool(factory, config)
        refs = [pool[i % len(pool)].run.remote(chunk) for i, chunk in enumerate(chunks)]
        for ref in refs:
            yield self._ray.get(ref)

    def close(self) -> None:
        """Stop the actors (Ray itself keeps running for the process)."""
        for pool in self._pools.values():
            for actor in pool:
                self._ray.kill(actor)
        self._pools.clear()


def make_engine(config: Config) -> Engine:
    """The engine named by ``engine.kind``.

    Raises:
        ConfigError: unknown engine kind.
        MissingExtra: ``ray`` chosen but not installed.
    """
    kind = config.engine.kind
    if kind == "local":
        return LocalEngine()
    if kind == "ray":
        return RayEngine(address=config.engine.ray_address)
    raise ConfigError(f"engine.kind={kind!r} is unknown", hint="use local or ray")
