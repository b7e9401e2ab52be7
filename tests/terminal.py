"""Run the real `starterkit` command with standard error on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys


def run_on_a_terminal(*args: str) -> tuple[subprocess.CompletedProcess, bytes]:
    """The finished process (stdout captured) and everything it wrote to the terminal."""
    leader, follower = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "starterkit", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        timeout=120,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes once the process is gone
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process, seen
