"""Capitals as each script writes them: Greek drops its accents, the address block follows."""

import re
import unicodedata

import pytest
from hypothesis import example, given, settings, strategies as st

from desktop.core.address import address_block
from desktop.core.recipients import Recipient
from desktop.core.text import upper_case

STRESS = "\u0301\u0300\u0342"
GREEK_LOWER = "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ"
POLYTONIC = "ἀἁἄἅἐἑἠἡἤἦὀὁὐὑὠὡᾳῃῳᾠᾤὰὲὴὶὸὺὼᾶῆῖῦῶ"


def is_greek(c):
    return 0x0370 <= ord(c) <= 0x03FF or 0x1F00 <= ord(c) <= 0x1FFF


def bare(text):
    """Letters without any marks."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize("text, capitals", [
    ("Αθήνα", "ΑΘΗΝΑ"),
    ("Θεσσαλονίκη", "ΘΕΣΣΑΛΟΝΙΚΗ"),
    ("Ελλάδα", "ΕΛΛΑΔΑ"),
    ("Κύπρος", "ΚΥΠΡΟΣ"),
    ("Μάιος", "ΜΑΪΟΣ"),  # άι is two syllables: the ι keeps them apart with a dialytika
    ("τσάι", "ΤΣΑΪ"),
    ("άυλος", "ΑΫΛΟΣ"),
    ("προϊόν", "ΠΡΟΪΟΝ"),
    ("ΐ ΰ", "Ϊ Ϋ"),  # dialytika with tonos keeps the dialytika
    ("Ευαγγελισμός", "ΕΥΑΓΓΕΛΙΣΜΟΣ"),  # a real diphthong gets nothing
    ("Ἀθῆναι", "ΑΘΗΝΑΙ"),
    ("ᾠδή", "ΩΙΔΗ"),  # the iota subscript is a capital iota, not a separate syllable
    ("Αθήνα ή Πάτρα", "ΑΘΗΝΑ Ή ΠΑΤΡΑ"),  # the disjunctive ή keeps its accent
    ("Café Zürich", "CAFÉ ZÜRICH"),
    ("Москва, ул. Ёлкина", "МОСКВА, УЛ. ЁЛКИНА"),
])
def test_known_words(text, capitals):
    assert upper_case(text) == capitals


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(sorted({c for c in GREEK_LOWER + POLYTONIC + GREEK_LOWER.upper() + " -,.1"
                                       if not unicodedata.combining(c)})), max_size=60))
@example("ΑΘΉΝΑ")
@example("1ῆ")
def test_greek_in_capitals_has_no_stress_accents(text):
    result = upper_case(text)
    assert result == upper_case(result), "capitals of capitals are the same"
    assert not any(c.islower() for c in result)
    # The letters are those of str.upper; only marks differ.
    assert bare(result).replace("Ι", "") == bare(text.upper()).replace("Ι", "")
    # No stress accent is left but on the disjunctive Ή ("or"), a word of its own.
    disjunctive = len(re.findall(r"(?<!\w)Ή(?!\w)", result))
    assert sum(unicodedata.normalize("NFD", result).count(m) for m in STRESS) == disjunctive, result


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)).filter(lambda c: not is_greek(c)), max_size=60))
def test_other_scripts_are_upper_cased_as_unicode_says(text):
    assert upper_case(text) == text.upper()


@settings(max_examples=60, deadline=None)
@given(city=st.text(st.sampled_from(GREEK_LOWER + "άέήίόύώ"), min_size=2, max_size=20).map(lambda t: t.capitalize()),
       sender=st.sampled_from(["SE", "DE", "FR", "US"]), language=st.sampled_from(["en", "el", "ru", "de"]))
@example(city="Αθήνα", sender="SE", language="el")
def test_a_greek_city_from_abroad_is_in_capitals_without_accents_and_written_once(city, sender, language):
    recipient = Recipient(organisation="Πρεσβεία", postal_code="154 52", city=city, country="GR",
                          address_lines=["Νικηφορίδη 2"])
    lines = address_block(recipient, language, sender_country=sender)
    wanted = upper_case(city)
    assert sum(wanted in line for line in lines) == 1, lines
    # Greek in capitals drops its accents; the country line may be French ("GRÈCE": the UPU rule).
    greek = [line for line in lines[2:] if any(is_greek(c) for c in line)]
    assert not any(m in unicodedata.normalize("NFD", line) for line in greek for m in STRESS), lines


def test_a_greek_country_name_is_in_capitals_without_accents():
    recipient = Recipient(organisation="Πρεσβεία", postal_code="1010", city="Λευκωσία", country="CY")
    assert address_block(recipient, "el", sender_country="GR")[-1] == "ΚΥΠΡΟΣ"
