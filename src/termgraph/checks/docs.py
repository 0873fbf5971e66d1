"""docs/checks.md, generated from the registry so the documentation cannot drift from the code.

    python -m termgraph.checks.docs > docs/checks.md      (tests/test_checks_docs.py compares the two)
"""
from __future__ import annotations

from termgraph.checks import REGISTRY
from termgraph.checks.model import FAMILIES

INTRO = """\
# `termgraph check`: the checks

`termgraph check` runs these checks over our glossary (`--content DIR`, the default) or over any SKOS
vocabulary given as files (Turtle, RDF/XML, JSON-LD, N-Triples, N-Quads, TriG). Each finding names the check,
its severity, the concept (IRI and label), the offending value, a one-line explanation and the rule; for our
glossary also the content file and line to edit.

```sh
termgraph check                                  # the glossary in content/
termgraph check thesaurus.ttl mappings.nt       # any SKOS files, read together
termgraph check --select integrity              # only the SKOS integrity conditions
termgraph check --ignore missing-out-links,undocumented-concept --fail-at warning
termgraph check --format sarif -o check.sarif   # for CI code-scanning annotations
```

Exit codes: `0` no finding at or above `--fail-at` (default `error`); `1` some finding is; `2` the input
cannot be read (the message names the file and line of a parse error) or the options are wrong.
`--select` and `--ignore` take check IDs or the family names `integrity`, `quality` and `glossary`,
comma-separated or repeated. Reports: `--format text` (grouped by check, coloured on a terminal),
`json`, or `sarif` (SARIF 2.1.0).

**What counts as a concept.** Real vocabularies often leave out `rdf:type skos:Concept`, so a concept is
anything typed `skos:Concept` (or a subclass of it), plus whatever SKOS implies is one: the subjects and
objects of `broader`, `narrower`, `related` and their transitive forms, the subjects of mapping relations
(their objects usually belong to other vocabularies), members of schemes (`inScheme`, `topConceptOf`,
`hasTopConcept`) and of collections, and untyped resources with SKOS labels. Resources typed as schemes or
collections are never concepts. A concept marked `owl:deprecated true` is retired, and not checked, unless
a hierarchical or associative relation still uses it (`deprecated-in-use` reports that). Statements about
SKOS's own terms, which some files embed (the STW thesaurus does), are not checked as the vocabulary's.

**How it runs.** The files are parsed by pyoxigraph; every check is one SPARQL query over the whole graph,
run once in Oxigraph's engine, or Python over adjacency maps built once (transitive closure for S27, Tarjan's
algorithm for cycles, union-find for clusters and exactMatch chains). Measured by `benchmarks/bench_check.py`
on 2 cores: the STW thesaurus (110k triples) in 1.3 s (the same checks on rdflib's SPARQL engine: 23 s); the
dump of a 100,000-term glossary (5.1M triples) in 46 s.
"""

TITLES = {"integrity": "SKOS integrity (errors)", "quality": "Vocabulary quality (qSKOS)",
          "glossary": "Glossary checks"}
ABOUT = {
    "integrity": "The integrity conditions of the SKOS Reference: a vocabulary that breaks one is not "
                 "consistent SKOS.",
    "quality": "The vocabulary-quality issues catalogued by qSKOS (Mader, Haslhofer, Isaac: *Finding Quality "
               "Issues in SKOS Vocabularies*, TPDL 2012) and the qSKOS wiki; SKOS allows them, readers and "
               "tools stumble on them.",
    "glossary": "termgraph's own checks of what glossary readers trip over; they run on any vocabulary.",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    lines = [INTRO]
    for family in FAMILIES:
        checks = [c for c in REGISTRY.values() if c.family == family]
        lines += [f"## {TITLES[family]}", "", ABOUT[family], "",
                  "| ID | severity | what it finds | why it matters | rule |", "|---|---|---|---|---|"]
        for c in checks:
            lines.append(f"| `{c.id}` | {c.severity} | {_cell(c.finds)} | {_cell(c.why)} | [{c.title}]({c.rule_url}) |")
        lines.append("")
    lines.append(f"{len(REGISTRY)} checks in all. Each is tested on a vocabulary made to break it, "
                 "`tests/data/checks/<ID>.ttl`, and `tests/data/checks/clean.ttl` passes them all.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
