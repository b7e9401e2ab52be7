"""``upgrade``: a filled kit moved onto a newer spec (reworded or translated labels, new
fields, new choices, larger tables), keeping its kit id and network id.

What the new spec has no place for is listed with its cell and value, and written to a
"Not carried" sheet of the new file: nothing is dropped without a word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starterkit.builder.sheets.review import Extras
from starterkit.loop.carry import NotCarried, as_current_spec, carry
from starterkit.loop.review import not_carried_lines, rebuilt
from starterkit.reader.kit_data import KitData
from starterkit.spec.model import KitSpec


@dataclass(frozen=True)
class Upgraded:
    content: bytes
    not_carried: list[NotCarried]


def upgrade_kit(
    kit_data: KitData, spec: KitSpec, *, build_time: dt.datetime | None = None
) -> Upgraded:

    spec = as_current_spec(spec)
    carried = carry(kit_data, spec)
    extras = Extras(not_carried=not_carried_lines(carried.not_carried))
    content = rebuilt(kit_data, spec, carried.data, build_time, extras)
    return Upgraded(content, carried.not_carried)
