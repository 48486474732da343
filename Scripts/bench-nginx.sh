#!/usr/bin/env bash
# Measures nginx serving a fixed response with the same load generator, for comparison with
# `kravia-sandbox-bench` against our own server. Needs nginx (apt-get install -y nginx).
set -euo pipefail
port="${PORT:-18089}"
duration="${DURATION:-5}"
dir="$(mktemp -d)"
trap 'kill "$(cat "$dir/nginx.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$dir"' EXIT
cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        location / { return 200 "ok"; }
    }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir"
sleep 0.5
bench="$(swift build -c release --show-bin-path)/kravia-sandbox-bench"
"$bench" --url "http://127.0.0.1:$port/" --duration "$duration" --skip-startup
