"""HTTP API and web page (``pip install 'storyline[web]'``): a thin FastAPI layer over the library.

Routes (all read-only except ``POST /api/run``):

- ``GET /``: the web page (story list, story view with citations, sources, cleaning log)
- ``GET /api/stories``: story list
- ``GET /api/stories/{id}``: one story in the JSON contract
- ``GET /api/articles/{id}``: one article in the JSON contract
- ``GET /api/export``: the whole JSON contract (same as ``stories.json``)
- ``POST /api/run``: add articles given as JSON (``[{"id", "text"|"html", "title", "url", "published", "source"}]``)
- ``GET /healthz``
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from .config import Config
from .errors import MissingExtra, NotFound, StorylineError
from .export import article_dict, build_document, render_html, story_dict
from .store import Store


def create_app(config: Config) -> Any:
    """Build the FastAPI application over ``config.store.path``.

    Raises:
        MissingExtra: FastAPI is not installed.
    """
    try:
        from fastapi import Body, FastAPI, HTTPException
        from fastapi.responses import HTMLResponse
    except ImportError:
        raise MissingExtra("fastapi", "web") from None

    app = FastAPI(title="Storyline", version="1", description="Stories with verified citations.")
    db_path = config.store.path

    def open_store() -> Store:
        return Store(db_path)

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        with open_store() as store:
            return {"ok": True, "articles": store.count_articles(), "schema": store.version}

    @app.get("/api/stories")
    def list_stories() -> list[dict[str, Any]]:
        with open_store() as store:
            return [
                {
                    "id": s.id,
                    "title": s.title,
                    "articles": len(s.articles),
                    "independent_sources": s.independent_sources,
                    "first_date": s.first_date.isoformat() if s.first_date else None,
                    "last_date": s.last_date.isoformat() if s.last_date else None,
                }
                for s in store.stories()
            ]

    @app.get("/api/stories/{story_id}")
    def get_story(story_id: str) -> dict[str, Any]:
        with open_store() as store:
            try:
                return story_dict(store.story(story_id))
            except NotFound as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from None

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: str) -> dict[str, Any]:
        with open_store() as store:
            for row in store.article_rows(article_id=article_id):
                return article_dict(row)
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")

    @app.get("/api/export")
    def export_all() -> dict[str, Any]:
        with open_store() as store:
            return build_document(store)

    @app.post("/api/run")
    def post_run(items: list[dict[str, Any]] = Body(...)) -> dict[str, Any]:  # noqa: B008
        from .pipeline import run

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "posted.jsonl"
            path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), "utf-8")
            with open_store() as store:
                try:
                    report = run([str(path)], config, store)
                except StorylineError as exc:
                    raise HTTPException(status_code=400, detail=str(exc)) from None
        return {
            "new": report.new,
            "unchanged": report.unchanged,
            "duplicates": report.duplicates,
            "stories_updated": report.stories_updated,
            "skipped": [{"name": s.name.replace(str(path), "posted"), "reason": s.reason} for s in report.skipped],
        }

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        with open_store() as store:
            return render_html(build_document(store))

    return app


def serve(config: Config, host: str = "127.0.0.1", port: int = 8600) -> None:
    """Run the app with uvicorn until interrupted.

    Raises:
        MissingExtra: uvicorn or FastAPI is not installed.
    """
    try:
        import uvicorn
    except ImportError:
        raise MissingExtra("uvicorn", "web") from None
    uvicorn.run(create_app(config), host=host, port=port, log_level="warning")
