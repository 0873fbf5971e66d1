"""YAML that remembers where things are: mappings and lists carry the line of each key and item."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from termgraph.errors import Origin, Problem


class LineDict(dict[str, Any]):
    """A mapping whose keys remember the 1-based line they were written on."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A list whose items remember the 1-based line they were written on."""

    line: int
    item_lines: list[int]


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


# libyaml's parser when PyYAML has it (5x faster on 1,000 terms, measured); the same safe constructors.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc,unused-ignore]
    """SafeLoader that builds LineDict / LineList and refuses duplicate keys (YAML would keep the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            key = str(key)
            if key in result:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = self.construct_object(value_node, deep=True)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date-shaped value that is no real date (2026-13-01) stays text, so the field check names it."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _LineLoader.construct_yaml_timestamp)
_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Aliased(Exception):
    """A node that contains itself through an alias: no finite value (and no use in a content file)."""

    def __init__(self, line: int):
        self.line = line


def _build(node: yaml.Node, loader: _LineLoader, shift: int, open_nodes: set[int]) -> Any:
    """The value of a composed node, lines shifted: what construct_document gives, without PyYAML's generic
    constructor machinery (measured: most of the time spent reading 10,000 term files went there)."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if id(node) in open_nodes:
        raise _Aliased(node.start_mark.line + 1 + shift)
    open_nodes.add(id(node))
    try:
        if kind is yaml.SequenceNode:
            items = LineList(_build(child, loader, shift, open_nodes) for child in node.value)
            items.line = node.start_mark.line + 1 + shift
            items.item_lines = [child.start_mark.line + 1 + shift for child in node.value]
            return items
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1 + shift
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise yaml.constructor.ConstructorError(None, None, "merge keys (<<) are not supported here",
                                                        key_node.start_mark)
            key = str(_build(key_node, loader, shift, open_nodes))
            line = key_node.start_mark.line + 1
            if key in mapping:
                raise _DuplicateKey(key, line)
            mapping[key] = _build(value_node, loader, shift, open_nodes)
            mapping.key_lines[key] = line + shift
        return mapping
    finally:
        open_nodes.discard(id(node))


def _load(text: str, shift: int) -> Any:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(node, loader, shift, set())
    finally:
        loader.dispose()


def parse_yaml(text: str, path: Path, first_line: int = 1) -> Any:
    """Parse YAML text that starts at `first_line` of `path`; raise a Problem-carrying ValueError on bad syntax."""
    shift = first_line - 1
    try:
        data = _load(text, shift)
    except _Aliased as loop:
        raise YamlProblem(Problem(Origin(path, loop.line), "an alias makes this value contain itself")) from None
    except _DuplicateKey as dup:
        raise YamlProblem(Problem(Origin(path, dup.line + shift), f"duplicate key {dup.key!r}")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + shift if mark else first_line
        what = f"malformed YAML: {exc.problem or 'syntax error'}"
        if exc.context and exc.context_mark:
            what += f" ({exc.context} at line {exc.context_mark.line + 1 + shift})"
        raise YamlProblem(Problem(Origin(path, line), what)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(Origin(path, first_line), f"malformed YAML: {exc}")) from None
    return data


class YamlProblem(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
