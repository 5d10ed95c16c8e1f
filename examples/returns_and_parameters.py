#!/usr/bin/python3
"""Returns to poverty with their Monte Carlo band, and what drives them: a researcher's first look
at a povsim study file, with h5py, pandas and matplotlib only.

Usage: returns_and_parameters.py STUDY.h5 [OUT.png]

  povsim run jinghe --runs 100 --out jinghe.h5
  /usr/bin/python3 examples/returns_and_parameters.py jinghe.h5 returns.png

For every scenario of the study it prints the yearly returns (mean and the P5-P95 band across
replications), plots them (one band per scenario), and regresses each replication's cumulative
returns at the horizon on that replication's draws of the uncertain parameters (standardised, so
the coefficients compare: returns per standard deviation of the parameter).
"""
import sys

import h5py
import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# Chinese labels (返贫, scenario titles) need a CJK font: Debian's fonts-wqy-microhei, where present.
plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "DejaVu Sans"]


def runs_frame(scenario, metric):
    """One row per replication, one column per year: runs/<metric> with its coordinates."""
    runs = scenario["runs"]
    return pd.DataFrame(runs[metric][()], index=runs["run"][()], columns=runs["year"][()])


def parameter_frame(scenario):
    """One row per replication, one column per uncertain parameter (empty if none)."""
    if "parameters" not in scenario:
        return pd.DataFrame()
    g = scenario["parameters"]
    return pd.DataFrame({k: g[k][()] for k in g if k != "run"}, index=g["run"][()])


def band(frame):
    """Mean and P5 / P95 across replications (type-7 percentiles, as povsim and R)."""
    return pd.DataFrame({"mean": frame.mean(), "p05": frame.quantile(0.05), "p95": frame.quantile(0.95)})


def standardised_regression(y, x):
    """OLS of y on the standardised columns of x; returns the coefficients and R²."""
    x = x.loc[:, x.std() > 0]
    z = (x - x.mean()) / x.std()
    design = np.column_stack([np.ones(len(z)), z.to_numpy()])
    coef, *_ = np.linalg.lstsq(design, y.to_numpy(), rcond=None)
    fitted = design @ coef
    r2 = 1 - ((y - fitted) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    return pd.Series(coef[1:], index=z.columns).sort_values(key=abs, ascending=False), r2


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = argv[2] if len(argv) == 3 else "returns.png"
    fig, ax = plt.subplots(figsize=(8, 4.5))
    with h5py.File(argv[1], "r") as f:
        for name, scenario in f["scenarios"].items():
            returns = runs_frame(scenario, "new_returns")
            b = band(returns)
            print(f"{name}: new_returns (households), {len(returns)} replications")
            print(b.round(1).to_string())
            ax.fill_between(b.index, b["p05"], b["p95"], alpha=0.25, label=f"{name} P5-P95")
            ax.plot(b.index, b["mean"], marker="o", label=f"{name} mean")

            params = parameter_frame(scenario)
            if len(params.columns) > 0 and len(returns) > len(params.columns) + 1:
                cum = runs_frame(scenario, "cum_returns").iloc[:, -1]
                coef, r2 = standardised_regression(cum, params)
                print(f"{name}: cum_returns {cum.name} on standardised parameter draws (R² = {r2:.2f})")
                print(coef.head(8).round(2).to_string())
            print()
        ax.set_xlabel("year")
        ax.set_ylabel(f["scenarios"][next(iter(f["scenarios"]))]["runs/new_returns"].attrs["units"])
    ax.set_title("Returns to poverty (返贫), mean and P5-P95 across replications")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
