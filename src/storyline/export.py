"""Exports: the JSON contract (``stories.json``), Markdown and a self-contained HTML report.

`build_document` is the one place that turns stored records into the JSON
contract (docs/json-format.md); the Markdown and HTML renderers, the HTTP API and
the web page all start from it, so they always agree.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from .errors import OutputError
from .records import to_dict
from .store import Store

FORMAT_VERSION = 1


def article_dict(row: dict[str, Any]) -> dict[str, Any]:
    """One article in the JSON contract."""
    art = row["article"]
    copy = row["copy"]
    return {
        "id": art.id,
        "source": art.source.url or art.source.path,
        "path": art.source.path,
        "format": art.source.format,
        "record": art.source.record,
        "site": art.site,
        "title": art.title,
        "author": art.author,
        "published": art.published.isoformat() if art.published else None,
        "date_source": art.date_source,
        "language": art.language,
        "text": art.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in art.removed],
        "duplicate_of": copy.of if copy else None,
        "copy_kind": copy.kind if copy else None,
        "copy_similarity": copy.similarity if copy else None,
        "story": row["story_id"],
    }


def story_dict(story: Any) -> dict[str, Any]:
    """One story in the JSON contract."""
    data = to_dict(story)
    for quote in data["quotes"]:
        quote["occurrences"] = [{"article": a, "start": s, "end": e} for a, s, e in quote.pop("spans")]
    for ent in data["entities"]:
        ent.pop("mentions", None)
    for sent in data["summary"]:
        sent["evidence"] = [
            {"article": e["article_id"], "start": e["start"], "end": e["end"], "score": round(e["score"], 3)}
            for e in sent["evidence"]
        ]
    return data


def build_document(store: Store) -> dict[str, Any]:
    """The whole database as the JSON contract: ``{"version", "articles", "stories"}``."""
    return {
        "version": FORMAT_VERSION,
        "articles": [article_dict(r) for r in store.article_rows()],
        "stories": [story_dict(s) for s in store.stories()],
    }


def export_json(doc: dict[str, Any], out_dir: Path) -> Path:
    """Write ``stories.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "stories.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    return path


def count_noun(n: int, one: str, many: str | None = None) -> str:
    """``1 story``, ``2 stories``, ``1 article``, ``5 articles``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def date_span(first: str | None, last: str | None, sep: str = " – ") -> str:
    """``2031-12-01``, ``2031-12-01 – 2031-12-03`` or ``undated``."""
    days = sorted({d for d in (first, last) if d})
    return sep.join(days) or "undated"


def with_days(text: str, notes: list[dict[str, Any]], *, as_html: bool = False) -> str:
    """A summary sentence with the day each relative expression names after it: "today (2025-12-23)".

    Args:
        text: the sentence.
        notes: its ``dates`` (``{"start", "end", "date"}``, offsets into ``text``).
        as_html: escape the text and mark each day up as a ``<time>`` element.

    Returns:
        The annotated sentence.
    """
    escape = html.escape if as_html else str
    out, cursor = [], 0
    for note in sorted(notes, key=lambda n: n["start"]):
        if note["start"] < cursor or note["end"] > len(text):
            continue
        day = escape(note["date"])
        mark = f" ({day})"
        if as_html:
            mark = f' <time class="day" datetime="{day}" title="the day this expression names">({day})</time>'
        out += [escape(text[cursor : note["end"]]), mark]
        cursor = note["end"]
    return "".join(out) + escape(text[cursor:])


def _cite(sources: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{numbers.get(s, s)}]" for s in sources)


def render_markdown(doc: dict[str, Any]) -> str:
    """The stories as Markdown: summary with numbered citations, timeline, quotes, disagreements, sources."""
    articles = {a["id"]: a for a in doc["articles"]}
    lines: list[str] = ["# Stories", ""]
    for story in doc["stories"]:
        numbers = {aid: i + 1 for i, aid in enumerate(story["articles"])}
        span = date_span(story["first_date"], story["last_date"], " to ")
        lines += [f"## {story['title']}", "", f"*{count_noun(len(story['articles']), 'article')}, "
                  f"{count_noun(story['independent_sources'], 'independent source')}, {span}* (`{story['id']}`)", ""]
        if story["summary"]:
            lines += [
                " ".join(f"{with_days(s['text'], s.get('dates', []))} {_cite(s['sources'], numbers)}"
                         for s in story["summary"]),
                "",
            ]
        if story["timeline"]:
            lines += ["### Timeline", ""]
            for ev in story["timeline"]:
                flag = " (scheduled)" if ev.get("scheduled") else ""
                lines.append(f"- **{ev['date']}**{flag}: {ev['text']} {_cite(ev['sources'], numbers)}")
            lines.append("")
        if story["quotes"]:
            lines += ["### Quotes", ""]
            for q in story["quotes"]:
                lines.append(f"- {q['speaker'] or 'unattributed'}: “{q['text']}” {_cite(q['sources'], numbers)}")
            lines.append("")
        if story["disagreements"]:
            lines += ["### Where sources disagree", ""]
            for d in story["disagreements"]:
                variants = "; ".join(f"“{v['text']}” {_cite(v['sources'], numbers)}" for v in d["variants"])
                lines.append(f"- {d['topic']}: {variants}")
            lines.append("")
        if story["entities"]:
            lines += ["### Who and what", ""]
            for e in story["entities"][:15]:
                aka = f" (also: {', '.join(e['aliases'])})" if e["aliases"] else ""
                roles = f" — {'; '.join(e['roles'])}" if e.get("roles") else ""
                lines.append(f"- {e['name']} [{e['type']}]{aka}{roles}")
            lines.append("")
        changes = [h for h in story.get("history", []) if h["kind"] in ("merged", "split")]
        if changes:  # how the story's membership changed (growth alone is in the HTML and JSON)
            lines += ["### History", ""]
            lines += [f"- {h['at']} {h['kind']}: {h['detail']}" for h in changes]
            lines.append("")
        lines += ["### Sources", ""]
        for aid, n in numbers.items():
            a = articles.get(aid, {})
            copy = f" — {a['copy_kind']} of {a['duplicate_of']}" if a.get("duplicate_of") else ""
            lines.append(f"{n}. {a.get('title', aid)} ({a.get('site') or a.get('source')}, "
                         f"{a.get('published') or 'undated'}, {a.get('language')}){copy} `{aid}`")
        lines.append("")
    return "\n".join(lines)


def export_markdown(doc: dict[str, Any], out_dir: Path) -> Path:
    """Write ``stories.md``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "stories.md"
    path.write_text(render_markdown(doc), "utf-8")
    return path


CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#14213d;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
main{display:grid;grid-template-columns:320px 1fr;gap:0;min-height:90vh}
nav{border-right:1px solid #ddd;overflow:auto;background:#fff}
nav a{display:block;padding:10px 16px;border-bottom:1px solid #eee;color:inherit;text-decoration:none}
nav a:hover,nav a.active{background:#eef3ff}nav small{color:#666;display:block}
section.story{padding:16px 28px;display:none;max-width:60em}section.story:target,section.story.shown{display:block}
sup a{text-decoration:none;color:#0b5ed7;font-size:12px}.cites{white-space:nowrap}.scheduled{color:#8a5a00}
.day{color:#6c757d;font-size:90%}
.variant{margin-left:1em}.muted{color:#666}.removed{color:#a00;font-size:13px}
details{margin:4px 0}article.src{background:#fff;border:1px solid #e5e5e5;padding:8px 12px;margin:8px 0}
.tag{display:inline-block;background:#eee;border-radius:3px;padding:0 6px;font-size:12px;margin-right:4px}
form.search{padding:10px 16px}form.search input{width:100%;font:inherit;padding:4px 8px;box-sizing:border-box}
.pad,.pager{padding:0 16px}.pager a{margin-right:1em}
"""


def _esc(text: Any) -> str:
    return html.escape(str(text if text is not None else ""))


def _html_cites(sources: list[str], numbers: dict[str, int], story_id: str) -> str:
    links = "".join(
        f'<sup><a href="#{_esc(story_id)}-src-{numbers.get(s, 0)}" title="{_esc(s)}">[{numbers.get(s, "?")}]</a></sup>'
        for s in sources
    )
    return f'<span class="cites">{links}</span>' if links else ""  # one group: never broken over two lines


def render_story_html(story: dict[str, Any], articles: dict[str, dict[str, Any]]) -> str:
    """One story as an HTML fragment (used by the report and by the web page)."""
    sid = story["id"]
    numbers = {aid: i + 1 for i, aid in enumerate(story["articles"])}
    out = [f'<section class="story" id="{_esc(sid)}"><h2>{_esc(story["title"])}</h2>']
    out.append(
        f'<p class="muted">{count_noun(len(story["articles"]), "article")} · '
        f'{count_noun(story["independent_sources"], "independent source")} · '
        f'{_esc(date_span(story["first_date"], story["last_date"]))} · <code>{_esc(sid)}</code></p>'
    )
    out.append("<h3>Summary</h3><p class=\"summary\">")
    out.append(" ".join(f'<span class="sent">{with_days(s["text"], s.get("dates", []), as_html=True)}'
                        f'{_html_cites(s["sources"], numbers, sid)}</span>'
                        for s in story["summary"]) or '<span class="muted">No verified summary.</span>')
    out.append("</p>")
    if story["timeline"]:
        out.append("<h3>Timeline</h3><ul class=\"timeline\">")
        for ev in story["timeline"]:
            flag = ' <span class="scheduled">(scheduled)</span>' if ev.get("scheduled") else ""
            out.append(f"<li><b>{_esc(ev['date'])}</b>{flag}: {_esc(ev['text'])}"
                       f"{_html_cites(ev['sources'], numbers, sid)}</li>")
        out.append("</ul>")
    if story["quotes"]:
        out.append("<h3>Quotes</h3><ul class=\"quotes\">")
        for q in story["quotes"]:
            out.append(f"<li><b>{_esc(q['speaker'] or 'unattributed')}</b>: “{_esc(q['text'])}”"
                       f"{_html_cites(q['sources'], numbers, sid)}</li>")
        out.append("</ul>")
    if story["disagreements"]:
        out.append("<h3>Where sources disagree</h3><ul class=\"disagreements\">")
        for d in story["disagreements"]:
            out.append(f"<li><b>{_esc(d['topic'])}</b> <span class=\"tag\">{_esc(d.get('kind', ''))}</span>")
            for v in d["variants"]:
                out.append(f'<div class="variant">“{_esc(v["text"])}”{_html_cites(v["sources"], numbers, sid)}</div>')
            out.append("</li>")
        out.append("</ul>")
    if story["entities"]:
        out.append("<h3>Who and what</h3><ul class=\"entities\">")
        for e in story["entities"][:20]:
            aka = f" <span class=\"muted\">also {_esc(', '.join(e['aliases']))}</span>" if e["aliases"] else ""
            roles = f" — {_esc('; '.join(e['roles']))}" if e.get("roles") else ""
            out.append(f"<li><span class=\"tag\">{_esc(e['type'])}</span>{_esc(e['name'])}{aka}{roles}</li>")
        out.append("</ul>")
    if story.get("history"):
        out.append("<details><summary>History</summary><ul>")
        for h in story["history"]:
            out.append(f"<li>{_esc(h['at'])} {_esc(h['kind'])}: {_esc(h['detail'])}</li>")
        out.append("</ul></details>")
    out.append("<h3>Sources</h3>")
    for aid, n in numbers.items():
        a = articles.get(aid)
        if a is None:
            continue
        copy = (f' <span class="tag">{_esc(a["copy_kind"])} of {_esc(a["duplicate_of"])}</span>'
                if a.get("duplicate_of") else "")
        out.append(f'<article class="src" id="{_esc(sid)}-src-{n}"><b>[{n}] {_esc(a["title"])}</b>{copy}<br>'
                   f'<span class="muted">{_esc(a.get("site") or a["source"])} · {_esc(a["published"] or "undated")}'
                   f' · {_esc(a["language"])} · <code>{_esc(aid)}</code></span>'
                   f'<details><summary>Clean text</summary><p>{_esc(a["text"]).replace(chr(10) * 2, "</p><p>")}</p>'
                   f'</details><details><summary>Removed by cleaning ({len(a["removed"])})</summary><ul>')
        for r in a["removed"]:
            out.append(f'<li class="removed"><span class="tag">{_esc(r["reason"])}</span>{_esc(r["text"])}</li>')
        out.append("</ul></details></article>")
    out.append("</section>")
    return "\n".join(out)


def _page(heading: str, nav: str, body: str, script: str = "") -> str:
    """The page shell shared by the static report and the served web page."""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Storyline</title>"
        f"<meta name=\"viewport\" content=\"width=device-width\"><style>{CSS}</style></head><body>"
        f"<header><h1>{heading}</h1></header>"
        f"<main><nav>{nav}</nav><div>{body}</div></main>"
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>"
    )


def _nav_item(item: dict[str, Any], href: str, active: bool) -> str:
    cls = ' class="active"' if active else ""
    return (f'<a href="{_esc(href)}"{cls}>{_esc(item["title"])}<small>{count_noun(item["articles"], "article")} · '
            f'{_esc(item["first_date"] or "undated")}</small></a>')


def render_html(doc: dict[str, Any]) -> str:
    """A self-contained HTML page: story list on the left, the chosen story on the right."""
    articles = {a["id"]: a for a in doc["articles"]}
    nav = "".join(
        _nav_item({**s, "articles": len(s["articles"])}, f"#{s['id']}", i == 0) for i, s in enumerate(doc["stories"])
    )
    body = "\n".join(render_story_html(s, articles) for s in doc["stories"])
    script = (
        "function show(){var id=location.hash.slice(1)||(document.querySelector('section.story')||{}).id;"
        "document.querySelectorAll('section.story').forEach(function(s){s.classList.toggle('shown',s.id===id)});"
        "document.querySelectorAll('nav a').forEach(function(a){a.classList.toggle('active',a.hash==='#'+id)})}"
        "window.addEventListener('hashchange',show);show();"
    )
    stories = count_noun(len(doc["stories"]), "story", "stories")
    articles_n = count_noun(len(doc["articles"]), "article")
    heading = f"Storyline — {stories} from {articles_n}"
    return _page(heading, nav, body, script)


def render_not_found(message: str) -> str:
    """The page shown for a story that does not exist (``message`` says which and how to list them)."""
    return (
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>Story not found</title><body>'
        f'<h1>Story not found</h1><p>{_esc(message)}</p><p><a href="/">All stories</a></p></body></html>'
    )


def render_browser(
    index: list[dict[str, Any]],
    total: int,
    articles_total: int,
    story: dict[str, Any] | None,
    articles: dict[str, dict[str, Any]],
    *,
    query: str = "",
    offset: int = 0,
    limit: int = 100,
) -> str:
    """The served web page: one page of the story list (with a title search) and one story, rendered on the server.

    Unlike `render_html`, nothing but the listed rows and the shown story is loaded, so it stays fast on big databases.

    Args:
        index: the listed stories (`Store.story_index` rows).
        total: how many stories match ``query``.
        articles_total: articles in the database.
        story: the story shown (JSON contract), or None.
        articles: the shown story's articles (JSON contract) by id.
        query: the title search.
        offset: where the listed page starts.
        limit: the page size.
    """
    from urllib.parse import urlencode

    def link(params: dict[str, Any], path: str = "/") -> str:
        kept = {k: v for k, v in params.items() if v}
        return path + ("?" + urlencode(kept) if kept else "")

    shown = story["id"] if story else None
    search = (f'<form class="search" method="get" action="/"><input type="search" name="q" value="{_esc(query)}" '
              'placeholder="Search titles" aria-label="Search story titles"></form>')
    rows = "".join(
        _nav_item(item, link({"q": query, "offset": offset}, f"/stories/{item['id']}"), item["id"] == shown)
        for item in index
    )
    pager = []
    if offset > 0:
        pager.append(f'<a href="{_esc(link({"q": query, "offset": max(0, offset - limit)}))}">← previous</a>')
    if offset + len(index) < total:
        pager.append(f'<a href="{_esc(link({"q": query, "offset": offset + limit}))}">next →</a>')
    status = (f'<p class="muted pad">{offset + 1}–{offset + len(index)} of {total}</p>' if index
              else '<p class="muted pad">No story matches.</p>')
    nav = search + status + rows + (f'<p class="pager">{" ".join(pager)}</p>' if pager else "")
    if story is not None:
        body = render_story_html(story, articles).replace('class="story"', 'class="story shown"', 1)
    else:
        body = '<section class="story shown"><p class="muted">Choose a story on the left.</p></section>'
    heading = f"Storyline — {count_noun(total, 'story', 'stories')} from {count_noun(articles_total, 'article')}"
    if query:
        heading = (f"Storyline — {count_noun(total, 'story', 'stories')} with “{_esc(query)}” in the title "
                   f"({count_noun(articles_total, 'article')} in all)")
    return _page(heading, nav, body)


def export_html(doc: dict[str, Any], out_dir: Path) -> Path:
    """Write the self-contained ``index.html``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_html(doc), "utf-8")
    return path


def export_all(store: Store, out_dir: Path, formats: tuple[str, ...] = ("json", "md", "html")) -> list[Path]:
    """Write the requested formats into ``out_dir``; returns the files written.

    Raises:
        OutputError: the folder or a file in it cannot be created or written.
    """
    doc = build_document(store)
    writers = {"json": export_json, "md": export_markdown, "html": export_html}
    try:
        return [writers[f](doc, out_dir) for f in formats]
    except OSError as exc:
        where = exc.filename or out_dir
        raise OutputError(
            f"cannot write {where}: {exc.strerror or exc}",
            hint="give --out a folder you can write to; the database is complete, and "
                 "`storyline export --format json --out DIR` writes the files again",
        ) from None
