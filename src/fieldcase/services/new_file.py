"""Writing a file that leaves the encrypted store: only where asked, never over another.

Every export goes through ``write_new_file``: the file is created only if
nothing is at that path, readable and writable by the officer's account alone
(0600), and a failed write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_new_file(path: Path, content: bytes) -> None:
    """Create ``path`` holding ``content``, readable by its owner alone.

    Raises:
        FileExistsError: Something is already at ``path``; it is left as it was.
        OSError: The file cannot be written there (a half-written file is removed).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
