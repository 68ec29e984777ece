"""Storyline's exception tree.

Every error says what happened and how to fix it. Codes (``E001`` ...) are stable
so that users can search for them in the docs (docs/errors.md).

    StorylineError
    ├── ConfigError          bad configuration value or file
    ├── InputError           an input file cannot be read or parsed
    │   └── UnsupportedInput unknown extension or format
    ├── StoreError           the database cannot be opened, migrated or written
    ├── MissingExtra         an optional dependency is not installed
    ├── LLMError             the optional LLM endpoint failed
    ├── NotFound             no story or article with that id
    └── OutputError          an export file or folder cannot be written
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class of every error Storyline raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(StorylineError):
    """A configuration value or file is invalid."""

    code = "E001"


class InputError(StorylineError):
    """An input cannot be read or parsed."""

    code = "E002"

    def __init__(self, name: str, reason: str, *, hint: str | None = None) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}", hint=hint)


class UnsupportedInput(InputError):
    """An input has an extension or format Storyline does not read."""

    code = "E003"


class StoreError(StorylineError):
    """The database cannot be opened, migrated or written."""

    code = "E004"


class MissingExtra(StorylineError):
    """An optional dependency is missing; the message names the extra to install."""

    code = "E005"

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"the optional module {module!r} is not installed",
            hint=f"install it with: pip install 'storyline[{extra}]'",
        )


class LLMError(StorylineError):
    """The OpenAI-compatible endpoint failed or answered something unusable."""

    code = "E006"


class NotFound(StorylineError):
    """A story or article id is not in the database."""

    code = "E007"


class OutputError(StorylineError):
    """An export (``--out``) file or folder cannot be written."""

    code = "E008"
