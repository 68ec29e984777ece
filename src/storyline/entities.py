"""People, organisations and places of a story, with aliases merged across articles.

English articles go through spaCy's named-entity recogniser; rules then repair what
the small model gets wrong and merge what the articles spell differently:

* **types by consensus**: every mention votes for a type, and a title in front of a
  name (``President X``, ``Secretary of State X``, ``spokeswoman X``) votes *person*
  three times over, so a lone "Zelenskiy" tagged ORG or "Blinken" tagged GPE
  follows the person it names;
* **surnames**: a surname-only mention joins the full name that ends with it; when
  two people share a surname ("Joe Biden", "Hunter Biden") each bare "Biden" goes to
  the nearest full name before it in the same article;
* **spelling variants and transliterations** (Zelensky / Zelenskiy / Zelenskyy,
  Volodomir / Volodymyr, Jewhen Scharowskyj / Yevhen Sharovsky) compare a folded
  spelling key of the first and last names with rapidfuzz; two names whose first names
  differ and that both appear in one article are kept apart (different people);
* **acronyms**: ``Long Name (LN)`` in the text pairs the two, and an acronym joins the
  one multi-word organisation or place whose initials spell it (NSC, OSCE, NATO, EU);
* **roles**: the title chain written before a name ("National Security Council
  spokesperson Emily Horne") or in an appositive after it ("Ilona Markas, spokeswoman
  for the Regional Water Authority,").

Articles in other languages are not run through the English model: capitalised word
sequences are matched against the names found in the story's English articles (and a
few well-known international aliases), and ``Long Name (ACR)`` pairs are read in any
language.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from .errors import MissingExtra, StorylineError
from .records import Article, Entity, EntityType, Mention, Sentence

if TYPE_CHECKING:  # spaCy is imported lazily, when a model is loaded
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["TITLE_WORDS", "MissingModel", "extract_entities", "load_nlp", "name_key", "resolve_name"]

_LABELS: Mapping[str, EntityType] = MappingProxyType(
    {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place", "EVENT": "other",
     "LAW": "other"}
)
_ENGLISH = frozenset({"en", "und", ""})
_VOTE = "\x00vote"  # marks a raw mention that only carries a type vote

#: Head words of roles; a title right before a name makes it a person.
TITLE_WORDS = frozenset(
    """
    president vice-president president-elect secretary secretary-general minister premier chancellor spokesman
    spokeswoman spokesperson spokespeople adviser advisor ambassador envoy senator congressman congresswoman
    representative governor mayor director chairman chairwoman chair chairperson ceo executive chief commissioner
    official leader king queen prince princess pope judge justice attorney prosecutor colonel admiral general
    commander captain lieutenant sergeant officer correspondent reporter editor analyst professor researcher engineer
    economist auditor inspector head founder coach striker midfielder defender goalkeeper forward manager player
    lawmaker legislator deputy diplomat aide negotiator sheriff detective lawyer scientist expert owner
    speaker whip treasurer comptroller administrator superintendent councilman councilwoman councillor councilor
    councilmember assemblyman assemblywoman magistrate solicitor counsel dean provost emir sheikh monarch
    """.split()
)
# Lower-case words that may stand inside a title before a name ("White House national security adviser").
_ROLE_MODIFIERS = frozenset(
    """
    national security press deputy senior former foreign interior defense defence state chief executive general vice
    acting interim top prime assistant principal communications sporting environment health finance economy justice
    regional local federal public human rights first second foreign-policy intelligence military armed forces
    hydraulic infrastructure technical managing political campaign opposition party union team club head
    majority minority house senate associate surgeon attorney lieutenant
    """.split()
)
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady prof prof. gen. sen. rep. gov.".split())
_FUNCTION = frozenset(
    "of for and the in on at to de del della der die das den dem des du la le les el los las y et und für van von"
    .split()
)
_DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")
_OWNERS = frozenset({"the", "his", "her", "its", "their", "our", "a", "an"})
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today yesterday tomorrow".split()
)
_ORG_WORDS = frozenset(
    """
    Engineering Security University Bank Group Ministry Council Authority Office Service Party Union Club Athletic
    Deportivo Atlético FC Inc Ltd Corp Corporation Company Agency Department Committee Commission Court Police Army
    Times Post News Radio Institute Foundation Association Federation League Airlines Holdings Partners Capital Fund
    Board Bureau Organization Organisation Alliance Front Movement Assembly Parliament Senate Congress Administration
    Gazette Herald Tribune Journal Courier Chronicle Telegraph Guardian Observer Express Magazine Television TV
    Network Broadcasting Reuters Press
    """.split()
)
_PLACE_WORDS = frozenset(
    """
    River Lake Valley Dam Mountain Mountains Sea Island Islands Province Region District Street Square Airport Bridge
    Upper Lower Bay Gulf Peninsula Canal Port Mount Coast Forest Desert County Republic
    """.split()
)
_NATIONALITY = re.compile(r"^(?:U\.?S\.?|U\.?K\.?|E\.?U\.?|[A-Z][a-z]+(?:an|ian|ese|ish|i|ch)|[A-Z][a-z]+['’]s)$")

# Well-known names in a few other languages, for articles the English model cannot read.
_KNOWN_ALIASES: Mapping[str, tuple[str, EntityType]] = MappingProxyType(
    {
        "otan": ("NATO", "organization"),
        "nato": ("NATO", "organization"),
        "union europeenne": ("European Union", "organization"),
        "union europea": ("European Union", "organization"),
        "europaische union": ("European Union", "organization"),
        "unione europea": ("European Union", "organization"),
        "eeuu": ("United States", "place"),
        "estados unidos": ("United States", "place"),
        "etats unis": ("United States", "place"),
        "vereinigte staaten": ("United States", "place"),
        "stati uniti": ("United States", "place"),
        "casa blanca": ("White House", "organization"),
        "maison blanche": ("White House", "organization"),
        "veisses haus": ("White House", "organization"),
        "casa bianca": ("White House", "organization"),
        "kreml": ("Kremlin", "organization"),
        "naciones unidas": ("United Nations", "organization"),
        "nations unies": ("United Nations", "organization"),
        "vereinte nationen": ("United Nations", "organization"),
    }
)

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_CAP_WORD = rf"[{_UPPER}][\w’'.-]*"
_CAP_RUN = re.compile(
    rf"(?<![\w’'-]){_CAP_WORD}(?:\s+(?:(?:of|for|and|in|on|the|de|del|der|des|du|la|le|van|von)\s+)?{_CAP_WORD})*"
)
_PAREN = re.compile(r"\(\s*(?:the\s+)?(?P<inner>[^()\n]{1,80}?)\s*\)")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9]{0,2}[A-Z0-9][A-Za-z0-9]{0,4}$|^(?:[A-Z]\.){2,5}$")
_TITLE_OF = re.compile(r"(?:Secretary|Minister|Ministry|Department|Office|Secretary-General) of (?:the )?$")


class MissingModel(MissingExtra):
    """The configured spaCy model package is not installed."""

    def __init__(self, model: str) -> None:
        StorylineError.__init__(
            self,
            f"the spaCy model package {model!r} is not installed",
            hint="install the pinned model with: pip install --no-deps --require-hashes -r requirements-models.txt; "
            "or set extract.spacy_model to an installed spaCy pipeline package",
        )


#: Components the extractor never reads (it uses tokens, part-of-speech tags and entities).
_UNUSED_PIPES = ("parser", "lemmatizer", "senter")


def load_nlp(config: Any) -> Language:
    """Load the spaCy pipeline package named by ``extract.spacy_model``.

    The package is imported lazily (``importlib``) and its ``load()`` called, without the
    components the extractor does not use.

    Args:
        config: the whole `Config`, its ``[extract]`` section, or any mapping with a
            ``spacy_model`` key.

    Returns:
        The loaded spaCy ``Language``.

    Raises:
        MissingExtra: spaCy itself is not installed.
        MissingModel: the model package is not installed (a `MissingExtra`).
    """
    section = config.extract if hasattr(config, "sections") else config
    model = str(section["spacy_model"])
    if importlib.util.find_spec("spacy") is None:
        raise MissingExtra("spacy", "extract")
    try:
        package = importlib.import_module(model)
    except ImportError:
        raise MissingModel(model) from None
    loader = getattr(package, "load", None)
    if not callable(loader):
        raise MissingModel(model)
    return loader(exclude=list(_UNUSED_PIPES))


# --------------------------------------------------------------------------- name keys


def _fold(text: str) -> str:
    """Lower-case ASCII letters, digits and single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’]s\b", "", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _translit(word: str) -> str:
    """Fold transliteration variants of one word (Scharowskyj → sharovsky, Zelenskiy → zelensky)."""
    w = word.replace("tsch", "ch").replace("sch", "sh").replace("w", "v").replace("j", "y").replace("ph", "f")
    w = w.replace("kh", "h").replace("yy", "y")
    return re.sub(r"(?:iy|yi|ii|ij|yj)$", "y", w)


