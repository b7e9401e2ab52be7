"""The `starterkit` command group; each family of commands adds itself to it."""

from __future__ import annotations

import click

from starterkit import __version__
from starterkit.cli.boundary import Starterkit


@click.group(cls=Starterkit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="starterkit")
def main() -> None:
    """Build peer learning network kits as Excel workbooks and analyze the filled ones."""
