"""Load on `annotate serve`: N browser-less sessions at once, each pressing K decision keys; key -> commit latency.

Builds a database from the bundled sample articles (real news, real
pre-annotator), adds one user per session, starts `annotate serve` on a
loopback port and opens every session at the same moment over websockets
(annotate/web/client.py: the page with the token, then the websocket, as the
browser does). Each session opens the first article of its queue and presses
K keys at a fixed pace (--interval; 0.1 s is key-repeat speed, 0.5 s a fast
reviewer who reads each span), cycling x u a u (reject, undo, accept,
undo: every key is one decision in the log). Prints p50/p95/max key -> commit
(the decision's timestamp in the log minus the moment the key was sent), the
memory of each session's app process and of the server, and whether every key
became exactly one decision.

    python benchmarks/serve_load.py [--sessions 10] [--keys 200] [--interval 0.1] [--json]
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.io.ingest import ingest  # noqa: E402
from annotate.services.users import UsersService  # noqa: E402
from annotate.web.client import ServerProcess, WebSession, cpu_seconds, rss_bytes  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "annotate" / "samples"
CYCLE = "xuau"
TARGET_P95_MS = 150.0
MAX_SESSIONS, MAX_KEYS = 50, 2000
"""Bounds on what one run may ask for (it shares the machine)."""


def rows(db_path: Path, sql: str, *params) -> list[tuple]:
    db = sqlite3.connect(db_path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


async def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        await asyncio.sleep(0.1)
    raise SystemExit(f"serve_load: timed out waiting for {what}")


async def press_keys(session: WebSession, keys: int, interval: float) -> list[float]:
    """Send keys at the given pace; returns each key's send time (Unix seconds)."""
    sent = []
    for index in range(keys):
        sent.append(time.time())
        await session.press(CYCLE[index % len(CYCLE)])
        await asyncio.sleep(interval)
    return sent


def memory(server: ServerProcess) -> tuple[float, float]:
    """(mean MiB per session's app process, server MiB)."""
    apps = server.apps()
    per_app = statistics.mean(rss_bytes(pid) for pid in apps) / 2**20 if apps else 0.0
    return per_app, rss_bytes(server.process.pid) / 2**20


async def run(db_path: Path, names: list[str], tokens: dict[str, str], keys: int, interval: float, timeout: float) -> dict:
    server = ServerProcess(db_path, "--max-sessions", str(len(names)))
    sessions = {name: WebSession(server.url, tokens[name]) for name in names}
    try:
        started = time.monotonic()
        await asyncio.gather(*(session.open() for session in sessions.values()))
        await wait_for(lambda: len(rows(db_path, "SELECT DISTINCT annotator FROM presence WHERE screen = 'queue'")) == len(names), timeout, "every queue")
        startup_s = time.monotonic() - started
        await asyncio.sleep(1.0)
        await asyncio.gather(*(session.press("\r") for session in sessions.values()))
        await wait_for(lambda: len(rows(db_path, "SELECT annotator FROM reviews WHERE opened = 1")) == len(names), timeout, "every article to open")
        await asyncio.sleep(1.5)
        mem_app, mem_server = memory(server)
        processes = [server.process.pid, *server.apps()]
        cpu_before = [cpu_seconds(pid) for pid in processes]
        sent = dict(zip(names, await asyncio.gather(*(press_keys(sessions[n], keys, interval) for n in names))))
        await wait_for(lambda: rows(db_path, "SELECT COUNT(*) FROM decisions")[0][0] >= keys * len(names), timeout, "every decision")
        await asyncio.sleep(1.0)
        cpu = [cpu_seconds(pid) - before for pid, before in zip(processes, cpu_before)]
    finally:
        await asyncio.gather(*(session.close() for session in sessions.values()), return_exceptions=True)
        server.stop()
    total_keys = keys * len(names)
    return {"startup_s": startup_s, "mem_app_mib": mem_app, "mem_server_mib": mem_server, "sent": sent,
            "app_cpu_ms_per_key": 1000 * sum(cpu[1:]) / total_keys, "server_cpu_ms_per_key": 1000 * cpu[0] / total_keys}


