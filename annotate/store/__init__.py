"""SQLite storage: one embedded database file, WAL, versioned schema, and the only place that runs SQL.

One module per job: database (open, transactions), migrations, articles,
layers (each annotator's spans), reviews (who got how far), queue (a page of
an annotator's queue), history (the decision log and undo), stats (counts) and
transfer (merge's copy between files), users (who may open the served app)
and presence (who is working where). They hand back models.py records or
plain values, never rows.
"""
from annotate.store.database import GOLD, MACHINE, default_db_path, open_database, write_transaction

__all__ = ["GOLD", "MACHINE", "default_db_path", "open_database", "write_transaction"]
