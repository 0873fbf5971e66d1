"""The on-disk store a build leaves (termgraph.snapshot): used by queries while the content is unchanged."""
from __future__ import annotations

import os

import pytest

from termgraph import build, snapshot
from termgraph.dumps.dataset import build_dumps
from termgraph.errors import NotConforming
from termgraph.sparql.store import EmbeddedStore, open_store


def test_a_build_leaves_a_store_that_queries_open_until_the_content_changes(mini_copy, tmp_path):
    assert snapshot.open_current(mini_copy) is None
    release = build_dumps(mini_copy, tmp_path / "dist")
    saved = snapshot.open_current(mini_copy)
    assert saved is not None and len(saved) == release.triples
    store = open_store(content=mini_copy)
    assert isinstance(store, EmbeddedStore) and len(store) == release.triples
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert store.query(count) == EmbeddedStore(build(mini_copy).store).query(count)

    term = mini_copy / "terms" / "transformer.md"
    stat = term.stat()
    os.utime(term, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert snapshot.open_current(mini_copy) is None, "an edited file makes the saved store stale"


def test_a_failing_build_keeps_the_last_good_store(mini_copy, tmp_path):
    build_dumps(mini_copy, tmp_path / "dist")
    before = snapshot.fingerprint(mini_copy)
    term = mini_copy / "terms" / "transformer.md"
    term.write_text(term.read_text().replace("related: [deep-learning]", "related: [transformer]"))
    with pytest.raises(NotConforming):
        build_dumps(mini_copy, tmp_path / "dist")
    assert (snapshot.location(mini_copy) / snapshot.FINGERPRINT).read_text() == before
    assert snapshot.open_current(mini_copy) is None


def test_a_large_dump_saves_the_store_after_validation(mini_copy, tmp_path, monkeypatch):
    """Above OVERLAP_BYTES the on-disk store is loaded once the embedded store is gone (memory), same result."""
    from termgraph.dumps import dataset

    monkeypatch.setattr(dataset, "OVERLAP_BYTES", 0)
    release = build_dumps(mini_copy, tmp_path / "dist")
    saved = snapshot.open_current(mini_copy)
    assert saved is not None and len(saved) == release.triples
