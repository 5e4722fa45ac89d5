#!/usr/bin/env python3
"""Generate cross-check fixtures for FairPlaces' school-choice mechanisms.

Test-fixture generator only: FairPlaces itself never depends on Python or on
the packages below.  It writes ``mechanisms.json`` next to this file.

Regenerate (from the repository root):

    python3 -m venv /tmp/fixture-venv
    /tmp/fixture-venv/bin/pip install numpy==2.4.6 matching==1.4.3 matching-algorithms==0.1.0
    /tmp/fixture-venv/bin/python Tests/AllocationTests/Fixtures/generate_mechanisms.py

``--check`` regenerates in memory and exits non-zero if the file on disk
differs; ``--out PATH`` writes somewhere else.

Every mechanism is computed twice -- by a published package and by a plain
re-implementation below -- and the script aborts (non-zero exit) on the first
disagreement.  Reference packages:

* deferred acceptance: ``matching`` (daffidwilde/matching),
  ``matching.games.HospitalResident.create_from_dictionaries(...)``
  then ``.solve(optimal="resident")``;
* Boston (immediate acceptance) and serial dictatorship:
  ``matching-algorithms`` (``matching_algorithms.boston_mechanism`` and
  ``matching_algorithms.serial_dictatorship``).  Its
  ``top_trading_cycles`` is wrong for schools with more than one seat and is
  deliberately not used.  Its ``school_choice_da`` is used only as an extra
  cross-check of deferred acceptance; it is not the reference.

Random numbers come from ``numpy.random.RandomState`` (the legacy generator,
whose stream NumPy keeps stable across releases), so the instances do not
depend on the NumPy version.
"""

import argparse
import json
import sys
import time
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np

# `matching` deep-copies its players graph in HospitalResident.__init__; the
# recursion depth grows with the number of hospitals (a RecursionError appears
# at about 200 hospitals with the default limit of 1000).  Our instances have
# at most 15 schools, so this is only a safety margin.
sys.setrecursionlimit(100_000)

# Importing `matching` calls warnings.simplefilter("always") globally.
from matching.games import HospitalResident  # noqa: E402
import matching_algorithms  # noqa: E402

NUMPY_SEED = 20240611
RANDOM_INSTANCES = 12

DESCRIPTION = (
    "Cross-check fixtures for FairPlaces' school-choice mechanisms, produced by "
    "generate_mechanisms.py in this folder (a test-fixture generator, not a "
    "product dependency). All indices are 0-based. Each entry of 'instances' "
    "has: 'name'; 'pupils' n; 'schools' m; 'capacity' (m seat counts, each >= 1); "
    "'preferences' (n strict lists of school indices, first choice first, 1-6 "
    "schools, no duplicates; a pupil can only be placed at a school they list); "
    "'priority' (m lists, each a permutation of ALL n pupil indices, highest "
    "priority first; strict, no ties); 'global_order' (a permutation of all n "
    "pupils, highest first, the single order used by serial dictatorship); and "
    "four outcomes, each a list of n entries giving the pupil's school index or "
    "-1 if unplaced: 'deferred_acceptance' (pupil-proposing deferred "
    "acceptance, i.e. the pupil-optimal stable matching, under 'priority'), "
    "'boston' (immediate acceptance: in round k every still-unplaced pupil "
    "applies to the k-th school on their list even if it is already full; each "
    "school accepts applicants in 'priority' order up to its remaining seats and "
    "acceptances are final), 'serial_dictatorship' (pupils in 'global_order' "
    "each take their highest-listed school that still has a seat), and "
    "'deferred_acceptance_global_order' (deferred acceptance when every "
    "school's priority is 'global_order'; always equal to "
    "'serial_dictatorship'). Deferred acceptance was computed with the "
    "'matching' package (HospitalResident, resident-optimal), Boston and serial "
    "dictatorship with 'matching-algorithms'; every outcome was also recomputed "
    "by plain re-implementations in the script and they agree exactly. Hospitals "
    "in 'matching' may only rank residents who listed them, so each school's "
    "priority was restricted to the pupils listing it (relative order kept) "
    "for that package only. Instances named 'tiny_*' are small enough to check "
    "by hand; their outcomes are also asserted against hand-computed values in "
    "the script. 'random_*' instances have 150-400 pupils, 5-15 schools and "
    "total capacity 80-110% of the pupils; pupils and schools sit in the unit "
    "square, pupils prefer popular and near schools, school priority is "
    "distance plus noise (so it differs by school), the global order is a "
    "uniform random permutation."
)


