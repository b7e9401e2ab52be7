"""`starterkit init`: a client project's editable spec, its schema and an example CSV."""

from __future__ import annotations

from pathlib import Path

from starterkit.errors import OutputError

EXAMPLE_NETWORKS = """\
organization,network_name,cycle_start,sponsor,steward,data_partner,cadence
Northwind Utilities,Field Repair Network,2027-01-11,Dana Whitfield,Ravi Menon,Lee Park,every_two_weeks
Northwind Utilities,Contact Centre Network,2027-04-12,Sam Ortiz,Mia Chen,Lee Park,weekly
"""
SPEC_FILE = "kit.yaml"
SCHEMA_FILE = "schema.json"
NETWORKS_FILE = "networks.csv"


def init_project(directory: Path, force: bool = False) -> list[Path]:
    """Write the project files into ``directory`` (created if missing), all or none.

    Existing files are kept unless ``force``; returns the paths written.
    """
    from starterkit.files.atomic import write_all_atomically
    from starterkit.spec import default_spec_text
    from starterkit.spec.schema import schema_text

    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} is a file — give a folder for the project files")
    files = {
        SPEC_FILE: default_spec_text(),
        SCHEMA_FILE: schema_text(),
        NETWORKS_FILE: EXAMPLE_NETWORKS,
    }
    existing = [directory / name for name in files if (directory / name).exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        raise OutputError(
            f"{names} already exist{'s' if len(existing) == 1 else ''} — "
            "nothing was written; use --force to overwrite"
        )
    return write_all_atomically(directory, {name: [text] for name, text in files.items()})
