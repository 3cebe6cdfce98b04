#!/usr/bin/python3
"""Watch latency: from a file landing (closed, renamed into place) in a watched directory to its artifact being
listed by the API. Starts `cluster serve` and one `cluster worker` on a fresh PostgreSQL database, adds a watch with
settle 1 s (checksum kind), lands 100 files 0.2 s apart and reports p50/p95. Writes bench/results/watch_latency.json.

Usage: bench/watch_latency.py [--files 100] [--settle 1] [--interval 0.2] [--cli PATH/cluster.dll]
Needs PostgreSQL as ./scripts/test starts it (source scripts/lib/postgres.sh && start_test_postgres): CLUSTER_TEST_PG_PORT
(default 55432) on 127.0.0.1, user postgres.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PSQL = "/usr/lib/postgresql/15/bin/psql"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(server, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(server + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
        return json.loads(text) if text else None


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--settle", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--cli", default=os.path.join(ROOT, "src", "Cluster.Cli", "bin", "Release", "net10.0", "cluster.dll"))
    args = parser.parse_args()

    port = os.environ.get("CLUSTER_TEST_PG_PORT", "55432")
    database = "watch_bench_" + uuid.uuid4().hex[:8]
    psql = [PSQL, "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres", "-q", "-c"]
    subprocess.run(psql + [f"CREATE DATABASE {database}"], check=True)
    store = f"Host=127.0.0.1;Port={port};Username=postgres;Database={database}"
    temp = tempfile.mkdtemp(prefix="watch-bench-")
    live = os.path.join(temp, "inputs", "live")
    os.makedirs(live)
    token = "bench-token-" + uuid.uuid4().hex
    with open(os.path.join(temp, "tokens"), "w") as f:
        f.write(token + "\n")
    server = f"http://127.0.0.1:{free_port()}"
    artifacts = "file://" + os.path.join(temp, "artifacts")
    log = open(os.path.join(temp, "processes.log"), "w")
    processes = [
        subprocess.Popen(["dotnet", args.cli, "serve", "--store", store, "--artifacts", artifacts, "--urls", server,
                          "--token-file", os.path.join(temp, "tokens"), "--input-root", os.path.join(temp, "inputs")],
                         stdout=log, stderr=subprocess.STDOUT),
        subprocess.Popen(["dotnet", args.cli, "worker", "--store", store, "--artifacts", artifacts, "--slots", "2"],
                         stdout=log, stderr=subprocess.STDOUT),
    ]
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(server + "/readyz", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit(f"orchestrator not ready; see {log.name}")
                time.sleep(0.1)
        api(server, "POST", "/api/watches", {"name": "bench", "source": "live", "pattern": "*.dat",
                                             "settle_seconds": args.settle, "spec": "kind: checksum\n"}, token)
        time.sleep(1)  # the leader opens the watch on its next tick

        landed, listed = {}, {}
        next_landing, index = time.time(), 0
        deadline = time.time() + args.files * args.interval + 120
        while len(listed) < args.files and time.time() < deadline:
            now = time.time()
            if index < args.files and now >= next_landing:
                name = f"f{index:04d}.dat"
                part = os.path.join(live, "." + name + ".part")
                with open(part, "wb") as f:
                    f.write(os.urandom(64 * 1024))
                os.rename(part, os.path.join(live, name))
                landed[name] = time.time()
                index += 1
                next_landing += args.interval
            for artifact in api(server, "GET", "/api/runs/bench/artifacts"):
                if artifact["item"] and artifact["item"] not in listed:
                    listed[artifact["item"]] = time.time()
            time.sleep(0.02)
        latencies = [listed[k] - landed[k] for k in landed if k in listed]
        if len(latencies) < args.files:
            sys.exit(f"only {len(latencies)} of {args.files} files were processed; see {log.name}")
        result = {
            "files": args.files, "settle_seconds": args.settle, "landing_interval_s": args.interval,
            "p50_s": round(percentile(latencies, 50), 3), "p95_s": round(percentile(latencies, 95), 3),
            "min_s": round(min(latencies), 3), "max_s": round(max(latencies), 3),
            "mean_s": round(statistics.mean(latencies), 3), "cpus": os.cpu_count(),
        }
        os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
        with open(os.path.join(ROOT, "bench", "results", "watch_latency.json"), "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps(result))
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()
        subprocess.run(psql + [f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"], check=False)
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
