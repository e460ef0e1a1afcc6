"""Toolchain of the Narkomindel 1917–1918 edition: validation and publication of its TEI files."""

__version__ = "0.1.0"
