"""termgraph diff: every change kind on a made-up release pair, exact output in each format, the removal guard."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from termgraph.cli import main
from termgraph.diff import diff, failing, to_markdown, to_rdf, to_text
from termgraph.diff.changes import word_diff
from termgraph.errors import UsageError

MINI = Path(__file__).parent / "data" / "mini"
EXPECTED = Path(__file__).parent / "data" / "diff"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def release_pair(tmp_path: Path, deprecate: bool = False) -> tuple[Path, Path]:
    """OLD: the mini glossary; NEW: one change of every kind (or, `deprecate`, only a deprecation)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    terms = new / "terms"
    if deprecate:
        _edit(terms / "self-attention.md", "created:", "deprecated: true\nreplaced_by: transformer\ncreated:")
        return old, new
    (terms / "self-attention.md").unlink()
    (terms / "attention.md").write_text("""---
label: Attention
category: architecture
level: beginner
definition: A way for a model to weigh the parts of its input by relevance.
sources:
  - title: Neural Machine Translation by Jointly Learning to Align and Translate
    url: https://arxiv.org/abs/1409.0473
---
Attention lets a model look back at the parts of its input that matter for the next step.
""", encoding="utf-8")
    _edit(terms / "deep-learning.md", "label: Deep Learning", "label: Deep learning")
    _edit(terms / "transformer.md", "processes a whole sequence at once", "reads a whole sequence in parallel")
    _edit(terms / "transformer.md", "exact: [http://www.wikidata.org/entity/Q85810444]",
          "exact: [http://www.wikidata.org/entity/Q85810444, https://example.org/other/transformer]")
    _edit(terms / "transformer.md", "category: architecture", "category: foundations")
    _edit(terms / "neural-network.md", "year: 2016", "year: 2017")
    _edit(terms / "neural-network.md", "  - A spam filter that scores emails.\n", "")
    _edit(terms / "connectionism.md", "replaced_by: neural-network", "replaced_by: deep-learning")
    return old, new


def test_word_diff() -> None:
    assert word_diff("a quick brown fox", "a slow brown dog jumps") == "a [-quick-] {+slow+} brown [-fox-] {+dog jumps+}"


def test_every_change_kind(tmp_path: Path) -> None:
    log = diff(*map(str, release_pair(tmp_path)))
    assert log.counts == {"added": 1, "removed": 1, "deprecated": 1, "relabelled": 1, "redefined": 1,
                          "relinked": 2, "recategorised": 1, "sources": 1, "other": 1}
    assert to_text(log) == (EXPECTED / "changes.txt").read_text(encoding="utf-8")
    assert to_markdown(log) == (EXPECTED / "changes.md").read_text(encoding="utf-8")
    data = json.loads(json.dumps(log.to_dict()))
    assert [c["iri"] for c in data["removed"]] == ["https://example.org/mini/term/self-attention"]
    rdf = to_rdf(log)
    import pyoxigraph as ox
    store = ox.Store()
    store.load(rdf.encode(), format=ox.RdfFormat.TURTLE)
    assert len(list(store.query("SELECT ?c WHERE { ?c a <http://purl.org/vocab/changeset/schema#ChangeSet> }")))


def test_same_release_has_no_changes(tmp_path: Path) -> None:
    log = diff(str(MINI), str(MINI))
    assert not any(log.counts.values()) and not log.changed


def test_removal_guard_fails_a_removal_and_passes_a_deprecation(tmp_path: Path) -> None:
    runner = CliRunner()
    old, new = release_pair(tmp_path / "a")
    removed = runner.invoke(main, ["diff", str(old), str(new), "--fail-on", "removed", "--format", "json"])
    assert removed.exit_code == 1
    assert "the changes include removed" in removed.output
    old, new = release_pair(tmp_path / "b", deprecate=True)
    deprecated = runner.invoke(main, ["diff", str(old), str(new), "--fail-on", "removed"])
    assert deprecated.exit_code == 0, deprecated.output
    assert "1 deprecated" in deprecated.output and "replaced by <https://example.org/mini/term/transformer>" in \
        deprecated.output
    bad = runner.invoke(main, ["diff", str(old), str(new), "--fail-on", "vanished"])
    assert bad.exit_code == 2
    with pytest.raises(UsageError):
        failing(diff(str(old), str(old)), ("vanished",))


def test_dumps_and_formats_agree_with_content(tmp_path: Path) -> None:
    old, new = release_pair(tmp_path)
    runner = CliRunner()
    for side in ("old", "new"):
        result = runner.invoke(main, ["export", "--content", str(tmp_path / side), "--format", "ntriples", "-o",
                                      str(tmp_path / f"{side}.nt")])
        assert result.exit_code == 0, result.output
        result = runner.invoke(main, ["export", "--content", str(tmp_path / side), "--format", "turtle", "-o",
                                      str(tmp_path / f"{side}.ttl")])
        assert result.exit_code == 0, result.output
    expected = to_text(diff(str(old), str(new)))
    assert to_text(diff(str(tmp_path / "old.nt"), str(tmp_path / "new.ttl"))) == expected
    md = runner.invoke(main, ["diff", str(tmp_path / "old.nt"), str(tmp_path / "new.nt"), "--format", "markdown"])
    assert md.exit_code == 0 and md.output == (EXPECTED / "changes.md").read_text(encoding="utf-8")


def test_git_revision(tmp_path: Path) -> None:
    old, new = release_pair(tmp_path)
    repo = tmp_path / "repo"
    shutil.copytree(old, repo / "content")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "content"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "v1"], check=True)
    shutil.rmtree(repo / "content")
    shutil.copytree(new, repo / "content")
    import os
    here = os.getcwd()
    os.chdir(repo)
    try:
        log = diff("git:HEAD", "content")
    finally:
        os.chdir(here)
    assert to_text(log) == (EXPECTED / "changes.txt").read_text(encoding="utf-8")
