import datetime as dt

import pytest

from desktop.core import localize


@pytest.mark.parametrize("lang, country, expected", [
    # The day is tied to its month by a no-break space, so a line never ends between them.
    ("en", "GB", "6\xa0May 2012"),
    ("en", "US", "May 6, 2012"),
    ("sv", "SE", "6\xa0maj 2012"),
    ("fr", "FR", "6\xa0mai 2012"),
    ("de", "DE", "6.\xa0Mai 2012"),
    ("ru", "RU", "6\xa0мая 2012\u202fг."),
    ("ru", "SE", "6\xa0мая 2012\u202fг."),  # no ru_SE locale: Russian conventions stay
])
def test_long_dates(lang, country, expected):
    assert localize.format_date(dt.date(2012, 5, 6), lang, country) == expected


def test_french_first_of_month_is_ordinal():
    assert localize.format_date(dt.date(2014, 6, 1), "fr") == "1er\xa0juin 2014"
    assert localize.format_date(dt.date(2014, 6, 11), "fr") == "11\xa0juin 2014"


@pytest.mark.parametrize("n, expected", [(1, "1 письмо"), (2, "2 письма"), (5, "5 писем"), (21, "21 письмо"),
                                         (22, "22 письма"), (11, "11 писем"), (1000, "1\xa0000 писем")])
def test_russian_plurals(n, expected):
    forms = {"one": "# письмо", "few": "# письма", "many": "# писем", "other": "# письма"}
    assert localize.plural(n, "ru", forms) == expected


def test_lists_and_names():
    assert localize.format_list(["A", "B", "C"], "en") == "A, B and C"
    assert localize.format_list(["A", "B", "C"], "ru") == "A, B и C"
    assert localize.format_list(["A", "B"], "de") == "A und B"
    assert localize.format_list(["A", "B"], "fr", style="or") == "A ou B"
    assert localize.country_name("SE", "ru") == "Швеция"
    assert localize.country_name("RU", "de") == "Russland"
    assert localize.language_name("ru", "sv") == "ryska"


def test_paper_by_country():
    assert localize.paper_for_country("US") == "Letter"
    assert localize.paper_for_country("ca") == "Letter"
    assert localize.paper_for_country("SE") == "A4"
    assert localize.paper_for_country("") == "A4"