def name_key(text: str) -> str:
    """The comparison key of a name.

    Folded to lower-case ASCII, without determiners, honorifics or possessive endings,
    transliteration variants folded; acronyms lose their dots (``U.S.`` and ``US`` share
    a key).
    """
    text = text.strip().strip("()[]\"'“”‘’,;:")
    if re.fullmatch(r"(?:[A-Z]\.){2,6}", text):
        text = text.replace(".", "")
    for det in _DETERMINERS:
        if text.startswith(det):
            text = text[len(det) :]
    words = _fold(text).split()
    while len(words) > 1 and words[0] in {h.rstrip(".") for h in _HONORIFICS}:
        words = words[1:]
    return " ".join(_translit(w) for w in words)


def _is_acronym(surface: str) -> bool:
    s = surface.strip()
    return bool(_ACRONYM.match(s)) and sum(c.isupper() or c.isdigit() for c in s) >= 2


def _initials(text: str) -> set[str]:
    """Possible acronyms of a multi-word name (with and without its function words)."""
    words = [w for w in re.split(r"[\s-]+", text) if w and w[0].isalnum()]
    if len(words) < 2:
        return set()
    content = [w for w in words if w.lower() not in _FUNCTION]
    out = {"".join(w[0] for w in content).lower(), "".join(w[0] for w in words).lower()}
    return {o for o in out if len(o) >= 2}


#: Initial letters that transliterations swap (German "Selenskyj" for "Zelensky", "Kyiv"/"Ciev").
_INITIAL_SWAPS = frozenset({frozenset("sz"), frozenset("ck"), frozenset("iy"), frozenset("gh")})


def _same_initial(a: str, b: str) -> bool:
    return a == b or frozenset((a, b)) in _INITIAL_SWAPS


def _same_person_name(a: str, b: str, threshold: float) -> bool:
    """Whether two multi-word person keys are spelling variants of one name (first and last names compared)."""
    ta, tb = a.split(), b.split()
    if len(ta) < 2 or len(tb) < 2:
        return False
    if not _same_initial(ta[-1][0], tb[-1][0]) or fuzz.ratio(ta[-1], tb[-1]) < threshold:
        return False
    fa, fb = ta[0], tb[0]
    if fa == fb:
        return True
    if len(fa) == 1 or len(fb) == 1:
        return _same_initial(fa[0], fb[0])
    return fuzz.ratio(fa, fb) >= threshold - 10


#: abbreviated offices that are titles (a role) and not only honorifics: "Sen. Joe Manchin"
_TITLE_ABBREVIATIONS = frozenset({"sen.", "rep.", "gov.", "lt."})


def _is_title(word: str) -> bool:
    if word.lower() in _TITLE_ABBREVIATIONS:
        return True
    w = word.lower().strip(".,")
    return w in TITLE_WORDS or (w.endswith("s") and w[:-1] in TITLE_WORDS)


# --------------------------------------------------------------------------- raw mentions


