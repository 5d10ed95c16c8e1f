#!/usr/bin/env python3
"""Writes scenarios/china.toml: rural China, 31 provinces, the 832 poor counties, one rest-of-province
unit each. Every provincial figure that ../shared/domain/national.md does not give is derived here
by a stated rule and marked `# assumed` in the output. Run from the repository root:

    /usr/bin/python3 scripts/make_china_scenario.py > scenarios/china.toml

The scenario's settings that are not per province (income, shocks, programmes, targets) are in
scripts/china_rules.toml; the output is that file followed by the generated provinces, counties,
units and registry segments.
"""
import csv
import math
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
COUNTIES = ROOT / "scenarios" / "data" / "china_counties_832.csv"
RULES = ROOT / "scripts" / "china_rules.toml"

# --- national figures (national.md) -------------------------------------------------------
RURAL_HOUSEHOLDS = 230_270_000          # 23,027万 (agricultural census 2016)
NBS_POOR_2014, NBS_INCIDENCE_2014 = 70_170_000, 0.072
RURAL_PERSONS = round(NBS_POOR_2014 / NBS_INCIDENCE_2014)  # 97,458万: the NBS incidence's denominator (rural hukou persons), derived
REG_HOUSEHOLDS_2014, REG_PERSONS_2014 = 29_480_000, 89_620_000
RECHECK_ADDED, RECHECK_REMOVED = 8_070_000, 9_290_000
REG_PERSONS = REG_PERSONS_2014 + RECHECK_ADDED - RECHECK_REMOVED      # 8,840万: the registry carried forward with the re-check
REG_HOUSEHOLDS = round(REG_HOUSEHOLDS_2014 * REG_PERSONS / REG_PERSONS_2014)  # same persons per household (3.04)
POOR_VILLAGES = 128_000
# 2016 NBS poor and incidence by region (national.md, calibration period). They set two inputs:
# the regional rural persons (headcount / incidence) and the registry's regional split. So the
# regional calibration targets are partly built in: passing them is weak evidence of the inputs,
# not of the model (the national headcount and its fall are not built in).
NBS_2016 = {"east": (4_900_000, 0.014), "centre": (15_940_000, 0.049), "west": (22_510_000, 0.078)}

# --- assumed (not in national.md) ---------------------------------------------------------
ADMIN_VILLAGES = 580_000        # assumed: about 58万 administrative villages (census order of magnitude)
POOR_COUNTY_PERSONS = 400_000   # assumed: rural hukou persons of an average poor county (832 × 40万 ≈ 1/3 of rural China)
POOR_COUNTY_REGISTRY_SHARE = 0.70  # assumed: share of a province's registry living in its poor counties
COUNTY_SPREAD_SIGMA = 0.64      # assumed, hand-calibrated (28 county exits in 2016; 0.6 gave 20.4 in the fourth fit): log-sd of registry incidence across a province's poor counties
# Hand-calibrated (2016 regional split of the NBS headcount): the registry's regional shares
# start from the 2016 NBS shares and are adjusted by these factors (then renormalised); with
# 1 / 1 / 1 the east had 14 % too many NBS poor and the centre 20 % too few (4 runs); the centre
# 1.2 → 1.3 with the second session's refit (see china_rules.toml).
REGISTRY_ZONE_ADJUST = {"east": 0.75, "centre": 1.3, "west": 1.0}
INCOME_ELASTICITY = 3.0         # assumed: province registry share ∝ rural persons × (zone income / province income)^3
MAX_INCIDENCE = 0.45            # assumed cap of a unit's registered incidence
# assumed: non-registered income in a poor county = 0.8 × the province's. (Poor-county net income
# was 6,828 元 against 11,422 nationally in 2015, 0.60, national.md; that ratio includes the
# registered poor, whose incomes are set against the line, so the non-registered share is higher.)
POOR_COUNTY_INCOME = 0.8

