"""Progress reporting: a bar per stage on a terminal, plain lines otherwise, nothing when quiet."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import IO, Protocol


class Tick(Protocol):
    """Advances the current stage."""

    def __call__(self, n: int = 1) -> None: ...


class Progress(Protocol):
    """What the pipeline calls to report progress."""

    def stage(self, name: str, total: int | None) -> AbstractContextManager[Tick]:
        """A context manager around one stage; yields a function that advances it."""
        ...


class QuietProgress:
    """Reports nothing (library default)."""

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        """A stage that reports nothing."""
        yield lambda n=1: None


class LineProgress:
    """Plain lines (``clean: 20/20 in 1.2s``) for logs and pipes."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        """Print one line when the stage ends."""
        done = 0
        start = time.perf_counter()

        def tick(n: int = 1) -> None:
            nonlocal done
            done += n

        yield tick
        of = f"/{total}" if total is not None else ""
        print(f"{name}: {done}{of} in {time.perf_counter() - start:.1f}s", file=self.stream, flush=True)


class BarProgress:
    """A tqdm bar per stage (for terminals)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr

    @contextmanager
    def stage(self, name: str, total: int | None) -> Iterator[Tick]:
        """Show a bar while the stage runs."""
        from tqdm import tqdm

        # A terminal that reports no size (0 columns: some pseudo-terminals, CI runners) would get empty
        # bars from tqdm's dynamic width; give it a fixed width instead.
        width = _terminal_columns(self.stream)
        bar = tqdm(total=total, desc=f"{name:<12}", file=self.stream, unit="", leave=True,
                   dynamic_ncols=width > 0, ncols=None if width > 0 else 80, nrows=None if width > 0 else 24)
        try:
            yield lambda n=1: bar.update(n)
        finally:
            bar.close()


def _terminal_columns(stream: IO[str]) -> int:
    """The terminal's width in columns, 0 when it does not say."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


def auto_progress(stream: IO[str] | None = None) -> Progress:
    """Bars on a terminal, lines otherwise."""
    stream = stream or sys.stderr
    return BarProgress(stream) if stream.isatty() else LineProgress(stream)
