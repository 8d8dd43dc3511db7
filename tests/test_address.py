"""Address blocks follow the destination country's libaddressinput data."""

import pytest
from hypothesis import given, settings, strategies as st

from desktop.core.address import address_block, address_format
from desktop.core.recipients import Recipient
from desktop.core.localize import country_name
from desktop.core.text import upper_case


def embassy(**fields) -> Recipient:
    return Recipient(kind="embassy", **fields)


def test_sweden_organisation_first_and_prefix_only_from_abroad():
    riksdag = Recipient(organisation="Sveriges riksdag", person="Anna Lind", title="Ledamot",
                        postal_code="100 12", city="Stockholm", country="SE")
    # SE's format is "%O%n%N%n%A%nSE-%Z %C": organisation above the person.
    # "SE-" is libaddressinput's postprefix, the optional prefix for mail from
    # abroad; the country line then says the same in words. Inside Sweden
    # nobody writes it, so a domestic letter drops it; the country's data has
    # no capitals rule of its own, so only mail from abroad gets the UPU's
    # city in capitals.
    assert address_block(riksdag, "de", sender_country="DE") == [
        "Sveriges riksdag", "Anna Lind", "Ledamot", "SE-100 12 STOCKHOLM", "SCHWEDEN",
    ]
    assert address_block(riksdag, "sv", sender_country="SE") == [
        "Sveriges riksdag", "Anna Lind", "Ledamot", "100 12 Stockholm",
    ]


def test_a_prefix_the_user_typed_is_not_doubled():
    riksdag = Recipient(organisation="Sveriges riksdag", postal_code="SE-100 12", city="Stockholm", country="SE")
    assert address_block(riksdag, "en", sender_country="GB")[-2:] == ["SE-100 12 STOCKHOLM", "SWEDEN"]
    assert address_block(riksdag, "sv", sender_country="SE")[-1] == "100 12 Stockholm"


def test_france_capital_city_after_postcode():
    ambassade = embassy(organisation="Ambassade de la Fédération de Russie en France", honorific="S. E. M.",
                        person="Jean Exemple", title="Ambassadeur", address_lines=["40-50 boulevard Lannes"],
                        postal_code="75116", city="Paris", country="FR")
    assert address_block(ambassade, "fr", sender_country="SE") == [
        "Ambassade de la Fédération de Russie en France",
        "S. E. M. Jean Exemple",
        "Ambassadeur",
        "40-50 boulevard Lannes",
        "75116 PARIS",  # FR's own rule: city ("C") in capitals, even for domestic mail
        "FRANCE",
    ]
    assert address_block(ambassade, "fr", sender_country="FR")[-1] == "75116 PARIS"


def test_germany_institution_first_din_5008_and_city_as_typed_at_home():
    botschaft = embassy(organisation="Botschaft der Russischen Föderation", person="Dr. Erika Muster",
                        address_lines=["Unter den Linden 63-65"], postal_code="10117", city="Berlin", country="DE")
    assert address_block(botschaft, "de", sender_country="DE") == [
        "Botschaft der Russischen Föderation", "Dr. Erika Muster", "Unter den Linden 63-65", "10117 Berlin",
    ]
    assert address_block(botschaft, "sv", sender_country="SE")[-2:] == ["10117 BERLIN", "TYSKLAND"]


def test_german_address_names_the_addressee_in_the_accusative():
    """DIN 5008: "Herrn Botschafter" / "Frau Dr. …" under the institution; other languages keep their lines."""
    ambassador = embassy(organisation="Botschaft der Russischen Föderation", title="Botschafter", gender="male",
                         address_lines=["Unter den Linden 63-65"], postal_code="10117", city="Berlin", country="DE")
    assert address_block(ambassador, "de", sender_country="DE") == [
        "Botschaft der Russischen Föderation", "Herrn Botschafter", "Unter den Linden 63-65", "10117 Berlin",
    ]
    named = embassy(organisation="Auswärtiges Amt", honorific="Ms", person="Dr. Erika Muster", title="Referatsleiterin",
                    address_lines=["Werderscher Markt 1"], postal_code="10117", city="Berlin", country="DE")
    assert address_block(named, "de", sender_country="DE")[:3] == [
        "Auswärtiges Amt", "Frau Dr. Erika Muster", "Referatsleiterin"]
    # A Russian address keeps the Russian order (addressee first), a Swedish one the institution first.
    moscow = embassy(organisation="Генеральная прокуратура", title="Генеральный прокурор", gender="male",
                     address_lines=["ул. Большая Дмитровка, 15а"], postal_code="125993", city="Москва", country="RU")
    assert address_block(moscow, "ru", sender_country="RU")[:2] == ["Генеральный прокурор", "Генеральная прокуратура"]


