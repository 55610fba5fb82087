"""Data in and out: ingest, export, import, evaluation against gold, database statistics."""
