#!/usr/bin/env python3
"""Loads a povsim HTML report in headless Chromium and checks that it really draws.

Usage: check_report.py REPORT.html [--screenshot OUT.png] [--study STUDY.h5 [--ceiling X]] [--no-browser]

The page's script (output/report/report.js) leaves its verdict on <body>: data-charts-expected
(written by povsim), data-charts-rendered, data-errors (script errors and console.error) and
data-report-ready, and on each canvas data-ink, the number of painted pixels, and data-points,
the number of finite data values drawn (axes alone paint thousands of pixels). This script reads
them from the DOM Chromium dumps after running the page, also scans Chromium's console log, and
takes a screenshot that must not be blank. Exit 0 when everything holds, 1 with the reasons
otherwise, 2 when Chromium is missing.

With --study (the report's only study file, read with h5py), the page's embedded numbers are
checked against a computation of its own from the study's raw replications: each variant's total
spending minus the baseline's, paired by replication id (mean, P5, P95 per year, 万元); the change
of each programme's mean spending; the baseline's programme stack and, with --ceiling (万元 per
year), the share of replications above it; and that empty sections are absent (no poor villages:
no village chart; no poor counties: no county chart; no variant: no comparison sections; no
[[targets]]: no validation section) and present otherwise. --no-browser skips Chromium.
"""
import html as htmllib
import json
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


def report_json(page):
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1)) if m else None


def close(a, b, tol=1e-6):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def percentile7(values, q):
    """Type-7 (linear) percentile, written out so the check does not share povsim's code."""
    v = sorted(values)
    h = (len(v) - 1) * q
    lo = int(h)
    return v[lo] + (h - lo) * (v[min(lo + 1, len(v) - 1)] - v[lo])


def compare_series(what, got, want, problems):
    if got is None or len(got) != len(want):
        problems.append("%s: %s values for %d years" % (what, "no" if got is None else len(got), len(want)))
        return
    for y, (g, w) in enumerate(zip(got, want)):
        if not close(g, w):
            problems.append("%s, year %d: page %r, study %r" % (what, y, g, w))


