"""Claims (the same statement in several articles) and disagreements between sources.

`consolidate` links sentences of *different* articles that say the same thing:
embedding cosine ≥ ``same_claim`` confirmed by shared content words (or a
slightly lower cosine with strong word overlap; a higher cosine across
languages), with compatible facts (numbers of the same noun, years, weekdays,
dates, clock times, and names). Links are merged strongest first under two
guards against chaining: a claim holds at most one sentence per article, and
every pair of its members must reach ``same_claim - chain_margin`` and have
compatible facts.

`find_disagreements` compares what sources say about the same slot in aligned
sentences (members of one claim, or sentences sharing many content words and,
when vectors are given, close in meaning): numbers attached to the same noun,
dates and times of the same action, a person's role (the organisation, not the
gendered title word), places and actors. It aims at precision: hedges and
rounding are compatible ("more than 100,000" and "an estimated 100,000" agree;
"3:30 pm" and "afternoon" agree), a value is only disputed when the other
article never gives the rival value for the same thing (a weekday it gives
elsewhere for something else does not count, see `_day_vouched`), and an
article that gives both values is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz

from .config import Config
from .records import Article, Claim, Disagreement, Entity, Sentence, Variant
from .verify import (
    STOPWORDS,
    TITLE_WORDS,
    WEEKDAYS,
    DateFacts,
    NumberMention,
    content_words,
    extract_dates,
    extract_names,
    extract_numbers,
    noun_after,
    numbers_compatible,
    stem,
    time_in_day_part,
    times_compatible,
)

_K = TypeVar("_K")  # a slot key
_BLOCK = 512  # rows of the similarity matrix computed at once
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


# --------------------------------------------------------------------------- sentence features


@dataclass
class _Node:
    """A sentence with the features the comparisons need (computed once)."""

    article_id: str
    index: int
    text: str
    language: str
    words: set[str]
    name_tokens: set[str]
    numbers: list[NumberMention]
    dates: DateFacts
    order: int = 0

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.index)


def _node(article: Article, sentence: Sentence, order: int) -> _Node:
    language = article.language if article.language not in ("", "und") else "en"
    numbers = extract_numbers(sentence.text, language)
    names = {t.lower() for n in extract_names(sentence.text) for t in n.tokens}
    words = {w for w in content_words(sentence.text) if not w.replace(".", "").isdigit()}
    return _Node(
        article_id=article.id,
        index=sentence.index,
        text=sentence.text,
        language=language,
        words=words,
        name_tokens=names,
        numbers=numbers,
        dates=extract_dates(sentence.text),
        order=order,
    )


def _overlap(a: set[str], b: set[str]) -> float:
    """Overlap coefficient |a ∩ b| / min(|a|, |b|)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _name_found(token: str, pool: set[str]) -> bool:
    if token in pool:
        return True
    return len(token) >= 4 and any(fuzz.ratio(token, other) >= 80 for other in pool if other[:1] == token[:1])


def _numbers_agree(a: Sequence[NumberMention], b: Sequence[NumberMention]) -> bool:
    """Numbers of the same noun must be compatible; years must overlap when both give years."""
    by_noun_a: dict[str, list[NumberMention]] = defaultdict(list)
    by_noun_b: dict[str, list[NumberMention]] = defaultdict(list)
    for n in a:
        if n.noun:
            by_noun_a[n.noun].append(n)
    for n in b:
        if n.noun:
            by_noun_b[n.noun].append(n)
    for noun in by_noun_a.keys() & by_noun_b.keys():
        if not any(numbers_compatible(x, y) for x in by_noun_a[noun] for y in by_noun_b[noun]):
            return False
    years_a = {n.value for n in a if n.is_year}
    years_b = {n.value for n in b if n.is_year}
    if years_a and years_b and not years_a & years_b:
        return False
    bare_a = [n for n in a if not n.noun and not n.is_year]
    bare_b = [n for n in b if not n.noun and not n.is_year]
    if bare_a and bare_b and not any(numbers_compatible(x, y) for x in bare_a for y in bare_b):
        return False
    return True


def _dates_agree(a: DateFacts, b: DateFacts) -> bool:
    wa = {w for w, _ in a.weekdays}
    wb = {w for w, _ in b.weekdays}
    if wa and wb and not wa & wb:
        return False
    ma = {(m, d) for m, d, _ in a.month_days}
    mb = {(m, d) for m, d, _ in b.month_days}
    if ma and mb and not ma & mb:
        return False
    if a.times and b.times and not any(times_compatible(x, y) for x in a.times for y in b.times):
        return False
    return True


def _facts_agree(a: _Node, b: _Node, similarity: float, names_override: float) -> bool:
    """Whether two sentences can state the same fact: compatible numbers, dates and names.

    Names disagree when each sentence has a name the other lacks (``Homeland Security`` vs
    ``National Security Council``), unless the sentences are nearly identical in meaning.
    """
    if not _numbers_agree(a.numbers, b.numbers) or not _dates_agree(a.dates, b.dates):
        return False
    if similarity < names_override:
        extra_a = [t for t in a.name_tokens if not _name_found(t, b.name_tokens)]
        extra_b = [t for t in b.name_tokens if not _name_found(t, a.name_tokens)]
        if extra_a and extra_b:
            return False
    return True


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class _Thresholds:
    """The ``[consolidate]`` settings that decide claim links."""

    same: float
    chain_margin: float
    lexical_overlap: float
    lexical_relax: float
    strong_overlap: float
    cross_lingual: float
    names_override: float
    min_words: int

    @classmethod
    def from_config(cls, config: Config) -> _Thresholds:
        cfg = config.consolidate
        return cls(
            same=float(cfg.same_claim),
            chain_margin=float(cfg.chain_margin),
            lexical_overlap=float(cfg.lexical_overlap),
            lexical_relax=float(cfg.lexical_relax),
            strong_overlap=float(cfg.strong_overlap),
            cross_lingual=float(cfg.cross_lingual),
            names_override=float(cfg.names_override),
            min_words=int(cfg.min_words),
        )


