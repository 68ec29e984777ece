"""SQLite storage: articles, stories, their history, runs and skipped inputs.

WAL mode; the schema version lives in ``PRAGMA user_version`` and `MIGRATIONS`
brings any older database up to date on open. A run writes inside one
transaction (`Store.transaction`), so an interrupted or failed run leaves the
database as it was before the run.

Records are stored as JSON made by `records.to_dict` next to the columns that
are queried; vectors and MinHash-free shingle state are not stored (they are
recomputed from the clean text when a run needs them), except the per-article
clustering vectors, which make incremental runs cheap.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from .errors import NotFound, StoreError
from .records import Article, CopyLink, Skipped, Story, StoryEvent, from_dict, to_dict

SCHEMA_VERSION = 3

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL,
        published TEXT,
        language TEXT,
        story_id TEXT,
        duplicate_of TEXT,
        copy_kind TEXT,
        copy_similarity REAL,
        semantic BLOB,
        lexical BLOB,
        sentence_vectors BLOB,
        run_id INTEGER
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        first_date TEXT,
        last_date TEXT,
        n_articles INTEGER,
        run_id INTEGER
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started TEXT NOT NULL,
        finished TEXT,
        report TEXT
    );
    CREATE TABLE skipped (run_id INTEGER, name TEXT, reason TEXT);
    """,
    2: """
    CREATE TABLE story_events (story_id TEXT, run_id INTEGER, at TEXT, kind TEXT, detail TEXT);
    CREATE INDEX story_events_story ON story_events(story_id);
    """,
    3: """
    ALTER TABLE articles ADD COLUMN sentence_spans BLOB
    """,
}


def _blob(vec: np.ndarray | None) -> bytes | None:
    """Vectors are kept as float16 (half the space; cosine changes by < 1e-3)."""
    if vec is None:
        return None
    arr = np.asarray(vec, dtype=np.float16)
    if arr.ndim == 1:
        arr = arr[None, :]
    header = np.array(arr.shape, dtype=np.int32).tobytes()
    return header + arr.tobytes()


def _unblob(data: bytes | None) -> np.ndarray | None:
    if data is None:
        return None
    rows, cols = np.frombuffer(data[:8], dtype=np.int32)
    return np.frombuffer(data[8:], dtype=np.float16).reshape(int(rows), int(cols)).astype(np.float32)


def _spans_blob(spans: Sequence[tuple[int, int, int]] | None) -> bytes | None:
    """Sentence spans (start, end, paragraph) as int32 triples."""
    if spans is None:
        return None
    return np.asarray(spans, dtype=np.int32).reshape(-1, 3).tobytes()


def _spans_unblob(data: bytes | None) -> list[tuple[int, int, int]] | None:
    if data is None:
        return None
    return [(int(a), int(b), int(c)) for a, b, c in np.frombuffer(data, dtype=np.int32).reshape(-1, 3)]


