"""The `starterkit` command: a thin layer over the library. Each command parses its
options, calls the library and prints the results; errors end it in one place
(``cli.boundary``, which also lists the exit codes).
"""

from __future__ import annotations

# Each module adds its commands to the group.
from starterkit.cli import kits, loop, playbook, reports  # noqa: F401
from starterkit.cli.group import main

__all__ = ["main"]
