#!/usr/bin/env bash
# A throwaway single-node SLURM cluster on loopback for the tests (toolchain.md):
#   slurm_cluster.sh start DIR   writes DIR/slurm.conf, starts slurmctld and slurmd, waits until
#                                the node is idle, prints the SLURM_CONF to export
#   slurm_cluster.sh stop DIR    cancels every job, waits for the queue to empty, stops both
# Needs root (slurmd launches the jobs) and Debian's slurmctld, slurmd and slurm-client.
set -euo pipefail
action=$1
dir=$(realpath -m "$2")
conf=$dir/slurm.conf

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  mkdir -p "$dir/state" "$dir/spool"
  cat > "$conf" <<CONF
ClusterName=fovea-test
SlurmctldHost=localhost
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
SlurmdParameters=config_overrides
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=node1 NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=8 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$conf
  setsid slurmctld -D -c -f "$conf" > "$dir/slurmctld.out" 2>&1 < /dev/null &
  echo $! > "$dir/ctld.pid"
  setsid slurmd -D -N node1 -f "$conf" > "$dir/slurmd.out" 2>&1 < /dev/null &
  echo $! > "$dir/slurmd.daemon.pid"
  for _ in $(seq 1 150); do
    if [ "$(timeout 5 sinfo -h -o %T 2>/dev/null)" = idle ]; then
      echo "$conf"
      return 0
    fi
    sleep 0.2
  done
  echo "slurm_cluster: the node did not come up; see $dir/slurmctld.log and $dir/slurmd.log" >&2
  stop
  return 1
}

stop() {
  export SLURM_CONF=$conf
  # Jobs outlive the daemons unless cancelled first (toolchain.md, pitfall 1).
  timeout 10 scancel --full --user=root 2>/dev/null || true
  for _ in $(seq 1 50); do
    [ -z "$(timeout 5 squeue -h 2>/dev/null)" ] && break
    sleep 0.2
  done
  for f in slurmd.daemon.pid ctld.pid; do
    [ -f "$dir/$f" ] || continue
    pid=$(cat "$dir/$f")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/$f"
  done
}

case $action in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