def _like(query: str) -> str:
    """A LIKE pattern matching ``query`` anywhere, with LIKE's own wildcards escaped."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Store:
    """The project database.

    Args:
        path: the SQLite file (created with its folder when missing); ``:memory:`` for tests.
        create: False to open only an existing database (commands that read: a mistyped path is then an
            error, not a new empty database).

    Raises:
        StoreError: the file cannot be opened, does not exist (``create=False``), is not a Storyline database,
            or is newer than this version.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            if not create and not Path(self.path).is_file():
                raise StoreError(
                    f"no database at {self.path}",
                    hint=f"make one with `storyline run ARTICLES... --db {self.path}`, or check the --db path "
                         "(default: store.path)",
                )
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open database {self.path}: {exc}",
                hint="give --db a new file name, or delete the file if it is not a Storyline database",
            ) from None

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ schema
    @property
    def version(self) -> int:
        """The schema version of the open database."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"database {self.path} has schema {current}, newer than this Storyline ({SCHEMA_VERSION})",
                hint="upgrade Storyline",
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            self.db.execute("BEGIN")
            try:
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={version}")
                self.db.execute("COMMIT")
            except Exception:
                self.db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # ------------------------------------------------------------------ runs
    def start_run(self) -> int:
        """Record the start of a run; returns its id."""
        cur = self.db.execute("INSERT INTO runs(started) VALUES (?)", (_now(),))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, report: dict[str, Any], skipped: list[Skipped]) -> None:
        """Record a run's report and its skipped inputs."""
        self.db.execute("UPDATE runs SET finished=?, report=? WHERE id=?", (_now(), json.dumps(report), run_id))
        self.db.executemany(
            "INSERT INTO skipped(run_id, name, reason) VALUES (?,?,?)", [(run_id, s.name, s.reason) for s in skipped]
        )

    def runs(self) -> list[dict[str, Any]]:
        """All runs, newest first."""
        rows = self.db.execute("SELECT id, started, finished, report FROM runs ORDER BY id DESC").fetchall()
        return [{"id": r[0], "started": r[1], "finished": r[2], "report": json.loads(r[3] or "{}")} for r in rows]

    # ------------------------------------------------------------------ articles
    def content_hash(self, article_id: str) -> str | None:
        """The stored raw-content hash of an article, or None when it is not stored."""
        row = self.db.execute("SELECT content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def put_article(
        self,
        article: Article,
        *,
        story_id: str | None,
        copy: CopyLink | None,
        semantic: np.ndarray | None,
        lexical: np.ndarray | None,
        sentence_vectors: np.ndarray | None,
        run_id: int,
        sentence_spans: Sequence[tuple[int, int, int]] | None = None,
    ) -> None:
        """Insert or replace an article with its clustering state.

        ``sentence_spans`` are the (start, end, paragraph) of the sentences ``sentence_vectors`` embed, so a
        story is rebuilt from the very sentences its vectors belong to, without splitting the text again.
        """
        self.db.execute(
            "INSERT OR REPLACE INTO articles(id, content_hash, data, published, language, story_id, duplicate_of,"
            " copy_kind, copy_similarity, semantic, lexical, sentence_vectors, run_id, sentence_spans)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.content_hash,
                json.dumps(to_dict(article), ensure_ascii=False),
                article.published.isoformat() if article.published else None,
                article.language,
                story_id,
                copy.of if copy else None,
                copy.kind if copy else None,
                copy.similarity if copy else None,
                _blob(semantic),
                _blob(lexical),
                _blob(sentence_vectors),
                run_id,
                _spans_blob(sentence_spans),
            ),
        )

    def delete_article(self, article_id: str) -> None:
        """Remove an article (used when its input changed and it is processed again)."""
        self.db.execute("DELETE FROM articles WHERE id=?", (article_id,))

    def move_story(self, old: str, new: str) -> None:
        """Move every article of story ``old`` to story ``new`` (a merge)."""
        self.db.execute("UPDATE articles SET story_id=? WHERE story_id=?", (new, old))

    def move_articles(self, article_ids: list[str] | tuple[str, ...], story_id: str) -> None:
        """Move some articles to story ``story_id`` (a split)."""
        self.db.executemany("UPDATE articles SET story_id=? WHERE id=?", [(story_id, a) for a in article_ids])

    def cluster_rows(self, story_id: str) -> list[dict[str, Any]]:
        """A story's articles as the clusterer sees them, in insertion order, without parsing the records.

        Returns:
            ``{"id", "published" (date or None), "language", "duplicate_of", "semantic", "lexical"}`` dicts
            (vectors as 1-d float32 arrays; None when not stored).
        """
        rows = self.db.execute(
            "SELECT id, published, language, duplicate_of, semantic, lexical FROM articles WHERE story_id=?"
            " ORDER BY rowid",
            (story_id,),
        ).fetchall()
        out = []
        for r in rows:
            sem, lex = _unblob(r[4]), _unblob(r[5])
            out.append(
                {
                    "id": r[0],
                    "published": dt.date.fromisoformat(r[1]) if r[1] else None,
                    "language": r[2] or "und",
                    "duplicate_of": r[3],
                    "semantic": sem[0] if sem is not None else None,
                    "lexical": lex[0] if lex is not None else None,
                }
            )
        return out

    def merged_into(self, story_id: str) -> str | None:
        """The story that ``story_id`` was merged into, if it was."""
        row = self.db.execute(
            "SELECT detail FROM story_events WHERE story_id=? AND kind='merged' AND detail LIKE ? ORDER BY rowid DESC",
            (story_id, f"merged {story_id} into %"),
        ).fetchone()
        return row[0].split(" into ", 1)[1].split(":", 1)[0] if row else None

    def set_story(self, article_id: str, story_id: str) -> None:
        """Move an article to another story."""
        self.db.execute("UPDATE articles SET story_id=? WHERE id=?", (story_id, article_id))

    def article(self, article_id: str) -> Article:
        """One article.

        Raises:
            NotFound: no article has that id.
        """
        row = self.db.execute("SELECT data FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article {article_id!r} in {self.path}",
                           hint="a story's article ids are listed under Sources by `storyline show STORY_ID`")
        return from_dict(Article, json.loads(row[0]))

    def article_rows(self, story_id: str | None = None, article_id: str | None = None) -> list[dict[str, Any]]:
        """Articles with their story, copy link, vectors and sentence spans (None when a database from before
        schema 3 holds none), in insertion order (optionally of one story or id)."""
        sql = (
            "SELECT id, data, story_id, duplicate_of, copy_kind, copy_similarity, semantic, lexical,"
            " sentence_vectors, sentence_spans FROM articles"
        )
        args: tuple[Any, ...] = ()
        if story_id is not None:
            sql += " WHERE story_id=?"
            args = (story_id,)
        elif article_id is not None:
            sql += " WHERE id=?"
            args = (article_id,)
        sql += " ORDER BY rowid"
        out = []
        for r in self.db.execute(sql, args):
            copy = CopyLink(r[0], r[3], r[4], r[5]) if r[3] else None
            out.append(
                {
                    "article": from_dict(Article, json.loads(r[1])),
                    "story_id": r[2],
                    "copy": copy,
                    "semantic": _unblob(r[6]),
                    "lexical": _unblob(r[7]),
                    "sentence_vectors": _unblob(r[8]),
                    "sentence_spans": _spans_unblob(r[9]),
                }
            )
        return out

    def count_articles(self, story_id: str | None = None) -> int:
        """How many articles are stored (in story ``story_id`` when given)."""
        if story_id is None:
            return int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM articles WHERE story_id=?", (story_id,)).fetchone()[0])

    # ------------------------------------------------------------------ stories
    def put_story(self, story: Story, run_id: int) -> None:
        """Insert or replace a story."""
        self.db.execute(
            "INSERT OR REPLACE INTO stories(id, data, first_date, last_date, n_articles, run_id) VALUES (?,?,?,?,?,?)",
            (
                story.id,
                json.dumps(to_dict(story), ensure_ascii=False),
                story.first_date.isoformat() if story.first_date else None,
                story.last_date.isoformat() if story.last_date else None,
                len(story.articles),
                run_id,
            ),
        )

    def delete_story(self, story_id: str) -> None:
        """Remove a story (its articles moved elsewhere)."""
        self.db.execute("DELETE FROM stories WHERE id=?", (story_id,))

    def story(self, story_id: str) -> Story:
        """One story, with its history.

        Raises:
            NotFound: no story has that id (a unique prefix of an id is accepted).
        """
        row = self.db.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            rows = self.db.execute("SELECT data FROM stories WHERE id LIKE ?", (story_id + "%",)).fetchall()
            if len(rows) != 1:
                target = self.merged_into(story_id)
                if target and target != story_id:
                    return self.story(target)  # a merged story is found under its new id
                raise NotFound(f"no story {story_id!r} in {self.path}", hint="list them with `storyline stories`")
            row = rows[0]
        story = from_dict(Story, json.loads(row[0]))
        return story

    def stories(self) -> list[Story]:
        """All stories, largest and newest first."""
        rows = self.db.execute(
            "SELECT data FROM stories ORDER BY n_articles DESC, last_date DESC, id"
        ).fetchall()
        return [from_dict(Story, json.loads(r[0])) for r in rows]

    def story_index(self, query: str = "", limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """A page of the story list without loading whole stories (largest and newest first).

        Args:
            query: keep stories whose title contains this text (case-insensitive); empty keeps all.
            limit: at most this many rows.
            offset: rows to skip (paging).

        Returns:
            ``{"id", "title", "articles", "independent_sources", "first_date", "last_date"}`` dicts.
        """
        rows = self.db.execute(
            "SELECT id, json_extract(data, '$.title'), n_articles, json_extract(data, '$.independent_sources'),"
            " first_date, last_date FROM stories WHERE json_extract(data, '$.title') LIKE ? ESCAPE '\\'"
            " ORDER BY n_articles DESC, last_date DESC, id LIMIT ? OFFSET ?",
            (_like(query), int(limit), int(offset)),
        ).fetchall()
        keys = ("id", "title", "articles", "independent_sources", "first_date", "last_date")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def count_stories(self, query: str = "") -> int:
        """How many stories `story_index` would list for ``query``."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM stories WHERE json_extract(data, '$.title') LIKE ? ESCAPE '\\'", (_like(query),)
        ).fetchone()
        return int(row[0])

    def add_event(self, story_id: str, run_id: int, event: StoryEvent) -> None:
        """Append to a story's history."""
        self.db.execute(
            "INSERT INTO story_events(story_id, run_id, at, kind, detail) VALUES (?,?,?,?,?)",
            (story_id, run_id, event.at, event.kind, event.detail),
        )

    def events(self, story_id: str) -> list[StoryEvent]:
        """A story's history, oldest first."""
        rows = self.db.execute(
            "SELECT at, kind, detail FROM story_events WHERE story_id=? ORDER BY rowid", (story_id,)
        ).fetchall()
        return [StoryEvent(*r) for r in rows]

    def skipped(self, run_id: int | None = None) -> list[Skipped]:
        """Inputs skipped by a run (default: the latest run)."""
        if run_id is None:
            row = self.db.execute("SELECT MAX(id) FROM runs").fetchone()
            run_id = row[0]
        rows = self.db.execute("SELECT name, reason FROM skipped WHERE run_id=?", (run_id,)).fetchall()
        return [Skipped(*r) for r in rows]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
