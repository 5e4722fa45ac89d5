#!/usr/bin/env python3
"""Generate pysal_segregation.json: reference values of segregation indices from PySAL `segregation`.

A test-fixture generator for FairPlaces' Metrics tests, not a product dependency. It builds
reproducible random school x group count tables (numpy seed below) plus hand-made edge cases,
computes every index PySAL `segregation` 2.6 offers for them, recomputes each index in plain
numpy from the formulas of DOMAIN.md section 5 (FairPlaces' conventions), records how far the two
agree, and times PySAL on one 3,500-school x 10-group table.

Regenerate (from anywhere; needs Python 3.12 and PyPI):

    python3.12 -m venv /tmp/pysal-venv        # e.g. ~/.pyenv/versions/3.12.1/bin/python -m venv ...
    /tmp/pysal-venv/bin/pip install segregation==2.6.0
    /tmp/pysal-venv/bin/python Tests/MetricsTests/Fixtures/generate_pysal_segregation.py

The fixture was produced with segregation 2.6.0, numpy 2.5.5, pandas 3.1.1, numba 0.68.1,
libpysal 4.15.1, scikit-learn 1.9.1 (see "environment" in the JSON). Everything except "timing"
is deterministic for a given environment; PySAL's Gini runs under numba with fastmath and a
parallel reduction, so its last bits may change with the numba thread count.

Options: --out PATH (default: pysal_segregation.json beside this script), --timing-runs N (5),
--no-timing (keep the "timing" block of an existing output file instead of re-measuring).
"""

import argparse
import json
import math
import os
import platform
import sys
import time
import warnings
from importlib import metadata

import numpy as np
import pandas as pd

import segregation  # noqa: F401  (note: importing segregation calls np.seterr(divide="ignore", invalid="ignore"))
from segregation import multigroup as mg
from segregation import singlegroup as sg
from segregation.singlegroup.atkinson import _atkinson

NUMPY_SEED = 20250611
TIMING_SEED = NUMPY_SEED + 1
ATKINSON_SHAPES = [0.1, 0.2, 0.5, 0.8]

# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


def random_two_group(rng, schools, max_total=300, share=None, concentration=None):
    """Fᵢ ~ Binomial(Tᵢ, pᵢ), pᵢ ~ Beta(κP, κ(1−P)), Tᵢ uniform on 1..max_total (so Fᵢ, Nᵢ ≤ 300)."""
    share = rng.uniform(0.05, 0.5) if share is None else share
    concentration = math.exp(rng.uniform(math.log(0.3), math.log(60))) if concentration is None else concentration
    p = rng.beta(share * concentration, (1 - share) * concentration, size=schools)
    t = rng.integers(1, max_total + 1, size=schools)
    f = rng.binomial(t, p)
    return f.astype(np.int64), (t - f).astype(np.int64)


def random_multi_group(rng, schools, groups, max_total=300, concentration=None):
    """Row i ~ Multinomial(Tᵢ, πᵢ), πᵢ ~ Dirichlet(κπ), π ~ Dirichlet(2·1), Tᵢ uniform on 1..max_total.
    (κ ≥ 1 and π ~ Dirichlet(2·1) keep whole groups from being absent by chance; the edge cases add absent groups.)"""
    base = rng.dirichlet(np.full(groups, 2.0))
    concentration = math.exp(rng.uniform(math.log(1.0), math.log(100))) if concentration is None else concentration
    t = rng.integers(1, max_total + 1, size=schools)
    rows = []
    for ti in t:
        pi = rng.dirichlet(base * concentration)
        rows.append(rng.multinomial(ti, pi))
    return np.array(rows, dtype=np.int64).reshape(schools, groups)