# --------------------------------------------------------------------------
# Instances
# --------------------------------------------------------------------------

def random_instance(rng, name, n=None, m=None):
    if n is None:
        n = int(rng.randint(150, 401))
    if m is None:
        m = int(rng.randint(5, 16))
    ratio = rng.uniform(0.80, 1.10)
    total = int(round(ratio * n))
    weights = rng.dirichlet(np.full(m, 3.0))
    capacity = 1 + rng.multinomial(total - m, weights)

    pupil_xy = rng.rand(n, 2)
    school_xy = rng.rand(m, 2)
    dist = np.sqrt(((pupil_xy[:, None, :] - school_xy[None, :, :]) ** 2).sum(axis=2))
    popularity = rng.normal(0.0, 1.0, size=m)
    utility = 0.6 * popularity[None, :] - 3.0 * dist + rng.gumbel(size=(n, m)) * 0.5
    lengths = rng.randint(1, min(6, m) + 1, size=n)
    preferences = [
        [int(s) for s in np.argsort(-utility[i], kind="stable")[: lengths[i]]]
        for i in range(n)
    ]

    priority = []
    for s in range(m):
        score = dist[:, s] + 0.15 * rng.normal(size=n)
        priority.append([int(i) for i in np.argsort(score, kind="stable")])

    global_order = [int(i) for i in rng.permutation(n)]
    return {
        "name": name,
        "pupils": n,
        "schools": m,
        "capacity": [int(c) for c in capacity],
        "preferences": preferences,
        "priority": priority,
        "global_order": global_order,
    }


# Tiny instances with outcomes worked out by hand (see the comments).
TINY = [
    # Boston vs DA: pupils 0 and 1 both want school 0, which prefers 0.
    # DA:     0->s0, 1 rejected by s0 -> s1 (1 outranks 2 at s1), 2 bumped: -1.
    # Boston: round 1: s0 takes 0, s1 takes 2 (final); round 2: 1 finds s1 full.
    # SD (order 2,1,0): 2->s1, 1->s0, 0 finds both full.
    {
        "name": "tiny_boston_vs_da",
        "capacity": [1, 1],
        "preferences": [[0, 1], [0, 1], [1]],
        "priority": [[0, 1, 2], [1, 2, 0]],
        "global_order": [2, 1, 0],
        "expect": {
            "deferred_acceptance": [0, 1, -1],
            "boston": [0, -1, 1],
            "serial_dictatorship": [-1, 0, 1],
        },
    },
    # A rejection chain and a two-seat school.
    # DA round 1: s1 gets {0,1} keeps 0; s2 gets {2,3} keeps 3.
    #   1 -> s2 (1 outranks 3): s2 keeps 1, 3 rejected; 2 -> s1 (2 outranks 0):
    #   s1 keeps 2, 0 rejected; 3 -> s0 and 0 -> s0 (2 seats).
    # Boston: r1 s1 takes 0, s2 takes 3; r2 1->s2 full, 2->s1 full; r3 2->s0.
    # SD (order 1,3,0,2): 1->s1, 3->s2, 0->s0, 2->s0 (second seat).
    {
        "name": "tiny_rejection_chain",
        "capacity": [2, 1, 1],
        "preferences": [[1, 0], [1, 2], [2, 1, 0], [2, 0]],
        "priority": [[3, 2, 1, 0], [2, 0, 1, 3], [1, 3, 0, 2]],
        "global_order": [1, 3, 0, 2],
        "expect": {
            "deferred_acceptance": [0, 2, 1, 0],
            "boston": [1, -1, 0, 2],
            "serial_dictatorship": [0, 1, 0, 2],
        },
    },
    # Five pupils, three single-seat schools: two pupils are always unplaced.
    # DA: s0 keeps 4 (rejects 0, 1); s1 swaps 2 for 1; 2 -> s2 bumps 3;
    #   3 -> s0 loses to 4.   Boston: r1 s0 takes 4, s1 takes 2, s2 takes 3.
    # SD (order 0..4): 0->s0, 1->s1, 2->s2, 3 and 4 find everything full.
    {
        "name": "tiny_unplaced",
        "capacity": [1, 1, 1],
        "preferences": [[0], [0, 1], [1, 2], [2, 0], [0, 2, 1]],
        "priority": [[4, 3, 1, 0, 2], [0, 1, 2, 3, 4], [2, 4, 3, 1, 0]],
        "global_order": [0, 1, 2, 3, 4],
        "expect": {
            "deferred_acceptance": [-1, 1, 2, -1, 0],
            "boston": [-1, -1, 1, 2, 0],
            "serial_dictatorship": [0, 1, 2, -1, -1],
        },
    },
]


