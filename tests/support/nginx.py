"""nginx from Debian in front of several bot instances, started by a test and stopped by it.

The configuration is the one the README's deploy notes show, with loopback ports and a
temporary prefix: one ``upstream`` of the instances, ``proxy_pass`` of /telegram to it.
``proxy_next_upstream ... non_idempotent`` lets nginx try another instance when one is
down, even for a POST: safe here because the bot applies each update_id once.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.support.postgres import free_port

CONFIG = """\
worker_processes 1;
daemon off;
user root;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$upstream_addr $status';
    access_log {root}/access.log upstream;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
{upstream}
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
"""

UPSTREAM = """\
    upstream bot_instances {{
{servers}
        keepalive 16;
    }}"""

LOCATION = """\
        location /telegram {
            proxy_pass http://bot_instances;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            client_max_body_size 1m;
        }"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def render_config(root: Path, port: int, instance_ports: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in instance_ports)
    return CONFIG.format(root=root, port=port, upstream=UPSTREAM.format(servers=servers), location=LOCATION)


class Nginx:
    """A running nginx proxying 127.0.0.1:``port``/telegram to the instance ports."""

    def __init__(self, instance_ports: list[int]) -> None:
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
        self.binary = binary
        self.root = Path(tempfile.mkdtemp(prefix="cwzs-nginx-"))
        self.port = free_port()
        (self.root / "nginx.conf").write_text(render_config(self.root, self.port, instance_ports))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    def start(self) -> "Nginx":
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.root), "-c", str(self.root / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while not (self.root / "nginx.pid").exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                self.stop()
                raise RuntimeError(f"nginx did not start: {error}")
            time.sleep(0.02)
        return self

    def upstreams_used(self) -> Counter[str]:
        """How many posts each instance (host:port) answered, from the access log (tests prove
        with it that the proxy really spread the clerks)."""
        log = self.root / "access.log"
        lines = log.read_text().splitlines() if log.exists() else []
        return Counter(address for line in lines for address in line.split()[0].split(",") if address.strip())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: fast shutdown of master and workers
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        shutil.rmtree(self.root, ignore_errors=True)
