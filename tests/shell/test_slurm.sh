#!/usr/bin/env bash
# pipelines/eval.sbatch and pipelines/dataset.sbatch on a real Slurm: a single-node cluster
# (munged, slurmctld, slurmd from Debian's slurm-wlm packages) started here on localhost with its
# own key, ports and spool.  An eval array of 3 shard tasks, then the merge job after them, must give
# the table one run gives; a dataset array of 3 tasks over 5 crawl files, then its merge job, the
# dataset make dataset gives.  Skipped (and counted) where the daemons are not installed or cannot
# start (not root, no munge).
set -u
source "$(dirname "$0")/common.bash"
M=${GR_MODELS:?GR_MODELS: the tiny models directory (make check sets it)}
name="an eval array of 3 shards and the merge job on a localhost Slurm give one run's scores"
dname="a dataset array of 3 tasks over 5 crawl files and the merge job on a localhost Slurm give make dataset's dataset"
skip() { echo "ok $1 # SKIP $2"; echo "ok $dname # SKIP $2"; exit 0; }
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
stop() {   # the daemons, then (once they have stopped writing their state) the scratch directory
    local pids
    pids=$(cat "$S/ctld.pid" "$S/slurmd.pid" "$S/munge/pid" 2> /dev/null)
    kill $pids 2> /dev/null
    for p in $pids; do for _ in $(seq 50); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done; done
    rm -rf "$T"
}
trap stop EXIT
slurmctld -f "$S/slurm.conf" 2> "$S/ctld.err" && slurmd -f "$S/slurm.conf" 2> "$S/slurmd.err" \
    || skip "$name" "slurmctld/slurmd did not start: $(cat "$S/ctld.err" "$S/slurmd.err" | head -c 200)"
for _ in $(seq 30); do sinfo -h -o %T 2> /dev/null | grep -q idle && break; sleep 1; done
sinfo -h -o %T 2> /dev/null | grep -q idle || skip "$name" "the node never became idle: $(tail -n 2 "$S/ctld.log" | tr '\n' ' ' | head -c 200)"

# Until the jobs are gone; a merge job whose array failed waits forever (DependencyNeverSatisfied):
# cancelled.
wait_jobs() {
    for _ in $(seq 300); do
        [ -z "$(squeue -h -j "$1,$2" 2> /dev/null)" ] && return
        squeue -h -j "$2" -o %r 2> /dev/null | grep -q DependencyNeverSatisfied && { scancel "$2"; return; }
        sleep 1
    done
}
opts=(--limit 3 --max-tokens 6 --bench math500,mmlu_pro,aime24 -q)
export GR_SHARED=$SHARED GR_HOME=$PWD
job=$(sbatch --parsable --array=0-2 --cpus-per-task=1 -o "$T/task-%a.log" pipelines/eval.sbatch "$M/qwen3-f32" "$T/slurm-out" "${opts[@]}")
merge=$(sbatch --parsable --dependency=afterok:$job -o "$T/merge.log" --export=ALL,GR_EVAL_MERGE=1 pipelines/eval.sbatch \
    "$M/qwen3-f32" "$T/slurm-out" "${opts[@]}" --run qwen3-f32)
wait_jobs "$job" "$merge"
pipelines/eval --model "$M/qwen3-f32" --out "$T/one" "${opts[@]}" > /dev/null
check "$name (jobs $job, $merge: $(cat "$T"/task-*.log "$T/merge.log" 2> /dev/null | grep -v '^|' | head -c 200))" \
    test -s "$T/slurm-out/scores.json" -a "$(jq -S . "$T/slurm-out/scores.json" 2> /dev/null)" = "$(jq -S . "$T/one/scores.json")"

# make dataset as an array: 3 tasks share out 5 crawl files (listed in a file), then the merge.
E=$SHARED/data/eval
cp "$SHARED"/data/warc/dolma__sample-0000.warc.gz "$T/"
printf '%s\n' testdata/warc/faq.warc.gz testdata/warc/microdata.warc.gz testdata/warc/qapage.warc.gz testdata/warc/quiz.warc \
    "$T/dolma__sample-0000.warc.gz" > "$T/crawls.txt"
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
export BIN SHARED
job=$(sbatch --parsable --array=0-2 --cpus-per-task=1 -o "$T/dtask-%a.log" pipelines/dataset.sbatch "$T/sds" @"$T/crawls.txt")
merge=$(sbatch --parsable --dependency=afterok:$job -o "$T/dmerge.log" --export=ALL,GR_DATASET_MERGE=1 pipelines/dataset.sbatch \
    "$T/sds" @"$T/crawls.txt")
wait_jobs "$job" "$merge"
make -s --no-print-directory -f pipelines/dataset.mk BIN="$BIN" SHARED="$SHARED" OUT="$T/mds" WARCS="$(paste -sd' ' "$T/crawls.txt")" \
    > /dev/null 2>&1
tasks=$(cat "$T"/dtask-*.log 2> /dev/null | grep -c 'pass 1 of')
check "$dname (jobs $job, $merge; $tasks tasks with files: $(cat "$T"/dtask-*.log "$T/dmerge.log" 2> /dev/null | grep -v '^  ' | head -c 300))" \
    eval 'test "$tasks" = 3 && test -s "$T/sds/dataset.jsonl" && cmp -s "$T/sds/dataset.jsonl" "$T/mds/dataset.jsonl" &&
          test "$(jq .accounted "$T/sds/manifest.json")" = true'
