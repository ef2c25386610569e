#!/usr/bin/env python3
"""Render an episode's HTML report headless with Chromium and save a PNG screenshot.

    python tools/screenshot_report.py [REPORT.html] [-o OUT.png]

Defaults: ``samples/000_7e3d9c830176a7c7.report.html`` → ``samples/000_7e3d9c830176a7c7.report.png``.
Chromium comes from Debian's packages (``apt-get install -y chromium``); it runs with a throwaway
profile and with every background network feature off, so rendering the (self-contained) report
touches nothing outside the page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HTML = ROOT / "samples" / "000_7e3d9c830176a7c7.report.html"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env:
        return env
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 1800, timeout: float = 120) -> None:
    browser = find_browser()
    if browser is None:
        raise SystemExit("no Chromium found: apt-get install -y chromium (or set CHROMIUM=/path/to/it)")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="subkit-chromium-") as profile:
        tmp_png = Path(profile) / "shot.png"
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}",
            f"--screenshot={tmp_png}", f"--window-size={width},{height}",
            html.resolve().as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0 or not tmp_png.is_file():
            sys.stderr.write(proc.stderr[-2000:])
            raise SystemExit(f"chromium failed (exit {proc.returncode})")
        shutil.move(str(tmp_png), png)  # whole file, in place only when complete


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, default=DEFAULT_HTML)
    parser.add_argument("-o", "--output", type=Path, help="PNG file (default: the HTML's name with .png)")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1800)
    args = parser.parse_args(argv)
    if not args.html.is_file():
        raise SystemExit(f"{args.html}: no such file (run `subkit episode` first)")
    out = args.output or args.html.with_suffix(".png")
    screenshot(args.html, out, args.width, args.height)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
