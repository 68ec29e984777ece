"""Progress: bars on a terminal (also one that reports no size), plain lines elsewhere."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import termios

import pytest

from storyline.progress import BarProgress, LineProgress, auto_progress


def _run_stage(progress, total: int = 3) -> None:
    with progress.stage("clean", total) as tick:
        for _ in range(total):
            tick()


def _read_all(fd: int) -> str:
    """Everything written to the terminal so far (a pty hands it over in pieces)."""
    chunks = []
    while select.select([fd], [], [], 0.5)[0]:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(("rows", "columns"), [(0, 0), (24, 100)])
def test_bar_on_a_terminal_shows_the_stage_and_its_count(
    rows: int, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    stream = os.fdopen(slave, "w", encoding="utf-8", closefd=True)
    # tqdm asks the terminal for its size only when writing to the real sys.stderr
    monkeypatch.setattr("sys.stderr", stream)
    try:
        progress = auto_progress()
        assert isinstance(progress, BarProgress)
        _run_stage(progress)
        stream.flush()
        shown = _read_all(master)
    finally:
        stream.close()
        os.close(master)
    assert "clean" in shown
    assert "3/3" in shown


def test_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = auto_progress(stream)
    assert isinstance(progress, LineProgress)
    _run_stage(progress, total=2)
    assert stream.getvalue().startswith("clean: 2/2 in ")
