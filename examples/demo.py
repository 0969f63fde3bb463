"""`make demo`: import the example unit's roster into a scratch ledger and print the year's audit.

Each step is the command an officer would type, echoed before it runs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROSTER = HERE / "roster.xlsx"
YEAR = "2026"


def run(*args: str, env: dict, ok_codes: tuple[int, ...] = (0,)) -> int:
    print(f"\n$ jpledger {shlex.join(args)}", flush=True)
    code = subprocess.call([sys.executable, "-m", "jpledger", *args], env=env)
    if code not in ok_codes:
        sys.exit(f"demo: `jpledger {shlex.join(args)}` exited {code}")
    return code


def main() -> None:
    if not ROSTER.exists():
        subprocess.check_call([sys.executable, str(HERE / "make_roster.py")])
    with tempfile.TemporaryDirectory(prefix="jpledger-demo-") as scratch:
        env = dict(os.environ, JPLEDGER_DB=str(Path(scratch) / "demo.db"), JPLEDGER_ACTOR="demo")
        run("init", env=env)
        run("import", str(ROSTER), env=env)
        # A session recorded at the terminal after the roster came in: Rina coached by her supervisor.
        run("record", "coaching", "19900404 201503 2 006", "--coach", "19780823 200312 2 001",
            "--date", "12 November 2026", "--sessions", "1", "--minutes", "60",
            "--topic", "Rencana pengembangan video pembelajaran", env=env)
        run("statement", "19880610 201403 1 004", "--year", YEAR, env=env)
        # The audit exits 1 when someone is short or over: that is its answer, not a failure of the demo.
        code = run("audit", "--year", YEAR, env=env, ok_codes=(0, 1))
        print(f"\naudit exit code: {code} ({'everyone in line' if code == 0 else 'needs attention'})")


if __name__ == "__main__":
    main()
