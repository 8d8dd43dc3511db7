"""The languages are declared once (desktop.core.languages) and every consumer knows exactly that set."""

from __future__ import annotations

import argparse
import importlib

import pytest
from babel import Locale

from desktop.core import languages
from desktop.core.languages import DOCUMENT_LANGUAGES, INTERFACE_LANGUAGES, TABLE

cli = importlib.import_module("desktop.cli.main")


def _choices(parser: argparse.ArgumentParser, path: list[str], option: str) -> set[str]:
    for word in path:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    action = next(a for a in parser._actions if option in a.option_strings)
    return set(action.choices)


def test_every_declared_language_has_a_full_row():
    assert set(DOCUMENT_LANGUAGES) | set(INTERFACE_LANGUAGES) <= set(TABLE)
    for row in TABLE.values():
        assert Locale.parse(f"{row.code}_{row.territory}").language == row.code
        assert row.native_name == Locale.parse(row.code).get_display_name(row.code).capitalize()
        assert len(row.iso639_2) == 3


def test_the_interface_speaks_exactly_the_declared_languages():
    from desktop.core.i18n import LANGUAGES, normalize_language, translator
    from desktop.core.resources import translations_dir

    assert tuple(LANGUAGES) == INTERFACE_LANGUAGES
    assert {code for code in TABLE if normalize_language(f"{code}_XX.UTF-8")} == set(INTERFACE_LANGUAGES)
    for code in INTERFACE_LANGUAGES:
        assert translator(code).language == code
        if code != languages.SOURCE_LANGUAGE:
            assert (translations_dir() / code / "LC_MESSAGES" / "petition_desk.po").is_file()
    catalogs = {p.name for p in translations_dir().iterdir() if p.is_dir()}
    assert catalogs == set(INTERFACE_LANGUAGES) - {languages.SOURCE_LANGUAGE}


def test_the_command_line_offers_exactly_the_declared_languages():
    from desktop.core.i18n import translator

    parser = cli._parser(translator("en"))
    assert _choices(parser, [], "--ui-lang") == set(INTERFACE_LANGUAGES)
    for path in (["export"], ["check"], ["templates"]):
        assert _choices(parser, path, "--lang") == set(DOCUMENT_LANGUAGES), path


def test_documents_are_written_in_exactly_the_declared_languages():
    from desktop.core.draft import RECIPIENT_LANGUAGE, draft_from_dict
    from desktop.core.demo import load_demo_draft
    from desktop.core.localize import DOCUMENT_LANGUAGES as localize_languages
    from desktop.core.localize import document_locale
    from desktop.core.resolution.akn import LANGUAGE_CODES
    from desktop.core.writers.docx_styles import word_language_tag

    assert localize_languages == DOCUMENT_LANGUAGES
    assert set(LANGUAGE_CODES) == set(DOCUMENT_LANGUAGES)
    demo = load_demo_draft().to_dict()
    for code in DOCUMENT_LANGUAGES:
        row = TABLE[code]
        assert str(document_locale(code)) == f"{code}_{row.territory}"
        assert word_language_tag(code) == f"{code}-{row.territory}"
        assert LANGUAGE_CODES[code] == row.iso639_2
        assert draft_from_dict({**demo, "language": code}).language == code
    assert draft_from_dict({**demo, "language": RECIPIENT_LANGUAGE}).language == RECIPIENT_LANGUAGE


@pytest.mark.parametrize("code", sorted(set(TABLE) - set(DOCUMENT_LANGUAGES)) + ["es", "pl"])
def test_an_undeclared_language_is_refused_by_drafts_and_akn(code):
    from desktop.core.demo import load_demo_draft
    from desktop.core.draft import draft_from_dict
    from desktop.core.errors import PetitionDeskError

    with pytest.raises(PetitionDeskError):
        draft_from_dict({**load_demo_draft().to_dict(), "language": code})


def test_country_names_are_read_in_every_document_language():
    from desktop.core.recipients import country_code

    for code in DOCUMENT_LANGUAGES:
        assert country_code(Locale.parse(code).territories["SE"]) == "SE", code


def test_every_builtin_template_is_written_in_declared_languages_only():
    from desktop.core.templates import list_templates

    templates = [t for t in list_templates() if t.builtin]
    assert templates
    for info in templates:
        assert set(info.languages) <= set(DOCUMENT_LANGUAGES), info.id
    assert set().union(*(set(t.languages) for t in templates)) == set(DOCUMENT_LANGUAGES)
