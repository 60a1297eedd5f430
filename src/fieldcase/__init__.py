"""fieldcase: a keyboard-first case tool for Safer Neighbourhood officers."""

__version__ = "0.2.0"
"""The one place the version is written: the package build and ``--version`` read it."""
