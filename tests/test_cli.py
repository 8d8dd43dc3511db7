"""The command line, run as a user runs it: in a subprocess."""

import json
import os
import subprocess
import sys

import pytest
from pypdf import PdfReader


def run(*args, env_extra=None, cwd=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "desktop.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


def test_cli_never_imports_pyside6(tmp_path):
    code = (
        "import sys, runpy\n"
        "sys.argv = ['petition-desk', 'export', '--out', sys.argv[1], '--format', 'all', '--quiet']\n"
        "try:\n    runpy.run_module('desktop.cli.main', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6') or m.startswith('shiboken')]\n"
        "assert not bad, bad\nprint('clean')\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "clean" in result.stdout


def test_templates_lists_the_appeal_with_its_languages():
    result = run("templates", "--json")
    assert result.returncode == 0, result.stderr
    templates = {t["id"]: t for t in json.loads(result.stdout)}
    assert set(templates["appeal_mission"]["languages"]) == {"en", "sv", "fr", "de", "ru"}
    assert templates["appeal_mission"]["kind"] == "letter"


def test_export_without_a_draft_uses_the_demo(tmp_path):
    out = tmp_path / "out"
    result = run("export", "--out", str(out), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 5
    # Sample addresses are flagged on every export.
    assert "verify" in result.stderr


def test_export_in_russian_combined(tmp_path):
    out = tmp_path / "out"
    result = run("export", "--out", str(out), "--combined", "--lang", "ru", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    [pdf] = list(out.glob("*.pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert text.count("Кривов") >= 5
    assert "Превосходительство" in text


def test_check_lists_every_missing_fact(tmp_path):
    draft = tmp_path / "draft.json"
    draft.write_text(json.dumps({
        "format": "petition-desk/draft", "version": 1, "template": "appeal_mission", "language": "en",
        "case": {"name": "", "people": [{"age": "old"}], "country": "Russia"},
        "recipients": [{"kind": "embassy", "country": "SE"}],
        "signers": [{}],
    }), encoding="utf-8")
    result = run("check", str(draft))
    assert result.returncode == 1
    for where in ("case.name", "case.people[0].name", "case.people[0].age", "case.country",
                  "recipients[0]", "signers[0].name"):
        assert where in result.stderr, where
    assert "Traceback" not in result.stderr


def test_malformed_draft_gives_line_and_column(tmp_path):
    draft = tmp_path / "draft.json"
    draft.write_text('{"template": "appeal_mission",\n "language": "ru",,\n}', encoding="utf-8")
    result = run("check", str(draft))
    assert result.returncode == 1
    assert "line 2" in result.stderr and "column" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_draft_file_is_one_sentence(tmp_path):
    result = run("export", str(tmp_path / "nope.json"), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    result = run("export", "--out", str(locked / "x"), "--format", "pdf")
    assert result.returncode == 1
    assert "Choose" in result.stderr and "Traceback" not in result.stderr


def test_output_folder_that_is_a_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run("export", "--out", str(blocker / "letters"), "--format", "pdf")
    assert result.returncode == 1
    assert "folder" in result.stderr and "Traceback" not in result.stderr


def test_recipients_import_list_export(tmp_path):
    csv_path = tmp_path / "in.csv"
    csv_path.write_text(
        "organisation;kind;city;country;language\n"
        "Embassy of Ruritania;embassy;Stockholm;SE;sv\n"
        ";embassy;Paris;FR;fr\n"
        "Ruritanian Consulate;consulate;Göteborg;SE;sv\n",
        encoding="cp1252",
    )
    result = run("recipients", "import", str(csv_path))
    assert result.returncode == 1  # one row was rejected
    assert "line 3" in result.stderr
    assert "2" in result.stdout
    listed = run("recipients", "list", "--country", "SE", "--json")
    names = [r["organisation"] for r in json.loads(listed.stdout)]
    assert sorted(names) == ["Embassy of Ruritania", "Ruritanian Consulate"]
    only = run("recipients", "list", "--kind", "consulate")
    assert "Göteborg" not in only.stdout and "Ruritanian Consulate" in only.stdout
    out = tmp_path / "out.csv"
    assert run("recipients", "export", str(out)).returncode == 0
    assert "Ruritanian Consulate" in out.read_text(encoding="utf-8-sig")


def test_messages_follow_the_interface_language(tmp_path):
    result = run("--ui-lang", "de", "export", str(tmp_path / "nope.json"), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "nope.json" in result.stderr and "existiert nicht" in result.stderr
    russian = run("check", str(tmp_path / "nope.json"), env_extra={"PETITION_DESK_LANG": "ru"})
    assert "не существует" in russian.stderr


def test_signer_profiles_and_drafts_that_name_them(tmp_path):
    from desktop.core.resources import assets_dir

    image = assets_dir() / "demo" / "signature.png"
    added = run("signers", "add", "--name", "Karin Ek", "--role", "Riksdagsledamot", "--party", "V",
                "--address", "Riksdagen", "--image", str(image))
    assert added.returncode == 0, added.stderr
    listed = json.loads(run("signers", "list", "--json").stdout)
    [profile] = listed
    assert profile["name"] == "Karin Ek" and profile["party"] == "V"
    # A draft may name the profile by its id instead of repeating it.
    draft = json.loads((assets_dir() / "demo" / "demo_draft.json").read_text(encoding="utf-8"))
    draft["case"] = str(assets_dir() / "demo" / "bolotnaya_case.json")
    draft["signers"] = [profile["id"]]
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft), encoding="utf-8")
    out = tmp_path / "out"
    result = run("export", str(path), "--out", str(out), "--format", "pdf", "--recipient", "ru_embassy_gb")
    assert result.returncode == 0, result.stderr
    [pdf] = list(out.glob("*.pdf"))
    assert "Karin Ek" in PdfReader(pdf).pages[-1].extract_text()
    assert run("signers", "remove", profile["id"]).returncode == 0
    assert json.loads(run("signers", "list", "--json").stdout) == []
    gone = run("export", str(path), "--out", str(out))
    assert gone.returncode == 1 and "signer profiles" in gone.stderr


def test_cases_in_the_library(tmp_path):
    from desktop.core.resources import assets_dir

    imported = run("cases", "import", str(assets_dir() / "demo" / "bolotnaya_case.json"))
    assert imported.returncode == 0, imported.stderr
    case_id = run("cases", "list").stdout.split("\t")[0]
    target = tmp_path / "case.json"
    assert run("cases", "export", case_id, str(target)).returncode == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["people"][0]["name"]["ru"] == "Сергей Кривов"
    assert run("cases", "remove", case_id).returncode == 0
    assert run("cases", "export", case_id, str(target)).returncode == 1


def test_template_options_on_the_command_line(tmp_path):
    out = tmp_path / "sheets"
    result = run("export", "--template", "petition_sheets", "--option", "sheets=3", "--option", "rows=10",
                 "--combined", "--format", "pdf", "--lang", "de", "--recipient", "ru_embassy_de", "--out", str(out))
    assert result.returncode == 0, result.stderr
    [pdf] = list(out.glob("*.pdf"))
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert len(pages) == 3
    assert "Blatt 3 von 3" in pages[2]
    bad = run("export", "--option", "nonsense", "--out", str(out))
    assert bad.returncode == 1 and "KEY=VALUE" in bad.stderr


def test_protected_draft_is_checked_and_exported_with_its_passphrase(tmp_path):
    clear = tmp_path / "demo.json"
    assert run("demo", str(clear)).returncode == 0
    protected = tmp_path / "demo.pdesk"
    env = {"DRAFT_PASS": "correct horse battery"}
    made = run("encrypt", str(clear), str(protected), "--passphrase-env", "DRAFT_PASS", env_extra=env)
    assert made.returncode == 0, made.stderr
    assert b"Krivov" not in protected.read_bytes()
    checked = run("check", str(protected), "--passphrase-env", "DRAFT_PASS", env_extra=env)
    assert checked.returncode == 0, checked.stderr
    out = tmp_path / "out"
    exported = run("export", str(protected), "--passphrase-env", "DRAFT_PASS", "--format", "pdf",
                   "--recipient", "ru_embassy_gb", "--out", str(out), env_extra=env)
    assert exported.returncode == 0, exported.stderr
    assert len(list(out.glob("*.pdf"))) == 1
    wrong = run("check", str(protected), "--passphrase-env", "DRAFT_PASS", env_extra={"DRAFT_PASS": "wrong one!"})
    assert wrong.returncode == 1 and "passphrase" in wrong.stderr and "Traceback" not in wrong.stderr


@pytest.mark.parametrize("lang, words", [
    ("sv", ("användning:", "fel:", "okända argument: --bogus")),
    ("de", ("Aufruf:", "Fehler:", "unbekannte Argumente: --bogus")),
    ("ru", ("использование:", "ошибка:", "нераспознанные аргументы: --bogus")),
])
def test_usage_errors_speak_the_interface_language(lang, words):
    result = run("--ui-lang", lang, "templates", "--bogus")
    assert result.returncode == 2
    for word in words:
        assert word in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_help_is_translated_when_the_language_is_given_on_the_command_line():
    result = run("--ui-lang=fr", "--help")
    assert result.returncode == 0
    assert "utilisation" in result.stdout and "afficher cette aide et quitter" in result.stdout
    missing = run("--ui-lang", "fr", "resolution", "style")
    assert "les arguments suivants sont obligatoires" in missing.stderr and missing.returncode == 2


def test_recipients_import_reports_added_updated_unchanged_and_each_bad_line(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_text("id,organisation,street,city,language,note\n"
                    "riksdag,Sveriges riksdag,Riksgatan 1,Stockholm,sv,Call first\n"
                    ",Bundestag,Platz der Republik 1,Berlin,de,\n"
                    ",Short row\n"
                    ",Assemblée nationale,126 rue de l'Université,Paris,xx,\n", encoding="utf-8")
    first = run("--ui-lang", "en", "recipients", "import", str(path))
    assert first.returncode == 1
    assert "Imported 2 recipients: 2 added, 0 updated, 0 unchanged." in first.stdout
    assert "line 4: " in first.stderr and "line 5: language: “xx”" in first.stderr
    path.write_text("id,organisation,street,city,language,note\n"
                    "riksdag,Sveriges riksdag,Riksgatan 1,Stockholm,sv,\n"
                    ",Bundestag,Platz der Republik 1,Berlin,de,New note\n"
                    ",Assemblée nationale,126 rue de l'Université,Paris,fr,\n", encoding="utf-8")
    second = run("--ui-lang", "en", "recipients", "import", str(path))
    assert second.returncode == 0, second.stderr
    assert "Imported 3 recipients: 1 added, 1 updated, 1 unchanged." in second.stdout
    listed = {r["organisation"]: r for r in json.loads(run("recipients", "list", "--json").stdout)}
    assert len(listed) == 3
    assert listed["Sveriges riksdag"]["note"] == "Call first" and listed["Bundestag"]["note"] == "New note"