@dataclass
class _Raw:
    """One mention before clustering."""

    article_id: str
    start: int
    end: int
    surface: str
    label: EntityType
    weight: float = 1.0
    roles: list[str] = field(default_factory=list)
    cluster: str | None = None  # a forced cluster key (non-English matches), or _VOTE

    @property
    def key(self) -> str:
        return name_key(self.surface)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to the name proper: no determiners, brackets, quotes or possessive endings."""
    while start < end:
        before = (start, end)
        span = text[start:end]
        for det in _DETERMINERS:
            if span.startswith(det):
                start += len(det)
                break
        span = text[start:end]
        if span[:1] and span[0] in "([\"'“‘„«":
            start += 1
        span = text[start:end]
        if span[-1:] and span[-1] in ")]\"'”’“».,;:" and not re.search(r"(?:\b[A-Z]\.)+$", span):
            end -= 1
        span = text[start:end]
        if span.endswith(("'s", "’s")):
            end -= 2
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if (start, end) == before:
            break
    return start, end


#: a region or nationality adjective ("European", "Western", "Velmoran")
_REGIONAL_ADJECTIVE = re.compile(r"^[A-Z][a-z]+(?:an|ian|ese|ish|ic|i|ch|ern)$")
#: plural common nouns for a group of countries or people, capitalised in a statement ("our European Allies")
_GROUP_NOUNS = frozenset(
    """
    allies partners forces troops nations countries governments counterparts neighbors neighbours members citizens
    leaders officials lawmakers diplomats authorities capitals
    """.split()
)


def _acceptable(surface: str) -> bool:
    if not surface or "\n" in surface or len(surface) > 70:
        return False
    if not (surface[0].isupper() or surface[0].isdigit()):
        return False
    words = surface.lower().split()
    if all(_is_title(w) or w in _HONORIFICS or w in _CALENDAR for w in words):
        return False
    if len(words) == 2 and words[1] in _GROUP_NOUNS and _REGIONAL_ADJECTIVE.match(surface.split()[0]):
        return False  # "European Allies", "Western Partners": a description of a group, not its name
    return any(c.isalpha() for c in surface)


def _name_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The name inside an entity span: cut at a bracket, drop a leading owner ("Aldmere's Office of ...")."""
    start, end = _trim(text, start, end)
    span = text[start:end]
    cut = min((i for i in (span.find("("), span.find(")")) if i > 0), default=-1)
    if cut > 0:
        start, end = _trim(text, start, start + cut)
        span = text[start:end]
    owner = re.match(rf"[{_UPPER}][\w-]*['’]s\s+(?=[{_UPPER}]\w+\s+\w)", span)
    if owner:
        start += owner.end()
    return start, end


#: names of things rather than of people, bodies or places: a word with a hyphenated number ("Kelvax-21",
#: "Orbis-3"), or a disease ("Marsh fever", "Delvan syndrome", "Tarlitis")
_THING = re.compile(
    r"^[A-Za-z]*[A-Z][A-Za-z]{2,}-\d{1,3}$|\b(?:[Cc]oronavirus|virus|disease|syndrome|fever|flu|influenza|pox)$"
    r"|^[A-Z][a-z]+(?:itis|osis)$"
)


def _context_votes(text: str, start: int, end: int, surface: str) -> list[tuple[EntityType, float]]:
    """Type votes from the words of a name and around it ("in Sedrin", "Orvek Engineering", "Lake Brenna")."""
    words = surface.split()
    votes: list[tuple[EntityType, float]] = []
    if words[-1] in _ORG_WORDS or words[0] in _ORG_WORDS:
        votes.append(("organization", 2.0))
    if words[-1] in _PLACE_WORDS or words[0] in _PLACE_WORDS:
        votes.append(("place", 2.0))
    if re.search(r"\b(?:in|near|from|to|into|across|outside)\s+$", text[max(0, start - 12) : start]):
        votes.append(("place", 1.0))
    if _THING.search(surface):  # a disease, a strain, a model: a named thing, never a person, body or place
        votes.append(("other", 5.0))
    return votes


def _spacy_mentions(article: Article, doc: Doc) -> list[_Raw]:
    text = article.text
    raws: list[_Raw] = []
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = _name_span(text, ent.start_char, ent.end_char)
        start = _skip_office_domain(text, start, end)
        if label == "person":
            start = _skip_leading_titles(text, start, end)
        surface = text[start:end]
        if not _acceptable(surface):
            continue
        if " " not in surface and _TITLE_OF.search(text[max(0, start - 30) : start]):
            continue  # "State" in "Secretary of State"
        roles, cue = _roles_around(doc, start, end)
        raws.append(_Raw(article.id, start, end, surface, label, roles=roles))
        if cue:  # a title right before the name: three extra votes for "person"
            raws.append(_Raw(article.id, start, end, surface, "person", weight=3.0, cluster=_VOTE))
        else:
            if label == "person" and _is_acronym(surface):  # "RVI" is not a person
                raws.append(_Raw(article.id, start, end, surface, "organization", weight=2.0, cluster=_VOTE))
            for etype, weight in _context_votes(text, start, end, surface):
                raws.append(_Raw(article.id, start, end, surface, etype, weight=weight, cluster=_VOTE))
    return _split_conjoined(raws, text)


#: what an office is "of" ("Secretary of Homeland Security", "Minister of Foreign Affairs"): words that end a
#: title written before a name and are never the start of the name itself
_OFFICE_DOMAINS = frozenset(
    """
    state defense defence homeland security health human services treasury education energy labor labour commerce
    agriculture transportation transport interior justice veterans affairs housing urban development foreign home
    finance economy trade environment culture war navy army air force staff information communications digital
    infrastructure industry public works tourism sport sports science technology immigration police house senate
    assembly parliament congress commons lords council board opposition supreme court the and
    """.split()
)
_OFFICE_OF = re.compile(r"(\S+)\s+of\s+(?:the\s+)?$")
def _skip_office_domain(text: str, start: int, end: int) -> int:
    """Where a name begins inside a span that swallowed the domain of the office written before it.

    "Secretary of [Homeland Security Ilse Varn]", "Speaker of the [House Marla Quinton]": the domain belongs to
    the role, not to the name.
    A span of domain words only ("Minister of [Foreign Affairs]") is left as it is.
    """
    before = _OFFICE_OF.search(text[max(0, start - 40) : start])
    if before is None or not _is_title(before.group(1)):
        return start
    words = list(re.finditer(r"\S+", text[start:end]))
    k = 0
    while k < len(words) and words[k].group().lower() in _OFFICE_DOMAINS:
        word = words[k].group()
        if not (word[0].isupper() or word in ("the", "and")):
            break
        k += 1
    if k == 0 or k == len(words) or not words[k].group()[0].isupper():
        return start
    return start + words[k].start()