def two_group_tables(rng):
    tables = []

    def add(name, f, n, note):
        f = np.asarray(f, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        assert f.shape == n.shape and (f >= 0).all() and (n >= 0).all()
        tables.append({"name": name, "note": note, "group": f.tolist(), "other": n.tolist()})

    for k in range(25):
        schools = int(rng.integers(2, 61))
        f, n = random_two_group(rng, schools)
        add(f"random_{k:02d}", f, n, f"random, {schools} schools")

    f, n = random_two_group(rng, 30)
    f[3] = 0
    add("edge_school_without_group", f, n, "school 3 has Fᵢ = 0")
    f, n = random_two_group(rng, 20)
    n[[0, 7]] = 0
    add("edge_school_only_group", f, n, "schools 0 and 7 have Nᵢ = 0")
    add("edge_single_school", [37], [163], "one school")
    add("edge_single_school_no_group", [0], [120], "one school, F = 0")
    add("edge_all_group", [12, 40, 7, 100], [0, 0, 0, 0], "N = 0: every pupil in the group")
    add("edge_no_group", [0, 0, 0, 0, 0], [25, 80, 3, 150, 60], "F = 0: no pupil in the group")
    f, n = random_two_group(rng, 25)
    f[5] = n[5] = 0
    add("edge_empty_school", f, n, "school 5 is empty (Tᵢ = 0)")
    f, n = random_two_group(rng, 15)
    f[[0, 4, 14]] = 0
    n[[0, 4, 14]] = 0
    add("edge_three_empty_schools", f, n, "schools 0, 4 and 14 are empty, including the first and last")
    add("edge_one_pupilled_school_and_empty", [0, 30, 0], [0, 90, 0], "one non-empty school between two empty ones")
    add("edge_all_empty", [0, 0, 0], [0, 0, 0], "T = 0")
    add("edge_even", [10, 20, 30, 5], [30, 60, 90, 15], "every school has pᵢ = P = 1/4 (no segregation)")
    add("edge_complete_segregation", [50, 0, 120, 0, 0], [0, 200, 0, 75, 10], "every school is all-group or all-other")
    add("edge_one_group_pupil", [0, 0, 1, 0], [100, 50, 20, 80], "F = 1")
    add("edge_one_other_pupil", [100, 50, 20, 80], [0, 1, 0, 0], "N = 1")
    add("hand_worked", [10, 0], [10, 20], "the hand-worked table of SegregationIndexTests.swift")
    add("edge_two_schools_zero_and_full", [0, 300], [300, 0], "two schools, complete segregation, P = 1/2")
    for k, (schools, share, conc) in enumerate([(500, 0.15, 3.0), (500, 0.3, 30.0), (500, 0.05, 0.5)]):
        f, n = random_two_group(rng, schools, share=share, concentration=conc)
        add(f"large_{k}", f, n, f"{schools} schools, P≈{share}, Beta concentration {conc}")
    f, n = random_two_group(rng, 500, share=0.2, concentration=5.0)
    f[[10, 20]] = 0
    n[[20, 30]] = 0
    f[[40, 41]] = 0
    n[[40, 41]] = 0
    add("large_with_edges", f, n, "500 schools; Fᵢ = 0 at 10, 20; Nᵢ = 0 at 20, 30; empty at 40, 41")
    return tables


def multi_group_tables(rng):
    tables = []

    def add(name, counts, note):
        counts = np.asarray(counts, dtype=np.int64)
        assert counts.ndim == 2 and (counts >= 0).all()
        tables.append({"name": name, "note": note, "counts": counts.tolist()})

    for k in range(20):
        schools = int(rng.integers(2, 61))
        groups = int(rng.integers(3, 11))
        add(f"random_{k:02d}", random_multi_group(rng, schools, groups), f"random, {schools} schools x {groups} groups")

    c = random_multi_group(rng, 20, 5)
    c[:, 2] = 0
    add("edge_absent_group", c, "group 2 has no pupils anywhere (Pₖ = 0)")
    c = random_multi_group(rng, 12, 8)
    c[:, [0, 7]] = 0
    add("edge_two_absent_groups", c, "groups 0 and 7 have no pupils anywhere")
    c = random_multi_group(rng, 18, 4)
    c[[2, 11], :] = 0
    add("edge_empty_schools", c, "schools 2 and 11 are empty (Tᵢ = 0)")
    c = random_multi_group(rng, 15, 6)
    c[4, :] = 0
    c[4, 3] = 150
    c[9, 1:] = 0
    add("edge_single_group_schools", c, "school 4 is all group 3, school 9 all group 0")
    add("edge_single_school", [[12, 40, 7, 3, 55, 20, 9]], "one school, every group present")
    add("edge_one_group_only", [[30, 0, 0], [100, 0, 0], [5, 0, 0]], "only group 0 present (E = 0)")
    add("edge_complete_segregation", [[50, 0, 0, 0], [0, 80, 0, 0], [0, 0, 20, 0], [0, 0, 0, 9], [40, 0, 0, 0]],
        "every school holds a single group")
    add("edge_even", [[10, 20, 30], [20, 40, 60], [1, 2, 3], [50, 100, 150]], "every school has the overall shares")
    add("edge_all_empty", [[0, 0, 0, 0], [0, 0, 0, 0]], "T = 0")
    c = random_multi_group(rng, 30, 10)
    c[:, 9] = 0
    c[[0, 29], :] = 0
    add("edge_absent_group_and_empty_schools", c, "group 9 absent; schools 0 and 29 empty")
    c = random_multi_group(rng, 40, 2)
    add("k2_consistency", c, "K = 2 (outside 3-10): theil_h and multi_dissimilarity must equal the two-group values")
    for k, (groups, conc) in enumerate([(5, 5.0), (10, 50.0), (3, 1.0)]):
        add(f"large_{k}", random_multi_group(rng, 500, groups, concentration=conc),
            f"500 schools x {groups} groups, Dirichlet concentration {conc}")
    c = random_multi_group(rng, 500, 6, concentration=3.0)
    c[:, 4] = 0
    c[[100, 200], :] = 0
    add("large_with_edges", c, "500 schools x 6 groups; group 4 absent; schools 100 and 200 empty")
    return tables


# ---------------------------------------------------------------------------------------------
# PySAL
# ---------------------------------------------------------------------------------------------


def pysal_call(fn):
    """(float value or None, error text or None). NaN/inf count as errors; numpy warnings reported."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(divide="warn", invalid="warn", over="warn"):
        warnings.simplefilter("always")
        try:
            v = float(fn())
        except Exception as e:  # noqa: BLE001 — any PySAL failure is a recorded fact
            return None, f"raised {type(e).__name__}: {e}"
    notes = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    if math.isfinite(v):
        return v, None
    text = f"returned {v} (no exception)"
    if notes:
        text += "; numpy warnings: " + " | ".join(notes)
    return None, text


def pysal_two_group(f, n):
    df = pd.DataFrame({"group": np.asarray(f, dtype=np.int64), "total": np.asarray(f, dtype=np.int64) + np.asarray(n, dtype=np.int64)})
    calls = {
        "dissimilarity": lambda: sg.Dissim(df, "group", "total").statistic,
        "isolation": lambda: sg.Isolation(df, "group", "total").statistic,
        "exposure": lambda: sg.Interaction(df, "group", "total").statistic,
        "theil_h": lambda: sg.Entropy(df, "group", "total").statistic,
        "hutchens": lambda: sg.HutchensSqrt(df, "group", "total").statistic,
    }
    for b in ATKINSON_SHAPES:
        if b == 0.5:
            calls["atkinson_0.5"] = lambda: sg.Atkinson(df, "group", "total").statistic
        else:
            # Atkinson(...) ignores b (it always calls _atkinson with the default b = 0.5).
            calls[f"atkinson_{b}"] = (lambda b=b: _atkinson(df, "group", "total", b=b)[0])
    calls["gini"] = lambda: sg.Gini(df, "group", "total").statistic
    calls["correlation_ratio"] = lambda: sg.CorrelationR(df, "group", "total").statistic
    values, errors = {}, {}
    for key, fn in calls.items():
        values[key], err = pysal_call(fn)
        if err:
            errors[key] = err
    return values, errors


def pysal_multi_group_once(counts):
    counts = np.asarray(counts, dtype=np.int64)
    cols = [f"g{k}" for k in range(counts.shape[1])]
    df = pd.DataFrame(counts, columns=cols)
    values, errors = {}, {}
    for key, fn in {
        "theil_h": lambda: mg.MultiInfoTheory(df, cols).statistic,
        "mutual_information": lambda: mg.MultiDivergence(df, cols).statistic,
        "entropy": lambda: mg.MultiDiversity(df, cols).statistic,
        "multi_dissimilarity": lambda: mg.MultiDissim(df, cols).statistic,
        "multi_gini": lambda: mg.MultiGini(df, cols).statistic,
    }.items():
        values[key], err = pysal_call(fn)
        if err:
            errors[key] = err
    h, e = values["theil_h"], values["entropy"]
    values["mutual_information_h_times_e"] = h * e if h is not None and e is not None else None
    if values["mutual_information_h_times_e"] is None:
        errors["mutual_information_h_times_e"] = "MultiInfoTheory or MultiDiversity undefined (see their errors)"
    return values, errors


def pysal_multi_group(counts):
    values, errors = pysal_multi_group_once(counts)
    counts = np.asarray(counts, dtype=np.int64)
    present = counts.sum(axis=0) > 0
    out = {"values": values, "pysal_errors": errors}
    if not present.all() and present.sum() >= 1 and counts.sum() > 0:
        v2, e2 = pysal_multi_group_once(counts[:, present])
        out["values_absent_groups_dropped"] = v2
        if e2:
            out["pysal_errors_absent_groups_dropped"] = e2
    if counts.shape[1] == 2:
        # K = 2: the two-group classes on the same table (group 0 as the group), for cross-checks.
        out["pysal_two_group_values"], _ = pysal_two_group(counts[:, 0], counts[:, 1])
    return out


# ---------------------------------------------------------------------------------------------
# Independent plain-numpy formulas (DOMAIN.md section 5, FairPlaces conventions)
# ---------------------------------------------------------------------------------------------


def xlogx(x):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    pos = x > 0
    out[pos] = x[pos] * np.log(x[pos])
    return out


def formula_two_group(f, n):
    """FairPlaces conventions: schools with Tᵢ = 0 are left out; every index is None if F = 0 or N = 0."""
    f = np.asarray(f, dtype=float)
    n = np.asarray(n, dtype=float)
    keys = ["dissimilarity", "gorard", "isolation", "exposure", "theil_h", "hutchens"] + \
        [f"atkinson_{b}" for b in ATKINSON_SHAPES] + ["gini", "correlation_ratio"]
    F, N = f.sum(), n.sum()
    if F == 0 or N == 0:
        return {k: None for k in keys}
    keep = (f + n) > 0
    f, n = f[keep], n[keep]
    t = f + n
    T = F + N
    P = F / T
    p = f / t
    q = n / t
    sf, sn, st = f / F, n / N, t / T
    out = {}
    out["dissimilarity"] = 0.5 * np.abs(sf - sn).sum()
    out["gorard"] = 0.5 * np.abs(sf - st).sum()
    out["isolation"] = (sf * p).sum()
    out["exposure"] = (sf * (1 - p)).sum()
    E = -(P * math.log(P) + (1 - P) * math.log(1 - P))
    Ei = -(xlogx(p) + xlogx(q))
    out["theil_h"] = (st * (E - Ei) / E).sum()
    out["hutchens"] = 1 - np.sqrt(sf * sn).sum()
    for b in ATKINSON_SHAPES:
        s = (q ** (1 - b) * p ** b * t / (P * T)).sum()
        out[f"atkinson_{b}"] = 1 - (P / (1 - P)) * abs(s) ** (1 / (1 - b))
    out["gini"] = (np.outer(t, t) * np.abs(p[:, None] - p[None, :])).sum() / (2 * T * T * P * (1 - P))
    out["correlation_ratio"] = (out["isolation"] - P) / (1 - P)
    return {k: float(v) for k, v in out.items()}


def formula_multi_group(counts):
    """M = E − Σ (Tᵢ/T) Eᵢ (nats), H = M/E; Sakoda's D and Reardon–Firebaugh's Gini with I = Σ Pₖ(1 − Pₖ).
    None when T = 0; H, D and Gini None when only one group is present (E = I = 0); M is then 0."""
    c = np.asarray(counts, dtype=float)
    keys = ["theil_h", "mutual_information", "entropy", "mutual_information_h_times_e", "multi_dissimilarity", "multi_gini"]
    T = c.sum()
    if T == 0:
        return {k: None for k in keys}
    c = c[c.sum(axis=1) > 0]
    t = c.sum(axis=1)
    Pk = c.sum(axis=0) / T
    pik = c / t[:, None]
    E = -xlogx(Pk).sum()
    Ei = -xlogx(pik).sum(axis=1)
    M = E - ((t / T) * Ei).sum()
    out = {"mutual_information": M, "entropy": E}
    out["theil_h"] = M / E if E > 0 else None
    out["mutual_information_h_times_e"] = M
    I = (Pk * (1 - Pk)).sum()
    if I > 0:
        out["multi_dissimilarity"] = (t[:, None] * np.abs(pik - Pk[None, :])).sum() / (2 * T * I)
        g = 0.0
        for k in range(c.shape[1]):
            g += (np.outer(t, t) * np.abs(pik[:, k][:, None] - pik[:, k][None, :])).sum()
        out["multi_gini"] = g / (2 * T * T * I)
    else:
        out["multi_dissimilarity"] = None
        out["multi_gini"] = None
    return {k: (None if out[k] is None else float(out[k])) for k in keys}


# ---------------------------------------------------------------------------------------------
# Index map (from reading segregation 2.6.0's source)
# ---------------------------------------------------------------------------------------------

SEQ = "segregation's multigroup modules call np.seterr(divide='ignore', invalid='ignore') at import, so 0/0 gives NaN silently"

INDEX_MAP = {
    "two_group.dissimilarity": {
        "pysal_class": "segregation.singlegroup.Dissim",
        "notes": "D = Σ tᵢ|pᵢ − P| / (2TP(1−P)), algebraically equal to ½Σ|Fᵢ/F − Nᵢ/N|. Empty units: pᵢ := 0 with weight tᵢ = 0, "
                 "so they add nothing. F = 0 or N = 0: 0/0 → NaN (no exception). Same definition as ours.",
    },
    "two_group.gorard": {
        "pysal_class": None,
        "notes": "Not in PySAL. Only the numpy formula value (formula_values.gorard) is given.",
    },
    "two_group.isolation": {
        "pysal_class": "segregation.singlegroup.Isolation",
        "notes": "xPx = nansum((xᵢ/X)(xᵢ/tᵢ)); empty units give NaN terms that nansum drops. Same definition. "
                 "F = 0: every term NaN → returns 0.0 (ours: undefined); N = 0 → 1.0.",
    },
    "two_group.exposure": {
        "pysal_class": "segregation.singlegroup.Interaction",
        "notes": "xPy = nansum((xᵢ/X)(yᵢ/tᵢ)), yᵢ = tᵢ − xᵢ. Same definition. F = 0 → 0.0; N = 0 → 0.0 (ours: undefined).",
    },
    "two_group.theil_h": {
        "pysal_class": "segregation.singlegroup.Entropy",
        "notes": "H = nansum(tᵢ(E − Eᵢ)/(E T)), natural log (H does not depend on the base), Eᵢ NaN → 0 via nan_to_num "
                 "(pᵢ ∈ {0,1} and empty units). Same definition. F = 0 or N = 0: E is NaN, every term NaN, nansum → "
                 "returns 0.0 silently (ours: undefined).",
    },
    "two_group.hutchens": {
        "pysal_class": "segregation.singlegroup.HutchensSqrt",
        "notes": "Present in 2.6 (the brief expected it missing). O = 1 − Σ √(x₁ⱼ/N₁)√(x₂ⱼ/N₂) with x₂ = t − x. Same definition. "
                 "F = 0 or N = 0: returns 0.0 by design ('no segregation to measure'; ours: undefined).",
    },
    "two_group.atkinson_b": {
        "pysal_class": "segregation.singlegroup.Atkinson (b = 0.5 only); segregation.singlegroup.atkinson._atkinson(df, g, t, b=b) for other b",
        "notes": "A = 1 − P/(1−P)·|Σ (1−pᵢ)^(1−b) pᵢ^b tᵢ/(PT)|^(1/(1−b)), pᵢ := 0 for empty units: same definition. "
                 "BUT the Atkinson class swallows b in **kwargs and always calls _atkinson with the default b = 0.5, "
                 "so Atkinson(df, g, t, b=0.1).statistic is silently A(0.5). Values for b ≠ 0.5 here come from the private "
                 "function _atkinson, which takes b as a Python float in [0, 1] (b = 1 divides by zero). F = 0 or N = 0 → NaN.",
    },
    "two_group.gini": {
        "pysal_class": "segregation.singlegroup.Gini",
        "notes": "G = 2 Σ_{i<j} tᵢtⱼ|pᵢ − pⱼ| / (2T²P(1−P)) = our Σᵢ Σⱼ TᵢTⱼ|pᵢ − pⱼ| / (2T²P(1−P)); pᵢ := 0 for empty units "
                 "(weight 0). Computed by a numba njit(parallel=True, fastmath=True) O(n²) loop: the first call compiles "
                 "(seconds) and the last bits may depend on the thread count. F = 0 or N = 0 → NaN; T = 0 raises ZeroDivisionError.",
    },
    "two_group.correlation_ratio": {
        "pysal_class": "segregation.singlegroup.CorrelationR",
        "notes": "V = (xPx − P)/(1 − P) with xPx as in Isolation: same as our η². F = 0 → 0.0 (ours: undefined); N = 0 → NaN.",
    },
    "multi_group.theil_h": {
        "pysal_class": "segregation.multigroup.MultiInfoTheory",
        "notes": "H = nansum(tᵢ pᵢₖ ln(pᵢₖ/Pₖ)) / (T E), E = Σ Pₖ ln(1/Pₖ), natural log. Equal to our M/E. Empty units: pᵢₖ NaN, "
                 "dropped by nansum. A group absent from the whole table (Pₖ = 0) makes E = NaN (0·ln ∞) and so H = NaN: PySAL "
                 "cannot compute H unless all-zero group columns are dropped first (values_absent_groups_dropped shows that "
                 "this gives the right value). One group only: NaN (ours: undefined too).",
    },
    "multi_group.mutual_information": {
        "pysal_class": "segregation.multigroup.MultiDivergence",
        "notes": "PySAL has no class named for M, but MultiDivergence (Roberto's divergence index) is Σᵢ (tᵢ/T) Σₖ pᵢₖ ln(pᵢₖ/Pₖ), "
                 "which is exactly M = E − Σ(Tᵢ/T)Eᵢ in nats. It handles absent groups (nan_to_num + nansum) and returns 0.0 "
                 "for a single group. Cross-check: mutual_information_h_times_e = MultiInfoTheory × MultiDiversity (NaN whenever "
                 "a group is absent).",
    },
    "multi_group.entropy": {
        "pysal_class": "segregation.multigroup.MultiDiversity (normalized=False)",
        "notes": "E = −Σ Pₖ ln Pₖ (natural log; normalized=True divides by ln K). NaN when any group is absent (0·ln 0 not "
                 "treated as 0).",
    },
    "multi_group.multi_dissimilarity": {
        "pysal_class": "segregation.multigroup.MultiDissim",
        "notes": "Sakoda's D = Σᵢ Σₖ tᵢ|pᵢₖ − Pₖ| / (2 T I), I = Σ Pₖ(1 − Pₖ) (Reardon & Firebaugh 2002). Not in DOMAIN.md; "
                 "our formula is this one. Equals two-group D when K = 2. Empty units weight 0; absent groups fine; one group "
                 "only: I = 0 → NaN.",
    },
    "multi_group.multi_gini": {
        "pysal_class": "segregation.multigroup.MultiGini",
        "notes": "Σₖ Σᵢ Σⱼ tᵢtⱼ|pᵢₖ − pⱼₖ| / (2T² I) (Reardon & Firebaugh 2002); equals two-group Gini when K = 2. Builds an "
                 "n × n distance matrix per group (sklearn manhattan_distances), O(n²) memory. One group only → NaN.",
    },
}

# ---------------------------------------------------------------------------------------------
# Agreement
# ---------------------------------------------------------------------------------------------


def agreement(entries, prefix, value_key="values", suffix=""):
    worst, detail = {}, {}
    for e in entries:
        pv = e.get(value_key)
        if pv is None:
            continue
        for k, v in pv.items():
            key = f"{prefix}.{k}{suffix}"
            d = detail.setdefault(key, {"compared": 0, "pysal_only": [], "formula_only": [], "worst_table": None})
            ref = e["formula_values"].get(k)
            if v is not None and ref is not None:
                diff = abs(v - ref)
                d["compared"] += 1
                if key not in worst or diff > worst[key]:
                    worst[key] = diff
                    d["worst_table"] = e["name"]
            elif v is not None:
                d["pysal_only"].append(e["name"])
            elif ref is not None:
                d["formula_only"].append(e["name"])
    return worst, detail


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------


def timing(runs):
    rng = np.random.default_rng(TIMING_SEED)
    schools, groups = 3500, 10
    t = np.clip(np.rint(rng.normal(180, 50, size=schools)), 0, None).astype(np.int64)
    base = rng.dirichlet(np.full(groups, 2.0))
    counts = np.array([rng.multinomial(ti, rng.dirichlet(base * 20.0)) for ti in t], dtype=np.int64)
    cols = [f"g{k}" for k in range(groups)]
    focal = counts[:, 0]
    total = counts.sum(axis=1)

    indices = [
        ("Dissim", lambda d: sg.Dissim(d, "group", "total").statistic),
        ("Isolation", lambda d: sg.Isolation(d, "group", "total").statistic),
        ("Interaction", lambda d: sg.Interaction(d, "group", "total").statistic),
        ("Entropy", lambda d: sg.Entropy(d, "group", "total").statistic),
        ("HutchensSqrt", lambda d: sg.HutchensSqrt(d, "group", "total").statistic),
        ("Atkinson(b=0.5)", lambda d: sg.Atkinson(d, "group", "total").statistic),
        ("Gini", lambda d: sg.Gini(d, "group", "total").statistic),
        ("CorrelationR", lambda d: sg.CorrelationR(d, "group", "total").statistic),
    ]

    def one_run():
        per = {}
        t0 = time.perf_counter()
        single = pd.DataFrame({"group": focal, "total": total})
        multi = pd.DataFrame(counts, columns=cols)
        per["DataFrame construction"] = time.perf_counter() - t0
        for name, fn in indices:
            s = time.perf_counter()
            fn(single)
            per[name] = time.perf_counter() - s
        s = time.perf_counter()
        mg.MultiInfoTheory(multi, cols).statistic
        per["MultiInfoTheory"] = time.perf_counter() - s
        return time.perf_counter() - t0, per

    import numba

    def measure():
        w0 = time.perf_counter()
        one_run()  # warm-up (numba's Gini was already compiled by main(); see gini_first_call_seconds)
        warm = time.perf_counter() - w0
        tots, per_runs = [], []
        for _ in range(runs):
            tot, per = one_run()
            tots.append(tot)
            per_runs.append(per)
        return warm, tots, {k: sum(p[k] for p in per_runs) / runs for k in per_runs[0]}

    load_before = os.getloadavg()[0]
    threads = numba.get_num_threads()
    warmup, totals, per_index = measure()
    mean = sum(totals) / runs
    # numba's parallel Gini is very sensitive to other load on the machine (its threads wait for a
    # busy core); the one-thread figures are the robust ones on a shared 2-core machine.
    numba.set_num_threads(1)
    try:
        _, totals1, per_index1 = measure()
    finally:
        numba.set_num_threads(threads)
    load_after = os.getloadavg()[0]
    extra = {}
    multi = pd.DataFrame(counts, columns=cols)
    for name, fn in [("MultiDivergence", lambda: mg.MultiDivergence(multi, cols).statistic),
                     ("MultiDissim", lambda: mg.MultiDissim(multi, cols).statistic),
                     ("MultiGini", lambda: mg.MultiGini(multi, cols).statistic)]:
        s = time.perf_counter()
        fn()
        extra[name] = time.perf_counter() - s
    return {
        "tables": "3500x10",
        "table": f"seed {TIMING_SEED}: Tᵢ = round(N(180, 50)) clipped at 0; row i ~ Multinomial(Tᵢ, πᵢ), πᵢ ~ Dirichlet(20π), "
                 f"π ~ Dirichlet(2·1); two-group indices use group 0 against the rest ({int(focal.sum())} of {int(total.sum())} pupils)",
        "indices": [name for name, _ in indices] + ["MultiInfoTheory"],
        "seconds_per_table": mean,
        "runs": runs,
        "seconds_each_run": totals,
        "seconds_min_run": min(totals),
        "seconds_per_index_mean": per_index,
        "numba_one_thread": {
            "seconds_per_table": sum(totals1) / runs,
            "seconds_each_run": totals1,
            "seconds_per_index_mean": per_index1,
            "extrapolated_seconds_1000_replications": sum(totals1) / runs * 1000,
        },
        "includes": "building the two pandas DataFrames from numpy arrays, then one call of each listed class; "
                    "one warm-up run is excluded (warmup_seconds), as is numba's one-off compilation of Gini "
                    "(gini_first_call_seconds, measured on a 3-school table before anything else ran)",
        "warmup_seconds": warmup,
        "extrapolated_seconds_1000_replications": mean * 1000,
        "not_in_total_single_run_seconds": extra,
        "machine": {"cpu_count": os.cpu_count(), "numba_threads": threads, "platform": platform.platform(),
                    "load_average_1min_before": load_before, "load_average_1min_after": load_after},
    }


# ---------------------------------------------------------------------------------------------


def to_json(obj, depth=0):
    """Indented JSON, but lists of numbers (and lists of such lists, one per line) kept compact."""
    pad, inner = " " * depth, " " * (depth + 1)
    scalar = lambda x: json.dumps(x, ensure_ascii=False, allow_nan=False)  # noqa: E731 (floats as repr)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{inner}{scalar(k)}: {to_json(v, depth + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(not isinstance(x, (dict, list)) for x in obj):
            return "[" + ", ".join(scalar(x) for x in obj) + "]"
        if all(isinstance(x, list) and all(not isinstance(y, (dict, list)) for y in x) for x in obj):
            return "[\n" + ",\n".join(inner + to_json(x) for x in obj) + "\n" + pad + "]"
        return "[\n" + ",\n".join(inner + to_json(x, depth + 1) for x in obj) + "\n" + pad + "]"
    return scalar(obj)


DESCRIPTION = (
    "Reference values of school segregation indices from PySAL `segregation` (see 'segregation' for the version), generated "
    "by generate_pysal_segregation.py beside this file (seed 'numpy_seed'). 'two_group': tables of schools with group[i] = Fᵢ "
    "(pupils in the group, e.g. FSM) and other[i] = Nᵢ; PySAL was given group_pop_var = Fᵢ and total_pop_var = Fᵢ + Nᵢ. "
    "'multi_group': counts[school][group]; PySAL was given one column per group. 'values' are PySAL's results, null where "
    "PySAL raised or returned NaN/inf, with the reason in 'pysal_errors'. Note PySAL returns numbers (0.0, 1.0) rather than NaN "
    "for some undefined cases (F = 0 or N = 0): those are kept as PySAL gave them, compare with 'formula_values'. "
    "'formula_values' are the same indices computed independently in plain numpy from DOMAIN.md section 5 with FairPlaces' "
    "conventions (schools with Tᵢ = 0 left out; two-group indices null when F = 0 or N = 0; multi-group all null when T = 0, "
    "theil_h/multi_dissimilarity/multi_gini null when one group only, mutual_information then 0; gorard only here, as PySAL "
    "lacks it). Keys: atkinson_<b> is A(b); multi-group mutual_information is M in nats (PySAL MultiDivergence), entropy is E "
    "(MultiDiversity), mutual_information_h_times_e = MultiInfoTheory × MultiDiversity. Tables with an all-zero group column "
    "also carry 'values_absent_groups_dropped': PySAL on the table without those columns; K = 2 tables carry "
    "'pysal_two_group_values': PySAL's two-group classes with group 0 as the group. 'index_map' names the PySAL class "
    "of each index and how its definition and edge-case handling compare with ours; 'agreement' is the largest |PySAL − "
    "formula| over tables where both are defined, 'agreement_detail' counts them and lists tables where only one side is "
    "defined. 'timing' is PySAL's time for one 3,500-school x 10-group table (machine-dependent). Floats are written as "
    "Python's repr (shortest string that round-trips to the same double, at most 17 significant digits)."
)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "pysal_segregation.json"))
    ap.add_argument("--timing-runs", type=int, default=5)
    ap.add_argument("--no-timing", action="store_true")
    args = ap.parse_args()

    s = time.perf_counter()
    sg.Gini(pd.DataFrame({"group": np.array([1, 2, 3], dtype=np.int64), "total": np.array([4, 5, 6], dtype=np.int64)}),
            "group", "total").statistic
    gini_first_call = time.perf_counter() - s

    rng = np.random.default_rng(NUMPY_SEED)
    two = two_group_tables(rng)
    multi = multi_group_tables(rng)

    for e in two:
        e["values"], e["pysal_errors"] = pysal_two_group(e["group"], e["other"])
        e["formula_values"] = formula_two_group(e["group"], e["other"])
    for e in multi:
        e.update(pysal_multi_group(e["counts"]))
        e["formula_values"] = formula_multi_group(e["counts"])

    agree, detail = {}, {}
    for entries, prefix in [(two, "two_group"), (multi, "multi_group")]:
        w, d = agreement(entries, prefix)
        agree.update(w)
        detail.update(d)
    w, d = agreement(multi, "multi_group", "values_absent_groups_dropped", " (absent groups dropped)")
    agree.update(w)
    detail.update(d)

    if args.no_timing and os.path.exists(args.out):
        with open(args.out) as fh:
            timing_block = json.load(fh).get("timing")
    else:
        timing_block = timing(args.timing_runs)
        timing_block["gini_first_call_seconds"] = gini_first_call

    versions = {}
    for pkg in ["segregation", "numpy", "pandas", "numba", "libpysal", "geopandas", "scikit-learn", "scipy"]:
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None

    order = ["name", "note", "group", "other", "counts", "values", "pysal_errors", "values_absent_groups_dropped",
             "pysal_errors_absent_groups_dropped", "pysal_two_group_values", "formula_values"]
    out = {
        "description": DESCRIPTION,
        "python": platform.python_version(),
        "segregation": versions["segregation"],
        "numpy_seed": NUMPY_SEED,
        "environment": versions,
        "atkinson_shapes": ATKINSON_SHAPES,
        "index_map": INDEX_MAP,
        "agreement": agree,
        "agreement_detail": detail,
        "timing": timing_block,
        "two_group": [{k: e[k] for k in order if k in e} for e in two],
        "multi_group": [{k: e[k] for k in order if k in e} for e in multi],
    }
    text = to_json(out)
    json.loads(text)  # sanity: valid JSON
    with open(args.out, "w") as fh:
        fh.write(text + "\n")
    print(f"wrote {args.out}: {len(two)} two-group and {len(multi)} multi-group tables", file=sys.stderr)
    for k, v in agree.items():
        print(f"  {k:60s} {v:.3e}", file=sys.stderr)


if __name__ == "__main__":
    main()
