"""The core commands end to end: build, validate, export, stats, new; through click and as a real process."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import MINI
from rdflib import Graph

from termgraph import build, load_content
from termgraph.cli import main
from termgraph.dumps.export import serialize
from termgraph.dumps.formats import by_name


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_writes_dumps(tmp_path):
    result = invoke("build", "--content", str(MINI), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 0, result.output
    assert "built 5 terms" in result.output
    assert (tmp_path / "dist" / "glossary.ttl").read_bytes() == serialize(build(MINI).graph, by_name("turtle"))


def test_build_strict_fails_on_warnings(mini_copy, tmp_path):
    text = (mini_copy / "terms" / "transformer.md").read_text()
    start, end = text.index("sources:"), text.index("mappings:")
    (mini_copy / "terms" / "transformer.md").write_text(text[:start] + text[end:])
    assert invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "a")).exit_code == 0
    strict = invoke("build", "--content", str(mini_copy), "--out", str(tmp_path / "b"), "--strict")
    assert strict.exit_code == 1
    assert "cites no source" in strict.output
    assert not (tmp_path / "b").exists()


def test_validate_text_and_json(mini_copy):
    ok = invoke("validate", "--content", str(MINI))
    assert ok.exit_code == 0 and "conforms: 0 violation(s), 0 warning(s), 5 terms" in ok.output
    path = mini_copy / "terms" / "transformer.md"
    path.write_text(path.read_text().replace("related: [deep-learning]", "related: [deep-learning, transformer]"))
    bad = invoke("validate", "--content", str(mini_copy), "--format", "json")
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    assert report["conforms"] is False and report["summary"] == {"violation": 1, "warning": 0, "info": 0}
    [finding] = report["results"]
    assert finding["shape"] == "NoSelfRelation" and finding["severity"] == "violation"
    assert finding["file"] == str(path) and finding["line"] == 14


def test_export_to_stdout_and_file(tmp_path):
    out = invoke("export", "--content", str(MINI), "--format", "nt")
    assert out.exit_code == 0
    assert len(out.output.splitlines()) == len(build(MINI).graph)
    target = tmp_path / "g.jsonld"
    assert invoke("export", "--content", str(MINI), "--format", "jsonld", "-o", str(target)).exit_code == 0
    assert len(Graph().parse(target, format="json-ld")) == len(build(MINI).graph)


def test_export_unknown_format_is_a_usage_error():
    result = invoke("export", "--content", str(MINI), "--format", "yaml")
    assert result.exit_code == 2
    assert "unknown format 'yaml'; choose one of: turtle, jsonld, ntriples, rdfxml" in result.output


def test_stats():
    result = invoke("stats", "--content", str(MINI), "--format", "json")
    stats = json.loads(result.output)
    assert stats["terms"] == 5 and stats["comparisons"] == 1
    assert stats["by_category"] == {"foundations": 3, "architecture": 2}
    assert stats["by_level"] == {"beginner": 2, "advanced": 3}
    assert stats["related_links"] == 5 and stats["broader_links"] == 1
    assert stats["orphans"] == [] and stats["related_clusters"] == 1
    text = invoke("stats", "--content", str(MINI))
    assert "foundations" in text.output and "orphans: 0" in text.output


def test_new_scaffolds_a_term_that_loads_and_validates(mini_copy):
    result = invoke("new", "--content", str(mini_copy), "kv-cache", "--label", "KV Cache",
                    "--category", "architecture", "--level", "advanced")
    assert result.exit_code == 0, result.output
    path = mini_copy / "terms" / "kv-cache.md"
    assert result.output.strip() == str(path)
    text = path.read_text()
    assert text.startswith("---\ndraft: true")  # refused by build until written (issue 15)
    path.write_text(text.replace("draft: true", "draft: false", 1))
    term = load_content(mini_copy).term("kv-cache")
    assert term is not None and term.labels["en"] == "KV Cache" and term.category == "architecture"
    assert set(term.labels) == set(term.definitions) == {"en", "fr"}  # a stub in each language the glossary has
    text = path.read_text()
    for field in ("aliases", "examples", "faq", "related", "broader", "sources", "mappings", "created",
                  "modified", "deprecated", "translations"):
        assert f"\n{field}:" in text, field
    validate = invoke("validate", "--content", str(mini_copy))
    assert validate.exit_code == 0, validate.output  # only the "no source yet" warning
    assert "kv-cache.md" in validate.output and "warning" in validate.output


def test_new_refuses_to_overwrite_or_guess(mini_copy):
    before = (mini_copy / "terms" / "transformer.md").read_bytes()
    again = invoke("new", "--content", str(mini_copy), "transformer")
    assert again.exit_code == 2 and "already exists" in again.output
    assert (mini_copy / "terms" / "transformer.md").read_bytes() == before
    assert invoke("new", "--content", str(mini_copy), "Bad Slug").exit_code == 2
    wrong = invoke("new", "--content", str(mini_copy), "x-y", "--category", "nope")
    assert wrong.exit_code == 2 and "choose one of: foundations, architecture" in wrong.output


def test_progress_is_quiet_when_piped(tmp_path):
    """A real process with stderr piped: no progress lines, only the result."""
    run = subprocess.run([sys.executable, "-m", "termgraph", "build", "--content", str(MINI), "--out",
                          str(tmp_path / "dist")], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert run.stdout.startswith("built 5 terms")


def test_progress_shows_on_a_terminal():
    from termgraph.cli import progress_printer

    lines: list[str] = []
    runner = CliRunner()
    with runner.isolation() as (out, err, *_):
        progress_printer(enabled=True)("validating")
        lines = err.getvalue().decode().splitlines() if err else out.getvalue().decode().splitlines()
    assert lines == ["… validating"]


def test_exit_codes_are_documented():
    assert "Exit codes: 0 success; 1 the glossary does not conform; 2 usage or input error" in \
        invoke("--help").output.replace("\n", " ").replace("  ", " ")


def test_version():
    assert invoke("--version").output.startswith("termgraph, version")


def test_real_content_path_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate")
    assert result.exit_code == 2 and "content" in result.output and Path("content").exists() is False
