"""Versioned schema of the database: one module per change, applied in name order.

Each module registers one function on `migrations` (sqlite-utils Migrations,
which records what ran in `_sqlite_migrations`). To change the schema, add a
module `mNNN_what.py` with the next free number and import it below; never edit
one that has shipped, since databases out there already ran it.
"""
from __future__ import annotations

from sqlite_utils.migrations import Migrations

migrations = Migrations("annotate")

# Registration order is application order.
from annotate.store.migrations import m001_initial, m002_span_counts_index  # noqa: E402,F401
from annotate.store.migrations import m003_span_provenance  # noqa: E402,F401
from annotate.store.migrations import m006_learned_facts  # noqa: E402,F401
from annotate.store.migrations import m007_users  # noqa: E402,F401
