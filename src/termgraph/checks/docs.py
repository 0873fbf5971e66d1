"""docs/checks.md, generated from the registry so the documentation cannot drift from the code.

    python -m termgraph.checks.docs > docs/checks.md      (tests/test_checks_docs.py compares the two)
"""
from __future__ import annotations

from termgraph.checks import REGISTRY
from termgraph.checks.model import FAMILIES
from termgraph.checks.qskos import CODES, ROWS

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

**What counts as a concept.** What the SKOS Reference entails, as qSKOS counts it: anything typed
`skos:Concept` (or a subclass of it), both ends of every semantic relation (`broader`, `narrower`, `related`,
the mapping properties, their transitive forms and any sub-property a vocabulary declares: SKOS gives
`skos:semanticRelation` the domain and range `skos:Concept`), subjects of `topConceptOf` and objects of
`hasTopConcept`. Untyped label holders and collection members are not (labels have no domain; a member may be a
collection). Resources typed as schemes or collections are never concepts. The checks of a concept's own
description (labels, documentation, out-links, notations) read the vocabulary's own concepts, those on the host
most concept IRIs share: a concept of another vocabulary it links to is described there. A concept of its own
that is only named, never described, is reported by `undescribed-concept`. A concept marked `owl:deprecated
true` is retired, and not checked, unless a hierarchical or associative relation still uses it
(`deprecated-in-use` reports that). Statements about SKOS's own terms, which some files embed (the STW thesaurus
does), are not checked as the vocabulary's. Properties count with their sub-properties (`skos:broadMatch` is a
`skos:broader`, `skos:definition` a `skos:note`, and so are a vocabulary's own `rdfs:subPropertyOf`
declarations); SKOS-XL labels count through their `skosxl:literalForm`.

**Reading files.** Relative IRIs (RDF/XML without `xml:base`, Turtle without `@base`) are resolved against the
file's own location (a `file:` IRI), as rapper, Jena and RDF4J do, and `non-http-iri` reports them; IRIs the
lenient parser lets through but that are not valid (a space, a backslash) are reported by `invalid-iri`; an
RDF/XML file Oxigraph rejects is read again with rdflib's parser and `input-repaired` says so. Input that
cannot be read at all is an error naming the file and line (exit 2), never a traceback.

**Statistics.** Every report carries qSKOS's statistics (JSON `statistics`, the text report's last lines):
concepts, authoritative concepts, schemes, collections, semantic, aggregation and lexical relations, the
languages of concepts' text, the number of concept clusters, http(s) IRIs and non-http subjects.

**How it runs.** The files are parsed by pyoxigraph; every check is one SPARQL query over the whole graph,
run once in Oxigraph's engine, or Python over adjacency maps built once (transitive closure for S27, Tarjan's
algorithm for cycles, union-find for clusters and exactMatch chains). Measured by `benchmarks/bench_check.py`
on 2 cores: the STW thesaurus (110k triples) in 1.3 s (the same checks on rdflib's SPARQL engine: 23 s); the
dump of a 100,000-term glossary (5.1M triples) in 46 s. Those figures predate the qSKOS-conformance
work (RDFS-style reading, whole-graph IRI scans, statistics), which costs about 1.4x the CPU time on STW
(2.4 s -> 3.3 s user+sys for the whole process, measured side by side on a loaded machine); not yet re-measured
on a quiet one.
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


CONFORMANCE = """## Agreement with qSKOS on its own test vocabularies

qSKOS ships a small RDF vocabulary for each quality issue, and its JUnit tests assert what it finds in each.
`tests/test_checks_qskos.py` runs `termgraph check` over those files (read from `../shared/data/qskos-testdata`,
GPL-3.0, not copied here; the test skips where that folder is absent) and asserts, per file and check, the count
below. Reading is as qSKOS's: the SKOS schema's sub-properties, domains and ranges apply (a `skos:broadMatch` is
a `skos:broader`, both ends of a semantic relation are concepts), SKOS-XL labels count as labels, and the checks
of a concept's own description read the vocabulary's "authoritative" concepts, those on the host most of its
concepts' IRIs share."""

NOT_COMPARED = ("Not compared: qSKOS's Missing In-Links (it needs the vocabulary's namespace as a parameter) and "
                "Broken Links (it needs the network); termgraph has neither.")


def _show(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "issue present" if value else "no issue"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    lines = [INTRO]
    for family in FAMILIES:
        checks = [c for c in REGISTRY.values() if c.family == family]
        lines += [f"## {TITLES[family]}", "", ABOUT[family], "",
                  "| ID | severity | what it finds | why it matters | rule | qSKOS code and agreement |",
                  "|---|---|---|---|---|---|"]
        for c in checks:
            code, agreement = CODES.get(c.id, ("", "not a qSKOS check"))
            qskos = f"`{code.split()[0]}` {code.split(' ', 1)[1]}: {agreement}" if code else agreement
            lines.append(f"| `{c.id}` | {c.severity} | {_cell(c.finds)} | {_cell(c.why)} | [{c.title}]({c.rule_url}) "
                         f"| {_cell(qskos)} |")
        lines.append("")
    lines += [CONFORMANCE, "", "| file | qSKOS issue | qSKOS asserts | termgraph | read from |", "|---|---|---|---|---|"]
    for row in ROWS:
        ours = row.expected if row.differs is None else f"{row.differs} (differs: {row.why})"
        lines.append(f"| `{row.file}` | {row.issue} | {_show(row.expected)} | {_show(ours)} | {_cell(row.how)} |")
    lines += ["", (f"{len(ROWS)} file/check pairs; termgraph agrees on "
              f"{sum(1 for r in ROWS if r.differs is None)}. {NOT_COMPARED}"), ""]
    lines.append(f"{len(REGISTRY)} checks in all. Each is tested on a vocabulary made to break it, "
                 "`tests/data/checks/<ID>.ttl` (`input-repaired.rdf` for the RDF/XML repair), and "
                 "`tests/data/checks/clean.ttl` passes them all.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
