"""The resolution styles are declared once (desktop.core.resolution.model) and every reader knows exactly them."""

from __future__ import annotations

import datetime as dt
import importlib
import tomllib

import pytest

from desktop.core.document import Document
from desktop.core.errors import PetitionDeskError
from desktop.core.layouts import resolution as layout
from desktop.core.recipients import Recipient
from desktop.core.resolution.model import (DEFAULT_STYLE, HEADER_FIELDS, PRINTED_HEADER_FIELDS, STYLES, Part,
                                           Resolution, style_of, style_or_default)
from desktop.core.resources import templates_dir
from desktop.core.signers import Signer
from desktop.core.templates import get_template

cli_resolution = importlib.import_module("desktop.cli.resolution")


def test_the_template_setting_offers_exactly_the_declared_styles_and_default():
    option = next(o for o in get_template("resolution").options if o.name == "style")
    assert option.choices == STYLES and option.default == DEFAULT_STYLE


def test_the_set_phrases_cover_exactly_the_declared_styles():
    data = tomllib.loads((templates_dir() / "_resolution_styles.toml").read_text(encoding="utf-8"))
    assert set(data) - {"common", "ep_rules"} == set(STYLES)  # ep_rules: the EP Rules' numbers, a setting
    for style in STYLES:
        assert layout.style_phrases(style, "en")


def test_the_command_line_accepts_exactly_the_declared_styles():
    for style in STYLES:
        assert cli_resolution._check_style(style.upper()) == style
    for wrong in ("westminster", "", "EP resolution"):
        with pytest.raises(PetitionDeskError):
            cli_resolution._check_style(wrong)


def test_style_of_and_its_lenient_twin_agree_on_every_declared_style():
    assert style_of({}) == style_or_default({}) == DEFAULT_STYLE
    for style in STYLES:
        assert style_of({"style": f" {style.upper()} "}) == style_or_default({"style": style}) == style
    with pytest.raises(PetitionDeskError):
        style_of({"style": "westminster"})
    assert style_or_default({"style": "westminster"}) == DEFAULT_STYLE


def _resolution_with_every_header_field() -> Resolution:
    res = Resolution(languages=["en"])
    for name in HEADER_FIELDS:
        res.set_text(res.text(name), "en", f"MARK{name.upper().replace('_', '')}")
    part = Part("operative")
    res.set_text(part.text, "en", "calls for the release of the prisoners")
    res.section("operative").append(part)
    return res


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("alone", HEADER_FIELDS)
def test_the_layout_prints_exactly_the_header_texts_the_table_says(style, alone):
    """Each header text, given alone, is printed in the styles that the table lists for it and in no other."""
    res = _resolution_with_every_header_field()
    for name in HEADER_FIELDS:
        if name != alone:
            res.set_text(res.text(name), "en", "")
    document = Document(title="", language="en", blocks=[])
    signers = [Signer(name="A. Sponsor", party="X")]
    layout.fill(document, res, "en", Recipient(organisation="A legislature"), signers, None,
                {"style": style}, "Stockholm")
    text = document.plain_text() + "\n" + document.title
    mark = f"MARK{alone.upper().replace('_', '')}"
    assert (mark in text) == (alone in PRINTED_HEADER_FIELDS[style]), (style, alone)


def test_the_layouts_wording_of_each_style_is_the_one_the_akn_writer_reads():
    res = _resolution_with_every_header_field()
    for style in STYLES:
        words, _lines = layout.wording(res, "en", {"style": style}, [], dt.date(2026, 5, 6))
        assert words.style == style
