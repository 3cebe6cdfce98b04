#!/usr/bin/python3
"""The Orleans runtime measured with real processes (`cluster serve` = orchestrator silo, `cluster worker` = worker
silo) on a fresh database of the test PostgreSQL (source scripts/lib/postgres.sh && start_test_postgres).

  throughput     noop items dispatched and completed through the whole path: 1 orchestrator + 2 worker silos
  latency        submit -> first item leased, many one-item submissions to a running cluster
  worker-kill    SIGKILL a worker silo with items in flight -> those items leased again on the other silo;
                 also the membership's detection time (kill -> the silo's row marked dead)
  orch-kill      SIGKILL the orchestrator silo hosting the scheduler -> the first claim made by the other one
  backlog        N .tiq items (iq-spectrogram) through 1 and 2 worker silos
  run-one        `cluster run` of one small item as a fresh process, wall time

Times of leases come from the ledger itself: the bench installs, in its own throwaway database, a trigger that
records clock_timestamp() whenever an item becomes 'leased' (and one on the membership table for status changes).
Client and server share this machine's clock. Results go to bench/results/orleans-<command>.json.

Usage: bench/bench_orleans.py COMMAND [options] (see --help); --cli is the built cluster.dll (./cluster --help builds it).
"""
import argparse
import glob
import json
import os
import shutil
import signal
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
DEAD = 6  # Orleans SiloStatus.Dead