def test_united_kingdom_city_and_postcode_on_separate_lines():
    embassy_gb = embassy(organisation="Embassy of the Russian Federation",
                         address_lines=["6/7 Kensington Palace Gardens"], postal_code="w8 4qp", city="London",
                         country="GB")
    assert address_block(embassy_gb, "sv", sender_country="SE") == [
        "Embassy of the Russian Federation", "6/7 Kensington Palace Gardens", "LONDON", "W8 4QP", "STORBRITANNIEN",
    ]


def test_united_states_city_state_zip_on_one_line():
    embassy_us = embassy(organisation="Embassy of the Russian Federation", address_lines=["2650 Wisconsin Ave. NW"],
                         postal_code="20007", city="Washington", region="DC", country="US")
    assert address_block(embassy_us, "en", sender_country="SE") == [
        "Embassy of the Russian Federation", "2650 Wisconsin Ave. NW", "WASHINGTON, DC 20007", "UNITED STATES",
    ]
    assert address_block(embassy_us, "en", sender_country="US", capitals=False) == [
        "Embassy of the Russian Federation", "2650 Wisconsin Ave. NW", "Washington, DC 20007",
    ]


def test_united_states_without_region_leaves_no_stray_comma():
    # The shared sample directory writes "Washington, DC" in the city column.
    sample = embassy(organisation="Embassy of the Russian Federation", postal_code="20007", city="Washington, DC",
                     country="US")
    assert address_block(sample, "en", "US", capitals=False)[-1] == "Washington, DC 20007"
    no_zip = embassy(organisation="Embassy", city="Washington", country="US")
    assert address_block(no_zip, "en", "US", capitals=False) == ["Embassy", "Washington"]
    only_state = embassy(organisation="Embassy", region="DC", postal_code="20007", country="US")
    assert address_block(only_state, "en", "US") == ["Embassy", "DC 20007"]


def test_russia_city_region_postcode_each_on_a_line():
    office = Recipient(kind="official", office="Главе администрации",
                       organisation="Администрация городского округа Подольск", address_lines=["ул. Кирова, д. 4"],
                       postal_code="142100", city="Подольск", region="Московская область", country="RU")
    assert address_block(office, "ru", sender_country="SE") == [
        "Главе администрации",
        "Администрация городского округа Подольск",
        "ул. Кирова, д. 4",
        "ПОДОЛЬСК",  # RU's own rule capitalises the city
        "Московская область",
        "142100",
        "RYSSLAND",  # posted in Sweden: the country line in a language the Swedish post reads (UPU Letter Post Regulations)
    ]
    assert address_block(office, "ru", sender_country="BY")[-1] == "РОССИЯ"  # Russian is a language of Belarus


def test_belgium_old_style_prefix_is_read_as_the_postcode():
    parliament = Recipient(organisation="European Parliament", address_lines=["60 rue Wiertz / Wiertzstraat 60"],
                           postal_code="B-1047", city="Bruxelles/Brussels", country="BE")
    assert address_block(parliament, "fr", sender_country="SE", capitals=False) == [
        "European Parliament", "60 rue Wiertz / Wiertzstraat 60", "1047 Bruxelles/Brussels", "Belgique",
    ]


