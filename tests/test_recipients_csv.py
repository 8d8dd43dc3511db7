"""CSV import accepts what spreadsheets write; export round-trips."""

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.errors import PetitionDeskError
from desktop.core.recipients import Recipient
from desktop.core.recipients_csv import column_field, export_recipients, import_recipients

SAMPLE = Path("/work/shared/domain/recipients_sample.csv")


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_cp1251_with_cyrillic_names_and_semicolons(tmp_path):
    text = (
        "Имя;Организация;Адрес;Индекс;Город;Страна\r\n"
        "Пётр Ёлкин;Государственная Дума;ул. Охотный Ряд, д. 1;103265;Москва;RU\r\n"
        "Анна Щукина;Совет Федерации;ул. Большая Дмитровка, д. 26;103426;Москва;Россия\r\n"
    )
    result = import_recipients(write(tmp_path / "ru.csv", text, "cp1251"))
    assert result.encoding == "cp1251"
    assert result.delimiter == ";"
    assert result.rejected == []
    first, second = result.recipients
    assert first.person == "Пётр Ёлкин"
    assert first.organisation == "Государственная Дума"
    assert first.address_lines == ["ул. Охотный Ряд, д. 1"]
    assert (first.postal_code, first.city, first.country) == ("103265", "Москва", "RU")
    assert second.country == "RU"  # a country name in Russian is read as its code


def test_cp1252_western_names(tmp_path):
    text = "name,organization,street,zip,town,country\nJosé Müller,Ambassade de Suisse,Rue de Genève 5,1202,Genève,CH\n"
    result = import_recipients(write(tmp_path / "fr.csv", text, "cp1252"))
    assert result.encoding == "cp1252"
    (recipient,) = result.recipients
    assert recipient.person == "José Müller"
    assert recipient.city == "Genève"
    assert recipient.address_lines == ["Rue de Genève 5"]


def test_utf16_with_bom_tab_separated_as_excel_unicode_text(tmp_path):
    text = "Person\tOrganisation\tCity\tCountry\r\nИван Петров\tRiksdagen\tStockholm\tSE\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    result = import_recipients(path)
    assert result.delimiter == "\t"
    assert result.encoding == "utf-16"
    assert [(r.person, r.organisation, r.city, r.country) for r in result.recipients] == [
        ("Иван Петров", "Riksdagen", "Stockholm", "SE"),
    ]


def test_utf16_big_endian_with_commas(tmp_path):
    path = tmp_path / "be.csv"
    path.write_bytes(codecs.BOM_UTF16_BE + "organisation,country\nBundestag,DE\n".encode("utf-16-be"))
    assert [r.organisation for r in import_recipients(path).recipients] == ["Bundestag"]


def test_utf8_bom_semicolons_and_quoted_newline(tmp_path):
    text = ('\ufefforganisation;street;postal_code;city;country\n'
            'Sveriges riksdag;"Riksgatan 1\nPostfack";100 12;Stockholm;SE\n')
    result = import_recipients(write(tmp_path / "sv.csv", text, "utf-8"))
    assert result.encoding == "utf-8-sig"
    assert result.delimiter == ";"
    (riksdag,) = result.recipients
    assert riksdag.organisation == "Sveriges riksdag"  # the BOM is not part of the first column's name
    assert riksdag.address_lines == ["Riksgatan 1", "Postfack"]
    assert riksdag.postal_code == "100 12"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_bad_rows_are_reported_with_their_physical_line(tmp_path, newline):
    rows = [
        "organisation,street,city,country,kind",  # line 1
        'Embassy A,"Street 1',                    # line 2: a row of three lines
        "Building B",                             # line 3
        'Floor 4",Stockholm,SE,embassy',          # line 4
        ",Nowhere 1,Paris,FR,embassy",            # line 5: nobody to write to
        "Embassy C,,Oslo,Narnia,embassy",         # line 6: not a country
        "",                                       # line 7: blank, skipped
        "Embassy D,,Berlin,DE,palace",            # line 8: not a kind
        "Embassy E,,Bern,CH,Consulate",           # line 9: fine, kind in other case
    ]
    path = write(tmp_path / "bad.csv", newline.join(rows) + newline, "utf-8")
    result = import_recipients(path)
    assert [r.organisation for r in result.recipients] == ["Embassy A", "Embassy E"]
    assert result.recipients[0].address_lines == ["Street 1", "Building B", "Floor 4"]
    assert result.recipients[1].kind == "consulate"
    assert [row.line for row in result.rejected] == [5, 6, 8]
    nobody, narnia, palace = (str(row.reason) for row in result.rejected)
    assert "person, an office or an organisation" in nobody
    assert narnia.startswith("country:") and "Narnia" in narnia
    assert palace.startswith("kind:") and "embassy" in palace
    assert result.rejected[1].raw.startswith("Embassy C")


def test_unclosed_quotation_mark_is_rejected(tmp_path):
    text = 'organisation,city\nGood,Oslo\n"Broken,Oslo\nNext,Bergen\n'
    result = import_recipients(write(tmp_path / "q.csv", text, "utf-8"))
    assert [r.organisation for r in result.recipients] == ["Good"]
    assert [row.line for row in result.rejected] == [3]
    assert "quotation mark" in str(result.rejected[0].reason)


def test_repeated_id_is_rejected(tmp_path):
    text = "id,organisation\nx1,First\nx1,Second\n"
    result = import_recipients(write(tmp_path / "ids.csv", text, "utf-8"))
    assert [r.organisation for r in result.recipients] == ["First"]
    assert "line 2" in str(result.rejected[0].reason)


