"""Click commands kept out of cli.py, each group registered onto the main group."""
from annotate.commands.team import register

__all__ = ["register"]
