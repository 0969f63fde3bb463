"""The store's front door as the rest of jpledger imports it: opening a ledger, its transactions and trail, and
its schema version (the work is done in engine.py, transactions.py and schema.py)."""

from __future__ import annotations

from jpledger.store.engine import (
    backup_sqlite,
    is_url,
    ledger_exists,
    open_ledger,
    resolve_location,
    safe_url,
)
from jpledger.store.schema import read_schema_version, schema_version
from jpledger.store.transactions import Ledger, actor, now, trail

__all__ = ["Ledger", "actor", "backup_sqlite", "is_url",
           "ledger_exists", "now", "open_ledger", "read_schema_version", "resolve_location", "safe_url",
           "schema_version", "trail"]
