"""Glossary checks: what a reader of a glossary trips over, beyond SKOS and qSKOS.

They run on any vocabulary (a thesaurus with definitions can define circularly too); comparisons are
termgraph's own resources (tg:Comparison) and only exist in our glossaries.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from termgraph.checks.model import SKOS_REF, Hit, register
from termgraph.checks.vocab import DCTERMS, SCHEMA, SKOS, TG, Lit, Node, Vocabulary

_WORD = re.compile(r"[^\w]+")
# An acronym in parentheses: letters and digits, at least two capitals, e.g. (RAG), (LoRA), (NF4), (GPUs).
_ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9-]{0,11})\)")


def _words(text: str) -> str:
    """Lower case, punctuation as spaces, padded: `" low rank adaptation "` for phrase matching by `in`."""
    return " " + " ".join(_WORD.sub(" ", text.casefold()).split()) + " "


_MINOR = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "the", "to", "with"}


def _is_acronym(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2


def _abbreviates(token: str, phrase: str) -> bool:
    """Whether the acronym's capitals are the initials of the phrase's words (minor words may be skipped):
    LoRA abbreviates "low rank adaptation", BERT "bidirectional encoder representations from transformers",
    but SGD does not abbreviate "gradient descent" (it abbreviates a longer phrase that ends with it)."""
    capitals = "".join(ch for ch in token if ch.isupper() or ch.isdigit()).casefold()
    words = phrase.split()
    return capitals in ("".join(w[0] for w in words),
                        "".join(w[0] for w in words if w not in _MINOR))


def _label_lits(v: Vocabulary, node: Node) -> list[tuple[str, Lit]]:
    return [(p, lit) for p, lit in v.labels.get(node, ()) if isinstance(lit, Lit) and lit.text.strip()]


@register("circular-definition", "glossary", "warning", "Circular definition",
          "Definitions that use the concept's own preferred or alternative label (as whole words, ignoring "
          "case, a plural s allowed) to define it.",
          "A definition that repeats the term explains nothing to a reader who does not know it yet; "
          "ISO 704 asks definitions not to be circular.",
          "https://www.iso.org/standard/79077.html")
def circular_definition(v: Vocabulary) -> Iterator[Hit]:
    for node, notes in sorted(v.notes.items()):
        definitions = [lit for p, lit in notes if p == "definition"]
        if not definitions or node not in v.concepts:
            continue
        labels = _label_lits(v, node)
        for definition in sorted(definitions, key=lambda d: (d.lang, d.text)):
            text = _words(definition.text)
            for prop, label in sorted(labels, key=lambda x: (x[0] != "prefLabel", x[1].text)):
                if prop == "hiddenLabel" or (label.lang and definition.lang
                                             and label.lang.split("-")[0] != definition.lang.split("-")[0]):
                    continue
                phrase = _words(label.text)
                if len(phrase.strip()) < 2:
                    continue
                if phrase in text or phrase[:-1] + "s " in text or phrase[:-1] + "es " in text:
                    kind = "preferred" if prop == "prefLabel" else "alternative"
                    yield Hit(node, f"the definition uses the {kind} label “{label.text}” to define it", label.text,
                              SKOS + "definition")
                    break


@register("acronym-not-alias", "glossary", "warning", "Acronym not findable as an alias",
          "Acronyms written in parentheses right after the concept's own label, of which they are the "
          "initials (in its preferred label, definition, scope note or explanation: “Low-Rank Adaptation "
          "(LoRA)”), that are not among its labels.",
          "Readers search for the acronym; unless it is a skos:altLabel (an `aliases:` entry) search cannot "
          "find the term by it.",
          SKOS_REF + "#labels")
def acronym_not_alias(v: Vocabulary) -> Iterator[Hit]:
    texts: dict[Node, list[tuple[str, str]]] = defaultdict(list)
    for node, notes in v.notes.items():
        for prop, lit in notes:
            if prop in ("definition", "scopeNote"):
                texts[node].append((prop, lit.text))
    for subject, text in v.rows("SELECT ?s ?o WHERE { ?s tg:explanation ?o FILTER(isLiteral(?o)) }"):
        if isinstance(subject, str) and isinstance(text, Lit):
            texts[subject].append(("explanation", text.text))
    for node in sorted(v.concepts):
        labels = _label_lits(v, node)
        if not labels:
            continue
        known = {lit.text.strip().casefold() for _, lit in labels}
        phrases = [_words(lit.text) for _, lit in labels]
        found: dict[str, str] = {}
        for prop, lit in labels:
            if prop == "prefLabel":  # an alias holding an acronym is itself findable
                for m in _ACRONYM.finditer(lit.text):
                    if _is_acronym(m.group(1)) and _abbreviates(m.group(1), _words(lit.text[:m.start()])):
                        found.setdefault(m.group(1), f"skos:{prop}")
        for prop, text in texts.get(node, ()):
            if "(" not in text:
                continue
            for m in _ACRONYM.finditer(text):
                token = m.group(1)
                if not _is_acronym(token) or token in found:
                    continue
                before = _words(text[max(0, m.start() - 200):m.start()])
                if any(before.endswith((p, p[:-1] + "s ")) and _abbreviates(token, p)
                       for p in phrases):
                    found[token] = "tg:explanation" if prop == "explanation" else f"skos:{prop}"
        for token, where in sorted(found.items()):
            if token.casefold() not in known and token.removesuffix("s").casefold() not in known:
                # Located where the fix goes: the aliases, or the label when there are none yet.
                has_alt = any(p == "altLabel" for p, _ in labels)
                yield Hit(node, f"the acronym “{token}” in its {where} is not an alternative label", token,
                          SKOS + ("altLabel" if has_alt else "prefLabel"))


@register("comparison-unknown-term", "glossary", "error", "Comparison of a term that does not exist",
          "Comparisons (tg:Comparison) whose tg:compares, tg:firstTerm or tg:secondTerm is not a concept of "
          "the vocabulary.",
          "The comparison page links to a term page that does not exist.",
          TG + "compares")
def comparison_unknown_term(v: Vocabulary) -> Iterator[Hit]:
    seen = set()
    for comparison, target in v.rows("SELECT ?c ?t WHERE { VALUES ?p { tg:compares tg:firstTerm tg:secondTerm } "
                                     "?c ?p ?t }"):
        key = (str(comparison), target.text if isinstance(target, Lit) else str(target))
        if key in seen or (not isinstance(target, Lit) and target in v.concepts):
            continue
        seen.add(key)
        yield Hit(key[0], f"compares <{key[1]}>, which is not a concept of the vocabulary", key[1], TG + "compares")


@register("source-without-url", "glossary", "warning", "Source without a URL",
          "dcterms:source values with no URL: a described source (with a title, say) lacking schema:url or "
          "foaf:page, a blank node, or a text that contains no http(s) address.",
          "A citation a reader cannot follow cannot be checked.",
          SCHEMA + "url")
def source_without_url(v: Vocabulary) -> Iterator[Hit]:
    rows = v.rows(f"""SELECT DISTINCT ?s ?src WHERE {{
        ?s <{DCTERMS}source>|<http://purl.org/dc/elements/1.1/source> ?src .
        FILTER NOT EXISTS {{ ?src schema:url|<http://schema.org/url>|foaf:page ?url }}
        FILTER(isBlank(?src) || (isLiteral(?src) && !REGEX(STR(?src), "https?://"))
               || (isIRI(?src) && EXISTS {{ ?src ?anyp ?anyo }}))
      }}""")
    for subject, source in sorted(rows, key=lambda r: (str(r[0]), str(r[1]))):
        if isinstance(source, Lit):
            yield Hit(str(subject), f"source “{source.text[:80]}” has no URL", source.text, DCTERMS + "source")
        else:
            title = v.label(str(source))
            name = f"“{title}”" if title else f"<{source}>"
            yield Hit(str(subject), f"source {name} has no URL (schema:url)", str(source), DCTERMS + "source",
                      locate=str(source))
