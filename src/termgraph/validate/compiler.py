"""Compile shapes into whole-graph SPARQL: one query finds every focus node a group of constraints rejects.

pyshacl walks focus node by focus node (and re-checks `sh:qualifiedValueShape` per value); here each group of
property shapes that share a focus set and a path becomes at most two queries over the whole graph:

- a *value* query: every (focus, value) pair, one boolean per shape saying whether that shape rejects the value
  (datatype, class, node kind, pattern, language, disjointness);
- a *count* query: one GROUP BY over the focus nodes, one boolean per shape for its cardinality constraints
  (min/max count, qualified counts, unique languages); only this one needs an OPTIONAL, and only for minimums.

SHACL-SPARQL constraints run as they are, once, joined with their shape's focus nodes. `sh:node` is compiled by
validating the referenced shape on the values reached through the path, carrying the outer focus along so the
outer result can be reported too (pyshacl reports both the nested results and the failing value).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal as Lit

from termgraph.errors import UsageError
from termgraph.validate.shapes import Shape, Shapes, ValueRules, load_shapes

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
# Datatypes whose lexical form is checked too (pyshacl rejects ill-typed literals of these): a cast must succeed.
_CHECKED_DATATYPES = {XSD + t for t in ("date", "time", "dateTime", "boolean", "integer", "decimal", "float", "double")}
_NODE_KIND_BAD = {"IRI": "!isIRI({v})", "BlankNode": "!isBlank({v})", "Literal": "!isLiteral({v})",
                  "BlankNodeOrIRI": "isLiteral({v})", "BlankNodeOrLiteral": "isIRI({v})",
                  "IRIOrLiteral": "isBlank({v})"}
_UNSUPPORTED_SPARQL = re.compile(r"[$?](currentShape|shapesGraph)\b|\$PATH\b")
VALUE = "?_v"


@dataclass(frozen=True)
class Rule:
    """What a result of one shape says: the finding's shape name, severity, message and path."""

    shape: str
    severity: str
    message: str
    path: str | None


@dataclass(frozen=True)
class Check:
    """One query. Rows bind ?this, ancestors ?_a1..?_aN (see `chain`) and, by kind:
    value: ?_v and flags ?_c0.. (one per rule); count: flags ?_c0..; sparql: the constraint's own variables."""

    kind: Lit["value", "count", "sparql"]
    query: str
    rules: tuple[Rule, ...]
    chain: tuple[Rule, ...] = ()  # sh:node references that led here, innermost first


