#!/usr/bin/env bash
# ./grid demo: Azurite on loopback, one silo with every CPU slot (or GPU) of this machine, a synthetic
# UrbanSound8K, and a ten-fold sweep (scratch vs MoCo-pretrained fine-tuning at two learning rates) shown
# live until it ends; then the leaderboard and the report. Everything it starts is stopped on exit or
# Ctrl-C; the stored state (Azurite's folder) stays, and running ./grid demo again resumes the sweep.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRID="$ROOT/grid"
STATE="${GRID_DEMO_DIR:-$ROOT/.grid/demo}"
CLIPS_PER_CLASS="${GRID_DEMO_CLIPS_PER_CLASS:-24}"
mkdir -p "$STATE"

started=()
# Newest first: the silo leaves the membership table while Azurite is still there to write to.
stop_started() {
  local i pid
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid="${started[i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_started EXIT
trap 'echo; echo "demo: interrupted; the sweep is stored in $STATE: run ./grid demo again to resume it"; exit 130' INT TERM

say() { printf 'demo: %s\n' "$*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port="$1"
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}
wait_for_port() {
  local port="$1" pid="$2" what="$3" log="$4"
  for _ in $(seq 1 120); do
    port_in_use "$port" && return 0
    kill -0 "$pid" 2>/dev/null || { say "$what exited; its log ($log):"; tail -n 20 "$log" >&2; exit 1; }
    sleep 0.5
  done
  say "$what did not listen on 127.0.0.1:$port within 60 s; see $log"; exit 1
}

"$GRID" build

blob=$(free_port 10100); queue=$(free_port $((blob + 1))); table=$(free_port $((queue + 1)))
say "starting Azurite on 127.0.0.1:$blob-$table (data in $STATE/azurite)"
node "$ROOT/tools/azurite/node_modules/azurite/dist/src/azurite.js" --silent --skipApiVersionCheck --disableTelemetry \
  --location "$STATE/azurite" --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
  --tableHost 127.0.0.1 --tablePort "$table" >"$STATE/azurite.log" 2>&1 &
started+=($!)
wait_for_port "$blob" "$!" Azurite "$STATE/azurite.log"

account="AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export GRID_Storage__ConnectionString="DefaultEndpointsProtocol=http;$account;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
export GRID_CONFIG="$ROOT/orleans-config/cluster.json"
export GRID_Cluster__ClusterId=grid-demo GRID_Cluster__AdvertisedAddress=127.0.0.1
GRID_Cluster__SiloPort=$(free_port 11111); GRID_Cluster__GatewayPort=$(free_port 30000)
export GRID_Cluster__SiloPort GRID_Cluster__GatewayPort
export GRID_Runner__CpuSlots="${GRID_DEMO_SLOTS:-$(nproc)}" GRID_Runner__ThreadsPerSlot=1
export GRID_Runner__CacheDirectory="$STATE/cache"

say "starting a silo with $GRID_Runner__CpuSlots CPU slots (log: $STATE/silo.log)"
"$GRID" silo >"$STATE/silo.log" 2>&1 &
started+=($!)
wait_for_port "$GRID_Cluster__GatewayPort" "$!" "the silo" "$STATE/silo.log"

if [[ ! -f "$STATE/us8k/metadata/UrbanSound8K.csv" ]]; then
  say "writing a synthetic UrbanSound8K ($CLIPS_PER_CLASS clips per class) to $STATE/us8k"
  "$GRID" data synth --layout us8k --out "$STATE/us8k" --clips-per-class "$CLIPS_PER_CLASS" --seed 0 >&2
fi

experiment=""
[[ -f "$STATE/experiment" ]] && experiment="$(cat "$STATE/experiment")"
if [[ -n "$experiment" ]] && "$GRID" sweep results "$experiment" --json 2>/dev/null | grep -qiE '"state": *"running"'; then
  say "resuming experiment $experiment"
  "$GRID" sweep status "$experiment" --watch
else
  sed "s#@DATA@#$STATE/us8k#" "$ROOT/specs/demo.json" >"$STATE/demo-spec.json"
  experiment="$("$GRID" sweep launch "$STATE/demo-spec.json")"
  echo "$experiment" >"$STATE/experiment"
  say "launched experiment $experiment"
  "$GRID" sweep status "$experiment" --watch
fi

echo
"$GRID" sweep results "$experiment"
"$GRID" sweep report "$experiment" --out "$STATE/report"
say "report: $STATE/report/report.md (and report.html)"
