"""A first structure for a resolution, written from the draft's case by the resolution template.

The aide starts from the template's model text (citations, recitals and
operative paragraphs about the case, in every language asked for) and then
edits it part by part. Parts are aligned across languages by their place in
each section: the template writes the same parts in every language.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.core.errors import ValidationError
from desktop.core.markup import parse
from desktop.core.recipients import Recipient
from desktop.core.resolution.model import HEADER_FIELDS, KINDS, Part, Resolution
from desktop.core.sandbox import check_template, render_text
from desktop.core.templates import get_template

if TYPE_CHECKING:
    from desktop.core.draft import Draft

RESOLUTION_TEMPLATE = "resolution"


def from_case(draft: "Draft", languages: list[str], date: dt.date | None = None) -> Resolution:
    """The resolution template's text for the draft's case, in ``languages`` (the first leads)."""
    from desktop.core.compose import LetterOptions, build_context, with_template_settings
    from desktop.core.layouts.resolution import from_sections, split_sections

    info = get_template(RESOLUTION_TEMPLATE)
    options = with_template_settings(info, LetterOptions.from_draft(draft, date))
    options.resolution = None
    recipient = Recipient(organisation="", kind="legislature")
    merged = Resolution(languages=list(dict.fromkeys(languages)))
    for language in merged.languages:
        context = build_context(draft.case, recipient, draft.signers, language, options)
        problems = check_template(info, language, context, render=False)  # rendered just below
        if problems:
            raise ValidationError(problems, source=f"{info.id}/{language}.txt")
        body = parse(render_text(info, language, context))
        one = from_sections(split_sections(body), body.subject or "", language, options.template_options)
        _merge(merged, one, language)
    stamp = merged.tick()
    for text in [*merged.header.values(), *(p.text for p in merged.walk())]:
        text.edited = {language: stamp for language in text.values}
        text.changed = dict(text.edited)
    return merged


def _merge(into: Resolution, one: Resolution, language: str) -> None:
    for name in HEADER_FIELDS:
        value = one.text(name).get(language)
        if value:
            into.text(name).values[language] = value
    for kind in KINDS:
        target = into.section(kind)
        for index, part in enumerate(one.section(kind)):
            if index >= len(target):
                target.append(Part(kind))
            _copy(part, target[index], language)


def _copy(source: Part, target: Part, language: str) -> None:
    target.text.values[language] = source.text.get(language)
    for index, child in enumerate(source.children):
        if index >= len(target.children):
            target.children.append(Part(target.kind))
        target.children[index].text.values[language] = child.text.get(language)