@dataclass(frozen=True)
class _Focus:
    targets: tuple[tuple[str, str], ...]
    chain: tuple[tuple[str, Rule], ...] = ()  # (path, referencing rule), outermost first

    def via(self, path: str, rule: Rule) -> _Focus:
        return _Focus(self.targets, self.chain + ((path, rule),))


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class _Compiler:
    def __init__(self, shapes: Shapes, subclasses: bool):
        self.shapes = shapes
        self.subclasses = subclasses
        self.checks: list[Check] = []

    # ------------------------------------------------------------ patterns and expressions

    def instance_of(self, var: str, cls: str) -> str:
        """SHACL instances: rdf:type, through rdfs:subClassOf only when the data has any."""
        if self.subclasses:
            return (f"{var} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/"
                    f"<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> .")
        return f"{var} a <{cls}> ."

    def focus_pattern(self, focus: _Focus) -> str:
        depth = len(focus.chain)
        root = f"?_a{depth}" if depth else "?this"
        groups = [self.instance_of(root, iri) if kind == "class" else f"[] <{iri}> {root} ."
                  for kind, iri in focus.targets]
        lines = [groups[0] if len(groups) == 1 else " UNION ".join("{ " + g + " }" for g in groups)]
        for i, (path, _) in enumerate(focus.chain):
            src, dst = f"?_a{depth - i}", f"?_a{depth - i - 1}" if depth - i - 1 else "?this"
            lines.append(f"{src} {path} {dst} .")
        return "\n  ".join(lines)

    def bad_value(self, rules: ValueRules, v: str, classes: bool = True) -> list[str]:
        """SPARQL expressions, one per constraint, true when value `v` breaks it (`classes`: sh:class too)."""
        exprs: list[str] = []
        if (dt := rules.datatype) is not None:
            if dt == RDF_LANG_STRING:
                exprs.append(f'!(isLiteral({v}) && LANG({v}) != "")')
            elif dt == RDFS_LITERAL:
                exprs.append(f"!isLiteral({v})")
            elif dt in _CHECKED_DATATYPES:
                exprs.append(f"!(isLiteral({v}) && DATATYPE({v}) = <{dt}> && "
                             f"COALESCE(isLiteral(<{dt}>(STR({v}))), false))")
            else:
                exprs.append(f"!(isLiteral({v}) && DATATYPE({v}) = <{dt}>)")
        for cls in rules.classes if classes else ():
            exprs.append(f"NOT EXISTS {{ {self.instance_of(v, cls)} }}")
        if rules.node_kind is not None:
            exprs.append(_NODE_KIND_BAD[rules.node_kind].format(v=v))
        for pattern, flags in rules.patterns:
            exprs.append(f"(isBlank({v}) || !REGEX(STR({v}), {_sparql_string(pattern)}, {_sparql_string(flags)}))")
        if (langs := rules.language_in) is not None:
            # pyshacl's reading of langMatches: the whole tag or its first subtag, case-insensitive; "*" any tag
            wanted = ", ".join(_sparql_string(lang.lower()) for lang in langs)
            matches = ('LANG({v}) != ""' if "*" in langs else
                       f'(LCASE(LANG({v})) IN ({wanted}) || LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-")) IN ({wanted}))')
            exprs.append(f"!(isLiteral({v}) && LANG({v}) != \"\" && {matches.format(v=v)})")
        return exprs

    def conforms(self, key: str, v: str, owner: Shape) -> str:
        """An expression true when `v` conforms to shape `key`: only shapes of value constraints qualify."""
        shape = self.shapes[key]
        if shape.path or shape.properties or shape.sparql or shape.nodes or not shape.values:
            raise UsageError(f"shape {owner.name}: its sh:qualifiedValueShape {shape.name} must be a node shape with "
                             "value constraints only (datatype, class, nodeKind, pattern, languageIn)")
        return "!(" + " || ".join(self.bad_value(shape.values, v)) + ")"

    # ------------------------------------------------------------ shapes

    def rule(self, shape: Shape, message: str | None = None) -> Rule:
        message = message or shape.message
        if not message:
            raise UsageError(f"shape {shape.name} has constraints but no sh:message: write one an author can act on")
        return Rule(shape.name, shape.severity, message, shape.path.predicate if shape.path else None)

    def root(self, key: str) -> None:
        shape = self.shapes[key]
        focus = _Focus(shape.targets)
        if shape.path is None:
            self.node_shape(shape, focus, ())
        else:
            self.property_group(focus, [shape], shape.path.sparql)
            self.nested(focus, [shape], (key,))

    def node_shape(self, shape: Shape, focus: _Focus, stack: tuple[str, ...]) -> None:
        if shape.key in stack:
            raise UsageError(f"shape {shape.name} refers to itself through sh:node: recursive shapes are not supported")
        stack += (shape.key,)
        pattern = self.focus_pattern(focus)
        chain = tuple(rule for _, rule in reversed(focus.chain))
        if exprs := self.bad_value(shape.values, "?this", classes=False):
            self.checks.append(Check("value", f"SELECT DISTINCT ?this {self.ancestors(focus)} (?this AS ?_v) "
                                     f"(true AS ?_c0) WHERE {{\n  {pattern}\n  FILTER({' || '.join(exprs)})\n}}",
                                     (self.rule(shape),), chain))
        for cls in shape.values.classes:
            self.checks.append(self.class_check(shape, cls, pattern, "", focus, chain))
        for constraint in shape.sparql:
            if _UNSUPPORTED_SPARQL.search(constraint.select):
                raise UsageError(f"SPARQL constraint {constraint.name}: $currentShape, $shapesGraph and $PATH are "
                                 "not supported")
            query = f"{constraint.prefixes}\nSELECT * WHERE {{\n  {pattern}\n  {{ {constraint.select} }}\n}}"
            rule = self.rule(shape, constraint.message)
            self.checks.append(Check("sparql", query, (Rule(constraint.name, rule.severity, rule.message, None),),
                                     chain))
        groups: dict[str, list[Shape]] = {}
        for key in shape.properties:
            prop = self.shapes[key]
            if prop.path is None:
                raise UsageError(f"shape {shape.name}: its sh:property {prop.name} has no sh:path")
            groups.setdefault(prop.path.sparql, []).append(prop)
        for path, props in groups.items():
            self.property_group(focus, props, path)
        self.nested(focus, [self.shapes[k] for k in shape.properties], stack)

    def nested(self, focus: _Focus, props: list[Shape], stack: tuple[str, ...]) -> None:
        for prop in props:
            for key in prop.nodes:
                target = self.shapes[key]
                if target.path is not None:
                    raise UsageError(f"shape {prop.name}: sh:node {target.name} must be a node shape")
                assert prop.path is not None
                self.node_shape(target, focus.via(prop.path.sparql, self.rule(prop)), stack)

    def ancestors(self, focus: _Focus) -> str:
        return " ".join(f"?_a{i}" for i in range(1, len(focus.chain) + 1))

    def property_group(self, focus: _Focus, props: list[Shape], path: str) -> None:
        """The value query and the count query of the property shapes that share `focus` and `path`."""
        pattern, ancestors = self.focus_pattern(focus), self.ancestors(focus)
        chain = tuple(rule for _, rule in reversed(focus.chain))
        valued = [(p, exprs) for p in props
                  if (exprs := self.bad_value(p.values, VALUE, classes=False)
                      + [f"EXISTS {{ ?this <{q}> {VALUE} }}" for q in p.disjoint])]
        for p in props:
            for cls in p.values.classes:
                self.checks.append(self.class_check(p, cls, pattern, f"?this {path} {VALUE} .", focus, chain))
        if valued:
            binds = "\n  ".join(f"BIND(COALESCE({' || '.join(exprs)}, false) AS ?_c{i})"
                                for i, (_, exprs) in enumerate(valued))
            flags = " || ".join(f"?_c{i}" for i in range(len(valued)))
            self.checks.append(Check(
                "value", f"SELECT DISTINCT ?this {ancestors} {VALUE} "
                         f"{' '.join(f'?_c{i}' for i in range(len(valued)))} WHERE {{\n  {pattern}\n"
                         f"  ?this {path} {VALUE} .\n  {binds}\n  FILTER({flags})\n}}",
                tuple(self.rule(p) for p, _ in valued), chain))
        counted = [p for p in props if p.counted]
        if counted:
            self.checks.append(self.count_check(counted, pattern, ancestors, path, chain))

    def class_check(self, shape: Shape, cls: str, pattern: str, values: str, focus: _Focus,
                    chain: tuple[Rule, ...]) -> Check:
        """sh:class alone: MINUS drops the typed values in one hash join (3-5x faster than NOT EXISTS per row)."""
        value, projected = (VALUE, VALUE) if values else ("?this", f"(?this AS {VALUE})")
        return Check("value", f"SELECT DISTINCT ?this {self.ancestors(focus)} {projected} (true AS ?_c0) "
                              f"WHERE {{\n  {pattern}\n  {values}\n  MINUS {{ {self.instance_of(value, cls)} }}\n}}",
                     (self.rule(shape),), chain)

    def count_check(self, props: list[Shape], pattern: str, ancestors: str, path: str,
                    chain: tuple[Rule, ...]) -> Check:
        binds: list[str] = []
        conditions: list[str] = []
        for i, p in enumerate(props):
            parts = []
            n = f"COUNT(DISTINCT {VALUE})"
            if p.min_count:
                parts.append(f"{n} < {p.min_count}")
            if p.max_count is not None:
                parts.append(f"{n} > {p.max_count}")
            if p.qualified is not None and (p.qualified_min or p.qualified_max is not None):
                binds.append(f"BIND(IF({self.conforms(p.qualified, VALUE, p)}, {VALUE}, ?_none) AS ?_q{i})")
                if p.qualified_min:
                    parts.append(f"COUNT(DISTINCT ?_q{i}) < {p.qualified_min}")
                if p.qualified_max is not None:
                    parts.append(f"COUNT(DISTINCT ?_q{i}) > {p.qualified_max}")
            if p.unique_lang:
                tagged = f'isLiteral({VALUE}) && LANG({VALUE}) != ""'
                if "?_t" not in " ".join(binds):
                    binds += [f"BIND(IF({tagged}, {VALUE}, ?_none) AS ?_t)",
                              f"BIND(IF({tagged}, LCASE(LANG({VALUE})), ?_none) AS ?_l)"]
                parts.append("COUNT(DISTINCT ?_t) > COUNT(DISTINCT ?_l)")
            conditions.append(" || ".join(parts) or "false")
        values = f"?this {path} {VALUE} ." + "".join(f"\n    {b}" for b in binds)
        optional = any(p.min_count or (p.qualified is not None and p.qualified_min) for p in props)
        where = f"OPTIONAL {{ {values} }}" if optional else values
        flags = " ".join(f"({c} AS ?_c{i})" for i, c in enumerate(conditions))
        query = (f"SELECT ?this {ancestors} {flags} WHERE {{\n  {pattern}\n  {where}\n}}\n"
                 f"GROUP BY ?this {ancestors}\nHAVING ({' || '.join(f'({c})' for c in conditions)})")
        return Check("count", query, tuple(self.rule(p) for p in props), chain)


@lru_cache(maxsize=16)
def compile_shapes(language: str = "en", subclasses: bool = False, path: Path | None = None) -> tuple[Check, ...]:
    """The checks of the shapes file (default ontology/shapes.ttl) for a glossary in `language`.

    `subclasses`: whether the data states rdfs:subClassOf (then class membership follows it, as SHACL says).
    """
    shapes = load_shapes(path, language)
    compiler = _Compiler(shapes, subclasses)
    for key in shapes.roots:
        compiler.root(key)
    return tuple(compiler.checks)