class _Components:
    """Union-find over sentence nodes, with member lists for the anti-chaining checks."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))


def _story_nodes(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    min_words: int,
) -> tuple[list[_Node], np.ndarray]:
    nodes: list[_Node] = []
    rows: list[np.ndarray] = []
    for article in articles:
        for sentence in sentences.get(article.id, ()):
            key = (article.id, sentence.index)
            if key not in vectors or len(sentence.text.split()) < min_words:
                continue
            nodes.append(_node(article, sentence, len(nodes)))
            rows.append(np.asarray(vectors[key], dtype=np.float32))
    matrix = np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
    return nodes, matrix


def consolidate(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    config: Config,
) -> list[Claim]:
    """Group sentences of different articles that say the same thing into claims.

    Args:
        articles: the story's articles.
        sentences: sentences by article id.
        vectors: L2-normalised sentence vectors by (article id, sentence index); sentences without a
            vector, or shorter than ``config.consolidate.min_words`` words, take no part.
        config: the configuration (``[consolidate]`` section).

    Returns:
        Claims with at least two articles, most widely supported first. ``Claim.text`` is the
        member closest to all the others (the medoid); ``sources`` and ``sentences`` are sorted.

    Raises:
        AttributeError: ``config`` lacks a ``[consolidate]`` key (an outdated configuration).
    """
    th = _Thresholds.from_config(config)
    nodes, matrix = _story_nodes(articles, sentences, vectors, th.min_words)
    if len(nodes) < 2:
        return []
    low = min(th.same - th.lexical_relax, th.cross_lingual)
    edges: list[tuple[float, int, int]] = []
    for start in range(0, len(nodes), _BLOCK):
        block = matrix[start : start + _BLOCK] @ matrix.T
        for r in range(block.shape[0]):
            i = start + r
            for j in (np.nonzero(block[r, i + 1 :] >= low)[0] + i + 1).tolist():
                if nodes[i].article_id == nodes[j].article_id:
                    continue
                sim = float(block[r, j])
                if _linked(nodes[i], nodes[j], sim, th):
                    edges.append((sim, i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    comps = _Components(len(nodes))
    agree_cache: dict[tuple[int, int], bool] = {}

    def pair_ok(a: int, b: int) -> bool:
        key = (a, b) if a < b else (b, a)
        if key not in agree_cache:
            sim = float(matrix[a] @ matrix[b])
            close = sim >= th.same - th.chain_margin
            agree_cache[key] = close and _facts_agree(nodes[a], nodes[b], sim, th.names_override)
        return agree_cache[key]

    for _sim, i, j in edges:
        ri, rj = comps.find(i), comps.find(j)
        if ri == rj:
            continue
        mi, mj = comps.members[ri], comps.members[rj]
        if {nodes[k].article_id for k in mi} & {nodes[k].article_id for k in mj}:
            continue
        if all(pair_ok(a, b) for a in mi for b in mj):
            comps.union(ri, rj)
    claims: list[tuple[int, int, Claim]] = []
    for members in comps.members.values():
        if len(members) < 2:
            continue
        sub = matrix[members] @ matrix[members].T
        medoid = members[int(np.argmax(sub.sum(axis=1)))]
        claim = Claim(
            text=nodes[medoid].text,
            sources=tuple(sorted({nodes[k].article_id for k in members})),
            sentences=tuple(sorted(nodes[k].key for k in members)),
        )
        claims.append((-len(members), min(members), claim))
    claims.sort(key=lambda c: (c[0], c[1]))
    return [c for _, _, c in claims]


def _linked(a: _Node, b: _Node, sim: float, th: _Thresholds) -> bool:
    """Whether a candidate pair is a direct claim link (before the component guards)."""
    if a.language != b.language:
        if sim < th.cross_lingual:
            return False
    else:
        overlap = _overlap(a.words, b.words)
        plain = sim >= th.same and overlap >= th.lexical_overlap
        strong = sim >= th.same - th.lexical_relax and overlap >= th.strong_overlap
        if not (plain or strong):
            return False
    return _facts_agree(a, b, sim, th.names_override)


# --------------------------------------------------------------------------- disagreements

_GENDERED_TITLES = {
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
    "spokespeople": "spokesperson",
    "chairwoman": "chair",
    "chairman": "chair",
    "chairperson": "chair",
    "congresswoman": "congressperson",
    "congressman": "congressperson",
    "businesswoman": "businessperson",
    "businessman": "businessperson",
    "policewoman": "police officer",
    "policeman": "police officer",
    "anchorwoman": "anchor",
    "anchorman": "anchor",
    "councilwoman": "councillor",
    "councilman": "councillor",
    "councilor": "councillor",
    "actress": "actor",
    "headmistress": "head teacher",
    "headmaster": "head teacher",
    "advisor": "adviser",
    "minster": "minister",
}
_ROLE_FILLER = frozenset({"a", "an", "the", "of", "for", "at", "with", "to", "in", "on", "and", "its", "their", "s"})
_ROLE_SOFT_MODIFIERS = frozenset(
    "former ex acting senior top then interim longtime veteran current new chief deputy assistant principal lead "
    "official main press national regional local".split()
)
_REPORTING_VERBS = frozenset(
    "said says say told tells added adds stated noted wrote writes explained argued claimed insisted warned "
    "according confirmed denied replied responded".split()
)


#: abbreviated titles as their words ("Sen." → senator)
_TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "lt": "lieutenant"}
#: a rank word that makes another office of the title it stands before ("vice president" is not "president")
_OFFICE_RANKS = frozenset({"vice", "lieutenant"})
#: titles no one holds at the same time
_EXCLUSIVE_TITLES = (frozenset({"senator", "representative"}),)


def _exclusive(a: str, b: str) -> bool:
    """Two titles that cannot both be right for one person: an office and its vice/lieutenant, or two seats."""
    if a == b:
        return False
    for x, y in ((a, b), (b, a)):
        rank, _, rest = x.partition(" ")
        if rank in _OFFICE_RANKS and rest == y:
            return True
    return any(a in pair and b in pair for pair in _EXCLUSIVE_TITLES)


def _role_tokens(role: str) -> list[str]:
    """Lower-cased role words with gendered titles neutralised (spokeswoman → spokesperson)."""
    out: list[str] = []
    for match in _WORD.finditer(role):
        word = match.group(0).lower()
        word = _TITLE_ABBREVIATIONS.get(word, word)
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        word = _GENDERED_TITLES.get(word, word)
        out.extend(word.split())
    return out


@dataclass(frozen=True)
class _Role:
    text: str
    title: str
    org: frozenset[str]


def _parse_role(role: str) -> _Role | None:
    """Split a role into its title word and organisation words (``X for the Y`` or ``Y X``)."""
    tokens = _role_tokens(role)
    if not tokens:
        return None
    lowered = " ".join(tokens)
    for prep in (" for ", " of ", " at ", " with ", " to "):
        if prep in f" {lowered} ":
            head, _, tail = f" {lowered} ".partition(prep)
            head_words = [w for w in head.split() if w not in _ROLE_FILLER]
            if head_words:
                # a jurisdiction word named after "of" is the office's department, not where it sits:
                # "Secretary of State" is not "Secretary of Defense", while "U.S. Secretary" is any secretary
                org = [f"of {w}" if w in _JURISDICTION else w for w in tail.split() if w not in _ROLE_FILLER]
                org += [w for w in head_words[:-1] if w not in _ROLE_SOFT_MODIFIERS]
                return _Role(role, head_words[-1], frozenset(org))
    words = [w for w in tokens if w not in _ROLE_FILLER]
    if not words:
        return None
    if len(words) >= 2 and words[-2] in _OFFICE_RANKS:  # "Vice President": one office, not a modifier
        title = f"{words[-2]} {words[-1]}"
        return _Role(role, title, frozenset(w for w in words[:-2] if w not in _ROLE_SOFT_MODIFIERS))
    return _Role(role, words[-1], frozenset(w for w in words[:-1] if w not in _ROLE_SOFT_MODIFIERS))


#: party words: an affiliation of its own, compared only with another party word
_PARTIES = frozenset("republican republicans democratic democrat democrats gop conservative labour tory".split())
#: words that say which jurisdiction or country an office belongs to, not which office it is
_JURISDICTION = frozenset(
    "federal state states u.s us u.s. uk british american national country nation's nation".split()
)


def _orgs_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Organisations of two roles that can both be right ("Senate Republican leader" / "Senate Minority
    Leader"; "British" / "UK" prime minister); two different parties cannot."""
    party_a, party_b = a & _PARTIES, b & _PARTIES
    same_party = party_a & party_b or {"gop", "republican", "republicans"} >= party_a | party_b
    if party_a and party_b and not same_party:
        return False
    a, b = a - _PARTIES - _JURISDICTION, b - _PARTIES - _JURISDICTION
    if not a or not b or a <= b or b <= a:
        return True
    text_a, text_b = " ".join(sorted(a)), " ".join(sorted(b))
    if fuzz.token_set_ratio(text_a, text_b) >= 90:
        return True
    return any(_abbreviates(w, b) for w in a) or any(_abbreviates(w, a) for w in b)


def _abbreviates(word: str, words: frozenset[str]) -> bool:
    """Whether ``word`` is the acronym of ``words``, one qualifier aside ("RWA" for "Velmora's Regional Water
    Authority": a place before the name does not make another authority)."""
    if len(word) < 2 or not 0 <= len(words) - len(word) <= 1:
        return False
    return not Counter(word) - Counter(w[0] for w in words)


_ROLE_REACH = 100  # characters around a mention of the person in which their role must be written


def _mentions_near(entity: Entity, article: Article, sentences: Sequence[Sentence]) -> list[str]:
    """Text around each mention of ``entity`` in ``article``, within its sentence (where appositive roles are)."""
    names = [entity.name, *entity.aliases]
    if entity.type == "person":
        names += [n.split()[-1] for n in names if len(n.split()) > 1]
    patterns = [re.compile(r"\b" + re.escape(n) + r"\b") for n in names if len(n) >= 3]
    spans = [(m.start, m.end) for m in entity.mentions if m.article_id == article.id]
    for pattern in patterns:
        spans += [m.span() for m in pattern.finditer(article.text)]
    out: list[str] = []
    for sentence in sentences:
        for start, end in spans:
            if sentence.start <= start < sentence.end:
                lo = max(sentence.start, start - _ROLE_REACH)
                hi = min(sentence.end, end + _ROLE_REACH)
                out.append(article.text[lo:hi])
    return out


def _role_in(role: _Role, texts: Sequence[str]) -> bool:
    needed = {w for w in _role_tokens(role.text) if w not in _ROLE_FILLER}
    for text in texts:
        tokens = _role_tokens(text)
        if " " not in role.title:  # "president" is not written by "Vice President"
            tokens = [t for k, t in enumerate(tokens) if not (t == role.title and k and tokens[k - 1] in _OFFICE_RANKS)]
        if needed <= set(tokens):
            return True
    return False


def _role_disagreements(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    entities: Sequence[Entity],
) -> list[Disagreement]:
    out: list[Disagreement] = []
    for entity in entities:
        roles = [r for r in (_parse_role(text) for text in dict.fromkeys(entity.roles)) if r is not None]
        if len(roles) < 2:
            continue
        support: dict[int, set[str]] = defaultdict(set)
        for article in articles:
            near = _mentions_near(entity, article, sentences.get(article.id, ()))
            if not near:
                continue
            for k, role in enumerate(roles):
                if _role_in(role, near):
                    support[k].add(article.id)
        groups: list[tuple[list[int], set[str]]] = []  # roles that agree, and their articles
        for k in sorted(support, key=lambda k: (-len(support[k]), k)):
            for members, sources in groups:
                if all(roles[k].title == roles[m].title and _orgs_agree(roles[k].org, roles[m].org) for m in members):
                    members.append(k)
                    sources.update(support[k])
                    break
            else:
                groups.append(([k], set(support[k])))
        def clash(r: _Role, o: _Role) -> bool:
            if r.title == o.title:
                return not _orgs_agree(r.org, o.org)
            return _exclusive(r.title, o.title) and _orgs_agree(r.org, o.org)

        conflicting = [
            (members, sources)
            for members, sources in groups
            if any(clash(roles[members[0]], roles[o[0]]) for o, _ in groups if o is not members)
        ]
        if len(conflicting) < 2:
            continue
        counts: dict[str, int] = defaultdict(int)
        for _, sources in conflicting:
            for s in sources:
                counts[s] += 1
        # an article on two sides stays with a role no other article gives (one outlet's slip: "Minority
        # Leader Nancy Pelosi" once, "Speaker" elsewhere, where the others only say "Speaker")
        alone = {
            s
            for _, sources in conflicting
            if len(sources) == 1
            for s in sources
            if any(s in other and len(other) > 1 for _, other in conflicting)
        }
        variants = []
        for members, sources in conflicting:
            clean = tuple(sorted(s for s in sources if counts[s] == 1 or (s in alone and len(sources) == 1)))
            if clean:
                variants.append(Variant(roles[members[0]].text, clean))
        if len(variants) >= 2:
            out.append(Disagreement(topic=f"role of {entity.name}", kind="role", variants=tuple(variants)))
    return out


