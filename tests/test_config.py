from __future__ import annotations

import pytest

from storyline.config import load_config, parse_override
from storyline.errors import ConfigError


def test_defaults_load_and_sections_are_typed():
    cfg = load_config(environ={})
    assert cfg.cluster.threshold == pytest.approx(0.16)
    assert isinstance(cfg.dedupe.num_perm, int)
    assert cfg.ingest.error_policy == "catch"


def test_layers_merge_in_order(tmp_path):
    user = tmp_path / "s.toml"
    user.write_text("[cluster]\nthreshold = 0.6\nwindow_days = 7\n")
    env = {"STORYLINE_CLUSTER__WINDOW_DAYS": "9", "STORYLINE_SUMMARIZE__MAX_WORDS": "80"}
    cfg = load_config(user, {"cluster.window_days": "11"}, environ=env)
    assert cfg.cluster.threshold == pytest.approx(0.6)  # file
    assert cfg.summarize.max_words == 80  # environment, parsed to int
    assert cfg.cluster.window_days == 11  # override beats environment


def test_config_file_from_environment(tmp_path):
    user = tmp_path / "s.toml"
    user.write_text("[summarize]\nmax_words = 42\n")
    assert load_config(environ={"STORYLINE_CONFIG": str(user)}).summarize.max_words == 42


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"cluster.treshold": "0.4"}, "unknown key cluster.treshold"),
        ({"nosuch.key": "1"}, "unknown config section"),
        ({"cluster.threshold": "high"}, "not a valid float"),
        ({"cluster.threshold": "1.5"}, "outside 0..1"),
        ({"ingest.error_policy": "ignore"}, "error_policy"),
    ],
)
def test_bad_values_say_what_and_how(overrides, message):
    with pytest.raises(ConfigError) as err:
        load_config(overrides=overrides, environ={})
    assert message in str(err.value)
    assert err.value.hint


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", environ={})
    bad = tmp_path / "bad.toml"
    bad.write_text("[cluster\nthreshold=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad, environ={})


def test_parse_override():
    assert parse_override("cluster.threshold = 0.7") == ("cluster.threshold", "0.7")
    with pytest.raises(ConfigError):
        parse_override("cluster.threshold")


def test_with_overrides_returns_new_config():
    cfg = load_config(environ={})
    other = cfg.with_overrides({"engine.kind": "ray"})
    assert other.engine.kind == "ray" and cfg.engine.kind == "local"
