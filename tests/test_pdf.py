"""`statement --pdf` and `audit --pdf`: A4 reports to sign and file, read back with a PDF text library."""

from __future__ import annotations

import re

import pytest

from conftest import BUDI, DEWI, EKO, SITI
from jpledger.reports.pdf import BAD, GOOD, WARN

pypdf = pytest.importorskip("pypdf")


def filled_rectangles(page) -> dict[tuple[int, int, int], int]:
    """How many rectangles the page fills in each colour (as 0-255 RGB): a drawn chart's bars."""
    drawn = page.get_contents().get_data()
    number = rb"-?[\d.]+"
    found: dict = {}
    for match in re.finditer(rb"(%s) (%s) (%s) rg\s+%s %s %s %s re f" % ((number,) * 7), drawn):
        colour = tuple(round(float(v) * 255) for v in match.groups())
        found[colour] = found.get(colour, 0) + 1
    return found


def read(path):
    reader = pypdf.PdfReader(str(path))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.fixture
def year(unit):
    unit.ok("record", "training", SITI, BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
            "--end", "12/03/2026", "--jp", "24")
    unit.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3")  # 2 withheld
    unit.ok("record", "training", EKO, "--kind", "B3", "--title", "Kelas Besar", "--start", "10/05/2026",
            "--jp", "30")
    return unit


# --- the statement ----------------------------------------------------------------------------------------------

def test_the_statement_pdf_holds_the_nip_the_total_and_the_state(year, tmp_path):
    path = tmp_path / "dewi.pdf"
    result = year("statement", DEWI, "--year", "2026", "--pdf", path)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {path}: 1 page" in result.stderr
    reader, pages = read(path)
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4
    assert reader.pages[0].mediabox.height == pytest.approx(841.89, abs=0.5)
    text = " ".join(pages[0].split())  # wrapped cells read as one line
    assert DEWI in text and "Dewi Lestari" in text and "Competency development statement 2026" in text
    assert "Total 4.00 JP · target ≥ 20 JP · state: short" in text  # ≥ as itself, from the bundled font
    assert "Still needed: 16.00 JP" in text and "monthly cap withheld 2.00" in text
    assert "22 November 2026" in text  # counted to the pinned today: the year still runs
    assert "year still running, not final" in text


def test_the_statement_pdf_speaks_the_interface_language(year, tmp_path):
    path = tmp_path / "dewi.pdf"
    year.ok("--lang", "id", "statement", DEWI, "--year", "2026", "--pdf", path)
    text = read(path)[1][0]
    assert "Transkrip pengembangan kompetensi 2026" in text
    assert "Jumlah 4,00 JP · target ≥ 20 JP · keadaan: kurang" in text  # decimal comma in Indonesian


def test_a_signer_adds_the_signature_block_with_their_position_from_the_ledger(year, tmp_path):
    year.ok("staff", "update", SITI, "--position", "Kepala Bidang Diklat")
    path = tmp_path / "budi.pdf"
    year.ok("statement", BUDI, "--year", "2026", "--pdf", path, "--signer-nip", SITI)
    text = read(path)[1][-1]
    assert "Siti Rahayu" in text and f"NIP {SITI}" in text and "Kepala Bidang Diklat" in text
    plain = tmp_path / "plain.pdf"
    year.ok("statement", BUDI, "--year", "2026", "--pdf", plain)
    assert "NIP " + SITI not in read(plain)[1][0]  # no signer, no block
    named = tmp_path / "named.pdf"
    year.ok("statement", BUDI, "--year", "2026", "--pdf", named, "--signer", "Dr. Ahmad Fauzi",
            "--signer-nip", "197001011995031001")
    text = read(named)[1][-1]
    assert "Dr. Ahmad Fauzi" in text and "NIP 197001011995031001" in text


def test_pdf_usage_errors_write_nothing(year, tmp_path):
    before = year.snapshot()
    cases = [(["--pdf", tmp_path / "x.txt"], ".pdf"),
             (["--pdf", tmp_path / "x.pdf", "--signer-nip", "197001011995031001"], "--signer"),
             (["--pdf", tmp_path / "x.pdf", "--signer-nip", "123"], "--signer-nip"),
             (["--pdf", tmp_path / "missing" / "x.pdf"], "does not exist")]
    for options, said in cases:
        result = year("statement", BUDI, "--year", "2026", *options)
        assert result.exit_code == 2 and said in result.stderr, (options, result.stderr)
        assert "Traceback" not in result.stderr
    existing = tmp_path / "old.pdf"
    existing.write_bytes(b"signed copy")
    result = year("audit", "--year", "2026", "--pdf", existing)
    assert result.exit_code == 2 and "--force" in result.stderr and existing.read_bytes() == b"signed copy"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".pdf", ".txt")) == ["old.pdf"]
    assert year.snapshot() == before