def _align_pairs(
    nodes: list[_Node],
    claims: Sequence[Claim],
    vectors: Mapping[tuple[str, int], np.ndarray] | None,
    min_jaccard: float,
    min_similarity: float,
    cross_lingual: float,
) -> dict[tuple[int, int], float]:
    """Pairs of sentences (of different articles) that talk about the same thing, with their word Jaccard.

    Members of a claim are aligned. Otherwise two sentences must share at least three content words with
    Jaccard ≥ ``min_jaccard`` and, when vectors are given, also reach ``min_similarity``: long news sentences
    about the same story share words and meaning without stating the same fact, so both are required.
    Sentences in different languages (no shared words to count) are aligned at ``cross_lingual`` cosine.
    """
    index_of = {n.key: i for i, n in enumerate(nodes)}
    pairs: dict[tuple[int, int], float] = {}
    for claim in claims:
        members = [index_of[k] for k in claim.sentences if k in index_of]
        for x in members:
            for y in members:
                if x < y and nodes[x].article_id != nodes[y].article_id:
                    pairs[(x, y)] = _jaccard(nodes[x].words, nodes[y].words)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        for w in n.words:
            postings[w].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > 200:
            continue  # a word in most sentences aligns nothing
        for p, x in enumerate(members):
            for y in members[p + 1 :]:
                if nodes[x].article_id != nodes[y].article_id:
                    shared[(x, y)] += 1
    for (x, y), count in shared.items():
        if count < 3 or (x, y) in pairs:
            continue
        jac = _jaccard(nodes[x].words, nodes[y].words)
        if jac < min_jaccard:
            continue
        sim = _cosine(nodes[x], nodes[y], vectors)
        if sim is None or sim >= min_similarity:
            pairs[(x, y)] = jac
    if vectors is not None and len({n.language for n in nodes}) > 1:
        for x in range(len(nodes)):
            for y in range(x + 1, len(nodes)):
                a, b = nodes[x], nodes[y]
                if a.language == b.language or a.article_id == b.article_id or (x, y) in pairs:
                    continue
                sim = _cosine(nodes[x], nodes[y], vectors)
                if sim is not None and sim >= cross_lingual:
                    pairs[(x, y)] = min_jaccard  # aligned, but never "strongly" (no words to compare)
    return dict(sorted(pairs.items()))


class _Slots:
    """Collects variants per disputed slot across aligned pairs; drops articles found on two sides."""

    def __init__(self) -> None:
        self.topic: dict[tuple[str, object], str] = {}
        self.variants: dict[tuple[str, object], dict[object, tuple[str, set[str]]]] = {}
        self.order: list[tuple[str, object]] = []

    def add(self, kind: str, slot: object, topic: str, value: object, text: str, article_id: str) -> None:
        key = (kind, slot)
        if key not in self.variants:
            self.variants[key] = {}
            self.topic[key] = topic
            self.order.append(key)
        entry = self.variants[key].setdefault(value, (text, set()))
        entry[1].add(article_id)

    def build(self) -> list[Disagreement]:
        out: list[Disagreement] = []
        for key in self.order:
            values = self.variants[key]
            counts: dict[str, int] = defaultdict(int)
            for _, sources in values.values():
                for s in sources:
                    counts[s] += 1
            variants = [
                Variant(text, tuple(sorted(s for s in sources if counts[s] == 1))) for text, sources in values.values()
            ]
            variants = [v for v in variants if v.sources]
            if len(variants) >= 2:
                variants.sort(key=lambda v: (-len(v.sources), v.sources))
                out.append(Disagreement(topic=self.topic[key], kind=key[0], variants=tuple(variants)))
        return out


def _shared_topic(a: _Node, b: _Node, limit: int = 4) -> str:
    seen: list[str] = []
    for match in _WORD.finditer(a.text):
        word = match.group(0)
        low = word.lower()
        if low in STOPWORDS or low in WEEKDAYS or len(low) < 3 or low.isdigit():
            continue
        if stem(low) in b.words and word not in seen:
            seen.append(word)
        if len(seen) == limit:
            break
    return " ".join(seen)


_TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "centurie"})


def _slot_members_pairs(
    nodes: list[_Node], by_slot: Mapping[_K, list[int]]
) -> Iterator[tuple[_K, int, int]]:
    """``(slot, x, y)`` for every two sentences ``x < y`` of one slot that come from different articles and
    name no conflicting dates."""
    for slot, members in by_slot.items():
        for p, x in enumerate(members):
            for y in members[p + 1 :]:
                a, b = nodes[x], nodes[y]
                if a.article_id != b.article_id and _dates_agree(a.dates, b.dates):
                    yield slot, x, y


def _verb_slot_pairs(nodes: list[_Node]) -> dict[tuple[int, int], set[tuple[str, str]]]:
    """Sentences of different articles that count the same thing with the same verb ("killed 14 people" /
    "killed at least 40 people") and share a name or a day: they speak of the same quantity even when the
    rest of the sentences differ."""
    by_slot: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        counted = {(m.noun, m.verb) for m in n.numbers if m.verb and m.noun and not m.is_year}
        for slot in counted - {(unit, verb) for unit, verb in counted if unit in _TIME_UNITS}:
            by_slot[slot].append(i)
    out: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    for slot, x, y in _slot_members_pairs(nodes, by_slot):
        a, b = nodes[x], nodes[y]
        days_a = {w for w, _ in a.dates.weekdays} | {(m, d) for m, d, _ in a.dates.month_days}
        days_b = {w for w, _ in b.dates.weekdays} | {(m, d) for m, d, _ in b.dates.month_days}
        if a.name_tokens & b.name_tokens or days_a & days_b:
            out[(x, y)].add(slot)
    return dict(out)


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
)
_MONTH_WORDS = re.compile(r"\b(" + "|".join(_MONTH_NAMES) + r")\b")
_RELATIVE_MONTH = re.compile(r"\b(last|this|past) month\b", re.I)


def _months_named(text: str, published: dt.date | None) -> set[str]:
    """The months a sentence names, "last month" and "this month" read as the month before or of
    ``published`` ("added 90,000 jobs last month" in a September paper is August's count)."""
    months = set(_MONTH_WORDS.findall(text))
    if published is not None:
        for m in _RELATIVE_MONTH.finditer(text):
            back = 0 if m.group(1).lower() == "this" else 1
            months.add(_MONTH_NAMES[(published.month - 1 - back) % 12])
    return months


def _noun_slot_pairs(
    nodes: list[_Node],
    vectors: Mapping[tuple[str, int], np.ndarray] | None,
    min_similarity: float,
    published: Mapping[str, dt.date | None] | None = None,
) -> dict[tuple[int, int], set[tuple[str, str]]]:
    """Sentences of different articles that count the same noun with the same words around it ("the
    economy added 850,000 jobs in June" / "the US economy added 850,000 jobs in June") although the
    sentences are too different to align: the noun and two more content words around both numbers, a
    shared month or none named by either, and at least ``min_similarity`` cosine when vectors are given."""
    by_noun: dict[str, list[int]] = defaultdict(list)
    contexts: dict[tuple[int, str], list[set[str]]] = defaultdict(list)  # words around each count of a noun
    for i, n in enumerate(nodes):
        for m in n.numbers:
            if m.noun and not m.unit and not m.is_year and m.noun not in _TIME_UNITS:
                if (i, m.noun) not in contexts:
                    by_noun[m.noun].append(i)
                contexts[(i, m.noun)].append(_number_context(n.text, m) - {m.noun})
    published = published or {}
    months = {
        i: _months_named(nodes[i].text, published.get(nodes[i].article_id))
        for members in by_noun.values()
        for i in members
    }
    out: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    for noun, x, y in _slot_members_pairs(nodes, by_noun):
        if months[x] != months[y] and not months[x] & months[y]:
            continue  # "in May" / "in June" or "in May" / now: two periods
        if not any(len(cx & cy) >= 2 for cx in contexts[(x, noun)] for cy in contexts[(y, noun)]):
            continue
        sim = _cosine(nodes[x], nodes[y], vectors)
        if sim is None or sim >= min_similarity:
            out[(x, y)].add((noun, ""))
    return dict(out)


