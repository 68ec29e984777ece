"""The web page in a real browser: headless Chromium against `storyline serve` on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from test_server import make_db

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(tmp_path):
    pytest.importorskip("uvicorn")
    db = tmp_path / "s.db"
    make_db(db)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60  # a loaded machine can take a while to import FastAPI and uvicorn
    started = False
    while not started and time.monotonic() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(url + "healthz", timeout=2)
            started = True
        except OSError:
            time.sleep(0.2)
    if not started:
        proc.kill()
        pytest.fail("storyline serve did not start: " + proc.stdout.read().decode(errors="replace"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _chromium(*args: str, tmp_path) -> str:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/test-services.sh installs it)")
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout


def test_page_renders_story_with_citations(server, tmp_path):
    dom = _chromium("--dump-dom", server, tmp_path=tmp_path)
    # the script ran: the first story is shown and its nav link is active
    assert 'class="story shown"' in dom
    assert 'class="active"' in dom
    assert "The Orlen dam opened on Monday." in dom
    assert "[1]</a></sup><sup><a" in dom  # two citations on the summary sentence


def test_screenshot_is_written(server, tmp_path):
    shot = tmp_path / "page.png"
    _chromium(f"--screenshot={shot}", "--window-size=1200,800", server, tmp_path=tmp_path)
    assert shot.exists() and shot.stat().st_size > 5000
