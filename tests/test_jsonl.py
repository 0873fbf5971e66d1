"""The retrieval export (issue 17): `termgraph export --format jsonl` and glossary.jsonl in the build's dumps."""
from __future__ import annotations

import json
import os
import subprocess
from functools import cache

import pytest
from agents_support import ROOT, TERMGRAPH, built_dist
from conftest import MINI

from termgraph.content.reader import Content, load_content
from termgraph.dumps.jsonl import plain_text, records, split_text, to_bytes


@cache
def content() -> Content:
    return load_content(ROOT / "content")


def lines() -> list[dict]:
    return [json.loads(line) for line in (built_dist() / "glossary.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_line_parses_and_every_term_is_there_once_per_language():
    found = lines()
    firsts = [(r["slug"], r["language"]) for r in found if r["chunk"] == 1]
    expected = {(t.slug, lang) for t in content().terms for lang in t.labels}
    assert len(firsts) == len(set(firsts)) == len(expected)
    assert set(firsts) == expected and len({slug for slug, _ in firsts}) == len(content().terms)
    assert len({r["id"] for r in found}) == len(found)
    for r in found:
        assert r["iri"] == f"https://termgraph.org/glossary/term/{r['slug']}"
        assert r["label"] and r["definition"] and r["text"].startswith(r["label"])
        assert all(x["iri"].startswith("https://termgraph.org/glossary/term/") and x["label"] for x in r["related"])


def test_fields_of_one_term():
    rag = next(r for r in lines() if r["slug"] == "retrieval-augmented-generation")
    assert rag["category"]["slug"] == "agents-and-tools" and rag["category"]["label"] == "Agents & Tools"
    assert "RAG" in rag["aliases"]
    assert rag["faq"] and all(f["question"] and f["answer"] for f in rag["faq"])
    assert rag["sources"] and all(s["url"].startswith("http") for s in rag["sources"])
    assert "**" not in rag["explanation"] and "](" not in rag["explanation"]  # plain text, not Markdown
    assert rag["modified"] and len(rag["modified"]) == 10
    assert "Related terms: " in rag["text"]
    compared = [r for r in lines() if r["comparisons"]]
    assert compared and all(len(c["terms"]) >= 2 for r in compared for c in r["comparisons"])


@pytest.mark.parametrize("max_chars", [200, 700, 1500])
def test_chunks_respect_max_chars_and_keep_the_iri(max_chars):
    chunked = list(records(content(), max_chars))
    by_term: dict[tuple[str, str], list[dict]] = {}
    for r in chunked:
        assert len(r["text"]) <= max_chars
        by_term.setdefault((r["iri"], r["language"]), []).append(r)
    assert len({iri for iri, _ in by_term}) == len(content().terms)
    for parts in by_term.values():
        assert [p["chunk"] for p in parts] == list(range(1, len(parts) + 1))
        assert all(p["chunks"] == len(parts) for p in parts)
    assert max(len(p) for p in by_term.values()) > 1  # 200 characters split every term


def test_split_text_cuts_long_words_and_sentences():
    text = "Label\n\n" + "x" * 1000 + " " + "A sentence. " * 100
    parts = split_text(text, 200, "Label")
    assert all(len(p) <= 200 for p in parts) and all(p.startswith("Label") for p in parts)
    assert "".join(p.replace("Label (continued)\n\n", "") for p in parts).count("x") == 1000


def test_plain_text_of_markdown():
    assert plain_text("A **b** [c](http://x) `d`.\n\n- e\n- f\n\nG") == "A b c d.\n\n- e\n- f\n\nG"


def test_export_is_byte_stable_and_the_same_as_the_build_dump(tmp_path):
    out = tmp_path / "g.jsonl"
    env = {**os.environ, "PYTHONHASHSEED": "977"}
    subprocess.run([*TERMGRAPH, "export", "--content", str(ROOT / "content"), "--format", "jsonl", "-o", str(out)],
                   check=True, env=env, timeout=300, capture_output=True)
    assert out.read_bytes() == (built_dist() / "glossary.jsonl").read_bytes() == to_bytes(content())


def test_translations_give_a_line_per_language():
    mini = load_content(MINI)
    got = [(r["slug"], r["language"]) for r in records(mini)]
    assert got == sorted(set(got), key=got.index) and len(got) == len(set(got))
    assert {lang for _, lang in got} > {"en"}, "the mini glossary has translations"
    assert got.index(("neural-network", "en")) < max(i for i, g in enumerate(got) if g[0] == "neural-network")


def test_cli_refuses_a_tiny_max_chars_and_names_jsonl():
    run = subprocess.run([*TERMGRAPH, "export", "--content", str(MINI), "--format", "jsonl", "--max-chars", "10"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "--max-chars" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([*TERMGRAPH, "export", "--content", str(MINI), "--format", "nope"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "jsonl" in run.stderr


def test_llms_txt_and_llms_full_txt():
    from termgraph.sparql.store import EmbeddedStore
    from termgraph.web.llms import site_files
    from termgraph.web.site import load_for_site

    pages = load_for_site(EmbeddedStore.from_file(built_dist() / "glossary.nt").backend)
    files = dict(site_files(pages, "https://example.org/g/"))
    small, full = files["llms.txt"].decode(), files["llms-full.txt"].decode()
    assert small.startswith("# AI & Machine Learning Glossary\n\n> ")
    assert "## Agents & Tools" in small
    terms = len(content().terms)
    assert small.count("](https://example.org/g/term/") == terms
    assert full.count("\nIRI: <https://termgraph.org/glossary/term/") == terms
    assert files == dict(site_files(pages, "https://example.org/g/"))  # stable
