#!/usr/bin/env bash
# pipelines/eval.sbatch on a real Slurm: a single-node cluster (munged, slurmctld, slurmd from
# Debian's slurm-wlm packages) started here on localhost with its own key, ports and spool; an array
# of 3 shard tasks, then the merge job after them, must give the table one run gives.  Skipped (and
# counted) where the daemons are not installed or cannot start (not root, no munge).
set -u
source "$(dirname "$0")/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}
skip() { echo "ok $1 # SKIP $2"; exit 0; }
name="an eval array of 3 shards and the merge job on a localhost Slurm give one run's scores"
for d in munged slurmctld slurmd sbatch squeue; do command -v $d > /dev/null || PATH=$PATH:/usr/sbin; command -v $d > /dev/null || skip "$name" "$d not installed (apt-get install slurmctld slurmd slurm-client munge)"; done
[ "$(id -u)" = 0 ] || skip "$name" "not root: the test daemons run as root"

S=$T/slurm; mkdir -p "$S/state" "$S/spool" "$S/munge"
chmod 700 "$S/munge"
head -c 1024 /dev/urandom > "$S/munge/key" && chmod 400 "$S/munge/key"
munged --force -S "$S/munge/sock" --key-file "$S/munge/key" --pid-file "$S/munge/pid" --log-file "$S/munge/log" \
    --seed-file "$S/munge/seed" 2> "$S/munge.err" || skip "$name" "munged did not start: $(head -c 200 "$S/munge.err")"
port=$((20000 + RANDOM % 20000))
host=$(hostname -s)
cat > "$S/slurm.conf" <<CONF
ClusterName=grtest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/sock
CredType=cred/munge
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/ctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/ctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=gr Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$S/slurm.conf
stop() { kill "$(cat "$S/ctld.pid" 2> /dev/null)" "$(cat "$S/slurmd.pid" 2> /dev/null)" "$(cat "$S/munge/pid" 2> /dev/null)" 2> /dev/null; rm -rf "$T"; }
trap stop EXIT
slurmctld -f "$S/slurm.conf" 2> "$S/ctld.err" && slurmd -f "$S/slurm.conf" 2> "$S/slurmd.err" \
    || skip "$name" "slurmctld/slurmd did not start: $(cat "$S/ctld.err" "$S/slurmd.err" | head -c 200)"
for _ in $(seq 30); do sinfo -h -o %T 2> /dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %T 2> /dev/null | grep -q idle || skip "$name" "the node never became idle: $(tail -n 2 "$S/ctld.log" | tr '\n' ' ' | head -c 200)"

opts=(--limit 3 --max-tokens 6 --bench math500,mmlu_pro,aime24 -q)
export GR_SHARED=$SHARED GR_HOME=$PWD
job=$(sbatch --parsable --array=0-2 --cpus-per-task=1 -o "$T/task-%a.log" pipelines/eval.sbatch "$M/qwen3-f32" "$T/slurm-out" "${opts[@]}")
merge=$(sbatch --parsable --dependency=afterok:$job -o "$T/merge.log" --export=ALL,GR_EVAL_MERGE=1 pipelines/eval.sbatch \
    "$M/qwen3-f32" "$T/slurm-out" "${opts[@]}" --run qwen3-f32)
for _ in $(seq 300); do [ -z "$(squeue -h -j "$job,$merge" 2> /dev/null)" ] && break; sleep 1; done
pipelines/eval --model "$M/qwen3-f32" --out "$T/one" "${opts[@]}" > /dev/null
check "$name (jobs $job, $merge: $(cat "$T"/task-*.log "$T/merge.log" 2> /dev/null | grep -v '^|' | head -c 200))" \
    test -s "$T/slurm-out/scores.json" -a "$(jq -S . "$T/slurm-out/scores.json" 2> /dev/null)" = "$(jq -S . "$T/one/scores.json")"
