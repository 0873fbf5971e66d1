"""The glossary as plain text for language models: `llms.txt` and `llms-full.txt` in the static site (the
llmstxt.org convention: a Markdown map of the site, and the whole content in one file), and the Markdown of
one term that `termgraph mcp` serves as the resource `glossary://term/<slug>`.

Read from the graph, like the pages (termgraph.web.glossary): the same text a reader sees, with the term IRIs
as citations. Byte-stable: terms in label order within a category, the glossary's language, no dates but the
graph's own.
"""
from __future__ import annotations

from typing import Any

from termgraph.web import vocab as V
from termgraph.web.glossary import Summary, first_literal, pick, texts_of
from termgraph.web.pages import Pages
from termgraph.web.source import Lit, group


def _position(d: dict[str, list[Any]]) -> int:
    value = first_literal(d.get(V.POSITION, []))
    return int(value) if value and value.lstrip("-").isdigit() else 0


def brief(pages: Pages, t: Summary, lang: str | None = None) -> dict[str, Any]:
    """What a listing shows of a term: IRI, slug, label, definition, category, level."""
    g = pages.glossary
    lang = lang or g.language
    out: dict[str, Any] = {"iri": t.iri, "slug": t.slug, "label": t.label(lang, g.language),
                           "definition": t.definition(lang, g.language), "category": t.category, "level": t.level}
    if t.deprecated:
        out["deprecated"] = True
        if t.replaced_by and t.replaced_by in g.terms:
            out["replaced_by"] = g.terms[t.replaced_by].iri
    return out


def concept(pages: Pages, kind: str, slug: str | None, lang: str) -> dict[str, str] | None:
    g = pages.glossary
    c = (g.categories if kind == "category" else g.levels).get(slug or "")
    if c is None:
        return None
    return {"iri": c.iri, "slug": c.slug, "label": pick(c.labels, lang, g.language) or c.slug}