def test_header_names_are_case_insensitive_with_aliases():
    assert column_field("ZIP") == "postal_code"
    assert column_field("Post code") == "postal_code"
    assert column_field("E-Mail") == "email"
    assert column_field("Organization") == "organisation"
    assert column_field("Name") == "person"
    assert column_field("Street") == "address_lines"
    assert column_field("Favourite colour") is None


def test_unknown_columns_are_listed(tmp_path):
    result = import_recipients(write(tmp_path / "x.csv", "organisation,colour\nRiksdag,blue\n", "utf-8"))
    assert result.ignored_columns == ["colour"]


def test_empty_file_and_missing_header_are_clear_errors(tmp_path):
    with pytest.raises(PetitionDeskError, match="empty"):
        import_recipients(write(tmp_path / "empty.csv", "", "utf-8"))
    with pytest.raises(PetitionDeskError, match="empty"):
        import_recipients(write(tmp_path / "bom.csv", "\ufeff\n\n", "utf-8"))
    with pytest.raises(PetitionDeskError, match="does not name any column"):
        import_recipients(write(tmp_path / "noheader.csv", "Riksdag,Stockholm\nBundestag,Berlin\n", "utf-8"))
    with pytest.raises(PetitionDeskError, match="person, office or organisation"):
        import_recipients(write(tmp_path / "noname.csv", "city,country\nOslo,NO\n", "utf-8"))
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(b"PK\x03\x04rest-of-a-zip")
    with pytest.raises(PetitionDeskError, match="workbook"):
        import_recipients(workbook)
    with pytest.raises(PetitionDeskError, match="does not exist"):
        import_recipients(tmp_path / "missing.csv")


def test_export_then_import_round_trip(tmp_path):
    recipients = [
        Recipient(id="duma", kind="legislature", honorific="г-ну", person="Пётр Ёлкин", title="Председатель",
                  organisation="Государственная Дума", address_lines=["ул. Охотный Ряд, д. 1", "подъезд 2"],
                  postal_code="103265", city="Москва", country="RU", language="ru", gender="male",
                  note="=HYPERLINK(\"http://example.org\")", verify=True),
        Recipient(id="riksdag", kind="legislature", organisation="Sveriges riksdag, talmannen", postal_code="100 12",
                  city="Stockholm", country="SE", language="sv", email="a@example.org", salutation="Herr talman,"),
    ]
    path = tmp_path / "out.csv"
    export_recipients(recipients, path)
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    assert text.startswith("id,kind,honorific,person,")
    assert "\r\n" in text and '"ул. Охотный Ряд, д. 1\nподъезд 2"' in text
    assert "'=HYPERLINK" in text  # a spreadsheet must not run it as a formula
    assert not list(tmp_path.glob("*.part"))
    back = import_recipients(path)
    assert back.rejected == []
    assert back.recipients == recipients


def test_shared_sample_imports_every_row_marked_verify():
    result = import_recipients(SAMPLE)
    assert result.rejected == []
    assert len(result.recipients) == 12
    assert all(r.verify for r in result.recipients)
    by_id = {r.id: r for r in result.recipients}
    assert by_id["ru_embassy_de"].address_lines == ["Unter den Linden 63-65"]
    assert by_id["ru_embassy_de"].postal_code == "10117"
    assert by_id["ru_embassy_us"].city == "Washington, DC"
    assert "amnestyusa.org" in by_id["ru_embassy_us"].note  # the source is kept in the note
    assert "postal code not found" in by_id["ru_embassy_se"].note
    assert by_id["ru_genproc"].address_lines == ["ul. Bolshaya Dmitrovka, 15a, GSP-3"]


@settings(max_examples=30, deadline=None)
@given(width=st.integers(2, 8), short_by=st.integers(1, 7), delimiter=st.sampled_from([",", ";", "\t"]),
       bad_line=st.integers(0, 3))
def test_a_row_with_fewer_cells_than_the_header_is_reported_with_its_line(tmp_path_factory, width, short_by,
                                                                          delimiter, bad_line):
    short_by = min(short_by, width - 1)
    header = ["organisation", "street", "postal_code", "city", "country", "email", "note", "kind"][:width]
    good = ["Org", "Street 1", "12345", "Town", "SE", "a@example.org", "n", "embassy"][:width]
    rows = [list(good) for _ in range(4)]
    for i, row in enumerate(rows):
        row[0] = f"Org {i}"
    rows[bad_line] = rows[bad_line][:width - short_by]
    path = tmp_path_factory.mktemp("short") / "r.csv"
    path.write_text("\n".join(delimiter.join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    result = import_recipients(path)
    assert [row.line for row in result.rejected] == [bad_line + 2]
    assert "header has" in str(result.rejected[0].reason)
    assert sorted(r.organisation for r in result.recipients) == sorted(f"Org {i}" for i in range(4) if i != bad_line)
    assert all(r.address_lines == ["Street 1"] for r in result.recipients if width > 1)


@pytest.mark.parametrize("language", ["xx", "es", "english", "zz-ZZ"])
def test_an_unknown_language_rejects_the_row_naming_the_column_and_the_choices(tmp_path, language):
    path = tmp_path / "r.csv"
    path.write_text(f"organisation,Sprache\nA,de\nB,{language}\nC,\n", encoding="utf-8")
    result = import_recipients(path)
    assert [r.organisation for r in result.recipients] == ["A", "C"]
    [rejected] = result.rejected
    reason = str(rejected.reason)
    assert rejected.line == 3 and reason.startswith("Sprache: ")
    assert "en, sv, fr, de, ru" in reason
