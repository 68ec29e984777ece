"""Stories that split: the decision on synthetic vectors, the clusterer's bookkeeping, and a story that
chained two events in one run and is split by the next (real pipeline, articles written for this test)."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.cluster import Members, StoryClusterer, lexical_vector, story_id_for, two_groups
from storyline.config import load_config
from storyline.errors import ConfigError

DAY = dt.date(2031, 3, 2)


def _cfg(**overrides: str):
    return load_config(overrides={f"cluster.{k}": v for k, v in overrides.items()}, environ={}).cluster


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _members(vectors: list[np.ndarray], ids: list[str] | None = None, dates=None, languages=None, follows=None):
    ids = ids or [f"m{i}" for i in range(len(vectors))]
    matrix = np.vstack(vectors).astype(np.float32)
    return Members(
        tuple(ids), matrix, matrix.copy(), tuple(dates or [DAY] * len(ids)), tuple(languages or ["en"] * len(ids)),
        follows or {},
    )


def _event(direction: int, k: int, rng: np.random.Generator, dim: int = 32, spread: float = 0.3) -> list[np.ndarray]:
    """``k`` article vectors around one axis (one event)."""
    base = np.zeros(dim)
    base[direction] = 1.0
    return [_unit(base + spread * rng.normal(size=dim) / np.sqrt(dim)) for _ in range(k)]


def _clusterer_with(members: Members, config=None) -> StoryClusterer:
    """A clusterer holding one story made of ``members`` (founded by the first)."""
    c = StoryClusterer(config or _cfg())
    sid = story_id_for(members.ids[0])
    from storyline.cluster import StoryState

    c._add_state(StoryState(sid, members.semantic.sum(axis=0), members.lexical.sum(axis=0), list(members.ids),
                            min(members.dates), max(members.dates), set(members.languages)))
    return c


# ---------------------------------------------------------------------------- the decision


def test_two_groups_finds_two_blocks_and_attaches_an_outlier():
    sim = np.full((7, 7), 0.05)
    sim[:3, :3] = 0.8
    sim[3:6, 3:6] = 0.7
    sim[6, :3] = sim[:3, 6] = 0.2  # a stray item, closer to the first block
    sim[6, 3:6] = sim[3:6, 6] = 0.1
    np.fill_diagonal(sim, 1.0)
    mask = two_groups(sim, 2)
    assert mask is not None
    assert mask[:3].tolist() == [mask[0]] * 3 and mask[3:6].tolist() == [not mask[0]] * 3
    assert mask[6] == mask[0]  # set aside, then attached to the nearer block
    assert two_groups(sim, 4) is None  # a block of 3 is too small for groups of 4


def test_two_events_chained_into_one_story_split_and_the_earliest_keeps_the_id():
    rng = np.random.default_rng(5)
    vectors = _event(0, 3, rng) + _event(1, 3, rng)
    ids = ["a1", "a2", "a3", "b1", "b2", "b3"]
    dates = [DAY + dt.timedelta(days=d) for d in (1, 0, 1, 1, 2, 1)]  # a2 is the earliest article
    c = _clusterer_with(_members(vectors, ids, dates))
    sid = story_id_for("a1")
    found = c.find_split(sid, _members(vectors, ids, dates))
    assert found is not None
    leave, similarity = found
    assert leave.tolist() == [False, False, False, True, True, True]
    assert similarity < c.split_threshold
    (split,) = c.check_split(sid, _members(vectors, ids, dates))
    assert split.story_id == sid and split.staying == ("a1", "a2", "a3") and split.leaving == ("b1", "b2", "b3")
    assert split.new_id == story_id_for("b1")  # the id its earliest article would have founded
    assert {s.id: s.members for s in c.states()} == {sid: ["a1", "a2", "a3"], split.new_id: ["b1", "b2", "b3"]}
    new = next(s for s in c.states() if s.id == split.new_id)
    assert (new.first, new.last) == (DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=2))
    # the clusterer now places an article of the second event in the split-off story
    b4 = _event(1, 1, rng)[0]
    assert c.assign("b4", b4, b4, DAY + dt.timedelta(days=1), "en").story_id == split.new_id


def test_group_with_the_earliest_article_keeps_the_id_whichever_side_it_is():
    rng = np.random.default_rng(6)
    vectors = _event(0, 3, rng) + _event(1, 3, rng)
    ids = ["a1", "a2", "a3", "b1", "b2", "b3"]
    dates = [DAY + dt.timedelta(days=1)] * 3 + [DAY] + [DAY + dt.timedelta(days=1)] * 2  # b1 is the earliest
    c = _clusterer_with(_members(vectors, ids, dates))
    (split,) = c.check_split(story_id_for("a1"), _members(vectors, ids, dates))
    assert split.staying == ("b1", "b2", "b3") and split.leaving == ("a1", "a2", "a3")
    # a1 founded the story, which keeps its id: the leaving group takes the next free id of its own
    assert split.story_id == story_id_for("a1") and split.new_id == story_id_for("a2")


def test_a_coherent_story_never_splits():
    rng = np.random.default_rng(7)
    vectors = _event(0, 12, rng, spread=0.8)  # one event, loosely written
    c = _clusterer_with(_members(vectors))
    assert c.find_split(story_id_for("m0"), _members(vectors)) is None
    assert c.check_split(story_id_for("m0"), _members(vectors)) == []
    assert len(c.states()) == 1


def test_small_groups_and_copies_do_not_make_a_split():
    rng = np.random.default_rng(8)
    vectors = _event(0, 3, rng) + _event(1, 1, rng)
    c = _clusterer_with(_members(vectors))
    assert c.find_split(story_id_for("m0"), _members(vectors)) is None  # one article on its own is not a story
    # two copies of that one article do not make it a group of three: copies follow their original
    copies = vectors + [vectors[3], vectors[3]]
    ids = ["m0", "m1", "m2", "m3", "c1", "c2"]
    follows = {"c1": "m3", "c2": "c1"}  # a copy of a copy follows to the end
    assert c.find_split("x", _members(copies, ids, follows=follows)) is None
    more = vectors + _event(1, 1, rng) + [vectors[3]]
    ids = ["m0", "m1", "m2", "m3", "m4", "c1"]
    leave, _ = c.find_split("x", _members(more, ids, follows={"c1": "m3"}))
    assert leave.tolist() == [False, False, False, True, True, True]  # the copy goes with its original


def test_the_time_gap_between_the_groups_counts():
    rng = np.random.default_rng(9)
    shared = _event(0, 1, rng)[0]
    # two groups on one subject, similar enough to stay together when dated alike
    vectors = [_unit(shared + 0.25 * v) for v in _event(1, 3, rng) + _event(2, 3, rng)]
    together = _members(vectors)
    c = _clusterer_with(together)
    assert c.find_split("x", together) is None
    apart = _members(vectors, dates=[DAY] * 3 + [DAY + dt.timedelta(days=20)] * 3)
    leave, similarity = c.find_split("x", apart)
    assert leave.tolist() == [False] * 3 + [True] * 3 and similarity < c.split_threshold


def test_large_stories_are_divided_on_a_sample():
    from storyline import cluster

    rng = np.random.default_rng(10)
    vectors = _event(0, 150, rng) + _event(1, 150, rng)  # more originals than SPLIT_SAMPLE
    assert len(vectors) > cluster.SPLIT_SAMPLE
    c = _clusterer_with(_members(vectors))
    leave, _ = c.find_split("x", _members(vectors))
    assert leave.tolist() == [False] * 150 + [True] * 150


def test_a_story_is_checked_again_once_it_has_grown_by_a_quarter():
    rng = np.random.default_rng(11)
    vectors = _event(0, 8, rng)
    c = _clusterer_with(_members(vectors))
    sid = story_id_for("m0")
    assert c.split_due(sid)  # never checked by this clusterer
    assert c.check_split(sid, _members(vectors)) == []
    assert not c.split_due(sid)  # nothing new since
    for i, v in enumerate(_event(0, 2, rng)):
        assert not c.split_due(sid)  # 8 -> 9 is less than a quarter more
        c.add_to(sid, f"n{i}", v, v, DAY, "en")
    assert c.split_due(sid)  # 8 -> 10
    small = _clusterer_with(_members(_event(0, 3, rng)))
    assert not small.split_due(story_id_for("m0"))  # too small for two groups of split_min_size


def test_split_settings_are_checked():
    with pytest.raises(ConfigError, match="split_threshold"):
        StoryClusterer(_cfg(split_threshold="0.35"))  # as high as the merge bar: would flip back and forth
    with pytest.raises(ConfigError):
        StoryClusterer(_cfg(split_min_size="-1"))
    off = StoryClusterer(_cfg(split_min_size="0"))
    rng = np.random.default_rng(5)
    vectors = _event(0, 3, rng) + _event(1, 3, rng)
    assert off.find_split("x", _members(vectors)) is None


def test_a_story_in_two_languages_about_one_event_does_not_split(use_embedder):
    texts = [
        ("en", "Velmora port strike halts container traffic",
         "Dockworkers in Velmora walked out on Monday after pay talks with the port authority collapsed."),
        ("en", "Velmora dockworkers strike over pay",
         "The Velmora Dockworkers Union said 3,000 members stopped work at the port after talks failed."),
        ("de", "Streik im Hafen von Velmora",
         "Hafenarbeiter in Velmora legten am Montag die Arbeit nieder, nachdem die Lohngespräche scheiterten."),
        ("de", "Hafenarbeiter in Velmora streiken",
         "Die Gewerkschaft der Hafenarbeiter sagte, 3.000 Mitglieder hätten die Arbeit im Hafen von Velmora "
         "niedergelegt."),
    ]
    sem = [use_embedder.encode([t + ". " + x])[0] for _, t, x in texts]
    lex = [lexical_vector(t, x) for _, t, x in texts]
    members = Members(("e1", "e2", "d1", "d2"), np.vstack(sem), np.vstack(lex), (DAY,) * 4,
                      tuple(lang for lang, _, _ in texts))
    c = _clusterer_with(members)
    assert c.find_split(story_id_for("e1"), members) is None


# ---------------------------------------------------------------------------- end to end
# Two events in one fictional city on the same Sunday (a river flood, a warehouse fire) and a round-up
# covering both. The round-up chains the first fire report into the flood story; more fire reports
# in the next run show the fire is an event of its own.
FLOOD = [
    (
        'a1-flood-ledger', '2031-03-02',
        'Tamsel river floods Orrinford, 300 homes evacuated',
        'The Tamsel river burst its banks in Orrinford on Sunday night after four days of heavy rain, forcing'
        ' the evacuation of 300 homes in the Lowmarsh district. Mayor Delia Frane said emergency crews had '
        'pulled eleven people from flooded cars on Quayside Road. The water reached 2.4 metres at the Kessel '
        'bridge gauge, the highest level since records began in 1911. Schools in Lowmarsh will stay closed '
        'until Wednesday, the council said. Sandbags were handed out at the Orrinford fire station through '
        'the night.',
    ),
    (
        'a2-flood-courier', '2031-03-02',
        'Orrinford flood: Lowmarsh under water as Tamsel peaks',
        'Residents of Lowmarsh waded through knee-deep water on Monday as the Tamsel peaked at 2.4 metres at '
        'the Kessel bridge. About 300 households left their homes overnight, and eleven motorists were '
        'rescued on Quayside Road, according to Mayor Delia Frane. The Environment Office issued a severe '
        'flood warning for the whole Tamsel valley. Volunteers filled sandbags at the fire station while the '
        'council opened the Lowmarsh sports hall as a shelter.',
    ),
]
FLOOD_MORE = [
    (
        'a3-flood-herald', '2031-03-03',
        'Tamsel flood waters recede slowly in Lowmarsh',
        'Flood water in the Lowmarsh district of Orrinford began to recede on Tuesday, but the Tamsel '
        'remained above two metres at the Kessel bridge gauge. Mayor Delia Frane said the 300 evacuated '
        'households could not return before the weekend. Engineers inspected the flood wall on Quayside Road,'
        ' where the river broke through on Sunday night. The Lowmarsh sports hall shelter housed 140 people '
        'overnight.',
    ),
]
FIRE = [
    (
        'b1-fire-ledger', '2031-03-02',
        'Fire destroys Brellin paint warehouse in Orrinford',
        'A fire destroyed the Brellin paint warehouse on the Northgate industrial estate in Orrinford on '
        'Sunday, sending a plume of black smoke over the city. Forty firefighters fought the blaze for six '
        'hours, fire chief Oskar Lind said. Nobody was hurt, but residents of Northgate were told to keep '
        'their windows closed. Brellin said 12,000 litres of solvent were stored in the building.',
    ),
]
FIRE_MORE = [
    (
        'b2-fire-courier', '2031-03-03',
        'Brellin warehouse blaze: investigators search for cause',
        'Investigators began searching the ruins of the Brellin paint warehouse in Northgate on Monday, a day'
        ' after the blaze that took forty firefighters six hours to control. Fire chief Oskar Lind said the '
        'fire started in a storeroom holding 12,000 litres of solvent. Brellin chief executive Mara Voss said'
        ' the company would pay for the clean-up of the Northgate estate.',
    ),
    (
        'b3-fire-herald', '2031-03-03',
        'Northgate residents ask about smoke from Brellin fire',
        'People living near the Northgate industrial estate asked on Tuesday whether the black smoke from the'
        ' Brellin warehouse fire had been toxic. Fire chief Oskar Lind said air samples taken during the '
        'blaze showed no dangerous levels of solvent fumes. Brellin chief executive Mara Voss apologised to '
        'Northgate residents at a public meeting.',
    ),
]
BRIDGE = [
    (
        'a0-week-roundup', '2031-03-02',
        "Orrinford's emergency Sunday: Tamsel flood in Lowmarsh, Brellin warehouse fire in Northgate",
        "Orrinford's emergency services had their busiest Sunday in years. In Lowmarsh the Tamsel burst its "
        'banks and 300 homes were evacuated, Mayor Delia Frane said, with eleven motorists rescued on '
        'Quayside Road. Across the city, forty firefighters spent six hours fighting a fire at the Brellin '
        'paint warehouse on the Northgate industrial estate, fire chief Oskar Lind said. The council thanked '
        'crews working on both the flood and the fire.',
    ),
]
FLOOD_LATER = [
    (
        'a4-flood-ledger', '2031-03-04',
        'Lowmarsh families return as the Tamsel falls',
        'The first of the 300 households evacuated from Lowmarsh in Orrinford returned home on Wednesday as '
        'the Tamsel fell below two metres at the Kessel bridge gauge. Mayor Delia Frane said the flood wall '
        'on Quayside Road would be rebuilt. The council closed the Lowmarsh sports hall shelter.',
    ),
]


def _write(folder, name, items):
    folder.mkdir(exist_ok=True)
    with (folder / name).open("w", encoding="utf-8") as fh:
        for aid, day, title, text in items:
            fh.write(json.dumps({"id": aid, "published": day, "title": title, "text": text}) + "\n")


def _story_of(doc, article_id):
    return next(s for s in doc["stories"] if article_id in s["articles"])


def test_a_chained_story_splits_when_later_articles_show_two_events(tmp_path):
    runner = CliRunner()
    db, inputs = str(tmp_path / "s.db"), tmp_path / "in"

    outputs: list[str] = []

    def run(out: str) -> dict:
        result = runner.invoke(main, ["run", str(inputs), "--db", db, "-q", "--out", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
        return json.loads((tmp_path / out / "stories.json").read_text("utf-8"))

    _write(inputs, "1.jsonl", BRIDGE + FLOOD + FIRE)
    first = run("o1")
    chained = _story_of(first, "b1-fire-ledger")
    assert set(chained["articles"]) == {"a0-week-roundup", "a1-flood-ledger", "a2-flood-courier", "b1-fire-ledger"}
    assert not any(h["kind"] == "split" for h in chained["history"])  # one fire report is no event of its own yet
    old_id = chained["id"]

    _write(inputs, "2.jsonl", FLOOD_MORE + FIRE_MORE)
    second = run("o2")
    assert "stories split      1" in outputs[-1] and "stories split" not in outputs[0]  # the run report says it
    flood, fire = _story_of(second, "a1-flood-ledger"), _story_of(second, "b1-fire-ledger")
    assert flood["id"] == old_id  # the group with the earliest article keeps the id
    assert fire["id"] == story_id_for("b1-fire-ledger") != old_id
    assert set(fire["articles"]) == {"b1-fire-ledger", "b2-fire-courier", "b3-fire-herald"}
    assert set(flood["articles"]) == {"a0-week-roundup", "a1-flood-ledger", "a2-flood-courier", "a3-flood-herald"}
    for story in (flood, fire):  # both histories tell it, with the same line
        (event,) = [h for h in story["history"] if h["kind"] == "split"]
        assert f"split {old_id} in two" in event["detail"] and fire["id"] in event["detail"]
        assert "b2-fire-courier" in event["detail"]
    shown = runner.invoke(main, ["show", old_id, "--db", db, "--history"])
    assert shown.exit_code == 0 and "split" in shown.output and fire["id"] in shown.output
    assert "Tamsel" in flood["title"] and "Brellin" in fire["title"]
    assert f"split: split {old_id} in two" in (tmp_path / "o2" / "stories.md").read_text("utf-8")

    again = run("o3")  # the same input again changes nothing
    assert again["stories"] == second["stories"]

    _write(inputs, "3.jsonl", FLOOD_LATER)  # the flood story grows; a coherent story does not split again
    third = run("o4")
    grown = _story_of(third, "a4-flood-ledger")
    assert grown["id"] == old_id and [h["kind"] for h in grown["history"]].count("split") == 1
    assert _story_of(third, "b1-fire-ledger") == fire