def latencies(db_path: Path, sent: dict[str, list[float]]) -> tuple[list[float], dict[str, int]]:
    """Key -> commit in ms (k-th key of a session against its k-th decision), and decisions per session."""
    result, counts = [], {}
    for name, times in sent.items():
        ats = [dt.datetime.fromisoformat(at).timestamp() for (at,) in rows(db_path, "SELECT at FROM decisions WHERE annotator = ? ORDER BY id", name)]
        counts[name] = len(ats)
        result += [(at - key) * 1000 for key, at in zip(times, ats)]
    return result, counts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sessions", type=int, default=10, help=f"sessions at once (at most {MAX_SESSIONS})")
    parser.add_argument("--keys", type=int, default=200, help=f"decision keys per session (at most {MAX_KEYS})")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between one session's keys (0.1: a fast reviewer)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds any one phase may take before the run gives up")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    args = parser.parse_args()
    sessions, keys = min(args.sessions, MAX_SESSIONS), min(args.keys, MAX_KEYS)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "load.db"
        ingest([str(SAMPLES)], db_path)
        users = UsersService(db_path)
        names = [f"load{i:02d}" for i in range(1, sessions + 1)]
        tokens = {name: users.add(name).token for name in names}
        users.close()
        load_before = os.getloadavg()[0]
        outcome = asyncio.run(run(db_path, names, tokens, keys, max(0.0, args.interval), args.timeout))
        load_after = os.getloadavg()[0]
        values, counts = latencies(db_path, outcome["sent"])
    lost = sum(max(0, keys - n) for n in counts.values())
    extra = sum(max(0, n - keys) for n in counts.values())
    report = {
        "sessions": sessions, "keys_per_session": keys, "interval_s": args.interval, "data": "bundled sample articles (real news)",
        "startup_s": round(outcome["startup_s"], 2),
        "p50_ms": round(percentile(values, 0.50), 1), "p95_ms": round(percentile(values, 0.95), 1), "max_ms": round(max(values), 1),
        "decisions": sum(counts.values()), "keys_sent": keys * sessions, "lost": lost, "extra": extra,
        "app_mib_per_session": round(outcome["mem_app_mib"], 1), "server_mib": round(outcome["mem_server_mib"], 1),
        "app_cpu_ms_per_key": round(outcome["app_cpu_ms_per_key"], 1), "server_cpu_ms_per_key": round(outcome["server_cpu_ms_per_key"], 2),
        "cpu_demand": round(outcome["app_cpu_ms_per_key"] * sessions / max(args.interval, 1e-3) / 1000, 2),
        "target_p95_ms": TARGET_P95_MS, "cores": os.cpu_count(), "load_average": [round(load_before, 1), round(load_after, 1)],
    }
    if args.json:
        print(json.dumps(report))
        return
    print(f"{sessions} sessions x {keys} keys, one every {args.interval:g} s per session, on the bundled samples (real news)")
    print(f"all {sessions} queues up after {report['startup_s']:.1f} s")
    print(f"key -> commit: p50 {report['p50_ms']:.1f} ms  p95 {report['p95_ms']:.1f} ms  max {report['max_ms']:.1f} ms"
          f"  (target p95 <= {TARGET_P95_MS:.0f} ms: {'met' if report['p95_ms'] <= TARGET_P95_MS else 'MISSED'};"
          f" ratio {report['p95_ms'] / TARGET_P95_MS:.2f})")
    print(f"decisions {report['decisions']} for {report['keys_sent']} keys sent: {lost} lost, {extra} extra")
    print(f"memory: {report['app_mib_per_session']:.1f} MiB per session (its app process), server {report['server_mib']:.1f} MiB")
    print(f"CPU: {report['app_cpu_ms_per_key']:.1f} ms per key in the apps, {report['server_cpu_ms_per_key']:.2f} ms in the server;"
          f" this pace asks for {report['cpu_demand']:.2f} cores")
    print(f"machine: {os.cpu_count()} cores, 1-minute load average {load_before:.1f} before and {load_after:.1f} after"
          " (other work on the machine delays every hop from key to commit)")


if __name__ == "__main__":
    main()
