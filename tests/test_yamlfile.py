"""YAML with lines: values as PyYAML's safe loader gives them, every key and item with its line, clear problems."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from termgraph.content.yamlfile import YamlProblem, parse_yaml

TEXT = "a: 1\nb: [x, 2]\nc:\n  d: 2026-01-01\n  e: true\n  f: null\n  g: 2026-13-01\n  h: '3'\n"


def test_values_are_the_safe_loaders_and_lines_are_shifted():
    data = parse_yaml(TEXT, Path("f.md"), first_line=2)
    expected = yaml.safe_load(TEXT.replace("2026-13-01", "'2026-13-01'"))  # a date that is no date stays text
    assert data == expected
    assert data["c"]["d"] == dt.date(2026, 1, 1)
    assert data.key_lines == {"a": 2, "b": 3, "c": 4}
    assert data["b"].item_lines == [3, 3] and data["c"].line == 5 and data["c"].key_lines["h"] == 9


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
    ("a: &x [*x]\n", 1, "contain itself"),
    ("<<: {a: 1}\n", 1, "merge keys"),
    ("a: [1\n", 2, "malformed YAML"),
])
def test_problems_name_the_line(text, line, words):
    with pytest.raises(YamlProblem) as problem:
        parse_yaml(text, Path("f.md"))
    assert problem.value.problem.origin.line == line and words in problem.value.problem.message
