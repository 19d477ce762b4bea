"""[tool.digest] configuration: defaults, validation at pyproject.toml:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.config import load_config
from digest.errors import ConfigError


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
