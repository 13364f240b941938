"""A real RFC 3161 time-stamping authority for tests: OpenSSL's ``ts -reply`` behind a small HTTP
handler on loopback, signing with a throwaway CA made here (nothing of it outlives the test).

``TestTsa.mode`` makes it misbehave on purpose: ``"ok"``, ``"error"`` (HTTP 500), ``"garbage"``
(bytes that are no reply), ``"other-hash"`` (a genuine token, for another digest) and ``"slow"``
(answers after the client gave up).
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONFIG = """\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _run(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_authority(root: Path, name: str = "Vigie Test") -> Path:
    """A CA and a TSA certificate signed by it under ``root``; returns the CA's PEM file."""
    root.mkdir(parents=True, exist_ok=True)
    _run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
         "-days", "2", "-subj", f"/CN={name} CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=root)  # fmt: skip
    _run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
         "-subj", f"/CN={name} TSA", cwd=root)  # fmt: skip
    (root / "tsa.ext").write_text(
        "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n"
    )
    _run("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "tsa.ext", cwd=root)  # fmt: skip
    (root / "serial").write_text("01\n")
    (root / "tsa.cnf").write_text(CONFIG.format(dir=root))
    return root / "ca.pem"


class TestTsa:
    """The running authority: ``url``, ``ca_file`` and the ``mode`` it answers in."""

    __test__ = False  # not a pytest test class

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ca_file = make_authority(root)
        self.mode = "ok"
        self.requests = 0
        self._lock = threading.Lock()
        self.url = ""

    def reply(self, query: bytes) -> tuple[int, bytes]:
        self.requests += 1
        if self.mode == "error":
            return 500, b"internal error"
        if self.mode == "garbage":
            return 200, b"\x30\x03\x02\x01\x07 not a reply"
        if self.mode == "slow":
            time.sleep(1.5)
        if self.mode == "other-hash":
            query = self._query_for(hashlib.sha256(b"something else").hexdigest())
        return 200, self._sign(query)

    def _query_for(self, digest: str) -> bytes:
        done = subprocess.run(
            ["openssl", "ts", "-query", "-digest", digest, "-sha256", "-cert"],
            capture_output=True,
            check=True,
        )
        return done.stdout

    def _sign(self, query: bytes) -> bytes:
        with self._lock:  # openssl's serial file is not safe under concurrent writers
            (self.root / "query.tsq").write_bytes(query)
            _run("ts", "-reply", "-config", "tsa.cnf", "-queryfile", "query.tsq",
                 "-out", "reply.tsr", cwd=self.root)  # fmt: skip
            return (self.root / "reply.tsr").read_bytes()


@contextmanager
def running_tsa(root: Path) -> Iterator[TestTsa]:
    tsa = TestTsa(root)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            status, body = tsa.reply(self.rfile.read(length))
            self.send_response(status)
            self.send_header("content-type", "application/timestamp-reply")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # the client may have given up (the "slow" mode)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tsa.url = f"http://127.0.0.1:{server.server_address[1]}/tsa"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tsa
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
