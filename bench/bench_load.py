#!/usr/bin/python3
"""Load on the Orleans runtime with real processes on a fresh database of the test PostgreSQL (docs/reliability.md).

  big-run   one run of N checksum items (default 100,000) over 1 orchestrator + 3 worker silos; meanwhile the dashboard
            page, the run's document, a page of its items and /metrics are fetched every 0.5 s (latency p50/p95/max);
            throughput from the POST and each silo's peak RSS (VmHWM)
  clients   C clients (threads) submitting R runs each at once (default 20 x 10 = 200 runs of 50 checksum items):
            submit latency, time until every run ended, every item done exactly once
  soak      M minutes (default 30) of runs back to back on two worker silos: one lives through the whole soak, the
            other is SIGKILLed and replaced every K seconds; RSS and open descriptors of the orchestrator and of both
            workers sampled every 10 s -> bench/results/soak.csv and docs/images/soak.png
  soak-report  the curve and figures again from bench/results/soak.csv

Usage: bench/bench_load.py COMMAND [options]; --cli is the built cluster.dll (./cluster --help builds it).
Results go to bench/results/orleans-load-<command>.json. Run it as bench/bench_load.py (/usr/bin/python3: the soak's
curve needs python3-matplotlib).
"""
import argparse
import os
import signal
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_orleans import ROOT, Cluster, summary, write_result  # noqa: E402

# Inputs and artifacts in memory unless TMPDIR says otherwise: every artifact is fsynced, and 100,000 fsyncs on this
# VM's disk measure the disk (creating the inputs alone took over 10 minutes), not the cluster.
if "TMPDIR" not in os.environ and os.path.isdir("/dev/shm"):
    tempfile.tempdir = "/dev/shm"


def make_inputs(cluster, folder, count):
    """`count` tiny files as hard links of a few (checksum reads each; the key makes each artifact distinct)."""
    path = os.path.join(cluster.inputs, folder)
    os.makedirs(path)
    seeds = []
    for n in range(16):
        seed = os.path.join(cluster.temp, f"seed{folder}{n}.bin")
        with open(seed, "wb") as f:
            f.write(os.urandom(256))
        seeds.append(seed)
    for i in range(count):
        os.link(seeds[i % len(seeds)], os.path.join(path, f"f{i:06d}.bin"))


def rss_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def open_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except FileNotFoundError:
        return None


def timed_get(url, token=None):
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    started = time.time()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    return time.time() - started


def big_run(args):
    cluster = Cluster(args.cli, "big")
    try:
        make_inputs(cluster, "big", args.items)
        orchestrator, server = cluster.serve()
        workers = [cluster.worker(f"worker{n}", args.slots) for n in range(args.workers)]
        cluster.wait_workers(args.workers)
        probes = {"dashboard": "/", "run": "/api/runs/big", "items": "/api/runs/big/items?offset=50000&limit=100", "metrics": "/metrics"}
        latencies = {name: [] for name in probes}
        stop = threading.Event()

        def probe():
            while not stop.is_set():
                for name, path in probes.items():
                    try:
                        latencies[name].append(timed_get(server + path, cluster.token))
                    except OSError as e:
                        latencies[name].append(float("inf"))
                        print(f"{name}: {e}", file=sys.stderr)
                stop.wait(0.5)

        prober = threading.Thread(target=probe)
        posted = time.time()
        cluster.submit(server, "name: big\nkind: checksum\ninput: { directory: big, glob: '*.bin' }\n")
        prober.start()
        state = cluster.wait_run_ended("big", 3600)
        elapsed = time.time() - posted
        stop.set()
        prober.join()
        done = int(cluster.sql("SELECT count(*) FROM items i JOIN runs r ON r.id = i.run_id WHERE r.name = 'big' AND i.state = 'done'")[0][0])
        once = int(cluster.sql("SELECT count(*) FROM (SELECT key FROM item_log l JOIN runs r ON r.id = l.run_id WHERE r.name = 'big' "
                               "AND l.message LIKE 'done%' GROUP BY key HAVING count(*) = 1) k")[0][0])
        result = {
            "items": args.items, "workers": args.workers, "slots": args.slots, "state": state, "done": done, "done_once": once,
            "seconds": round(elapsed, 1), "items_per_s": round(args.items / elapsed),
            "probe_seconds": {name: summary(values) | {"p95": round(percentile95(values), 3)} for name, values in latencies.items()},
            "peak_rss_mib": {"orchestrator": round(rss_kib(orchestrator.pid, "VmHWM") / 1024)}
            | {f"worker{n}": round(rss_kib(w.pid, "VmHWM") / 1024) for n, w in enumerate(workers)},
            "cpus": os.cpu_count(),
        }
        write_result("load-big-run", result)
        if state != "succeeded" or done != args.items or once != args.items:
            sys.exit(f"run big ended {state} with {done} done, {once} done exactly once of {args.items}")
    finally:
        cluster.close(args.keep)


