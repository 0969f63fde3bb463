"""The README's tour and the Indonesian guide are real: every console example prints what the document says."""

from __future__ import annotations

import pytest

from doc_console import DOCUMENTS, run_document


@pytest.mark.parametrize("document", [d for d in DOCUMENTS if d.exists()], ids=lambda d: d.name)
def test_every_console_example_prints_what_the_document_says(document):
    problems = run_document(document)
    assert not problems, ("a console example no longer prints what the document shows; run "
                          "`make docs` and read the change:\n\n" + "\n\n".join(problems[:3]))
