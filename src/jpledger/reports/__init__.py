"""Printable reports an officer signs and files: the statement and the audit as A4 PDFs (spec 12)."""
