"""Property tests: arbitrary input gives a result or digest's own error, never another exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.config import load_config
from digest.load import load_article
from digest.load.frontmatter import FrontMatterError, decode, split

YAMLISH = st.text(alphabet=st.sampled_from(list("abc:- \n\t[]{}&*!|>'\"#%@`,?.0123456789\\\u00e9\u2014")), max_size=200)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    """Any bytes: decoded text or a FrontMatterError with a location."""
    try:
        text, problem = decode("a.md", data), None
    except FrontMatterError as exc:
        text, problem = "", exc.diagnostic
    if problem is not None:
        assert problem.location.path == "a.md"
        assert problem.location.line >= 1
        return
    assert "\r" not in text


@settings(max_examples=500, deadline=None)
@given(YAMLISH, st.text(max_size=100))
def test_any_front_matter_splits_or_fails_cleanly(front: str, body: str) -> None:
    """Any YAML-ish front matter: a Document or a located FrontMatterError, nothing else."""
    try:
        doc, problem = split("a.md", f"---\n{front}\n---\n{body}"), None
    except FrontMatterError as exc:
        doc, problem = None, exc.diagnostic
    if problem is not None:
        assert problem.location.line >= 1
        return
    assert doc is not None
    assert isinstance(doc.meta, dict)
    assert doc.body_line >= 3


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(YAMLISH, st.text(max_size=300))
def test_any_article_loads_or_gives_diagnostics(tmp_path: Path, front: str, body: str) -> None:
    """The whole loader: an Article, or error diagnostics — never an unexpected exception."""
    config = load_config(tmp_path)
    data = f"---\ntitle: T\ndate: 2023-09-20\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    article, diagnostics = load_article("a.md", data, config)
    assert article is not None or any(d.is_error for d in diagnostics)