# Province: zone (NBS east/centre/west), total population 2015 (万), urbanisation 2015 (%), rural
# per-capita disposable income 2015 (元). ASSUMED: approximate figures from the provinces' 2015
# statistical communiqués, quoted from memory and not verified here (national.md has no provincial
# levels). Population and urbanisation are used as shares within a region (scaled to the regional
# totals derived above); the incomes as ratios to the national 11,422 元 (national.md), for the
# units' income_factor and for the registry's split within a region.
PROVINCES = [
    ("北京市", "east", 2171, 86.5, 20569), ("天津市", "east", 1547, 82.6, 18482),
    ("河北省", "east", 7425, 51.3, 11051), ("辽宁省", "east", 4382, 67.4, 12057),
    ("上海市", "east", 2415, 87.6, 23205), ("江苏省", "east", 7976, 66.5, 16257),
    ("浙江省", "east", 5539, 65.8, 21125), ("福建省", "east", 3839, 62.6, 13793),
    ("山东省", "east", 9847, 57.0, 12930), ("广东省", "east", 10849, 68.7, 13360),
    ("海南省", "east", 911, 55.1, 10858),
    ("山西省", "centre", 3664, 55.0, 9454), ("吉林省", "centre", 2753, 55.3, 11326),
    ("黑龙江省", "centre", 3812, 58.8, 11095), ("安徽省", "centre", 6144, 50.5, 10821),
    ("江西省", "centre", 4566, 51.6, 11139), ("河南省", "centre", 9480, 46.9, 10853),
    ("湖北省", "centre", 5852, 56.9, 11844), ("湖南省", "centre", 6783, 50.9, 10993),
    ("内蒙古自治区", "west", 2511, 60.3, 10776), ("广西壮族自治区", "west", 4796, 47.1, 9467),
    ("重庆市", "west", 3017, 60.9, 10505), ("四川省", "west", 8204, 47.7, 10247),
    ("贵州省", "west", 3530, 42.0, 7387), ("云南省", "west", 4742, 43.3, 8242),
    ("西藏自治区", "west", 324, 27.7, 8244), ("陕西省", "west", 3793, 53.9, 8689),
    ("甘肃省", "west", 2600, 43.2, 6936), ("青海省", "west", 588, 50.3, 7933),
    ("宁夏回族自治区", "west", 668, 55.2, 9119), ("新疆维吾尔自治区", "west", 2360, 47.2, 9425),
]
NATIONAL_RURAL_INCOME_2015 = 11422  # national.md


def normal_quantile(p):
    """Acklam's rational approximation is overkill here: bisection on erf is exact enough."""
    lo, hi = -10.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def largest_remainder(total, weights):
    """Integers ∝ weights summing exactly to total."""
    s = sum(weights)
    raw = [total * w / s for w in weights] if s > 0 else [0.0] * len(weights)
    out = [math.floor(r) for r in raw]
    rest = total - sum(out)
    for k in sorted(range(len(raw)), key=lambda k: raw[k] - out[k], reverse=True)[:rest]:
        out[k] += 1
    return out


