"""Typed access to the fields of one YAML mapping of the content, collecting every problem with its line.

Shared by the reader of the glossary's own fields (termgraph.content.reader) and of the optional vocabulary
fields (termgraph.content.vocabulary).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

from termgraph.content.yamlfile import LineDict, LineList
from termgraph.errors import Origin, Problem
from termgraph.langtags import language_tag_problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Reader:
    """Typed access to one YAML mapping, collecting problems instead of stopping at the first."""

    def __init__(self, data: LineDict, path: Path, problems: list[Problem], known: tuple[str, ...], what: str):
        self.data, self.path, self.problems, self.what = data, path, problems, what
        for key in data:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}?" if close else "known fields: " + ", ".join(known)
                self.problem(key, f"unknown field {key!r} in {what}", hint)

    def line(self, key: str) -> int:
        return self.data.key_lines.get(key, self.data.line)

    def problem(self, key: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(Origin(self.path, self.line(key)), message, hint))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and key in self.data:  # `definition:` with nothing after it: the same mistake as ""
            self.problem(key, f"field {key!r} is empty", "write its text after the colon, or remove the line")
            return None
        if value is None:
            if required:
                self.problems.append(Problem(Origin(self.path, self.data.line),
                                             f"missing required field {key!r} in {self.what}"))
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(key, f"field {key!r} must be text, not {_kind(value)}")
            return None
        value = value.strip()
        if not value:
            self.problem(key, f"field {key!r} is empty")
            return None
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            self.problem(key, f"field {key!r} must be a list of texts")
            return ()
        items = tuple(str(v).strip() for v in value)
        if "" in items:
            self.problem(key, f"field {key!r} has an empty item")
        return tuple(i for i in items if i)

    def slugs(self, key: str) -> tuple[str, ...]:
        items = self.texts(key)
        for item in items:
            if not SLUG.match(item):
                self.problem(key, f"{item!r} in {key!r} is not a slug", f"write it as {slugify(item)!r}")
        return tuple(i for i in items if SLUG.match(i))

    def lang_text(self, key: str, default_language: str, required: bool = False) -> dict[str, str]:
        """A text in the default language, or a `{language: text}` map."""
        value = self.data.get(key)
        if isinstance(value, LineDict):
            result: dict[str, str] = {}
            sub = _Reader(value, self.path, self.problems, tuple(value), f"{key!r}")
            for lang in value:
                if check_language(lang, Origin(self.path, sub.line(lang)), self.problems):
                    text = sub.text(lang)
                    if text:
                        result[lang] = text
            return result
        text = self.text(key, required)
        return {default_language: text} if text else {}

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        self.problem(key, f"field {key!r} must be a date written YYYY-MM-DD, not {value!r}")
        return None

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"field {key!r} must be true or false, not {value!r}")
            return False
        return value

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"field {key!r} must be a whole number, not {value!r}")
            return None
        return value

    def mapping(self, key: str) -> LineDict | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.problem(key, f"field {key!r} must be a mapping of fields, not {_kind(value)}")
            return None
        return value

    def records(self, key: str) -> list[LineDict]:
        """A list of mappings (FAQ entries, sources, aspects)."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, LineList):
            self.problem(key, f"field {key!r} must be a list")
            return []
        result = []
        for item, line in zip(value, value.item_lines):
            if isinstance(item, LineDict):
                result.append(item)
            else:
                self.problems.append(Problem(Origin(self.path, line), f"each item of {key!r} must be a mapping"))
        return result


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else type(value).__name__


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def check_language(tag: str, origin: Origin, problems: list[Problem]) -> bool:
    """A tag valid by BCP 47 and registered with IANA (termgraph.langtags): what every RDF tool accepts."""
    found = language_tag_problem(tag)
    if found is None:
        return True
    problems.append(Problem(origin, f"{tag!r} is not a valid language tag ({found[0]})", found[1]))
    return False


def is_http_url(value: str) -> bool:
    return re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value) is not None
