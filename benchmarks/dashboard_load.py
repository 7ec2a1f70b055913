"""Dashboard pages under load: the 15k demo council on PostgreSQL behind gunicorn.

``python benchmarks/dashboard_load.py [--clients 20] [--seconds 60] [--workers 4]
[--database postgres://postgres@127.0.0.1:5432/parity_load]``: creates the database (dropped
first), loads the demo council with ``parity setup --demo``, starts ``parity serve`` with the
workers asked for, signs in one session per client and has every client fetch the dashboard
pages in turn for the time given. Reports requests, errors, and the median, 95th percentile and
worst response time of all requests, and per page. Figures go in docs/performance.md by hand.
Never a timed unit test. Pages read stored results; none recomputes.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

PAGES = ["/dashboard/", "/dashboard/standards/", "/dashboard/representation/", "/dashboard/recruitment/",
         "/dashboard/training/", "/dashboard/casework/", "/dashboard/pay/", "/dashboard/retention/",
         "/dashboard/?directorate=Finance", "/dashboard/pay/?grouping=ons19", "/dashboard/?snapshot=2024-03-31"]


def session(base: str, user: str, password: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    opener.open(urllib.request.Request(base + "/accounts/login/", data=urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": user, "password": password}).encode(),
        headers={"Referer": base + "/accounts/login/"}))
    return opener


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/parity_load")
    args = parser.parse_args()
    server_db = args.database.rsplit("/", 1)[0] + "/postgres"
    name = args.database.rsplit("/", 1)[1]
    import psycopg

    with psycopg.connect(server_db, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    home = Path(tempfile.mkdtemp(prefix="parity-load-"))
    env = {**os.environ, "PARITY_HOME": str(home), "DATABASE_URL": args.database}
    cli = [sys.executable, "-m", "parity.cli"]
    started = time.perf_counter()
    subprocess.run(cli + ["setup", "--demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"demo council loaded into PostgreSQL in {time.perf_counter() - started:.0f} s")
    server = subprocess.Popen(cli + ["serve", "--port", str(args.port), "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        openers = [session(base, "analyst", "parity-demo-only") for _ in range(args.clients)]
        for page in PAGES:  # every page once before timing (first-request costs are not the steady state)
            openers[0].open(base + page).read()
        times: dict[str, list[float]] = {page: [] for page in PAGES}
        errors: list[str] = []
        lock = threading.Lock()
        deadline = time.monotonic() + args.seconds

        def client(index: int) -> None:
            opener, i = openers[index], index
            while time.monotonic() < deadline:
                page = PAGES[i % len(PAGES)]
                i += 1
                t = time.perf_counter()
                try:
                    response = opener.open(base + page, timeout=30)
                    response.read()
                    ok = response.status == 200
                except Exception as exc:  # any failure is an error to report, not a crash
                    ok, response = False, exc
                elapsed = time.perf_counter() - t
                with lock:
                    times[page].append(elapsed)
                    if not ok:
                        errors.append(f"{page}: {response}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(10)
    everything = sorted(x for xs in times.values() for x in xs)

    def p95(xs: list[float]) -> float:
        return sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]

    print(f"{args.clients} clients, {args.seconds} s, {args.workers} gunicorn workers, 2 cores: "
          f"{len(everything)} requests ({len(everything) / args.seconds:.0f}/s), {len(errors)} errors")
    print(f"all pages: median {1000 * statistics.median(everything):.0f} ms, p95 {1000 * p95(everything):.0f} ms, "
          f"worst {1000 * everything[-1]:.0f} ms")
    for page, xs in times.items():
        print(f"  {page:<40} n={len(xs):>5}  median {1000 * statistics.median(xs):5.0f} ms  p95 {1000 * p95(xs):5.0f} ms")
    for e in errors[:5]:
        print("  error:", e)


if __name__ == "__main__":
    main()
