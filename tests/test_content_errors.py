"""Bad input gets a clear error naming file and line, the right exit code, and leaves dist/ as it was."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from termgraph import ContentError, NotConforming, build, load_content
from termgraph.cli import main


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_build(content: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--out", str(out)])
    return result.exit_code, result.output  # click's runner mixes stderr into output


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())} if directory.exists() else {}


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A dist/ that holds an earlier good build: every failed build must leave it byte for byte."""
    out = tmp_path / "dist"
    out.mkdir()
    (out / "glossary.ttl").write_bytes(b"# an earlier build\n")
    return out


# (what to break, expected exit code, file, line, words the message must contain)
CASES = {
    "malformed YAML": (lambda c: edit(c / "terms/transformer.md", "level: advanced", "level: [advanced"),
                       2, "terms/transformer.md", 5, ["malformed YAML", "flow sequence at line 4"]),
    "unknown field": (lambda c: edit(c / "terms/transformer.md", "examples:", "exmaples:"),
                      2, "terms/transformer.md", 6, ["unknown field 'exmaples'", "did you mean 'examples'"]),
    "unknown source field": (lambda c: edit(c / "terms/transformer.md", "    year: 2017", "    yaer: 2017"),
                             2, "terms/transformer.md", 18, ["unknown field 'yaer'", "did you mean 'year'"]),
    "duplicate key": (lambda c: edit(c / "terms/transformer.md", "level: advanced", "level: advanced\nlevel: beginner"),
                      2, "terms/transformer.md", 5, ["duplicate key 'level'"]),
    "missing required field": (lambda c: edit(c / "terms/transformer.md", "category: architecture\n", ""),
                               1, "terms/transformer.md", 1, ["exactly one `category:`"]),
    "missing definition": (lambda c: edit(c / "terms/self-attention.md",
                                          "definition: A layer in which each position of a sequence weighs every "
                                          "other position to build its new representation.\n", ""),
                           1, "terms/self-attention.md", 1, ["definition"]),
    "link to a missing term": (lambda c: edit(c / "terms/transformer.md", "related: [deep-learning]",
                                              "related: [deep-learnin]"),
                               1, "terms/transformer.md", 14, ["does not exist", "did you mean 'deep-learning'"]),
    "unknown category": (lambda c: edit(c / "terms/transformer.md", "category: architecture", "category: architecure"),
                         1, "terms/transformer.md", 3, ["category", "did you mean 'architecture'"]),
    "link that is not a slug": (lambda c: edit(c / "terms/transformer.md", "related: [deep-learning]",
                                               "related: [Deep Learning]"),
                                2, "terms/transformer.md", 14, ["not a slug", "'deep-learning'"]),
    "duplicate slug": (lambda c: (c / "terms/more").mkdir() or
                       (c / "terms/more/transformer.md").write_text((c / "terms/transformer.md").read_text()),
                       2, "terms/transformer.md", 0, ["duplicate slug 'transformer'"]),
    "duplicate label": (lambda c: edit(c / "terms/deep-learning.md", "label: Deep Learning", "label: TRANSFORMER"),
                        1, "terms/deep-learning.md", 2, ["share the label", "TRANSFORMER"]),
    "bad language tag": (lambda c: edit(c / "terms/neural-network.md", "  fr:\n    label", "  fr_FR!:\n    label"),
                         2, "terms/neural-network.md", 27, ["not a valid language tag"]),
    "bad URL": (lambda c: edit(c / "terms/deep-learning.md", "url: https://doi.org/10.1038/nature14539",
                               "url: doi.org 10.1038"),
                1, "terms/deep-learning.md", 18, ["valid http(s) URL"]),
    "bad date": (lambda c: edit(c / "terms/deep-learning.md", "created: 2026-01-01", "created: 2026-13-01"),
                 2, "terms/deep-learning.md", 20, ["must be a date"]),
    "not UTF-8": (lambda c: (c / "terms/transformer.md").write_bytes(b"---\nlabel: Caf\xe9\n---\n"),
                  2, "terms/transformer.md", 0, ["not UTF-8"]),
    "unreadable file": (lambda c: ((c / "terms/transformer.md").unlink(),
                                   os.symlink(c / "nowhere.md", c / "terms/transformer.md")),
                        2, "terms/transformer.md", 0, ["cannot read file"]),
    "no front matter": (lambda c: (c / "terms/transformer.md").write_text("Just text.\n"),
                        2, "terms/transformer.md", 1, ["must start with a '---' line"]),
    "unclosed front matter": (lambda c: (c / "terms/transformer.md").write_text("---\nlabel: X\n"),
                              2, "terms/transformer.md", 1, ["never closed"]),
    "comparison of one term": (lambda c: edit(c / "comparisons/neural-network-vs-transformer.yaml",
                                              "terms: [neural-network, transformer]", "terms: [transformer, transformer]"),
                               1, "comparisons/neural-network-vs-transformer.yaml", 2, ["exactly two different"]),
    "bad file name": (lambda c: (c / "terms/Bad Name.md").write_text((c / "terms/transformer.md").read_text()),
                      2, "terms/Bad Name.md", 0, ["not a slug", "bad-name.md"]),
    "related category that does not exist": (
        lambda c: edit(c / "glossary.yaml", "definition: Core ideas.", "definition: Core ideas.\n    related: [archtecture]"),
        2, "glossary.yaml", 14, ["'foundations' is related to 'archtecture'", "did you mean 'architecture'"]),
    "bad base IRI": (lambda c: edit(c / "glossary.yaml", "base_iri: https://example.org/mini/",
                                    "base_iri: example.org/mini"),
                     2, "glossary.yaml", 5, ["base_iri"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_nothing_is_written(case, mini_copy, dist):
    breaker, code, file, line, words = CASES[case]
    breaker(mini_copy)
    before = snapshot(dist)
    exit_code, output = run_build(mini_copy, dist)
    assert exit_code == code, output
    where = f"{mini_copy / file}:{line}" if line else f"{mini_copy / file}"
    assert where in output, f"expected {where} in:\n{output}"
    for word in words:
        assert word in output, f"expected {word!r} in:\n{output}"
    assert snapshot(dist) == before
    assert not any(p.name.endswith(".tmp") for p in dist.iterdir())


def test_all_problems_are_reported_at_once(mini_copy):
    edit(mini_copy / "terms/transformer.md", "examples:", "exmaples:")
    edit(mini_copy / "terms/deep-learning.md", "created: 2026-01-01", "created: someday")
    with pytest.raises(ContentError) as error:
        load_content(mini_copy)
    assert len(error.value.problems) == 2


def test_not_conforming_carries_the_report(mini_copy):
    edit(mini_copy / "terms/transformer.md", "related: [deep-learning]", "related: [transformer]")
    with pytest.raises(NotConforming) as error:
        build(mini_copy)
    assert [f.shape for f in error.value.report.findings] == ["NoSelfRelation"]
    assert error.value.exit_code == 1


def test_missing_content_directory(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--content", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "content directory not found" in result.output


def test_failure_while_writing_leaves_dist_untouched(mini_copy, dist, monkeypatch):
    """A crash after some dumps were serialized must not leave half the files replaced."""
    from termgraph.dumps import dataset as dumps

    real = dumps.write
    calls = []

    def failing(statements, fmt, out):
        calls.append(fmt.name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(statements, fmt, out)

    monkeypatch.setattr(dumps, "write", failing)
    before = snapshot(dist)
    with pytest.raises(OSError):
        dumps.write_dumps(build(mini_copy), dist)
    assert snapshot(dist) == before