def tiny_instances():
    out = []
    for t in TINY:
        inst = {
            "name": t["name"],
            "pupils": len(t["preferences"]),
            "schools": len(t["capacity"]),
            "capacity": t["capacity"],
            "preferences": t["preferences"],
            "priority": t["priority"],
            "global_order": t["global_order"],
        }
        out.append((inst, t["expect"]))
    return out


def validate_instance(inst):
    n, m = inst["pupils"], inst["schools"]
    assert len(inst["capacity"]) == m and all(c >= 1 for c in inst["capacity"])
    assert len(inst["preferences"]) == n
    for p in inst["preferences"]:
        assert 1 <= len(p) <= 6 and len(set(p)) == len(p)
        assert all(0 <= s < m for s in p)
    assert len(inst["priority"]) == m
    for order in inst["priority"]:
        assert sorted(order) == list(range(n))
    assert sorted(inst["global_order"]) == list(range(n))


# --------------------------------------------------------------------------
# Package results
# --------------------------------------------------------------------------

def package_da(preferences, priority, capacity):
    """Pupil-proposing DA with matching.games.HospitalResident."""
    n, m = len(preferences), len(capacity)
    resident_prefs = {i: list(preferences[i]) for i in range(n)}
    listed_by = [set() for _ in range(m)]
    for i, p in enumerate(preferences):
        for s in p:
            listed_by[s].add(i)
    # A hospital must rank exactly the residents that ranked it.
    hospital_prefs = {s: [i for i in priority[s] if i in listed_by[s]] for s in range(m)}
    capacities = {s: int(capacity[s]) for s in range(m)}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        game = HospitalResident.create_from_dictionaries(
            resident_prefs, hospital_prefs, capacities
        )
        matching = game.solve(optimal="resident")
        assert game.check_validity()
    for w in caught:
        # The only acceptable warning: a school nobody listed (empty list).
        text = str(w.message)
        if not text.endswith("has an empty preference list."):
            raise AssertionError(f"unexpected warning from matching: {text}")
    result = [-1] * n
    for hospital, residents in matching.items():
        for r in residents:
            assert result[r.name] == -1
            result[r.name] = hospital.name
    # Cross-check the Player objects agree with the MultipleMatching.
    for r in game.residents:
        assert result[r.name] == (-1 if r.matching is None else r.matching.name)
    return result


def package_boston(preferences, priority, capacity):
    students = {i: list(p) for i, p in enumerate(preferences)}
    schools = {
        s: {"priorities": list(priority[s]), "capacity": int(capacity[s])}
        for s in range(len(capacity))
    }
    out = matching_algorithms.boston_mechanism(students, schools)
    assert set(out) == set(range(len(preferences)))
    return [-1 if out[i] is None else out[i] for i in range(len(preferences))]


def package_sd(preferences, global_order, capacity):
    students = {i: list(p) for i, p in enumerate(preferences)}
    schools = {s: int(capacity[s]) for s in range(len(capacity))}  # capacities only
    out = matching_algorithms.serial_dictatorship(students, schools, list(global_order))
    assert set(out) == set(range(len(preferences)))
    return [-1 if out[i] is None else out[i] for i in range(len(preferences))]


def package_school_choice_da(preferences, priority, capacity):
    """matching-algorithms' own DA (seat-expansion); extra cross-check only.
    It builds seat names with f"{school}_{k}" and splits them with rsplit, so
    the schools come back as strings."""
    students = {i: list(p) for i, p in enumerate(preferences)}
    schools = {
        s: {"priorities": list(priority[s]), "capacity": int(capacity[s])}
        for s in range(len(capacity))
    }
    out = matching_algorithms.school_choice_da(students, schools, student_proposing=True)
    result = [-1] * len(preferences)
    for school, pupils in out.items():
        for i in pupils:
            result[i] = int(school)
    return result


# --------------------------------------------------------------------------
# Plain re-implementations
# --------------------------------------------------------------------------

def ranks_of(order, n):
    rank = [None] * n
    for position, pupil in enumerate(order):
        rank[pupil] = position
    return rank


