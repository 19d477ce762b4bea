"""Names as pages show them: categories through the built-in rubrics and the site's own names."""

from __future__ import annotations

import pytest

from digest import names


@pytest.mark.parametrize(
    ("written", "lang", "own", "shown"),
    [
        ("ekonomi", "en", (), "Business"),  # a common rubric, in English by default
        ("Internasional", "en", (), "World"),  # matched whatever the case…
        ("OLAHRAGA", "en", (), "Sport"),
        ("gaya-hidup", "en", (), "Lifestyle"),  # … hyphens and spacing
        (" Gaya  Hidup ", "en", (), "Lifestyle"),
        ("olahraga", "en", (("Olahraga", "Sports"),), "Sports"),  # the site's own name wins, matched alike
        ("infrastruktur", "en", (), "Infrastruktur"),  # no rubric, no name of the site's: as written, capitalised
        ("ekonomi", "id", (), "Ekonomi"),  # the original language: the editors' name, capitalised
        ("gaya hidup", "id", (), "Gaya Hidup"),
        ("hukum dan kriminal", "id", (), "Hukum dan Kriminal"),  # small words stay small
        ("DKI Jakarta", "id", (), "DKI Jakarta"),  # a capital anywhere: as the editor wrote it
        ("ekonomi", "fr", (), "Ekonomi"),  # a language without a rubric table
    ],
)
def test_category_names(written: str, lang: str, own: names.Own, shown: str) -> None:
    """A category's name in a language: the site's own, else the built-in rubric's, else as written, capitalised."""
    assert names.category_name(written, lang, own) == shown


@pytest.mark.parametrize("lang", sorted(names.RUBRICS))
def test_rubrics_have_one_name_each(lang: str) -> None:
    """No two rubrics share a name (two sections would share one page), and each is written as it is matched."""
    table = names.RUBRICS[lang]
    assert len(table) >= 20
    assert len(set(table.values())) == len(table)
    assert [key for key in table if names.rubric_key(key) != key] == []


def test_the_bundled_rubrics_are_named_in_english() -> None:
    """The bundled content's four rubrics have English names."""
    assert [names.category_name(c, "en") for c in ("nasional", "internasional", "ekonomi", "olahraga")] == \
        ["National", "World", "Business", "Sport"]