def _skip_leading_titles(text: str, start: int, end: int) -> int:
    """Where a person's name begins inside a span that swallowed its title ("Spokeswoman Odile Ferrant").

    A title "of" a domain inside the span goes too: "[Minister of Finance Ilse Varn]".
    """
    words = list(re.finditer(r"\S+", text[start:end]))
    k = 0
    while k < len(words) - 1 and (_is_title(words[k].group()) or words[k].group().lower() in _HONORIFICS):
        k += 1
    if k and k < len(words) - 1 and words[k].group() == "of":
        name_start = _skip_office_domain(text, start + words[k + 1].start(), end)
        if name_start > start + words[k + 1].start():
            return name_start
    return start + words[k].start() if k else start


def _split_conjoined(raws: list[_Raw], text: str) -> list[_Raw]:
    """Split "National Security Council and Department of Defense" when its left part is a name of its own."""
    keys = {r.key for r in raws if " and " not in r.surface}
    out: list[_Raw] = []
    for r in raws:
        left, sep, right = r.surface.partition(" and ")
        if sep and name_key(left) in keys and right[:1].isupper():
            out.append(_Raw(r.article_id, r.start, r.start + len(left), left, r.label, r.weight))
            rs = r.start + len(left) + len(sep)
            out.append(_Raw(r.article_id, rs, r.end, text[rs : r.end], r.label, r.weight))
        else:
            out.append(r)
    return out