def plain_da(preferences, priority, capacity):
    """Pupil-proposing deferred acceptance, in simultaneous rounds."""
    n, m = len(preferences), len(capacity)
    rank = [ranks_of(priority[s], n) for s in range(m)]
    next_choice = [0] * n
    held = [[] for _ in range(m)]  # tentatively held pupils per school
    assigned = [-1] * n
    while True:
        proposals = [[] for _ in range(m)]
        anyone = False
        for i in range(n):
            if assigned[i] == -1 and next_choice[i] < len(preferences[i]):
                s = preferences[i][next_choice[i]]
                next_choice[i] += 1
                proposals[s].append(i)
                anyone = True
        if not anyone:
            break
        for s in range(m):
            if not proposals[s]:
                continue
            pool = sorted(held[s] + proposals[s], key=lambda i: rank[s][i])
            held[s] = pool[: capacity[s]]
            for i in held[s]:
                assigned[i] = s
            for i in pool[capacity[s]:]:
                assigned[i] = -1
    return assigned


def plain_boston(preferences, priority, capacity):
    """Immediate acceptance: round k = k-th choice, acceptances are final."""
    n, m = len(preferences), len(capacity)
    rank = [ranks_of(priority[s], n) for s in range(m)]
    remaining = list(capacity)
    assigned = [-1] * n
    for k in range(max(len(p) for p in preferences)):
        applicants = [[] for _ in range(m)]
        for i in range(n):
            if assigned[i] == -1 and k < len(preferences[i]):
                applicants[preferences[i][k]].append(i)
        for s in range(m):
            applicants[s].sort(key=lambda i: rank[s][i])
            for i in applicants[s][: remaining[s]]:
                assigned[i] = s
            remaining[s] -= min(remaining[s], len(applicants[s]))
    return assigned


def plain_sd(preferences, global_order, capacity):
    remaining = list(capacity)
    assigned = [-1] * len(preferences)
    for i in global_order:
        for s in preferences[i]:
            if remaining[s] > 0:
                remaining[s] -= 1
                assigned[i] = s
                break
    return assigned


# --------------------------------------------------------------------------
# Independent properties of the outcomes
# --------------------------------------------------------------------------

def check_feasible(assigned, preferences, capacity):
    load = [0] * len(capacity)
    for i, s in enumerate(assigned):
        if s != -1:
            assert s in preferences[i], (i, s)
            load[s] += 1
    assert all(load[s] <= capacity[s] for s in range(len(capacity)))
    return load


def check_stable(assigned, preferences, priority, capacity):
    """No blocking pair (using the full priority orders) and no waste."""
    n, m = len(preferences), len(capacity)
    load = check_feasible(assigned, preferences, capacity)
    rank = [ranks_of(priority[s], n) for s in range(m)]
    worst = [-1] * m  # worst priority rank among admitted pupils
    for i, s in enumerate(assigned):
        if s != -1:
            worst[s] = max(worst[s], rank[s][i])
    for i in range(n):
        p = preferences[i]
        better = p if assigned[i] == -1 else p[: p.index(assigned[i])]
        for s in better:
            assert load[s] == capacity[s], f"waste: pupil {i} school {s}"
            assert rank[s][i] > worst[s], f"blocking pair: pupil {i} school {s}"


# --------------------------------------------------------------------------

def solve(inst, timings):
    prefs, prio, cap = inst["preferences"], inst["priority"], inst["capacity"]
    order = inst["global_order"]
    n, m = inst["pupils"], inst["schools"]
    common = [list(order) for _ in range(m)]

    t0 = time.perf_counter()
    da = package_da(prefs, prio, cap)
    timings[inst["name"]] = time.perf_counter() - t0
    boston = package_boston(prefs, prio, cap)
    sd = package_sd(prefs, order, cap)
    da_global = package_da(prefs, common, cap)

    failures = []

    def agree(label, a, b):
        if a != b:
            diff = [i for i in range(n) if a[i] != b[i]]
            failures.append(f"{inst['name']}: {label} differ at pupils {diff[:10]}")

    agree("matching DA vs plain DA", da, plain_da(prefs, prio, cap))
    agree("matching-algorithms Boston vs plain Boston", boston, plain_boston(prefs, prio, cap))
    agree("matching-algorithms SD vs plain SD", sd, plain_sd(prefs, order, cap))
    agree("matching DA(global order) vs plain DA(global order)", da_global,
          plain_da(prefs, common, cap))
    agree("serial dictatorship vs DA(global order)", sd, da_global)
    agree("matching DA vs matching-algorithms school_choice_da", da,
          package_school_choice_da(prefs, prio, cap))
    if failures:
        raise SystemExit("DISAGREEMENT:\n  " + "\n  ".join(failures))

    check_stable(da, prefs, prio, cap)
    check_stable(da_global, prefs, common, cap)
    check_feasible(boston, prefs, cap)
    check_feasible(sd, prefs, cap)

    inst = dict(inst)
    inst["deferred_acceptance"] = da
    inst["boston"] = boston
    inst["serial_dictatorship"] = sd
    inst["deferred_acceptance_global_order"] = da_global
    return inst


