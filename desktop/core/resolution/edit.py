"""Changes to a resolution's parts: add, remove, move, split, merge, indent.

The editor's undo commands and the command line call these same functions,
so the window and ``petition-desk resolution …`` change a draft the same
way. Each function changes the resolution in place and raises
:class:`PetitionDeskError` with a sentence for the user when the change
makes no sense (merging the last part with nothing, a sub-point of a
citation).
"""

from __future__ import annotations

from desktop.core.errors import N_, PetitionDeskError
from desktop.core.resolution.model import KINDS, Part, Resolution


def _where(res: Resolution, part_id: str) -> tuple[list[Part], int, Part | None]:
    try:
        return res.find(part_id)
    except KeyError:
        raise PetitionDeskError(N_("The resolution has no part %(id)s; it may have been removed."), id=part_id) from None


def kind_of(res: Resolution, part_id: str) -> str:
    siblings, index, parent = _where(res, part_id)
    return (parent or siblings[index]).kind


def add_part(res: Resolution, kind: str, language: str = "", text: str = "", after: str | None = None,
             index: int | None = None) -> Part:
    """A new part of ``kind``: after the part ``after`` (a sub-point after a sub-point), at ``index``, or last."""
    if kind not in KINDS:
        raise PetitionDeskError(N_("%(kind)s is not a kind of part; use one of %(kinds)s."),
                                kind=kind, kinds=", ".join(KINDS))
    part = Part(kind)
    if text:
        res.set_text(part.text, language or res.languages[0], text)
    if after is not None:
        siblings, position, parent = _where(res, after)
        if parent is not None:
            part.kind = parent.kind
        elif siblings[position].kind != kind:
            siblings = res.section(kind)
            position = len(siblings) - 1
        siblings.insert(position + 1, part)
    else:
        siblings = res.section(kind)
        siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), part)
    res.tick()
    return part


def add_point(res: Resolution, parent_id: str, language: str = "", text: str = "", index: int | None = None) -> Part:
    """A new sub-point of the operative paragraph ``parent_id``."""
    siblings, position, parent = _where(res, parent_id)
    paragraph = siblings[position] if parent is None else parent
    if paragraph.kind != "operative":
        raise PetitionDeskError(N_("Only operative paragraphs have sub-points."))
    point = Part("operative")
    if text:
        res.set_text(point.text, language or res.languages[0], text)
    paragraph.children.insert(len(paragraph.children) if index is None else index, point)
    res.tick()
    return point


def remove(res: Resolution, part_id: str) -> Part:
    siblings, index, _parent = _where(res, part_id)
    res.tick()
    return siblings.pop(index)


def move(res: Resolution, part_id: str, kind: str, index: int, parent_id: str | None = None) -> None:
    """Put ``part_id`` at ``index`` among the parts of ``kind``, or among the sub-points of ``parent_id``.

    ``index`` counts the places before the part is taken out, as a drop
    position in a list does. Moving a part into another kind changes its
    kind (a recital recognised as a citation is put right this way).
    """
    if kind not in KINDS:
        raise PetitionDeskError(N_("%(kind)s is not a kind of part; use one of %(kinds)s."),
                                kind=kind, kinds=", ".join(KINDS))
    siblings, old_index, _old_parent = _where(res, part_id)
    part = siblings[old_index]
    if parent_id is not None:
        if parent_id == part_id:
            raise PetitionDeskError(N_("A part cannot become a sub-point of itself."))
        if part.children:
            raise PetitionDeskError(N_("A paragraph with sub-points cannot become a sub-point; move its sub-points out first."))
        target_siblings, target_index, target_parent = _where(res, parent_id)
        target = target_siblings[target_index] if target_parent is None else target_parent
        if target.kind != "operative":
            raise PetitionDeskError(N_("Only operative paragraphs have sub-points."))
        destination = target.children
        new_kind = "operative"
    else:
        if part.children and kind != "operative":
            raise PetitionDeskError(N_("Only operative paragraphs have sub-points; move the sub-points out first."))
        destination = res.section(kind)
        new_kind = kind
    if destination is siblings and index > old_index:
        index -= 1
    siblings.pop(old_index)
    part.kind = new_kind
    destination.insert(max(0, min(index, len(destination))), part)
    res.tick()


def move_by(res: Resolution, part_id: str, step: int) -> bool:
    """Move a part one place up (-1) or down (+1) among its siblings; False at either end."""
    siblings, index, _parent = _where(res, part_id)
    target = index + step
    if not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    res.tick()
    return True


def indent(res: Resolution, part_id: str) -> Part:
    """Make an operative paragraph a sub-point of the paragraph before it; returns that paragraph."""
    siblings, index, parent = _where(res, part_id)
    part = siblings[index]
    if parent is not None:
        raise PetitionDeskError(N_("This is already a sub-point; sub-points have no sub-points of their own."))
    if part.kind != "operative":
        raise PetitionDeskError(N_("Only operative paragraphs have sub-points."))
    if index == 0:
        raise PetitionDeskError(N_("The first operative paragraph has no paragraph before it to belong to."))
    new_parent = siblings[index - 1]
    siblings.pop(index)
    new_parent.children.append(part)
    new_parent.children.extend(part.children)  # its own sub-points follow it one level up
    part.children = []
    res.tick()
    return new_parent


def outdent(res: Resolution, part_id: str) -> None:
    """Make a sub-point an operative paragraph of its own, after its paragraph; the points after it follow it."""
    siblings, index, parent = _where(res, part_id)
    if parent is None:
        raise PetitionDeskError(N_("This part is not a sub-point."))
    part = siblings.pop(index)
    part.children = siblings[index:]
    del siblings[index:]
    top = res.section("operative")
    top.insert(top.index(parent) + 1, part)
    res.tick()


def split(res: Resolution, part_id: str, language: str, position: int) -> Part:
    """Cut a part's text in ``language`` at ``position``; the rest becomes a new part after it.

    The other languages keep their whole text in the first part; the new
    part is empty in them and so shows as needing translation.
    """
    siblings, index, _parent = _where(res, part_id)
    part = siblings[index]
    text = part.text.get(language)
    head, tail = text[:position].rstrip(), text[position:].strip()
    if not head or not tail:
        raise PetitionDeskError(N_("Put the cursor inside the text, where the new part should begin, to split it."))
    res.set_text(part.text, language, head)
    new = Part(part.kind)
    res.set_text(new.text, language, tail)
    new.children, part.children = part.children, []
    siblings.insert(index + 1, new)
    return new


def merge(res: Resolution, part_id: str) -> Part:
    """Join a part with the next one of the same list, language by language; returns the joined part."""
    siblings, index, _parent = _where(res, part_id)
    if index + 1 >= len(siblings):
        raise PetitionDeskError(N_("This is the last part of its list; there is no next part to merge it with."))
    part, following = siblings[index], siblings[index + 1]
    for language in dict.fromkeys([*res.languages, *part.text.values, *following.text.values]):
        first, second = part.text.get(language).strip(), following.text.get(language).strip()
        joined = f"{first} {second}".strip() if first and second else first or second
        if joined != part.text.get(language):
            part.text.values[language] = joined
            for stamps, others in ((part.text.edited, following.text.edited), (part.text.changed, following.text.changed)):
                stamps[language] = max(stamps.get(language, 0), others.get(language, 0))
    part.children.extend(following.children)
    siblings.pop(index + 1)
    res.tick()
    return part


def set_kind(res: Resolution, part_id: str, kind: str) -> None:
    """Make a part another kind of part (last of that list)."""
    move(res, part_id, kind, len(res.section(kind)))
