"""HTTP API and web page (``pip install 'storyline[web]'``): a thin FastAPI layer over the library.

Routes (all read-only except ``POST /api/run``):

- ``GET /``, ``GET /stories/{id}``: the web page (a page of the story list with a title search ``?q=``, one story
  with citations, sources and cleaning log), rendered on the server from that page's rows only
- ``GET /api/stories``: story list (``?q=`` title search, ``limit``, ``offset``)
- ``GET /api/stories/{id}``: one story in the JSON contract
- ``GET /api/articles/{id}``: one article in the JSON contract
- ``GET /api/export``: the whole JSON contract (same as ``stories.json``)
- ``POST /api/run``: add articles given as JSON (``[{"id", "text"|"html", "title", "url", "published", "source"}]``)
- ``GET /healthz``
"""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from .config import Config
from .errors import MissingExtra, NotFound, StorylineError
from .export import article_dict, build_document, render_browser, render_not_found, story_dict
from .store import Store

PAGE_SIZE = 100
"""Stories listed per page of the web page."""


def create_app(config: Config) -> Any:
    """Build the FastAPI application over ``config.store.path``.

    Raises:
        MissingExtra: FastAPI is not installed.
    """
    try:
        from fastapi import Body, FastAPI, HTTPException, Query
        from fastapi.responses import HTMLResponse
    except ImportError:
        raise MissingExtra("fastapi", "web") from None

    db_path = config.store.path
    Store(db_path, create=False).close()  # a mistyped --db is an error now, not an empty site
    app = FastAPI(title="Storyline", version="1", description="Stories with verified citations.")
    run_lock = threading.Lock()  # one POST /api/run at a time: a run writes the database in one transaction

    def open_store() -> Store:
        return Store(db_path, create=False)

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        with open_store() as store:
            return {"ok": True, "articles": store.count_articles(), "schema": store.version}

    @app.get("/api/stories")
    def list_stories(q: str = "", limit: int = Query(1000, ge=1, le=10000), offset: int = Query(0, ge=0)
                     ) -> list[dict[str, Any]]:
        with open_store() as store:
            return store.story_index(q, limit, offset)

    @app.get("/api/stories/{story_id}")
    def get_story(story_id: str) -> dict[str, Any]:
        with open_store() as store:
            try:
                return story_dict(store.story(story_id))
            except NotFound as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from None

    @app.get("/api/articles/{article_id:path}")  # ids may hold "/" (JSONL ids, e.g. "wire/2031/123")
    def get_article(article_id: str) -> dict[str, Any]:
        with open_store() as store:
            for row in store.article_rows(article_id=article_id):
                return article_dict(row)
            try:
                store.article(article_id)  # raises NotFound with its message and hint
            except NotFound as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from None
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")  # pragma: no cover

    @app.get("/api/export")
    def export_all() -> dict[str, Any]:
        with open_store() as store:
            return build_document(store)

    @app.post("/api/run")
    def post_run(items: list[dict[str, Any]] = Body(...)) -> dict[str, Any]:  # noqa: B008
        from .pipeline import run

        if not items:
            raise HTTPException(status_code=400, detail='send at least one article: [{"id": ..., "text": ...}]')
        with tempfile.TemporaryDirectory() as tmp, run_lock:
            path = Path(tmp) / "posted.json"  # read as one JSON array: skipped items are named "item N"
            path.write_text(json.dumps(items, ensure_ascii=False), "utf-8")
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
            "stories_split": report.splits,
            "skipped": [{"name": s.name.replace(f"{path}:", "item "), "reason": s.reason} for s in report.skipped],
        }

    def page(story_id: str | None, q: str, offset: int) -> str:
        with open_store() as store:
            index = store.story_index(q, PAGE_SIZE, offset)
            story = None
            if story_id is None and index:
                story_id = index[0]["id"]
            if story_id is not None:
                try:
                    story = story_dict(store.story(story_id))
                except NotFound as exc:
                    raise HTTPException(status_code=404, detail=str(exc)) from None
            articles = {}
            if story is not None:
                articles = {r["article"].id: article_dict(r) for r in store.article_rows(story_id=story["id"])}
            return render_browser(index, store.count_stories(q), store.count_articles(), story, articles,
                                  query=q, offset=offset, limit=PAGE_SIZE)

    def page_offset(offset: str) -> int:
        """A person may edit the address: a page offset that is not a count starts at the top, not at a JSON error."""
        return max(0, int(offset)) if offset.strip().lstrip("-").isdigit() else 0

    @app.get("/", response_class=HTMLResponse)
    def index(q: str = "", offset: str = "0") -> str:
        return page(None, q, page_offset(offset))

    @app.get("/stories/{story_id}", response_class=HTMLResponse)
    def story_page(story_id: str, q: str = "", offset: str = "0") -> Any:
        try:
            return page(story_id, q, page_offset(offset))
        except HTTPException as exc:  # a person followed a link: answer with a page, not JSON
            return HTMLResponse(render_not_found(str(exc.detail)), status_code=exc.status_code)

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