def _number_conflicts(
    nodes: list[_Node],
    pairs: Mapping[tuple[int, int], float],
    verb_slots: Mapping[tuple[int, int], set[tuple[str, str]]],
    article_numbers: Mapping[str, list[NumberMention]],
    strong: float,
    slots: _Slots,
    periods: Mapping[int, set[str]] | None = None,
) -> None:
    """Numbers of the same slot that no rounding or hedge reconciles.

    A slot is a noun (``soldiers``) in lexically aligned sentences, or a noun with its verb (``people`` +
    ``kill``) in sentences that share a name or a day. A value is disputed only when none of the values the
    other article gives for that slot anywhere is compatible with it.
    """

    def fits(mention: NumberMention, noun: str, verb: str, loose: bool) -> bool:
        if mention.noun != noun:
            return False
        return not verb or mention.verb == verb or (loose and not mention.verb)

    neighbours: dict[int, set[int]] = defaultdict(set)
    for x, y in [*pairs, *verb_slots]:
        neighbours[x].add(y)
        neighbours[y].add(x)
    disputed: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (x, y), found in sorted(verb_slots.items()):
        for noun, verb in found:
            _dispute(nodes, x, y, noun, verb, article_numbers, fits, disputed, periods)
    verb_nouns = {noun for noun, _ in disputed}
    for (x, y), jac in pairs.items():
        a, b = nodes[x], nodes[y]
        nouns = {n.noun for n in a.numbers if n.noun} & {n.noun for n in b.numbers if n.noun}
        if jac < strong:
            nouns -= _TIME_UNITS  # "after five months" / "six months later" are often two facts
        for noun in nouns - verb_nouns:
            _dispute(nodes, x, y, noun, "", article_numbers, fits, disputed, periods)
    for (noun, verb), seeds in disputed.items():
        involved = set(seeds)
        for s in seeds:
            involved |= {t for t in neighbours[s] if any(fits(n, noun, verb, False) for n in nodes[t].numbers)}
        clusters: list[list[tuple[NumberMention, str]]] = []
        for i in sorted(involved, key=lambda i: nodes[i].order):
            for mention in nodes[i].numbers:
                if not fits(mention, noun, verb, False):
                    continue
                for cluster in clusters:
                    if any(_agree(mention, other) for other, _ in cluster):
                        cluster.append((mention, nodes[i].article_id))
                        break
                else:
                    clusters.append([(mention, nodes[i].article_id)])
        merged = True
        while merged:  # clusters that share a compatible pair are one variant
            merged = False
            for p in range(len(clusters)):
                for q in range(p + 1, len(clusters)):
                    if any(_agree(m, o) for m, _ in clusters[p] for o, _ in clusters[q]):
                        clusters[p].extend(clusters.pop(q))
                        merged = True
                        break
                if merged:
                    break
        if len(clusters) < 2:
            continue
        first = clusters[0][0][0]
        what = first.noun_text.lower() or ("money" if first.unit == "money" else "percentage")
        seed = sorted(seeds)
        context = _shared_topic(nodes[seed[0]], nodes[seed[-1]])
        participle = next((m.verb_text.lower() for c in clusters for m, _ in c if m.verb_text.endswith("ed")), "")
        if first.unit == "money":
            topic = f"amount of money ({context})" if context else "amount of money"
        elif first.unit == "%":
            topic = f"percentage ({context})" if context else "percentage"
        else:
            topic = f"number of {what} {participle}".strip()
        for k, cluster in enumerate(clusters):
            mention = cluster[0][0]
            text = f"{mention.text} {mention.noun_text}".strip()
            for _, article_id in cluster:
                slots.add("number", (noun, verb), topic, k, text, article_id)


def _dispute(
    nodes: list[_Node],
    x: int,
    y: int,
    noun: str,
    verb: str,
    article_numbers: Mapping[str, list[NumberMention]],
    fits: Callable[[NumberMention, str, str, bool], bool],
    disputed: dict[tuple[str, str], set[int]],
    periods: Mapping[int, set[str]] | None = None,
) -> None:
    """Record the pair when no value either article gives for the slot is compatible with the other's.
    With ``periods`` (the months each sentence names, by node), a value given for another month ("in July,
    when more than 1 million jobs were created") is another slot and excuses nothing."""
    a, b = nodes[x], nodes[y]
    if periods is None:
        all_a = [n for n in article_numbers[a.article_id] if fits(n, noun, verb, True)]
        all_b = [n for n in article_numbers[b.article_id] if fits(n, noun, verb, True)]
    else:
        when = periods[x] | periods[y]

        def same_period(k: int) -> bool:
            return not when or not periods[k] or bool(periods[k] & when)

        all_a = [
            m for k, n in enumerate(nodes) if n.article_id == a.article_id and same_period(k)
            for m in n.numbers if fits(m, noun, verb, True)
        ]
        all_b = [
            m for k, n in enumerate(nodes) if n.article_id == b.article_id and same_period(k)
            for m in n.numbers if fits(m, noun, verb, True)
        ]
    if all_a and all_b and not any(_agree(p, q) for p in all_a for q in all_b):
        disputed[(noun, verb)] |= {x, y}


_DATE_CONTEXT_STOP = frozenset(WEEKDAYS) | {"am", "pm", "p.m", "a.m", "morning", "afternoon", "evening", "night"}


def _date_context(text: str, surfaces: Sequence[str], width: int = 5) -> set[str]:
    """Content stems within ``width`` words of the date expressions: what happened on that date."""
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    out: set[str] = set()
    for surface in surfaces:
        at = text.find(surface)
        if at < 0:
            continue
        inside = [k for k, (s, e, _) in enumerate(words) if s < at + len(surface) and e > at]
        if not inside:
            continue
        lo, hi = max(0, inside[0] - width), min(len(words), inside[-1] + width + 1)
        for k in [*range(lo, inside[0]), *range(inside[-1] + 1, hi)]:
            word = words[k][2]
            if word not in STOPWORDS and word not in _DATE_CONTEXT_STOP and not word.isdigit() and len(word) > 2:
                out.add(stem(word))
    return out


def _same_happening(a: _Node, sa: Sequence[str], b: _Node, sb: Sequence[str]) -> bool:
    """The two date expressions date the same action ("collapsed on Monday" / "collapsed on Tuesday"),
    not two actions ("tweeted on Monday" / "announced Tuesday"), nor an event and a report of it
    ("met on Monday" / "met ..., an aide said Tuesday")."""
    said_a, said_b = _reported(a.text, sa), _reported(b.text, sb)
    if said_a != said_b and not (_reported(a.text, sa, _STATEMENT_VERBS) and _reported(b.text, sb, _STATEMENT_VERBS)):
        return False  # (both date a statement, "announced on Thursday" / "said Tuesday": one kind of day)
    return bool(_date_context(a.text, sa) & _date_context(b.text, sb))


#: words around a number that say who reported it or hedge it, not what it counts
_NUMBER_CONTEXT_STOP = _REPORTING_VERBS | {
    "percent", "per", "cent", "about", "more", "than", "least", "report", "reports", "reported"
}


#: "add" is a reporting verb ("..., he added") except as the first word before a number ("added 194,000 jobs")
_COUNTING_ADD = frozenset({"add", "adds", "added", "adding"})


def _number_context(text: str, mention: NumberMention, width: int = 3) -> set[str]:
    """The ``width`` content stems on each side of a number (what it counts or measures), time units left out."""
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    inside = [k for k, (s, e, _) in enumerate(words) if s < mention.end and e > mention.start]
    if not inside:
        return set()
    out = set()
    for side in (range(inside[0] - 1, -1, -1), range(inside[-1] + 1, len(words))):
        taken = 0
        for k in side:
            # a name says who, not what the number measures; a sentence's capitalised first word is a name only
            # when the next word is capitalised too ("Employers added ..." / "Lena Varga said ...")
            if text[words[k][0]].isupper() and (k > 0 or (len(words) > 1 and text[words[1][0]].isupper())):
                continue
            word = words[k][2]
            counting = (  # "added 194,000 jobs", not "..., he added, 12 ships ..."
                taken == 0 and k < inside[0] and word in _COUNTING_ADD
                and not re.search(r"[,;:.!?—–]", text[words[k][1] : mention.start])
            )
            if not counting and (
                word in STOPWORDS or word in _NUMBER_CONTEXT_STOP or len(word) < 3 or any(c.isdigit() for c in word)
            ):
                continue
            taken += 1
            stemmed = stem(word)
            if stemmed not in _TIME_UNITS and word not in _TIME_UNITS:
                out.add(stemmed)
            if taken == width:
                break
    return out


def _in_fraction(text: str, mention: NumberMention) -> bool:
    """A part of "22 1/2" or "24/7", not a number of its own."""
    return text[mention.end : mention.end + 1] == "/" or text[max(0, mention.start - 1) : mention.start] == "/"


def _decimals(mention: NumberMention) -> int:
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", mention.text)
    return len(digits.group(1)) if digits and digits.group(1) else 0


def _rounded(a: NumberMention, b: NumberMention) -> bool:
    """One value is the other rounded to its own precision ("6%" and "5.9%", "1.5" and "1.46")."""
    coarse, fine = (a, b) if _decimals(a) <= _decimals(b) else (b, a)
    step = 10.0 ** -_decimals(coarse)
    return abs(round(fine.value / step) * step - coarse.value) < 1e-9 * max(1.0, abs(coarse.value))


def _agree(a: NumberMention, b: NumberMention) -> bool:
    """Two mentions of one quantity can both be right: rounding and hedges (`numbers_compatible`), or
    one is the other rounded to its own decimals."""
    return numbers_compatible(a, b) or (a.unit == b.unit and _rounded(a, b))