def build():
    counties = list(csv.DictReader(open(COUNTIES, encoding="utf-8")))
    by_province = {}
    for c in counties:
        by_province.setdefault(c["province"], []).append(c)
    zone_of = {p[0]: p[1] for p in PROVINCES}
    for name, rows in by_province.items():
        assert name in zone_of, name
        assert all(r["region"] == zone_of[name] for r in rows), name

    # Rural hukou persons by region: the 2016 NBS headcount / incidence, scaled to the 2014 total.
    zone_persons = {z: poor / inc for z, (poor, inc) in NBS_2016.items()}
    scale = RURAL_PERSONS / sum(zone_persons.values())
    zone_persons = {z: v * scale for z, v in zone_persons.items()}
    resident = {p[0]: p[2] * (1 - p[3] / 100) for p in PROVINCES}
    income = {p[0]: p[4] for p in PROVINCES}
    persons = {}
    for z, total in zone_persons.items():
        names = [p[0] for p in PROVINCES if p[1] == z]
        for n, v in zip(names, largest_remainder(round(total), [resident[n] for n in names])):
            persons[n] = v
    # Registry by region ∝ the 2016 NBS poor; within a region ∝ persons × (region income / income)^k.
    nbs_total = sum(p * REGISTRY_ZONE_ADJUST[z] for z, (p, _) in NBS_2016.items())
    reg_persons = {}
    for z, (poor, _) in NBS_2016.items():
        poor *= REGISTRY_ZONE_ADJUST[z]
        names = [p[0] for p in PROVINCES if p[1] == z]
        zone_income = sum(income[n] * persons[n] for n in names) / sum(persons[n] for n in names)
        w = [persons[n] * (zone_income / income[n]) ** INCOME_ELASTICITY for n in names]
        for n, v in zip(names, largest_remainder(round(REG_PERSONS * poor / nbs_total), w)):
            reg_persons[n] = min(v, round(MAX_INCIDENCE * persons[n]))
    # Rounding and caps: the national registry total is restored on the largest province.
    gap = REG_PERSONS - sum(reg_persons.values())
    reg_persons[max(reg_persons, key=reg_persons.get)] += gap

    persons_per_household = RURAL_PERSONS / RURAL_HOUSEHOLDS
    units = []  # (name, county, province, poor, persons, reg_persons, income_factor)
    for prov, zone, *_ in PROVINCES:
        rows = by_province.get(prov, [])
        n = len(rows)
        p_persons, p_reg = persons[prov], reg_persons[prov]
        f_prov = income[prov] / NATIONAL_RURAL_INCOME_2015
        if n:
            size = min(POOR_COUNTY_PERSONS, 0.9 * p_persons / n)
            z = [normal_quantile((k + 0.5) / n) for k in range(n)]
            w = [math.exp(COUNTY_SPREAD_SIGMA * zk) for zk in z]
            # Spread incidence over the counties in a fixed interleaved order (not the list's order
            # by prefecture, and never by the exited_2016 column, which the 28-county target counts).
            order = sorted(range(n), key=lambda k: (k * 7919) % n)
            weights = [0.0] * n
            for rank, k in enumerate(order):
                weights[k] = w[rank]
            reg_pc = largest_remainder(round(POOR_COUNTY_REGISTRY_SHARE * p_reg), weights)
            pc_persons = round(size)
            for r, reg in zip(rows, reg_pc):
                reg = min(reg, round(MAX_INCIDENCE * pc_persons))
                units.append((r["county_name"] + "·" + r["county_code"], r["county_code"], prov, True, pc_persons, reg,
                              f_prov * POOR_COUNTY_INCOME))
            rest_persons = p_persons - pc_persons * n
            rest_reg = p_reg - sum(u[5] for u in units if u[2] == prov)
            pc_income = f_prov * POOR_COUNTY_INCOME * pc_persons * n
            rest_factor = (f_prov * p_persons - pc_income) / rest_persons
            rest_factor = min(max(rest_factor, f_prov), 2 * f_prov)
        else:
            rest_persons, rest_reg, rest_factor = p_persons, p_reg, f_prov
        units.append((prov + "·其他县", prov + "·其他县", prov, False, rest_persons, rest_reg, rest_factor))

    # Households, villages and poor villages per unit.
    out_units = []
    reg_hh_list = largest_remainder(REG_HOUSEHOLDS, [u[5] for u in units])
    hh_list = [max(round(u[4] / persons_per_household), 1) for u in units]
    poor_vill = largest_remainder(POOR_VILLAGES, [u[5] for u in units])
    # A unit has at least its poor villages (so all 128,000 are kept; the total grows a little).
    vill_list = [max(v, 1, pv) for v, pv in zip(largest_remainder(ADMIN_VILLAGES, [u[4] for u in units]), poor_vill)]
    for u, reg_hh, hh, vill, pv in zip(units, reg_hh_list, hh_list, vill_list, poor_vill):
        reg_hh = min(reg_hh, hh)
        reg_p = max(u[5], reg_hh)
        hh = max(hh, reg_hh + 1)
        pers = max(u[4], reg_p + (hh - reg_hh))
        hh = max(hh, reg_hh + math.ceil((pers - reg_p) / 8))  # non-registered households of at most 8
        out_units.append(dict(name=u[0], county=u[1], province=u[2], poor=u[3], households=hh, persons=pers,
                              registered_households=reg_hh, registered_persons=reg_p, villages=vill,
                              poor_villages=pv, income_factor=round(u[6], 4)))
    return out_units, persons, reg_persons


