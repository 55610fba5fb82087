"""SQLite storage: one embedded database file, WAL, versioned schema."""
from annotate.store.database import GOLD, MACHINE, default_db_path, open_database, write_transaction

__all__ = ["GOLD", "MACHINE", "default_db_path", "open_database", "write_transaction"]
