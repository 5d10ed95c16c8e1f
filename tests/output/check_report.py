#!/usr/bin/env python3
"""Loads a povsim HTML report in headless Chromium and checks that it really draws.

Usage: check_report.py REPORT.html [--screenshot OUT.png]

The page's script (output/report/report.js) leaves its verdict on <body>: data-charts-expected
(written by povsim), data-charts-rendered, data-errors (script errors and console.error) and
data-report-ready, and on each canvas data-ink, the number of painted pixels, and data-points,
the number of finite data values drawn (axes alone paint thousands of pixels). This script reads
them from the DOM Chromium dumps after running the page, also scans Chromium's console log, and
takes a screenshot that must not be blank. Exit 0 when everything holds, 1 with the reasons
otherwise, 2 when Chromium is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

MIN_INK = 1000          # a canvas with axes but no data still paints a few thousand pixels
WINDOW = (1400, 3000)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(browser, url, extra, profile):
    # A profile of its own per run: parallel tests must not share Chromium's profile lock.
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=5000", "--user-data-dir=" + profile, "--hide-scrollbars"] + extra + [url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def attributes(tag):
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def check_dom(dom, log, problems):
    body = re.search(r"<body[^>]*>", dom)
    if not body:
        problems.append("no <body> in the dumped DOM")
        return 0
    attrs = attributes(body.group(0))
    expected, rendered = attrs.get("data-charts-expected"), attrs.get("data-charts-rendered")
    if attrs.get("data-report-ready") != "1":
        problems.append("the page's script did not finish (data-report-ready missing)")
    if expected is None or rendered != expected:
        problems.append("charts rendered %s of %s expected" % (rendered, expected))
    if attrs.get("data-errors"):
        problems.append("errors in the page: " + attrs["data-errors"])
    for line in log.splitlines():
        if ":CONSOLE" in line and re.search(r"error|uncaught", line, re.IGNORECASE):
            problems.append("console: " + line.strip())
    canvases = [attributes(t) for t in re.findall(r"<canvas[^>]*>", dom)]
    for c in canvases:
        ink = int(c.get("data-ink", "0") or 0)
        points = int(c.get("data-points", "0") or 0)
        if ink < MIN_INK:
            problems.append("chart %s is blank (%d painted pixels)" % (c.get("id"), ink))
        if points < 1:
            problems.append("chart %s draws no data (axes only)" % c.get("id"))
    if expected is not None and len(canvases) != int(expected):
        problems.append("%d canvases for %s expected charts" % (len(canvases), expected))
    return len(canvases)


def check_png(path, problems):
    """Not blank: a uniform page compresses to almost nothing, a page of charts and tables does not."""
    try:
        data = open(path, "rb").read()
    except OSError as e:
        problems.append("no screenshot: %s" % e)
        return
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        problems.append("the screenshot is not a PNG")
        return
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    idat, pos = b"", 8
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    ratio = len(raw) / max(1, len(idat))
    print("screenshot %s: %dx%d, %d bytes, compression ratio %.0f" % (path, width, height, len(data), ratio))
    if (width, height) != WINDOW:
        problems.append("screenshot is %dx%d, not %dx%d" % (width, height, WINDOW[0], WINDOW[1]))
    if len(idat) < 50000 or ratio > 200:
        problems.append("the screenshot looks blank (%d compressed bytes, ratio %.0f)" % (len(idat), ratio))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    report = os.path.abspath(argv[1])
    screenshot = argv[argv.index("--screenshot") + 1] if "--screenshot" in argv else None
    browser = chromium()
    if not browser:
        print("chromium is missing: run `bash scripts/install-deps.sh` (Debian package chromium)")
        return 2
    url = "file://" + report
    problems = []
    with tempfile.TemporaryDirectory(prefix="povsim-chromium-") as profile:
        dumped = run_chromium(browser, url, ["--dump-dom"], profile)
        if dumped.returncode != 0:
            problems.append("chromium --dump-dom exited %d: %s" % (dumped.returncode, dumped.stderr[-2000:]))
        n = check_dom(dumped.stdout, dumped.stderr, problems)
        print("%s: %d charts checked in %s" % (report, n, browser))
        if screenshot:
            shot = run_chromium(browser, url, ["--screenshot=" + os.path.abspath(screenshot),
                                               "--window-size=%d,%d" % WINDOW], profile)
            if shot.returncode != 0:
                problems.append("chromium --screenshot exited %d" % shot.returncode)
            check_png(screenshot, problems)
    for p in problems:
        print("FAIL: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
