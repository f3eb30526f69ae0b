"""Which files a run checks: the files named, and every file of a known form under the folders named."""

from __future__ import annotations

import os
from typing import Callable, Iterable

from lint.ingest.forms import supported


def expand_paths(paths: Iterable[str], excluded: Callable[[str], bool] = lambda path: False,
                 skip: Iterable[str] = ()) -> list[str]:
    """Files as given, and every supported file under a given folder.

    Folders are walked in sorted order; hidden files and folders, Word's ``~$``
    lock files, what ``excluded`` says the configuration excludes and the files
    in ``skip`` (this run's own output) are left out.  A file named on the
    command line is always checked.
    """
    skipped = {os.path.realpath(p) for p in skip}
    out: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            out.append(path)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith((".", "~$")) or not supported(name):
                    continue
                full = os.path.join(root, name)
                if excluded(full) or os.path.realpath(full) in skipped:
                    continue
                out.append(full)
    return out