def _token_at(doc: Doc, char: int) -> int | None:
    """The index of the token covering character ``char``, or None (whitespace, out of range)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    return tok.i if tok.idx <= char < tok.idx + len(tok.text) else None


def _pre_ok(tok: Token) -> bool:
    """A token that may belong to a title chain written before a name."""
    if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERSON", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"):
        return False
    low = tok.lower_
    if low in ("of", "for", "'s", "’s", "the") or _is_title(tok.text) or low in _ROLE_MODIFIERS:
        return True
    if tok.pos_ in ("VERB", "AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM"):
        return False
    return tok.text[:1].isupper() and (tok.is_alpha or "." in tok.text or "-" in tok.text or "’" in tok.text)


def _clean_role(tokens: Sequence[Token]) -> str | None:
    toks = list(tokens)
    while toks and (toks[0].lower_ in ("of", "for", "at", "the", "'s", "’s", "and") or toks[0].pos_ == "DET"):
        toks = toks[1:]
    while toks and toks[-1].lower_ in ("of", "for", "at", "the", "and"):
        toks = toks[:-1]
    if not toks or len(toks) > 9 or not any(_is_title(t.text) for t in toks):
        return None
    text = "".join(t.text_with_ws for t in toks).strip()
    return text or None


def _roles_around(doc: Doc, start: int, end: int) -> tuple[list[str], bool]:
    """Roles written next to a name, and whether a title chain directly precedes it.

    Returns:
        (roles, person_cue): the title chain before the name and the appositive after it.
    """
    roles: list[str] = []
    first, last = _token_at(doc, start), _token_at(doc, end - 1)
    if first is None or last is None:
        return roles, False
    # Before: "National Security Council spokesperson Emily Horne"; "Velmora's prime minister, Yevhen Sharovsky".
    i = first - 1
    comma = i >= 0 and doc[i].text == ","
    if comma:
        i -= 1
    chain: list[Token] = []
    while i >= 0 and len(chain) < 10 and _pre_ok(doc[i]):
        chain.insert(0, doc[i])
        i -= 1
    cue = False
    if chain and (not comma or i < 0 or doc[i].lower_ in _OWNERS or doc[i].text in ".\n"):
        role = _clean_role(chain)
        if role and (_is_title(chain[-1].text) or any(t.lower_ == "of" for t in chain)):
            roles.append(role)
            cue = True
    if chain and not comma and chain[-1].lower_.rstrip(".") in {h.rstrip(".") for h in _HONORIFICS}:
        cue = True
    # After: "Ilona Markas, a spokeswoman for the Regional Water Authority, which ..."
    j = last + 1
    if j < len(doc) and doc[j].text == ",":
        j += 1
        if j < len(doc) and doc[j].pos_ == "DET":
            j += 1
        after: list[Token] = []
        while j < len(doc) and len(after) < 10:
            tok = doc[j]
            if tok.text in (",", ".", ";", "(", ")", ":") or "\n" in tok.text or tok.pos_ in ("VERB", "AUX", "PRON"):
                break
            if tok.ent_type_ in ("DATE", "TIME", "CARDINAL") or tok.pos_ == "NUM":
                after = []
                break
            after.append(tok)
            j += 1
        ending_ok = j >= len(doc) or doc[j].text in (",", ".", ";", "(", ")")
        role = _clean_role(after) if ending_ok and after else None
        if role:
            roles.append(role)
    return roles, cue


def _title_cue_mentions(article: Article, doc: Doc, taken: list[tuple[int, int]]) -> list[_Raw]:
    """Names right after a title that spaCy missed: "spokeswoman Emily Horne", "Mayor Ivo Stanek"."""
    out: list[_Raw] = []
    for tok in doc:
        if not _is_title(tok.text) and tok.lower_ not in _HONORIFICS:
            continue
        j = tok.i + 1
        while j < len(doc) and _is_title(doc[j].text) and doc[j].text[0].isupper():
            j += 1
        name: list[Token] = []
        while j < len(doc) and len(name) < 3:
            t = doc[j]
            if not re.fullmatch(rf"[{_UPPER}][\w'’-]*", t.text):
                break
            if t.lower_ in _CALENDAR or _is_title(t.text) or t.ent_type_ in ("GPE", "NORP", "ORG", "DATE", "LOC"):
                break
            name.append(t)
            j += 1
        if not name:
            continue
        start, end = name[0].idx, name[-1].idx + len(name[-1].text)
        if any(s < end and start < e for s, e in taken):
            continue
        surface = article.text[start:end]
        if _acceptable(surface):
            roles, _ = _roles_around(doc, start, end)
            out.append(_Raw(article.id, start, end, surface, "person", weight=3.0, roles=roles))
            taken.append((start, end))
    return out


def _paren_pairs(article: Article) -> list[tuple[_Raw, _Raw]]:
    """``Long Name (ACR)`` and ``ACR (Long Name)`` pairs, in any language."""
    text = article.text
    pairs: list[tuple[_Raw, _Raw]] = []
    for m in _PAREN.finditer(text):
        inner = m.group("inner").strip()
        inner_start = m.start("inner")
        offset = max(0, m.start() - 120)
        before = text[offset : m.start()].rstrip()
        runs = list(_CAP_RUN.finditer(before))
        if not runs or runs[-1].end() != len(before):
            continue
        run = runs[-1]
        run_text, run_start = run.group(), offset + run.start()
        if _is_acronym(inner):
            words = run_text.split()
            chosen = None  # the shortest tail whose initials spell the acronym
            for k in range(len(words) - 1, -1, -1):
                tail = " ".join(words[k:])
                if inner.replace(".", "").lower() in _initials(tail):
                    chosen = tail
                    break
            if chosen is None:  # "Bucharest Nine (B9)": the shortest tail that starts with the acronym's letter
                for k in range(len(words) - 1, max(-1, len(words) - 5), -1):
                    if words[k][0] == inner[0] and words[k].lower() not in _FUNCTION:
                        chosen = " ".join(words[k:])
                        break
            if chosen is None:
                continue
            long_start = run_start + run_text.rfind(chosen)
            pairs.append(
                (
                    _Raw(article.id, long_start, long_start + len(chosen), chosen, "organization"),
                    _Raw(article.id, inner_start, inner_start + len(inner), inner, "organization"),
                )
            )
        elif _is_acronym(run_text.split()[-1]) and re.fullmatch(rf"[{_UPPER}][\w’'-]*(?:\s+[\w’'-]+){{1,8}}", inner):
            acr = run_text.split()[-1]
            if acr.replace(".", "").lower() not in _initials(inner):
                continue
            acr_start = run_start + run_text.rfind(acr)
            pairs.append(
                (
                    _Raw(article.id, inner_start, inner_start + len(inner), inner, "organization"),
                    _Raw(article.id, acr_start, acr_start + len(acr), acr, "organization"),
                )
            )
    return pairs


# --------------------------------------------------------------------------- clustering


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class _Form:
    """All mentions written with one name key."""

    key: str
    votes: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    surfaces: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    count: int = 0

    @property
    def type(self) -> str:
        order = ("person", "organization", "place", "other")
        return max(order, key=lambda t: (self.votes.get(t, 0.0), -order.index(t))) if self.votes else "other"

    @property
    def words(self) -> list[str]:
        return self.key.split()

    @property
    def acronym(self) -> bool:
        return all(_is_acronym(s) for s in self.surfaces)


def extract_entities(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    nlp: Language,
    *,
    name_similarity: float = 85.0,
) -> list[Entity]:
    """Find the people, organisations and places of a story and merge their aliases.

    Args:
        articles: the story's articles.
        sentences: ``{article id: sentences}``; in non-English articles a lone
            capitalised word at a sentence start is not taken for a name unless known.
        nlp: the spaCy pipeline from `load_nlp`.
        name_similarity: rapidfuzz ratio (0–100) two surnames must reach to count as
            spelling variants of one name (first names get 10 points of slack).

    Returns:
        Entities sorted by number of source articles, then of mentions (most first).

    Raises:
        ValueError: ``name_similarity`` is outside 0..100.
    """
    if not 0 <= name_similarity <= 100:
        raise ValueError(f"name_similarity={name_similarity} must be within 0..100")
    english = [a for a in articles if (a.language or "").lower() in _ENGLISH]
    others = [a for a in articles if (a.language or "").lower() not in _ENGLISH]
    raws: list[_Raw] = []
    links: list[tuple[str, str]] = []
    unused = [name for name in _UNUSED_PIPES if name in nlp.pipe_names]
    docs = nlp.pipe([a.text for a in english], disable=unused)
    for article, doc in zip(english, docs, strict=True):
        found = _spacy_mentions(article, doc)
        found += _title_cue_mentions(article, doc, [(r.start, r.end) for r in found])
        raws.extend(found)
    for article in articles:
        for long_raw, short_raw in _paren_pairs(article):
            raws.extend((long_raw, short_raw))
            links.append((long_raw.key, short_raw.key))

    votes = [r for r in raws if r.cluster == _VOTE]
    raws = [r for r in raws if r.cluster != _VOTE]
    raws = _drop_capitalised_common_nouns(raws, articles)
    _extend_to_acronyms(raws, articles)
    raws = _dedupe_spans(raws)
    forms = _forms(raws, votes)
    uf = _UnionFind()
    _merge_all(forms, uf, links, name_similarity)
    if others:
        extra = _match_foreign(others, sentences, forms, uf, name_similarity)
        raws = _dedupe_spans(raws + extra)
        forms = _forms(raws, votes)
        for r in extra:
            if r.cluster:
                uf.union(r.key, r.cluster)
        _merge_all(forms, uf, links, name_similarity)
    per_raw = _link_surnames(raws, forms, uf)
    return _propagate(articles, _build(raws, forms, uf, per_raw))


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether a word at ``pos`` opens a sentence, a line or a quotation."""
    before = text[:pos].rstrip(" \t\"“‘'(«")
    return not before or before[-1] in ".!?:\n"


