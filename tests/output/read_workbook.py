#!/usr/bin/python3
"""Open a povsim budget workbook with a real reader (openpyxl) and check it against the study.

Usage: read_workbook.py BUDGET.xlsx STUDY.h5 SCENARIO CEILINGS [BUDGET.csv]

CEILINGS: the --ceiling specs given to `povsim budget`, comma-separated (e.g. "9000,county=2000,
2024:total=9000"; 万元).

Every number is recomputed independently from the study's budget/spending and budget/need
arrays [run x year x programme x source] (yuan) and runs/new_exits with NumPy: totals per
year (mean, type-7 P5/P50/P95), budget need and shortfall, each programme and funding source,
the long table, cumulative cost per exit, the share of replications above each ceiling per
year and source with its Wilson 95 % interval (taken here as the roots of the score equation),
and each variant minus the baseline paired by replication id. Also checks the sheet names,
frozen header rows, number formats, page setup (landscape, one page wide, repeated header row,
print area = used range), the two stacked charts, the seed as a number, and the programme names
against the scenario text stored in the study. With a CSV, checks its rows the same way
(amounts rounded to 0.01 万元, as the workbook shows them). Prints a few figures and exits 0, or lists
what failed and exits 1.
"""
import csv
import math
import sys
import tomllib

import h5py
import numpy as np
import openpyxl

SHEETS = ["概要 Summary", "按年度 By year", "按项目 By programme", "按资金来源 By source", "图表 Charts",
          "明细 Detail", "每户脱贫成本 Cost per exit", "超上限概率 Ceilings"]
VARIANTS = "方案差异 Variant - baseline"
Z95 = 1.959963984540054
TOTAL = "合计 Total"


def stats(per_run):
    """Mean, P5, P50, P95 across replications (axis 0), in 万元."""
    per_run = np.asarray(per_run) / 1e4
    return [per_run.mean(axis=0)] + [np.percentile(per_run, q, axis=0, method="linear") for q in (5, 50, 95)]


def wilson(k, n):
    """Both roots p of (p - k/n)^2 = z^2 p (1 - p) / n, the Wilson score interval."""
    ph = k / n
    roots = np.roots([1 + Z95 ** 2 / n, -(2 * ph + Z95 ** 2 / n), ph * ph]).real
    return max(0.0, roots.min()), min(1.0, roots.max())


