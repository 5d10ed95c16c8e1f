#!/usr/bin/python3
"""Open a povsim budget workbook with a real reader (openpyxl) and check it against the study.

Usage: read_workbook.py BUDGET.xlsx STUDY.h5 SCENARIO CEILING_WAN [BUDGET.csv]

Every number is recomputed independently from the study's budget/spending and budget/need
arrays [run x year x programme x source] (yuan) and runs/new_exits with NumPy: totals per
year (mean, type-7 P5/P50/P95), budget need and shortfall, each programme and funding source,
the long table, cumulative cost per exit, and the share of replications whose yearly total
exceeds CEILING_WAN (万元). Also checks the sheet names, frozen header rows and number
formats. With a CSV, checks its rows the same way. Prints a few figures and exits 0, or lists
what failed and exits 1.
"""
import csv
import math
import sys

import h5py
import numpy as np
import openpyxl

SHEETS = ["概要 Summary", "按年度 By year", "按项目 By programme", "按资金来源 By source", "明细 Detail",
          "每户脱贫成本 Cost per exit", "超上限概率 Ceiling risk"]
TOTAL = "合计 Total"


def stats(per_run):
    """Mean, P5, P50, P95 across replications (axis 0), in 万元."""
    per_run = np.asarray(per_run) / 1e4
    return [per_run.mean(axis=0)] + [np.percentile(per_run, q, axis=0, method="linear") for q in (5, 50, 95)]


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    xlsx, h5, scenario, ceiling = argv[1], argv[2], argv[3], float(argv[4])
    problems = []

    def need(cond, msg):
        if not cond:
            problems.append(msg)
        return cond

    def close(got, want, where):
        ok = isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
        need(ok, f"{where}: workbook has {got!r}, study gives {want!r}")

    with h5py.File(h5, "r") as f:
        sc = f[f"scenarios/{scenario}"]
        years = list(f["years"][()])
        seed, runs_stored = int(f["meta"].attrs["seed"]), len(sc["replication"])
        spend, need_arr = sc["budget/spending"][()], sc["budget/need"][()]
        programmes = list(sc["budget/programme"].asstr()[()])
        sources = list(sc["budget/source"].asstr()[()])
        exits = sc["runs/new_exits"][()]
    n_years = len(years)
    used = [s for s in range(len(sources)) if np.any(spend[:, :, :, s] != 0)]
    total = spend.sum(axis=(2, 3))            # run x year
    need_total = need_arr.sum(axis=(2, 3))

    wb = openpyxl.load_workbook(xlsx)
    need(wb.sheetnames == SHEETS, f"sheets are {wb.sheetnames}")

    summary = {row[0]: row[1] for row in wb[SHEETS[0]].iter_rows(min_row=2, values_only=True)}
    need(summary.get("情景 Scenario") == scenario, "summary: scenario name")
    need(summary.get("随机种子 Seed") == str(seed), "summary: seed")
    need(str(summary.get("重复次数 Replications", "")).startswith(f"{runs_stored} "), "summary: replications")
    need("万元" in str(summary.get("单位 Units", "")), "summary: units note")

    ws = wb[SHEETS[1]]
    need(ws.freeze_panes == "B2", f"by year: frozen at {ws.freeze_panes}")
    need(ws["B2"].number_format == "#,##0.0", f"by year: amount format {ws['B2'].number_format!r}")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    need(len(rows) == n_years + 1, f"by year: {len(rows)} rows")
    per_year = stats(total)
    horizon = stats(total.sum(axis=1))
    for y, year in enumerate(years):
        need(rows[y][0] == year, f"by year: row {y} is {rows[y][0]}")
        for c in range(4):
            close(rows[y][1 + c], per_year[c][y], f"by year {year} spending stat {c}")
        close(rows[y][5], need_total[:, y].mean() / 1e4, f"by year {year} need mean")
        close(rows[y][7], (need_total - total)[:, y].mean() / 1e4, f"by year {year} shortfall mean")
    need(str(rows[n_years][0]).startswith(TOTAL), "by year: last row is the horizon total")
    for c in range(4):
        close(rows[n_years][1 + c], horizon[c], f"by year horizon stat {c}")

    def check_wide(name, labels, per_run_of):
        ws = wb[name]
        need(ws.freeze_panes == "B3", f"{name}: frozen at {ws.freeze_panes}")
        head = [ws.cell(row=1, column=2 + 3 * g).value for g in range(len(labels))]
        need(head == labels, f"{name}: groups {head}, expected {labels}")
        for g, label in enumerate(labels):
            per_run = per_run_of(g)                       # run x year
            mean, p05, _, p95 = stats(per_run)
            for y, year in enumerate(years):
                row = 3 + y
                close(ws.cell(row=row, column=2 + 3 * g).value, mean[y], f"{name} {label} {year} mean")
                close(ws.cell(row=row, column=3 + 3 * g).value, p05[y], f"{name} {label} {year} P5")
                close(ws.cell(row=row, column=4 + 3 * g).value, p95[y], f"{name} {label} {year} P95")
            close(ws.cell(row=3 + n_years, column=2 + 3 * g).value, per_run.sum(axis=1).mean() / 1e4,
                  f"{name} {label} horizon mean")

    by_prog = spend.sum(axis=3)
    check_wide(SHEETS[2], programmes + [TOTAL],
               lambda g: by_prog[:, :, g] if g < len(programmes) else total)
    by_src = spend.sum(axis=2)
    check_wide(SHEETS[3], [sources[s] for s in used] + [TOTAL],
               lambda g: by_src[:, :, used[g]] if g < len(used) else total)

    ws = wb[SHEETS[4]]
    need(ws.freeze_panes == "A2" and ws.auto_filter.ref is not None, "detail: frozen header and filter")
    detail = {}
    for year, prog, src, mean, p05, p50, p95 in ws.iter_rows(min_row=2, values_only=True):
        detail[(year, prog, src)] = (mean, p05, p50, p95)
    for y, year in enumerate(years):
        for k, prog in enumerate(programmes):
            for s in used:
                cell = spend[:, y, k, s]
                key = (year, prog, sources[s])
                if np.any(spend[:, :, k, s] != 0):
                    if need(key in detail, f"detail: no row {key}"):
                        for c, want in enumerate(stats(cell)):
                            close(detail[key][c], want, f"detail {key} stat {c}")
                else:
                    need(key not in detail, f"detail: row {key} of a pair never drawn on")
        grand = detail.get((year, TOTAL, TOTAL))
        if need(grand is not None, f"detail: no grand total for {year}"):
            close(grand[0], per_year[0][y], f"detail grand total {year}")
            by_p = sum(detail[(year, p, TOTAL)][0] for p in programmes)
            by_s = sum(detail[(year, TOTAL, sources[s])][0] for s in used)
            close(by_p, grand[0], f"detail {year}: programmes add up to the total")
            close(by_s, grand[0], f"detail {year}: sources add up to the total")

    ws = wb[SHEETS[5]]
    cum_spend, cum_exits = np.cumsum(total, axis=1), np.cumsum(exits, axis=1)
    for y, year in enumerate(years):
        row = [c.value for c in ws[2 + y]]
        close(row[2], exits[:, y].mean(), f"cost {year} exits mean")
        if cum_exits[:, y].mean() > 0:
            close(row[6], cum_spend[:, y].mean() / 1e4 / cum_exits[:, y].mean(), f"cost {year} cumulative per exit")
    cost_per_exit = cum_spend[:, -1].mean() / 1e4 / cum_exits[:, -1].mean()

    ws = wb[SHEETS[6]]
    rows = list(ws.iter_rows(min_row=2, max_row=n_years + 3, values_only=True))
    above = total > ceiling * 1e4
    for y, year in enumerate(years):
        close(rows[y][1], ceiling, f"ceiling {year} value")
        close(rows[y][4], above[:, y].mean(), f"ceiling {year} probability")
        close(rows[y][5], float(above[:, y].sum()), f"ceiling {year} count")
    need(rows[n_years][0] == "任一年 Any year", "ceiling: any-year row")
    close(rows[n_years][4], above.any(axis=1).mean(), "ceiling any-year probability")
    close(rows[n_years + 1][4], (total.sum(axis=1) > ceiling * 1e4 * n_years).mean(), "ceiling horizon probability")
    need(ws.cell(row=2, column=5).number_format == "0.0%", "ceiling: probability format")

    if len(argv) == 6:
        with open(argv[5], newline="", encoding="utf-8") as fh:
            table = list(csv.DictReader(fh))
        need(table and list(table[0].keys()) == ["scenario", "year", "programme", "source", "mean_wan_yuan",
                                                 "p05_wan_yuan", "p50_wan_yuan", "p95_wan_yuan"], "csv header")
        for row in table:
            key = (int(row["year"]), row["programme"], row["source"])
            xl = detail.get((key[0], *(TOTAL if v == "all" else v for v in key[1:])))
            if need(xl is not None, f"csv row {key} not in the workbook"):
                for c, col in enumerate(("mean_wan_yuan", "p05_wan_yuan", "p50_wan_yuan", "p95_wan_yuan")):
                    close(float(row[col]), xl[c], f"csv {key} {col}")
        need(len(table) == len(detail), f"csv has {len(table)} rows, workbook detail {len(detail)}")

    if problems:
        print(f"{xlsx}: {len(problems)} problem(s)")
        for p in problems[:40]:
            print("  " + p)
        return 1
    print(f"{xlsx}: ok; {scenario}, {runs_stored} runs; {years[0]} total {per_year[0][0]:.1f} 万元 "
          f"[{per_year[1][0]:.1f}-{per_year[3][0]:.1f}], P(> {ceiling:g}) = {above[:, 0].mean():.2f}; "
          f"horizon {horizon[0]:.1f} 万元, cost per exit {cost_per_exit:.2f} 万元/户")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
