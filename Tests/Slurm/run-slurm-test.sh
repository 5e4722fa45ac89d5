#!/usr/bin/env bash
# The README's Slurm recipe, run for real (issue #16): starts a private single-node Slurm cluster
# (munged, slurmctld, slurmd; a slurm.conf written to a temporary folder; no cgroups), submits the
# README's job array and merge job exactly as the README shows them (the two code blocks after the
# `slurm-test:` markers), waits, and checks that the merged database equals a sweep of the same plan
# on this machine alone, table by table (`fairplaces export` writes every table in key order).
#
# Where Slurm cannot be installed or started it prints "SKIPPED: <why>" and exits 0.
# Usage: Tests/Slurm/run-slurm-test.sh [FAIRPLACES]   (default: .build/debug/fairplaces)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FAIRPLACES=$(realpath "${1:-$ROOT/.build/debug/fairplaces}")
START=$(date +%s.%N)
skip() { echo "SKIPPED: $*"; exit 0; }
fail() { echo "FAILED: $*" >&2; exit 1; }
elapsed() { awk -v a="$START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

[ -x "$FAIRPLACES" ] || fail "no fairplaces executable at $FAIRPLACES (run swift build first)"

# 1. Slurm and munge (Debian packages), installed if missing.
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    if [ -n "$SUDO" ] && ! sudo -n true 2>/dev/null; then skip "Slurm is not installed and installing it needs root"; fi
    echo "Installing slurm-wlm and munge (Debian/Ubuntu)…"
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq slurm-wlm munge >/dev/null; } \
        || skip "cannot install slurm-wlm and munge with apt-get"
fi
[ "$(id -u)" = 0 ] || skip "starting slurmd and munged needs root here (run as root or with sudo)"

WORK=$(mktemp -d /tmp/fairplaces-slurm-XXXXXX)
CONF="$WORK/etc/slurm.conf"
mkdir -p "$WORK/etc" "$WORK/state" "$WORK/spool" "$WORK/munge" "$WORK/run" "$WORK/sweep"
cleanup() {
    # Only the daemons this script started, by their process ids; slurmctld saves its state first.
    local pids=()
    for pidfile in "$WORK/run/slurmd.pid" "$WORK/run/slurmctld.pid" "$WORK/munge/munged.pid"; do
        [ -f "$pidfile" ] && pids+=("$(cat "$pidfile")")
    done
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 40); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.25
    done
    if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
