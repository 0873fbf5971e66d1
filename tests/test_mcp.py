"""`termgraph mcp` (issue 17) through the real protocol: the server is started as a subprocess and driven with
the official SDK's own client, over stdio (one session for every call) and once over streamable HTTP."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import time
from functools import cache
from typing import Any

from agents_support import ROOT, TERMGRAPH, built_dist

CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "lookup_label": ("lookup", {"term": "Transformer"}),
    "lookup_alias": ("lookup", {"term": "rag"}),
    "lookup_slug": ("lookup", {"term": "large-language-model"}),
    "lookup_typo": ("lookup", {"term": "transfomer"}),
    "lookup_empty": ("lookup", {"term": "  "}),
    "lookup_language": ("lookup", {"term": "Transformer", "language": "xx"}),
    "lookup_missing_arg": ("lookup", {}),
    "search": ("search", {"query": "attention", "limit": 3}),
    "search_page2": ("search", {"query": "attention", "limit": 3, "offset": 3}),
    "search_huge_limit": ("search", {"query": "attention", "limit": 10**9}),
    "search_nothing": ("search", {"query": "zzzqqqxxy"}),
    "explain": ("explain", {"term": "retrieval-augmented-generation"}),
    "explain_unknown": ("explain", {"term": "quantum blockchain"}),
    "compare_written": ("compare", {"first": "AI agent", "second": "agentic workflow"}),
    "compare_side_by_side": ("compare", {"first": "Transformer", "second": "Gradient Descent"}),
    "compare_same": ("compare", {"first": "LLM", "second": "large language model"}),
    "list_category": ("list_terms", {"category": "Agents & Tools", "page_size": 5}),
    "list_both": ("list_terms", {"category": "training", "level": "beginner"}),
    "list_unknown": ("list_terms", {"category": "cooking"}),
    "list_past_end": ("list_terms", {"level": "advanced", "page": 999}),
    "list_huge": ("list_terms", {"level": "advanced", "page_size": 10**6}),
    "overview": ("glossary_overview", {}),
    "named": ("run_named_query", {"name": "related", "parameters": {"term": "transformer"}}),
    "named_unknown": ("run_named_query", {"name": "drop-everything"}),
    "named_bad_param": ("run_named_query", {"name": "related", "parameters": {"nope": "x"}}),
    "named_injection": ("run_named_query", {"name": "related", "parameters": {"term": "x\" } } DROP ALL #"}}),
    "sparql_count": ("sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
    "sparql_limit": ("sparql", {"query": "SELECT * WHERE { ?s ?p ?o }", "limit": 7}),
    "sparql_ask": ("sparql", {"query": "ASK { ?s ?p ?o }"}),
    "sparql_construct": ("sparql", {"query": "CONSTRUCT WHERE { ?s a ?o } LIMIT 2"}),
    "sparql_service": ("sparql", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}),
    "sparql_service_escaped": ("sparql", {"query": "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }"}),
    "sparql_update": ("sparql", {"query": "DROP ALL"}),
    "sparql_syntax": ("sparql", {"query": "SELECT WHERE {"}),
    "sparql_slow": ("sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}),
    "sparql_huge_limit": ("sparql", {"query": "SELECT * WHERE { ?s ?p ?o }", "limit": 10**9}),
    "unknown_tool": ("no_such_tool", {}),
}


def _text(result: Any) -> str:
    return "".join(getattr(c, "text", "") for c in result.content)


async def _session(client: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"tools": await client.list_tools(), "templates": await client.list_resource_templates(),
                           "resources": await client.list_resources()}
    for key, (name, args) in CALLS.items():
        result = await client.call_tool(name, args)
        out[key] = (bool(result.is_error), _text(result), result.structured_content)
    out["term_md"] = (await client.read_resource("glossary://term/transformer")).contents[0].text
    out["schema"] = (await client.read_resource("glossary://schema")).contents[0].text
    out["ontology"] = (await client.read_resource("glossary://ontology")).contents[0].text
    try:
        await client.read_resource("glossary://term/no-such-term")
        out["missing_resource"] = None
    except Exception as exc:  # noqa: BLE001  (the SDK raises MCPError for a resource error)
        out["missing_resource"] = str(exc)
    return out


@cache
def stdio_session() -> dict[str, Any]:
    from mcp import Client, StdioServerParameters

    async def run() -> dict[str, Any]:
        params = StdioServerParameters(command=TERMGRAPH[0], args=[*TERMGRAPH[1:], "mcp", "--data",
                                       str(built_dist() / "glossary.nt"), "--timeout", "2", "--max-rows", "50"],
                                       env={"PYTHONPATH": os.environ.get("PYTHONPATH", "")})
        async with Client(params, read_timeout_seconds=60) as client:
            return await _session(client)

    return asyncio.run(run())


def ok(key: str) -> Any:
    error, text, structured = stdio_session()[key]
    assert not error, text
    data = structured if structured is not None else json.loads(text)
    return data.get("result", data) if isinstance(data, dict) and set(data) == {"result"} else data


def err(key: str) -> str:
    error, text, _ = stdio_session()[key]
    assert error, f"{key} should be a tool error: {text[:200]}"
    assert "Traceback" not in text and "internal error" not in text
    return text


def test_tools_are_listed_with_descriptions_and_schemas():
    tools = {t.name: t for t in stdio_session()["tools"].tools}
    assert set(tools) == {"lookup", "search", "explain", "compare", "list_terms", "glossary_overview",
                          "run_named_query", "sparql"}
    for tool in tools.values():
        assert len(tool.description or "") > 80
        for name, prop in tool.input_schema.get("properties", {}).items():
            assert prop.get("description"), f"{tool.name}.{name} has no description"
        assert tool.annotations and tool.annotations.read_only_hint


def test_lookup_by_label_alias_slug_and_did_you_mean():
    assert ok("lookup_label")["iri"] == "https://termgraph.org/glossary/term/transformer"
    assert ok("lookup_alias")["slug"] == "retrieval-augmented-generation"
    found = ok("lookup_slug")
    assert found["cite"] == found["iri"] and found["definition"] and found["category"]["label"]
    assert "Did you mean" in err("lookup_typo") and "(transformer)" in err("lookup_typo")
    assert "give a term" in err("lookup_empty")
    assert "languages: en" in err("lookup_language")
    assert "term" in err("lookup_missing_arg")


def test_search_is_ranked_and_paged():
    first, second = ok("search"), ok("search_page2")
    assert first["results"][0]["slug"] == "attention-mechanism" and first["next_offset"] == 3
    assert first["total"] == second["total"] > 3
    assert not {r["slug"] for r in first["results"]} & {r["slug"] for r in second["results"]}
    assert "less than or equal to 50" in err("search_huge_limit")
    assert ok("search_nothing")["total"] == 0


def test_explain_gives_the_whole_entry():
    rag = ok("explain")
    assert rag["iri"] == rag["cite"] and rag["explanation"] and rag["faq"] and rag["sources"]
    assert rag["related"] and all(r["iri"] and r["definition"] for r in rag["related"])
    assert "Did you mean" in err("explain_unknown") or "search" in err("explain_unknown")


def test_compare_written_and_side_by_side():
    written = ok("compare_written")
    assert written["comparison"].endswith("/comparison/ai-agent-vs-agentic-workflow") and written["aspects"]
    assert len(written["cite"]) == 3
    side = ok("compare_side_by_side")
    assert side["comparison"] is None and all(t["definition"] for t in side["terms"]) and len(side["cite"]) == 2
    assert "same term" in err("compare_same")


def test_list_terms_paged():
    listing = ok("list_category")
    assert listing["category"] == "agents-and-tools" and len(listing["results"]) == 5 and listing["next_page"] == 2
    both = ok("list_both")
    assert all(r["category"] == "training" and r["level"] == "beginner" for r in both["results"])
    assert "agents-and-tools" in err("list_unknown")
    assert "past the last page" in err("list_past_end")
    assert "less than or equal to 100" in err("list_huge")


def test_overview():
    overview = ok("overview")
    terms = len(list((ROOT / "content" / "terms").glob("*.md")))
    assert overview["terms"] == terms and len(overview["categories"]) == 10
    assert any(q["name"] == "related" for q in overview["named_queries"])


def test_named_queries_bind_parameters_safely():
    rows = ok("named")["rows"]
    assert rows and all("slug" in r for r in rows)
    assert "related" in err("named_unknown") and "term (string)" in err("named_bad_param")
    assert ok("named_injection")["rows"] == []  # bound as a literal: matches nothing, changes nothing


def test_sparql_with_the_endpoints_limits():
    assert int(ok("sparql_count")["rows"][0]["n"]["value"]) > 16_000
    limited = ok("sparql_limit")
    assert limited["count"] == 7 and limited["truncated"]
    assert ok("sparql_ask")["boolean"] is True
    assert ok("sparql_construct")["count"] == 2
    assert "SERVICE" in err("sparql_service") and "SERVICE" in err("sparql_service_escaped")
    assert "not valid SPARQL" in err("sparql_update") and "not valid SPARQL" in err("sparql_syntax")
    assert "stopped after 2 s" in err("sparql_slow")
    assert "less than or equal to 10000" in err("sparql_huge_limit")
    assert stdio_session()["unknown_tool"][0]


def test_resources():
    templates = [t.uri_template for t in stdio_session()["templates"].resource_templates]
    assert "glossary://term/{slug}" in templates
    assert {str(r.uri) for r in stdio_session()["resources"].resources} >= {"glossary://schema", "glossary://ontology"}
    md = stdio_session()["term_md"]
    assert md.startswith("# Transformer\n") and "IRI: <https://termgraph.org/glossary/term/transformer>" in md
    assert "tg:category" in stdio_session()["schema"] and "owl:Ontology" in stdio_session()["ontology"]
    assert "no term 'no-such-term'" in (stdio_session()["missing_resource"] or "")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_streamable_http_once():
    from mcp import Client

    port = _free_port()
    proc = subprocess.Popen([*TERMGRAPH, "mcp", "--data", str(built_dist() / "glossary.nt"), "--http", "--port",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)

        async def run() -> tuple[list[str], Any]:
            async with Client(f"http://127.0.0.1:{port}/mcp", read_timeout_seconds=30) as client:
                tools = [t.name for t in (await client.list_tools()).tools]
                return tools, await client.call_tool("lookup", {"term": "LLM"})

        tools, result = asyncio.run(run())
        assert "lookup" in tools and not result.is_error
        assert "https://termgraph.org/glossary/term/large-language-model" in _text(result)
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
