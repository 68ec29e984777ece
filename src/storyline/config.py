"""One configuration path: bundled defaults → user file → environment → overrides.

`load_config` merges the four layers, checks every key and value against the
bundled defaults (unknown keys and wrong types are errors, not silently
ignored), and returns a frozen `Config`. Stages receive the `Config` (or one of
its sections) explicitly; nothing reads configuration from globals.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_PREFIX = "STORYLINE_"
ENV_FILE = "STORYLINE_CONFIG"
ERROR_POLICIES = ("raise", "catch", "suppress")


def _defaults() -> dict[str, dict[str, Any]]:
    text = resources.files("storyline").joinpath("defaults.toml").read_text("utf-8")
    return tomllib.loads(text)


class Section(Mapping[str, Any]):
    """A read-only section of the configuration; keys are also attributes."""

    def __init__(self, name: str, values: dict[str, Any]) -> None:
        self._name = name
        self._values = dict(values)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"config section [{self._name}] has no key {key!r}") from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._name!r}, {self._values!r})"


@dataclass(frozen=True)
class Config:
    """The validated configuration. Access sections as attributes: ``config.cluster.threshold``."""

    sections: dict[str, Section]

    def __getattr__(self, name: str) -> Section:
        try:
            return self.sections[name]
        except KeyError:
            raise AttributeError(f"no config section [{name}]") from None

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """The configuration as plain nested dicts (for display and for shipping to workers)."""
        return {name: dict(sec) for name, sec in self.sections.items()}

    def with_overrides(self, overrides: Mapping[str, Any]) -> Config:
        """A copy with ``{"section.key": value}`` overrides applied and validated."""
        merged = self.as_dict()
        _apply_flat(merged, overrides, origin="override")
        return _validate(merged, _defaults())


def _coerce(value: Any, default: Any, where: str) -> Any:
    """Convert ``value`` to the type of ``default`` (strings from env/CLI are parsed)."""
    target = type(default)
    if isinstance(value, str) and target is not str:
        text = value.strip()
        try:
            if target is bool:
                if text.lower() in ("1", "true", "yes", "on"):
                    return True
                if text.lower() in ("0", "false", "no", "off"):
                    return False
                raise ValueError(text)
            if target is int:
                return int(text.replace("_", ""))
            if target is float:
                return float(text)
        except ValueError:
            raise ConfigError(
                f"{where}: {value!r} is not a valid {target.__name__}",
                hint=f"give a {target.__name__} like {default!r}",
            ) from None
    if target is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, target) or (target is int and isinstance(value, bool)):
        raise ConfigError(
            f"{where}: expected a {target.__name__}, got {type(value).__name__} {value!r}",
            hint=f"the default is {default!r}",
        )
    return value


def _apply_flat(tree: dict[str, dict[str, Any]], flat: Mapping[str, Any], origin: str) -> None:
    for dotted, value in flat.items():
        if "." not in dotted:
            raise ConfigError(f"{origin}: {dotted!r} must look like section.key", hint="e.g. cluster.threshold=0.6")
        section, key = dotted.split(".", 1)
        tree.setdefault(section, {})[key] = value


def _merge(tree: dict[str, dict[str, Any]], layer: Mapping[str, Any], origin: str) -> None:
    for section, values in layer.items():
        if not isinstance(values, Mapping):
            raise ConfigError(f"{origin}: [{section}] must be a table of keys", hint="see docs/configuration.md")
        tree.setdefault(section, {}).update(values)


def _validate(tree: dict[str, dict[str, Any]], defaults: dict[str, dict[str, Any]]) -> Config:
    sections: dict[str, Section] = {}
    for section, values in tree.items():
        if section not in defaults:
            raise ConfigError(
                f"unknown config section [{section}]",
                hint="known sections: " + ", ".join(sorted(defaults)),
            )
        checked = {}
        for key, value in values.items():
            if key not in defaults[section]:
                raise ConfigError(
                    f"unknown key {section}.{key}",
                    hint=f"keys of [{section}]: " + ", ".join(sorted(defaults[section])),
                )
            checked[key] = _coerce(value, defaults[section][key], f"{section}.{key}")
        sections[section] = Section(section, checked)
    policy = sections["ingest"]["error_policy"]
    if policy not in ERROR_POLICIES:
        raise ConfigError(f"ingest.error_policy={policy!r}", hint="use one of: " + ", ".join(ERROR_POLICIES))
    for key in ("threshold",):
        v = sections["cluster"][key]
        if not 0.0 <= v <= 1.0:
            raise ConfigError(f"cluster.{key}={v} is outside 0..1", hint="similarities are cosine values in 0..1")
    return Config(sections)


def load_config(
    path: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Build the configuration from the four layers.

    Args:
        path: a user TOML file; when None, ``$STORYLINE_CONFIG`` is used if set.
        overrides: ``{"section.key": value}`` from the command line or the caller.
        environ: the environment to read ``STORYLINE_<SECTION>__<KEY>`` from (default ``os.environ``).

    Returns:
        The validated, frozen configuration.

    Raises:
        ConfigError: a file is missing or not TOML, or a key or value is invalid.
    """
    env = os.environ if environ is None else environ
    defaults = _defaults()
    tree: dict[str, dict[str, Any]] = {s: dict(v) for s, v in defaults.items()}
    user_path = path if path is not None else env.get(ENV_FILE) or None
    if user_path:
        p = Path(user_path)
        given_by = "--config" if path is not None else f"${ENV_FILE}"
        try:
            layer = tomllib.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {p} does not exist", hint=f"check the path given to {given_by}") from None
        except (OSError, UnicodeDecodeError) as exc:  # a folder, no permission, not UTF-8
            reason = "is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else f"cannot be read ({exc.strerror})"
            raise ConfigError(f"config file {p} {reason}", hint=f"give {given_by} a UTF-8 TOML file") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML: {exc}", hint="see docs/configuration.md") from None
        _merge(tree, layer, str(p))
    flat_env = {}
    for name, value in env.items():
        if name.startswith(ENV_PREFIX) and "__" in name and name != ENV_FILE:
            section, key = name[len(ENV_PREFIX) :].split("__", 1)
            flat_env[f"{section.lower()}.{key.lower()}"] = value
    _apply_flat(tree, flat_env, "environment")
    _apply_flat(tree, overrides or {}, "override")
    return _validate(tree, defaults)


def parse_override(text: str) -> tuple[str, str]:
    """Split a ``section.key=value`` command-line override.

    Raises:
        ConfigError: the text has no ``=``.
    """
    if "=" not in text:
        raise ConfigError(f"--set {text!r} must look like section.key=value", hint="e.g. --set cluster.threshold=0.6")
    key, value = text.split("=", 1)
    return key.strip(), value.strip()
