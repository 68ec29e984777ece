"""The `storyline` command: a thin click layer over the library.

Every command turns library errors (`StorylineError`) into a one-line message and
exit code 2; `run` exits 1 when inputs were skipped, 0 when everything was read.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import textwrap
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from .config import Config, load_config, parse_override
from .errors import NotFound, StorylineError

EXIT_SKIPPED = 1
EXIT_ERROR = 2


def _fail_cleanly(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except StorylineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper


def _config(ctx: click.Context, db: str | None = None) -> Config:
    obj = ctx.ensure_object(dict)
    overrides = dict(parse_override(s) for s in obj.get("set", ()))
    if db:
        overrides["store.path"] = db
    return load_config(obj.get("config"), overrides)


def _store(config: Config, *, create: bool = False) -> Any:
    """The database; only `run` creates one, the reading commands refuse a path that does not exist."""
    from .store import Store

    return Store(config.store.path, create=create)


REPORT_SKIPPED = 12
"""Skipped inputs listed in the run report (the rest: `storyline skipped`), so the report fits on one screen."""

db_option = click.option("--db", default=None, help="SQLite database (default: store.path, storyline.db).")


def llm_options(func: Any) -> Any:
    """``--llm-url`` and ``--llm-model``: the optional abstractive mode (API key from $STORYLINE_LLM_API_KEY)."""
    func = click.option("--llm-model", default=None, help="Model name for --llm-url (sets llm.model).")(func)
    return click.option(
        "--llm-url", default=None,
        help="OpenAI-compatible endpoint (e.g. http://localhost:8000/v1) for abstractive summaries; every "
             "generated sentence is re-verified against the articles. Sets llm.url.",
    )(func)


def _with_llm(config: Config, url: str | None, model: str | None) -> Config:
    overrides = {k: v for k, v in (("llm.url", url), ("llm.model", model)) if v is not None}
    return config.with_overrides(overrides) if overrides else config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="A TOML configuration file (default: $STORYLINE_CONFIG).")
@click.option("--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one configuration value; repeatable.")
@click.pass_context
def main(ctx: click.Context, config_path: str | None, overrides: tuple[str, ...]) -> None:
    """Storyline: turn raw news coverage into stories with verified citations.

    Typical use: `storyline run ARTICLES... --out out/`, then `storyline stories`
    and `storyline show STORY_ID`.
    """
    ctx.ensure_object(dict).update(config=config_path, set=overrides)


@main.command()
@click.argument("articles", nargs=-1, required=True)
@db_option
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Also write stories.json, stories.md and index.html here.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default=None, help="Where per-article work runs.")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@llm_options
@click.pass_context
@_fail_cleanly
def run(ctx: click.Context, articles: tuple[str, ...], db: str | None, out: str | None, engine: str | None,
        quiet: bool, llm_url: str | None, llm_model: str | None) -> None:
    """Read ARTICLES (files, folders, globs; .txt .html .jsonl .warc .rss/.atom, also .gz) into stories.

    Incremental: running again with more articles adds them to the same database;
    running twice on the same input changes nothing. Exit code 1 when an input was skipped.
    """
    from .engine import make_engine
    from .export import export_all
    from .pipeline import run as run_pipeline
    from .progress import QuietProgress, auto_progress

    config = _config(ctx, db)
    if engine:
        config = config.with_overrides({"engine.kind": engine})
    config = _with_llm(config, llm_url, llm_model)
    progress = QuietProgress() if quiet else auto_progress()
    eng = make_engine(config)
    with _store(config, create=True) as store:
        try:
            report = run_pipeline(list(articles), config, store, progress=progress, engine=eng)
        finally:
            eng.close()
        written: list[Path] = []
        export_error: StorylineError | None = None
        try:
            written = export_all(store, Path(out)) if out else []
        except StorylineError as exc:  # the run itself is stored: report it, then the export's error
            export_error = exc
    click.echo("")
    click.echo(f"Storyline run: {report.seconds:.1f}s, database {config.store.path}")
    click.echo(f"  inputs read        {report.read}  (= new + unchanged + skipped)")
    click.echo(f"  new articles       {report.new}")
    click.echo(f"    of them copies   {report.duplicates}  (duplicates, wire copies, translations of another)")
    click.echo(f"  unchanged          {report.unchanged}")
    click.echo(f"  stories updated    {report.stories_updated}  (total {report.stories})")
    if report.splits:
        click.echo(f"  stories split      {report.splits}  (two events in one story; `storyline show ID --history`)")
    click.echo(f"  skipped            {len(report.skipped)}")
    for s in report.skipped[:REPORT_SKIPPED]:
        click.echo(f"    - {s.name}: {s.reason}")
    if len(report.skipped) > REPORT_SKIPPED:
        click.echo(f"    … and {len(report.skipped) - REPORT_SKIPPED} more: "
                   f"`storyline skipped --db {config.store.path}` lists them all")
    if report.llm:
        n = report.llm
        click.echo(f"  LLM summaries      {n['generated']} sentences written, {n['verified']} verified, "
                   f"{n['replaced']} replaced by extractive ones, {n['dropped']} dropped; "
                   f"{n['failed']} stories kept the extractive summary")
        for err in report.llm_errors[:5]:
            click.echo(f"    - {err}")
    for path in written:
        click.echo(f"  wrote {path}")
    if export_error is not None:
        click.echo(f"error: {export_error}", err=True)
        sys.exit(EXIT_ERROR)
    if out:
        click.echo(f"Open {Path(out) / 'index.html'} in a browser, or run `storyline serve --db {config.store.path}`.")
    sys.exit(EXIT_SKIPPED if report.skipped else 0)


@main.command()
@db_option
@click.option("--run", "run_id", type=int, default=None, help="Run number (default: the latest run).")
@click.pass_context
@_fail_cleanly
def skipped(ctx: click.Context, db: str | None, run_id: int | None) -> None:
    """List the inputs a run skipped, with the reason for each (the run report shows only the first few)."""
    config = _config(ctx, db)
    with _store(config) as store:
        runs = store.runs()
        if not runs:
            click.echo(f"no run recorded in {config.store.path}")
            return
        chosen = run_id if run_id is not None else runs[0]["id"]
        if chosen not in {r["id"] for r in runs}:
            raise NotFound(f"no run {chosen} in {config.store.path}",
                           hint=f"runs are numbered 1 to {runs[0]['id']}")
        items = store.skipped(chosen)
    click.echo(f"run {chosen}: {len(items)} skipped")
    for s in items:
        click.echo(f"  {s.name}: {s.reason}")


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.pass_context
@_fail_cleanly
def stories(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """List stories, largest first: id, title, articles, independent sources, first/last date.

    With --json, one object per line with the fields of GET /api/stories."""
    config = _config(ctx, db)
    with _store(config) as store:  # the index rows only: no story is loaded whole
        items = store.story_index("", max(1, store.count_stories()), 0)
    if as_json:
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))
        return
    click.echo(f"{'id':<14} {'articles':>8} {'sources':>7} {'first':<10} {'last':<10} title")
    for item in items:
        title = item["title"] if len(item["title"]) <= 70 else item["title"][:67] + "..."
        click.echo(f"{item['id']:<14} {item['articles']:>8} {item['independent_sources']:>7} "
                   f"{item['first_date'] or '-':<10} {item['last_date'] or '-':<10} {title}")


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + "  ")


@main.command()
@click.argument("story_id", required=False)
@db_option
@click.option("--article", "article_id", default=None, help="Show one article instead of a story.")
@click.option("--removed", is_flag=True, help="With --article: list what cleaning removed and why.")
@click.option("--history", is_flag=True, help="Show the story's history (created, grew, merged, split).")
@click.pass_context
@_fail_cleanly
def show(ctx: click.Context, story_id: str | None, db: str | None, article_id: str | None, removed: bool,
         history: bool) -> None:
    """Show one story: summary with citations, timeline, quotes, disagreements, entities, sources."""
    from .errors import ConfigError

    if removed and not article_id:
        raise click.UsageError("--removed applies to one article: use it with --article ID")
    if history and article_id:
        raise click.UsageError("--history applies to a story: give a STORY_ID instead of --article")
    config = _config(ctx, db)
    with _store(config) as store:
        if article_id:
            art = store.article(article_id)
            click.echo(f"{art.title}\n{art.site or art.source.path} · {art.published or 'undated'}"
                       f" ({art.date_source or 'no date found'}) · {art.language}"
                       + (f" · by {art.author}" if art.author else ""))
            if removed:
                click.echo(f"\nRemoved by cleaning ({len(art.removed)}):")
                for r in art.removed:
                    click.echo(f"  [{r.reason}] {r.text[:110]}")
            else:
                click.echo("")
                click.echo(art.text)
            return
        if not story_id:
            raise ConfigError("give a STORY_ID or --article ID", hint="list stories with `storyline stories`")
        story = store.story(story_id)
        titles = {r["article"].id: r for r in store.article_rows(story.id)}
    numbers = {aid: i + 1 for i, aid in enumerate(story.articles)}

    def cites(sources: tuple[str, ...]) -> str:
        return "".join(f"[{numbers.get(s, '?')}]" for s in sources)

    from .export import count_noun, date_span, with_days
    from .records import to_dict

    span = date_span(story.first_date and story.first_date.isoformat(), story.last_date and story.last_date.isoformat())
    click.secho(story.title, bold=True)
    sources = count_noun(story.independent_sources, "independent source")
    click.echo(f"{story.id} · {count_noun(len(story.articles), 'article')} · {sources} · {span}")
    click.secho("\nSummary", bold=True)
    for s in story.summary:
        click.echo(_wrap(f"{with_days(s.text, to_dict(list(s.dates)))} {cites(s.sources)}"))
    if story.timeline:
        click.secho("\nTimeline", bold=True)
        for ev in story.timeline:
            flag = " (scheduled)" if ev.scheduled else ""
            click.echo(_wrap(f"{ev.date}{flag}: {ev.text} {cites(ev.sources)}"))
    if story.quotes:
        click.secho("\nQuotes", bold=True)
        for q in story.quotes:
            click.echo(_wrap(f"{q.speaker or 'unattributed'}: “{q.text}” {cites(q.sources)}"))
    if story.disagreements:
        click.secho("\nWhere sources disagree", bold=True)
        for d in story.disagreements:
            click.echo(_wrap(f"{d.topic} ({d.kind})"))
            for v in d.variants:
                click.echo(_wrap(f"“{v.text}” {cites(v.sources)}", "      "))
    if story.entities:
        click.secho("\nWho and what", bold=True)
        for e in story.entities[:12]:
            aka = f" (also {', '.join(e.aliases)})" if e.aliases else ""
            roles = f" — {'; '.join(e.roles)}" if e.roles else ""
            click.echo(_wrap(f"{e.name} [{e.type}]{aka}{roles} {cites(e.sources)}"))
    if history:
        click.secho("\nHistory", bold=True)
        for h in story.history:
            click.echo(_wrap(f"{h.at} {h.kind}: {h.detail}"))
    click.secho("\nSources", bold=True)
    for aid, n in numbers.items():
        row = titles.get(aid)
        if row is None:
            continue
        art, copy = row["article"], row["copy"]
        extra = f" — {copy.kind} of {copy.of}" if copy else ""
        click.echo(_wrap(f"[{n}] {art.title} ({art.site or art.source.path}, {art.published or 'undated'},"
                         f" {art.language}){extra} {aid}"))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html"]), multiple=True, required=True,
              help="Output format; repeatable.")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Output folder.")
@db_option
@click.pass_context
@_fail_cleanly
def export(ctx: click.Context, fmt: tuple[str, ...], out: str, db: str | None) -> None:
    """Write the stories as stories.json (the JSON contract), stories.md or index.html."""
    from .export import export_all

    config = _config(ctx, db)
    with _store(config) as store:
        for path in export_all(store, Path(out), fmt):
            click.echo(f"wrote {path}")


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8600, show_default=True, type=int)
@click.pass_context
@_fail_cleanly
def serve(ctx: click.Context, db: str | None, host: str, port: int) -> None:
    """Serve the HTTP API and the web page over a database."""
    from .server import serve as serve_app

    config = _config(ctx, db)
    _store(config).close()  # a missing database is an error before the server starts
    click.echo(f"Serving {config.store.path} on http://{host}:{port}/ (Ctrl-C to stop)")
    serve_app(config, host=host, port=port)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.pass_context
@_fail_cleanly
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str) -> None:
    """Clean articles and print one JSON object per article (id, title, text, published, language, site,
    author, removed) with the same cleaning code `storyline run` uses. Skipped inputs go to stderr;
    exit code 1 when any was skipped."""
    from . import clean, ingest
    from .records import RawDocument, Skipped

    config = _config(ctx)
    docs: list[RawDocument] = []
    skipped: list[Skipped] = []
    for raw in ingest.iter_inputs(list(paths), config):
        if isinstance(raw, Skipped):
            skipped.append(raw)
        else:
            docs.append(raw)
    for item in clean.clean_batch(docs, config):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        click.echo(json.dumps({
            "id": item.id, "title": item.title, "text": item.text,
            "published": item.published.isoformat() if item.published else None,
            "date_source": item.date_source, "language": item.language, "site": item.site, "author": item.author,
            "source": item.source.url or item.source.path,
            "removed": [{"text": r.text, "reason": r.reason} for r in item.removed],
        }, ensure_ascii=False))
    for s in skipped:
        click.echo(f"skipped {s.name}: {s.reason}", err=True)
    sys.exit(EXIT_SKIPPED if skipped else 0)


@main.command()
@click.option("--clusters", type=click.Path(exists=True, dir_okay=False), required=True,
              help='JSON lines: {"id": ..., "documents": ["text", ...] or [{"id": ..., "text": ...}]}.')
@click.option("--max-words", type=click.IntRange(min=1), default=None,
              help="Word budget (default summarize.max_words).")
@click.option("--language", default="en", show_default=True, help="Language of the documents.")
@llm_options
@click.pass_context
@_fail_cleanly
def summarize(ctx: click.Context, clusters: str, max_words: int | None, language: str, llm_url: str | None,
              llm_model: str | None) -> None:
    """Summarise clusters of documents given as JSON lines; prints one line per cluster:
    {"id", "summary": [{"text", "sources", "verified"}]}. Same summarizer and verifier as `run`.
    A broken line is reported on stderr and skipped (exit code 1); the other lines are summarised.
    With --llm-url, the model rewrites each summary, every sentence is re-verified, and the line also holds
    "llm": {"generated", "verified", "replaced", "dropped", "uncited", "error"}."""
    from .embed import make_embedder
    from .llm import abstractive_documents, make_client
    from .summarize import summarize_documents

    config = _with_llm(_config(ctx), llm_url, llm_model)
    client = make_client(config)
    embedder = make_embedder(config)
    bad = 0
    with open(clusters, "rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                item, docs = _cluster_line(raw)
                cluster_id = item.get("id", number)
            except ValueError as exc:
                bad += 1
                click.echo(f'skipped {clusters}:{number}: {exc}; each line needs {{"id": ..., "documents": '
                           '["text", ...] or [{"id": ..., "text": ...}, ...]}', err=True)
                continue
            extra: dict[str, Any] = {}
            try:
                if client is None:
                    summary = summarize_documents(docs, embedder, config, max_words, language=language)
                else:
                    summary, rep = abstractive_documents(docs, embedder, client, config, max_words, language=language)
                    extra["llm"] = dataclasses.asdict(rep)
            except ValueError as exc:  # e.g. two documents with one id
                bad += 1
                click.echo(f"skipped {clusters}:{number}: {exc}", err=True)
                continue
            click.echo(json.dumps({"id": cluster_id, "summary": [
                {"text": s.text, "sources": list(s.sources), "verified": s.verified} for s in summary], **extra},
                ensure_ascii=False))
    sys.exit(EXIT_SKIPPED if bad else 0)


def _cluster_line(raw: bytes) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One line of ``summarize --clusters``: the parsed object and its ``(id, text)`` documents.

    Raises:
        ValueError: the line is not UTF-8, not JSON, or not a cluster object; the message says which.
    """
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("the line is not UTF-8 (save the file as UTF-8)") from None
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise ValueError(f"a JSON {type(item).__name__}, not an object")
    documents = item.get("documents")
    if not isinstance(documents, list):
        raise ValueError('"documents" is missing or not a list')
    docs: list[tuple[str, str]] = []
    for i, doc in enumerate(documents):
        if isinstance(doc, str):
            docs.append((str(i), doc))
        elif isinstance(doc, dict) and isinstance(doc.get("text"), str):
            docs.append((str(doc.get("id", i)), doc["text"]))
        else:
            raise ValueError(f'document {i + 1} is neither a text nor an object with a "text"')
    return item, docs


@main.command(name="config")
@click.pass_context
@_fail_cleanly
def show_config(ctx: click.Context) -> None:
    """Print the effective configuration (defaults, file, environment and --set merged)."""
    config = _config(ctx)
    for section, values in config.as_dict().items():
        click.echo(f"[{section}]")
        for key, value in values.items():
            click.echo(f"{key} = {json.dumps(value)}")
        click.echo("")


if __name__ == "__main__":  # pragma: no cover
    main()
