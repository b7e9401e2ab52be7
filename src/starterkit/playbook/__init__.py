"""The network's output as people read it: ``compile_playbook`` merges every pattern of one
or many returned kits (Playbook rows, and patterns only named in Sessions or Cases) into one
playbook; ``render_html``, ``render_markdown`` and ``render_xlsx`` write it; ``session_recap``
writes the five-bullet recap of one held session. None of these touches a file.
"""

from starterkit.playbook.compile import compile_playbook, same_pattern
from starterkit.playbook.model import Pattern, Playbook
from starterkit.playbook.recap import Recap, session_recap
from starterkit.playbook.render import render_html, render_markdown, render_xlsx

__all__ = [
    "Pattern",
    "Playbook",
    "Recap",
    "compile_playbook",
    "render_html",
    "render_markdown",
    "render_xlsx",
    "same_pattern",
    "session_recap",
]
