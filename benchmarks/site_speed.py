"""How fast the site serves pages: the demo content plus 500 sample reports, profiles and events,
served by gunicorn with the production settings (WhiteNoise, no debug) on loopback, measured with
a load generator for the stylesheet (a static file), the home page, the seed report, an event,
the report index and the profiles listing with the district map.

First each page is rendered in this machine's one process (page cache off): its queries with
the demo content alone and with the 500 items more (they must not grow), the template nodes
rendered, the Python function calls and the median time of a render; BENCH_PROFILE=1 adds the
functions that take the most time. Then each page is measured through gunicorn cold (page
cache off: every request renders), warm (page cache on) and as a signed-in editor viewing a
page a visitor has seen (the cached page with the editor's userbar). Prints requests per
second, median and 99th-percentile latency, and each page's throughput as a share of the static
file's in the same run. Targets on a 2-core machine: warm pages at least 0.7 of the static
file's throughput and an editor's view at most 1.3 times the cold anonymous median (issue 18);
uncached, the seed report at a median of at most 20 ms and at least 0.04 of the static file's
throughput, the home page, the event and the profiles listing at most 25 ms, and at most 10
queries a page (issue 39).

    make bench                                  # or: .venv/bin/python benchmarks/site_speed.py
    BENCH_SECONDS=10 BENCH_CONNECTIONS=8 make bench

Uses Debian's wrk when installed (apt-get install wrk), else a Python load generator (which
shares the two cores with the server and so reports lower figures). The stack is the one
compose.yaml ships: a database of its own on the local PostgreSQL and Redis as the cache (both
started by .ci/services, which `make bench` runs first).
"""

import functools
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
from collections import Counter
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


# What is measured: a static file for scale, then the pages.
PAGES = {
    "static CSS": "/static/css/site.css",
    "home": "/",
    "seed report": "/berichte/werkstattgespraech-nachhaltige-quartiere/",
    "event": "/veranstaltungen/beispiel-reparatur-cafe/",
    "report index": "/berichte/",
    "profiles": "/initiativen/",
}
# Uncached medians to meet (ms), issue 39; the seed report also ≥ 0.04 of the static rate.
RENDER_TARGETS = {"seed report": 20, "home": 25, "event": 25, "profiles": 25}
QUERY_TARGET = 10
RENDERS = int(os.environ.get("BENCH_RENDERS", "40"))
PROFILE = os.environ.get("BENCH_PROFILE") == "1"


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


def analyze():
    """Planner statistics for the new rows, as autovacuum would have gathered by now."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/{DATABASE}", autocommit=True) as connection:
        connection.execute("ANALYZE")


def manage(env, *arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def populate():
    """Runs inside the prepared environment: ITEMS reports, profiles and events."""
    import django

    django.setup()
    from datetime import date, timedelta

    from django.utils import timezone

    from challenges.models import Challenge
    from cms.pages import german
    from events.models import EventIndexPage, EventPage
    from network.models import InitiativeIndexPage, InitiativePage
    from organisations.models import Organisation
    from reports.models import ReportChallenge, ReportIndexPage, ReportPage

    reports, events = german(ReportIndexPage.objects).get(), EventIndexPage.objects.get()
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


def logged(queries, execute, sql, *rest):
    queries.append(sql)
    return execute(sql, *rest)


def inside(label):
    """Runs inside the prepared environment (page cache off): each page rendered in this one
    process, through the whole middleware, as gunicorn's worker would."""
    import django

    django.setup()
    import cProfile
    import pstats

    from django.db import connection
    from django.template import base
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    render_node = base.Node.render_annotated
    rendered = Counter()

    def counted(node, context):
        rendered[node.origin.template_name] += 1
        return render_node(node, context)

    print(f"{label}: {'page':14} {'queries':>7} {'nodes':>7} {'calls':>8} {'median ms':>10}")
    for name, path in list(PAGES.items())[1:]:
        if client.get(path).status_code != 200:  # the first render parses its templates
            raise SystemExit(f"{path} does not answer 200")
        queries = []  # Django's query log is emptied as each request starts: count as they run
        with connection.execute_wrapper(functools.partial(logged, queries)):
            client.get(path)
        base.Node.render_annotated = counted
        rendered.clear()
        client.get(path)
        base.Node.render_annotated = render_node
        profiler = cProfile.Profile()
        profiler.runcall(client.get, path)
        times = []
        for _n in range(RENDERS):
            began = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - began) * 1000)
        too_many = len(queries) > QUERY_TARGET
        print(
            f"{label}: {name:14} {len(queries):7} {rendered.total():7} "
            f"{pstats.Stats(profiler).total_calls:8} {statistics.median(times):10.1f}"
            + (f"  (queries: target ≤ {QUERY_TARGET}, MISSED)" if too_many else "")
        )
        if PROFILE:
            print("template nodes rendered, by template:", rendered.most_common(12))
            for query in queries:
                print("  query:", query[:160])
            profiler = cProfile.Profile()
            for _n in range(10):
                profiler.runcall(client.get, path)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


