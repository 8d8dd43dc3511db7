"""The SQLite library: recipients, signers and saved cases."""

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from desktop.core.case import case_from_dict
from desktop.core.errors import PetitionDeskError, ValidationError
from desktop.core.library import SCHEMA_VERSION, Library, data_dir, fold
from desktop.core.recipients import Recipient
from desktop.core.recipients_csv import import_recipients
from desktop.core.resources import assets_dir
from desktop.core.signers import Signer

SAMPLE = Path("/work/shared/domain/recipients_sample.csv")
SIGNATURE = assets_dir() / "demo" / "signature.png"


@pytest.fixture
def library():
    with Library() as lib:
        yield lib


def test_file_lands_in_the_data_dir_only_when_first_used(_private_data_dir):
    assert data_dir() == _private_data_dir
    lib = Library()
    assert lib.path == _private_data_dir / "library.sqlite3"
    assert not _private_data_dir.exists()  # nothing is created before the library is used
    lib.add_recipient(Recipient(organisation="Riksdag"))
    lib.close()
    assert lib.path.is_file()
    conn = sqlite3.connect(lib.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_add_get_update_delete(library):
    rid = library.add_recipient(Recipient(organisation="Sveriges riksdag", kind="legislature", country="SE",
                                          address_lines=["Riksgatan 1"], verify=True))
    assert rid == "sveriges_riksdag"
    second = library.add_recipient(Recipient(organisation="Sveriges riksdag", person="Talmannen"))
    assert second == "sveriges_riksdag_2"
    stored = library.get_recipient(rid)
    assert stored == Recipient(id=rid, organisation="Sveriges riksdag", kind="legislature", country="SE",
                               address_lines=["Riksgatan 1"], verify=True)
    stored.city = "Stockholm"
    library.update_recipient(stored)
    assert library.get_recipient(rid).city == "Stockholm"
    with pytest.raises(PetitionDeskError, match="already in the directory"):
        library.add_recipient(Recipient(id=rid, organisation="Copy"))
    with pytest.raises(PetitionDeskError, match="no recipient"):
        library.update_recipient(Recipient(id="nope", organisation="X"))
    with pytest.raises(ValidationError):
        library.add_recipient(Recipient(city="Nobody to write to"))
    assert library.delete_recipient(rid) is True
    assert library.delete_recipient(rid) is False
    assert library.get_recipient(rid) is None


def test_list_filter_and_search_with_cyrillic(library):
    library.add_recipients([
        Recipient(organisation="Государственная Дума", person="Пётр Ёлкин", city="Москва", country="RU",
                  kind="legislature", language="ru"),
        Recipient(organisation="Посольство России", city="Стокгольм", country="SE", kind="embassy", language="ru"),
        Recipient(organisation="Rysslands ambassad", city="Göteborg", country="SE", kind="consulate", language="sv"),
        Recipient(organisation="Deutscher Bundestag", office="Präsidentin", city="Berlin", country="DE",
                  kind="legislature", language="de"),
    ])
    names = lambda items: [r.display_name for r in items]
    assert names(library.list_recipients()) == ["Präsidentin", "Rysslands ambassad", "Пётр Ёлкин", "Посольство России"]
    assert names(library.list_recipients(country="se")) == ["Rysslands ambassad", "Посольство России"]
    assert names(library.list_recipients(kind="legislature", language="de")) == ["Präsidentin"]
    # Upper-case Cyrillic and ё/е fold together; SQLite's own LIKE would miss both.
    assert names(library.list_recipients(search="ЕЛКИН")) == ["Пётр Ёлкин"]
    assert names(library.list_recipients(search="посольство")) == ["Посольство России"]
    assert names(library.list_recipients(search="goteborg")) == ["Rysslands ambassad"]
    assert names(library.list_recipients(search="präsidentin BERLIN")) == ["Präsidentin"]
    assert names(library.list_recipients(search="москва", country="SE")) == []
    assert fold("Ёлкин") == fold("елкин")


def test_list_is_sorted_by_name_across_scripts(library):
    library.add_recipients([Recipient(organisation=n) for n in ("beta", "Alpha", "Ämter", "Гамма")])
    assert [r.organisation for r in library.list_recipients()] == ["Alpha", "Ämter", "beta", "Гамма"]


def test_import_sample_csv_and_reimport_replaces_by_id(library):
    result = library.import_csv(SAMPLE)
    assert len(result.recipients) == 12 and not result.rejected
    listed = library.list_recipients()
    assert len(listed) == 12 and all(r.verify for r in listed)
    assert library.get_recipient("bundestag").address_lines == ["Platz der Republik 1"]
    library.import_csv(SAMPLE)
    assert library.count_recipients() == 12


def test_import_gives_ids_to_rows_without_one(library, tmp_path):
    path = tmp_path / "new.csv"
    path.write_text("organisation,city\nRiksdag,Stockholm\nRiksdag,Göteborg\n", encoding="utf-8")
    result = library.import_csv(path)
    assert [r.id for r in result.recipients] == ["riksdag", "riksdag_2"]
    assert library.count_recipients() == 2


def test_export_csv_round_trip(library, tmp_path):
    library.import_csv(SAMPLE)
    out = tmp_path / "directory.csv"
    library.export_csv(out)
    again = import_recipients(out)
    assert again.recipients == library.list_recipients()


def test_signer_keeps_the_signature_bytes(library, tmp_path, _private_data_dir):
    original = tmp_path / "my signature.png"
    data = SIGNATURE.read_bytes()
    original.write_bytes(data)
    sid = library.add_signer(Signer(name="Anna Lind", role="Ledamot", party="S", address_lines=["Riksdagen"],
                                    signature_image=original))
    original.unlink()  # the profile must survive the file being moved or deleted
    signer = library.get_signer(sid)
    assert signer.name == "Anna Lind" and signer.address_lines == ["Riksdagen"]
    path = signer.signature_image
    assert path is not None and path.parent == _private_data_dir / "signatures"
    assert "anna" not in path.name.casefold()  # the file name does not reveal who signs
    assert path.read_bytes() == data
    assert library.signature_image_bytes(sid) == data

    library.update_signer(signer)  # keeps the picture it has
    assert library.signature_image_bytes(sid) == data
    jpeg = b"\xff\xd8\xff\xe0" + b"\0" * 32
    library.update_signer(signer, signature=jpeg)
    new_path = library.signature_image_path(sid)
    assert new_path.suffix == ".jpg" and new_path.read_bytes() == jpeg
    assert not path.exists()  # the old copy does not linger
    assert [s.id for s in library.list_signers()] == [sid]
    assert library.delete_signer(sid)
    assert not new_path.exists()
    assert library.get_signer(sid) is None


def test_signer_without_picture_and_bad_picture(library):
    sid = library.add_signer(Signer(name="Erik"))
    assert library.get_signer(sid).signature_image is None
    assert library.signature_image_path(sid) is None
    with pytest.raises(PetitionDeskError, match="PNG or JPEG"):
        library.add_signer(Signer(name="Eva"), signature=b"GIF89a")


def test_case_save_load_round_trip(library):
    data = json.loads((assets_dir() / "demo" / "bolotnaya_case.json").read_text(encoding="utf-8"))
    case = case_from_dict(data)
    cid = library.save_case(case)
    assert cid == "bolotnaya_square_case"
    loaded = library.load_case(cid)
    assert loaded == case
    assert loaded.people[0].name == case.people[0].name
    case.summary = "edited"
    assert library.save_case(case, case_id=cid, name="Болотное дело") == cid
    assert library.load_case(cid).summary == "edited"
    assert [(c.id, c.name) for c in library.list_cases()] == [(cid, "Болотное дело")]
    with pytest.raises(PetitionDeskError, match="no case"):
        library.load_case("missing")
    assert library.delete_case(cid)
    assert library.list_cases() == []


def test_data_survives_reopening(tmp_path):
    path = tmp_path / "lib" / "library.sqlite3"
    with Library(path) as lib:
        lib.add_recipient(Recipient(organisation="Bundestag"))
    with Library(path) as lib:
        assert [r.organisation for r in lib.list_recipients()] == ["Bundestag"]


def test_reading_from_a_worker_thread(library):
    library.add_recipient(Recipient(organisation="Riksdag"))
    seen = []
    worker = threading.Thread(target=lambda: seen.extend(library.list_recipients()))
    worker.start()
    worker.join()
    assert [r.organisation for r in seen] == ["Riksdag"]


def test_ten_thousand_recipients_in_one_transaction(library):
    ids = library.add_recipients(
        Recipient(organisation=f"Office {i % 100}", person=f"Person {i}", country="SE") for i in range(10_000)
    )
    assert len(set(ids)) == 10_000
    assert library.count_recipients() == 10_000
    assert len(library.list_recipients(search="person 9999")) == 1


def test_newer_or_damaged_library_is_a_clear_error(tmp_path):
    newer = tmp_path / "newer.sqlite3"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(PetitionDeskError, match="newer version"):
        Library(newer).list_recipients()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    with pytest.raises(PetitionDeskError, match="cannot be opened"):
        Library(damaged).list_recipients()


# -- importing a file again: recognise, merge, count ---------------------------------

@pytest.mark.parametrize("second", [
    # the same file again, and the same rows as a spreadsheet might rewrite them
    "organisation,street,city,country\nSveriges riksdag,Riksgatan 1,Stockholm,SE\nBundestag,Platz der Republik 1,Berlin,DE\n",
    "Organisation;Street;City;Country\nSVERIGES RIKSDAG;Riksgatan 1;stockholm;Sweden\nbundestag;Platz der Republik 1.;BERLIN;de\n",
])
def test_reimporting_rows_without_ids_recognises_the_same_recipients(library, tmp_path, second):
    first = tmp_path / "first.csv"
    first.write_text("organisation,street,city,country\nSveriges riksdag,Riksgatan 1,Stockholm,SE\n"
                     "Bundestag,Platz der Republik 1,Berlin,DE\n", encoding="utf-8")
    result = library.import_csv(first)
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    path = tmp_path / "second.csv"
    path.write_text(second, encoding="utf-8")
    again = library.import_csv(path)
    assert library.count_recipients() == 2
    assert again.added == 0 and again.updated + again.unchanged == 2


def test_reimporting_an_id_merges_and_keeps_what_the_file_leaves_empty(library, tmp_path):
    library.add_recipient(Recipient(id="riksdag", organisation="Sveriges riksdag", city="Stockholm", country="SE",
                                    note="Call before sending", verify=True, email="old@example.org"))
    path = tmp_path / "update.csv"
    path.write_text("id,organisation,city,email,note\nriksdag,Sveriges riksdag,Stockholm,new@example.org,\n",
                    encoding="utf-8")
    result = library.import_csv(path)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 0)
    stored = library.get_recipient("riksdag")
    assert stored.note == "Call before sending" and stored.verify and stored.country == "SE"
    assert stored.email == "new@example.org"
    again = library.import_csv(path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)


def test_a_different_address_is_another_recipient(library, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("organisation,street,city\nRysslands ambassad,Gjörwellsgatan 31,Stockholm\n"
                    "Rysslands ambassad,Ryska vägen 1,Göteborg\n", encoding="utf-8")
    result = library.import_csv(path)
    assert result.added == 2 and library.count_recipients() == 2
