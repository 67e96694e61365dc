"""A throwaway PostgreSQL for the DuckLake tests and benchmarks, and for trying a lake on one machine
(``python -m etl.tools.throwaway_postgres`` prints an attach string and runs until Ctrl-C): Debian's server binaries (``initdb``, ``pg_ctl``) in a temp
folder, on a free port and a private socket, stopped and removed at the end. As root (CI containers), the
server runs as the ``postgres`` account the package creates, since PostgreSQL refuses to run as root."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    root: Path
    port: int
    bin: Path
    user: str | None      # the account the server runs as (None: this one)

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def createdb(self, name: str) -> str:
        self._run("createdb", "-h", str(self.root), "-p", str(self.port), "-U", "postgres", name)
        return name

    def lake(self, name: str, data_path: Path) -> str:
        """A DuckLake attach string for a new database on this server, its data files under ``data_path``."""
        self.createdb(name)
        data_path.mkdir(parents=True, exist_ok=True)
        return (f"ducklake:postgres:dbname={name} host={self.root} port={self.port} user=postgres "
                f"(DATA_PATH '{data_path}/')")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run("pg_ctl", "-D", str(self.root / "db"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start() -> Server:
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries not found (Debian package postgresql; "
                                "scripts/setup_system.sh --test installs it)")
    root = Path(tempfile.mkdtemp(prefix="djcx-pg."))
    user = None
    if os.geteuid() == 0:
        user = "postgres"
        pw = pwd.getpwnam(user)
        os.chown(root, pw.pw_uid, pw.pw_gid)
        os.chmod(root, 0o755)
    server = Server(root, _free_port(), bin_dir, user)
    try:
        server._run("initdb", "-D", str(root / "db"), "-A", "trust", "-U", "postgres", "--no-sync")
        server._run("pg_ctl", "-D", str(root / "db"), "-l", str(root / "server.log"), "-w", "-o",
                    f"-p {server.port} -k {root} -c listen_addresses='' -c fsync=off", "start")
    except BaseException:
        server.stop()
        raise
    return server


def main() -> None:
    import time

    server = start()
    try:
        data = server.root / "lake-files"
        print(server.lake("djcx", data))
        print("PostgreSQL on port", server.port, "— Ctrl-C stops it and deletes everything", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