def editor_session():
    """Runs inside the prepared environment: prints the session cookie of a signed-in editor."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model, login
    from django.contrib.auth.models import Group
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    request = RequestFactory().get("/")
    request.session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    login(request, editor, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    print(f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}")


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


def with_wrk(port, path, cookie):
    output = subprocess.run(
        ["wrk", f"-t{min(2, CONNECTIONS)}", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "--latency",
         *(["-H", f"Cookie: {cookie}"] if cookie else []), f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(name):
        value, unit = re.search(rf"{name}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return rate, percentile("50"), percentile("99")


def with_python(port, path, cookie):
    latencies, stop = [], time.perf_counter() + SECONDS

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        while time.perf_counter() < stop:
            began = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
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


def fetch(port, path, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, response.read().decode()


def met(condition):
    return "met" if condition else "MISSED"


def main():
    if sys.argv[1:] == ["populate"]:
        populate()
        return
    if sys.argv[1:] == ["editor"]:
        editor_session()
        return
    if sys.argv[1:2] == ["inside"]:
        inside(sys.argv[2])
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
        analyze()
        subprocess.run([PYTHON, __file__, "inside", "demo"], cwd=ROOT, env=setup, check=True)
        subprocess.run([PYTHON, __file__, "populate"], cwd=ROOT, env=setup, check=True)
        analyze()
        print(f"\nThe same with {ITEMS} reports, profiles and events more:")
        subprocess.run([PYTHON, __file__, "inside", f"+{ITEMS}"], cwd=ROOT, env=setup, check=True)
        print()
        print(
            f"gunicorn, {WORKERS} workers; {measure.__name__.replace('with_', '')}, "
            f"{CONNECTIONS} connections, {SECONDS:g} s per measurement\n"
        )
        cookie = subprocess.run(
            [PYTHON, __file__, "editor"], cwd=ROOT, env=setup, check=True, capture_output=True,
            text=True,
        ).stdout.strip()  # fmt: skip
        print(f"{'':8} {'page':16} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} {'vs static':>10}")
        results = {}
        # (mode, page cache seconds, whose requests)
        for mode, page_cache, visitor in (
            ("cold", 0, ""),
            ("warm", 300, ""),
            ("editor", 300, cookie),
        ):
            server, port = serve(environment(folder, page_cache))
            try:
                for name, path in PAGES.items():
                    if page_cache:
                        fetch(port, path)  # a visitor came first (the key holds the port)
                    cookie_sent = "" if name == "static CSS" else visitor
                    status, body = fetch(port, path, cookie_sent)
                    if status != 200 or (cookie_sent and "wagtail-userbar" not in body):
                        raise SystemExit(f"{path} does not answer 200 as {mode}")
                    results[mode, name] = measure(port, path, cookie_sent)
                static_rate = results[mode, "static CSS"][0]
                for name in PAGES:
                    rate, median, p99 = results[mode, name]
                    print(
                        f"{mode:8} {name:16} {rate:8.0f} {median:10.1f} {p99:8.1f} "
                        f"{rate / static_rate:10.2f}"
                    )
            finally:
                server.terminate()
                server.wait()
        print()
        for name in list(PAGES)[1:]:
            warm = results["warm", name][0] / results["warm", "static CSS"][0]
            editor = results["editor", name][1] / results["cold", name][1]
            print(
                f"{name:16} warm/static {warm:.2f} (target ≥ 0.7, {met(warm >= 0.7)}); "
                f"editor/cold median {editor:.2f} (target ≤ 1.3, {met(editor <= 1.3)})"
            )
        for name, target in RENDER_TARGETS.items():
            rate, median, _p99 = results["cold", name]
            print(
                f"{name:16} uncached median {median:.1f} ms (target ≤ {target}, "
                f"{met(median <= target)})",
                end="",
            )
            if name == "seed report":
                share = rate / results["cold", "static CSS"][0]
                print(f"; {share:.3f} of the static rate (target ≥ 0.04, {met(share >= 0.04)})")
            else:
                print()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