def main():
    units, persons, reg_persons = build()
    reg_hh = sum(u["registered_households"] for u in units)
    reg_p = sum(u["registered_persons"] for u in units)
    w = sys.stdout.write
    w(f"# GENERATED by scripts/make_china_scenario.py from scenarios/data/china_counties_832.csv and\n"
      f"# scripts/china_rules.toml: edit those, then rerun the script (see its docstring).\n")
    w(RULES.read_text(encoding="utf-8"))
    w("\n# ---- Provinces, counties and units (generated) --------------------------------------------\n")
    w("# Rural persons are the NBS incidence's denominator (rural hukou persons): 7,017万 / 7.2 % = "
      f"{RURAL_PERSONS:,} in 2014 (national.md, derived),\n# split by region as the 2016 NBS headcount / incidence "
      "(490万/1.4 %, 1,594万/4.9 %, 2,251万/7.8 %), within a region by rural resident persons (assumed, see the script).\n"
      f"# Households: {RURAL_HOUSEHOLDS:,} (census). Registry at end-2014 with the re-check: 8,962万 + 807万 − 929万 = "
      f"{reg_p:,} persons in {reg_hh:,} households (national.md, derived).\n")
    for prov, zone, *_ in PROVINCES:
        w(f"\n[[population.provinces]]\nname = \"{prov}\"\nzone = \"{zone}\"   # rural persons {persons[prov]:,}, "
          f"registered {reg_persons[prov]:,} ({reg_persons[prov] / persons[prov]:.1%}) # assumed (script rules)\n")
    for u in units:
        w(f"\n[[population.counties]]\nname = \"{u['county']}\"\nprovince = \"{u['province']}\"\n"
          f"poor_county = {'true' if u['poor'] else 'false'}\n")
    for u in units:
        w(f"\n[[population.units]]\nname = \"{u['name']}\"\ncounty = \"{u['county']}\"\n"
          f"villages = {u['villages']}\npoor_villages = {u['poor_villages']}\nhouseholds = {u['households']}\n"
          f"persons = {u['persons']}\nregistered_households = {u['registered_households']}\n"
          f"registered_persons = {u['registered_persons']}\nincome_factor = {u['income_factor']}  # assumed (script rules)\n")
    # Registry segments: no labour (兜底) and labour poor, as shares of the registry (assumed).
    no_labour_hh = round(0.12 * reg_hh)
    no_labour_p = round(no_labour_hh * 2.2)
    w(f"\n# Registry segments (assumed: 12 % of registered households without labour, 2.2 persons each,\n"
      f"# as the regional scenarios' 兜底 groups).\n"
      f"[[population.segments]]\nname = \"no_labour\"\nhouseholds = {no_labour_hh}\npersons = {no_labour_p}\n"
      f"labour = false\nstatus = \"registered_poor\"\ncause = \"labour\"\n\n"
      f"[[population.segments]]\nname = \"labour_poor\"\nhouseholds = {reg_hh - no_labour_hh}\n"
      f"persons = {reg_p - no_labour_p}\nlabour = true\nstatus = \"registered_poor\"\ncause = \"other\"\n")


if __name__ == "__main__":
    main()
