"""[tool.digest] configuration: defaults, validation at pyproject.toml:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest import config as config_module
from digest.config import load_config
from digest.errors import ConfigError
from digest.names import country_codes


def test_no_config_builds_with_defaults(tmp_path: Path) -> None:
    """A folder with no pyproject.toml gets the Indonesian/English defaults."""
    config = load_config(tmp_path)
    assert [lang.code for lang in config.languages] == ["id", "en"]
    assert config.base_path == "/"
    assert config.timezone == "Asia/Jakarta"
    assert config.output_dir == tmp_path.resolve() / "site"


def test_titles_and_base_url(tmp_path: Path) -> None:
    """Per-language titles and a project-site base URL are honoured."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.digest]\ntitle = { id = "Kabar", en = "News" }\nbase_url = "https://u.github.io/repo"\npage_size = 5\n'
    )
    config = load_config(tmp_path)
    assert [lang.title for lang in config.languages] == ["Kabar", "News"]
    assert config.base_url == "https://u.github.io/repo/"
    assert config.base_path == "/repo/"
    assert load_config(tmp_path, base_url="/x/").base_path == "/x/"


def test_bad_config_reports_every_problem_at_its_line(tmp_path: Path) -> None:
    """Unknown keys get a suggestion; wrong values name their line; all at once."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.digest]\npage_sise = 3\ntimezone = "Mars/Olympus"\noutput = "."\n'
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    text = str(info.value)
    assert "pyproject.toml:5: error: unknown key 'page_sise' in [tool.digest] (did you mean 'page_size'?)" in text
    assert "pyproject.toml:6: error: unknown time zone 'Mars/Olympus'" in text
    assert "pyproject.toml:7: error: output must be a folder inside the project" in text


def test_outlet_and_dateline_are_one_line_names(tmp_path: Path) -> None:
    """The dateline `digest new` writes: read and trimmed; an empty or multi-line one is an error at its line."""
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\noutlet = " Warta Medan "\ndateline = "Medan"\n')
    config = load_config(tmp_path)
    assert (config.outlet, config.dateline) == ("Warta Medan", "Medan")
    defaults = load_config(tmp_path / "no-settings")
    assert (defaults.outlet, defaults.dateline) == (None, "Jakarta")
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\noutlet = "Warta\\nMedan"\ndateline = ""\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    text = str(info.value)
    assert 'pyproject.toml:2: error: outlet must be a name on one line, like "Jakarta"' in text
    assert 'pyproject.toml:3: error: dateline must be a name on one line' in text


def test_the_default_home_country_is_a_cldr_code_and_not_looked_up(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the settings of a site that keeps the default needs no Babel (40 ms of every no-op build)."""
    assert config_module.HOME_COUNTRY in country_codes()

    def looked_up() -> frozenset[str]:
        raise AssertionError("CLDR's country codes were looked up")

    monkeypatch.setattr(config_module, "country_codes", looked_up)
    assert load_config(tmp_path).home_country == config_module.HOME_COUNTRY
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\nhome_country = "MY"\n')
    with pytest.raises(AssertionError, match="looked up"):  # any other code is checked against CLDR
        load_config(tmp_path)


def test_home_country_and_list_untranslated(tmp_path: Path) -> None:
    """Defaults Indonesia and every story listed; a code in any case; a wrong value is an error at its line."""
    defaults = load_config(tmp_path / "no-settings")
    assert (defaults.home_country, defaults.list_untranslated) == ("ID", True)
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\nhome_country = "my"\nlist_untranslated = false\n')
    config = load_config(tmp_path)
    assert (config.home_country, config.list_untranslated) == ("MY", False)
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\nhome_country = "Indonesia"\nlist_untranslated = "no"\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert [str(d) for d in info.value.diagnostics] == [
        "pyproject.toml:2: error: home_country must be an ISO 3166-1 alpha-2 country code, like \"ID\": not 'Indonesia'",
        "pyproject.toml:3: error: list_untranslated must be true or false",
    ]


def test_country_names_are_read_per_language(tmp_path: Path) -> None:
    """``[tool.digest.country_names.<lang>]`` gives each language its own names, codes in any case."""
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\n\n[tool.digest.country_names.id]\nKP = " Korut "\n'
                                             'kr = "Korsel"\n\n[tool.digest.country_names.en]\nKP = "DPRK"\n')
    indonesian, english = load_config(tmp_path).languages
    assert indonesian.country_names == (("KP", "Korut"), ("KR", "Korsel"))
    assert english.country_names == (("KP", "DPRK"),)
    assert load_config(tmp_path / "no-settings").languages[0].country_names == ()


def test_bad_country_names_are_errors_at_their_lines(tmp_path: Path) -> None:
    """Unknown codes and languages, names that are no text, and a name another country has: each at its line."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.digest]\ntitle = "Kabar"\n\n[tool.digest.country_names.id]\nXX = "Entah"\nKP = 3\n\n'
        '[tool.digest.country_names.en]\nKR = "North Korea"\n\n[tool.digest.country_names.fr]\nKP = "Corée du Nord"\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert [str(d) for d in info.value.diagnostics] == [
        "pyproject.toml:11: error: country_names: unknown language 'fr' (languages: id, en)",
        "pyproject.toml:5: error: country_names.id: 'XX' is not an ISO 3166-1 alpha-2 country code (like KP, CN, GB)",
        'pyproject.toml:6: error: country_names.id: KP must be the country\'s name on one line, like "Korea Utara" '
        "(at most 100 characters)",
        "pyproject.toml:9: error: country_names.en: KR = 'North Korea' would give KP ('North Korea') and KR one page; "
        "name one of them otherwise",
    ]


def test_country_names_written_inline_are_found_too(tmp_path: Path) -> None:
    """An inline table's problem is reported at its own line, not at line 1."""
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\ntitle = "Kabar"\n\n[tool.digest.country_names]\n'
                                             'id = { XX = "Entah" }\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert [d.location.line for d in info.value.diagnostics] == [5]
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\ncountry_names = "Korut"\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert [str(d) for d in info.value.diagnostics] == [
        'pyproject.toml:2: error: country_names must hold a table per language: [tool.digest.country_names.id], then '
        'lines like KP = "Korea Utara"']


def test_category_names_matched_as_one_are_an_error(tmp_path: Path) -> None:
    """``Olahraga`` and ``olahraga`` name one category (matched whatever their case): the second is an error."""
    (tmp_path / "pyproject.toml").write_text('[tool.digest]\n[tool.digest.categories]\nOlahraga = "Sport"\n'
                                             'olahraga = "Sports"\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert [str(d) for d in info.value.diagnostics] == [
        "pyproject.toml:4: error: categories: olahraga names the same category as Olahraga (names are matched "
        "whatever their case)"]
