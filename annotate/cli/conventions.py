"""How the `annotate` command behaves as a Unix tool, in one place.

A bare `annotate` (or only options) opens the review app; a word that is no
command is a usage error naming it and the closest command, instead of being
passed to `review` as an argument. A reader that closes the pipe early
(`annotate export | head`) ends the command quietly with status 0, as `cat`
does. Usage errors exit 2, bad input 1. `-o -` means standard output.
Shell completion is click's (`_ANNOTATE_COMPLETE=bash_source annotate`);
while completing, the bare command completes command names instead of
resolving to `review`.
"""
from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import Any

import click
from click_default_group import DefaultGroup

STDOUT = "-"


def unknown_command(ctx: click.Context, group: click.Group, cmd_name: str) -> None:
    """Fail with `no such command 'X'` and the closest command (or the list): a usage error, exit 2."""
    closest = difflib.get_close_matches(cmd_name, list(group.commands), n=1, cutoff=0.5)
    hint = f" (did you mean '{closest[0]}'?)" if closest else f" (commands: {', '.join(sorted(group.commands))})"
    ctx.fail(f"no such command '{cmd_name}'{hint}")


class SuggestingGroup(click.Group):
    """A command group (`annotate users`) whose unknown subcommands are named with the closest one."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and not ctx.resilient_parsing:
            unknown_command(ctx, self, cmd_name)
        return super().get_command(ctx, cmd_name)


class WorkbenchGroup(DefaultGroup):
    """DefaultGroup that refuses unknown commands and treats a closed pipe as a normal end."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.resilient_parsing and not args:  # shell completion: complete command names, do not open review
            return click.Group.parse_args(self, ctx, args)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and not cmd_name.startswith("-"):
            unknown_command(ctx, self, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            silence_stdout()
            ctx.exit(0)


def silence_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's final flush into the closed pipe says nothing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
        except (AttributeError, OSError, ValueError):
            pass  # not a real file (a test runner's buffer): nothing will be flushed into a pipe


def output_path(value: Path | str | None) -> Path | None:
    """An -o value as a path, or None for standard output (`-o -` or no -o)."""
    if value is None or str(value) == STDOUT:
        return None
    return Path(value)


output_type = click.Path(path_type=Path, allow_dash=True)