@pytest.mark.parametrize(("country", "language", "sender", "name"), [
    ("SE", "ru", "US", "Sweden"),  # Russian is not read at the US post office: English
    ("SE", "ru", "RU", "Швеция"),  # posted in Russia: Russian
    ("FR", "ru", "SE", "Frankrike"),  # the example: never "ФРАНЦИЯ" on mail posted in Sweden
    ("GB", "sv", "SE", "Storbritannien"),
    ("FR", "de", "SE", "Frankrike"),
    ("FR", "de", "AT", "Frankreich"),
    ("DE", "fr", "SE", "Allemagne"),  # French (and English) are read everywhere
    ("RU", "en", "SE", "Russia"),
    ("DE", "ru", "", "Germany"),  # origin unknown: a Cyrillic-script letter gets the English name
    ("DE", "sv", "", "Tyskland"),
])
def test_country_line_follows_the_upu_rule(country, language, sender, name):
    recipient = Recipient(organisation="Parliament", city="Capital", country=country)
    assert address_block(recipient, language, sender_country=sender, capitals=False)[-1] == name
    assert address_block(recipient, language, sender_country=sender)[-1] == upper_case(name)
    assert name not in address_block(recipient, language, sender_country=country, capitals=False)


@settings(max_examples=40, deadline=None)
@given(destination=st.sampled_from(["SE", "FR", "DE", "GB", "US", "RU", "BE", "CH"]),
       sender=st.sampled_from(["SE", "FR", "DE", "GB", "US", "RU", "BE", "CH", ""]),
       language=st.sampled_from(["en", "sv", "fr", "de", "ru"]))
def test_country_line_is_capitals_readable_at_origin_and_absent_at_home(destination, sender, language):
    recipient = Recipient(organisation="Parliament", city="Capital", country=destination)
    lines = address_block(recipient, language, sender_country=sender)
    if destination == sender:
        assert upper_case(country_name(destination, language)) not in lines[-1:]
        return
    line = lines[-1]
    assert line == upper_case(line)
    if sender in ("SE", "FR", "DE", "GB", "US", "BE", "CH"):  # a Latin-script country of origin
        assert not any("\u0400" <= ch <= "\u04ff" for ch in line), line


def test_japan_order_follows_the_script():
    latin = Recipient(organisation="Example K.K.", person="Taro Tanaka", address_lines=["1-2-3 Shibuya"],
                      postal_code="150-0002", region="Tokyo", country="JP")
    assert address_block(latin, "en", "SE") == [
        "Taro Tanaka", "Example K.K.", "1-2-3 Shibuya, TOKYO", "150-0002", "JAPAN",
    ]
    local = Recipient(organisation="例株式会社", person="田中太郎", address_lines=["渋谷1-2-3"],
                      postal_code="150-0002", region="東京都", country="JP")
    assert address_block(local, "en", "SE")[:5] == ["〒150-0002", "東京都", "渋谷1-2-3", "例株式会社", "田中太郎"]


def test_countries_without_a_format_still_print_everything():
    assert address_format("AO").fmt  # Angola has no format of its own in the data
    angola = Recipient(organisation="Assembleia Nacional", address_lines=["Avenida 4 de Fevereiro"],
                       postal_code="1234", city="Luanda", region="Província de Luanda", country="AO")
    assert address_block(angola, "en", "SE", capitals=False) == [
        "Assembleia Nacional", "Avenida 4 de Fevereiro", "1234 Luanda", "Província de Luanda", "Angola",
    ]
    unknown = Recipient(organisation="Somewhere", postal_code="999", city="Town")
    assert address_block(unknown, "en", "SE") == ["Somewhere", "999 Town"]


def test_no_empty_lines_or_stray_separators():
    sparse = Recipient(organisation="  Embassy  ", address_lines=["", "  Main St 1 ", "\n"], person="",
                       title="", city="", country="US")
    lines = address_block(sparse, "en", "SE")
    assert lines == ["Embassy", "Main St 1", "UNITED STATES"]
    for country in ("SE", "FR", "DE", "GB", "US", "RU", "BE", "CH", "JP", "CN", "HK", "SG", "IE", "AE"):
        lines = address_block(Recipient(organisation="Org", city="Town", country=country), "en", "SE")
        assert all(line.strip() and line == line.strip() for line in lines), (country, lines)
        assert not any(line.startswith((",", "-")) or line.endswith((",", "-")) for line in lines), (country, lines)
