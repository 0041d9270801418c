#!/usr/bin/env bash
# pgcpu.sh <port> <script> <seconds> [pgbench options]: transactions/s and the machine's CPU per
# transaction, all processes but pgbench's own (from /proc/stat), 8 clients, prepared statements
set -euo pipefail
port=$1 script=$2 secs=$3; shift 3
out=$(mktemp) time=$(mktemp)
read -ra a < <(head -1 /proc/stat)
/usr/bin/time -f "%U %S" -o "$time" env PGPASSWORD=${PGPASSWORD:-regiohub} pgbench -n -h localhost -p "$port" \
  -U regiohub -c 8 -j 2 -M prepared -T "$secs" -f "$script" "$@" participation > "$out" 2>&1
read -ra b < <(head -1 /proc/stat)
busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]) - (a[1]+a[2]+a[3]+a[6]+a[7]) ))
tx=$(grep "actually processed" "$out" | awk -F': ' '{print $2}' | cut -d/ -f1)
tps=$(grep "^tps" "$out" | awk '{print $3}')
python3 -c "print('$script: tps $tps, machine CPU per transaction', round((($busy/$(getconf CLK_TCK)) - sum(map(float, open('$time').read().split()))) * 1e6 / $tx), 'µs')"
rm -f "$out" "$time"
