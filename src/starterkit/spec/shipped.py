"""The specs that come with the package: the default kit and the example kits.

A returned kit that lost its record of its own spec (a stripped export) is read with the
labels of whichever of these its sheets show, so a translated or reworded kit still reads.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starterkit.spec.model import KitSpec

#: The examples' folder inside the package: one folder per example, each with its kit.yaml.
EXAMPLES = "examples"


@functools.cache
def shipped_specs() -> tuple[tuple[str, KitSpec], ...]:
    """(name, spec) of the default kit first, then each example kit, by folder name."""
    from importlib import resources  # only a stripped kit needs the examples

    from starterkit.spec.load import default_spec, load_spec

    specs: list[tuple[str, KitSpec]] = [("default kit", default_spec())]
    folder = resources.files("starterkit.spec").joinpath(EXAMPLES)
    if folder.is_dir():
        for example in sorted(folder.iterdir(), key=lambda item: item.name):
            spec_file = example.joinpath("kit.yaml")
            if spec_file.is_file():
                specs.append((f"{example.name} example kit", load_spec(Path(str(spec_file)))))
    return tuple(specs)