def _context_number_conflicts(
    nodes: list[_Node],
    pairs: Mapping[tuple[int, int], float],
    slots: _Slots,
    close: frozenset[tuple[int, int]] = frozenset(),
    wide: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """Numbers of aligned sentences that measure the same thing by their surroundings, not only their noun.

    The head-noun slots miss "at the age of 84" / "He was 87" style pairs and counts whose noun the
    number parser did not attach ("claims dropped to 293,000"). Two numbers of the same unit whose
    neighbouring content words overlap (time units aside: "for 15 years" and "a 35-year-old" are two
    things; two shared words unless both have the same noun) and whose nouns do not differ are one
    slot; they are disputed when neither is the other rounded or hedged and neither article gives the
    other's value anywhere, or a compatible value with a word around it in common (`_vouched`: a second
    figure for the same thing is safe, an unrelated "5%" does not excuse 5.3% against 3.8%). Pairs in
    ``wide`` are only related in meaning (`_related_number_pairs`): their numbers need three shared words.
    """
    numbers_in: dict[str, list[tuple[NumberMention, set[str]]]] = defaultdict(list)
    for n in nodes:
        for m in n.numbers:
            if not m.is_year:
                numbers_in[n.article_id].append((m, _number_context(n.text, m)))
    for (x, y), _ in pairs.items():
        a, b = nodes[x], nodes[y]
        for p in a.numbers:
            if p.is_year or _in_fraction(a.text, p):
                continue
            cp = _number_context(a.text, p)
            for q in b.numbers:
                if q.is_year or p.unit != q.unit or (p.noun and q.noun and p.noun != q.noun):
                    continue
                if _in_fraction(b.text, q):
                    continue
                if p.noun and p.noun == q.noun and p.noun not in _TIME_UNITS and p.unit == "":
                    continue  # a shared head noun is the noun slots' case
                cq = _number_context(b.text, q)
                shared = cp & cq
                # one shared word suffices for a shared noun (for amounts: the word after them, "$3.5 trillion
                # budget"), or for two bare numbers of nearly identical sentences
                one_word = (
                    (p.noun and p.noun == q.noun and not p.unit)
                    or ((x, y) in close and p.noun == q.noun)
                    or (p.unit != "" and (head := noun_after(a.text, p)) != "" and head == noun_after(b.text, q))
                )
                if len(shared) < (3 if (x, y) in wide else 1 if one_word else 2):
                    continue  # without one noun for both, the surroundings must say twice that it is one thing
                if _agree(p, q):
                    continue
                if _vouched(p, cp, numbers_in[b.article_id]) or _vouched(q, cq, numbers_in[a.article_id]):
                    continue  # the other article gives this value too, or a compatible one for the same thing
                what = p.noun_text or q.noun_text
                topic = _shared_topic(a, b)
                if p.unit == "money":
                    label = f"amount of money ({topic})" if topic else "amount of money"
                elif p.unit == "%":
                    label = f"percentage ({topic})" if topic else "percentage"
                else:
                    label = f"number of {what.lower()}" if what else f"number ({topic})"
                slot = ("context", p.unit, frozenset(shared))
                slots.add("number", slot, label, p.value, f"{p.text} {p.noun_text}".strip(), a.article_id)
                slots.add("number", slot, label, q.value, f"{q.text} {q.noun_text}".strip(), b.article_id)


def _vouched(mention: NumberMention, context: set[str], others: Sequence[tuple[NumberMention, set[str]]]) -> bool:
    """Another article gives ``mention``'s value (rounded or hedged: "5%" for 5.3%) for the same thing (a word
    around it in common), or gives exactly that value anywhere: then it does not contradict ``mention``."""
    for other, around in others:
        if other.unit != mention.unit:
            continue
        if abs(other.value - mention.value) <= 1e-9 * max(1.0, abs(mention.value)):
            return True
        if around & context and _agree(mention, other):
            return True
    return False


def _day_vouched(nodes: Sequence[_Node], article_id: str, days: set[int], around: set[str]) -> bool:
    """Whether the article gives one of ``days`` (weekdays) elsewhere for the happening dated in the compared
    sentences: a sentence of it names the day with a word of ``around`` (`_date_context` of the two compared
    dates) right next to it. A day it gives for something else ("the talks resumed on Tuesday") does not
    excuse its other day for this happening."""
    for node in nodes:
        if node.article_id != article_id:
            continue
        surfaces = [t for w, t in node.dates.weekdays if w in days]
        if surfaces and _date_context(node.text, surfaces) & around:
            return True
    return False


def _back(published: dt.date, month_days: set[tuple[int, int]]) -> set[int]:
    """Days from each (month, day) back to the publication day, in the year that makes it most recent."""
    out: set[int] = set()
    for month, day in month_days:
        try:
            date = dt.date(published.year, month, day)
            if date > published:
                date = dt.date(published.year - 1, month, day)
        except ValueError:
            return set()
        out.add((published - date).days)
    return out


def _each_its_own_day(
    pa: dt.date | None, pb: dt.date | None, back_a: set[int], back_b: set[int], max_days: int = 7
) -> bool:
    """Two articles published on different days, each dating its news as far back from its own
    publication day as the other ("on Monday" in Monday's paper, "on Tuesday" in Tuesday's): a running
    story told day by day, not two accounts of one day."""
    if pa is None or pb is None or pa == pb or not back_a or back_a != back_b:
        return False
    return all(0 <= d <= max_days for d in back_a)


def _date_conflicts(
    nodes: list[_Node],
    pairs: list[tuple[int, int]],
    texts: Mapping[str, str],
    slots: _Slots,
    published: Mapping[str, dt.date | None] | None = None,
    same_slot: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset(),
) -> None:
    article_dates = {aid: extract_dates(text) for aid, text in texts.items()}
    published = published or {}
    for x, y in pairs:
        a, b = nodes[x], nodes[y]
        da, db = a.dates, b.dates
        all_a, all_b = article_dates[a.article_id], article_dates[b.article_id]
        topic = _shared_topic(a, b)
        wa, wb = {w for w, _ in da.weekdays}, {w for w, _ in db.weekdays}
        pa, pb = published.get(a.article_id), published.get(b.article_id)
        if (
            wa
            and wb
            and not wa & wb
            and not (
                pa
                and pb
                and _each_its_own_day(
                    pa, pb, {(pa.weekday() - w) % 7 for w in wa}, {(pb.weekday() - w) % 7 for w in wb}
                )
            )
            and (
                (x, y) in same_slot or _same_happening(a, [t for _, t in da.weekdays], b, [t for _, t in db.weekdays])
            )
        ):
            near_a = _date_context(a.text, [t for _, t in da.weekdays])
            near_b = _date_context(b.text, [t for _, t in db.weekdays])
            elsewhere = {w for w, _ in all_a.weekdays} & wb or {w for w, _ in all_b.weekdays} & wa
            # an article that names the rival day elsewhere, for something else, still disputes this day when
            # two words around the compared dates agree (one shared word is too weak with two days in play)
            if not elsewhere or (
                len(near_a & near_b) >= 2
                and not _day_vouched(nodes, a.article_id, wb, near_a | near_b)
                and not _day_vouched(nodes, b.article_id, wa, near_a | near_b)
            ):
                slot: object = ("weekday", frozenset(wa | wb), topic)
                for w, text in da.weekdays:
                    slots.add("date", slot, f"day: {topic}", w, text, a.article_id)
                for w, text in db.weekdays:
                    slots.add("date", slot, f"day: {topic}", w, text, b.article_id)
        ma, mb = {(m, d) for m, d, _ in da.month_days}, {(m, d) for m, d, _ in db.month_days}
        md_texts_a, md_texts_b = [t for _, _, t in da.month_days], [t for _, _, t in db.month_days]
        if ma & mb and ma - mb and mb - ma:
            # one date shared, another not ("a first dose by Oct. 7 and a second by Nov. 4" / "by Oct. 10 and by
            # Nov. 4"): the dates left over are compared, when two words around them agree
            ma, mb = ma - mb, mb - ma
            md_texts_a = [t for m, d, t in da.month_days if (m, d) in ma]
            md_texts_b = [t for m, d, t in db.month_days if (m, d) in mb]
            if len(_date_context(a.text, md_texts_a) & _date_context(b.text, md_texts_b)) < 2:
                ma = mb = set()
        if ma and mb and pa and pb and _each_its_own_day(pa, pb, _back(pa, ma), _back(pb, mb)):
            ma = mb = set()
        if ma and mb and not ma & mb and _same_happening(a, md_texts_a, b, md_texts_b):
            if not {(m, d) for m, d, _ in all_a.month_days} & mb and not {(m, d) for m, d, _ in all_b.month_days} & ma:
                slot = ("month_day", frozenset(ma) | frozenset(mb), topic)
                for m, d, text in da.month_days:
                    if (m, d) in ma:
                        slots.add("date", slot, f"date: {topic}", (m, d), text, a.article_id)
                for m, d, text in db.month_days:
                    if (m, d) in mb:
                        slots.add("date", slot, f"date: {topic}", (m, d), text, b.article_id)
        if da.times and db.times and _same_happening(a, [t.text for t in da.times], b, [t.text for t in db.times]):
            if not any(times_compatible(p, q) for p in all_a.times for q in db.times) and not any(
                times_compatible(p, q) for p in all_b.times for q in da.times
            ):
                slot = ("time", topic)
                for t in da.times:
                    slots.add("date", slot, f"time: {topic}", t.minutes, t.text, a.article_id)
                for t in db.times:
                    slots.add("date", slot, f"time: {topic}", t.minutes, t.text, b.article_id)
        for first, second in ((a, b), (b, a)):
            if first.dates.times and not second.dates.times and second.dates.day_parts:
                if article_dates[second.article_id].times:
                    continue
                if not _same_happening(first, [t.text for t in first.dates.times], second, second.dates.day_parts):
                    continue
                if not any(time_in_day_part(t, p) for t in first.dates.times for p in second.dates.day_parts):
                    slot = ("time", topic)
                    for t in first.dates.times:
                        slots.add("date", slot, f"time: {topic}", t.minutes, t.text, first.article_id)
                    for p in second.dates.day_parts:
                        slots.add("date", slot, f"time: {topic}", p, p, second.article_id)


def _entity_patterns(entity: Entity) -> list[re.Pattern[str]]:
    names = [entity.name, *entity.aliases]
    return [re.compile(r"\b" + re.escape(n) + r"\b") for n in names if len(n) >= 2]


def _mentions(entity: Entity, text: str) -> bool:
    return any(p.search(text) for p in _entity_patterns(entity))


def _place_and_actor_conflicts(
    nodes: list[_Node],
    pairs: list[tuple[int, int]],
    texts: Mapping[str, str],
    entities: Sequence[Entity],
    strong_jaccard: float,
    slots: _Slots,
) -> None:
    places = [e for e in entities if e.type == "place"]
    actors = [e for e in entities if e.type in ("person", "organization")]
    co_mentioned: set[tuple[int, int]] = set()
    for aid, text in texts.items():
        present = [k for k, e in enumerate(places) if aid in e.sources or _mentions(e, text)]
        for p in present:
            for q in present:
                co_mentioned.add((p, q))
    for x, y in pairs:
        a, b = nodes[x], nodes[y]
        text_a, text_b = texts[a.article_id], texts[b.article_id]
        in_a = {k for k, e in enumerate(places) if _mentions(e, a.text)}
        in_b = {k for k, e in enumerate(places) if _mentions(e, b.text)}
        only_a, only_b = in_a - in_b, in_b - in_a
        place_words = {stem(t.lower()) for k in in_a | in_b for t in _WORD.findall(places[k].name)}
        rest = _jaccard(a.words - place_words, b.words - place_words)
        if only_a and only_b and rest >= strong_jaccard:
            clash = all(
                (p, q) not in co_mentioned and not _mentions(places[q], text_a) and not _mentions(places[p], text_b)
                for p in only_a
                for q in only_b
            )
            if clash:
                topic = _shared_topic(a, b)
                slot = frozenset(only_a | only_b)
                for p in only_a:
                    slots.add("place", slot, f"place: {topic}", places[p].name, places[p].name, a.article_id)
                for q in only_b:
                    slots.add("place", slot, f"place: {topic}", places[q].name, places[q].name, b.article_id)
        actor_a, verb_a = _subject(a.text, actors)
        actor_b, verb_b = _subject(b.text, actors)
        if actor_a is None or actor_b is None or actor_a == actor_b or not verb_a or stem(verb_a) != stem(verb_b):
            continue
        ea, eb = actors[actor_a], actors[actor_b]
        if ea.type != eb.type or _mentions(eb, text_a) or _mentions(ea, text_b):
            continue
        actor_words = {stem(t.lower()) for e in (ea, eb) for t in _WORD.findall(e.name)}
        if _jaccard(a.words - actor_words, b.words - actor_words) < strong_jaccard:
            continue
        topic = f"who {verb_a.lower()} {_shared_topic(a, b)}".strip()
        actor_slot = ("actor", frozenset({actor_a, actor_b}), stem(verb_a))
        slots.add("actor", actor_slot, topic, ea.name, ea.name, a.article_id)
        slots.add("actor", actor_slot, topic, eb.name, eb.name, b.article_id)


def _subject(text: str, actors: Sequence[Entity]) -> tuple[int | None, str]:
    """The actor named at the start of a sentence and the verb that follows (``Police arrested``)."""
    names = extract_names(text)
    if not names:
        return None, ""
    first = names[0]
    start = text.find(first.text)
    lead = [w.lower() for w in _WORD.findall(text[:start])]
    if any(w not in ("the", "a", "an") and w not in TITLE_WORDS for w in lead):
        return None, ""
    after = _WORD.findall(text[start + len(first.text) :])
    verb = after[0] if after else ""
    if not verb or verb.lower() in STOPWORDS or verb.lower() in _REPORTING_VERBS or verb[:1].isupper():
        return None, ""
    for k, entity in enumerate(actors):
        if any(fuzz.ratio(first.text, n) >= 90 for n in (entity.name, *entity.aliases)):
            return k, verb
    return None, ""


def find_disagreements(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    config: Config,
    *,
    vectors: Mapping[tuple[str, int], np.ndarray] | None = None,
) -> list[Disagreement]:
    """Find slots on which sources give incompatible values.

    Args:
        articles: the story's articles.
        sentences: sentences by article id.
        claims: the story's claims (members of a claim are aligned).
        entities: the story's entities (roles, places and actors come from them).
        config: the configuration (``[consolidate]`` section: ``align_overlap``, ``align_similarity``,
            ``strong_overlap``, ``cross_lingual``).
        vectors: optional sentence vectors; when given, aligned sentences must also reach
            ``align_similarity``, and sentences in different languages are aligned at ``cross_lingual``.

    Returns:
        Disagreements (kind ``number``, ``date``, ``role``, ``place`` or ``actor``), each with at least
        two variants; an article that gives two rival values is left out of both.

    Raises:
        AttributeError: ``config`` lacks a ``[consolidate]`` key (an outdated configuration).
    """
    cfg = config.consolidate
    nodes: list[_Node] = []
    for article in articles:
        for sentence in sentences.get(article.id, ()):
            nodes.append(_node(article, sentence, len(nodes)))
    texts = {a.id: a.text for a in articles}
    article_numbers: dict[str, list[NumberMention]] = defaultdict(list)
    for n in nodes:
        article_numbers[n.article_id].extend(n.numbers)
    aligned = _align_pairs(
        nodes, claims, vectors, float(cfg.align_overlap), float(cfg.align_similarity), float(cfg.cross_lingual)
    )
    strong = float(cfg.strong_overlap)
    pairs = list(aligned)
    slots = _Slots()
    slot_pairs = _verb_slot_pairs(nodes)
    published = {a.id: a.published for a in articles}
    noun_slots = _noun_slot_pairs(nodes, vectors, float(cfg.align_similarity) - _NOUN_SLOT_SLACK, published)
    for pair, found in noun_slots.items():
        slot_pairs.setdefault(pair, set()).update(found)
    periods = {i: _months_named(n.text, published.get(n.article_id)) for i, n in enumerate(nodes)}
    _number_conflicts(nodes, aligned, slot_pairs, article_numbers, strong, slots, periods)
    loose = _number_pairs(nodes, vectors, float(cfg.align_similarity))
    compared = {**loose, **aligned}
    close = frozenset(
        pair for pair in compared if (sim := _cosine(nodes[pair[0]], nodes[pair[1]], vectors)) and sim >= _CLOSE
    )
    anchored = _anchored_pairs(nodes, vectors, float(cfg.align_similarity) - 0.1)
    compared.update({pair: 0.0 for pair in anchored if pair not in compared})
    close |= anchored
    wide = _related_number_pairs(nodes, vectors, float(cfg.align_similarity) - 0.1, compared)
    compared.update({pair: 0.0 for pair in wide})
    _context_number_conflicts(nodes, compared, slots, close, wide)
    same_day = _actor_day_pairs(nodes, vectors, entities, float(cfg.align_similarity) - 0.1)
    _actor_day_amounts(nodes, same_day, slots)
    # a weekday or a clock time is only disputed between near-identical statements, or aligned ones about
    # the same named actor: long sentences of one story mention different actions on different days
    # (`_same_happening` then also asks for the same words right around the two dates)
    dated = [(x, y) for (x, y), jac in aligned.items() if jac >= strong]
    people = {
        stem(t.lower()) for e in entities if e.type == "person" for n in (e.name, *e.aliases) for t in _WORD.findall(n)
    }
    loose_dated = _dated_pairs(nodes, vectors, float(cfg.align_similarity) - 0.1, people)
    dated += [pair for pair in loose_dated if pair not in dated]
    same_slot = set(_actor_slot_pairs(nodes, vectors, entities, float(cfg.align_similarity) - 0.1))
    dated += [pair for pair in sorted(same_slot) if pair not in dated]
    _date_conflicts(nodes, dated, texts, slots, published, same_slot)
    _place_and_actor_conflicts(nodes, pairs, texts, entities, strong, slots)
    return _unique(_role_disagreements(articles, sentences, entities) + slots.build())


_REPORTING_STEMS = frozenset(stem(w) for w in _REPORTING_VERBS)
_TITLE_STEMS = frozenset(stem(w) for w in TITLE_WORDS)


def _loosely_aligned(
    a: _Node, b: _Node, vectors: Mapping[tuple[str, int], np.ndarray] | None, min_similarity: float
) -> bool:
    """Sentences of different articles that may state one fact in other words: close in meaning (with
    vectors) and sharing two names, or a name and a sixth of their content words, or a quarter of them.
    Only used with a check of the words right around the compared value."""
    if a.article_id == b.article_id:
        return False
    names = len(a.name_tokens & b.name_tokens)
    jac = _jaccard(a.words, b.words)
    if not (names >= 2 or (names and jac >= 0.15) or jac >= 0.25):
        return False
    sim = _cosine(a, b, vectors)
    return sim is None or sim >= min_similarity


def _anchor_values(node: _Node) -> set[tuple[str, float]]:
    """Values precise enough to tell one figure from another (not a year, not a round small number)."""
    return {
        (m.unit, m.value)
        for m in node.numbers
        if not m.is_year and (m.value >= 1000 or m.value != int(m.value)) and m.unit_step < m.value
    }


def _anchored_pairs(
    nodes: list[_Node], vectors: Mapping[tuple[str, int], np.ndarray] | None, min_similarity: float
) -> frozenset[tuple[int, int]]:
    """Sentences of different articles that give one precise figure alike ("rose by 3,100 to 41,250" /
    "41,250 after a rise of 4,300") and another number each: the shared figure anchors them to one report,
    so their other numbers need only one shared word around them to be one slot (`_context_number_conflicts`)."""
    anchors = {i: _anchor_values(n) for i, n in enumerate(nodes)}
    counted = [i for i, n in enumerate(nodes) if anchors[i] and len(n.numbers) >= 2]
    out = set()
    for p, x in enumerate(counted):
        for y in counted[p + 1 :]:
            a, b = nodes[x], nodes[y]
            if a.article_id == b.article_id or not anchors[x] & anchors[y]:
                continue
            sim = _cosine(a, b, vectors)
            if sim is None or sim >= min_similarity:
                out.add((x, y))
    return frozenset(out)


def _related_number_pairs(
    nodes: list[_Node],
    vectors: Mapping[tuple[str, int], np.ndarray] | None,
    min_similarity: float,
    compared: Mapping[tuple[int, int], float],
) -> frozenset[tuple[int, int]]:
    """Sentences of different articles with numbers that are related in meaning (``min_similarity``) but
    share too few words to be `_loosely_aligned` ("amounts to $41 a month for the average retired teacher" /
    "a monthly rise of $29 for the average retired teacher"): `_context_number_conflicts` compares their
    numbers only when three words around both agree."""
    if vectors is None:
        return frozenset()
    counted = [i for i, n in enumerate(nodes) if any(not m.is_year for m in n.numbers)]
    return frozenset(
        (x, y)
        for p, x in enumerate(counted)
        for y in counted[p + 1 :]
        if nodes[x].article_id != nodes[y].article_id
        and (x, y) not in compared
        and (sim := _cosine(nodes[x], nodes[y], vectors)) is not None
        and sim >= min_similarity
    )


def _number_pairs(
    nodes: list[_Node], vectors: Mapping[tuple[str, int], np.ndarray] | None, min_similarity: float
) -> dict[tuple[int, int], float]:
    """Loosely aligned sentences that both give a number (not a year)."""
    counted = [i for i, n in enumerate(nodes) if any(not m.is_year for m in n.numbers)]
    return {
        (x, y): 0.0
        for p, x in enumerate(counted)
        for y in counted[p + 1 :]
        if _loosely_aligned(nodes[x], nodes[y], vectors, min_similarity)
    }


def _dated_pairs(
    nodes: list[_Node],
    vectors: Mapping[tuple[str, int], np.ndarray] | None,
    min_similarity: float,
    people: set[str],
) -> list[tuple[int, int]]:
    """Sentences of different articles that date the same action of the same named actor.

    Outlets word one event differently ("Merck and its partner Ridgeback announced Monday that it has
    asked the FDA ..." / "Merck & Co. and Ridgeback Biotherapeutics announced Monday the submission ...")
    so their word overlap stays under the alignment threshold. Two dated sentences are paired when they
    are `_loosely_aligned` and the same word stands next to both dates, people's names, titles and
    reporting verbs aside ("announced Monday" / "announced Monday", "attacked Gaza on Thursday" /
    "attacks on Gaza early Friday"; not "President Biden said Monday" / "Biden said Tuesday").
    """
    dated = [i for i, n in enumerate(nodes) if n.dates.weekdays or n.dates.month_days]
    out = []
    for p, x in enumerate(dated):
        for y in dated[p + 1 :]:
            a, b = nodes[x], nodes[y]
            if not _loosely_aligned(a, b, vectors, min_similarity):
                continue
            surfaces_a = [t for _, t in a.dates.weekdays] + [t for _, _, t in a.dates.month_days]
            surfaces_b = [t for _, t in b.dates.weekdays] + [t for _, _, t in b.dates.month_days]
            shared = _date_context(a.text, surfaces_a) & _date_context(b.text, surfaces_b)
            action = shared - _REPORTING_STEMS - people - _TITLE_STEMS
            if not action:
                continue
            if action - {stem(t) for t in a.name_tokens | b.name_tokens}:
                out.append((x, y))  # the same action word next to both dates
            elif (
                _same_subject(a, surfaces_a, b, surfaces_b)
                and not _reported(a.text, surfaces_a)
                and not _reported(b.text, surfaces_b)
            ):
                out.append((x, y))  # only a name next to both: it must be what both sentences are about
            elif _same_statement(a, surfaces_a, b, surfaces_b, shared, _cosine(a, b, vectors)):
                out.append((x, y))
    return out


_CLAUSE_START = re.compile(r"[,;:()—–]|\b(?:after|before|when|while|because|since|where)\b")


def _dated_actor(text: str, surface: str, entities: Sequence[Entity]) -> int | None:
    """The entity (index into ``entities``) named first in the clause that leads up to the date
    ``surface``, when it is a person or an organisation: who did what is dated ("Mayor Ilse Karn on
    Thursday condemned ..."; not "A Tessel court ruling prompted Mayor Ilse Karn on Wednesday to ...",
    whose clause opens with a place, the mayor its object)."""
    at = text.find(surface)
    if at < 0:
        return None
    # an aside about the actor does not end its clause ("Mayor Ilse Karn, a Liberal, on Thursday ...")
    text = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, at)), default=0)
    first = _first_entity(text[start:at], entities)
    if first is None:
        # the actor after the date: a date that opens its clause ("On Thursday, the Lorne council voted ..."),
        # or the agent of a passive ("figures released Friday by the Lorne statistics office")
        after = text[at + len(surface) :]
        agent = _AGENT.match(after)
        if agent or not {w.lower() for w in _WORD.findall(text[start:at])} - _DATE_LEAD:
            after = after[agent.end() :] if agent else after.lstrip(" ,")
            end = min((m.start() for m in _CLAUSE_START.finditer(after)), default=len(after))
            first = _first_entity(after[:end], entities, at_start=bool(agent))
    if first is None or entities[first].type not in ("person", "organization"):
        return None
    return first


