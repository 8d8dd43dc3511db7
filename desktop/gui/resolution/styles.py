"""The resolution styles the window offers, named as the resolution template's manifest names them."""

from __future__ import annotations

from desktop.core.errors import PetitionDeskError
from desktop.core.resolution.model import STYLES
from desktop.core.templates import get_template

RESOLUTION_TEMPLATE = "resolution"


def is_resolution_template(template_id: str) -> bool:
    """Whether ``template_id`` writes a resolution (the workbench applies to it)."""
    try:
        return get_template(template_id).layout == "resolution"
    except PetitionDeskError:
        return False


def style_choices(template_id: str, language: str) -> list[tuple[str, str]]:
    """(style, label) pairs as the template's manifest names them in ``language``."""
    try:
        info = get_template(template_id if is_resolution_template(template_id) else RESOLUTION_TEMPLATE)
    except PetitionDeskError:
        info = None
    option = next((o for o in (info.options if info else ()) if o.name == "style"), None)
    if option is None:
        return [(style, style) for style in STYLES]
    return [(choice, option.choice_label(choice, language)) for choice in option.choices]
