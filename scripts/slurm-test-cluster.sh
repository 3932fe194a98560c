#!/usr/bin/env bash
# A throwaway single-node Slurm for tests and trials, entirely inside one folder: generated
# slurm.conf and munge key, munged + slurmctld + slurmd started by hand (no systemd), free
# ports picked at run time, everything stopped by PID.
#
#   scripts/slurm-test-cluster.sh start DIR [DEADLINE_SECONDS]   (prints: export SLURM_CONF=...)
#   scripts/slurm-test-cluster.sh stop DIR
#
# start exits 77 (a skip for CTest) when the daemons cannot run here (not root and the
# packages missing, a daemon that will not start), with the reason on stderr. After
# DEADLINE_SECONDS (default 110) a watchdog stops the cluster even if nobody calls stop,
# so a killed test cannot leave daemons behind.
set -uo pipefail

SKIP=77
ACTION="${1:-}"
DIR="${2:-}"
DEADLINE="${3:-110}"
NODE=rmnode
if [ -z "$ACTION" ] || [ -z "$DIR" ]; then
  echo "usage: $0 start|stop DIR [DEADLINE_SECONDS]" >&2
  exit 2
fi
DIR="$(mkdir -p "$DIR" && cd "$DIR" && pwd)"
export SLURM_CONF="$DIR/slurm.conf"

say() { echo "slurm-test-cluster: $*" >&2; }

pid_of() { [ -f "$DIR/$1.pid" ] && cat "$DIR/$1.pid"; }

# Job steps (slurmstepd) of this cluster: they carry our SLURM_CONF in their environment.
step_pids() {
  local p
  for p in /proc/[0-9]*; do
    [ -r "$p/cmdline" ] || continue
    case "$(tr '\0' ' ' < "$p/cmdline" 2>/dev/null)" in slurmstepd*) ;; *) continue ;; esac
    if tr '\0' '\n' < "$p/environ" 2>/dev/null | grep -qx "SLURM_CONF=$SLURM_CONF"; then
      echo "${p#/proc/}"
    fi
  done
}

alive() {  # a zombie (exited, not yet reaped by its new parent) counts as gone
  [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != "Z" ]
}

wait_gone() {  # SECONDS PID...
  local i pid left seconds="$1"
  shift
  for ((i = 0; i < seconds * 10; i++)); do
    left=0
    for pid in "$@"; do alive "$pid" && left=1; done
    [ "$left" = 0 ] && return 0
    sleep 0.1
  done
  return 1
}