def _clause_words(text: str, surface: str) -> set[str]:
    """Stems of the lower-case content words of the clause that leads up to the date (of the one after it when
    the date opens it)."""
    at = text.find(surface)
    if at < 0:
        return set()
    text = _ASIDE.sub(lambda m: " " * len(m.group(0)), text)
    start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, at)), default=0)
    clause = text[start:at]
    if not {w.lower() for w in _WORD.findall(clause)} - _DATE_LEAD:
        after = text[at + len(surface) :].lstrip(" ,")
        clause = after[: min((m.start() for m in _CLAUSE_START.finditer(after)), default=len(after))]
    words = {w for w in _WORD.findall(clause) if w.islower()}  # names aside: who is named is `_dated_actor`'s
    return {
        stem(w) for w in words - STOPWORDS - _REPORTING_VERBS - _DATE_CONTEXT_STOP - TITLE_WORDS
        if len(w) > 2 and not w.isdigit()
    }


def _first_entity(clause: str, entities: Sequence[Entity], *, at_start: bool = False) -> int | None:
    """The entity (index into ``entities``) named first in ``clause`` (with ``at_start``, only one that opens
    it, after an article: "the Lorne statistics office")."""
    first: tuple[int, int] | None = None
    for k, entity in enumerate(entities):
        for pattern in _entity_patterns(entity):
            m = pattern.search(clause)
            if m and entity.type == "place" and _titled(clause[m.end() :]):
                continue  # the place of an office ("Lorne Mayor Ilse Karn"), not the clause's subject
            if m and (first is None or m.start() < first[0]):
                first = (m.start(), k)
    if first is None or (at_start and _WORD.findall(clause[: first[0]].lower()) not in ([], ["the"])):
        return None
    return first[1]


