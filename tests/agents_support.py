"""The real glossary (content/) built once per test session with `termgraph build`, for the JSONL and
MCP tests (issue 17)."""
from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TERMGRAPH = [sys.executable, "-m", "termgraph"]


@cache
def built_dist() -> Path:
    """dist/ of `termgraph build` on the real content (cleaned up at exit)."""
    tmp = Path(tempfile.mkdtemp(prefix="termgraph-agents-"))
    atexit.register(shutil.rmtree, tmp, True)
    subprocess.run([*TERMGRAPH, "build", "--content", str(ROOT / "content"), "--out", str(tmp / "dist")],
                   check=True, capture_output=True, timeout=300)
    return tmp / "dist"