# --- the audit ----------------------------------------------------------------------------------------------------

def test_the_audit_pdf_has_the_unit_table_the_chart_the_short_list_and_the_findings(year, tmp_path):
    path = tmp_path / "audit.pdf"
    result = year("audit", "--year", "2026", "--pdf", path, "--signer", "Siti Rahayu", "--signer-nip", SITI)
    assert result.exit_code == 1  # Dewi is short and Eko over: the audit's answer, as without --pdf
    reader, pages = read(path)
    text = "\n".join(pages)
    assert "Competency development audit 2026" in text
    assert "4 people counted: 2 met, 1 short, 1 over, 0 ok; compliance 50.0%." in text
    assert "Compliance rate per unit, 2026" in text  # the chart's title, with a bar per unit
    assert "Short of the minimum (1)" in text and DEWI in text and "Over the maximum (1)" in text
    assert "MONTHLY_CAP_WITHHELD" in text  # a finding
    assert "Siti Rahayu" in pages[-1] and f"NIP {SITI}" in pages[-1]
    chart_page = next(page for page, words in zip(reader.pages, pages) if "Compliance rate per unit" in words)
    # Two units: two filled bars in the chart's colours (red below 80%, amber from 80%, green at 100%).
    assert sorted(filled_rectangles(chart_page).get(colour, 0) for colour in (GOOD, WARN, BAD)) == [0, 1, 1]


def test_a_closed_years_audit_pdf_is_its_stored_report_marked_closed(year, tmp_path):
    year.ok("year", "close", "2026", "--reason", "dilaporkan ke BKN")
    # After closing, a later policy would count the year otherwise; the closed year's report does not move.
    policy = tmp_path / "policy.yaml"
    policy.write_text(year.ok("policy", "show").stdout.replace("minutes_per_jp: 45", "minutes_per_jp: 60"),
                      encoding="utf-8")
    year.ok("policy", "use", policy)
    path = tmp_path / "audit.pdf"
    assert year("audit", "--year", "2026", "--pdf", path).exit_code == 1
    text = " ".join(" ".join(read(path)[1]).split())
    assert "year 2026 was closed on" in text and "dilaporkan ke BKN" in text
    assert "4 people counted: 2 met, 1 short, 1 over, 0 ok; compliance 50.0%." in text
    document = year("audit", "--year", "2026", "--format", "json").json()
    assert document["closed"]["reason"] == "dilaporkan ke BKN" and document["summary"]["short"] == 1


def test_the_audit_pdf_lists_at_most_40_people_a_page(cli, tmp_path):
    nips = [f"19900101201501{1}{n:03d}" for n in range(1, 46)]  # 45 PNS, none with any JP: all short
    roster = tmp_path / "roster.csv"
    roster.write_text("NIP,Nama,Unit Kerja\n" + "".join(f"{nip},Pegawai {n},Unit {n % 3}\n"
                                                           for n, nip in enumerate(nips, 1)), encoding="utf-8")
    cli.ok("import", roster)
    path = tmp_path / "audit.pdf"
    assert cli("audit", "--year", "2026", "--pdf", path).exit_code == 1
    _, pages = read(path)
    per_page = [sum(nip in page for nip in nips) for page in pages]
    assert sum(per_page) == 45 and max(per_page) <= 40
    listing = [count for count in per_page if count]
    assert len(listing) == 2  # one page per 40 people or fewer
    assert all("NIP" in page for page, count in zip(pages, per_page) if count)  # the heading repeats


def test_a_signature_pushed_to_a_page_of_its_own_says_which_report_it_closes(tmp_path):
    from datetime import date

    from jpledger.reports.pdf import Report, Signer

    report = Report("Audit pengembangan kompetensi 2026", ["Tahun 2026"], "Dibuat 1 Desember 2026")
    report.add_page()
    report.set_y(report.h - report.b_margin - 30)  # a full page: no room left for the signature block
    report.signature(Signer("Kepala BKPSDM", "197005121995031002"), date(2026, 12, 1))
    path = tmp_path / "tanda-tangan.pdf"
    assert report.save(path) == 2
    last = " ".join(read(path)[1][-1].split())
    assert "This page closes the report above: Audit pengembangan kompetensi 2026." in last
    assert "Kepala BKPSDM" in last and "NIP 197005121995031002" in last
