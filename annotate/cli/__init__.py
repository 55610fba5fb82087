"""The `annotate` command: thin wrappers over the library, one-line errors.

A bare `annotate` opens the review app on the default database (ingesting the
bundled samples first when it is empty). Each command group lives in its own
module and calls annotate.api (or the services) rather than repeating their
logic; heavy imports stay inside the commands so `annotate --help` is fast.
Unix conventions (unknown commands, `-o -`, closed pipes, exit codes) are in
conventions.py; shell completion is click's (`_ANNOTATE_COMPLETE=bash_source annotate`).
"""
from __future__ import annotations

import click

from annotate.cli import app, entities, exchange, ingest, maintenance, quality, resuggest, serve, team, users
from annotate.cli.conventions import WorkbenchGroup


@click.group(cls=WorkbenchGroup, default="review", default_if_no_args=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vn-entity-workbench")
def main() -> None:
    """Curate entity-annotated Vietnamese news: officials, localities, figures."""


for _module in (app, ingest, exchange, quality, team, maintenance, serve, users, resuggest, entities):
    for _command in _module.COMMANDS:
        main.add_command(_command)

if __name__ == "__main__":
    main()
