"""What changed between two releases of a vocabulary, term by term (a semantic changelog).

Both sides are sets of N-Triples lines; only the lines in one side and not the other are parsed, so two
dumps of 100,000 terms compare in the time it takes to read them.
"""
from __future__ import annotations

import difflib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field

SKOS = "http://www.w3.org/2004/02/skos/core#"
TG = "https://termgraph.org/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_DEPRECATED = "http://www.w3.org/2002/07/owl#deprecated"
REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
SOURCE = "http://purl.org/dc/terms/source"

KINDS = ("added", "removed", "deprecated", "relabelled", "redefined", "relinked", "recategorised", "sources",
         "other")
LINKS = {SKOS + "related": "related", SKOS + "broader": "broader", SKOS + "narrower": "narrower",
         SKOS + "exactMatch": "exactMatch", SKOS + "closeMatch": "closeMatch", SKOS + "broadMatch": "broadMatch",
         SKOS + "narrowMatch": "narrowMatch", SKOS + "relatedMatch": "relatedMatch"}
LABELS = {SKOS + "prefLabel": "label", SKOS + "altLabel": "alias", SKOS + "hiddenLabel": "hidden label"}
TEXTS = {SKOS + "definition": "definition", TG + "explanation": "explanation"}
GROUPS = {TG + "category": "category", TG + "level": "level"}
# what follows from other statements (both directions of a link, index pages, positions): never a change of its own
DERIVED = {TG + "listedOn", SKOS + "topConceptOf", SKOS + "hasTopConcept", "https://schema.org/position"}

Node = "str | tuple[str, str, str]"


@dataclass(frozen=True)
class TextChange:
    field: str  # label, alias, definition, explanation, ...
    language: str
    old: str | None
    new: str | None
    words: str | None = None  # word-level diff: [-removed-] {+added+}


@dataclass(frozen=True)
class LinkChange:
    link: str  # related, broader, exactMatch, ..., category, level
    target: str
    target_label: str | None
    added: bool


@dataclass(frozen=True)
class TermChange:
    iri: str
    label: str | None
    kinds: tuple[str, ...]
    texts: tuple[TextChange, ...] = ()
    links: tuple[LinkChange, ...] = ()
    replaced_by: tuple[str, ...] = ()
    other: tuple[str, ...] = ()  # predicates of other changed statements


@dataclass(frozen=True)
class Changelog:
    counts: dict[str, int]
    added: tuple[TermChange, ...]
    removed: tuple[TermChange, ...]
    changed: tuple[TermChange, ...]
    additions: tuple[tuple[str, str, str], ...] = field(default=(), repr=False)  # N-Triples terms, for RDF output
    removals: tuple[tuple[str, str, str], ...] = field(default=(), repr=False)

    def has(self, kind: str) -> bool:
        return self.counts.get(kind, 0) > 0

    def to_dict(self) -> dict[str, object]:
        return {"counts": self.counts, "added": [asdict(c) for c in self.added],
                "removed": [asdict(c) for c in self.removed], "changed": [asdict(c) for c in self.changed]}


def _parse(lines: set[str]) -> list[tuple[str, str, object]]:
    """N-Triples lines as (subject, predicate, object): IRIs and blank nodes as text, literals as tuples."""
    import pyoxigraph as ox

    from termgraph.content.vocabulary import plain_term

    if not lines:
        return []
    data = "\n".join(sorted(lines)).encode("utf-8") + b"\n"
    result: list[tuple[str, str, object]] = []
    for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES, lenient=True):
        s, o = plain_term(q.subject), plain_term(q.object)
        if isinstance(s, str) and o is not None:
            result.append((s, q.predicate.value, o))
    return result


def _terms(lines: set[str]) -> set[str]:
    concept, excluded = f"<{RDF_TYPE}> <{SKOS}Concept> .", (f"<{RDF_TYPE}> <{TG}Category> .",
                                                            f"<{RDF_TYPE}> <{TG}Level> .")
    found, other = set(), set()
    for line in lines:
        if line.endswith(concept):
            found.add(line[1:line.index(">")])
        elif line.endswith(excluded):
            other.add(line[1:line.index(">")])
    return found - other


def _labels(lines: set[str], wanted: set[str], language: str) -> dict[str, str]:
    """A label for each wanted IRI: its skos:prefLabel in `language` if it has one, else its first."""
    marker = f"> <{SKOS}prefLabel> "
    picked: dict[str, tuple[int, str]] = {}
    for line in lines:
        if marker in line and line.startswith("<"):
            subject = line[1:line.index(">")]
            if subject in wanted:
                for s, _, o in _parse({line}):
                    if isinstance(o, tuple):
                        rank = (0 if o[1] == language else 1 if o[1].startswith(language) else 2)
                        if subject not in picked or (rank, o[0]) < picked[subject]:
                            picked[subject] = (rank, o[0])
    return {s: text for s, (_, text) in picked.items()}


