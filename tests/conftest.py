"""Shared fixtures: paths to our own fixtures and to the optional shared seeds, and models loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def use_embedder():
    """The real multilingual embedder, loaded once for the whole session."""
    from storyline.embed import USEEmbedder

    return USEEmbedder()


@pytest.fixture()
def seeds_dir() -> Path:
    """The five real scraped seed articles (read from ../shared; never copied into the repo)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present on this machine")
    return SEEDS
