"""Property tests: arbitrary input gives a result or digest's own error, never another exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.config import load_config
from digest.frontmatter import FrontMatterError, decode, split
from digest.load import load_article

YAMLISH = st.text(alphabet=st.sampled_from(list("abc:- \n\t[]{}&*!|>'\"#%@`,?.0123456789\\\u00e9\u2014")), max_size=200)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    """Any bytes: decoded text or a FrontMatterError with a location."""
    try:
        text = decode("a.md", data)
    except FrontMatterError as exc:
        assert exc.diagnostic.location.path == "a.md" and exc.diagnostic.location.line >= 1
        return
    assert "\r" not in text


@settings(max_examples=500, deadline=None)
@given(YAMLISH, st.text(max_size=100))
def test_any_front_matter_splits_or_fails_cleanly(front: str, body: str) -> None:
    """Any YAML-ish front matter: a Document or a located FrontMatterError, nothing else."""
    try:
        doc = split("a.md", f"---\n{front}\n---\n{body}")
    except FrontMatterError as exc:
        assert exc.diagnostic.location.line >= 1
        return
    assert isinstance(doc.meta, dict) and doc.body_line >= 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(YAMLISH, st.text(max_size=300))
def test_any_article_loads_or_gives_diagnostics(tmp_path: Path, front: str, body: str) -> None:
    """The whole loader: an Article, or error diagnostics — never an unexpected exception."""
    config = load_config(tmp_path)
    data = f"---\ntitle: T\ndate: 2023-09-20\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    article, diagnostics = load_article("a.md", data, config)
    assert article is not None or any(d.is_error for d in diagnostics)
