"""The extractor finishes in bounded time on pathological input and never raises.

Each case is large enough that a quadratic scan or catastrophic backtracking would take
minutes, while a linear pass takes well under a second; the 5 s limit is generous because
the machine running the tests is shared.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.extract import extract, facts_to_json
from digest.extract.text import strip_markdown
from digest.model import DateFact, Facts, RangeFact

PUB = datetime(2017, 8, 7, 10, 0, tzinfo=UTC)
LIMIT_S = 5.0


def _well_formed(body: str, facts: Facts) -> None:
    """What any extraction must be: serialisable, ISO codes, facts taken from the text at lines inside it."""
    json.dumps(facts_to_json(facts))
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in facts.countries), facts.countries
    assert len(set(facts.countries)) == len(facts.countries), facts.countries
    text, lines = strip_markdown(body), body.count("\n") + 1
    spans: list[DateFact | RangeFact] = [*facts.dates, *facts.ranges]
    for found in spans:
        assert found.text, found
        assert found.text in text, found
        assert 1 <= found.line <= lines, found
    for quote in facts.quotes:
        assert quote.text, quote
        assert 1 <= quote.line <= lines, quote
    assert all(name.strip() == name and name for name in facts.people), facts.people


def _names(n: int) -> str:
    """``n`` distinct capitalised two-word names in a row ("Budiaaa Santoso Budibaa ...")."""
    abc = "abcdefghijklmnopqrstuvwxyz"
    return " ".join(f"Budi{abc[i % 26]}{abc[i // 26 % 26]}{abc[i // 676 % 26]} Santoso" for i in range(n))


CASES: dict[str, Callable[[], str]] = {
    "1 MB without punctuation": lambda: ("kata presiden di yang Jakarta Senin kemarin dan " * 21000)[:1_000_000],
    "1 MB of letters and spaces": lambda: ("abc def ghi " * 90000)[:1_000_000],
    "one very long line": lambda: "Presiden Joko Widodo mengatakan, " * 20000,
    "10,000 curly openers": lambda: "“ " * 10000,
    "10,000 curly openers, no spaces": lambda: "“" * 10000,
    "10,000 straight quotes": lambda: '" ' * 10000,
    "100,000 openers never closed": lambda: '"a ' * 100000 + "‘b " * 10000,
    "mixed unbalanced marks": lambda: '“a "b ‘c \'d ’e ”f ' * 5000,
    "quotes reopened over paragraphs": lambda: "“kata dia bahwa itu\n\n" * 5000,
    "thousands of (1/1)": lambda: "(1/1) " * 5000 + "(1/1)" * 5000,
    "weekday with (1/1)": lambda: "Senin (1/1) " * 5000,
    "weekdays in a row": lambda: "Senin Selasa " * 20000,
    "weekday ranges chained": lambda: "Senin-Selasa-" * 20000,
    "dates in a row": lambda: "Senin, 1 Januari " * 20000,
    "thousands of capitalised words": lambda: "Ahmad Budi Korea Utara Presiden Jakarta AS " * 3000,
    "thousands of distinct names": lambda: _names(20000) + " mengatakan",
    "names and quotes": lambda: ". ".join(f"“Satu dua tiga,” kata {n}" for n in _names(5000).split(" S")),
    "only digits": lambda: "1234567890" * 100000,
    "digits and spaces": lambda: "12 " * 100000,
    "empty body": lambda: "",
    "only whitespace": lambda: " \n\t" * 100000,
    "only front-matter-like text": lambda: "---\ntitle: x\ndate: 2017-01-01\n---\n" * 2000,
    "markdown brackets": lambda: "[" * 50000 + "](" * 50000,
    "emphasis marks": lambda: "*_" * 50000,
    "angle brackets": lambda: "<" * 100000,
    "source triggers": lambda: "dikutip dari kantor berita " * 10000,
    "bracketed agencies": lambda: "[Antara/" * 20000,
    "speech verbs": lambda: "“satu dua tiga” ujar ia menurut " * 5000,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bounded_time(name: str) -> None:
    """Each pathological body yields Facts (serialisable) within the time limit."""
    body = CASES[name]()
    t0 = time.perf_counter()
    facts = extract(body, PUB)
    elapsed = time.perf_counter() - t0
    _well_formed(body, facts)
    assert elapsed < LIMIT_S, f"{name}: {elapsed:.1f} s"


def test_empty_body_has_no_facts() -> None:
    """Nothing in, nothing out."""
    facts = extract("", PUB)
    assert (facts.countries, facts.people, facts.dates, facts.quotes, facts.sources) == ((),) * 5


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(body: str) -> None:
    """Any text gives well-formed Facts."""
    _well_formed(body, extract(body, PUB))


# Text made of the characters the rules react to, so the search reaches them more often.
_ALPHABET = st.sampled_from(list("“”\"‘’'()[]/-–—.,:;!? \n\t0123456789aA") + [
    "Senin", "Januari", "kemarin", "kata", "ujar", "Presiden", "Joko", "Widodo", "AS", "Korut",
    "dikutip", "kantor berita", "Reuters", "(Antara)", "(7/8)", "pekan lalu", "menurut",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_rule_material_never_raises(body: str) -> None:
    """Random mixes of quote marks, dates, names and attributions give well-formed Facts."""
    _well_formed(body, extract(body, PUB))