stop_cluster() {
  local name pid i
  if [ -f "$DIR/slurmctld.pid" ] && alive "$(pid_of slurmctld)"; then
    # Stopping the daemons does not end running jobs: cancel them and let the queue drain.
    timeout 5 scancel --partition=test >/dev/null 2>&1
    for ((i = 0; i < 50; i++)); do
      [ -z "$(timeout 2 squeue -h -o %i 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  local steps
  steps="$(step_pids)"
  # shellcheck disable=SC2086
  [ -z "$steps" ] || wait_gone 10 $steps || kill -KILL $steps 2>/dev/null
  local daemons=()
  for name in slurmd slurmctld munged; do
    pid="$(pid_of $name)" && [ -n "$pid" ] && daemons+=("$pid") && kill -TERM "$pid" 2>/dev/null
    rm -f "$DIR/$name.pid"
  done
  if [ ${#daemons[@]} -gt 0 ] && ! wait_gone 5 "${daemons[@]}"; then
    for pid in "${daemons[@]}"; do alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
  fi
  # The watchdog (unless it is the one stopping us) and its sleep.
  for name in watchdog watchdog-sleep; do
    pid="$(pid_of $name)" && [ -n "$pid" ] && [ "$pid" != "$PPID" ] && kill -TERM "$pid" 2>/dev/null
    rm -f "$DIR/$name.pid"
  done
}

free_port() {  # a port nothing listens on (the daemons exit when theirs is taken)
  local port i
  for ((i = 0; i < 50; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! grep -qx "$port" "$DIR/ports" 2>/dev/null; then
      echo "$port" >> "$DIR/ports"
      echo "$port"
      return 0
    fi
  done
  return 1
}

give_up() {
  say "$*"
  for log in munged slurmctld slurmd; do
    [ -s "$DIR/$log.log" ] && { say "last lines of $DIR/$log.log:"; tail -5 "$DIR/$log.log" >&2; }
  done
  stop_cluster
  exit $SKIP
}

start_cluster() {
  local need=() pkg cmd
  for pkg in slurmctld slurmd slurm-client munge; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || { say "packages ${need[*]} missing and not root to install them"; exit $SKIP; }
    say "installing ${need[*]}"
    DEBIAN_FRONTEND=noninteractive timeout 60 apt-get install -y --no-install-recommends "${need[@]}" >&2 ||
      { say "apt-get install ${need[*]} failed"; exit $SKIP; }
  fi
  [ "$(id -u)" -eq 0 ] || { say "the test cluster runs its daemons as root (SlurmUser=root)"; exit $SKIP; }
  for cmd in munged slurmctld slurmd sbatch scontrol sinfo squeue scancel; do
    command -v "$cmd" >/dev/null || { say "$cmd not found"; exit $SKIP; }
  done

  rm -rf "$DIR/state" "$DIR/spool" "$DIR/ports"
  mkdir -p "$DIR/state" "$DIR/spool"
  dd if=/dev/urandom of="$DIR/munge.key" bs=1024 count=1 status=none
  chmod 400 "$DIR/munge.key"
  local ctld_port slurmd_port cpus
  ctld_port="$(free_port)" && slurmd_port="$(free_port)" || give_up "no free port"
  cpus="$(nproc)"
  cat > "$SLURM_CONF" <<CONF
ClusterName=rmtest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge.sock
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
MinJobAge=600
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.daemon.pid
SlurmdPidFile=$DIR/slurmd.daemon.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF

  munged --foreground --force --key-file="$DIR/munge.key" --socket="$DIR/munge.sock" \
    --pid-file="$DIR/munged.daemon.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munged.seed" \
    >/dev/null 2>&1 &
  echo $! > "$DIR/munged.pid"
  local i
  for ((i = 0; i < 50; i++)); do [ -S "$DIR/munge.sock" ] && break; sleep 0.1; done
  [ -S "$DIR/munge.sock" ] || give_up "munged did not start"

  slurmctld -D -f "$SLURM_CONF" >>"$DIR/slurmctld.log" 2>&1 &
  echo $! > "$DIR/slurmctld.pid"
  slurmd -D -N "$NODE" -f "$SLURM_CONF" >>"$DIR/slurmd.log" 2>&1 &
  echo $! > "$DIR/slurmd.pid"

  # The watchdog: stop everything at the deadline even if the caller is killed.
  (
    trap '' HUP
    sleep "$DEADLINE" &
    echo $! > "$DIR/watchdog-sleep.pid"
    wait $!
    "$0" stop "$DIR"
  ) >/dev/null 2>&1 &
  echo $! > "$DIR/watchdog.pid"

  # scontrol ping answers at once when slurmctld is down (sinfo would block ~9 s).
  for ((i = 0; i < 100; i++)); do
    alive "$(pid_of slurmctld)" || give_up "slurmctld exited"
    timeout 3 scontrol ping 2>/dev/null | grep -q "is UP" && break
    sleep 0.1
  done
  timeout 3 scontrol ping 2>/dev/null | grep -q "is UP" || give_up "slurmctld does not answer"
  for ((i = 0; i < 150; i++)); do
    alive "$(pid_of slurmd)" || give_up "slurmd exited"
    [ "$(timeout 3 sinfo -h -o %T 2>/dev/null)" = "idle" ] && break
    sleep 0.1
  done
  [ "$(timeout 3 sinfo -h -o %T 2>/dev/null)" = "idle" ] || give_up "node $NODE never became idle"
  echo "export SLURM_CONF=$SLURM_CONF"
}

case "$ACTION" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  *) echo "usage: $0 start|stop DIR [DEADLINE_SECONDS]" >&2; exit 2 ;;
esac
