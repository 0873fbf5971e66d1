"""The Model Context Protocol server: the glossary's tools and resources on the official `mcp` SDK (MCPServer),
over stdio (the default: a desktop client starts `termgraph mcp` itself) or streamable HTTP (`--http`).

Every tool is read-only, answers JSON that cites term IRIs, and turns a bad argument into a tool error whose
text says what to do instead (an unknown term comes with "did you mean"); an unexpected failure is one line
("internal error ..."), never a traceback, to the client.
"""

import logging
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import Field

from termgraph.mcp.service import MAX_PAGE, MAX_SEARCH, GlossaryService, ToolInput

log = logging.getLogger("termgraph.mcp")

INSTRUCTIONS = """\
A curated glossary of AI and machine-learning terms kept as a validated knowledge graph (SKOS). Use it to
ground answers about AI terms in its definitions, and cite the term IRIs it returns (field `iri` / `cite`).

- lookup: you know the term (a label such as "Transformer", an acronym such as "RAG", or a slug): its
  definition, category and level. Start here.
- search: you have words, not a term name: ranked matches, paged with offset.
- explain: the full entry of one term: explanation, examples, FAQ, related/broader/narrower terms, sources.
- compare: two terms side by side (the glossary's written comparison when there is one).
- list_terms: the terms of a category and/or level, paged; glossary_overview lists categories, levels,
  counts and the named queries.
- run_named_query / sparql: read-only SPARQL over the graph for anything else (the resource
  glossary://schema describes the vocabulary). Limits: time, rows; SERVICE is refused.
Resources: glossary://term/<slug> (a term as Markdown), glossary://schema, glossary://ontology.
"""

SCHEMA_GUIDE = """\
# The glossary graph, for writing SPARQL

Prefixes:

    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX schema: <https://schema.org/>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX tg: <https://termgraph.org/ns#>
    PREFIX owl: <http://www.w3.org/2002/07/owl#>

The glossary is a `skos:ConceptScheme` (also `schema:DefinedTermSet`) at <{base}>, with `dcterms:title`,
`dcterms:description`, `dcterms:language`, `dcterms:license`.

Each term is a `skos:Concept` and `schema:DefinedTerm` at `<{base}term/SLUG>` with:

- `skos:notation` the slug; `skos:prefLabel`, `skos:altLabel` (aliases, acronyms), `skos:definition`,
  `tg:explanation` (Markdown), `skos:example`: language-tagged text
- `tg:category` -> a `tg:Category` at `<{base}category/SLUG>`; `tg:level` -> a `tg:Level` at `<{base}level/SLUG>`
  (both SKOS concepts with `skos:prefLabel`, `skos:definition`, `skos:notation`)
- `skos:related` (both directions), `skos:broader` / `skos:narrower`
- `tg:faq` -> `schema:Question` (`schema:name`, `schema:position`, `schema:acceptedAnswer` -> `schema:Answer`
  with `schema:text`)
- `dcterms:source` -> `schema:CreativeWork` (`dcterms:title`, `schema:url`, `schema:author`, `schema:datePublished`)
- `skos:exactMatch` / `skos:closeMatch` (DBpedia, Wikidata), `foaf:page` (Wikipedia)
- `dcterms:created`, `dcterms:modified` (xsd:date); `owl:deprecated true` with `dcterms:isReplacedBy`

Comparisons are `tg:Comparison` at `<{base}comparison/SLUG>`: `tg:compares` (both terms), `tg:firstTerm`,
`tg:secondTerm`, `dcterms:title`, `dcterms:description`, and `tg:aspect` -> `tg:Aspect` (`rdfs:label`,
`tg:firstValue`, `tg:secondValue`, `schema:position`).

Example: terms of a category with their definitions

    SELECT ?term ?label ?definition WHERE {{
      ?term tg:category <{base}category/agents-and-tools> ; skos:prefLabel ?label ; skos:definition ?definition .
      FILTER(LANG(?label) = "{language}" && LANG(?definition) = "{language}")
    }} ORDER BY ?label

Named queries (run_named_query): {queries}.
The ontology itself (classes and properties, documented) is the resource glossary://ontology.
"""


