"""Core library of the Vietnamese news entity workbench (no UI imports here)."""

__version__ = "0.1.0"
