"""Old engine vs new engine (docs/performance.md): for every metric and year of each region, z of
the difference of the two means over their standard errors, unpaired (as if the replications
were independent) and paired (replication r of both engines has the same seed, and where a
stage's random words did not change they are shared, so the paired z is the sharper test of a
systematic difference). Prints a line per region and its largest |z| of each kind.

Usage: /usr/bin/python3 scripts/compare_engines.py OLD_DIR NEW_DIR [region ...]
with OLD_DIR/old_<region>.h5 and NEW_DIR/new_<region>.h5 from `povsim run <region> --runs 200`."""
import sys, h5py, numpy as np
old_dir, new_dir = sys.argv[1], sys.argv[2]
regions = sys.argv[3:] or ["jinghe", "xining", "baotou", "baiyin", "yantai"]
rows = []
for r in regions:
    fo = h5py.File(f"{old_dir}/old_{r}.h5", "r"); fn = h5py.File(f"{new_dir}/new_{r}.h5", "r")
    go = fo[f"/scenarios/{r}/runs"]; gn = fn[f"/scenarios/{r}/runs"]
    n_cells = n3 = n4 = exact = p3 = p4 = 0; worst = []; worst_paired = []
    for m in go.keys():
        a = go[m][...]; b = gn[m][...]
        ma, mb = a.mean(0), b.mean(0)
        se = np.sqrt(a.var(0, ddof=1) / a.shape[0] + b.var(0, ddof=1) / b.shape[0])
        for y in range(a.shape[1]):
            n_cells += 1
            if se[y] == 0:
                ok = abs(ma[y] - mb[y]) <= 1e-9 * max(1.0, abs(ma[y]))
                exact += 1
                if not ok:
                    worst.append((float("inf"), m, y, ma[y], mb[y]))
                continue
            z = (mb[y] - ma[y]) / se[y]
            n3 += abs(z) > 3; n4 += abs(z) > 4
            worst.append((abs(z), m, y, ma[y], mb[y]))
            d = b[:, y] - a[:, y] if a.shape[0] == b.shape[0] else np.zeros(1)
            sd = d.std(ddof=1) if d.shape[0] > 1 else 0.0
            if sd > 0:
                zp = d.mean() / (sd / np.sqrt(d.shape[0]))
                p3 += abs(zp) > 3; p4 += abs(zp) > 4
                worst_paired.append((abs(zp), m, y, ma[y], mb[y]))
    worst.sort(reverse=True); worst_paired.sort(reverse=True)
    print(f"{r}: {a.shape[0]} vs {b.shape[0]} replications, {n_cells} metric-years ({exact} without variance), "
          f"unpaired |z|>3: {n3}, |z|>4: {n4}; paired |z|>3: {p3}, |z|>4: {p4} of {len(worst_paired)}")
    for w in worst[:3]:
        print(f"    unpaired {w[1]} year {2016 + w[2]}: old {w[3]:.6g} new {w[4]:.6g} |z| {w[0]:.2f}")
    for w in worst_paired[:3]:
        print(f"    paired   {w[1]} year {2016 + w[2]}: old {w[3]:.6g} new {w[4]:.6g} |z| {w[0]:.2f}")
