"""Allow `python -m jpledger`."""

from jpledger.cli import run

run()
