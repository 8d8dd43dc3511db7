"""The built-in demo draft: the Bolotnaya Square case as a historical example.

Its recipients are sample addresses gathered from public sources; each is
marked "verify before sending".
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.draft import Draft, load_draft
from desktop.core.resources import assets_dir


def demo_draft_path() -> Path:
    return assets_dir() / "demo" / "demo_draft.json"


def load_demo_draft() -> Draft:
    draft = load_draft(demo_draft_path())
    draft.path = None  # saving the demo must ask for a new place, never overwrite the shipped file
    return draft
