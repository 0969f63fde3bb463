"""Evidence files on disk: how a roster's evidence cell is read, which paths are refused, names written out."""

from __future__ import annotations

import pytest

from jpledger.errors import UsageError
from jpledger.evidencefile import EvidenceProblem, max_bytes, out_names, relative_parts, split_cell


def test_a_cell_names_paths_and_links_apart():
    assert split_cell("sertifikat/a.pdf; b.pdf\nc.pdf") == (["sertifikat/a.pdf", "b.pdf", "c.pdf"], [])
    paths, links = split_cell("https://drive.google.com/open?id=1, https://drive.google.com/open?id=2; a.pdf")
    assert paths == ["a.pdf"] and links == ["https://drive.google.com/open?id=1, https://drive.google.com/open?id=2"]
    assert split_cell(" ; ") == ([], [])


@pytest.mark.parametrize("text, parts", [("a.pdf", ["a.pdf"]), ("sertifikat/a.pdf", ["sertifikat", "a.pdf"]),
                                         ("sertifikat\\a.pdf", ["sertifikat", "a.pdf"]),
                                         ("./x//a.pdf", ["x", "a.pdf"])])
def test_a_relative_path_is_read_as_folders_and_a_name(text, parts):
    assert relative_parts(text) == parts


@pytest.mark.parametrize("text, code", [("/etc/passwd", "EVIDENCE_ABSOLUTE"), ("C:\\bukti\\a.pdf", "EVIDENCE_ABSOLUTE"),
                                        ("~/a.pdf", "EVIDENCE_ABSOLUTE"), ("../a.pdf", "EVIDENCE_OUTSIDE"),
                                        ("x/../../a.pdf", "EVIDENCE_OUTSIDE"), ("..\\a.pdf", "EVIDENCE_OUTSIDE")])
def test_a_path_that_leaves_the_rosters_folder_is_refused(text, code):
    with pytest.raises(EvidenceProblem) as caught:
        relative_parts(text)
    assert caught.value.code == code and caught.value.params == {"file": text}


def test_names_written_out_are_plain_and_unique():
    assert out_names(["a.pdf", "A.pdf", "x/../b.pdf", "..", "a.pdf"]) == [
        "a.pdf", "A (2).pdf", "b.pdf", "evidence", "a (3).pdf"]


@pytest.mark.parametrize("value, size", [(None, 20 << 20), ("1", 1 << 20), ("0,5", 1 << 19), ("500", 500 << 20)])
def test_the_limit_is_megabytes_from_the_environment(monkeypatch, value, size):
    if value is None:
        monkeypatch.delenv("JPLEDGER_EVIDENCE_MAX_MB", raising=False)
    else:
        monkeypatch.setenv("JPLEDGER_EVIDENCE_MAX_MB", value)
    assert max_bytes() == size


@pytest.mark.parametrize("value", ["0", "-1", "501", "dua puluh", "nan", "inf"])
def test_a_limit_that_is_no_size_is_refused(monkeypatch, value):
    monkeypatch.setenv("JPLEDGER_EVIDENCE_MAX_MB", value)
    with pytest.raises(UsageError) as caught:
        max_bytes()
    assert caught.value.code == "EVIDENCE_MAX_MB_INVALID"
