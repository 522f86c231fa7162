import dataclasses
import string

import pytest

from ui.strings import EXAMPLES, LANGUAGE_CHOICES, STRINGS, bot_language, ui_language


@pytest.mark.parametrize("choice,expected", [("auto", None), ("", None), (None, None), ("id", "id"), ("en", "en")])
def test_language_choice_maps_to_the_bot_language(choice: str | None, expected: str | None) -> None:
    assert bot_language(choice) == expected


def test_an_unknown_language_choice_is_refused() -> None:
    with pytest.raises(ValueError, match="language must be one of auto, id, en; got 'fr'"):
        bot_language("fr")


@pytest.mark.parametrize("choice,detected,expected", [
    ("auto", None, "en"), ("auto", "id", "id"), ("auto", "en", "en"), ("id", "en", "id"), ("en", "id", "en"),
])
def test_labels_follow_the_choice_else_the_detected_language_else_english(choice, detected, expected) -> None:
    assert ui_language(choice, detected) == expected


def test_choices_offer_auto_and_both_languages() -> None:
    assert [v for _, v in LANGUAGE_CHOICES] == ["auto", "id", "en"]
    assert {code for code, _ in EXAMPLES} == {"id", "en"}


def fields(code: str) -> dict[str, str]:
    return {k: v for k, v in dataclasses.asdict(STRINGS[code]).items() if k != "code"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("name", list(fields("en")))
def test_every_string_exists_in_both_languages_with_the_same_placeholders(name: str) -> None:
    en, id_ = fields("en")[name], fields("id")[name]
    if isinstance(en, tuple):  # the answer modes' names
        assert len(en) == len(id_) and all(e.strip() and i.strip() for e, i in zip(en, id_))
        return
    assert en.strip() and id_.strip()
    assert placeholders(en) == placeholders(id_)
