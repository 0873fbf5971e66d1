"""The README's two commands are the ones CI runs, and every CLI command documents itself with an example."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from conftest import ROOT

from termgraph.cli import COMMANDS, main


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv[^\n]+)\n```", text)


def test_readme_has_the_run_and_test_commands():
    run, test = readme_commands()
    assert run.endswith("termgraph build")
    assert test.endswith("pytest")


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in readme_commands():
        assert command in ci.splitlines(), f"CI does not run: {command}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and f"termgraph {command}" in result.output
