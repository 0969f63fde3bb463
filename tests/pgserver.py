"""Run a command against a throw-away PostgreSQL cluster: `python tests/pgserver.py CMD...`.

The cluster lives in a temporary folder, listens on a loopback port only, runs as an unprivileged user
(`postgres` when started by root) and is removed afterwards. The command sees its URL in JPLEDGER_TEST_PG.
Where no PostgreSQL server programs are installed it says so and exits 0, so `make test` still passes on a
machine without them; CI installs them (see .ci/run) so both back ends always run there.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


def find_bindir() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if out:
            candidates.append(out)
    for path in candidates:
        if os.path.exists(os.path.join(path, "initdb")) and os.path.exists(os.path.join(path, "pg_ctl")):
            return path
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_user(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root: drop to the `postgres` account when we are root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: pgserver.py COMMAND [ARGS...]", file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        print("PostgreSQL server programs not found: skipping the PostgreSQL run of the suite "
              "(install Debian's `postgresql` package to run it)", file=sys.stderr)
        return 0
    base = tempfile.mkdtemp(prefix="jpledger-pg-")
    data, sockets = os.path.join(base, "data"), os.path.join(base, "sock")
    os.mkdir(sockets)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    log = os.path.join(base, "server.log")
    try:
        subprocess.run(as_user([f"{bindir}/initdb", "-D", data, "-A", "trust", "-U", "jpledger", "-E", "UTF8",
                                "--no-sync"]), check=True, stdout=subprocess.DEVNULL)
        # The suite's own superuser logs in without a password; every other role (the officers the tests make)
        # must give theirs, so a test can prove a password works and a wrong one does not.
        with open(os.path.join(data, "pg_hba.conf"), "w", encoding="utf-8") as hba:
            hba.write("local all jpledger trust\nhost all jpledger 127.0.0.1/32 trust\n"
                      "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\n")
        options = (f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(as_user([f"{bindir}/pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        url = f"postgresql+psycopg://jpledger@127.0.0.1:{port}/postgres"
        print(f"PostgreSQL {os.path.basename(os.path.dirname(bindir))} running on 127.0.0.1:{port} for the suite",
              file=sys.stderr)
        started = time.monotonic()
        code = subprocess.call(argv, env=dict(os.environ, JPLEDGER_TEST_PG=url))
        print(f"PostgreSQL run finished in {time.monotonic() - started:.0f} s", file=sys.stderr)
        return code
    finally:
        subprocess.run(as_user([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
