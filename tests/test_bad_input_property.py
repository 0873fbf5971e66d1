"""Issue 15, property-based: random mutations of real term files (deleted or duplicated lines, changed
indentation, random bytes, BOMs, CRLF, huge values, odd Unicode) each end in a build or a located exit-1/exit-2
message: never a traceback, never an internal error, never a changed dist/. Fixed seed, bounded examples."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from conftest import MINI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from termgraph.cli import main
from termgraph.content.reader import load_content
from termgraph.errors import ContentError

TERMS = sorted(p.name for p in (MINI / "terms").glob("*.md"))
ODD = ["\u0000", "\u200b", "\u202e", "\u2028", "\ufeff", "\U0001f9e0", "\u0301", "\x1b[31m", "\\", '"', "<>", "'",
       "\t", "\r", ": ", "- ", "&a ", "*a", "!!python/object:os.system ", "{", "[", "%", "@", "`", "|", ">"]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    """A term file of the mini glossary, changed in one to three random ways."""
    name = draw(st.sampled_from(TERMS))
    data = (MINI / "terms" / name).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "tab", "bytes", "bom", "crlf",
                                     "huge", "odd", "truncate"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "indent":
            lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
        elif kind == "dedent":
            lines[i] = lines[i].lstrip(b" ")
        elif kind == "tab":
            lines[i] = b"\t" + lines[i]
        elif kind == "bytes":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.binary(min_size=1, max_size=8)) + lines[i][at:]
        elif kind == "bom":
            lines[0] = b"\xef\xbb\xbf" + lines[0]
        elif kind == "crlf":
            lines = [line + b"\r" for line in lines]
        elif kind == "huge":
            key, sep, _ = lines[i].partition(b":")
            lines[i] = key + (sep or b":") + b" " + b"x" * draw(st.sampled_from([10_000, 200_000]))
        elif kind == "odd":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(ODD)).encode("utf-8", "surrogatepass") + lines[i][at:]
        else:
            lines = lines[:i]
        data = b"\n".join(lines)
    return name, data


def _copy() -> Path:
    root = Path(tempfile.mkdtemp(prefix="termgraph-mutation-"))
    shutil.copytree(MINI, root / "content")
    return root


@settings(derandomize=True, max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutations())
def test_the_loader_reads_a_mutated_file_or_names_where_it_is_wrong(mutation: tuple[str, bytes]) -> None:
    name, data = mutation
    root = _copy()
    try:
        path = root / "content" / "terms" / name
        path.write_bytes(data)
        try:
            load_content(root / "content")
        except ContentError as exc:
            assert exc.problems and all(p.origin is not None and p.origin.path == path for p in exc.problems), exc
            lines = len(data.decode("utf-8", "replace").splitlines())  # a lone CR ends a line too, as in YAML
            assert all(p.origin.line <= lines + 2 for p in exc.problems if p.origin), exc
    finally:
        shutil.rmtree(root)


@settings(derandomize=True, max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutations())
def test_a_build_of_a_mutated_file_conforms_or_fails_located_and_leaves_dist(mutation: tuple[str, bytes]) -> None:
    name, data = mutation
    root = _copy()
    try:
        dist = root / "dist"
        dist.mkdir()
        (dist / "glossary.ttl").write_bytes(b"# an earlier build\n")
        path = root / "content" / "terms" / name
        path.write_bytes(data)
        result = CliRunner().invoke(main, ["build", "--content", str(root / "content"), "--out", str(dist),
                                           "--no-cache"])
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output and "internal error" not in result.output, result.output
        if result.exit_code:
            assert f"{path}" in result.stderr, result.stderr
            assert sorted(p.name for p in dist.iterdir()) == ["glossary.ttl"]
            assert (dist / "glossary.ttl").read_bytes() == b"# an earlier build\n"
    finally:
        shutil.rmtree(root)