def term_details(pages: Pages, slug: str, lang: str | None = None) -> dict[str, Any] | None:
    """Everything the graph says about a term, in one language (the glossary's by default), as plain data."""
    g = pages.glossary
    t = g.terms.get(slug)
    if t is None:
        return None
    lang = lang or g.language
    d = group(g.describe(t.iri))
    me = d.get(t.iri, {})
    faq = []
    for q in me.get(V.FAQ, []):
        qd = d.get(str(q), {})
        answer = next((str(a) for a in qd.get(V.ACCEPTED_ANSWER, [])), "")
        faq.append((_position(qd), {"question": first_literal(qd.get(V.NAME, [])) or "",
                                    "answer": first_literal(d.get(answer, {}).get(V.TEXT, [])) or ""}))
    sources = []
    for s in me.get(V.SOURCE, []):
        sd = d.get(str(s), {})
        year = first_literal(sd.get(V.DATE_PUBLISHED, []))
        sources.append((_position(sd), {
            "title": first_literal(sd.get(V.TITLE, [])),
            "url": next((str(u) for u in sd.get(V.URL, []) if not isinstance(u, Lit)), None),
            "authors": [a.value for a in sd.get(V.AUTHOR, []) if isinstance(a, Lit)],
            "year": int(year[:4]) if year and year[:4].isdigit() else None}))
    examples = [x for x in me.get(V.EXAMPLE, []) if isinstance(x, Lit)]
    chosen = [x.value for x in examples if x.lang == lang] or [x.value for x in examples if x.lang == g.language]
    groups = g.related_groups(me)
    out = {
        **brief(pages, t, lang),
        "language": lang,
        "aliases": [a for code, a in t.aliases if code == lang],
        "category": concept(pages, "category", t.category, lang),
        "level": concept(pages, "level", t.level, lang),
        "explanation": pick(texts_of(me.get(V.EXPLANATION, [])), lang, g.language),
        "examples": chosen,
        "faq": [f for _, f in sorted(faq, key=lambda x: x[0])],
        "related": [brief(pages, x, lang) for x in groups["related"]],
        "broader": [brief(pages, x, lang) for x in groups["broader"]],
        "narrower": [brief(pages, x, lang) for x in groups["narrower"]],
        "comparisons": [{"iri": f"{g.base}comparison/{c}", "slug": c, "title": g.comparisons[c][0]}
                        for c in g.comparisons_of.get(slug, [])],
        "sources": [s for _, s in sorted(sources, key=lambda x: x[0])],
        "modified": t.modified,
    }
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def details_markdown(d: dict[str, Any]) -> str:
    """A term's details (term_details) as Markdown that cites the term's IRI."""
    lines = [f"# {d['label']}", "", f"IRI: <{d['iri']}>"]
    if d["aliases"]:
        lines.append("Also called: " + ", ".join(d["aliases"]))
    facets = [f"{name}: {d[key]['label']}" for key, name in (("category", "Category"), ("level", "Level"))
              if d.get(key)]
    if facets:
        lines.append(" · ".join(facets))
    if d.get("deprecated"):
        lines.append("Deprecated" + (f"; replaced by <{d['replaced_by']}>" if d.get("replaced_by") else "") + ".")
    lines += ["", f"**Definition.** {_one_line(d['definition'])}"]
    if d["explanation"]:
        lines += ["", d["explanation"].strip()]
    if d["examples"]:
        lines += ["", "## Examples", ""] + [f"- {_one_line(x)}" for x in d["examples"]]
    if d["faq"]:
        lines += ["", "## Questions"]
        for f in d["faq"]:
            lines += ["", f"**{_one_line(f['question'])}**", _one_line(f["answer"])]
    for key, title in (("related", "Related terms"), ("broader", "Broader terms"), ("narrower", "Narrower terms")):
        if d[key]:
            lines += ["", f"## {title}", ""]
            lines += [f"- [{x['label']}](<{x['iri']}>): {_one_line(x['definition'])}" for x in d[key]]
    if d["comparisons"]:
        lines += ["", "## Compared in", ""] + [f"- [{c['title']}](<{c['iri']}>)" for c in d["comparisons"]]
    if d["sources"]:
        lines += ["", "## Sources", ""]
        for s in d["sources"]:
            title = s["title"] or s["url"] or "(untitled)"
            cite = f"[{title}](<{s['url']}>)" if s["url"] else title
            extra = ", ".join(x for x in (", ".join(s["authors"]), str(s["year"] or "")) if x)
            lines.append(f"- {cite}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines) + "\n"


def term_markdown(pages: Pages, slug: str, lang: str | None = None) -> str | None:
    d = term_details(pages, slug, lang)
    return None if d is None else details_markdown(d)


def _sections(pages: Pages) -> list[tuple[str, list[Summary]]]:
    """(section title, live terms in label order) per category, in the glossary's order; then the rest."""
    g, lang = pages.glossary, pages.glossary.language
    by: dict[str, list[Summary]] = {}
    for t in g.terms.values():
        if not t.deprecated:
            by.setdefault(t.category or "", []).append(t)
    out = []
    for slug in [*g.categories, *sorted(k for k in by if k not in g.categories)]:
        terms = by.get(slug)
        if terms:
            c = g.categories.get(slug)
            title = (pick(c.labels, lang, lang) or slug) if c else (slug or "Other terms")
            out.append((title, sorted(terms, key=lambda t: (t.label(lang, lang).lower(), t.slug))))
    return out


def _header(pages: Pages) -> list[str]:
    g = pages.glossary
    title = pick(g.title, g.language, g.language) or "Glossary"
    lines = [f"# {title}", ""]
    description = pick(g.description, g.language, g.language)
    if description:
        lines += [f"> {_one_line(description)}", ""]
    return lines


def llms_txt(pages: Pages, public: str) -> bytes:
    """The map: title, description, then each category's terms as links with their definitions."""
    g, lang = pages.glossary, pages.glossary.language
    lines = _header(pages)
    intro = (f"Every term has a stable IRI under <{g.base}> (cite it); its page is linked below. The whole "
             f"glossary as one text: [llms-full.txt]({public}llms-full.txt). Dumps for retrieval: "
             "`glossary.jsonl` (one JSON object per term), RDF in Turtle, JSON-LD and N-Triples.")
    lines += [intro, ""]
    for title, terms in _sections(pages):
        lines += [f"## {title}", ""]
        lines += [f"- [{t.label(lang, lang)}]({public}term/{t.slug}.html): {_one_line(t.definition(lang, lang))}"
                  for t in terms]
        lines.append("")
    if g.comparisons:
        lines += ["## Optional", ""]
        lines += [f"- [{title}]({public}comparison/{slug}.html)" for slug, (title, _) in sorted(g.comparisons.items())]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def llms_full_txt(pages: Pages, public: str) -> bytes:
    """Everything: every live term's Markdown (as `glossary://term/<slug>` serves it), by category."""
    lines = _header(pages)
    parts = ["\n".join(lines)]
    for title, terms in _sections(pages):
        parts.append(f"# Category: {title}\n")
        for t in terms:
            text = term_markdown(pages, t.slug)
            if text:
                parts.append(text)
    return "\n".join(parts).encode("utf-8")


def site_files(pages: Pages, public: str) -> list[tuple[str, bytes]]:
    """The files `termgraph site` writes for language models: (relative path, bytes)."""
    return [("llms.txt", llms_txt(pages, public)), ("llms-full.txt", llms_full_txt(pages, public))]
