"""Rebuild docs/configuration.md from src/storyline/defaults.toml (keys, defaults and their comments).

Run: python scripts/gen_config_docs.py   (tests/test_docs.py fails when the page is out of date)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = ROOT / "src" / "storyline" / "defaults.toml"
PAGE = ROOT / "docs" / "configuration.md"

INTRO = """# Configuration

One path, merged in this order (later wins), validated once:

1. bundled defaults: `src/storyline/defaults.toml` (this page is generated from it by `scripts/gen_config_docs.py`);
2. a user TOML file: `--config FILE`, or the file named by `$STORYLINE_CONFIG`;
3. environment variables: `STORYLINE_<SECTION>__<KEY>=value`, e.g. `STORYLINE_CLUSTER__THRESHOLD=0.55`;
4. command-line overrides: `--set section.key=value` (repeatable), or `overrides=` in `load_config`.

An unknown section or key, or a value of the wrong type, is an error (E001) that names the valid choices.
`storyline config` prints the effective configuration.

"""


def render() -> str:
    out = [INTRO]
    section = None
    for raw in DEFAULTS.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"\[(\w+)\]", line)
        if m:
            section = m.group(1)
            out.append(f"\n## [{section}]\n\n| key | default | meaning |\n|---|---|---|")
            continue
        m = re.match(r"(\w+)\s*=\s*(.*?)\s*(?:#\s*(.*))?$", line)
        if m and section:
            key, value, comment = m.group(1), m.group(2), (m.group(3) or "").replace("|", "\\|")
            out.append(f"| `{section}.{key}` | `{value}` | {comment} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    PAGE.write_text(render(), "utf-8")
    print(f"wrote {PAGE}", file=sys.stderr)