def parse_specs(text, years):
    """{(source, year): (spec, ceiling)}; "" = total; a year's own spec overrides the every-year one."""
    every, own = {}, {}
    for spec in filter(None, text.split(",")):
        year, _, rest = spec.rpartition(":")
        source, _, value = rest.rpartition("=")
        source = "" if source in ("", "total") else source
        if year:
            own[(source, int(year))] = (spec, float(value))
        else:
            every[source] = (spec, float(value))
    out = {(s, y): v for s, v in every.items() for y in years}
    out.update(own)
    return out


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    xlsx, h5, scenario, ceiling_text = argv[1], argv[2], argv[3], argv[4]
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
        order = []  # creation order, as povsim reads it: the first scenario is the baseline
        try:
            f["scenarios"].id.links.visit(lambda n: order.append(n.decode()), idx_type=h5py.h5.INDEX_CRT_ORDER)
        except Exception:  # creation order not tracked: by name
            order = list(f["scenarios"].keys())
        others = {}
        for name in f["scenarios"]:
            g = f[f"scenarios/{name}"]
            if "budget" in g:
                others[name] = (list(g["replication"][()]), g["budget/spending"][()],
                                list(g["budget/programme"].asstr()[()]))
        labels = {}
        for name in f["scenarios"]:
            text = f[f"scenarios/{name}"].attrs["scenario_text"]
            toml = tomllib.loads(text.decode() if isinstance(text, bytes) else text)
            for pid, p in toml.get("programmes", {}).items():
                labels.setdefault(pid, p.get("label", ""))
        replication = list(sc["replication"][()])
    n_years = len(years)
    used = [s for s in range(len(sources)) if np.any(spend[:, :, :, s] != 0)]
    total = spend.sum(axis=(2, 3))            # run x year
    need_total = need_arr.sum(axis=(2, 3))

    wb = openpyxl.load_workbook(xlsx)
    ceilings = parse_specs(ceiling_text, years)
    sheets = SHEETS if ceilings else SHEETS[:-1]
    sheets = sheets + [VARIANTS] if len(others) > 1 else sheets
    need(wb.sheetnames == sheets, f"sheets are {wb.sheetnames}, expected {sheets}")

    for ws in wb.worksheets:
        ps, name = ws.page_setup, ws.title
        need(ps.orientation == "landscape", f"{name}: orientation {ps.orientation}")
        need(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage,
             f"{name}: not fitted to the page")
        # OOXML: an absent fitToWidth / fitToHeight means 1 (libxlsxwriter writes only other values).
        need(int(ps.fitToWidth if ps.fitToWidth is not None else 1) == 1, f"{name}: fitToWidth {ps.fitToWidth}")
        tall = 1 if name == SHEETS[4] else 0  # the chart page: one page, so no chart is cut
        need(int(ps.fitToHeight if ps.fitToHeight is not None else 1) == tall, f"{name}: fitToHeight {ps.fitToHeight}")
        area = ws.print_area
        area = (area[0] if isinstance(area, list) else area or "").split("!")[-1].replace("$", "")
        if name == SHEETS[4]:
            need(area == "A1:O52", f"{name}: print area {area}")
            continue
        need((ws.print_title_rows or "").replace("$", "") == "1:1", f"{name}: print titles {ws.print_title_rows}")
        used_range = f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        need(area == used_range, f"{name}: print area {area}, used range {used_range}")

    charts = wb[SHEETS[4]]._charts
    if need(len(charts) == 2, f"charts: {len(charts)} found, expected 2"):
        used_src = [s for s in range(len(sources)) if np.any(spend[:, :, :, s] != 0)]
        for chart, n_series, data in ((charts[0], len(programmes), SHEETS[2]), (charts[1], len(used_src), SHEETS[3])):
            need(chart.tagname == "barChart" and chart.type == "col" and chart.grouping == "stacked",
                 f"chart: {chart.tagname} {chart.type} {chart.grouping}")
            need(len(chart.series) == n_series, f"chart on {data}: {len(chart.series)} series, expected {n_series}")
            ref = chart.series[0].val.numRef.f if chart.series else ""
            need(data in ref, f"chart series refers to {ref}, not to {data}")

    summary = {row[0]: row[1] for row in wb[SHEETS[0]].iter_rows(min_row=2, values_only=True)}
    need(summary.get("情景 Scenario") == scenario, "summary: scenario name")
    if seed <= 2 ** 53:
        need(isinstance(summary.get("随机种子 Seed"), (int, float)) and summary["随机种子 Seed"] == seed,
             f"summary: seed {summary.get('随机种子 Seed')!r} is not the number {seed}")
    else:
        need(summary.get("随机种子 Seed") == str(seed) and "种子说明 Seed note" in summary, "summary: text seed, note")
    need(str(summary.get("重复次数 Replications", "")).startswith(f"{runs_stored} "), "summary: replications")
    need("万元" in str(summary.get("单位 Units", "")), "summary: units note")

    ws = wb[SHEETS[1]]
    need(ws.freeze_panes == "B2", f"by year: frozen at {ws.freeze_panes}")
    need(ws["B2"].number_format == "#,##0.00", f"by year: amount format {ws['B2'].number_format!r}")
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

    def check_wide(name, ids, per_run_of, name_of):
        ws = wb[name]
        need(ws.freeze_panes == "D2", f"{name}: frozen at {ws.freeze_panes}")
        head = [ws.cell(row=1, column=4 + y).value for y in range(n_years)]
        need(head == years, f"{name}: year header {head}")
        for g, label in enumerate(ids):
            r0 = 2 + 3 * g
            need(ws.cell(row=r0, column=1).value == label, f"{name}: row {r0} is {ws.cell(row=r0, column=1).value}")
            need(ws.cell(row=r0, column=2).value == name_of(label), f"{name} {label}: name {ws.cell(row=r0, column=2).value!r}")
            per_run = per_run_of(g)                       # run x year
            mean, p05, _, p95 = stats(per_run)
            for k, want in enumerate((mean, p05, p95)):
                for y, year in enumerate(years):
                    close(ws.cell(row=r0 + k, column=4 + y).value, want[y], f"{name} {label} {year} stat {k}")
            close(ws.cell(row=r0, column=4 + n_years).value, per_run.sum(axis=1).mean() / 1e4, f"{name} {label} horizon mean")

    src_names = {"central": "中央财政", "provincial": "省级财政", "municipal": "市级财政", "county": "县级财政",
                 "east_west": "东西部协作", "credit": "金融信贷", "social": "社会帮扶", "household": "农户自筹"}
    by_prog = spend.sum(axis=3)
    check_wide(SHEETS[2], programmes + ["all"], lambda g: by_prog[:, :, g] if g < len(programmes) else total,
               lambda p: TOTAL if p == "all" else labels.get(p, ""))
    by_src = spend.sum(axis=2)
    check_wide(SHEETS[3], [sources[s] for s in used] + ["all"],
               lambda g: by_src[:, :, used[g]] if g < len(used) else total,
               lambda s: TOTAL if s == "all" else src_names[s] + " " + s.replace("east_west", "east–west"))

    ws = wb[SHEETS[5]]
    need(ws.freeze_panes == "A2" and ws.auto_filter.ref is not None, "detail: frozen header and filter")
    detail = {}
    for year, prog, prog_name, src, _, mean, p05, p50, p95 in ws.iter_rows(min_row=2, values_only=True):
        need(prog == "all" or prog_name == labels.get(prog), f"detail: {prog} named {prog_name!r}")
        prog, src = (TOTAL if prog == "all" else prog), (TOTAL if src == "all" else src)
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

    ws = wb[SHEETS[6]]
    cum_spend, cum_exits = np.cumsum(total, axis=1), np.cumsum(exits, axis=1)
    for y, year in enumerate(years):
        row = [c.value for c in ws[2 + y]]
        close(row[2], exits[:, y].mean(), f"cost {year} exits mean")
        if cum_exits[:, y].mean() > 0:
            close(row[6], cum_spend[:, y].mean() / 1e4 / cum_exits[:, y].mean(), f"cost {year} cumulative per exit")
    cost_per_exit = cum_spend[:, -1].mean() / 1e4 / cum_exits[:, -1].mean()

    # Ceilings: one row per (source, year) in force, then "any year" and "sum of years" per source.
    want_rows = {}
    for (src, year), (spec, value) in ceilings.items():
        per_run = total[:, years.index(year)] if src == "" else spend[:, years.index(year), :, sources.index(src)].sum(axis=1)
        k = int((per_run > value * 1e4).sum())
        want_rows[(src or "total", year)] = (value, k, wilson(k, len(per_run)))
    if ceilings:
        ws = wb[SHEETS[7]]
        got = {}
        for row in ws.iter_rows(min_row=2, values_only=True):
            if row[1] is None:
                break
            got[(row[1], row[3])] = row
        for key, (value, k, (lo, hi)) in want_rows.items():
            row = got.get(key)
            if need(row is not None, f"ceiling: no row for {key}"):
                close(row[4], value, f"ceiling {key} value")
                close(row[7], float(k), f"ceiling {key} count above")
                close(row[9], k / runs_stored, f"ceiling {key} probability")
                close(row[10], lo, f"ceiling {key} Wilson low")
                close(row[11], hi, f"ceiling {key} Wilson high")
                text = f"{100 * k / runs_stored:.1f} % [{100 * lo:.1f}–{100 * hi:.1f}]"
                need(row[12] == text, f"ceiling {key}: text {row[12]!r}, expected {text!r}")
        for src in {s for s, _ in ceilings}:
            in_force = sorted(y for s, y in ceilings if s == src)
            if len(in_force) < 2:
                continue
            cols = [years.index(y) for y in in_force]
            per = total if src == "" else spend[:, :, :, sources.index(src)].sum(axis=2)
            lim = np.array([ceilings[(src, y)][1] * 1e4 for y in in_force])
            any_k = int((per[:, cols] > lim).any(axis=1).sum())
            sum_k = int((per[:, cols].sum(axis=1) > lim.sum()).sum())
            row = got.get((src or "total", "任一年 Any year"))
            if need(row is not None, f"ceiling: no any-year row for {src or 'total'}"):
                close(row[7], float(any_k), f"ceiling {src or 'total'} any year")
            row = got.get((src or "total", "合计 Sum of years"))
            if need(row is not None, f"ceiling: no sum-of-years row for {src or 'total'}"):
                close(row[7], float(sum_k), f"ceiling {src or 'total'} sum of years")
                close(row[4], lim.sum() / 1e4, f"ceiling {src or 'total'} sum of years value")
        need(ws.cell(row=2, column=10).number_format == "0.0%", "ceiling: probability format")

    # Each variant minus the baseline (the first scenario), paired by replication id.
    if len(others) > 1:
        ws = wb[VARIANTS]
        got = {(r[0], r[1], r[2]): r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] is not None}
        base = order[0]
        b_ids, b_spend, b_progs = others[base]
        n_checked = 0
        for name, (v_ids, v_spend, v_progs) in others.items():
            if name == base:
                continue
            pairs = [(b_ids.index(i), v_ids.index(i)) for i in v_ids if i in b_ids]
            bi, vi = [p[0] for p in pairs], [p[1] for p in pairs]
            for prog in b_progs + [p for p in v_progs if p not in b_progs] + ["all"]:
                def of(arr, progs, idx):
                    if prog == "all":
                        return arr[idx].sum(axis=(2, 3))
                    if prog not in progs:
                        return np.zeros((len(idx), n_years))
                    return arr[idx][:, :, progs.index(prog), :].sum(axis=2)
                diff = of(v_spend, v_progs, vi) - of(b_spend, b_progs, bi)   # pair x year
                mean, p05, _, p95 = stats(diff)
                for y, year in enumerate(years):
                    row = got.get((name, year, prog))
                    if need(row is not None, f"variants: no row {name} {year} {prog}"):
                        close(row[4], mean[y], f"variants {name} {year} {prog} mean")
                        close(row[5], p05[y], f"variants {name} {year} {prog} P5")
                        close(row[6], p95[y], f"variants {name} {year} {prog} P95")
                        close(row[7], float(len(pairs)), f"variants {name} pairs")
                        n_checked += 1
        need(n_checked > 0, "variants: nothing checked")

    if len(argv) == 6:
        with open(argv[5], newline="", encoding="utf-8") as fh:
            table = list(csv.DictReader(fh))
        need(table and list(table[0].keys()) == ["scenario", "year", "programme", "source", "mean_wan_yuan",
                                                 "p05_wan_yuan", "p50_wan_yuan", "p95_wan_yuan", "ceiling_wan_yuan",
                                                 "p_above", "p_above_lo95", "p_above_hi95"], "csv header")
        for row in table:
            key = (int(row["year"]), row["programme"], row["source"])
            xl = detail.get((key[0], *(TOTAL if v == "all" else v for v in key[1:])))
            if need(xl is not None, f"csv row {key} not in the workbook"):
                for c, col in enumerate(("mean_wan_yuan", "p05_wan_yuan", "p50_wan_yuan", "p95_wan_yuan")):
                    text = row[col]
                    need(len(text.partition(".")[2]) <= 2, f"csv {key} {col}: {text} has more than 2 decimals")
                    need(abs(float(text) - xl[c]) <= 0.005 + 1e-9, f"csv {key} {col}: {text} vs workbook {xl[c]}")
            want = want_rows.get(("total" if key[2] == "all" else key[2], key[0])) if key[1] == "all" else None
            if want is None:
                need(row["ceiling_wan_yuan"] == "" and row["p_above"] == "", f"csv {key}: ceiling columns filled")
            else:
                close(float(row["ceiling_wan_yuan"]), want[0], f"csv {key} ceiling")
                for col, v in (("p_above", want[1] / runs_stored), ("p_above_lo95", want[2][0]),
                               ("p_above_hi95", want[2][1])):
                    need(abs(float(row[col]) - v) <= 0.00005 + 1e-12, f"csv {key} {col}: {row[col]} vs {v}")
        need(len(table) == len(detail), f"csv has {len(table)} rows, workbook detail {len(detail)}")

    if problems:
        print(f"{xlsx}: {len(problems)} problem(s)")
        for p in problems[:40]:
            print("  " + p)
        return 1
    print(f"{xlsx}: ok; {scenario}, {runs_stored} runs; {years[0]} total {per_year[0][0]:.1f} 万元 "
          f"[{per_year[1][0]:.1f}-{per_year[3][0]:.1f}], {len(want_rows)} ceiling rows; "
          f"horizon {horizon[0]:.1f} 万元, cost per exit {cost_per_exit:.2f} 万元/户")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