def percentile95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def clients(args):
    cluster = Cluster(args.cli, "cl")
    try:
        make_inputs(cluster, "shared", args.items)
        _, server = cluster.serve()
        for n in range(args.workers):
            cluster.worker(f"worker{n}", args.slots)
        cluster.wait_workers(args.workers)
        submits, failures = [], []
        lock = threading.Lock()

        def client(c):
            for r in range(args.runs):
                started = time.time()
                try:
                    cluster.submit(server, f"name: c{c:02d}-r{r:02d}\nkind: checksum\ninput: {{ directory: shared, glob: '*.bin' }}\n")
                    with lock:
                        submits.append(time.time() - started)
                except OSError as e:
                    with lock:
                        failures.append(f"c{c:02d}-r{r:02d}: {e}")

        started = time.time()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        submitted = time.time() - started
        total = args.clients * args.runs
        deadline = time.time() + 1800
        while True:
            rows = cluster.sql("SELECT count(*) FILTER (WHERE state NOT IN ('pending', 'running')), count(*) FILTER (WHERE state = 'succeeded') FROM runs")
            ended, succeeded = int(rows[0][0]), int(rows[0][1])
            if ended >= total or time.time() > deadline:
                break
            time.sleep(0.5)
        elapsed = time.time() - started
        items = cluster.sql("SELECT count(*), count(*) FILTER (WHERE state = 'done') FROM items")[0]
        twice = int(cluster.sql("SELECT count(*) FROM (SELECT run_id, key FROM item_log WHERE message LIKE 'done%' GROUP BY run_id, key HAVING count(*) <> 1) k")[0][0])
        result = {"clients": args.clients, "runs_per_client": args.runs, "items_per_run": args.items, "submit_failures": failures,
                  "submit_seconds": summary(submits) | {"p95": round(percentile95(submits), 3)}, "all_submitted_after_s": round(submitted, 1),
                  "runs_ended": ended, "runs_succeeded": succeeded, "all_ended_after_s": round(elapsed, 1),
                  "items": int(items[0]), "items_done": int(items[1]), "items_not_done_exactly_once": twice, "cpus": os.cpu_count()}
        write_result("load-clients", result)
        if failures or succeeded != total or int(items[1]) != total * args.items or twice:
            sys.exit("not every run succeeded with every item done once")
    finally:
        cluster.close(args.keep)


def soak(args):
    """Runs back to back for `minutes` on two worker silos: the first lives through the soak (its memory is the
    worker's curve), the second is SIGKILLed and replaced every `kill_every` seconds. Samples RSS/fds of the
    orchestrator, of the lasting worker and of the current replaced one."""
    cluster = Cluster(args.cli, "soak")
    samples = []
    try:
        make_inputs(cluster, "soak", args.items)
        orchestrator, server = cluster.serve()
        workers = [cluster.worker(f"worker{n}", args.slots) for n in range(2)]
        cluster.wait_workers(2)
        started = time.time()
        next_kill, next_sample, run, kills = started + args.kill_every, started, 0, 0
        current = None
        while time.time() - started < args.minutes * 60:
            now = time.time()
            if current is None or cluster.sql(f"SELECT state FROM runs WHERE name = '{current}'")[0][0] not in ("pending", "running"):
                current = f"soak{run:04d}"
                cluster.submit(server, f"name: {current}\nkind: checksum\nmax_attempts: 100\nparams: {{ delay_ms: 5 }}\n"
                                       "input: { directory: soak, glob: '*.bin' }\n")
                run += 1
            if now >= next_kill:
                workers[1].send_signal(signal.SIGKILL)
                workers[1].wait()
                workers[1] = cluster.worker("worker1", args.slots)
                kills += 1
                next_kill = now + args.kill_every
            if now >= next_sample:
                row = {"t": round(now - started), "runs": run, "kills": kills,
                       "orchestrator_rss_mib": round((rss_kib(orchestrator.pid, "VmRSS") or 0) / 1024, 1),
                       "orchestrator_fds": open_fds(orchestrator.pid),
                       "worker_rss_mib": round((rss_kib(workers[0].pid, "VmRSS") or 0) / 1024, 1),
                       "worker_fds": open_fds(workers[0].pid),
                       "replaced_worker_rss_mib": round((rss_kib(workers[1].pid, "VmRSS") or 0) / 1024, 1)}
                samples.append(row)
                print(row, file=sys.stderr)
                next_sample = now + 10
            time.sleep(0.5)
        done_runs = int(cluster.sql("SELECT count(*) FROM runs WHERE state = 'succeeded'")[0][0])
        wrong = int(cluster.sql("SELECT count(*) FROM (SELECT run_id, key FROM item_log WHERE message LIKE 'done%' GROUP BY run_id, key HAVING count(*) <> 1) k")[0][0])
        write_csv(samples)
        soak_report(samples, args, {"runs_succeeded": done_runs, "items_not_done_exactly_once": wrong})
    finally:
        cluster.close(args.keep)


