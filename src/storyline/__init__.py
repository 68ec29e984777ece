"""Storyline: turn raw news coverage into trustworthy stories.

The Python API mirrors the CLI::

    from storyline import load_config, Store, run
    config = load_config()
    with Store("storyline.db") as store:
        report = run(["articles/"], config, store)
        for story in store.stories():
            print(story.title, [s.text for s in story.summary])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .config import Config, load_config
    from .pipeline import run
    from .store import Store


def __getattr__(name: str) -> Any:
    # Lazy: `import storyline` stays fast and loads no model.
    if name in ("load_config", "Config"):
        from . import config

        return getattr(config, name)
    if name == "Store":
        from .store import Store

        return Store
    if name == "run":
        from .pipeline import run

        return run
    raise AttributeError(name)


__all__ = ["Config", "Store", "load_config", "run", "__version__"]
