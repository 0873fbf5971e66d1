"""Issue 15: bad input tried as a new user would. Every mistake gets a located message and the right exit code,
and nothing is lost."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from termgraph.cli import main


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env)


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: b"<dir>" if p.is_dir() else p.read_bytes() for p in sorted(directory.iterdir())} \
        if directory.exists() else {}


def translate(content: Path, lang: str, slug: str = "transformer") -> None:
    edit(content / "terms" / f"{slug}.md", "modified: 2026-01-01\n",
         f"modified: 2026-01-01\ntranslations:\n  {lang}:\n    label: Transformer ({lang})\n"
         f"    definition: A definition written for {lang}.\n")


# --- 1. language tags ----------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["e", "f", "french", "english", "klingon", "xx", "en_US"])
def test_a_glossary_language_that_is_no_language_is_refused_where_written(tag, mini_copy, tmp_path):
    edit(mini_copy / "glossary.yaml", "language: en", f"language: {tag}")
    result = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2, result.output
    assert f"{mini_copy / 'glossary.yaml'}:6: {tag!r} is not a valid language tag" in result.output
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("tag", ["e", "french", "klingon", "xx"])
def test_a_translation_under_no_language_is_refused_where_written(tag, mini_copy, tmp_path):
    translate(mini_copy, tag)
    for command in (["build", "--out", str(tmp_path / "dist")], ["validate"], ["check", "--content"]):
        args = [*command, str(mini_copy)] if command[-1] == "--content" else [*command, "--content", str(mini_copy)]
        result = invoke(*args)
        assert result.exit_code == 2, (command, result.output)
        assert f"transformer.md:26: {tag!r} is not a valid language tag" in result.output, result.output
        assert "Traceback" not in result.output


def test_a_name_of_a_language_gets_its_code_as_a_hint(mini_copy):
    translate(mini_copy, "french")
    result = invoke("validate", "--content", str(mini_copy))
    assert "did you mean 'fr'?" in result.output, result.output


@pytest.mark.parametrize("tag", ["en-GB", "fr-CA", "zh-Hans-CN", "pt-BR"])
def test_region_and_script_subtags_are_legitimate_translations(tag, mini_copy, tmp_path):
    import pyoxigraph as ox

    translate(mini_copy, tag)
    result = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    for name, fmt in (("glossary.ttl", ox.RdfFormat.TURTLE), ("glossary.nt", ox.RdfFormat.N_TRIPLES),
                      ("glossary.rdf", ox.RdfFormat.RDF_XML)):
        store = ox.Store()
        store.load(path=str(tmp_path / "dist" / name), format=fmt)  # strict: Oxigraph checks every tag
        assert any(q.object.language == tag.lower() or q.object.language == tag for q in store
                   if isinstance(q.object, ox.Literal)), name


def test_a_query_parameter_with_no_language_is_a_usage_error(mini_copy):
    result = invoke("query", "term-by-label", "-p", "label=Transformer@klingon", "--content", str(mini_copy))
    assert result.exit_code == 2, result.output
    assert "'klingon' is not a valid language tag" in result.output and "did you mean 'tlh'?" in result.output
    ok = invoke("query", "term-by-label", "-p", "label=Transformer@en", "--content", str(mini_copy))
    assert ok.exit_code == 0, ok.output


# --- 4. a byte-order mark ------------------------------------------------------------------------------

@pytest.mark.parametrize("crlf", [False, True])
def test_a_byte_order_mark_is_accepted(crlf, mini_copy, tmp_path):
    for path in (mini_copy / "terms" / "transformer.md", mini_copy / "glossary.yaml",
                 mini_copy / "comparisons" / "neural-network-vs-transformer.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + (text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    result = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    assert "\ufeff" not in (tmp_path / "dist" / "glossary.nt").read_text(encoding="utf-8")


# --- 5. an empty field -----------------------------------------------------------------------------------

@pytest.mark.parametrize("empty", ['""', "", "~", "''"])
def test_an_empty_definition_is_one_message_at_its_line(empty, mini_copy, tmp_path):
    edit(mini_copy / "terms" / "transformer.md",
         "definition: A neural architecture that processes a whole sequence at once, letting every position "
         "attend to every other.", f"definition: {empty}".rstrip())
    result = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2, result.output
    assert f"{mini_copy / 'terms' / 'transformer.md'}:5: field 'definition' is empty" in result.output
    assert "1 problem in the content" in result.output


# --- 3. all or nothing when a rename fails part-way -------------------------------------------------------

@pytest.fixture
def built(mini_copy, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """A dist/ holding an earlier good build of a glossary that has since changed."""
    out = tmp_path / "dist"
    assert invoke("build", "--content", str(mini_copy), "--out", str(out)).exit_code == 0
    edit(mini_copy / "terms" / "transformer.md", "A translation model.", "A summarization model.")
    return out


def test_a_directory_in_the_way_of_one_dump_changes_nothing(mini_copy, built):
    (built / "glossary.rdf").unlink()
    (built / "glossary.rdf").mkdir()
    before = files(built)
    result = invoke("build", "--content", str(mini_copy), "--out", str(built))
    assert result.exit_code == 2, result.output
    assert f"cannot write {built / 'glossary.rdf'}: a directory is in the way" in result.output
    assert "Traceback" not in result.output
    assert files(built) == before, "no file of the build may be swapped in when one cannot be"


def test_a_rename_failing_part_way_puts_the_old_files_back(mini_copy, built, monkeypatch):
    from termgraph.dumps import files as staging

    before = files(built)
    real, calls = os.replace, []

    def failing(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).startswith(str(built)) and not Path(dst).name.startswith("."):
            calls.append(dst)
            if len(calls) == 3:
                raise PermissionError(13, "Permission denied", str(src), None, str(dst))
        return real(src, dst)

    monkeypatch.setattr(staging.os, "replace", failing)
    result = invoke("build", "--content", str(mini_copy), "--out", str(built))
    assert result.exit_code == 2, result.output
    assert f"cannot write {calls[2]}: Permission denied" in result.output
    assert files(built) == before
    assert sorted(p.name for p in built.iterdir()) == sorted(before), "no staged or set-aside file is left"


# --- 6. a query that does not parse -------------------------------------------------------------------------

def test_a_query_that_does_not_parse_names_file_line_and_column_before_building(tmp_path, monkeypatch):
    from termgraph import pipeline

    def no_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the glossary must not be built for a query that does not parse")

    monkeypatch.setattr(pipeline, "build", no_build)
    query = tmp_path / "broken.rq"
    query.write_text("# title: broken\nSELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s ?p = 3\n}\n", encoding="utf-8")
    result = invoke("query", str(query), "--content", str(tmp_path / "no-content"))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: {query}:4:11: the query is not valid SPARQL: expected "), result.stderr
    assert lines[1:] == ["      ?s ?p = 3", "              ^"], result.stderr
    assert "\\u" not in result.stderr and "[" not in lines[0], "no Unicode character ranges"
    query.write_text("SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(?o = \"x\"\n}\n", encoding="utf-8")
    unclosed = invoke("query", str(query), "--content", str(tmp_path / "no-content"))
    assert unclosed.exit_code == 2
    assert unclosed.stderr.startswith(f"error: {query}:4:2: the query is not valid SPARQL: the query ends before "
                                      "it is complete"), unclosed.stderr


@pytest.mark.parametrize("update", ["DROP ALL", "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
                                    "CLEAR DEFAULT"])
def test_an_update_gets_one_message_embedded_and_remote(update, mini_copy):
    from termgraph.sparql.syntax import UPDATE_MESSAGE

    embedded = CliRunner().invoke(main, ["query", "-", "--content", str(mini_copy)], input=update)
    remote = CliRunner().invoke(main, ["query", "-", "--endpoint", "http://127.0.0.1:9/query"], input=update)
    for result in (embedded, remote):
        assert result.exit_code == 2, result.output
        assert result.stderr == f"error: stdin: {UPDATE_MESSAGE}\n"


# --- 7. queries reuse the last good build, and say when it is stale ----------------------------------------------

def test_a_query_reuses_the_build_and_says_when_it_is_stale(mini_copy, tmp_path, monkeypatch):
    import time

    from termgraph import pipeline

    assert invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist")).exit_code == 0
    real_build = pipeline.build
    builds = []
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: builds.append(a) or real_build(*a, **k))
    started = time.perf_counter()
    current = invoke("query", "related", "-p", "term=transformer", "--content", str(mini_copy))
    elapsed = time.perf_counter() - started
    assert current.exit_code == 0 and "deep-learning" in current.stdout and current.stderr == ""
    assert builds == [] and elapsed < 1.0, elapsed
    edit(mini_copy / "terms" / "transformer.md", "A translation model.", "A summarization model.")
    stale = invoke("query", "related", "-p", "term=transformer", "--content", str(mini_copy))
    assert stale.exit_code == 0 and "deep-learning" in stale.stdout
    assert "note: the last build is out of date" in stale.stderr and len(builds) == 1


# --- 8. --endpoint: a base URL or a query URL, and a name that does not exist -------------------------------------

def test_endpoint_is_a_base_url_or_a_query_url_and_finds_the_published_graph(tmp_path):
    from oxigraph_server import oxigraph_server
    from querydata import dump

    from termgraph.sparql.remote import query_url

    assert query_url("http://h:7878") == query_url("http://h:7878/") == "http://h:7878/query"
    for same in ("http://h:7878/query", "http://h:3030/ds", "http://h:8890/sparql", "http://h:7200/repositories/glossary",
                 "http://h/sparql?default-graph-uri=x"):
        assert query_url(same) == same
    graph = "https://example.org/qt/"
    with oxigraph_server(tmp_path / "db", data=dump(tmp_path / "glossary.nt"), graph=graph) as server:
        for endpoint in (server.url, server.query_url):
            result = invoke("query", "related", "-p", "term=transformer", "--endpoint", endpoint)
            assert result.exit_code == 0, result.output
            assert len(result.stdout.splitlines()) > 2, result.stdout
            assert f"querying the named graph <{graph}>" in result.stderr
        missing = invoke("query", "related", "-p", "term=transfomer", "--endpoint", server.url)
        assert missing.exit_code == 0
        assert "note: there is no term 'transfomer' in the glossary; did you mean transformer" in missing.stderr


@pytest.mark.parametrize(("param", "value", "near"), [("term", "transfomer", "transformer"),
                                                      ("category", "architecure", "architecture"),
                                                      ("level", "advnced", "advanced")])
def test_a_slug_that_does_not_exist_is_named_with_a_did_you_mean(param, value, near, mini_copy):
    query = {"term": "related", "category": "category", "level": "level"}[param]
    result = invoke("query", query, "-p", f"{param}={value}", "--content", str(mini_copy))
    assert result.exit_code == 0, result.output
    assert f"note: there is no {param} {value!r} in the glossary; did you mean {near}" in result.stderr
    found = invoke("query", query, "-p", f"{param}={near}", "--content", str(mini_copy))
    assert "there is no" not in found.stderr


# --- 9. smaller inconsistencies ----------------------------------------------------------------------------------

def test_check_list_as_json():
    import json

    result = invoke("check", "--list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed and {"id", "severity", "family", "title"} <= set(listed[0])


def test_check_on_a_missing_file_is_not_a_content_problem(tmp_path):
    result = invoke("check", str(tmp_path / "thesaurus.ttl"))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {tmp_path / 'thesaurus.ttl'}: no such file")
    assert "problem in the content" not in result.output


def test_check_refuses_a_label_language_that_is_no_language(mini_copy):
    result = invoke("check", "--content", str(mini_copy), "--lang", "english")
    assert result.exit_code == 2 and "did you mean 'en'?" in result.output, result.output


def test_stats_exits_1_on_content_that_does_not_conform(mini_copy):
    edit(mini_copy / "terms" / "transformer.md", "related: [deep-learning]", "related: [transformer]")
    result = invoke("stats", "--content", str(mini_copy))
    assert result.exit_code == 1, result.output
    assert "terms: 5" in result.stdout and "NoSelfRelation" in result.stderr


@pytest.mark.parametrize("epoch", ["abc", "-5", "1.5", "99999999999999999999"])
def test_a_source_date_epoch_that_is_not_a_number_is_an_error(epoch, mini_copy, tmp_path):
    result = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"),
                    env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds" in result.stderr and repr(epoch) in result.stderr
    assert not (tmp_path / "dist").exists()
    good = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"),
                  env={"SOURCE_DATE_EPOCH": "1735689600"})
    assert good.exit_code == 0 and b"2025-01-01" in (tmp_path / "dist" / "void.ttl").read_bytes()


def test_new_keeps_acronyms_in_the_label(mini_copy):
    edit(mini_copy / "terms" / "transformer.md", "A translation model.", "A translation model (an LLM, with a KV cache).")
    result = invoke("new", "--content", str(mini_copy), "kv-cache-offloading")
    assert result.exit_code == 0, result.output
    assert "\nlabel: KV Cache Offloading\n" in (mini_copy / "terms" / "kv-cache-offloading.md").read_text()
    invoke("new", "--content", str(mini_copy), "mixture-of-experts")
    assert "\nlabel: Mixture of Experts\n" in (mini_copy / "terms" / "mixture-of-experts.md").read_text()


def test_a_fresh_draft_is_refused_by_build_until_it_is_written(mini_copy, tmp_path):
    assert invoke("new", "--content", str(mini_copy), "kv-cache").exit_code == 0
    draft = mini_copy / "terms" / "kv-cache.md"
    result = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 2, result.output
    assert f"{draft}:2: this term is a draft" in result.output and "delete the `draft:` line" in result.output
    assert not (tmp_path / "dist").exists()
    text = draft.read_text()
    draft.write_text("\n".join(line for line in text.splitlines() if not line.startswith("draft:")) + "\n")
    assert invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "dist")).exit_code == 0


# --- every file termgraph writes is readable by others under umask 022 --------------------------------------------

UNDER_UMASK_022 = "import os, sys; os.umask(0o022); from termgraph.cli import main; sys.argv[0] = 'termgraph'; main()"


def test_files_written_are_readable_by_others_under_umask_022(mini_copy, tmp_path):
    import stat
    import subprocess
    import sys

    out = tmp_path / "out"
    commands = [["build", "--content", str(mini_copy), "--out", str(out / "dist")],
                ["export", "--content", str(mini_copy), "--format", "jsonld", "-o", str(out / "export.jsonld")],
                ["check", "--content", str(mini_copy), "--format", "json", "-o", str(out / "check.json")],
                ["new", "--content", str(mini_copy), "kv-cache"]]
    for command in commands:
        done = subprocess.run([sys.executable, "-c", UNDER_UMASK_022, *command], capture_output=True, text=True,
                              env={**os.environ, "TERMGRAPH_CACHE_DIR": str(tmp_path / "cache")}, timeout=120,
                              check=False)
        assert done.returncode == 0, (command, done.stderr)
    written = [p for p in out.rglob("*") if p.is_file()] + [mini_copy / "terms" / "kv-cache.md"]
    dumps = {p.name for p in (out / "dist").iterdir()}
    assert {"glossary.ttl", "glossary.nt", "void.ttl"} <= dumps and len(written) == len(dumps) + 3
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE((out / "dist").stat().st_mode) == 0o755


# --- no traceback from any command: exit 70 for a bug, the traceback only with --debug --------------------------

def test_an_internal_error_is_one_line_with_exit_70_and_the_traceback_only_with_debug(mini_copy, monkeypatch):
    from termgraph.content import stats

    def broken(content):  # type: ignore[no-untyped-def]
        raise KeyError("oops")

    monkeypatch.setattr(stats, "compute_stats", broken)
    monkeypatch.setattr("termgraph.cli.core.compute_stats", broken)
    plain = invoke("stats", "--content", str(mini_copy))
    assert plain.exit_code == 70, plain.output
    assert plain.stderr.startswith("error: internal error (KeyError: 'oops'); this is a bug in termgraph")
    assert "--debug" in plain.stderr and "Traceback" not in plain.stderr and len(plain.stderr.splitlines()) == 1
    debug = invoke("--debug", "stats", "--content", str(mini_copy))
    assert debug.exit_code == 70 and "Traceback (most recent call last)" in debug.stderr
    assert "in broken" in debug.stderr


def test_an_internal_error_outside_a_command_is_exit_70_too(monkeypatch):
    from termgraph import cli

    monkeypatch.setitem(cli.COMMANDS, "broken", "no_such_module")
    result = invoke("--help")
    assert result.exit_code == 70 and "Traceback" not in result.output, result.output
    assert "error: internal error (ModuleNotFoundError" in result.stderr
    assert "Traceback" in invoke("--debug", "--help").stderr


def test_the_readme_exit_code_table_matches_the_help():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("`0`", "`1`", "`2`", "`3`", "`70`"):
        assert f"\n| {code} |" in readme, code
    assert "termgraph --debug" in readme
    assert "70 an internal error" in invoke("--help").output.replace("\n", " ").replace("  ", " ")
