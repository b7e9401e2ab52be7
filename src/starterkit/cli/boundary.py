"""The one place where a command's errors become output: click's usage errors, library
errors (StarterkitError) and Ctrl-C each end as one `error:` line on standard error and an
exit code, never a traceback.

Exit codes: 0 done; 1 done with problems found (`check` found spec problems, some rows
of a batch failed, or `analyze` found a flag at or above --fail-on); 2 usage error or input
that cannot be used (for `analyze`: any file that could not be read); 130 interrupted.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import click

from starterkit.cli.terminal import say
from starterkit.errors import StarterkitError, UsageProblem

EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
#: Stopped with Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: click >= 8.2 raises this for a group called with nothing; it prints the help.
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())
#: Other spellings of a command; they work but are not listed.
ALIASES = {"analyse": "analyze"}


@contextlib.contextmanager
def _one_line_errors(ctx: click.Context | None = None) -> Iterator[None]:
    """The one place where errors end a command: click's usage errors (which click prints as
    a usage block, a hint and the message), library errors and Ctrl-C each become one
    `error:` line on standard error and an exit code, never a traceback."""
    writes_before = _writes_begun()
    try:
        yield
    except click.UsageError as exc:
        if isinstance(exc, NO_ARGS_IS_HELP):
            raise  # `starterkit` alone shows the help, as before
        path = exc.ctx.command_path if exc.ctx else "starterkit"
        _fail(_with_help(exc.format_message(), path), exc.exit_code)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except UsageProblem as exc:
        command = ctx.invoked_subcommand if ctx else None
        path = f"{ctx.command_path} {command}" if ctx and command else "starterkit"
        _fail(_with_help(str(exc), path), EXIT_BAD_INPUT)
    except StarterkitError as exc:
        _fail(str(exc), EXIT_BAD_INPUT)
    except (KeyboardInterrupt, click.Abort):
        # Outputs are written whole or not at all, so only what was begun can be there.
        if _writes_begun() == writes_before:
            _fail("interrupted — nothing was written", EXIT_INTERRUPTED)
        _fail(
            "interrupted — the files written before it stopped are whole; none is half-written",
            EXIT_INTERRUPTED,
        )


def _with_help(message: str, command_path: str) -> str:
    """A usage problem on one line, lower-case like every error line, naming the help."""
    message = " ".join(message.split("\n")).strip().removesuffix(".")
    return f"{message[:1].lower()}{message[1:]} — see '{command_path} --help'"


def _fail(message: str, exit_code: int) -> None:
    say(f"error: {message}")
    sys.exit(exit_code)


def _writes_begun() -> int:
    # Read without importing: a command that never loaded the writer wrote nothing, and
    # importing it for every command would slow start-up.
    atomic = sys.modules.get("starterkit.files.atomic")
    return atomic.writes_begun() if atomic else 0


class Starterkit(click.Group):
    """The command group: one-line errors, and `analyse` for `analyze` (not listed)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, ALIASES.get(cmd_name, cmd_name))

    def make_context(self, info_name: str | None, args: list[str], parent=None, **extra):
        # The group's own options are parsed here (`starterkit --bogus`).
        with _one_line_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        # The command name, the command's options and arguments, and the command itself.
        with _one_line_errors(ctx):
            return super().invoke(ctx)