def dumps(data):
    """JSON with one line per pupil/school list, so diffs stay readable."""
    def enc(value, indent):
        pad = "  " * indent
        if isinstance(value, dict):
            items = [f'{pad}  {json.dumps(k)}: {enc(v, indent + 1)}' for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(value, list) and value and all(isinstance(v, (dict, list)) for v in value):
            items = [f"{pad}  {enc(v, indent + 1)}" for v in value]
            return "[\n" + ",\n".join(items) + "\n" + pad + "]"
        return json.dumps(value, separators=(", ", ": "))
    return enc(data, 0) + "\n"


def build():
    rng = np.random.RandomState(NUMPY_SEED)
    instances = []
    timings = {}
    # The largest size allowed first, then random sizes.
    random_specs = [(400, 15)] + [(None, None)] * (RANDOM_INSTANCES - 1)
    for k, (n, m) in enumerate(random_specs):
        inst = random_instance(rng, f"random_{k:02d}", n, m)
        validate_instance(inst)
        instances.append(solve(inst, timings))
    tiny = []
    for inst, expect in tiny_instances():
        validate_instance(inst)
        solved = solve(inst, timings)
        for key, value in expect.items():
            assert solved[key] == value, (inst["name"], key, solved[key], value)
        tiny.append(solved)
    # Tiny ones first: they are the ones people read.
    instances = tiny + instances

    for inst in instances:
        if inst["name"].startswith("random_"):
            n, m, cap = inst["pupils"], inst["schools"], inst["capacity"]
            first = [0] * m
            for p in inst["preferences"]:
                first[p[0]] += 1
            over = sum(first[s] > cap[s] for s in range(m))
            load = check_feasible(inst["deferred_acceptance"], inst["preferences"], cap)
            under = sum(load[s] < cap[s] for s in range(m))
            unplaced = inst["deferred_acceptance"].count(-1)
            # The instances must exercise rejection, spare seats and unplaced pupils.
            assert over >= 1 and under >= 1 and unplaced >= 1, inst["name"]
            assert 0.80 <= sum(cap) / n <= 1.10 + 1e-9, inst["name"]
            print(f"{inst['name']}: {n} pupils, {m} schools, seats {sum(cap)} "
                  f"({sum(cap) / n:.0%}), first-choice oversubscribed {over}, "
                  f"DA unplaced {unplaced}, Boston unplaced {inst['boston'].count(-1)}, "
                  f"SD unplaced {inst['serial_dictatorship'].count(-1)}, "
                  f"matching DA {timings[inst['name']]:.3f}s", file=sys.stderr)

    data = {
        "description": DESCRIPTION,
        "python": sys.version.split()[0],
        "packages": {
            name: metadata.version(name)
            for name in ("matching", "matching-algorithms", "numpy")
        },
        "numpy_seed": NUMPY_SEED,
        "instances": instances,
    }
    return dumps(data)


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=here / "mechanisms.json")
    parser.add_argument("--check", action="store_true",
                        help="do not write; fail if --out differs from a fresh run")
    args = parser.parse_args()
    text = build()
    if args.check:
        old = args.out.read_text() if args.out.exists() else ""
        # The interpreter and package versions may differ; compare the rest.
        strip = lambda t: {k: v for k, v in json.loads(t).items() if k not in ("python", "packages")}
        if not old or strip(old) != strip(text):
            raise SystemExit(f"{args.out} is out of date")
        print(f"{args.out} is up to date", file=sys.stderr)
        return
    args.out.write_text(text)
    print(f"wrote {args.out}: all package results agree with the plain "
          f"re-implementations", file=sys.stderr)


if __name__ == "__main__":
    main()
