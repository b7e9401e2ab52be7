"""starterkit: peer learning network kits as Excel workbooks, built from a spec and read back."""

__version__ = "0.1.0"