def _call(fn: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    from mcp.server.mcpserver.exceptions import ToolError

    try:
        return fn(*args)
    except ToolInput as exc:
        raise ToolError(str(exc)) from None
    except Exception as exc:  # a bug: one line to the client, the traceback to our log
        log.exception("internal error in %s", getattr(fn, "__name__", "a tool"))
        raise ToolError(f"internal error ({type(exc).__name__}); this is a bug in termgraph") from None


def create_server(service: GlossaryService) -> Any:
    """The MCPServer with the glossary's tools and resources."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ResourceError
    from mcp.types import ToolAnnotations

    from termgraph import __version__

    g = service.g
    server = MCPServer(name="termgraph", title=f"termgraph: {g.title.get(g.language) or 'glossary'}",
                       instructions=INSTRUCTIONS, version=__version__, log_level="WARNING")
    read_only = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                                open_world_hint=False)

    Term = Annotated[str, Field(description="The term: its label (e.g. 'Transformer'), an alias or acronym "
                                            "(e.g. 'RAG', 'LLM'), its slug ('retrieval-augmented-generation') "
                                            "or its IRI. Case and accents do not matter.")]
    Language = Annotated[str | None, Field(description="A language tag of the glossary (e.g. 'en'); default: the "
                                                       "glossary's own language.")]

    @server.tool(annotations=read_only)
    def lookup(term: Term, language: Language = None) -> dict[str, Any]:
        """Find one glossary term by name and get its definition, aliases, category and level, with the IRI to
        cite. Use this first when you know the term's name or acronym; if it is not found, the error suggests
        close terms (did you mean ...?). For the full entry use `explain`; for free words use `search`."""
        return _call(service.lookup, term, language)

    @server.tool(annotations=read_only)
    def search(query: Annotated[str, Field(description="Words to look for in labels, aliases and definitions, "
                                                       "e.g. 'attention heads' or 'reward model'. Small typos "
                                                       "are tolerated.")],
               limit: Annotated[int, Field(ge=1, le=MAX_SEARCH, description="Results per page (1-50).")] = 10,
               offset: Annotated[int, Field(ge=0, le=10_000, description="Skip this many results (paging: "
                                                                         "use next_offset).")] = 0
               ) -> dict[str, Any]:
        """Search the glossary: ranked terms (exact names first, then names starting with the words, then
        definitions), each with IRI, label and definition; `total` and `next_offset` for paging. Use when you do
        not know the exact term name."""
        return _call(service.search, query, limit, offset)

    @server.tool(annotations=read_only)
    def explain(term: Term, language: Language = None) -> dict[str, Any]:
        """The full glossary entry of a term: definition, explanation (Markdown), examples, FAQ, related,
        broader and narrower terms (each with IRI and definition), comparisons it appears in, and cited
        sources. Use to explain a concept in depth or to find neighbouring concepts."""
        return _call(service.explain, term, language)

    @server.tool(annotations=read_only)
    def compare(first: Term, second: Term) -> dict[str, Any]:
        """Compare two terms. When the glossary has a written comparison of the two, returns its summary and
        aspect-by-aspect table; otherwise both definitions side by side, whether they are directly related
        and the related terms they share. Cite the IRIs in `cite`."""
        return _call(service.compare, first, second)

    @server.tool(annotations=read_only)
    def list_terms(category: Annotated[str | None, Field(description="A category slug or label, e.g. "
                                                                     "'agents-and-tools' or 'Training'.")] = None,
                   level: Annotated[str | None, Field(description="A level slug or label: e.g. 'beginner', "
                                                                  "'intermediate', 'advanced'.")] = None,
                   page: Annotated[int, Field(ge=1, le=1_000_000, description="Page number, from 1.")] = 1,
                   page_size: Annotated[int, Field(ge=1, le=MAX_PAGE, description="Terms per page (1-100).")] = 50
                   ) -> dict[str, Any]:
        """List the terms of a category and/or a level, alphabetically, paged (`pages`, `next_page`); each
        with IRI, label and definition. `glossary_overview` gives the categories and levels."""
        return _call(service.list_terms, category, level, page, page_size)

    @server.tool(annotations=read_only)
    def glossary_overview() -> dict[str, Any]:
        """What the glossary holds: title, languages, number of terms, the categories and levels (slug, label,
        number of terms) and the named queries with their parameters. Call once to orient yourself."""
        return _call(service.overview)

    @server.tool(annotations=read_only)
    def run_named_query(name: Annotated[str, Field(description="A named query, e.g. 'related', 'broader', "
                                                               "'category', 'statistics', 'term-by-label' "
                                                               "(glossary_overview lists them all).")],
                        parameters: Annotated[dict[str, str] | None, Field(
                            description="The query's parameters by name, as text, e.g. {\"term\": "
                                        "\"transformer\"} (a slug) for 'related'.")] = None,
                        limit: Annotated[int, Field(ge=1, le=10_000, description="Most rows to return.")] = 100
                        ) -> dict[str, Any]:
        """Run one of the glossary's named SPARQL queries with parameters (bound safely, never pasted into the
        query text). Returns variables and rows; `truncated` when cut to `limit`."""
        return _call(service.named_query, name, parameters, limit)

    @server.tool(annotations=read_only)
    def sparql(query: Annotated[str, Field(description="A SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query. "
                                                       "Read glossary://schema for the vocabulary.")],
               limit: Annotated[int, Field(ge=1, le=10_000, description="Most rows (or triples) to return.")] = 100
               ) -> dict[str, Any]:
        """Run a read-only SPARQL query over the glossary graph, for questions the other tools do not cover
        (counts, joins, filters). Updates and SERVICE are refused; the query is stopped after the server's
        time limit and cut to `limit` rows. Prefer the other tools for single terms."""
        return _call(service.sparql, query, limit)

    @server.resource("glossary://term/{slug}", name="term", title="A glossary term as Markdown",
                     description="The full entry of a term (by slug) as Markdown, citing its IRI.",
                     mime_type="text/markdown")
    def term_resource(slug: str) -> str:
        try:
            return service.markdown(slug)
        except ToolInput as exc:
            raise ResourceError(str(exc)) from None

    @server.resource("glossary://schema", name="schema", title="The glossary's graph vocabulary",
                     description="Prefixes, classes and properties of the glossary graph, for writing SPARQL.",
                     mime_type="text/markdown")
    def schema_resource() -> str:
        from termgraph.sparql.queries import named_queries

        return SCHEMA_GUIDE.format(base=g.base, language=g.language,
                                   queries=", ".join(sorted(named_queries())))

    @server.resource("glossary://ontology", name="ontology", title="The termgraph ontology (OWL/RDFS, Turtle)",
                     description="The classes and properties the glossary graph uses, documented.",
                     mime_type="text/turtle")
    def ontology_resource() -> str:
        from termgraph.resources import ontology_file

        return ontology_file("termgraph.ttl").read_text(encoding="utf-8")

    return server


def run_stdio(server: Any) -> None:
    server.run("stdio")


def run_http(server: Any, host: str, port: int, ready: Callable[[], None] | None = None) -> bool:
    """Serve streamable HTTP at http://host:port/mcp until interrupted; False if the port could not be bound."""
    import uvicorn

    from termgraph.serve import run_uvicorn

    app = server.streamable_http_app(host=host)
    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_level="warning",
                            server_header=False, lifespan="on", timeout_graceful_shutdown=3)
    return run_uvicorn(config, ready)