def _titled(rest: str) -> bool:
    """``rest`` opens with a title word ("Gov. Ilse Karn", "Mayor Karn")."""
    words = _WORD.findall(rest[:20])
    return bool(words) and words[0].lower() in TITLE_WORDS


#: an aside that does not end a clause: a parenthesis, ", a Liberal," / ", the harbour's owner,", ", L-Tessel,",
#: ", heeding calls to act,"
_ASIDE = re.compile(
    r"\([^()]{1,40}\)|,\s+(?:(?:a|an|the)\s+[^,;:()—–]{1,60}|[a-z]+ing\s[^,;:()—–]{1,80}|[A-Z]-[A-Z][a-z]+\.?),"
)
#: words that may stand before a date that opens its clause ("On Thursday, ...", "Early Friday, ...")
_DATE_LEAD = frozenset({"on", "early", "late", "last", "this", "and", "but", "then"})
#: the agent of a passive right after a date ("released Friday by ...", "announced on Monday night by ...")
_AGENT = re.compile(r"\s*(?:(?:morning|afternoon|evening|night)\s+)?by\s+", re.IGNORECASE)


def _actor_slot_pairs(
    nodes: list[_Node],
    vectors: Mapping[tuple[str, int], np.ndarray] | None,
    entities: Sequence[Entity],
    min_similarity: float,
) -> list[tuple[int, int]]:
    """Sentences of different articles that date one action of one actor in other words.

    "The harbour authority on Tuesday scrapped its dredging plan" / "The harbour authority dropped the
    channel works on Thursday": no word around the two days is shared, but the same person or organisation
    opens both dated clauses (`_dated_actor`; an entity, so its aliases count), the sentences give one
    weekday each, both days are of the same kind (both date a statement, or neither does: `_statement_day`,
    or a statement verb right after the actor, `_says`) and the sentences are close in meaning
    (``min_similarity``). Such two days are one slot: the day that actor did it. When no entity is named
    alike, one unnamed body will do: two lower-case words of both dated clauses (`_clause_words`: "a
    regional harbour panel on Tuesday ..." / "an independent harbour panel ... on Thursday"), and no two
    different named actors.
    """
    if vectors is None:
        return []
    dated = [i for i, n in enumerate(nodes) if len(n.dates.weekdays) == 1]
    info = {}
    subject: dict[int, set[str]] = {}
    for i in dated:
        n = nodes[i]
        surface = n.dates.weekdays[0][1]
        actor = _dated_actor(n.text, surface, entities)
        said = _statement_day(n.text, surface) or (actor is not None and _says(n.text, surface, entities[actor]))
        info[i] = (actor, said)
        subject[i] = _clause_words(n.text, surface)
    out = []
    for p, x in enumerate(dated):
        for y in dated[p + 1 :]:
            a, b = nodes[x], nodes[y]
            if a.article_id == b.article_id or a.dates.weekdays[0][0] == b.dates.weekdays[0][0]:
                continue
            (who_a, said_a), (who_b, said_b) = info[x], info[y]
            if said_a != said_b:
                continue
            if who_a is None or who_a != who_b:
                # no entity named alike: the same unnamed body ("a federal advisory panel rejected ... Sunday" /
                # "an FDA advisory panel voted ... Friday"), two words of both dated clauses, no other actor
                if (who_a is not None and who_b is not None) or len(subject[x] & subject[y]) < 2:
                    continue
            sim = _cosine(a, b, vectors)
            if sim is not None and sim >= min_similarity:
                out.append((x, y))
    return out


