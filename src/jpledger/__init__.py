"""jpledger: a ledger of ASN competency-development hours (JP)."""

__version__ = "0.1.0"