def _drop_capitalised_common_nouns(raws: list[_Raw], articles: Sequence[Article]) -> list[_Raw]:
    """Drop one-word "names" that are common nouns capitalised only because they open a sentence.

    "Vaccines reached the valley." is not a name when the story also writes "the vaccines" and never
    capitalises the word elsewhere: a name keeps its capital in mid-sentence.
    """
    texts = [a.text for a in articles]
    verdict: dict[str, bool] = {}

    def common(word: str) -> bool:
        if word not in verdict:
            lower = re.compile(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])")
            capital = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
            verdict[word] = any(lower.search(t) for t in texts) and all(
                _sentence_initial(t, m.start()) for t in texts for m in capital.finditer(t)
            )
        return verdict[word]

    return [r for r in raws if not (re.fullmatch(r"[A-Z][a-z]+", r.surface) and common(r.surface))]


_ACRONYM_WORD = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{1,6}(?![\w-])")
_NAME_TAIL = re.compile(rf"\s+(?:in|of|for|on|and)\s+(?:the\s+)?{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}}")


def _extend_to_acronyms(raws: list[_Raw], articles: Sequence[Article]) -> None:
    """Extend a name the model cut short when the story's acronym spells the longer one.

    spaCy often reads "Organization for Security and Cooperation in Europe" as an
    organisation followed by a place; when an acronym of the story (OSCE) spells the
    whole sequence, the organisation takes it all (the place mention is then dropped as
    overlapping).
    """
    texts = {a.id: a.text for a in articles}
    acronyms = {m.group().lower() for text in texts.values() for m in _ACRONYM_WORD.finditer(text)}
    if not acronyms:
        return
    for r in raws:
        if r.label == "person" or " " not in r.surface or acronyms & _initials(r.surface):
            continue
        text = texts[r.article_id]
        tail = _NAME_TAIL.match(text, r.end)
        if tail is None:
            continue
        words = list(re.finditer(r"\S+", tail.group()))
        for k in range(len(words), 0, -1):
            end = tail.start() + words[k - 1].end()
            if words[k - 1].group().lower() in _FUNCTION:
                continue
            if acronyms & _initials(text[r.start : end]):
                r.end, r.surface, r.label = end, text[r.start : end], "organization"
                break


def _merge_all(forms: Mapping[str, _Form], uf: _UnionFind, links: Iterable[tuple[str, str]], threshold: float) -> None:
    for k in forms:
        uf.find(k)
    for a, b in links:
        if a in forms and b in forms:
            uf.union(a, b)
    _merge_acronyms(forms, uf)
    _merge_person_variants(forms, uf, threshold)
    _merge_truncated(forms, uf)
    _merge_country_names(forms, uf)


def _dedupe_spans(raws: Sequence[_Raw]) -> list[_Raw]:
    """One raw mention per text span: identical spans pool roles, overlapping ones keep the longest."""
    best: dict[tuple[str, int, int], _Raw] = {}
    for r in raws:
        k = (r.article_id, r.start, r.end)
        if k in best:
            kept = best[k]
            kept.roles.extend(x for x in r.roles if x not in kept.roles)
            if r.weight > kept.weight:
                kept.label, kept.weight = r.label, r.weight
            kept.cluster = kept.cluster or r.cluster
        else:
            best[k] = r
    ordered = sorted(best.values(), key=lambda r: (r.article_id, r.start, -(r.end - r.start)))
    out: list[_Raw] = []
    for r in ordered:
        if out and out[-1].article_id == r.article_id and r.start < out[-1].end:
            continue
        out.append(r)
    return out


def _forms(raws: Sequence[_Raw], votes: Sequence[_Raw]) -> dict[str, _Form]:
    forms: dict[str, _Form] = {}
    for r in raws:
        key = r.key
        if not key:
            continue
        f = forms.setdefault(key, _Form(key))
        f.votes[r.label] += r.weight
        f.surfaces[r.surface] += 1
        f.articles.add(r.article_id)
        f.count += 1
    for r in votes:
        if r.key in forms:
            forms[r.key].votes[r.label] += r.weight
    return forms


