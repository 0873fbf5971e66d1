"""termgraph import: every SKOS construct survives import then build, and importing the build gives the same files."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from import_support import files, missing_from

from termgraph import pipeline
from termgraph.cli import main
from termgraph.content.reader import Content, load_content
from termgraph.dumps.dataset import Release, build_dumps
from termgraph.errors import UsageError
from termgraph.importing import import_vocabulary, read_triples

DATA = Path(__file__).parent / "data" / "import"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "vocabularies"
UNESCO = SHARED / "unesco-thesaurus" / "unescothes.ttl"
STW = SHARED / "stw-economics" / "stw-skos.ttl"


def round_trip(vocabulary: Path | list[Path], tmp_path: Path) -> tuple[Release, Content, float, float]:
    """Import and build; check that the build holds every triple and that importing its N-Triples dump gives the
    same files. Returns the build and the import and build times."""
    sources = vocabulary if isinstance(vocabulary, list) else [vocabulary]
    out, dist = tmp_path / "content", tmp_path / "dist"
    started = time.perf_counter()
    import_vocabulary(sources, out)
    imported = time.perf_counter()
    release = build_dumps(out, dist, cache=False)
    finished = time.perf_counter()
    missing, isomorphic = missing_from(sources, read_triples([dist / "glossary.nt"]))
    assert not missing, sorted(missing)[:10]
    assert isomorphic, "the blank-node structures differ"
    import_vocabulary([dist / "glossary.nt"], tmp_path / "again")
    assert files(tmp_path / "again") == files(out)
    return release, load_content(out), imported - started, finished - imported


CONSTRUCTS = sorted(DATA.glob("*.ttl")) + sorted(DATA.glob("*.rdf")) + sorted(DATA.glob("*.jsonld")) + sorted(
    DATA.glob("*.nt"))


@pytest.mark.parametrize("vocabulary", CONSTRUCTS, ids=lambda p: p.name)
def test_each_construct_round_trips(vocabulary: Path, tmp_path: Path) -> None:
    round_trip(vocabulary, tmp_path)


def test_fields_hold_what_skos_has(tmp_path: Path) -> None:
    result = import_vocabulary([DATA / "constructs.ttl"], tmp_path / "c")
    content = load_content(tmp_path / "c")
    g = content.glossary
    assert (g.profile, g.scheme_iri, g.base_iri) == ("skos", "http://example.org/voc/scheme", "http://example.org/voc/")
    assert g.title == {"en": "Example vocabulary", "fr": "Vocabulaire d'exemple"}
    animals, cats, dogs, wolves = (content.term(s) for s in ("animals", "cats", "dogs", "wolves"))
    assert animals and cats and dogs and wolves
    assert animals.iri == "http://example.org/voc/Animals"
    assert animals.labels == {"en": "Animals", "fr": "Animaux", "de": "Tiere"}
    assert animals.aliases == {"en": ("Beasts", "Fauna")}
    assert animals.lists == {"hidden_labels": {"en": ("Animls",)}, "notes": {"en": ("A general note.",)},
                             "scope_notes": {"en": ("Use for the kingdom as a whole.",), "fr": ("Pour le règne entier.",)},
                             "history_notes": {"en": ("Added in 1999.",)},
                             "editorial_notes": {"en": ("Check the German label.",)},
                             "change_notes": {"en": ("Definition reworded in 2010.",)},
                             "examples": {"fr": ("Chats",)}}
    assert animals.notations == ("A1",)
    assert animals.exact_matches == ("http://www.wikidata.org/entity/Q729",)
    assert cats.broader == ("animals",) and cats.related == ("dogs",)
    assert cats.matches == {"broad": ("http://example.com/other/Mammals",),
                            "narrow": ("http://example.com/other/Kittens",),
                            "related": ("http://example.com/other/Pets",)}
    assert wolves.deprecated and wolves.replaced_by == "dogs"
    assert dogs.definitions["en"] == 'Two\nlines with "quotes" and a tab\there.'
    # what no field holds is kept as extra triples of its term
    kept = {(p, o) for _, p, o in cats.extra}
    assert cats.labels == {"en": "Cats", "fr": "Chats", "la-x-bio": "Felines"}  # (a private-use tag)
    assert ("http://www.w3.org/2000/01/rdf-schema#seeAlso", "http://example.com/cats") in kept
    sizes = next(c for c in g.collections if c.slug == "sizes")
    assert sizes.ordered and sizes.members == ("dogs", "cats", "wolves")
    messages = [p.message for p in result.problems]
    assert any("<http://example.org/elsewhere/Pets>" in m and "does not describe" in m for m in messages)


def test_two_labels_in_a_language_are_reported_kept_and_refused(tmp_path: Path) -> None:
    source = tmp_path / "v.ttl"
    source.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/v/cat> a skos:Concept ; skos:prefLabel "Cat"@en, "Feline"@en .
""", encoding="utf-8")
    result = import_vocabulary([source], tmp_path / "c")
    assert [p.message for p in result.problems] == [
        ("<http://example.org/v/cat> has 2 skos:prefLabel in 'en': 'Cat' is its label, the others are kept as extra "
         "triples")]
    checked = pipeline.check(tmp_path / "c")
    assert not missing_from(source, checked.statements)[0]
    assert [f.message for f in checked.report.findings if f.severity == "violation"] == [
        "The concept has two preferred labels in one language (SKOS S14): keep one, move the other to `aliases:`."]


