"""A throwaway PostgreSQL cluster for tests and benchmarks: real server, nothing mocked.

initdb in a temporary folder, owned by and run as the ``postgres`` OS user (the server
refuses to run as root; tests here run as root), listening on a free loopback port
with its unix socket in the same folder. ``stop`` shuts it down and removes the folder.
"""

from __future__ import annotations

import os
import pwd
import signal
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psutil
import psycopg

PG_BIN_CANDIDATES = [Path("/usr/lib/postgresql") / v / "bin" for v in ("17", "16", "15", "14", "13")]
OS_USER = "postgres"


def find_pg_bin() -> Path | None:
    """The folder of initdb/pg_ctl, or None when PostgreSQL's server is not installed."""
    for folder in PG_BIN_CANDIDATES:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ensure_os_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", OS_USER], check=True)
        return pwd.getpwnam(OS_USER)


class PgCluster:
    """One running cluster; ``url(dbname)`` gives a connection string for a database in it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="cwzs-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._as_postgres: list[str] = []
        self.started = False

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_postgres, *args], check=True, capture_output=True)

    def start(self) -> "PgCluster":
        user = _ensure_os_user()
        os.chmod(self.root, 0o755)
        os.chown(self.root, user.pw_uid, user.pw_gid)
        if os.geteuid() == 0:
            self._as_postgres = ["runuser", "-u", OS_USER, "--"]
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self._pg_ctl_start()
        self.started = True
        return self

    def _pg_ctl_start(self) -> None:
        # Durable as in production: fsync and synchronous_commit on (the defaults, said out loud).
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start")

    def restart(self) -> None:
        """Stop the server (fast: connections are cut) and start it again on the same port."""
        self.stop_server()
        self.start_server()

    def stop_server(self) -> None:
        """Shut the server down (fast: open connections are cut); the cluster stays on disk."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def start_server(self) -> None:
        self._pg_ctl_start()

    def server_processes(self) -> list[psutil.Process]:
        """The postmaster and every process it started (backends, writers …)."""
        postmaster = psutil.Process(int((self.data / "postmaster.pid").read_text().split()[0]))
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self) -> None:
        """SIGSTOP the whole server, as a paused VM or a stalled host: connections stay open,
        the kernel still takes our bytes, and nothing answers (not even its own timeouts)."""
        for process in self.server_processes():
            process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        for process in reversed(self.server_processes()):
            process.send_signal(signal.SIGCONT)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self, prefix: str = "t") -> str:
        """A fresh empty database; its connection string."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]  # our own name
        return self.url(name)

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                [*self._as_postgres, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
            )
            self.started = False
        shutil.rmtree(self.root, ignore_errors=True)
