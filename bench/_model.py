"""The fr→en package the benchmarks use: the installed one, else the repository's own package
installed into a temporary Argos package directory for this run."""

from __future__ import annotations

import os
import sys
import tempfile


def fr_en_package():
    from subkit import models

    pkg = models.find_package("fr", "en")
    if pkg is None:
        archive = models.bundled_package("fr", "en")
        if archive is None:
            sys.exit("no fr→en model installed and none in models/")
        os.environ["ARGOS_PACKAGES_DIR"] = tempfile.mkdtemp(prefix="subkit-bench-")
        pkg = models.install_file(archive)
    return pkg
