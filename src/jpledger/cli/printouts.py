"""The options that turn `statement` and `audit` into a PDF to sign (spec 12): --pdf, --signer, --signer-nip."""


from typing import Annotated

import typer

from jpledger.i18n import N_

PdfOption = Annotated[str | None, typer.Option("--pdf", metavar="FILE.pdf", show_default=False,
                                               help=N_("Write the report as an A4 PDF to sign and file."))]
SignerOption = Annotated[str | None, typer.Option("--signer", show_default=False,
                                                  help=N_("The name in the PDF's signature block."))]
SignerNipOption = Annotated[str | None, typer.Option("--signer-nip", show_default=False,
                                                     help=N_("The signer's NIP (their name and position come from "
                                                             "the ledger when they are in it)."))]
PdfForceOption = Annotated[bool, typer.Option("--force", help=N_("Replace the PDF if it exists."))]


def prepare(ctx: typer.Context, pdf: str, force: bool, signer: str | None, signer_nip: str | None):
    """The PDF's path and signer, checked before any figure is counted."""
    from jpledger.app.printouts import signer_of
    from jpledger.cli.common import parse_nip, runtime
    from jpledger.reports.pdf import pdf_path

    path = pdf_path(pdf, force)
    nip = parse_nip(signer_nip, "--signer-nip") if signer_nip is not None else None
    return path, signer_of(runtime(ctx), signer, nip)


def wrote(ctx: typer.Context, path, pages: int) -> None:
    from jpledger.cli.common import say

    say(ctx, "PDF_WRITTEN", file=path, count=pages)
