"""Allow `python -m jpledger`."""

from jpledger.cli import main

main()
