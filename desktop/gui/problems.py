"""Problems and notes in the window's words: the field's name, not its path.

``check`` names a field by its path in the draft ("case.people[2].sentence",
"recipients", "export.file_name"); the window shows the labels the user
sees instead ("Case ▸ People ▸ 3 ▸ Sentence"), translated.
"""

from __future__ import annotations

import re

from desktop.core.errors import N_, Message, Problem
from desktop.core.i18n import Translator

SEPARATOR = " ▸ "
# Each path part as the window labels it. A part not listed is shown as written, capitalised.
FIELD_NAMES = {
    "case": N_("Case"), "people": N_("People"), "charges": N_("Charges"), "events": N_("Events"),
    "counts": N_("Numbers"), "officials": N_("Officials"), "demands": N_("Demands"), "sources": N_("Sources"),
    "name": N_("Name"), "summary": N_("Summary"), "place": N_("Place"), "country": N_("Country"),
    "sentence": N_("Sentence"), "status": N_("Status"), "age": N_("Age"), "arrested": N_("Arrested"),
    "court": N_("Court"), "occupation": N_("Occupation"), "health": N_("Health"),
    "detention_place": N_("Place of detention"), "gender": N_("Gender"), "article": N_("Article"),
    "description": N_("Charge"), "law": N_("Law"), "date": N_("Date"), "title": N_("Title"),
    "organisation": N_("Organisation"), "text": N_("Demand"), "url": N_("Web address"),
    "value": N_("Number"), "what": N_("Of what"), "qualifier": N_("Qualifier"), "note": N_("Note"),
    "recipients": N_("Recipients"), "signers": N_("Signers"), "template": N_("Template"),
    "language": N_("Letter language"), "options": N_("Template settings"), "export": N_("Export"),
    "formats": N_("Formats"), "file_name": N_("File names"), "letter": N_("Letter details"),
    "resolution": N_("Resolution"), "address_lines": N_("Address"), "email": N_("E-mail"), "role": N_("Role"),
    "party": N_("Party"), "signature_image": N_("Signature image"), "historical_example": N_("Historical example"),
}
_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_name(where: str, tr: Translator) -> str:
    """``case.people[2].sentence`` → "Case ▸ People ▸ 3 ▸ Sentence" in the interface language.

    A place in a file ("appeal_mission/ru.txt:14") is not a field and is returned as it is.
    """
    if not where or "/" in where or ":" in where:
        return where
    parts = []
    for name, index in _PART.findall(where):
        if index:
            parts.append(str(int(index) + 1))  # people count from 1
        elif name in FIELD_NAMES:
            parts.append(tr.gettext(FIELD_NAMES[name]))
        else:
            parts.append(name.replace("_", " ")[:1].upper() + name.replace("_", " ")[1:])
    return SEPARATOR.join(parts)


def render_problem(problem: Problem, tr: Translator) -> str:
    """"Recipients: the draft has no recipients; add at least one" — the field's name, then the message."""
    message = Message(problem.text, problem.params).render(tr)
    name = field_name(problem.where, tr)
    return tr.gettext("%(field)s: %(message)s") % {"field": name, "message": message} if name else message