INSTRUMENTATION = """
CREATE TABLE bench_leases (run_id bigint, key text, attempt integer, owner text, at timestamptz);
CREATE FUNCTION bench_lease_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bench_leases VALUES (NEW.run_id, NEW.key, NEW.attempts, NEW.lease_owner, clock_timestamp());
  RETURN NULL;
END $$;
CREATE TRIGGER bench_lease_seen AFTER UPDATE ON items FOR EACH ROW
  WHEN (NEW.state = 'leased' AND OLD.state IS DISTINCT FROM 'leased') EXECUTE FUNCTION bench_lease_seen();
CREATE TABLE bench_members (address text, port integer, generation integer, status integer, at timestamptz);
CREATE FUNCTION bench_member_seen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO bench_members VALUES (NEW.address, NEW.port, NEW.generation, NEW.status, clock_timestamp());
  RETURN NULL;
END $$;
CREATE TRIGGER bench_member_seen AFTER INSERT OR UPDATE ON orleans_membership FOR EACH ROW
  WHEN (NEW.status IS NOT NULL) EXECUTE FUNCTION bench_member_seen();
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values, unit_scale=1.0, digits=3):
    return {"n": len(values), "p50": round(percentile(values, 50) * unit_scale, digits),
            "p90": round(percentile(values, 90) * unit_scale, digits), "p99": round(percentile(values, 99) * unit_scale, digits),
            "min": round(min(values) * unit_scale, digits), "max": round(max(values) * unit_scale, digits)}


class Cluster:
    """A throwaway database, token, artifact folder and the cluster's processes; everything goes on close()."""

    def __init__(self, cli, name):
        self.cli = cli
        self.port = os.environ.get("CLUSTER_TEST_PG_PORT", "55432")
        self.database = f"orleans_bench_{name}_{uuid.uuid4().hex[:6]}"
        self.psql_base = [PSQL, "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", "-X", "-q", "-A", "-t"]
        subprocess.run(self.psql_base + ["-d", "postgres", "-c", f"CREATE DATABASE {self.database}"], check=True)
        self.store = f"Host=127.0.0.1;Port={self.port};Username=postgres;Database={self.database}"
        self.temp = tempfile.mkdtemp(prefix="orleans-bench-")
        self.inputs = os.path.join(self.temp, "inputs")
        os.makedirs(self.inputs)
        self.token = "bench-token-" + uuid.uuid4().hex
        with open(os.path.join(self.temp, "tokens"), "w") as f:
            f.write(self.token + "\n")
        self.artifacts = "file://" + os.path.join(self.temp, "artifacts")
        self.processes = []
        self.starts = {}
        self.servers = {}
        self.instrumented = False

    def sql(self, statement):
        out = subprocess.run(self.psql_base + ["-d", self.database, "-F", "\t", "-c", statement], check=True,
                             capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def log_path(self, name):
        """The log of the latest process started under this name (each process has its own file)."""
        return os.path.join(self.temp, f"{name}.{self.starts.get(name, 0)}.log")

    def start(self, name, args, env=None):
        self.starts[name] = self.starts.get(name, 0) + 1
        log = open(self.log_path(name), "w")
        # MALLOC_ARENA_MAX as the launcher and the container image set it (they are not how these processes start).
        process = subprocess.Popen(["dotnet", self.cli] + args, stdout=log, stderr=subprocess.STDOUT,
                                   env={"MALLOC_ARENA_MAX": "2", **os.environ, "CLUSTER_LOG_FORMAT": "text", **(env or {})})
        log.close()
        self.processes.append(process)
        return process

    def serve(self, name="serve", env=None):
        server = f"http://127.0.0.1:{free_port()}"
        process = self.start(name, ["serve", "--store", self.store, "--artifacts", self.artifacts, "--urls", server,
                                    "--token-file", os.path.join(self.temp, "tokens"), "--input-root", self.inputs], env)
        self.servers[process.pid] = server
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(server + "/readyz", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.time() > deadline:
                    sys.exit(f"orchestrator not ready; see {self.log_path(name)}")
                time.sleep(0.1)
        if not self.instrumented:
            self.sql(INSTRUMENTATION)
            self.instrumented = True
        return process, server

    def worker(self, name, slots, queue=None, env=None):
        extra = {"Cluster__Queue": str(queue)} if queue is not None else {}
        process = self.start(name, ["worker", "--store", self.store, "--artifacts", self.artifacts, "--slots", str(slots)],
                             {**extra, **(env or {})})
        return process

    def wait_workers(self, count, timeout=90):
        """Until `count` live worker processes are registered in the ledger; returns {pid: worker id}."""
        deadline = time.time() + timeout
        alive = {p.pid for p in self.processes if p.poll() is None}
        while time.time() < deadline:
            rows = {int(pid): wid for wid, pid in self.sql("SELECT id, process_id FROM workers")}
            live = {pid: wid for pid, wid in rows.items() if pid in alive}
            if len(live) >= count:
                return live
            time.sleep(0.2)
        sys.exit(f"{count} workers did not register; logs in {self.temp}")

    def api(self, server, method, path, body=None, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(server + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        request.add_header("Authorization", "Bearer " + self.token)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def submit(self, server, spec):
        return self.api(server, "POST", "/api/runs", spec, "application/yaml")

    def run_id(self, name):
        return int(self.sql(f"SELECT id FROM runs WHERE name = '{name}'")[0][0])

    def wait_run_ended(self, name, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            rows = self.sql(f"SELECT state FROM runs WHERE name = '{name}'")
            if rows and rows[0][0] not in ("pending", "running"):
                return rows[0][0]
            time.sleep(0.2)
        sys.exit(f"run {name} did not end in {timeout} s; logs in {self.temp}")

    def close(self, keep=False):
        for p in self.processes:
            if p.poll() is None:
                p.terminate()
        for p in self.processes:
            try:
                p.wait(timeout=40)
            except subprocess.TimeoutExpired:
                p.kill()
        if keep:
            print(f"logs kept in {self.temp}, database {self.database}", file=sys.stderr)
        else:
            subprocess.run(self.psql_base + ["-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)"], check=False)
            shutil.rmtree(self.temp, ignore_errors=True)


def cpu_seconds(pids):
    """User + system CPU time of these processes so far (Linux /proc)."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def postgres_pids():
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and open(f"/proc/{entry}/comm").read().strip() == "postgres":
                pids.append(int(entry))
        except FileNotFoundError:
            pass  # ended meanwhile
    return pids


def item_list(count):
    return "[" + ", ".join(f"i{i:06d}" for i in range(count)) + "]"


def write_result(command, result):
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", f"orleans-{command}.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result))


def throughput(args):
    """Runs of noop items; items/s from the first to the last completion (ledger finished_at) and from the POST."""
    cluster = Cluster(args.cli, "tp")
    try:
        _, server = cluster.serve()
        for n in range(args.workers):
            cluster.worker(f"worker{n}", args.slots, args.queue)
        cluster.wait_workers(args.workers)
        rates, totals, cpu = [], [], []
        roles = {"orchestrator": [cluster.processes[0].pid], "workers": [p.pid for p in cluster.processes[1:]]}
        for repeat in range(args.repeats + 1):
            name = f"tp{repeat}"
            before = {role: cpu_seconds(pids) for role, pids in roles.items()} | {"postgres": cpu_seconds(postgres_pids())}
            posted = time.time()
            cluster.submit(server, f"name: {name}\nkind: noop\ninput: {{ items: {item_list(args.items)} }}\n")
            state = cluster.wait_run_ended(name, 600)
            rows = cluster.sql(f"SELECT count(*), extract(epoch FROM min(i.finished_at)), extract(epoch FROM max(i.finished_at)) "
                               f"FROM items i JOIN runs r ON r.id = i.run_id WHERE r.name = '{name}' AND i.state = 'done'")
            done, first, last = int(rows[0][0]), float(rows[0][1]), float(rows[0][2])
            if done != args.items or state != "succeeded":
                sys.exit(f"run {name}: {done} of {args.items} items done, run {state}")
            if repeat == 0:
                continue  # warm-up: JIT, connection pools, first activations
            after = {role: cpu_seconds(pids) for role, pids in roles.items()} | {"postgres": cpu_seconds(postgres_pids())}
            cpu.append({role: round((after[role] - before[role]) / done * 1e6) for role in after})
            print(f"{name}: CPU microseconds per item: {cpu[-1]}", file=sys.stderr)
            rates.append((done - 1) / (last - first))
            totals.append(done / (last - posted))
            print(f"{name}: {rates[-1]:,.0f} items/s (first to last completion), {totals[-1]:,.0f} items/s from the POST", file=sys.stderr)
        write_result(f"throughput-w{args.workers}-s{args.slots}-q{args.queue}", {
            "workers": args.workers, "slots": args.slots, "queue": args.queue, "items": args.items, "repeats": args.repeats,
            "items_per_s_median": round(statistics.median(rates)), "items_per_s": [round(r) for r in rates],
            "items_per_s_from_post_median": round(statistics.median(totals)), "cpu_us_per_item": cpu, "cpus": os.cpu_count()})
    finally:
        cluster.close(args.keep)


def latency(args):
    """One-item submissions, one at a time, to a running cluster with idle slots: POST -> the item's lease."""
    cluster = Cluster(args.cli, "lat")
    try:
        _, server = cluster.serve()
        cluster.worker("worker0", args.slots)
        cluster.worker("worker1", args.slots)
        cluster.wait_workers(2)
        delays = []
        for n in range(args.submissions + 5):
            name = f"lat{n}"
            posted = time.time()
            cluster.submit(server, f"name: {name}\nkind: noop\ninput: {{ items: [only] }}\n")
            deadline = time.time() + 30
            while True:
                rows = cluster.sql(f"SELECT extract(epoch FROM b.at) FROM bench_leases b JOIN runs r ON r.id = b.run_id WHERE r.name = '{name}'")
                if rows:
                    break
                if time.time() > deadline:
                    sys.exit(f"{name} was not leased in 30 s; logs in {cluster.temp}")
                time.sleep(0.05)
            if n >= 5:  # the first few warm the path up
                delays.append(float(rows[0][0]) - posted)
            time.sleep(args.pause)
        result = {"submissions": len(delays), "submit_to_lease_ms": summary(delays, 1000, 1), "cpus": os.cpu_count()}
        write_result("latency", result)
    finally:
        cluster.close(args.keep)


def worker_kill(args):
    """Two worker silos; SIGKILL the one with items in flight, restart it, repeat. Per kill: kill -> each of its
    leased items leased again (new attempt) elsewhere, and kill -> its membership row marked dead."""
    cluster = Cluster(args.cli, "wk")
    try:
        _, server = cluster.serve()
        workers = {0: cluster.worker("worker0", args.slots), 1: cluster.worker("worker1", args.slots)}
        cluster.wait_workers(2)
        cluster.submit(server, f"name: kills\nkind: noop\ninput: {{ items: {item_list(1)} }}\n")  # warm-up
        cluster.wait_run_ended("kills", 60)
        items = args.kills * args.slots * 4 + 200
        many = os.path.join(cluster.inputs, "many")
        os.makedirs(many)
        for i in range(items):
            with open(os.path.join(many, f"f{i:05d}.bin"), "wb") as f:
                f.write(b"x" * 64)
        cluster.submit(server, "name: load\nkind: checksum\nmax_attempts: 100\nparams: { delay_ms: %d }\ninput: { directory: many, glob: '*.bin' }\n"
                       % args.delay_ms)
        run = cluster.run_id("load")
        requeue, detection = [], []
        victim = 0
        for kill in range(args.kills):
            ids = cluster.wait_workers(2)
            process = workers[victim]
            worker_id = ids[process.pid]
            # Wait until the victim holds a full load of leases (running and queued).
            deadline = time.time() + 60
            while True:
                held = cluster.sql(f"SELECT key, attempts FROM items WHERE run_id = {run} AND state = 'leased' AND lease_owner = '{worker_id}'")
                if len(held) >= args.slots or time.time() > deadline:
                    break
                time.sleep(0.1)
            if not held:
                sys.exit(f"worker {worker_id} got no items; logs in {cluster.temp}")
            killed = time.time()
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            keys = {k: int(a) for k, a in held}
            address, rest = worker_id.rsplit(":", 1)
            port, generation = rest.split("@")
            deadline = time.time() + 120
            again = {}
            dead_at = None
            while time.time() < deadline and (len(again) < len(keys) or dead_at is None):
                # An item the victim completed between the query above and the kill is not lost: no next attempt to time.
                for key, attempts in cluster.sql(f"SELECT key, attempts FROM items WHERE run_id = {run} AND state = 'done' AND "
                                                 f"key IN ({', '.join(repr(k) for k in keys)})"):
                    if int(attempts) == keys.get(key) and key not in again:
                        del keys[key]
                for key, at in cluster.sql(f"SELECT key, extract(epoch FROM min(at)) FROM bench_leases WHERE run_id = {run} AND "
                                           f"key IN ({', '.join(repr(k) for k in keys)}) AND at > to_timestamp({killed}) GROUP BY key"):
                    again.setdefault(key, float(at))
                if dead_at is None:
                    rows = cluster.sql(f"SELECT extract(epoch FROM min(at)) FROM bench_members WHERE address = '{address}' AND port = {port} "
                                       f"AND generation = {generation} AND status = {DEAD}")
                    if rows and rows[0][0]:
                        dead_at = float(rows[0][0])
                time.sleep(0.05)
            if len(again) < len(keys) or dead_at is None:
                sys.exit(f"kill {kill}: {len(again)} of {len(keys)} items leased again ({sorted(set(keys) - set(again))} not), "
                         f"dead at {dead_at}, killed at {killed}; logs in {cluster.temp}")
            requeue.extend(at - killed for at in again.values())
            detection.append(dead_at - killed)
            print(f"kill {kill + 1}: {len(keys)} items, leased again after {min(again.values()) - killed:.2f}-{max(again.values()) - killed:.2f} s, "
                  f"declared dead after {dead_at - killed:.2f} s", file=sys.stderr)
            workers[victim] = cluster.worker(f"worker{victim}", args.slots)
            victim = 1 - victim
        write_result("worker-kill", {"kills": args.kills, "items_requeued": len(requeue), "slots": args.slots,
                                     "kill_to_leased_again_s": summary(requeue), "kill_to_declared_dead_s": summary(detection),
                                     "cpus": os.cpu_count()})
    finally:
        cluster.close(args.keep)


def orchestrator_kill(args):
    """Two orchestrator silos, one worker silo, a steady stream of short items. SIGKILL the silo whose log says the
    scheduler is active on it; resumption = the first lease made after the kill (only the scheduler claims)."""
    cluster = Cluster(args.cli, "ok")
    try:
        orchestrators = {"serveA": cluster.serve("serveA")[0], "serveB": cluster.serve("serveB")[0]}
        cluster.worker("worker0", args.slots, 0)
        cluster.wait_workers(1)
        server = next(iter(cluster.servers.values()))
        many = os.path.join(cluster.inputs, "many")
        os.makedirs(many)
        items = int(args.kills * 40 * 1000 / args.delay_ms * args.slots) + 500
        for i in range(items):
            with open(os.path.join(many, f"f{i:05d}.bin"), "wb") as f:
                f.write(b"x" * 64)
        cluster.submit(server, "name: load\nkind: checksum\nparams: { delay_ms: %d }\ninput: { directory: many, glob: '*.bin' }\n" % args.delay_ms)
        run = cluster.run_id("load")
        resumed = []
        for kill in range(args.kills):
            time.sleep(args.settle)
            holder = None
            for name, process in orchestrators.items():
                with open(cluster.log_path(name)) as f:
                    text = f.read()
                # An activation not followed by a deactivation in a live process's log: where the scheduler is now.
                if process.poll() is None and text.rfind("Scheduler active") > text.rfind("Scheduler leaving"):
                    holder = name
            if holder is None:
                sys.exit(f"no live orchestrator logs the scheduler; logs in {cluster.temp}")
            killed = time.time()
            os.kill(orchestrators[holder].pid, signal.SIGKILL)
            orchestrators[holder].wait()
            deadline = time.time() + 120
            first = None
            while time.time() < deadline and first is None:
                rows = cluster.sql(f"SELECT extract(epoch FROM min(at)) FROM bench_leases WHERE run_id = {run} AND at > to_timestamp({killed})")
                if rows and rows[0][0]:
                    first = float(rows[0][0])
                time.sleep(0.05)
            if first is None:
                sys.exit(f"kill {kill}: no claim after the kill; logs in {cluster.temp}")
            resumed.append(first - killed)
            print(f"kill {kill + 1}: scheduler on {holder} killed, first claim after {first - killed:.2f} s", file=sys.stderr)
            orchestrators[holder] = cluster.serve(holder)[0]
        write_result("orchestrator-kill", {"kills": args.kills, "kill_to_first_claim_s": summary(resumed), "cpus": os.cpu_count()})
    finally:
        cluster.close(args.keep)


def backlog(args):
    """A backlog of .tiq files through `cluster run` (embedded silo), then 1 and 2 worker silos on PostgreSQL."""
    temp = tempfile.mkdtemp(prefix="orleans-backlog-")
    try:
        data = os.path.join(temp, "iq")
        seed = os.path.join(ROOT, ".build", "bench-tiq")
        make_tiq(args, seed)
        seeds = sorted(glob.glob(os.path.join(seed, "*.tiq")))
        os.makedirs(data)
        for i in range(args.items):
            os.link(seeds[i % len(seeds)], os.path.join(data, f"rec{i:05d}.tiq"))
        spec = "name: backlog\nkind: iq-spectrogram\ninput: { directory: iq, glob: '*.tiq' }\n"
        with open(os.path.join(temp, "spec.yaml"), "w") as f:
            f.write(spec)
        results = {"items": args.items, "samples_per_file": args.samples, "cpus": os.cpu_count()}
        for repeat in range(args.repeats):
            # cluster run: one embedded silo, SQLite ledger, slots = cores
            started = time.time()
            subprocess.run(["dotnet", args.cli, "run", os.path.join(temp, "spec.yaml"), "--data", os.path.join(temp, f"run{repeat}"),
                            "--workers", str(os.cpu_count())], check=True, capture_output=True)
            results.setdefault("cluster_run_items_per_s", []).append(round(args.items / (time.time() - started), 1))
            for workers in (1, 2):
                cluster = Cluster(args.cli, "bl")
                try:
                    # Hard links, not a link to the folder: a path that resolves outside the input root is refused.
                    os.makedirs(os.path.join(cluster.inputs, "iq"))
                    for name in os.listdir(data):
                        os.link(os.path.join(data, name), os.path.join(cluster.inputs, "iq", name))
                    _, server = cluster.serve()
                    for n in range(workers):
                        cluster.worker(f"worker{n}", os.cpu_count())
                    cluster.wait_workers(workers)
                    posted = time.time()
                    cluster.submit(server, spec)
                    state = cluster.wait_run_ended("backlog", 3600)
                    elapsed = time.time() - posted
                    if state != "succeeded":
                        sys.exit(f"backlog run ended {state}; logs in {cluster.temp}")
                    results.setdefault(f"silos_{workers}_items_per_s", []).append(round(args.items / elapsed, 1))
                finally:
                    cluster.close(args.keep)
            print(json.dumps(results), file=sys.stderr)
        for key in [k for k in results if k.endswith("_per_s")]:
            results[key + "_median"] = statistics.median(results[key])
        for workers in (1, 2):
            results[f"ratio_{workers}_silos_to_cluster_run"] = round(results[f"silos_{workers}_items_per_s_median"] / results["cluster_run_items_per_s_median"], 2)
        write_result("backlog", results)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def make_tiq(args, folder):
    if glob.glob(os.path.join(folder, "*.tiq")):
        return
    os.makedirs(folder, exist_ok=True)
    subprocess.run(["dotnet", os.path.join(ROOT, ".build", "bench", "Cluster.Bench.dll"), "write-tiq", "--out", folder,
                    "--samples", str(args.samples), "--files", "8"], check=True)


def run_one(args):
    """`cluster run` of one small checksum item, fresh process each time, SQLite ledger, sides alternating if --before."""
    temp = tempfile.mkdtemp(prefix="orleans-runone-")
    try:
        os.makedirs(os.path.join(temp, "in"))
        with open(os.path.join(temp, "in", "one.bin"), "wb") as f:
            f.write(os.urandom(4096))
        with open(os.path.join(temp, "spec.yaml"), "w") as f:
            f.write("name: one\nkind: checksum\ninput: { directory: in, glob: '*.bin' }\n")
        sides = {"now": args.cli} | ({"before": args.before} if args.before else {})
        times = {side: [] for side in sides}
        for n in range(args.repeats + 1):
            for side, cli in sides.items():
                started = time.time()
                subprocess.run(["dotnet", cli, "run", os.path.join(temp, "spec.yaml"), "--data", os.path.join(temp, f"data-{side}{n}")],
                               check=True, capture_output=True)
                if n > 0:  # the first of each warms the disk cache
                    times[side].append(time.time() - started)
        result = {side: summary(values) for side, values in times.items()} | {"repeats": args.repeats, "cpus": os.cpu_count()}
        if args.before:
            result["ratio_now_to_before"] = round(result["now"]["p50"] / result["before"]["p50"], 2)
        write_result("run-one", result)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", default=os.path.join(ROOT, ".build", "cli", "cluster.dll"))
    parser.add_argument("--keep", action="store_true", help="keep the processes' logs")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("throughput")
    p.add_argument("--items", type=int, default=20000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--slots", type=int, default=os.cpu_count())
    p.add_argument("--queue", type=int, default=None, help="Cluster:Queue of the workers (default: as many as slots)")
    p.set_defaults(action=throughput)
    p = commands.add_parser("latency")
    p.add_argument("--submissions", type=int, default=200)
    p.add_argument("--slots", type=int, default=2)
    p.add_argument("--pause", type=float, default=0.05)
    p.set_defaults(action=latency)
    p = commands.add_parser("worker-kill")
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--slots", type=int, default=2)
    p.add_argument("--delay-ms", type=int, default=2000)
    p.set_defaults(action=worker_kill)
    p = commands.add_parser("orch-kill")
    p.add_argument("--kills", type=int, default=5)
    p.add_argument("--slots", type=int, default=2)
    p.add_argument("--delay-ms", type=int, default=100)
    p.add_argument("--settle", type=float, default=5.0)
    p.set_defaults(action=orchestrator_kill)
    p = commands.add_parser("backlog")
    p.add_argument("--items", type=int, default=1000)
    p.add_argument("--samples", type=int, default=1 << 18)
    p.add_argument("--repeats", type=int, default=1)
    p.set_defaults(action=backlog)
    p = commands.add_parser("run-one")
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--before", help="cluster.dll of an earlier build, measured alternately")
    p.set_defaults(action=run_one)
    args = parser.parse_args()
    args.action(args)


if __name__ == "__main__":
    main()