logs() { for f in "$WORK"/run/*.log "$WORK"/munge/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -5 "$f"; }; done; }

# 2. munged, with its own key and socket in the temporary folder (no system service is touched).
SOCKET="$WORK/munge/munge.socket"
dd if=/dev/urandom of="$WORK/munge/munge.key" bs=1024 count=1 status=none
chmod 0700 "$WORK/munge"; chmod 0400 "$WORK/munge/munge.key"
munged --force --key-file="$WORK/munge/munge.key" --socket="$SOCKET" --pid-file="$WORK/munge/munged.pid" \
    --log-file="$WORK/munge/munged.log" --seed-file="$WORK/munge/munged.seed" 2>"$WORK/munge/start.err" \
    || skip "munged does not start here: $(head -c 200 "$WORK/munge/start.err")"

# 3. slurm.conf: this host as the one node, processes tracked without cgroups, no accounting.
HOST=$(hostname -s)
CTLD_PORT=$((20000 + RANDOM % 20000)); SLURMD_PORT=$((CTLD_PORT + 1))
cat > "$CONF" <<CONF
ClusterName=fairplaces-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/run/slurmctld.log
SlurmdLogFile=$WORK/run/slurmd.log
# The README asks for 8 CPUs a task; this test machine may have fewer, so the node says 8.
SlurmdParameters=config_overrides
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=8 RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$CONF"
slurmctld -c -f "$CONF" 2>"$WORK/run/ctld.err" || { logs; skip "slurmctld does not start here: $(head -c 200 "$WORK/run/ctld.err")"; }
slurmd -f "$CONF" -N "$HOST" 2>"$WORK/run/d.err" || { logs; skip "slurmd does not start here: $(head -c 200 "$WORK/run/d.err")"; }
for _ in $(seq 1 60); do
    state=$(sinfo -h -N -o %t 2>/dev/null | head -1 || true)
    [ "$state" = idle ] && break
    sleep 0.5
done
[ "$state" = idle ] || { logs; skip "the Slurm node did not come up (state '${state:-none}')"; }
echo "Slurm is up ($(elapsed) s): node $HOST, $(sinfo -h -o %c) CPUs, slurm.conf in $WORK/etc"

# 4. The plan: the sweep test's small town, 4 points × 10 seeds = 40 runs over 20 array tasks.
cd "$WORK/sweep"
cat > town.yaml <<'YAML'
name: Small town
seed: 9
replications: 1
region:
  synthetic:
    width_km: 8
    height_km: 6
    pupils: 300
    towns:
      - {name: Town, centre_km: [4, 3], share: 1, radius_km: 2}
schools:
  generate: {count: 4, surplus: 0.1, types: {community: 1}}
admissions:
  default: {criteria: [looked_after, sibling], tie_break: distance}
preferences:
  list_length: 3
  considered_schools: 4
YAML
cat > plan.yaml <<'YAML'
name: Slurm test
scenario: town.yaml
seeds: {from: 1, count: 10}
parameters:
  list_length: {path: preferences.list_length, values: [1, 3]}
  tie_break: {path: admissions.default.tie_break, values: [distance, random]}
YAML
mkdir -p bin && ln -s "$FAIRPLACES" bin/fairplaces
export PATH="$WORK/sweep/bin:$PATH"

# 5. The README's two blocks, as written there.
block() { awk -v name="$1" '
    index($0, "<!-- slurm-test: " name) { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$ROOT/README.md"; }
block sweep.sbatch > sweep.sbatch
block submit > submit.sh
[ -s sweep.sbatch ] && [ -s submit.sh ] || fail "the README has no slurm-test blocks"
bash submit.sh > submitted.txt 2>&1 || { cat submitted.txt; fail "submitting the README's jobs failed"; }
echo "Submitted as the README says ($(elapsed) s): $(tr '\n' ' ' < submitted.txt)"

# 6. Wait for every job to leave the queue (the cluster is private: every job is ours).
for _ in $(seq 1 1200); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.5
done
[ -z "$(squeue -h -o %i)" ] || { squeue; logs; fail "jobs still queued after 10 minutes"; }
echo "Every job finished ($(elapsed) s)"
for log in slurm-*.out; do
    if grep -q "error" "$log"; then echo "--- $log"; cat "$log"; fail "a job reported an error"; fi
done
[ -f results.db ] || { logs; cat slurm-*.out; fail "the merge job wrote no results.db"; }
shards=$(ls shards/*.db | wc -l)
[ "$shards" = 20 ] || fail "expected 20 shard databases, found $shards"
merge_log=$(grep -l "results.db:" slurm-*.out || true)
[ -n "$merge_log" ] && grep -q "40 runs of 40 in the plan (complete)" $merge_log || { cat slurm-*.out; fail "the merge did not report 40 of 40 runs"; }

# 7. The same plan on this machine alone, then every table compared.
"$FAIRPLACES" sweep plan.yaml --db single.db --threads 2 --quiet
"$FAIRPLACES" export single.db --out single > /dev/null
diff -r results single > diff.txt || { head -20 diff.txt; fail "the merged database differs from the single-machine one"; }
rows=$(($(wc -l < single/runs.csv) - 1))
[ "$rows" = 40 ] || fail "expected 40 runs, found $rows"
echo "PASSED: 20 array tasks and the merge job on a real Slurm $(slurmctld -V | cut -d' ' -f2) gave the single-machine database ($rows runs, every table equal) in $(elapsed) s"