def test_slugs_are_stable_and_collisions_numbered(tmp_path: Path) -> None:
    source = tmp_path / "v.ttl"
    source.write_text("""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/v/A_b> a skos:Concept ; skos:prefLabel "one"@en .
<http://example.org/v/a-b> a skos:Concept ; skos:prefLabel "two"@en .
<http://example.org/v/c> skos:broader <http://example.org/v/a-b> ; skos:prefLabel "untyped"@en .
""", encoding="utf-8")
    import_vocabulary([source], tmp_path / "one")
    import_vocabulary([source], tmp_path / "two")
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert sorted(files(tmp_path / "one")) == ["glossary.yaml", "terms/a-b-2.md", "terms/a-b.md", "terms/c.md"]


def test_scheme_and_language_choice(tmp_path: Path) -> None:
    result = import_vocabulary([DATA / "schemes.ttl"], tmp_path / "c", schemes=["http://example.org/s/two"],
                               languages=["en"])
    content = load_content(tmp_path / "c")
    assert [t.slug for t in content.terms] == ["y", "z"]  # z is in both schemes
    assert content.terms[0].labels == {"en": "Y"}
    assert result.left_out > 0
    with pytest.raises(UsageError, match="no concept scheme"):
        import_vocabulary([DATA / "schemes.ttl"], tmp_path / "d", schemes=["http://example.org/nope"])


def test_cli_import_then_build(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "c"
    result = runner.invoke(main, ["import", str(DATA / "collections.ttl"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported 3 terms and 2 collections" in result.output
    built = runner.invoke(main, ["build", "--content", str(out), "--out", str(tmp_path / "dist"), "--no-cache"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "dist" / "glossary.ttl").is_file()
    bad = runner.invoke(main, ["import", str(DATA / "collections.ttl"), "--out", str(out), "--scheme", "x:y"])
    assert bad.exit_code == 2 and "no concept scheme" in bad.output


needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/vocabularies is not here (a fresh clone)")


@needs_shared
def test_unesco_round_trips(tmp_path: Path) -> None:
    release, content, importing, building = round_trip(UNESCO, tmp_path)
    assert release.report.count("warning") == 1  # its one S13 clash is a warning of the SKOS profile
    assert len(content.terms) == 4408 and len(content.glossary.collections) == 96
    assert {lang for t in content.terms for lang in t.labels} == {"en", "es", "fr", "ru"}
    print(f"UNESCO: import {importing:.1f} s, build {building:.1f} s")


@needs_shared
def test_stw_round_trips_within_budget(tmp_path: Path) -> None:
    _, content, importing, building = round_trip(STW, tmp_path)
    assert {lang for t in content.terms for lang in t.labels} == {"de", "en"}
    assert sum(t.deprecated for t in content.terms) == 1151
    print(f"STW: import {importing:.1f} s, build {building:.1f} s")
    # issue 13's target is 30 s on this machine: met when it is not shared (about 4 s + 12 s); under the load of
    # other jobs wall time doubles, so the test guards against a regression beyond that
    assert importing + building <= 60
