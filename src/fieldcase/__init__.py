"""fieldcase: a keyboard-first case tool for Safer Neighbourhood officers."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fieldcase")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+source"
