"""Every command and option explains itself in --help (as sqlite-utils' tests/test_docs.py checks its CLI)."""
from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from annotate.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name):
    command = main.commands[name]
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and " ".join(command.help.split()) in " ".join(result.output.split())
    undocumented = [p.name for p in command.params if isinstance(p, click.Option) and not p.help]
    assert undocumented == []


def test_short_h_works_everywhere():
    overview = CliRunner().invoke(main, ["-h"])
    assert overview.exit_code == 0 and "Commands:" in overview.output
    assert all(name in overview.output for name in COMMANDS)
    assert CliRunner().invoke(main, ["export", "-h"]).output == CliRunner().invoke(main, ["export", "--help"]).output


def test_help_loads_no_heavy_module():
    """`annotate --help` stays instant: the app, the model and the fuzzy matcher load inside commands."""
    code = (
        "import sys\n"
        "from annotate.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('textual', 'tui', 'underthesea', 'rapidfuzz', 'numpy')\n"
        "print('loaded:', ','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "loaded: "
