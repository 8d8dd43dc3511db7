"""Russian names in the cases a sentence needs, from the one module that declines them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from desktop.core.russian_names import CASES, decline, decline_name

FIRST = {"male": ["Сергей", "Андрей", "Денис", "Николай", "Дмитрий", "Михаил"],
         "female": ["Анна", "Мария", "Александра", "Наталья", "Ольга", "Елена"]}
STEMS = ["Петр", "Иван", "Смирн", "Кузнец", "Соколь", "Волк", "Морозк", "Лебед"]


@pytest.mark.parametrize("name, gender, gent, ablt", [
    ("Николай Римский-Корсаков", "male", "Николая Римского-Корсакова", "Николаем Римским-Корсаковым"),
    ("Кузьма Петров-Водкин", "male", "Кузьмы Петрова-Водкина", "Кузьмой Петровым-Водкиным"),
    ("Мария Петрова-Водкина", "female", "Марии Петровой-Водкиной", "Марией Петровой-Водкиной"),
    ("Анна-Мария Петрова", "female", "Анны-Марии Петровой", "Анной-Марией Петровой"),
    ("Жан-Поль Сартр", "male", "Жана-Поля Сартра", "Жаном-Полем Сартром"),
    ("Михаил Бонч-Бруевич", "male", "Михаила Бонч-Бруевича", "Михаилом Бонч-Бруевичем"),  # Бонч does not decline
    ("Мария Склодовская-Кюри", "female", "Марии Склодовской-Кюри", "Марией Склодовской-Кюри"),
    ("Дмитрий Мамин-Сибиряк", "male", "Дмитрия Мамина-Сибиряка", "Дмитрием Маминым-Сибиряком"),
    ("Наталья Луцкевич", "female", "Натальи Луцкевич", "Натальей Луцкевич"),
    ("Кривов Сергей Иванович", "", "Кривова Сергея Ивановича", "Кривовым Сергеем Ивановичем"),
])
def test_hyphenated_and_other_names_decline_as_russian_grammar_says(name, gender, gent, ablt):
    assert decline(name, "gent", gender) == gent
    assert decline(name, "ablt", gender) == ablt
    assert decline(name, "nominative", gender) == name


@pytest.mark.parametrize("name, gender", [
    ("Анна-Фыва Петрова", "female"),  # a part of the first name the dictionary does not know
    ("Сергей Гога-Петров", "male"),  # a first part that may decline by rules we cannot be sure of
    ("Сергей Петров-Водкин-Сидоров", "male"),
    ("Саша Ким", ""),
    ("John Smith", "male"),
])
def test_a_name_the_rules_are_not_sure_of_stays_in_the_nominative(name, gender):
    assert decline(name, "gent", gender) is None
    assert decline_name(name, gender) is None


def test_an_unknown_case_is_refused():
    with pytest.raises(ValueError):
        decline("Сергей Кривов", "vocative")


@settings(max_examples=80, deadline=None)
@given(gender=st.sampled_from(["male", "female"]), first=st.integers(0, 5), a=st.sampled_from(STEMS),
       b=st.sampled_from(STEMS), suffix=st.sampled_from(["ов", "ин", "ский"]))
def test_both_parts_of_a_russian_double_surname_decline_alike(gender, first, a, b, suffix):
    feminine = {"ов": "ова", "ин": "ина", "ский": "ская"}[suffix]
    end = suffix if gender == "male" else feminine
    left, right = a + end, b + end
    forms = decline_name(f"{FIRST[gender][first]} {left}-{right}", gender)
    assert forms is not None
    for case in CASES:
        single_left = decline_name(f"{FIRST[gender][first]} {left}", gender)[case].split()[1]
        single_right = decline_name(f"{FIRST[gender][first]} {right}", gender)[case].split()[1]
        assert forms[case].split()[1] == f"{single_left}-{single_right}"  # each part as if it stood alone


@settings(max_examples=60, deadline=None)
@given(gender=st.sampled_from(["male", "female"]), first=st.integers(0, 5), second=st.integers(0, 5),
       surname=st.sampled_from(["Кривов", "Белоусов", "Навальный", "Полихович", "Зимин"]))
def test_a_double_first_name_declines_each_part(gender, first, second, surname):
    one, two = FIRST[gender][first], FIRST[gender][second]
    if gender == "female":
        surname = {"Кривов": "Кривова", "Белоусов": "Белоусова", "Навальный": "Навальная",
                   "Полихович": "Полихович", "Зимин": "Зимина"}[surname]
    double = decline_name(f"{one}-{two} {surname}", gender)
    alone = (decline_name(f"{one} {surname}", gender), decline_name(f"{two} {surname}", gender))
    assert double is not None and None not in alone
    for case in CASES:
        assert double[case].split()[0] == alone[0][case].split()[0] + "-" + alone[1][case].split()[0]
        assert double[case].split()[1] == alone[0][case].split()[1]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="АБВабвгдеёжзийклмнопрстуфхцчшщъыьэюя- ", min_size=1, max_size=30))
def test_any_text_declines_to_a_name_or_to_none_and_never_fails(text):
    result = decline(text, "gent")
    assert result is None or isinstance(result, str) and result.strip()