_DAY_PARTS = frozenset({"morning", "afternoon", "evening", "night"})


def _statement_day(text: str, surface: str) -> bool:
    """The date dates a statement: a statement word right before it (`_reported`), or the verb right after it
    ("The Lorne council on Monday formally announced ...", "Lorne on Monday night said ...")."""
    if _reported(text, [surface], _STATEMENT_VERBS):
        return True
    at = text.find(surface)
    after = [w.lower() for w in _WORD.findall(text[at + len(surface) : at + len(surface) + 40])] if at >= 0 else []
    after = [w for w in after if w not in _DAY_PARTS and not w.endswith("ly")][:1]
    return bool(after) and after[0] in _STATEMENT_VERBS


def _says(text: str, surface: str, actor: Entity) -> bool:
    """The actor named before the date is followed by a statement verb ("The Lorne council announced a
    levy on Monday"): the date is that statement's."""
    at = text.find(surface)
    for pattern in _entity_patterns(actor):
        for m in pattern.finditer(text, 0, max(at, 0)):
            after = [w.lower() for w in _WORD.findall(text[m.end() : m.end() + 30])][:1]
            if after and after[0] in _STATEMENT_VERBS:
                return True
    return False


def _actor_day_pairs(
    nodes: list[_Node],
    vectors: Mapping[tuple[str, int], np.ndarray] | None,
    entities: Sequence[Entity],
    min_similarity: float,
) -> list[tuple[int, int]]:
    """Sentences of different articles that tell what one actor did on one day: the same weekday, the same
    person or organisation opening both dated clauses (`_dated_actor`), close in meaning."""
    if vectors is None:
        return []
    dated = [i for i, n in enumerate(nodes) if len(n.dates.weekdays) == 1 and any(m.unit == "money" for m in n.numbers)]
    actor = {i: _dated_actor(nodes[i].text, nodes[i].dates.weekdays[0][1], entities) for i in dated}
    out = []
    for p, x in enumerate(dated):
        for y in dated[p + 1 :]:
            a, b = nodes[x], nodes[y]
            if a.article_id == b.article_id or a.dates.weekdays[0][0] != b.dates.weekdays[0][0]:
                continue
            if actor[x] is None or actor[x] != actor[y]:
                continue
            sim = _cosine(a, b, vectors)
            if sim is not None and sim >= min_similarity:
                out.append((x, y))
    return out


_SCALES = ("thousand", "million", "billion", "trillion")


def _actor_day_amounts(nodes: list[_Node], pairs: Sequence[tuple[int, int]], slots: _Slots) -> None:
    """One actor's one day (`_actor_day_pairs`: "The Lorne council on Monday approved a $2 billion port plan" /
    "The Lorne council passed a $3 billion harbour bill Monday"): when each gives one amount of one scale
    word, those are the same amount."""
    amounts: dict[str, list[NumberMention]] = defaultdict(list)
    for n in nodes:
        amounts[n.article_id] += [m for m in n.numbers if m.unit == "money"]
    for x, y in pairs:
        a, b = nodes[x], nodes[y]
        for scale in _SCALES:
            left = [m for m in a.numbers if m.unit == "money" and scale in m.text.lower()]
            right = [m for m in b.numbers if m.unit == "money" and scale in m.text.lower()]
            if len(left) != 1 or len(right) != 1:
                continue
            p, q = left[0], right[0]
            if any(_agree(p, m) for m in amounts[b.article_id]) or any(_agree(q, m) for m in amounts[a.article_id]):
                continue  # each article gives the other's amount somewhere: two amounts, not one disputed
            topic = _shared_topic(a, b)
            slot = ("context", "money", ("day", x, y))
            label = f"amount of money ({topic})" if topic else "amount of money"
            slots.add("number", slot, label, p.value, f"{p.text} {p.noun_text}".strip(), a.article_id)
            slots.add("number", slot, label, q.value, f"{q.text} {q.noun_text}".strip(), b.article_id)


def _cosine(a: _Node, b: _Node, vectors: Mapping[tuple[str, int], np.ndarray] | None) -> float | None:
    if vectors is None or a.key not in vectors or b.key not in vectors:
        return None
    return float(np.dot(vectors[a.key], vectors[b.key]))


def _same_subject(a: _Node, sa: Sequence[str], b: _Node, sb: Sequence[str]) -> bool:
    """Both dated clauses are about the same actor: the names closest before the two dates share a word
    ("House Republicans on Friday ousted ..." / "... House Republicans voted Wednesday to ..."), or the
    sentences' first names do."""
    ta, tb = _actor_before(a.text, sa), _actor_before(b.text, sb)
    if ta & tb:
        return True
    first_a, first_b = extract_names(a.text)[:1], extract_names(b.text)[:1]
    return bool(
        first_a and first_b and {t.lower() for t in first_a[0].tokens} & {t.lower() for t in first_b[0].tokens}
    )


def _actor_before(text: str, surfaces: Sequence[str]) -> set[str]:
    """Words of the last name written before the first of ``surfaces`` in the same clause."""
    at = min((p for p in (text.find(x) for x in surfaces) if p >= 0), default=-1)
    if at < 0:
        return set()
    clause_start = max(text.rfind(c, 0, at) for c in (",", ";", "—", "–", ":"))
    names = [n for n in extract_names(text) if clause_start < text.find(n.text) < at]
    return {t.lower() for t in names[-1].tokens} if names else set()


#: words that make a date the day of a statement ("said Tuesday", "announced on Monday", "data released Thursday",
#: "declared Thursday", "at a press conference Tuesday", "in a statement Friday")
_STATEMENT_VERBS = _REPORTING_VERBS | frozenset(
    "announced announces announce reported reports released releases showed shows published publishes ruled "
    "rules declared declares statement conference briefing interview remarks speech report announcement".split()
)
_POSSESSIVE = re.compile(r"^['’]s\b")


def _reported(text: str, surfaces: Sequence[str], verbs: frozenset[str] = _REPORTING_VERBS) -> bool:
    """A date that dates the saying, not the event said: "an official said Tuesday", "told reporters on
    Friday" (with ``verbs=_STATEMENT_VERBS`` also "announced on Monday", "data released Thursday", and a
    day whose statement follows it: "Friday's jobs report")."""
    for surface in surfaces:
        at = text.find(surface)
        if at < 0:
            continue
        before = [w.lower() for w in _WORD.findall(text[max(0, at - 40) : at])][-3:]
        if any(w in verbs for w in before):
            return True
        rest = text[at + len(surface) :]
        if _POSSESSIVE.match(rest) and any(w.lower() in verbs for w in _WORD.findall(rest[2:40])[:2]):
            return True
    return False


def _same_statement(
    a: _Node, sa: Sequence[str], b: _Node, sb: Sequence[str], shared: set[str], similarity: float | None
) -> bool:
    """Two sentences close in meaning that date a statement of the same named source ("the Labor Department
    said Thursday" / "the Labor Department reported on Saturday"): the day it was made is one fact.
    ``shared`` holds the words next to both dates (`_date_context`); one of them must be a shared name."""
    if similarity is None or similarity < _STATEMENT_SIMILARITY:
        return False
    if not (_reported(a.text, sa, _STATEMENT_VERBS) and _reported(b.text, sb, _STATEMENT_VERBS)):
        return False
    return bool(shared & {stem(t) for t in a.name_tokens & b.name_tokens})


#: cosine of two sentences that say nearly the same: one shared word around two numbers makes them one slot
_CLOSE = 0.7
_NOUN_SLOT_SLACK = 0.15  # noun-slot pairs (same noun, same words around it) may be this far below align_similarity
_STATEMENT_SIMILARITY = 0.65  # cosine for two statements of one source to be taken for the same statement


def _unique(found: list[Disagreement]) -> list[Disagreement]:
    """Drop a disagreement whose variants (values and sources) repeat one already listed."""
    seen: set[frozenset[tuple[str, tuple[str, ...]]]] = set()
    out = []
    for d in found:
        key = frozenset((v.text.lower(), v.sources) for v in d.variants)
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out
