"""YAML reading with the C loader when present, since the data files are large."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).with_name("data")


def load_yaml(path: str | Path) -> Any:
    """Parse one YAML file as plain data (safe loader only)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)
