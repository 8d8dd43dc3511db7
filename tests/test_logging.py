"""The app's log: where it is, what an internal error leaves in it, and that it holds no personal data."""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importlib
from desktop.core import logs
from desktop.core.demo import load_demo_draft
from desktop.core.draft import save_draft

cli = importlib.import_module("desktop.cli.main")  # desktop.cli.main is also the name of the function


def _log_text(data_dir: Path) -> str:
    logs.flush()
    return (data_dir / "logs" / logs.LOG_FILE).read_text(encoding="utf-8")


def test_the_log_is_an_owner_only_file_under_the_data_folder(_private_data_dir, capsys):
    assert cli.main(["templates"]) == 0
    path = _private_data_dir / "logs" / "petition-desk.log"
    assert logs.log_path() == path
    assert logs.current_log_file() == path.absolute()
    assert "command templates started" in _log_text(_private_data_dir)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_without_the_override_the_log_is_in_the_platforms_log_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv("PETITION_DESK_DATA_DIR")
    assert logs.log_dir() == Path(platformdirs.user_log_dir("petition-desk", appauthor=False))


def test_the_log_rotates_at_about_a_megabyte_keeping_three(_private_data_dir):
    logs.setup_logging()
    handler = next(h for h in logging.getLogger("desktop").handlers if isinstance(h, logging.FileHandler))
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 3)
    big = logging.getLogger("desktop.test")
    for _ in range(1200):
        big.info("%s", "x" * 1000)
    files = sorted(p.name for p in (_private_data_dir / "logs").iterdir())
    assert files == ["petition-desk.log", "petition-desk.log.1"]
    if os.name == "posix":
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in (_private_data_dir / "logs").iterdir())


def test_an_unwritable_log_folder_does_not_stop_the_command(_private_data_dir, capsys):
    _private_data_dir.mkdir(parents=True)
    (_private_data_dir / "logs").write_text("not a folder")
    assert cli.main(["templates"]) == 0
    assert logs.current_log_file() is None


def _explode(args, tr):
    secret = {"name": "Ivan Petrovich Secretov"}
    return secret["address"]  # a KeyError deep in the app's own code


def test_an_internal_error_names_the_log_and_the_log_holds_its_traceback(_private_data_dir, monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_templates", _explode)
    assert cli.main(["templates"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    path = _private_data_dir / "logs" / "petition-desk.log"
    assert str(path) in err and "KeyError" in err
    assert "Traceback" not in err
    text = _log_text(_private_data_dir)
    assert "hit an internal error" in text
    assert "Traceback (most recent call last):" in text
    assert "in _explode" in text and "KeyError" in text
    assert "secret[\"address\"]" in text or "secret['address']" in text  # the app's own source line
    assert "Secretov" not in text  # ... but not the exception's message, which could be what the user typed


def test_a_chained_exception_keeps_both_tracebacks_and_neither_message():
    name, place = " ".join(["Anna", "Karenina"]), ", ".join(["Moscow", "Bolotnaya 6"])  # not in the source lines
    try:
        try:
            {}[name]
        except KeyError as inner:
            raise ValueError(place) from inner
    except ValueError:
        import sys

        text = logs.PrivateFormatter().formatException(sys.exc_info())
    assert text.count("Traceback (most recent call last):") == 2
    assert "KeyError" in text and "ValueError" in text
    assert name not in text and place not in text


@pytest.mark.parametrize("argv", [["--verbose", "templates"], ["templates", "--verbose"], ["templates", "-v"]])
def test_verbose_before_or_after_the_command_logs_to_stderr(argv, capsys):
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    assert "INFO desktop.cli.main: command templates started" in captured.err
    assert "appeal_mission" in captured.out  # the command itself ran


def test_without_verbose_stderr_stays_quiet(capsys):
    assert cli.main(["templates"]) == 0
    assert "INFO" not in capsys.readouterr().err


def test_a_user_error_is_logged_by_its_message_id_not_its_words(_private_data_dir, capsys):
    assert cli.main(["export", "/nonexistent/Secret Folder Olga/draft.json"]) == cli.EXIT_PROBLEMS
    text = _log_text(_private_data_dir)
    assert "command export stopped: PetitionDeskError" in text
    assert "Olga" not in text


_NAME_LETTERS = st.characters(categories=("Lu", "Ll"), max_codepoint=0x4FF)  # Latin, Greek, Cyrillic …
_personal = st.text(_NAME_LETTERS, min_size=10, max_size=24)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(signer=_personal, person=_personal, case_name=_personal, city=_personal, folder=_personal)
def test_exporting_the_demo_draft_logs_none_of_its_personal_strings(monkeypatch, signer, person, case_name, city,
                                                                     folder):
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        monkeypatch.setenv("PETITION_DESK_DATA_DIR", str(data_dir))
        draft = load_demo_draft()
        draft.signers[0].name = signer
        for recipient in draft.recipients:
            recipient.person = person
            recipient.city = city
        draft.case.name = case_name
        where = Path(tmp) / folder
        save_draft(draft, where / f"{folder}.json")
        assert cli.main(["check", str(where / f"{folder}.json")]) in (0, 1)
        assert cli.main(["export", str(where / f"{folder}.json"), "--format", "all", "--quiet",
                         "--out", str(where / "out")]) == 0
        assert cli.main(["export", str(where / f"{folder}.json"), "--combined", "--quiet",
                         "--out", str(where / "combined")]) == 0
        text = _log_text(data_dir)
        assert "export finished: 5 letters" in text
        for secret in (signer, person, case_name, city, folder):
            assert secret not in text
        for recipient in draft.recipients:  # and the sample addresses, which stand for real ones
            assert not [name for name in recipient.all_names() if name in text]
