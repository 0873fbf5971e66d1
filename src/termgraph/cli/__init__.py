"""The `termgraph` command: a thin layer over the library. The only module that prints or exits."""
from __future__ import annotations

import os
import sys
import traceback
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from termgraph import __version__
from termgraph.dumps.files import atomic_write
from termgraph.errors import ContentError, NotConforming, TermgraphError

# Each command's module is imported only when that command runs: `termgraph build` never loads the query
# engine or the publishing client, and start-up stays short.
COMMANDS = {"build": "core", "validate": "core", "export": "core", "stats": "core", "new": "core",
            "check": "check", "query": "query", "queries": "query", "publish": "publish",
            "serve": "serve", "site": "site", "import": "importing", "diff": "diff", "mcp": "mcp"}


INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug in termgraph, never the user's doing


class _Group(click.Group):
    """Loads commands on demand; turns the library's errors into a message on stderr and the documented exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        loaded = import_module(f"termgraph.cli.{module}")
        command: click.Command = getattr(loaded, name, None) or getattr(loaded, name + "_")  # `import_`: a keyword
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NotConforming as exc:
            for finding in exc.report.findings:
                click.echo(str(finding), err=True)
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except ContentError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except TermgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except OSError as exc:  # a file or folder the user named cannot be read or written
            where = f" {exc.filename}" if exc.filename else ""
            click.echo(f"error: cannot use{where}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001  (a bug: one clear line; the traceback only with --debug)
            _internal_error(exc, bool(ctx.params.get("debug")))

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Also outside a command (loading one, --help): an unexpected exception is exit 70, not a traceback."""
        try:
            return super().main(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            argv = kwargs.get("args") if kwargs.get("args") is not None else (args[0] if args else sys.argv[1:])
            _internal_error(exc, "--debug" in list(argv or ()) or bool(os.environ.get("TERMGRAPH_DEBUG")))


def _internal_error(exc: BaseException, debug: bool) -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    click.echo(f"error: internal error ({type(exc).__name__}: {exc}); this is a bug in termgraph, please report it"
               + ("" if debug else " with the traceback that `termgraph --debug ...` shows"), err=True)
    sys.exit(INTERNAL_ERROR)


def progress_printer(enabled: bool | None = None) -> Any:
    """Progress lines on a terminal's stderr; silence when piped or redirected."""
    show = sys.stderr.isatty() if enabled is None else enabled
    return (lambda step: click.echo(f"… {step}", err=True)) if show else (lambda step: None)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="termgraph")
@click.option("--debug", is_flag=True, envvar="TERMGRAPH_DEBUG",
              help="On an internal error, show the traceback (to attach to a bug report).")
def main(debug: bool) -> None:
    """termgraph: an AI/ML glossary as a validated SKOS knowledge graph.

    \b
    Exit codes: 0 success; 1 the glossary does not conform; 2 usage or input error;
    3 an outside system failed; 70 an internal error (a bug: please report it).
    """


def write_output(data: bytes, output: str) -> None:
    """Bytes to stdout for "-", else to a file that appears whole or not at all."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    with atomic_write(Path(output)) as tmp:
        tmp.write_bytes(data)


content_option = click.option("--content", "content_dir", default="content", show_default=True,
                              type=click.Path(file_okay=False), help="The content directory.")