def word_diff(old: str, new: str) -> str:
    """[-removed words-] {+added words+}, the rest as it is."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _owner(subject: str, terms: set[str]) -> str | None:
    if subject in terms:
        return subject
    base = subject.split("#", 1)[0]
    return base if base in terms and base != subject else None


def compare(old: set[str], new: set[str], language: str = "en") -> Changelog:
    removed_lines, added_lines = old - new, new - old
    old_terms, new_terms = _terms(old), _terms(new)
    removals, additions = _parse(removed_lines), _parse(added_lines)
    both = old_terms & new_terms
    per_term: dict[str, dict[str, list[tuple[str, object, bool]]]] = defaultdict(lambda: defaultdict(list))
    for triples, added in ((removals, False), (additions, True)):
        for s, p, o in triples:
            owner = _owner(s, both)
            if owner is None or p in DERIVED:
                continue
            per_term[owner][p if owner == s else SOURCE].append((s, o, added))
    targets = {o for parts in per_term.values() for p, items in parts.items() if p in LINKS or p in GROUPS
               or p == REPLACED_BY for _, o, _ in items if isinstance(o, str)}
    added_iris, removed_iris = new_terms - old_terms, old_terms - new_terms
    new_labels = _labels(new, set(per_term) | added_iris | targets, language)
    old_labels = _labels(old, removed_iris | (targets - set(new_labels)), language)
    labels = {**old_labels, **new_labels}
    changed: list[TermChange] = []
    counts = dict.fromkeys(KINDS, 0)
    broader_changes = {(s, o, False) for s, p, o in removals if p == SKOS + "broader"} | {
        (s, o, True) for s, p, o in additions if p == SKOS + "broader"}
    for iri in sorted(per_term, key=lambda i: ((labels.get(i) or i).lower(), i)):
        parts = per_term[iri]
        kinds: set[str] = set()
        texts: list[TextChange] = []
        links: list[LinkChange] = []
        other: list[str] = []
        replaced: list[str] = []
        for p, items in sorted(parts.items()):
            if p == OWL_DEPRECATED:
                if any(added and isinstance(o, tuple) and o[0] == "true" for _, o, added in items):
                    kinds.add("deprecated")
                else:
                    other.append(p)
            elif p == REPLACED_BY:
                replaced.extend(str(o) for _, o, added in items if added)
                kinds.add("deprecated")
            elif p in LABELS or p in TEXTS:
                kinds.add("relabelled" if p in LABELS else "redefined")
                texts.extend(_text_changes(LABELS.get(p) or TEXTS[p], items, p in TEXTS or p == SKOS + "prefLabel"))
            elif p in LINKS or p in GROUPS:
                for _, o, added in sorted(items, key=lambda item: (not item[2], str(item[1]))):
                    if not isinstance(o, str):
                        continue
                    if p == SKOS + "narrower" and (o, iri, added) in broader_changes:
                        continue  # the other side of a broader change, reported there
                    name = LINKS.get(p) or GROUPS[p]
                    links.append(LinkChange(name, o, labels.get(o), added))
                    kinds.add("relinked" if p in LINKS else "recategorised")
            elif p == SOURCE:
                kinds.add("sources")
            else:
                other.append(p)
                kinds.add("other")
        if not kinds:
            continue
        for kind in kinds:
            counts[kind] += 1
        changed.append(TermChange(iri, labels.get(iri), tuple(k for k in KINDS if k in kinds), tuple(texts),
                                  tuple(links), tuple(sorted(set(replaced))), tuple(sorted(set(other)))))
    added_changes = tuple(TermChange(i, labels.get(i), ("added",)) for i in
                          sorted(added_iris, key=lambda i: ((labels.get(i) or i).lower(), i)))
    removed_changes = tuple(TermChange(i, labels.get(i), ("removed",)) for i in
                            sorted(removed_iris, key=lambda i: ((labels.get(i) or i).lower(), i)))
    counts["added"], counts["removed"] = len(added_changes), len(removed_changes)
    return Changelog(counts, added_changes, removed_changes, tuple(changed),
                     tuple(sorted(_nt(t) for t in additions)), tuple(sorted(_nt(t) for t in removals)))


def _nt(triple: tuple[str, str, object]) -> tuple[str, str, str]:
    from termgraph.model.statements import nt_term

    s, p, o = triple
    return nt_term(s), f"<{p}>", nt_term(o)  # type: ignore[arg-type]


def _text_changes(name: str, items: list[tuple[str, object, bool]], paired: bool) -> list[TextChange]:
    by_language: dict[str, dict[bool, list[str]]] = defaultdict(lambda: {True: [], False: []})
    for _, o, added in items:
        if isinstance(o, tuple):
            by_language[o[1]][added].append(o[0])
    result = []
    for lang, sides in sorted(by_language.items()):
        olds, news = sorted(sides[False]), sorted(sides[True])
        if paired and len(olds) == 1 and len(news) == 1:
            result.append(TextChange(name, lang, olds[0], news[0], word_diff(olds[0], news[0])))
            continue
        result.extend(TextChange(name, lang, text, None) for text in olds)
        result.extend(TextChange(name, lang, None, text) for text in news)
    return result


# -- output --------------------------------------------------------------------------------------------------
def _name(change: TermChange) -> str:
    return f"{change.label} <{change.iri}>" if change.label else f"<{change.iri}>"


def _link(link: LinkChange) -> str:
    sign = "+" if link.added else "-"
    target = f"{link.target_label} <{link.target}>" if link.target_label else f"<{link.target}>"
    return f"{sign} {link.link} {target}"


def _details(change: TermChange) -> list[str]:
    lines = []
    if change.replaced_by:
        lines.append("replaced by " + ", ".join(f"<{r}>" for r in change.replaced_by))
    for t in change.texts:
        if t.old is not None and t.new is not None:
            lines.append(f"{t.field} @{t.language}: {t.words}")
        elif t.old is not None:
            lines.append(f"- {t.field} @{t.language}: {t.old}")
        else:
            lines.append(f"+ {t.field} @{t.language}: {t.new}")
    lines.extend(_link(link) for link in change.links)
    if "sources" in change.kinds:
        lines.append("sources changed")
    lines.extend(f"other: <{p}>" for p in change.other)
    return lines


def _count_line(log: Changelog) -> str:
    return ", ".join(f"{log.counts[k]} {k}" for k in KINDS)


def to_text(log: Changelog, colour: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    out = [paint(_count_line(log), "1")]
    if log.added:
        out += ["", paint("Added", "1;32")] + [paint(f"  + {_name(c)}", "32") for c in log.added]
    if log.removed:
        out += ["", paint("Removed", "1;31")] + [paint(f"  - {_name(c)}", "31") for c in log.removed]
    if log.changed:
        out += ["", paint("Changed", "1;33")]
        for c in log.changed:
            out.append(f"  {_name(c)}: {', '.join(c.kinds)}")
            for line in _details(c):
                code = "32" if line.startswith("+") else "31" if line.startswith("-") else ""
                out.append("      " + (paint(line, code) if code else line))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(log: Changelog) -> str:
    out = ["# Changes", "", "| change | terms |", "|---|---:|"]
    out += [f"| {k} | {log.counts[k]} |" for k in KINDS]
    for title, items, sign in (("Added", log.added, "+"), ("Removed", log.removed, "-")):
        if items:
            out += ["", f"## {title}", ""] + [f"- {_md(c.label or '')} `{c.iri}`" for c in items]
    if log.changed:
        out += ["", "## Changed", ""]
        for c in log.changed:
            out.append(f"- **{_md(c.label or c.iri)}** `{c.iri}` ({', '.join(c.kinds)})")
            out += [f"  - {_md(line)}" for line in _details(c)]
    return "\n".join(out) + "\n"


def to_json(log: Changelog) -> str:
    return json.dumps(log.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


CS = "http://purl.org/vocab/changeset/schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def to_rdf(log: Changelog) -> str:
    """The changes as one cs:ChangeSet per changed subject (the Talis changeset vocabulary, in Turtle), each
    addition and removal a reified rdf:Statement; the kinds of change as cs:changeReason."""
    by_subject: dict[str, list[tuple[str, tuple[str, str, str]]]] = defaultdict(list)
    for kind, triples in (("addition", log.additions), ("removal", log.removals)):
        for t in triples:
            by_subject[t[0]].append((kind, t))
    reasons = {f"<{c.iri}>": ", ".join(c.kinds) for c in (*log.added, *log.removed, *log.changed)}
    out = [f"@prefix cs: <{CS}> .", f"@prefix rdf: <{RDF}> .", ""]
    for n, subject in enumerate(sorted(by_subject), start=1):
        out.append(f"_:cs{n} a cs:ChangeSet ; cs:subjectOfChange {subject}"
                   + (f' ; cs:changeReason "{reasons[subject]}"' if subject in reasons else "") + " .")
        for m, (kind, (s, p, o)) in enumerate(by_subject[subject], start=1):
            out.append(f"_:cs{n} cs:{kind} _:cs{n}s{m} . _:cs{n}s{m} a rdf:Statement ; rdf:subject {s} ; "
                       f"rdf:predicate {p} ; rdf:object {o} .")
    return "\n".join(out) + "\n"


FORMATS = {"text": to_text, "markdown": to_markdown, "json": to_json, "rdf": to_rdf}
