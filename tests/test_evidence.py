"""Evidence and verification (issue 13, spec 9): certificates kept inside the ledger and handed back byte for byte,
stored once, checked by `check`; entries verified or rejected, and what a policy that counts only verified entries
makes of them; the audit's findings and the entries awaiting verification."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest

from conftest import BUDI, DEWI, SITI, Cli
from test_import import write_roster

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def certificate(folder: Path, name: str = "sertifikat.pdf", data: bytes = PDF) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def training(cli: Cli, *nips: str, title: str = "Analisis Data", start: str = "10/03/2026", evidence=()) -> list:
    args = ["record", "training", *nips, "--kind", "B3", "--title", title, "--start", start, "--jp", "8"]
    for path in evidence:
        args += ["--evidence", str(path)]
    return cli.ok(*args, "--format", "json").json()


def use_policy(cli: Cli, tmp_path: Path, *, count: str = "all", required: tuple[str, ...] = ()) -> None:
    """The shipped policy with `count` and kinds that require evidence."""
    text = cli.ok("policy", "show", "--format", "yaml").stdout.replace("count: all", f"count: {count}")
    for kind in required:
        text = text.replace(f"\n  {kind}:\n", f"\n  {kind}:\n    evidence: required\n")
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    cli.ok("policy", "use", path)


def jp_of(cli: Cli, nip: str) -> float:
    people = cli.ok("totals", "--year", "2026", "--format", "json").json()
    return next(p["jp"] for p in people if p["nip"] == nip)


def findings(cli: Cli, code: str) -> list[dict]:
    result = cli("audit", "--year", "2026", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return [f for f in result.json()["findings"] if f["code"] == code]


# --- files in, files out ------------------------------------------------------------------------------------------

def test_a_certificate_recorded_with_an_activity_comes_back_byte_for_byte(unit, tmp_path):
    cert = certificate(tmp_path, "STTPP Budi.pdf")
    (added,) = training(unit, BUDI, evidence=[cert])
    shown = unit.ok("activity", "show", added["id"], "--format", "json").json()
    assert shown["evidence"] == [{"name": "STTPP Budi.pdf", "size": len(PDF), "sha256": sha(PDF)}]
    assert "STTPP Budi.pdf" in unit.ok("activity", "show", added["id"]).stdout
    out = tmp_path / "keluar"
    out.mkdir()
    result = unit.ok("activity", "evidence", added["id"], "--out", out, "--format", "json")
    written = out / "STTPP Budi.pdf"
    assert written.read_bytes() == PDF
    assert result.json() == [{"name": "STTPP Budi.pdf", "size": len(PDF), "sha256": sha(PDF), "file": str(written)}]
    assert stat.S_IMODE(written.stat().st_mode) == 0o600  # a certificate holds a NIP too
    # Never over an existing file without --force; with it, the same bytes again.
    again = unit("activity", "evidence", added["id"], "--out", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    written.write_bytes(b"changed by hand")
    unit.ok("activity", "evidence", added["id"], "--out", out, "--force")
    assert written.read_bytes() == PDF


def test_the_same_file_on_two_activities_is_stored_once(unit, tmp_path):
    cert = certificate(tmp_path)
    copy = certificate(tmp_path, "salinan.pdf")
    training(unit, BUDI, SITI, evidence=[cert])
    training(unit, DEWI, title="Statistik", evidence=[copy, cert])
    assert unit.rows("SELECT COUNT(*), SUM(size) FROM evidence") == [(1, len(PDF))]
    listed = unit.ok("activity", "list", "--format", "json").json()
    assert [[f["sha256"] for f in a["evidence"]] for a in listed] == [[sha(PDF)]] * 3
    # Two names of one content on one entry show it once, and the command says so.
    assert unit.rows("SELECT COUNT(*) FROM activity_evidence") == [(3,)]
    again = unit.ok("record", "training", SITI, "--kind", "B3", "--title", "Lagi", "--start", "10/03/2026", "--jp",
                    "8", "--evidence", cert, "--evidence", copy)
    assert "salinan.pdf holds the same bytes as sertifikat.pdf: the file is kept once, as sertifikat.pdf" in \
        " ".join(again.stderr.split())


def test_several_files_with_one_name_come_out_under_names_of_their_own(unit, tmp_path):
    first = certificate(tmp_path / "a", "scan.pdf", b"first page")
    second = certificate(tmp_path / "b", "scan.pdf", b"second page")
    (added,) = training(unit, BUDI, evidence=[first, second])
    out = tmp_path / "out"
    out.mkdir()
    unit.ok("activity", "evidence", added["id"], "--out", out)
    assert sorted(p.read_bytes() for p in out.iterdir()) == [b"first page", b"second page"]
    assert sorted(p.name for p in out.iterdir()) == ["scan (2).pdf", "scan.pdf"]


def test_an_activity_without_files_or_a_folder_that_is_not_there_is_a_usage_error(unit, tmp_path):
    (plain,) = training(unit, BUDI)
    nothing = unit("activity", "evidence", plain["id"], "--out", tmp_path)
    assert nothing.exit_code == 2 and "no evidence files" in nothing.stderr
    (kept,) = training(unit, SITI, evidence=[certificate(tmp_path)])
    missing = unit("activity", "evidence", kept["id"], "--out", tmp_path / "belum-ada")
    assert missing.exit_code == 2 and "belum-ada" in missing.stderr and not (tmp_path / "belum-ada").exists()
    unknown = unit("activity", "evidence", "999", "--out", tmp_path)
    assert unknown.exit_code == 2 and "activity list" in unknown.stderr


@pytest.mark.parametrize("case", ["missing", "folder", "device", "pipe", "too-big", "empty"])
def test_a_file_that_cannot_be_kept_is_a_usage_error_naming_it(unit, tmp_path, monkeypatch, case):
    target = tmp_path / "bukti.pdf"
    if case == "folder":
        target.mkdir()
    elif case == "device":
        target = Path(os.devnull)
    elif case == "pipe":
        os.mkfifo(target)  # opening it for reading must not wait for a writer
    elif case == "too-big":
        monkeypatch.setenv("JPLEDGER_EVIDENCE_MAX_MB", "0.01")
        target.write_bytes(b"x" * 20_000)
    elif case == "empty":
        target.write_bytes(b"")
    before = unit.snapshot()
    result = unit("record", "training", BUDI, "--kind", "B3", "--title", "Analisis", "--start", "10/03/2026",
                  "--jp", "8", "--evidence", target)
    assert result.exit_code == 2, result.stderr
    assert str(target) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert {"too-big": "more than the 0.01 MB", "folder": "is a folder", "device": "not a file",
            "pipe": "not a file", "missing": "does not exist", "empty": "is empty"}[case] in result.stderr
    assert unit.snapshot() == before


def test_a_wrong_evidence_limit_is_a_usage_error(unit, tmp_path, monkeypatch):
    monkeypatch.setenv("JPLEDGER_EVIDENCE_MAX_MB", "banyak")
    result = unit("record", "training", BUDI, "--kind", "B3", "--title", "Analisis", "--start", "10/03/2026",
                  "--jp", "8", "--evidence", certificate(tmp_path))
    assert result.exit_code == 2 and "JPLEDGER_EVIDENCE_MAX_MB" in result.stderr


def test_a_flipped_byte_in_a_stored_file_is_found_by_check(unit, tmp_path):
    (added,) = training(unit, BUDI, evidence=[certificate(tmp_path)])
    assert unit("check").exit_code == 0
    damaged = bytearray(PDF)
    damaged[100] ^= 0x01
    unit.rows("UPDATE evidence SET data = ? WHERE sha256 = ?", bytes(damaged), sha(PDF))
    result = unit("check", "--format", "json")
    assert result.exit_code == 1
    (problem,) = result.json()
    assert problem["code"] == "EVIDENCE_CORRUPT" and sha(PDF) in problem["message"]
    assert f"activity {added['id']}" in problem["message"]
    # Handing out the damaged file as the certificate would be worse than refusing.
    out = tmp_path / "out"
    out.mkdir()
    refused = unit("activity", "evidence", added["id"], "--out", out)
    assert refused.exit_code == 4 and "check" in refused.stderr and not list(out.iterdir())


# --- verification -------------------------------------------------------------------------------------------------

def test_verify_and_reject_say_who_and_when_in_json_and_in_the_trail(unit, tmp_path):
    first, second = training(unit, BUDI, SITI)
    shown = unit.ok("activity", "show", first["id"], "--format", "json").json()
    assert (shown["verification"], shown["verified_by"], shown["verified_at"]) == ("unverified", None, None)
    done = unit.ok("activity", "verify", first["id"], "--note", "sertifikat asli diperiksa")
    assert "1 entry verified" in done.stderr
    shown = unit.ok("activity", "show", first["id"], "--format", "json").json()
    assert (shown["verification"], shown["verified_by"], shown["verify_note"]) == (
        "verified", "tester", "sertifikat asli diperiksa")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", shown["verified_at"])
    rejected = unit.ok("activity", "reject", second["id"], "--reason", "sertifikat tidak terbaca")
    assert "no longer counts" in rejected.stderr
    listed = {a["id"]: a for a in unit.ok("activity", "list", "--format", "json").json()}
    assert (listed[second["id"]]["verification"], listed[second["id"]]["verified_by"]) == ("rejected", "tester")
    assert unit.ok("activity", "show", second["id"], "--format", "json").json()["reject_reason"] == \
        "sertifikat tidak terbaca"
    log = unit.ok("log", "--limit", "2", "--format", "json").json()
    assert [(e["action"], e["actor"]) for e in log] == [("activity reject", unit.actor("tester")),
                                                   ("activity verify", unit.actor("tester"))]
    assert log[0]["detail"]["reason"] == "sertifikat tidak terbaca" and log[1]["detail"]["ids"] == [first["id"]]
    # Tables name a rejection in the reader's language; the list filters by state.
    assert "ditolak: sertifikat tidak terbaca" in unit.ok("--lang", "id", "activity", "list").stdout
    assert [a["id"] for a in unit.ok("activity", "list", "--verification", "verified", "--format", "json").json()] \
        == [first["id"]]
    # The Indonesian word for a state is the same filter.
    listed = unit.ok("activity", "list", "--verification", "Terverifikasi", "--format", "json").json()
    assert [a["id"] for a in listed] == [first["id"]]
    rejected = unit.ok("activity", "list", "--verification", "ditolak", "--format", "json").json()
    assert rejected and all(a["verification"] == "rejected" for a in rejected)
    wrong = unit("activity", "list", "--verification", "checked")
    assert wrong.exit_code == 2 and "unverified, verified, rejected" in wrong.stderr


def test_one_list_of_verification_words_serves_filters_and_roster_cells():
    from jpledger.sheets.cells import CellError, verification

    for word, state in (("Belum  Diverifikasi", "unverified"), ("belum", "unverified"), ("TERVERIFIKASI", "verified"),
                        ("ditolak", "rejected"), ("verified", "verified")):
        assert verification(word) == state
    with pytest.raises(CellError):
        verification("checked")


def test_verify_takes_several_ids_or_a_whole_batch(unit, tmp_path):
    roster = write_roster(tmp_path / "kegiatan.xlsx", {"Kegiatan": [
        ["NIP", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "JP"],
        [BUDI, "B3", "Analisis", "10/03/2026", 8],
        [SITI, "B3", "Analisis", "10/03/2026", 8],
    ]}, banner=False, text_columns=("A",))
    unit.ok("import", roster)
    one, two = training(unit, DEWI, BUDI, title="Statistik")
    unit.ok("activity", "verify", "--batch", "1")
    unit.ok("activity", "verify", one["id"], two["id"])
    states = {a["id"]: a["verification"] for a in unit.ok("activity", "list", "--format", "json").json()}
    assert set(states.values()) == {"verified"} and len(states) == 4
    again = unit.ok("activity", "verify", one["id"])
    assert "verified already" in again.stderr
    nothing = unit("activity", "verify")
    assert nothing.exit_code == 2 and "--batch" in nothing.stderr
    no_batch = unit("activity", "verify", "--batch", "9")
    assert no_batch.exit_code == 2 and "batch list" in no_batch.stderr


def test_voided_entries_and_a_second_rejection_are_usage_errors(unit):
    (entry,) = training(unit, BUDI)
    unit.ok("activity", "reject", entry["id"], "--reason", "ganda")
    twice = unit("activity", "reject", entry["id"], "--reason", "lagi")
    assert twice.exit_code == 2 and "already rejected (ganda)" in twice.stderr
    empty = unit("activity", "reject", entry["id"], "--reason", " ")
    assert empty.exit_code == 2 and "--reason" in empty.stderr
    (other,) = training(unit, SITI)
    unit.ok("activity", "void", other["id"], "--reason", "salah orang")
    for args in (("verify", other["id"]), ("reject", other["id"], "--reason", "x")):
        result = unit("activity", *args)
        assert result.exit_code == 2 and "voided" in result.stderr


def test_a_closed_year_refuses_verifying_and_rejecting(unit):
    (entry,) = training(unit, BUDI)
    unit.ok("year", "close", "2026", "--reason", "dilaporkan")
    before = unit.snapshot()
    for args in (("verify", entry["id"]), ("reject", entry["id"], "--reason", "palsu")):
        result = unit("activity", *args)
        assert result.exit_code == 3 and "year 2026 is closed" in result.stderr
        assert f"activity {entry['id']}" in result.stderr
    assert unit.snapshot() == before


def test_with_count_verified_an_entry_counts_once_verified_and_a_rejected_one_never(unit, tmp_path):
    (entry,) = training(unit, BUDI)
    assert jp_of(unit, BUDI) == 8  # count: all (the default) counts what is recorded
    use_policy(unit, tmp_path, count="verified")
    assert jp_of(unit, BUDI) == 0
    (finding,) = findings(unit, "UNVERIFIED")
    assert (finding["severity"], finding["nip"], finding["activity_id"]) == ("info", BUDI, entry["id"])
    statement = unit.ok("statement", BUDI, "--year", "2026", "--format", "json").json()
    assert statement["jp"] == 0 and statement["entries"][0]["jp"] == 0
    unit.ok("activity", "verify", entry["id"])
    assert jp_of(unit, BUDI) == 8 and findings(unit, "UNVERIFIED") == []
    unit.ok("activity", "reject", entry["id"], "--reason", "sertifikat palsu")
    assert jp_of(unit, BUDI) == 0 and findings(unit, "UNVERIFIED") == []
    statement = unit.ok("statement", BUDI, "--year", "2026", "--format", "json").json()
    assert statement["jp"] == 0 and statement["entries"][0]["jp"] == 0


def test_a_rejected_entry_never_counts_under_any_policy(unit):
    first, second = training(unit, BUDI, SITI)
    unit.ok("activity", "reject", first["id"], "--reason", "tidak hadir")
    assert (jp_of(unit, BUDI), jp_of(unit, SITI)) == (0, 8)
    # Verifying it again reverses the rejection.
    unit.ok("activity", "verify", first["id"])
    assert jp_of(unit, BUDI) == 8
    assert unit.ok("activity", "show", first["id"], "--format", "json").json()["reject_reason"] is None


def test_a_kind_that_requires_evidence_and_has_none_is_a_finding(unit, tmp_path):
    use_policy(unit, tmp_path, required=("pelatihan_teknis",))
    bare = unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Analisis", "--start", "10/03/2026",
                   "--jp", "8", "--format", "json")
    assert "warning:" in bare.stderr and "--evidence" in bare.stderr
    (shown,) = training(unit, SITI, evidence=[certificate(tmp_path)])
    unit.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "12/03/2026")  # optional for coaching
    (finding,) = findings(unit, "NO_EVIDENCE")
    assert (finding["severity"], finding["nip"], finding["activity_id"]) == ("warning", BUDI, bare.json()[0]["id"])
    assert "Pelatihan Teknis" in finding["message"]
    assert shown["id"] != finding["activity_id"]


def test_the_audit_counts_entries_awaiting_verification_per_unit(unit, tmp_path):
    training(unit, BUDI, SITI, DEWI)
    unit.ok("activity", "verify", "1")
    audit = unit("audit", "--year", "2026", "--format", "json").json()
    assert {u["unit"]: u["awaiting_verification"] for u in audit["units"]} == {"Bidang Diklat": 1,
                                                                                "Bidang Evaluasi": 1}
    assert audit["summary"]["awaiting_verification"] == 2
    # The table shows the column where it matters: under a policy that counts verified entries only.
    assert "Unverified" not in unit("audit", "--year", "2026").stdout
    use_policy(unit, tmp_path, count="verified")
    table = unit("audit", "--year", "2026").stdout
    assert "Unverified" in table
    unit.ok("activity", "verify", "2", "3")
    assert "Unverified" not in unit("audit", "--year", "2026").stdout


# --- imports ------------------------------------------------------------------------------------------------------

HEAD = ["NIP", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "JP", "Bukti"]


def evidence_roster(folder: Path, *cells: str, name: str = "rekap.xlsx") -> Path:
    rows = [[BUDI if i % 2 else SITI, "B3", f"Pelatihan {i}", f"{10 + i:02d}/03/2026", 8, cell]
            for i, cell in enumerate(cells, start=1)]
    return write_roster(folder / name, {"Kegiatan": [HEAD, *rows]}, banner=False, text_columns=("A",))


def test_an_import_keeps_the_files_its_bukti_column_names(unit, tmp_path):
    certificate(tmp_path / "sertifikat", "budi.pdf")
    certificate(tmp_path / "sertifikat", "siti.pdf", b"%PDF siti")
    roster = evidence_roster(tmp_path, "sertifikat/budi.pdf", "sertifikat\\siti.pdf; sertifikat/budi.pdf")
    before = unit.snapshot()
    dry = unit.ok("import", roster, "--dry-run", "--format", "json").json()
    assert dry["evidence"] == {"shown": 3, "new_files": 2} and unit.snapshot() == before
    done = unit.ok("import", roster)
    assert "evidence: 3 files shown with the entries, 2 new in the ledger" in done.stderr
    listed = unit.ok("activity", "list", "--format", "json").json()
    assert [sorted(f["name"] for f in a["evidence"]) for a in listed] == [["budi.pdf"], ["budi.pdf", "siti.pdf"]]
    # Importing the same roster again adds nothing.
    again = unit.ok("import", roster)
    assert "evidence:" not in again.stderr and unit.rows("SELECT COUNT(*) FROM activity_evidence") == [(3,)]


def test_a_roster_sent_again_with_its_certificates_adds_them_to_the_entries(unit, tmp_path):
    plain = write_roster(tmp_path / "rekap.xlsx", {"Kegiatan": [HEAD[:-1], [BUDI, "B3", "Pelatihan 1",
                                                                          "11/03/2026", 8]]},
                         banner=False, text_columns=("A",))
    unit.ok("import", plain)
    certificate(tmp_path, "budi.pdf")
    unit.ok("import", evidence_roster(tmp_path, "budi.pdf", name="lengkap.xlsx"))
    (entry,) = unit.ok("activity", "list", "--format", "json").json()
    assert [f["name"] for f in entry["evidence"]] == ["budi.pdf"]


@pytest.mark.parametrize("case", ["traversal", "absolute", "symlink", "pipe", "too-big", "missing", "folder"])
def test_hostile_evidence_in_a_roster_is_a_row_error_naming_the_cell(unit, tmp_path, monkeypatch, case):
    folder = tmp_path / "kiriman"
    folder.mkdir()
    certificate(folder, "baik.pdf")
    secret = certificate(tmp_path, "rahasia.pdf", b"not for the ledger")
    cell = {"traversal": "../rahasia.pdf", "absolute": str(secret), "symlink": "tautan.pdf", "pipe": "pipa.pdf",
            "too-big": "besar.pdf", "missing": "hilang.pdf", "folder": "map"}[case]
    if case == "symlink":
        (folder / "tautan.pdf").symlink_to(secret)
    elif case == "pipe":
        os.mkfifo(folder / "pipa.pdf")
    elif case == "too-big":
        monkeypatch.setenv("JPLEDGER_EVIDENCE_MAX_MB", "0.01")
        certificate(folder, "besar.pdf", b"x" * 20_000)
    elif case == "folder":
        (folder / "map").mkdir()
    roster = evidence_roster(folder, "baik.pdf", cell)
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3, result.stderr
    problems = [line for line in result.stderr.splitlines() if not line.startswith("error:")]
    assert len(problems) == 1 and problems[0].startswith(f"{roster}:Kegiatan!F3: evidence file ")
    assert unit.snapshot() == before


@pytest.mark.parametrize("held", [True, False])
def test_a_file_replaced_while_the_rows_are_checked(unit, tmp_path, monkeypatch, held):
    """Held in memory, the file is kept as it was checked; read again, a changed file stops the import."""
    from jpledger.sheets import importer

    cert = certificate(tmp_path, "budi.pdf")
    checking = importer.check_evidence

    def then_replaced(*args):
        found = checking(*args)
        cert.write_bytes(b"another file under the same name")
        return found

    monkeypatch.setattr(importer, "check_evidence", then_replaced)
    monkeypatch.setattr(importer, "KEEP_BYTES", 1 << 20 if held else 0)
    roster = evidence_roster(tmp_path, "budi.pdf")
    if held:
        unit.ok("import", roster)
        assert _blobs(unit) == {sha(PDF): PDF}
        return
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3 and "budi.pdf changed while it was being imported" in result.stderr
    assert unit.snapshot() == before


def test_a_rejected_evidence_row_goes_to_the_errors_workbook(unit, tmp_path):
    roster = evidence_roster(tmp_path, "hilang.pdf")
    result = unit("import", roster, "--errors", tmp_path / "perbaiki.xlsx")
    assert result.exit_code == 3
    from openpyxl import load_workbook

    rows = list(load_workbook(tmp_path / "perbaiki.xlsx")["Kegiatan"].iter_rows(values_only=True))
    assert rows[1][5] == "hilang.pdf" and "F2: berkas bukti hilang.pdf tidak ada" in rows[1][-1]


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_of_a_roster_and_its_certificates_imports_as_the_roster(unit, tmp_path):
    roster = evidence_roster(tmp_path, "sertifikat/budi.pdf", "sertifikat/siti.pdf").read_bytes()
    bundle = _zip(tmp_path / "kiriman.zip", {"Bidang Diklat/rekap.xlsx": roster,
                                             "Bidang Diklat/sertifikat/budi.pdf": PDF,
                                             "Bidang Diklat/sertifikat/siti.pdf": b"%PDF siti",
                                             "__MACOSX/Bidang Diklat/._rekap.xlsx": b"resource fork"})
    done = unit.ok("import", bundle)
    assert "imported" in done.stderr and "2 new in the ledger" in done.stderr
    listed = unit.ok("activity", "list", "--format", "json").json()
    assert [(a["evidence"][0]["name"], a["evidence"][0]["sha256"]) for a in listed] == [
        ("budi.pdf", sha(PDF)), ("siti.pdf", sha(b"%PDF siti"))]
    assert unit.ok("batch", "list", "--format", "json").json()[0]["file"] == str(bundle)


@pytest.mark.parametrize("entry", ["../../etc/passwd", "/etc/passwd"])
def test_a_zip_entry_that_climbs_out_or_starts_at_the_root_is_a_row_error(unit, tmp_path, entry):
    roster = evidence_roster(tmp_path, "budi.pdf", entry).read_bytes()
    bundle = _zip(tmp_path / "kiriman.zip", {"rekap.xlsx": roster, "budi.pdf": PDF, entry: b"root:x:0:0"})
    before = unit.snapshot()
    result = unit("import", bundle)
    assert result.exit_code == 3
    assert f"{bundle}/rekap.xlsx:Kegiatan!F3: evidence file {entry}" in result.stderr
    assert unit.snapshot() == before


@pytest.mark.parametrize("case", ["no-roster", "two-rosters", "bomb", "not-a-zip"])
def test_a_zip_that_is_no_roster_bundle_is_refused_in_one_line(unit, tmp_path, case):
    roster = evidence_roster(tmp_path, "budi.pdf").read_bytes()
    path = tmp_path / "kiriman.zip"
    if case == "no-roster":
        _zip(path, {"budi.pdf": PDF})
    elif case == "two-rosters":
        _zip(path, {"a/rekap.xlsx": roster, "b/rekap.csv": b"NIP\n"})
    elif case == "bomb":
        _zip(path, {"rekap.xlsx": roster, "budi.pdf": b"\0" * (20 << 20)})
    else:
        path.write_bytes(b"just text, named .zip")
    before = unit.snapshot()
    result = unit("import", path)
    assert result.exit_code == 3 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert {"no-roster": "holds no roster", "two-rosters": "2 rosters", "bomb": "zip bomb",
            "not-a-zip": "not a readable zip"}[case] in result.stderr
    assert unit.snapshot() == before


# --- copies of the ledger -----------------------------------------------------------------------------------------

def _blobs(cli: Cli) -> dict[str, bytes]:
    return {key: bytes(data) for key, data in cli.rows("SELECT sha256, data FROM evidence")}


def test_backup_keeps_every_blob(unit, tmp_path):
    unit.needs_sqlite()  # a SQLite file to copy
    training(unit, BUDI, evidence=[certificate(tmp_path), certificate(tmp_path, "b.pdf", b"%PDF two")])
    copy = tmp_path / "salinan.db"
    unit.ok("backup", copy)
    blobs = _blobs(Cli(str(copy), copy))
    assert blobs == _blobs(unit) and {sha(d) for d in blobs.values()} == set(blobs) and len(blobs) == 2


def test_migrate_to_keeps_every_blob_and_compares_hashes(cli, tmp_path):
    source = tmp_path / "source.db"
    src = Cli(str(source), source)
    target = cli.location if cli.path is None else f"sqlite:///{tmp_path / 'target.db'}"
    os.environ["JPLEDGER_DB"] = str(source)
    try:
        src.ok("staff", "add", BUDI, "--name", "Budi Santoso")
        (added,) = training(src, BUDI, evidence=[certificate(tmp_path), certificate(tmp_path, "b.pdf", b"%PDF 2")])
        src.ok("migrate-to", target)
        os.environ["JPLEDGER_DB"] = target
        dst = Cli(target, None)
        assert _blobs(dst) == _blobs(src) and len(_blobs(dst)) == 2
        out = tmp_path / "out"
        out.mkdir()
        dst.ok("activity", "evidence", added["id"], "--out", out)
        assert (out / "sertifikat.pdf").read_bytes() == PDF
        assert dst("check").exit_code == 0
    finally:
        os.environ["JPLEDGER_DB"] = cli.location


def test_migrate_to_refuses_a_copy_whose_blobs_differ(cli, tmp_path, monkeypatch):
    from jpledger.store import evidence

    source = tmp_path / "source.db"
    src = Cli(str(source), source)
    monkeypatch.setenv("JPLEDGER_DB", str(source))
    src.ok("staff", "add", BUDI, "--name", "Budi Santoso")
    training(src, BUDI, evidence=[certificate(tmp_path)])
    real = evidence.blob_digests
    calls = []

    def lying(conn):  # the second call reads the target: pretend a byte changed on the way
        calls.append(1)
        found = real(conn)
        return found if len(calls) == 1 else {k: "0" * 64 for k in found}

    monkeypatch.setattr(evidence, "blob_digests", lying)
    target = tmp_path / "target.db"
    result = src("migrate-to", f"sqlite:///{target}")
    assert result.exit_code == 4 and "evidence files differ" in result.stderr
    assert Cli(str(target), target).rows("SELECT COUNT(*) FROM evidence") == [(0,)]
