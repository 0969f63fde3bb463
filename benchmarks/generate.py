"""Generate realistic rosters of any size for the benchmark: N staff and M activities of one calendar year.

    python benchmarks/generate.py --staff 10000 --activities 100000 --out DIR [--seed 1] [--year 2025]

Writes DIR/roster.xlsx (a `Pegawai` staff sheet and a `Kegiatan` activities sheet, headed the way the importer
reads them, NIPs as text cells) and DIR/pegawai.csv + DIR/kegiatan.csv. The same seed gives the same files.

What the rows look like, so the timings are those of a real agency's roster and not of a toy:
- Staff: about 85% PNS, 5% CPNS, 10% PPPK, with NIPs valid by the NIP rules (PNS: birth date, TMT CPNS at least
  18 years later, sex digit, serial from 001; PPPK: birth date + appointment year + 2 + 1 + sex + serial).
  Units of about 25 people under directorates; every unit has a head; staff point to their unit's head, unit heads
  to their directorate's head. Golongan match the status (III/a-style for PNS and CPNS, Roman for PPPK) and are
  written the several ways rosters write them. A few people left during the year.
- Activities: coaching about monthly (1-2 sessions, the supervisor as coach), mentoring, e-learning with its JP,
  classroom training with the JP of the certificate, seminars/workshops/sosialisasi counted in days, a magang or a
  benchmarking visit now and then; dates on working days, fewer in January and December, all inside the person's
  employment and inside the year (a past year, so nothing lies in the future).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from bisect import bisect
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from jpledger.core.golongan import PANGKAT  # noqa: E402
from jpledger.sheets.columns import ACTIVITY_COLUMNS, STAFF_COLUMNS  # noqa: E402

STAFF_FIELDS = ("nip", "name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left")
ACTIVITY_FIELDS = ("nip", "kind", "title", "organizer", "start", "end", "jp", "sessions", "days", "coach", "ref",
                   "international")


def _headings(columns, fields) -> list[str]:
    by_field = {c.field: c.heading("id") for c in columns}
    return ["No"] + [by_field[f] for f in fields]


STAFF_HEADINGS = _headings(STAFF_COLUMNS, STAFF_FIELDS)
ACTIVITY_HEADINGS = _headings(ACTIVITY_COLUMNS, ACTIVITY_FIELDS)

AGENCY = "Kementerian Contoh Republik Indonesia"

FIRST = ("Agus", "Budi", "Siti", "Dewi", "Rina", "Joko", "Eko", "Sri", "Andi", "Rudi", "Maya", "Fajar", "Hendra",
         "Wahyu", "Nur", "Dian", "Putri", "Ahmad", "Muhammad", "Indah", "Yuli", "Bambang", "Ratna", "Teguh",
         "Lestari", "Hadi", "Arif", "Fitri", "Rizki", "Ayu", "Bayu", "Citra", "Dedi", "Endang", "Gita", "Hasan",
         "Irwan", "Kartika", "Lukman", "Mega", "Novi", "Oki", "Prasetyo", "Retno", "Slamet", "Tri", "Utami",
         "Vina", "Wulan", "Yusuf", "Zainal", "Aisyah", "Bima", "Cahya", "Dwi", "Galih", "Ika", "Lina", "Surya")
LAST = ("Santoso", "Wahyuni", "Rahayu", "Lestari", "Hartono", "Susilo", "Prasetyo", "Nugroho", "Gunawan",
        "Setiawan", "Kurniawan", "Hidayat", "Saputra", "Purnomo", "Wibowo", "Siregar", "Nasution", "Harahap",
        "Simanjuntak", "Pratama", "Permana", "Suryadi", "Wijaya", "Halim", "Sembiring", "Tanjung", "Lubis",
        "Manurung", "Pangaribuan", "Sihombing", "Kusuma", "Utomo", "Firmansyah", "Maulana", "Ramadhan",
        "Anggraini", "Puspita", "Handayani", "Safitri", "Marlina", "Sari", "Yulianti", "Hakim", "Syahputra")
DEGREES = ("", "", "S.E.", "S.Kom.", "S.H.", "S.Sos.", "S.T.", "S.Pd.", "S.Si.", "A.Md.", "S.E., M.M.",
           "S.Kom., M.T.", "S.H., M.H.", "S.Sos., M.Si.", "Dr.")
TOPICS = ("Perencanaan", "Keuangan", "Kepegawaian", "Umum", "Hukum", "Data dan Informasi", "Evaluasi",
          "Pengembangan Kompetensi", "Penyelenggaraan Diklat", "Sertifikasi", "Kerja Sama", "Hubungan Masyarakat",
          "Pengadaan", "Aset", "Arsip", "Teknologi Informasi", "Statistik", "Pelayanan Publik", "Pengawasan",
          "Program dan Anggaran", "Organisasi dan Tata Laksana", "Kajian Kebijakan", "Penelitian")
REGIONS = ("Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu", "Lampung",
           "Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat", "Jawa Tengah", "DI Yogyakarta",
           "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat",
           "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara",
           "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat", "Maluku",
           "Maluku Utara", "Papua", "Papua Barat")
UNIT_PREFIX = ("Bagian", "Bidang", "Subbagian", "Seksi", "Subbidang")
POSITIONS = ("Analis SDM Aparatur", "Pranata Komputer", "Analis Kebijakan", "Perencana", "Statistisi",
             "Arsiparis", "Pengelola Keuangan", "Analis Hukum", "Pranata Humas", "Widyaiswara", "Auditor",
             "Pengadministrasi Umum", "Penata Laporan Keuangan", "Pengelola Pengadaan Barang/Jasa")
LEVELS = ("Ahli Pertama", "Ahli Muda", "Ahli Madya", "Terampil", "Mahir")
PPPK_POSITIONS = ("Pranata Komputer Ahli Pertama", "Teknisi Sarana dan Prasarana", "Pengelola Layanan Operasional",
                  "Penata Layanan Operasional", "Analis Kepegawaian Ahli Pertama", "Operator Layanan Operasional")

# Golongan by status, weighted the way an agency's staff spread over them.
PNS_RANKS = ("II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b")
PNS_RANK_WEIGHTS = (3, 3, 4, 3, 16, 16, 18, 15, 14, 8)
HEAD_RANKS = ("III/d", "IV/a", "IV/b", "IV/c")
CPNS_RANKS = ("II/a", "II/c", "III/a", "III/b")
CPNS_RANK_WEIGHTS = (2, 2, 10, 1)
PPPK_RANKS = ("V", "VII", "IX", "X", "XI")

SESSION_TOPICS = ("Penyusunan SKP", "Rencana pengembangan karier", "Evaluasi kinerja triwulan",
                  "Penyelesaian laporan", "Pengelolaan waktu kerja", "Peningkatan kualitas layanan",
                  "Penyusunan telaah staf", "Analisis data kegiatan", "Tindak lanjut hasil evaluasi")
EXTERNAL_MENTORS = ("Dr. Ahmad Fauzi (LAN)", "Ir. Sutrisno, M.Eng.", "Prof. Dr. Lilis Suryani",
                    "Drs. Bambang Hermawan, M.Si.", "Dr. Retno Wulandari (BKN)")
TRAININGS = {
    "B3": ("Analisis Data dengan Python", "Penyusunan Anggaran Berbasis Kinerja", "Manajemen Arsip Digital",
           "Pengelolaan Barang Milik Negara", "Penulisan Naskah Dinas", "Administrasi Sistem Linux",
           "Desain Grafis untuk Publikasi", "Statistik Terapan", "Keamanan Informasi"),
    "B4": ("Pelatihan Fungsional Analis SDM Aparatur", "Pelatihan Fungsional Perencana",
           "Pelatihan Fungsional Pranata Komputer", "Pelatihan Fungsional Arsiparis"),
    "B10": ("Bimtek Pengelolaan Arsip Dinamis", "Bimtek SAKTI", "Bimtek Penyusunan SKP",
            "Bimtek Pengadaan Barang/Jasa"),
    "B8": ("Kursus Bahasa Inggris", "Kursus Public Speaking", "Kursus Microsoft Excel Lanjutan"),
    "C3": ("Keamanan Siber Dasar", "Literasi Digital ASN", "Manajemen Risiko", "Desain Pembelajaran Daring",
           "Legal Drafting", "Wawasan Kebangsaan", "Pelayanan Prima", "Etika Birokrasi", "Core Values BerAKHLAK"),
    "C4": ("Pelatihan Jarak Jauh Manajemen Proyek", "Pelatihan Jarak Jauh Analisis Kebijakan"),
    "C9": ("Belajar Mandiri Kebijakan Publik", "Belajar Mandiri Tata Kelola Data"),
    "C10": ("Komunitas Belajar Pranata Komputer", "Komunitas Belajar Perencana", "Forum Diskusi Analis SDM"),
    "B6": ("Seminar Nasional Corporate University", "Konferensi Statistik Nasional", "Sarasehan Reformasi Birokrasi",
           "Seminar Transformasi Digital"),
    "B7": ("Workshop Asesmen Kompetensi", "Lokakarya Penyusunan Kurikulum", "Workshop Manajemen Talenta"),
    "B11": ("Sosialisasi SAKTI", "Sosialisasi Peraturan BKN", "Sosialisasi SIASN", "Sosialisasi Zona Integritas"),
    "C11": ("Magang Pengelolaan LMS", "Magang Perancangan Kurikulum", "Magang Manajemen Data"),
    "C7": ("Patok Banding Corporate University", "Patok Banding Pelayanan Publik"),
    "B2": ("Pelatihan Kepemimpinan Pengawas", "Pelatihan Kepemimpinan Administrator"),
}
ORGANIZERS = ("LAN RI", "BKN", "BPSDM Provinsi", "Pusdiklat", "ASN Unggul", "Digital Talent Scholarship", "Kemenkeu",
              "ANRI", "Pusdiklat BPS", "Kementerian PUPR", "Universitas Indonesia")
ABROAD = ("Civil Service College Singapore", "INTAN Malaysia", "JICA Tokyo")

# Kinds of the year's activities and their shares, as an agency's recap spreads them: the workplace forms
# (coaching above all) are where most entries come from; classroom training is rarer but carries more JP.
KIND_SHARES = (("C1", 30), ("C2", 7), ("C3", 24), ("B3", 9), ("B4", 2), ("B10", 3), ("B8", 1), ("C4", 1),
               ("C9", 2), ("C10", 3), ("B6", 8), ("B7", 4), ("B11", 5), ("C11", 0.5), ("C7", 0.3), ("B2", 0.2))
# How a roster names the kind: its code mostly, sometimes its key or label.
KIND_SPELLINGS = {"C1": ("C1", "Coaching", "coaching"), "C2": ("C2", "Mentoring"), "C3": ("C3", "E-Learning"),
                  "B3": ("B3", "Pelatihan Teknis"), "B6": ("B6", "Seminar/Konferensi/Sarasehan"),
                  "C11": ("C11", "Magang/Praktik Kerja")}
# Fewer activities in January (budgets not yet released) and December (year-end closing).
MONTH_WEIGHTS = (3, 7, 9, 9, 9, 8, 9, 10, 10, 10, 9, 5)


class Roster:
    """One agency's staff, built once so the activities can refer to people, units and supervisors."""

    def __init__(self, rng: random.Random, size: int, year: int):
        self.rng = rng
        self.year = year
        self.taken: set[str] = set()
        self.people: list[dict] = []
        self._build(size)

    # --- NIPs ---------------------------------------------------------------------------------------

    def _unique(self, stem: str, sex: str) -> str:
        for _ in range(2000):
            nip = f"{stem}{sex}{self.rng.randint(1, 999):03d}"
            if nip not in self.taken:
                self.taken.add(nip)
                return nip
        raise RuntimeError("ran out of serials")  # pragma: no cover - 999 serials per stem and day

    def _birth(self, first_year: int, last_year: int) -> date:
        return date(self.rng.randint(first_year, last_year), 1, 1) + timedelta(days=self.rng.randrange(365))

    def pns_nip(self, born: date, tmt: date, sex: str) -> str:
        return self._unique(f"{born:%Y%m%d}{tmt:%Y%m}", sex)

    def pppk_nip(self, born: date, year: int, sex: str) -> str:
        return self._unique(f"{born:%Y%m%d}{year}21", sex)

    # --- people -------------------------------------------------------------------------------------

    def _name(self, sex: str) -> str:
        rng = self.rng
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        degree = rng.choice(DEGREES)
        if degree == "Dr.":
            return f"Dr. {name}"
        return f"{name}, {degree}" if degree else name

    def _rank(self, code: str) -> str:
        """A golongan written the several ways rosters write it."""
        roll = self.rng.random()
        if "/" not in code or roll < 0.7:
            return code
        if roll < 0.85:
            return f"{PANGKAT[code]} ({code})"
        return code.replace("/", "-")

    def _person(self, unit: str, supervisor: str | None, head_of: str | None = None) -> dict:
        rng = self.rng
        sex = rng.choice("12")
        roll = rng.random()
        status = "PNS" if head_of or roll < 0.85 else ("CPNS" if roll < 0.90 else "PPPK")
        joined = left = None
        if status == "PNS":
            born = self._birth(1966, 1998) if not head_of else self._birth(1966, 1985)
            first_tmt = born.year + rng.randint(20, 30)
            tmt = date(min(first_tmt, self.year - 2), rng.choice((1, 2, 3, 3, 4, 12)), 1)
            nip = self.pns_nip(born, tmt, sex)
            code = rng.choice(HEAD_RANKS) if head_of else rng.choices(PNS_RANKS, PNS_RANK_WEIGHTS)[0]
            position = head_of or f"{rng.choice(POSITIONS)} {rng.choice(LEVELS)}"
        elif status == "CPNS":
            born = self._birth(1990, 2002)
            tmt = date(self.year - 1, rng.choice((6, 7, 12)), 1) if rng.random() < 0.6 else date(self.year, 1, 1)
            nip = self.pns_nip(born, tmt, sex)
            joined = tmt
            code = rng.choices(CPNS_RANKS, CPNS_RANK_WEIGHTS)[0]
            position = f"{rng.choice(POSITIONS)} {rng.choice(('Ahli Pertama', 'Terampil'))}"
        else:
            born = self._birth(1976, 2000)
            appointed = rng.choice((self.year - 1, self.year - 2))
            nip = self.pppk_nip(born, appointed, sex)
            joined = date(appointed, rng.choice((3, 4, 7)), 1)
            code = rng.choice(PPPK_RANKS)
            position = rng.choice(PPPK_POSITIONS)
        if not head_of and rng.random() < 0.005:
            left = date(self.year, rng.randint(4, 11), 1) - timedelta(days=1)
        return {"nip": nip, "name": self._name(sex), "status": status, "unit": unit, "position": position,
                "rank": self._rank(code), "agency": AGENCY, "supervisor": supervisor or "", "joined": joined,
                "left": left}

    def _unit_names(self, count: int) -> list[str]:
        names = [f"{p} {t} {r}" for r in REGIONS for t in TOPICS for p in UNIT_PREFIX]
        self.rng.shuffle(names)
        extra = 2
        while len(names) < count:  # beyond 3910 units: number them, as large agencies do
            names += [f"{n} {extra}" for n in names[: count - len(names)]]
            extra += 1
        return names[:count]

    def _build(self, size: int) -> None:
        rng = self.rng
        units = self._unit_names(max(1, round(size / 25)))
        directorates = max(1, len(units) // 10)
        people = self.people
        director_of: dict[int, str] = {}
        for i, unit in enumerate(units):
            group = i % directorates
            boss = director_of.get(group)
            if boss is None:  # the first unit of each group is its directorate's office
                head = self._person(unit, None, head_of=f"Direktur {TOPICS[group % len(TOPICS)]}")
                director_of[group] = head["nip"]
            else:
                head = self._person(unit, boss, head_of=f"Kepala {unit}")
            people.append(head)
            if len(people) >= size:
                break
        heads = list(people)
        while len(people) < size:
            head = heads[rng.randrange(len(heads))]
            people.append(self._person(head["unit"], head["nip"]))
        rng.shuffle(people)


class Activities:
    """A person's activities of the year, drawn so that they look like an agency's recap of them."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year
        self.codes = [c for c, _ in KIND_SHARES]
        self.cum = list(accumulate(w for _, w in KIND_SHARES))
        self.month_cum = list(accumulate(MONTH_WEIGHTS))
        self.serial = 0

    def _workday(self, first: date, last: date) -> date:
        """A working day between first and last, in a month drawn by the agency's rhythm."""
        rng = self.rng
        for _ in range(20):
            month = bisect(self.month_cum, rng.random() * self.month_cum[-1]) + 1
            day = date(self.year, month, 1) + timedelta(days=rng.randrange(28))
            if first <= day <= last and day.weekday() < 5:
                return day
        span = (last - first).days
        return first + timedelta(days=rng.randint(0, span))

    def _span(self, start: date, days: int, last: date) -> date:
        """The last day of an activity `days` working days long, kept inside the year and employment."""
        end = start
        left = days - 1
        while left > 0:
            end += timedelta(days=1)
            if end.weekday() < 5:
                left -= 1
        return min(end, last)

    def _ref(self, code: str) -> str:
        self.serial += 1
        return f"{code}/{self.year}/{self.serial:07d}"

    def for_person(self, person: dict, count: int) -> list[tuple]:
        rng = self.rng
        first = max(date(self.year, 1, 1), person["joined"] or date(self.year, 1, 1))
        last = min(date(self.year, 12, 31), person["left"] or date(self.year, 12, 31))
        seen: set[tuple] = set()
        rows = []
        coach_months = list(range(1, 13))
        rng.shuffle(coach_months)
        while len(rows) < count:
            code = self.codes[bisect(self.cum, rng.random() * self.cum[-1])]
            if code == "C1" and coach_months:
                # About monthly: each coaching entry in a month of its own while months remain.
                day = date(self.year, coach_months.pop(), rng.randint(1, 28))
                day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
                if not (first <= day <= last):
                    day = self._workday(first, last)
            else:
                day = self._workday(first, last)
            row = self._row(person, code, day, last)
            # One entry per person, kind, dates and title: anything more would be a duplicate to the audit.
            key = (code, row[4], row[5], row[2])
            if key not in seen:
                seen.add(key)
                rows.append(row)
        return rows

    def _row(self, person: dict, code: str, start: date, last: date) -> tuple:
        """(nip, kind, title, organizer, start, end, jp, sessions, days, coach, ref, international)."""
        rng = self.rng
        kind = rng.choice(KIND_SPELLINGS.get(code, (code,)))
        nip = person["nip"]
        if code in ("C1", "C2"):
            sessions = 1 if rng.random() < 0.8 else 2
            if code == "C1":
                coach = person["supervisor"] or rng.choice(EXTERNAL_MENTORS)
            else:
                coach = (person["supervisor"] if person["supervisor"] and rng.random() < 0.4
                         else rng.choice(EXTERNAL_MENTORS))
            return (nip, kind, rng.choice(SESSION_TOPICS), "", start, start, None, sessions, None, coach, "", "")
        title = rng.choice(TRAININGS[code])
        organizer = rng.choice(ORGANIZERS)
        scope = "Nasional"
        jp = days = None
        ref = self._ref(code)
        if code == "C3":  # e-learning: as certified, within the 3 JP a day cap most of the time
            jp = rng.choice((2, 3, 4, 5, 6, 8, 10, 12))
            end = self._span(start, max(1, -(-jp // 3)) if rng.random() < 0.95 else 1, last)
            organizer = rng.choice(("ASN Unggul", "LMS Pusdiklat", "Kelas Digital LAN"))
        elif code in ("C9", "C10"):
            jp = rng.choice((1, 2))
            end = start
            ref = ""
        elif code in ("B3", "B4", "B10", "B8", "C4", "B2"):
            jp = {"B2": rng.choice((120, 180, 240)), "C4": rng.choice((20, 30, 40))}.get(
                code, rng.choice((16, 20, 24, 30, 32, 40, 48)))
            end = self._span(start, max(1, jp // 8) if code != "B2" else 20, last)
        elif code in ("B6", "B7", "B11"):
            span = 1 if code == "B11" else rng.choice((1, 1, 2, 3))
            end = self._span(start, span, last)
            days = span if rng.random() < 0.5 else None
            ref = "" if rng.random() < 0.6 else ref
        else:  # C11 magang, C7 patok banding: per occurrence
            end = self._span(start, rng.choice((5, 10, 15)) if code == "C11" else rng.choice((1, 2, 3)), last)
            if rng.random() < 0.15:
                scope = "Internasional"
                organizer = rng.choice(ABROAD)
        return (nip, kind, title, organizer, start, end, jp, None, days, None, ref, scope)


def _allocate(rng: random.Random, people: list[dict], total: int) -> list[int]:
    """How many activities each person has: exactly `total` in all, fewer for PPPK and for people who left."""
    weights = [(0.3 if p["status"] == "PPPK" else 1.0) * (0.3 if p["left"] else 1.0) * rng.uniform(0.4, 1.6)
               for p in people]
    cum = list(accumulate(weights))
    counts = [0] * len(people)
    for _ in range(total):
        counts[bisect(cum, rng.random() * cum[-1])] += 1
    return counts


def generate(staff: int, activities: int, seed: int = 1, year: int = 2025):
    """(people, an iterator of activity rows); the rows are drawn lazily so a million never sit in memory."""
    rng = random.Random(seed)
    roster = Roster(rng, staff, year)
    counts = _allocate(rng, roster.people, activities)
    drawer = Activities(rng, year)

    def rows():
        for person, count in zip(roster.people, counts):
            if count:
                yield from drawer.for_person(person, count)

    return roster.people, rows()


# --- writing ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30).toordinal()


def _serial(day: date) -> int:
    """Excel's day number for a date; with a date format the cell is a real date cell, as write_datetime makes."""
    return day.toordinal() - _EXCEL_EPOCH


def write_xlsx(path: Path, people: list[dict], activity_rows) -> int:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    text = book.add_format({"num_format": "@"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    bold = book.add_format({"bold": True})

    staff_sheet = book.add_worksheet("Pegawai")
    staff_sheet.write_row(0, 0, STAFF_HEADINGS, bold)
    for r, p in enumerate(people, start=1):
        staff_sheet.write_number(r, 0, r)
        staff_sheet.write_string(r, 1, p["nip"], text)  # text cells: a number cell would lose three digits
        for c, key in enumerate(STAFF_FIELDS[1:-3], start=2):
            staff_sheet.write_string(r, c, p[key])
        if p["supervisor"]:
            staff_sheet.write_string(r, 8, p["supervisor"], text)
        if p["joined"]:
            staff_sheet.write_number(r, 9, _serial(p["joined"]), day)
        if p["left"]:
            staff_sheet.write_number(r, 10, _serial(p["left"]), day)

    sheet = book.add_worksheet("Kegiatan")
    sheet.write_row(0, 0, ACTIVITY_HEADINGS, bold)
    r = 0
    for r, (nip, kind, title, organizer, start, end, jp, sessions, days, coach, ref, scope) in enumerate(
            activity_rows, start=1):
        sheet.write_number(r, 0, r)
        sheet.write_string(r, 1, nip, text)
        sheet.write_string(r, 2, kind)
        sheet.write_string(r, 3, title)
        if organizer:
            sheet.write_string(r, 4, organizer)
        sheet.write_number(r, 5, _serial(start), day)
        sheet.write_number(r, 6, _serial(end), day)
        if jp is not None:
            sheet.write_number(r, 7, jp)
        if sessions is not None:
            sheet.write_number(r, 8, sessions)
        if days is not None:
            sheet.write_number(r, 9, days)
        if coach:
            sheet.write_string(r, 10, coach, text)
        if ref:
            sheet.write_string(r, 11, ref)
        if scope:
            sheet.write_string(r, 12, scope)
    book.close()
    return r


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"  # day first, as Indonesian rosters write dates
    return str(value)


def write_csv(staff_path: Path, activity_path: Path, people: list[dict], activity_rows) -> int:
    with open(staff_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(STAFF_HEADINGS)
        for r, p in enumerate(people, start=1):
            out.writerow([r] + [_csv_value(p[k]) for k in STAFF_FIELDS])
    r = 0
    with open(activity_path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(ACTIVITY_HEADINGS)
        for r, row in enumerate(activity_rows, start=1):
            out.writerow([r] + [_csv_value(v) for v in row])
    return r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, required=True, help="number of people")
    parser.add_argument("--activities", type=int, required=True, help="number of activity rows")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the roster files into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2025, help="calendar year of the activities (a past year)")
    parser.add_argument("--format", choices=("xlsx", "csv", "both"), default="both")
    args = parser.parse_args(argv)
    if args.staff < 1 or args.activities < 0:
        parser.error("--staff must be at least 1 and --activities at least 0")
    args.out.mkdir(parents=True, exist_ok=True)
    written = []
    if args.format in ("xlsx", "both"):
        people, rows = generate(args.staff, args.activities, args.seed, args.year)
        count = write_xlsx(args.out / "roster.xlsx", people, rows)
        written.append(f"{args.out / 'roster.xlsx'}: {len(people)} staff, {count} activities")
    if args.format in ("csv", "both"):
        people, rows = generate(args.staff, args.activities, args.seed, args.year)
        count = write_csv(args.out / "pegawai.csv", args.out / "kegiatan.csv", people, rows)
        written.append(f"{args.out / 'pegawai.csv'} + kegiatan.csv: {len(people)} staff, {count} activities")
    print("\n".join(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