def check_study(page, study_path, ceiling, problems):
    import h5py  # only this check needs it
    data = report_json(page)
    if data is None:
        problems.append("no #report-data block in the page")
        return
    charts = data["charts"]
    sections = set(re.findall(r'<section id="([\w-]+)"', page))
    with h5py.File(study_path, "r") as f:
        names = list(data["scenarios"])
        groups = f["scenarios"]
        if sorted(names) != sorted(groups.keys()):
            problems.append("scenarios %s in the page, %s in the study" % (names, sorted(groups.keys())))
            return
        base, variants = names[0], names[1:]

        def budget(name):
            g = groups[name]
            if "budget/spending" not in g:
                return None
            spend = g["budget/spending"][...]  # run, year, programme, source (yuan)
            ids = [int(i) for i in g["budget/run"][...]]
            progs = [p.decode() if isinstance(p, bytes) else str(p) for p in g["budget/programme"][...]]
            totals = spend.sum(axis=(2, 3)) / 1e4
            by_prog = spend.sum(axis=3).mean(axis=0) / 1e4  # year, programme
            return {"ids": ids, "totals": totals, "progs": progs, "by_prog": by_prog}

        def metric_all_zero(metric):
            return all(metric not in groups[n]["runs"] or not groups[n]["runs"][metric][...].any() for n in names)

        b = budget(base)
        n_checked = 0
        # The baseline's stack by programme and the ceiling.
        stack = [c for c in charts if c["kind"] == "stack" and c.get("by") == "programme"]
        if b is not None:
            if len(stack) != 1 or stack[0]["scenario"] != base:
                problems.append("expected one programme stack, of the baseline; found %d" % len(stack))
            else:
                got = {s["key"]: s["values"] for s in stack[0]["series"]}
                for k, prog in enumerate(b["progs"]):
                    want = list(b["by_prog"][:, k])
                    if any(want):
                        compare_series("baseline stack, " + prog, got.get(prog), want, problems)
                        n_checked += 1
                    elif prog in got:
                        problems.append("baseline stack shows %s, which never spends" % prog)
                if ceiling is None:
                    if "ceiling" in stack[0]:
                        problems.append("a ceiling on the chart though none was given")
                else:
                    shares = [sum(1 for v in b["totals"][:, y] if v > ceiling) / len(b["totals"])
                              for y in range(b["totals"].shape[1])]
                    anyyear = sum(1 for r in b["totals"] if max(r) > ceiling) / len(b["totals"])
                    if not close(stack[0].get("ceiling"), ceiling):
                        problems.append("ceiling %r on the chart, %r given" % (stack[0].get("ceiling"), ceiling))
                    compare_series("share above the ceiling", stack[0].get("share_above"), shares, problems)
                    if not close(stack[0].get("share_above_any"), anyyear):
                        problems.append("share above the ceiling in any year: page %r, study %r"
                                        % (stack[0].get("share_above_any"), anyyear))
        # Each variant: total spending paired by replication id, and the change by programme.
        for v in variants:
            vb = budget(v)
            if b is None or vb is None:
                continue
            pos = {rid: i for i, rid in enumerate(vb["ids"])}
            pairs = [(i, pos[rid]) for i, rid in enumerate(b["ids"]) if rid in pos]
            diff = [[vb["totals"][j, y] - b["totals"][i, y] for i, j in pairs] for y in range(b["totals"].shape[1])]
            spend = [c for c in charts if c["kind"] == "band" and c.get("metric") == "budget_total"
                     and c.get("variant") == v]
            same_seed = len(pairs) == len(b["ids"]) == len(vb["ids"])
            if not same_seed:
                continue
            if len(spend) != 1:
                problems.append("%s: %d spending-difference charts, expected 1" % (v, len(spend)))
            else:
                s = spend[0]["series"][0]
                compare_series(v + " spending difference mean", s["mean"], [sum(d) / len(d) for d in diff], problems)
                compare_series(v + " spending difference P5", s["p05"], [percentile7(d, 0.05) for d in diff], problems)
                compare_series(v + " spending difference P95", s["p95"], [percentile7(d, 0.95) for d in diff], problems)
                n_checked += 3
            delta = [c for c in charts if c["kind"] == "delta_stack" and c.get("variant") == v]
            if len(delta) != 1:
                problems.append("%s: %d programme-change charts, expected 1" % (v, len(delta)))
                continue
            got = {s["key"]: s["values"] for s in delta[0]["series"]}
            progs = sorted(set(b["progs"]) | set(vb["progs"]))
            net = [0.0] * b["totals"].shape[1]
            for prog in progs:
                want = [(vb["by_prog"][y, vb["progs"].index(prog)] if prog in vb["progs"] else 0.0)
                        - (b["by_prog"][y, b["progs"].index(prog)] if prog in b["progs"] else 0.0)
                        for y in range(len(net))]
                net = [a + w for a, w in zip(net, want)]
                if any(want):
                    compare_series(v + " change of " + prog, got.get(prog), want, problems)
                    n_checked += 1
                elif prog in got:
                    problems.append("%s: change chart shows %s, which does not change" % (v, prog))
            compare_series(v + " net change", delta[0].get("net"), net, problems)

        # Hidden when empty, shown otherwise.
        def expect(present, what, shown):
            if present != shown:
                problems.append("%s %s" % (what, "is missing" if present else "is shown though empty"))

        stock = {c.get("stock_metric") for c in charts if c["kind"] == "timeline"}
        expect(not (metric_all_zero("n_poor_villages") and metric_all_zero("new_village_exits")),
               "the village chart", "n_poor_villages" in stock)
        expect(not (metric_all_zero("n_poor_counties") and metric_all_zero("new_county_exits")),
               "the county chart", "n_poor_counties" in stock)
        expect(bool(variants), "the difference section", "differences" in sections)
        expect(bool(variants), "the summary section", "summary" in sections)
        expect(bool(variants) and b is not None, "the budget-change section", "budget-differences" in sections)
        stating = [n for n in names if "[[targets]]" in groups[n].attrs.get("scenario_text", "")]
        expect(bool(stating), "the validation section", "validation" in sections)
        # One table per distinct validation; every scenario that states targets is in exactly one.
        tables = [htmllib.unescape(t) for t in re.findall(r'<table class="validation" data-scenario="([^"]*)"', page)]
        listed = [n for t in tables for n in t.split(", ")]
        for n in stating:
            if listed.count(n) != 1:
                problems.append("scenario %s is in %d validation tables, expected 1" % (n, listed.count(n)))
        print("%s: %d series checked against %s; %d validation table(s) for %d scenario(s) with targets"
              % (os.path.basename(study_path), n_checked, os.path.basename(study_path), len(tables), len(stating)))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    report = os.path.abspath(argv[1])
    screenshot = argv[argv.index("--screenshot") + 1] if "--screenshot" in argv else None
    study = argv[argv.index("--study") + 1] if "--study" in argv else None
    ceiling = float(argv[argv.index("--ceiling") + 1]) if "--ceiling" in argv else None
    problems = []
    if study:
        with open(report, encoding="utf-8") as f:
            check_study(f.read(), study, ceiling, problems)
    if "--no-browser" in argv:
        for p in problems:
            print("FAIL: " + p)
        return 1 if problems else 0
    browser = chromium()
    if not browser:
        print("chromium is missing: run `bash scripts/install-deps.sh` (Debian package chromium)")
        return 2
    url = "file://" + report
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