def _merge_acronyms(forms: Mapping[str, _Form], uf: _UnionFind) -> None:
    """An acronym joins the one multi-word organisation or place whose initials spell it."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for f in forms.values():
        if len(f.words) >= 2 and f.type != "person":
            for surface in f.surfaces:
                for ini in _initials(surface):
                    by_initials[ini].add(uf.find(f.key))
    for f in forms.values():
        if not f.acronym:
            continue
        targets = by_initials.get(f.key.replace(" ", ""), set()) - {uf.find(f.key)}
        if len(targets) == 1:
            uf.union(f.key, next(iter(targets)))


#: keys of the names of one country that share no spelling ("America", "USA", "U.S.", "United States")
_COUNTRY_NAMES = frozenset({"united states", "united states of america", "us", "u s", "usa", "u s a", "america"})


def _merge_country_names(forms: Mapping[str, _Form], uf: _UnionFind) -> None:
    """The names of one country join when they are used as a place ("America's harbours", "the USA sent").

    Only a whole name counts ("South America", "Bank of America" have keys of their own), and only a
    form typed as a place: "America" the country, not a person or a ship called so.
    """
    found = [f.key for f in forms.values() if f.key in _COUNTRY_NAMES and f.type == "place"]
    for key in found[1:]:
        uf.union(found[0], key)


def _person_forms(forms: Mapping[str, _Form]) -> list[_Form]:
    return [f for f in forms.values() if f.type == "person" and len(f.words) >= 2]


def _merge_person_variants(forms: Mapping[str, _Form], uf: _UnionFind, threshold: float) -> None:
    people = _person_forms(forms)
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if not _same_person_name(a.key, b.key, threshold):
                continue
            if a.words[0] != b.words[0] and a.articles & b.articles and min(len(a.words[0]), len(b.words[0])) > 1:
                continue  # two first names in one article: two people
            uf.union(a.key, b.key)


def _merge_truncated(forms: Mapping[str, _Form], uf: _UnionFind) -> None:
    """A name cut short ("Organization for Security and Cooperation") joins the full one ("... in Europe")."""
    names = [f for f in forms.values() if f.type in ("organization", "place") and len(f.words) >= 3]
    for a in names:
        for b in names:
            n = len(a.words)
            if n < len(b.words) and b.words[:n] == a.words and b.words[n] in _FUNCTION:
                uf.union(a.key, b.key)


def _bare_model_label(form: _Form) -> bool:
    """A one-word organisation or place with no vote but the model's own ("Zelenskiy" as ORG, "Blinken" as GPE).

    Such a form may be a surname the model mistyped; a word seen after "in" or with an
    organisation word carries extra votes and is left alone ("in Washington").
    """
    return len(form.words) == 1 and not form.acronym and all(form.votes[t] <= form.count for t in form.votes)


#: particles that open a surname ("de Blasio", "van Brandt", "al-Sadr" aside)
_SURNAME_PARTICLES = frozenset("de van von da di del della der den du la le ter ten bin".split())


def _link_surnames(raws: Sequence[_Raw], forms: Mapping[str, _Form], uf: _UnionFind) -> dict[int, str]:
    """Join surname-only forms to full names.

    Returns:
        Cluster roots for single mentions of surnames that two people share (each goes
        to the nearest full name before it in its article, else the most mentioned).
    """
    people = _person_forms(forms)
    per_raw: dict[int, str] = {}
    for f in forms.values():
        if (len(f.words) >= 2 and f.type == "person" and f.words[0] not in _SURNAME_PARTICLES) or f.acronym:
            continue  # (a surname with its particle, "de Blasio", "van Brandt", is a surname too)
        candidates = [
            p
            for p in people
            if len(p.words) > len(f.words)
            and p.words[-len(f.words) :] == f.words
            and (f.votes.get("person", 0.0) > 0 or p.articles & f.articles or _bare_model_label(f))
        ]
        roots = {uf.find(p.key) for p in candidates}
        if not roots and len(f.words) == 1 and f.type == "person":
            # a first name alone ("Dario is the best striker") in an article that names one such person in full
            firsts = {uf.find(p.key) for p in people if p.words[0] == f.words[0] and p.articles & f.articles}
            if len(firsts) == 1:
                uf.union(f.key, firsts.pop())
            continue
        if len(roots) == 1:
            uf.union(f.key, roots.pop())
        elif roots:
            full = {p.key for p in candidates}
            busiest = max(candidates, key=lambda p: (p.count, p.key))
            for idx, r in enumerate(raws):
                if r.key != f.key:
                    continue
                before = [x for x in raws if x.article_id == r.article_id and x.key in full and x.start < r.start]
                chosen = max(before, key=lambda x: x.start).key if before else busiest.key
                per_raw[idx] = chosen
    return per_raw


def _match_foreign(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    forms: Mapping[str, _Form],
    uf: _UnionFind,
    threshold: float,
) -> list[_Raw]:
    """Mentions in non-English articles: capitalised sequences that name an entity known in the story."""
    people = _person_forms(forms)
    surnames: dict[str, set[str]] = defaultdict(set)
    for p in people:
        surnames[p.words[-1]].add(uf.find(p.key))
    out: list[_Raw] = []
    for article in articles:
        starts = {s.start for s in sentences.get(article.id, ())}
        for run in _CAP_RUN.finditer(article.text):
            words = list(re.finditer(r"\S+", run.group()))
            i = 0
            while i < len(words):
                step = 1
                for j in range(min(len(words), i + 5), i, -1):
                    s, e = _trim(article.text, run.start() + words[i].start(), run.start() + words[j - 1].end())
                    surface = article.text[s:e]
                    key = name_key(surface)
                    if not key or not _acceptable(surface):
                        continue
                    target, label = _foreign_target(key, forms, surnames, people, threshold)
                    if target is None:
                        continue
                    if s in starts and " " not in surface and key not in forms:
                        continue  # a capitalised first word of a sentence
                    out.append(_Raw(article.id, s, e, surface, label, weight=0.5, cluster=target))
                    step = j - i
                    break
                i += step
    return out


def _foreign_target(
    key: str,
    forms: Mapping[str, _Form],
    surnames: Mapping[str, set[str]],
    people: Sequence[_Form],
    threshold: float,
) -> tuple[str | None, EntityType]:
    if key in forms:
        return key, forms[key].type  # type: ignore[return-value]
    words = key.split()
    if len(words) >= 2:
        for p in people:
            if _same_person_name(key, p.key, threshold):
                return p.key, "person"
    elif words[0] in surnames and len(surnames[words[0]]) == 1:
        return next(iter(surnames[words[0]])), "person"
    if key in _KNOWN_ALIASES:
        canonical, etype = _KNOWN_ALIASES[key]
        return name_key(canonical), etype
    return None, "other"


def _build(
    raws: Sequence[_Raw], forms: Mapping[str, _Form], uf: _UnionFind, per_raw: Mapping[int, str]
) -> list[Entity]:
    groups: dict[str, list[_Raw]] = defaultdict(list)
    for idx, r in enumerate(raws):
        if r.key in forms:
            groups[uf.find(per_raw.get(idx, r.key))].append(r)
    entities: list[Entity] = []
    for group in groups.values():
        votes: defaultdict[str, float] = defaultdict(float)
        for key in {r.key for r in group}:
            for label, weight in forms[key].votes.items():
                votes[label] += weight
        order: tuple[EntityType, ...] = ("person", "organization", "place", "other")
        etype = max(order, key=lambda t: (votes[t], -order.index(t)))
        counts = Counter(r.key for r in group)
        articles_of: dict[str, set[str]] = defaultdict(set)
        for r in group:
            articles_of[r.key].add(r.article_id)
        best_key = max(counts, key=lambda k: _form_rank(forms[k], etype, len(articles_of[k]), counts[k]))
        surfaces = Counter(r.surface for r in group if r.key == best_key)
        name = max(surfaces, key=lambda s: (surfaces[s], -len(s)))
        aliases = tuple(sorted({r.surface for r in group} - {name}))
        roles = _merge_roles([role for r in group for role in r.roles]) if etype == "person" else []
        entities.append(
            Entity(
                name=name,
                type=etype,
                aliases=aliases,
                roles=tuple(roles),
                sources=tuple(sorted({r.article_id for r in group})),
                mentions=tuple(
                    Mention(r.article_id, r.start, r.end, r.surface, etype)
                    for r in sorted(group, key=lambda r: (r.article_id, r.start))
                ),
            )
        )
    entities.sort(key=lambda e: (-len(e.sources), -len(e.mentions), e.name))
    return entities


def _propagate(articles: Sequence[Article], entities: Sequence[Entity]) -> list[Entity]:
    """Add the occurrences of known names that the model missed ("Sharovsky toured ...", "Markas said ...").

    Every spelling of an entity (and a person's surname) is searched as a whole word in
    every article; spellings shared by two entities are left alone.
    """
    owner: dict[str, int] = {}
    shared: set[str] = set()
    for idx, e in enumerate(entities):
        forms = {e.name, *e.aliases}
        if e.type == "person":
            forms |= {n.split()[-1] for n in forms if len(n.split()) > 1}
        for f in forms:
            if len(f) < 3 or not f[0].isupper() or f.lower() in _CALENDAR:
                continue
            if f in owner and owner[f] != idx:
                shared.add(f)
            owner[f] = idx
    # a surname spelt another way ("Zelenskiy" for the Zelensky of "Volodymyr Zelensky")
    surname_owner: dict[str, int] = {}
    shared_keys: set[str] = set()
    for f, idx in owner.items():
        if f in shared or entities[idx].type != "person" or " " in f:
            continue
        key = name_key(f)
        if key in surname_owner and surname_owner[key] != idx:
            shared_keys.add(key)
        surname_owner[key] = idx
    for key in shared_keys:
        del surname_owner[key]
    usable = sorted((f for f in owner if f not in shared), key=len, reverse=True)
    if not usable:
        return list(entities)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in usable) + r")(?![\w-])")
    word = re.compile(rf"(?<![\w-]){_CAP_WORD}(?![\w-])")
    extra: dict[int, list[Mention]] = defaultdict(list)
    for article in articles:
        taken = sorted((m.start, m.end) for e in entities for m in e.mentions if m.article_id == article.id)
        found = [(m.start(), m.end(), owner[m.group()]) for m in pattern.finditer(article.text)]
        for m in word.finditer(article.text):
            start, end = _trim(article.text, m.start(), m.end())
            idx = surname_owner.get(name_key(article.text[start:end]), -1) if end - start >= 3 else -1
            if idx >= 0:
                found.append((start, end, idx))
        for start, end, idx in found:
            if any(s < end and start < e for s, e in taken):
                continue
            text = article.text[start:end]
            extra[idx].append(Mention(article.id, start, end, text, entities[idx].type))
            taken.append((start, end))
    out = []
    for idx, e in enumerate(entities):
        if idx in extra:
            mentions = tuple(sorted((*e.mentions, *extra[idx]), key=lambda m: (m.article_id, m.start)))
            aliases = tuple(sorted({*e.aliases, *(m.text for m in extra[idx])} - {e.name}))
            e = Entity(e.name, e.type, aliases, e.roles, tuple(sorted({m.article_id for m in mentions})), mentions)
        out.append(e)
    out.sort(key=lambda e: (-len(e.sources), -len(e.mentions), e.name))
    return out


def _form_rank(form: _Form, etype: str, n_articles: int, n_mentions: int) -> tuple[bool, bool, int, int, int]:
    """Which spelling names an entity: not an acronym, a full name for people, then the most used."""
    multi = len(form.words) >= 2 if etype == "person" else True
    return (not form.acronym, multi, n_articles, n_mentions, len(form.key))


def _merge_roles(roles: Sequence[str]) -> list[str]:
    """Distinct roles in order of first appearance; "U.S. Secretary of State" folds into "Secretary of State"."""
    seen: dict[str, str] = {}
    for role in roles:
        seen.setdefault(" ".join(role.lower().replace(".", "").split()), role)
    out = []
    for k, role in seen.items():
        first, _, rest = k.partition(" ")
        if rest in seen and _NATIONALITY.match(role.split()[0]):
            continue
        out.append(role)
    return out


# --------------------------------------------------------------------------- lookup


def resolve_name(name: str, entities: Sequence[Entity], *, name_similarity: float = 85.0) -> Entity | None:
    """The entity a surface name refers to ("Horne" → Emily Horne, "the NSC" → National Security Council).

    Args:
        name: a name as written, possibly with a title ("President Biden") or a determiner.
        entities: the story's entities from `extract_entities`.
        name_similarity: rapidfuzz ratio for spelling variants of surnames.

    Returns:
        The matching entity, or None when none fits.
    """
    words = name.split()
    while len(words) > 1 and (_is_title(words[0]) or words[0].lower() in _HONORIFICS | {"the", "a", "an", "of"}):
        words = words[1:]
    key = name_key(" ".join(words))
    if not key:
        return None
    for e in entities:
        if key in {name_key(n) for n in (e.name, *e.aliases)}:
            return e
    tokens = key.split()
    people = [e for e in entities if e.type == "person"]
    suffix = []
    for e in people:
        keys = [name_key(n).split() for n in (e.name, *e.aliases)]
        if any(len(k) > len(tokens) and k[-len(tokens) :] == tokens for k in keys):
            suffix.append(e)
    if suffix:
        return max(suffix, key=lambda e: len(e.mentions))
    if len(tokens) >= 2:
        for e in people:
            if any(_same_person_name(key, name_key(n), name_similarity) for n in (e.name, *e.aliases)):
                return e
    if _is_acronym(" ".join(words)):
        for e in entities:
            if e.type != "person" and key.replace(" ", "") in _initials(e.name):
                return e
    return None
