import shutil
from pathlib import Path

import pytest

from desktop.core.errors import PetitionDeskError, ValidationError
from desktop.core.templates import (
    ADDRESS_LAYOUTS,
    get_template,
    list_templates,
    load_template,
    scan_templates,
    user_templates_dir,
)

FIXTURES = Path(__file__).parent / "fixtures" / "templates"


def write_template(folder: Path, manifest: str, texts: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    for language, text in (texts or {"en": "Hello\n"}).items():
        (folder / f"{language}.txt").write_text(text, encoding="utf-8")
    return folder


MANIFEST = """format = "petition-desk/template"
version = 1
id = "{id}"
kind = "letter"
layout = "letter"
languages = ["en"]
[title]
en = "{title}"
"""


def test_fixture_templates_are_listed_with_their_manifest_facts():
    infos = {info.id: info for info in list_templates(extra_dirs=[FIXTURES])}
    demo = infos["letter_demo"]
    assert demo.languages == ("en", "ru")
    assert demo.kind == "letter" and demo.layout == "letter"
    assert demo.recipient_kinds == ("embassy", "consulate")
    assert demo.title("ru") == "Образец letter_demo"
    assert demo.title("sv") == "Fixture letter_demo"  # falls back to English
    assert demo.description("en") == "A small template used by the tests."
    assert demo.path == FIXTURES / "letter_demo" and demo.builtin is False
    assert infos["plain_demo"].layout == "plain"


def test_unknown_id_names_the_available_templates():
    with pytest.raises(PetitionDeskError) as caught:
        get_template("apeal_mission", extra_dirs=[FIXTURES])
    message = str(caught.value)
    assert "There is no template called apeal_mission" in message
    assert "letter_demo" in message and "typo_field" in message


def test_user_templates_come_from_the_data_dir(_private_data_dir):
    assert user_templates_dir() == _private_data_dir / "templates"
    write_template(_private_data_dir / "templates" / "mine", MANIFEST.format(id="mine", title="My letter"))
    info = get_template("mine")
    assert info.builtin is False and info.title("en") == "My letter"


def test_a_broken_manifest_names_the_folder_line_and_column(tmp_path):
    folder = write_template(tmp_path / "lib" / "bad", 'format = "petition-desk/template"\nversion = = 1\n')
    with pytest.raises(PetitionDeskError) as caught:
        load_template(folder)
    message = str(caught.value)
    assert str(folder / "manifest.toml") in message and "line 2" in message
    scan = scan_templates(extra_dirs=[tmp_path / "lib"])
    assert "bad" not in [info.id for info in scan.templates]
    assert any(str(folder) in p.where for p in scan.problems)
    with pytest.raises(PetitionDeskError, match="line 2"):
        get_template("bad", extra_dirs=[tmp_path / "lib"])


def test_manifest_mistakes_are_all_listed(tmp_path):
    manifest = (
        'format = "petition-desk/template"\nversion = 2\nid = "Bad Id"\nkind = "poem"\n'
        'languages = ["en", "xx"]\nrecipient_kinds = ["pope"]\ncolour = "red"\n'
    )
    folder = write_template(tmp_path / "bad", manifest)
    with pytest.raises(ValidationError) as caught:
        load_template(folder)
    where = [p.where.rsplit(".toml.", 1)[-1] for p in caught.value.problems]
    assert where == ["colour", "version", "id", "kind", "languages", "recipient_kinds", "title"]
    assert str(folder) in caught.value.message()
    assert "names xx, a language Petition Desk does not write documents in" in caught.value.message()


def test_a_template_in_a_language_the_app_does_not_know_is_refused_even_with_its_text(tmp_path):
    """The languages the app writes come from desktop.core.languages, not from what a manifest claims."""
    manifest = ('format = "petition-desk/template"\nversion = 1\nid = "spanish"\nlanguages = ["en", "es"]\n'
                '[title]\nen = "Spanish"\n')
    folder = write_template(tmp_path / "spanish", manifest)
    (folder / "es.txt").write_text("Hola", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_template(folder)
    assert [p.params.get("code") for p in caught.value.problems] == ["es"]


def test_a_user_template_cannot_take_an_id_already_in_use(tmp_path, _private_data_dir):
    write_template(_private_data_dir / "templates" / "letter_demo", MANIFEST.format(id="letter_demo", title="Copy"))
    scan = scan_templates(extra_dirs=[FIXTURES])
    chosen = [info for info in scan.templates if info.id == "letter_demo"]
    assert len(chosen) == 1 and chosen[0].title("en") == "Copy"  # found first, in the user folder
    (problem,) = [p for p in scan.problems if "letter_demo" in p.where]
    assert "already uses" in str(problem) and "letter_demo_copy" in str(problem)


def test_folders_starting_with_underscore_or_dot_are_not_templates(tmp_path):
    write_template(tmp_path / "_phrases", MANIFEST.format(id="phrases", title="x"))
    write_template(tmp_path / ".hidden", MANIFEST.format(id="hidden", title="x"))
    write_template(tmp_path / "real", MANIFEST.format(id="real", title="x"))
    ids = {info.id for info in list_templates(extra_dirs=[tmp_path])}
    assert "real" in ids and not {"phrases", "hidden"} & ids


def test_an_edited_manifest_is_read_again(tmp_path):
    folder = write_template(tmp_path / "t" / "edited", MANIFEST.format(id="edited", title="Before"))
    assert get_template("edited", extra_dirs=[tmp_path / "t"]).title("en") == "Before"
    (folder / "manifest.toml").write_text(MANIFEST.format(id="edited", title="After, longer"), encoding="utf-8")
    assert get_template("edited", extra_dirs=[tmp_path / "t"]).title("en") == "After, longer"


def test_a_copied_fixture_works_from_another_folder(tmp_path):
    shutil.copytree(FIXTURES / "letter_demo", tmp_path / "copy" / "letter_demo")
    info = get_template("letter_demo", extra_dirs=[tmp_path / "copy"])
    assert info.source("ru").startswith("@subject Освободите")


def test_built_in_templates_have_valid_manifests():
    scan = scan_templates()
    builtin_problems = [p for p in scan.problems if "fixtures" not in p.where]
    assert builtin_problems == []
    assert all(info.builtin for info in scan.templates)


def test_every_built_in_template_renders_the_demo_case_in_every_language():
    """The shipped templates, the real salutations, addresses and phrases, the demo draft."""
    import datetime as dt

    from desktop.core.compose import LetterOptions, load_phrases, render_document
    from desktop.core.demo import load_demo_draft

    draft = load_demo_draft()
    builtin = [info for info in list_templates() if info.builtin and info.layout not in ADDRESS_LAYOUTS]
    assert builtin, "no built-in template could be loaded"
    options = LetterOptions(date=dt.date(2014, 2, 24), place="Stockholm", sender_country="SE")
    for info in builtin:
        for language in info.languages:
            for recipient in draft.recipients:
                document = render_document(info, language, draft.case, recipient, draft.signers, options)
                text = document.plain_text()
                if info.layout in ("letter", "resolution"):  # signed documents; petition sheets are signed by the public
                    assert draft.signers[0].name in text
                # The demo is marked as a historical example: at the foot of every page, or on a poster's sheets.
                note = load_phrases(language)["historical_example"]
                if document.drawn is None:
                    assert note.split()[0] in document.furniture.note
                else:
                    assert document.blocks[-1].role == "small" and note.split()[0] in document.blocks[-1].text
