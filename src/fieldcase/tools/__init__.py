"""Developer tools run with ``python -m``: the benchmark and the screenshot generator."""
