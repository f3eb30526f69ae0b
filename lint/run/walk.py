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
    command line is always checked, once.
    """
    return [path for path, _walked in walk(paths, excluded, skip)]


def walk(paths: Iterable[str], excluded: Callable[[str], bool] = lambda path: False,
         skip: Iterable[str] = ()) -> list[tuple[str, bool]]:
    """(path, whether it was found by walking a folder) of every file :func:`expand_paths` gives.

    A file found by walking that is plainly no report (a structured file with none
    of a report's keys, such as a ``package.json``) is skipped by the run and
    named in its summary; one named on the command line gets its finding (E006).
    """
    paths = list(paths)
    left_out = {os.path.realpath(p) for p in skip}
    # a file named and also inside a folder named is checked once, as named
    left_out |= {os.path.realpath(p) for p in paths if not os.path.isdir(p)}
    out: list[tuple[str, bool]] = []
    for path in paths:
        if not os.path.isdir(path):
            out.append((path, False))
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith((".", "~$")) or not supported(name):
                    continue
                full = os.path.join(root, name)
                if excluded(full) or os.path.realpath(full) in left_out:
                    continue
                out.append((full, True))
    return out
