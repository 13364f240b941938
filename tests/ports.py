"""A free loopback port for the servers the suite starts (SMTP, PostgreSQL, ``vigie serve``)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nobody listens on now; the caller binds it at once, so a race is unlikely."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