SOAK_CSV = os.path.join(ROOT, "bench", "results", "soak.csv")


def write_csv(samples):
    import csv
    os.makedirs(os.path.dirname(SOAK_CSV), exist_ok=True)
    with open(SOAK_CSV, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(samples[0]))
        writer.writeheader()
        writer.writerows(samples)


def soak_report(samples, args, checks):
    """The curve (docs/images/soak.png) and the figures (results/orleans-load-soak.json) of a soak's samples."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    minutes = [s["t"] / 60 for s in samples]
    figure, (rss, fds) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    rss.plot(minutes, [s["orchestrator_rss_mib"] for s in samples], label="orchestrator silo")
    rss.plot(minutes, [s["worker_rss_mib"] for s in samples], label="worker silo (the one not killed)")
    rss.plot(minutes, [s["replaced_worker_rss_mib"] for s in samples], label="worker silo killed and replaced", linewidth=0.8)
    rss.set_ylabel("RSS (MiB)")
    rss.set_ylim(bottom=0)
    rss.legend(loc="lower center", ncol=3, fontsize="small")
    fds.plot(minutes, [s["orchestrator_fds"] for s in samples], label="orchestrator silo")
    fds.plot(minutes, [s["worker_fds"] for s in samples], label="worker silo (the one not killed)")
    fds.set_ylabel("open descriptors")
    fds.set_ylim(bottom=0)
    fds.set_xlabel("minutes")
    fds.legend(loc="lower center", ncol=2, fontsize="small")
    figure.suptitle(f"Soak: {args.minutes:g} min of checksum runs ({args.items} items each), the other worker silo SIGKILLed every {args.kill_every} s")
    figure.tight_layout()
    figure.savefig(os.path.join(ROOT, "docs", "images", "soak.png"), dpi=90)
    warm, last = samples[len(samples) // 10], samples[-1]
    write_result("load-soak", {
        "minutes": args.minutes, "kills": last["kills"], "runs_submitted": last["runs"], "items_per_run": args.items, "samples": len(samples),
        "orchestrator_rss_mib_after_warmup_and_at_end": [warm["orchestrator_rss_mib"], last["orchestrator_rss_mib"]],
        "orchestrator_rss_mib_max": max(s["orchestrator_rss_mib"] for s in samples),
        "orchestrator_fds_after_warmup_and_at_end": [warm["orchestrator_fds"], last["orchestrator_fds"]],
        "orchestrator_fds_max": max(s["orchestrator_fds"] for s in samples),
        "worker_rss_mib_after_warmup_and_at_end": [warm["worker_rss_mib"], last["worker_rss_mib"]],
        "worker_rss_mib_max": max(s["worker_rss_mib"] for s in samples),
        "worker_fds_after_warmup_and_at_end": [warm["worker_fds"], last["worker_fds"]], "worker_fds_max": max(s["worker_fds"] for s in samples),
        "replaced_worker_rss_mib_max": max(s["replaced_worker_rss_mib"] for s in samples),
        "cpus": os.cpu_count()} | checks)


def soak_report_from_csv(args):
    """Draws the curve again from bench/results/soak.csv (the ledger's checks are only in the soak's own report)."""
    import csv
    with open(SOAK_CSV) as f:
        samples = [{k: float(v) for k, v in row.items()} for row in csv.DictReader(f)]
    soak_report(samples, args, {})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", default=os.path.join(ROOT, ".build", "cli", "cluster.dll"))
    parser.add_argument("--keep", action="store_true", help="keep the processes' logs")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("big-run")
    p.add_argument("--items", type=int, default=100_000)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--slots", type=int, default=2)
    p.set_defaults(action=big_run)
    p = commands.add_parser("clients")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--items", type=int, default=50)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--slots", type=int, default=2)
    p.set_defaults(action=clients)
    p = commands.add_parser("soak")
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--items", type=int, default=2000)
    p.add_argument("--kill-every", type=int, default=60)
    p.add_argument("--slots", type=int, default=2)
    p.set_defaults(action=soak)
    p = commands.add_parser("soak-report", help="the curve and figures again from bench/results/soak.csv")
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--items", type=int, default=2000)
    p.add_argument("--kill-every", type=int, default=60)
    p.set_defaults(action=soak_report_from_csv)
    args = parser.parse_args()
    args.action(args)


if __name__ == "__main__":
    main()
