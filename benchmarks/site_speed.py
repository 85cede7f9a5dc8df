"""How fast the site serves pages: the demo content plus 500 sample reports, profiles and events,
served by gunicorn with the production settings (WhiteNoise, no debug) on loopback, measured with
a load generator for the home page, a report, the report index and the stylesheet.

Each page is measured cold (page cache off: every request renders) and warm (page cache on).
Prints requests per second, median and 99th-percentile latency, and each page's throughput as a
share of the static file's. Targets on a 2-core machine: warm report page at least half the
static file's throughput; cold report page median under 25 ms.

    make bench                                  # or: .venv/bin/python benchmarks/site_speed.py
    BENCH_SECONDS=10 BENCH_CONNECTIONS=8 make bench

Uses Debian's wrk when installed (apt-get install wrk), else a Python load generator (which
shares the two cores with the server and so reports lower figures). The stack is the one
compose.yaml ships: a database of its own on the local PostgreSQL and Redis as the cache (both
started by .ci/services, which `make bench` runs first).
"""

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
ITEMS = int(os.environ.get("BENCH_ITEMS", "500"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# One connection per worker: latencies are the server's, not time spent queueing.
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", str(WORKERS)))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "min_bench"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def environment(folder, page_cache):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "EMAIL_TRACKING": "false",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTED_PROXY_COUNT": "0",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections, as production should run
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": f"{folder}/static",
        "PAGE_CACHE_SECONDS": str(page_cache),
        "LOG_LEVEL": "WARNING",
    }


def fresh_stack():
    """An empty benchmark database and cache."""
    import psycopg
    import redis

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    redis.Redis.from_url(REDIS_URL).flushdb()


def manage(env, *arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def populate():
    """Runs inside the prepared environment: ITEMS reports, profiles and events."""
    import django

    django.setup()
    from datetime import date, timedelta

    from django.utils import timezone

    from challenges.models import Challenge
    from events.models import EventIndexPage, EventPage
    from network.models import InitiativeIndexPage, InitiativePage
    from organisations.models import Organisation
    from reports.models import ReportChallenge, ReportIndexPage, ReportPage

    reports, events = ReportIndexPage.objects.get(), EventIndexPage.objects.get()
    profiles = InitiativeIndexPage.objects.get()
    challenges = list(Challenge.objects.all()[:2])
    start = timezone.now() + timedelta(days=2)
    text = "Beispieltext über nachhaltige Quartiere in München. " * 20
    for n in range(ITEMS):
        report = ReportPage(
            title=f"Beispielbericht {n}",
            date=date(2024, 1, 1) + timedelta(days=n),
            teaser=f"Kurzfassung des Beispielberichts {n}",
            body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
        )
        reports.add_child(instance=report)
        ReportChallenge.objects.bulk_create(
            ReportChallenge(page=report, challenge=c, sort_order=i)
            for i, c in enumerate(challenges)
        )
        events.add_child(
            instance=EventPage(
                title=f"Beispieltermin {n}",
                start=start + timedelta(hours=n),
                end=start + timedelta(hours=n + 2),
                teaser=f"Beispieltermin {n}",
                venue="Stadtteilladen Giesing",
            )
        )
        profiles.add_child(
            instance=InitiativePage(
                title=f"Beispielinitiative {n}",
                organisation=Organisation.objects.create(name=f"Beispielinitiative {n}"),
                teaser=f"Beispielinitiative {n}",
            )
        )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env):
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def with_wrk(port, path):
    output = subprocess.run(
        ["wrk", f"-t{min(2, CONNECTIONS)}", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "--latency",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(name):
        value, unit = re.search(rf"{name}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rate, percentile("50"), percentile("99")


def with_python(port, path):
    latencies, stop = [], time.perf_counter() + SECONDS

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        while time.perf_counter() < stop:
            began = time.perf_counter()
            connection.request("GET", path)
            connection.getresponse().read()
            mine.append((time.perf_counter() - began) * 1000)
        latencies.extend(mine)

    threads = [threading.Thread(target=client) for _n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return (
        len(latencies) / SECONDS,
        statistics.median(latencies),
        latencies[int(len(latencies) * 0.99) - 1],
    )


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode()


def main():
    if sys.argv[1:] == ["populate"]:
        populate()
        return
    measure = with_wrk if shutil.which("wrk") else with_python
    folder = tempfile.mkdtemp(prefix="min-bench-")
    try:
        setup = environment(folder, page_cache=0)
        fresh_stack()
        print(f"Preparing: demo content and {ITEMS} reports, profiles and events …", flush=True)
        manage(setup, "migrate", "--noinput", "-v0")
        manage(setup, "load_demo_content", "-v0")
        manage(setup, "collectstatic", "--noinput", "-v0")
        subprocess.run([PYTHON, __file__, "populate"], cwd=ROOT, env=setup, check=True)
        print(
            f"gunicorn, {WORKERS} workers; {measure.__name__.replace('with_', '')}, "
            f"{CONNECTIONS} connections, {SECONDS:g} s per measurement\n"
        )
        print(f"{'':8} {'page':14} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} {'vs static':>10}")
        results = {}
        for mode, page_cache in (("cold", 0), ("warm", 300)):
            server, port = serve(environment(folder, page_cache))
            try:
                _status, home = fetch(port, "/")
                css = re.search(r'href="(/static/css/site\.[^"]+\.css)"', home).group(1)
                report = re.search(r'href="(/berichte/[^"/]+/)"', home).group(1)
                pages = {
                    "static CSS": css,
                    "home": "/",
                    "report": report,
                    "report index": "/berichte/",
                }
                for name, path in pages.items():
                    if fetch(port, path)[0] != 200:
                        raise SystemExit(f"{path} does not answer 200")
                    results[mode, name] = measure(port, path)
                static_rate = results[mode, "static CSS"][0]
                for name in pages:
                    rate, median, p99 = results[mode, name]
                    print(
                        f"{mode:8} {name:14} {rate:8.0f} {median:10.1f} {p99:8.1f} "
                        f"{rate / static_rate:10.2f}"
                    )
            finally:
                server.terminate()
                server.wait()
        warm_ratio = results["warm", "report"][0] / results["warm", "static CSS"][0]
        cold_median = results["cold", "report"][1]
        print(
            f"\nwarm report / static: {warm_ratio:.2f} (target ≥ 0.5) "
            f"{'met' if warm_ratio >= 0.5 else 'MISSED'}"
        )
        print(
            f"cold report median: {cold_median:.1f} ms (target < 25 ms) "
            f"{'met' if cold_median < 25 else 'MISSED'}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
