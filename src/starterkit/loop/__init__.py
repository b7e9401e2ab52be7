"""The 90-day loop: a returned kit turned into the next cycle's kit (``next``), given back
with its findings at their cells (``review``), or moved onto a newer spec (``upgrade``).

Every command goes returned file → kit data → builder, through one function,
``carry.prefill_from``: a returned file is never loaded and saved again.
"""

from starterkit.loop.carry import NotCarried, prefill_from

__all__ = ["NotCarried", "prefill_from"]
