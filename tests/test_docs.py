"""Documentation stays true to the code: every command, config key and error code is documented."""

from __future__ import annotations

import re

from conftest import ROOT
from storyline import errors
from storyline.cli import main
from storyline.config import load_config


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in main.commands:
        assert f"storyline {name}" in readme, name


def test_every_config_key_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    for section, values in load_config(environ={}).as_dict().items():
        assert f"[{section}]" in doc, section
        for key in values:
            assert re.search(rf"`{section}\.{key}`", doc), f"{section}.{key}"


def test_every_error_code_is_documented():
    doc = (ROOT / "docs" / "errors.md").read_text("utf-8")
    codes = {c.code for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.StorylineError)}
    for code in codes:
        assert code in doc, code


def test_every_command_has_help():
    for name, cmd in main.commands.items():
        assert cmd.help and len(cmd.help) > 20, name


def test_configuration_page_is_generated_from_the_defaults():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_config_docs.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert (ROOT / "docs" / "configuration.md").read_text("utf-8") == gen.render(), (
        "docs/configuration.md is out of date: run python scripts/gen_config_docs.py"
    )
