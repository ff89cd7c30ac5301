"""``make bench``: build a county-scale SQLite database, serve it with gunicorn, measure pages.

Each page's requests per second and latency are read against a trivial page (``raw``) and the
bare signed-in layout (``floor``) served by the same server in the same run, so the ratios
mean something on any machine. SQL queries per page are counted in-process. See README.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.ofsted import PdfTiming, time_pack_pdf  # noqa: E402
from bench.register import PUPILS as REGISTER_PUPILS  # noqa: E402
from bench.register import SaveTiming, time_week_save  # noqa: E402


@dataclass(frozen=True)
class Timings:
    """What is timed in-process, apart from the pages served."""

    register: SaveTiming
    ofsted_pdf: PdfTiming


VAR = ROOT / "var"
RESULTS = ROOT / "bench" / "results"
PUPILS_AT_1X = 5000
PUPILS_PER_SCHOOL = 90
PUPILS_PER_PROVIDER = 200
STARTUP_SECONDS = 60.0
REQUEST_TIMEOUT = 30.0
WARMUP_MAX_REQUESTS = 100_000  # the warm-up is bounded by time; this only bounds the loop


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    session: str | None = None  # a session key: the request is signed in


@dataclass
class Budget:
    """How many more requests may start: shared by the worker threads."""

    remaining: int
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self.lock:
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, outcome: str, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if outcome != "200":
                self.errors[outcome] += 1


@dataclass(frozen=True)
class Measure:
    rps: float
    p50_ms: float
    p95_ms: float
    queries: int


# --- the database --------------------------------------------------------------------------


def scale_label(scale: float) -> str:
    return f"{scale:g}"


# Bumped whenever the demo generator builds something new, so a database built by an older
# generator is not reused: 2 added referrals and forums, 3 programme management, 4 attendance,
# 5 Attendance Offer plans and visits.
DATA_VERSION = 5


def database_path(scale: float) -> Path:
    return VAR / f"bench-{scale_label(scale)}x-v{DATA_VERSION}.sqlite3"


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def setup_django(path: Path) -> None:
    """Point Django at the bench database (before settings are read) and start it."""
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "inclusion.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build_database(scale: float) -> None:
    from django.core.management import call_command

    from inclusion.demo.generate import MIN_SCHOOLS, build_county

    call_command("migrate", interactive=False, verbosity=0)
    pupils = max(100, round(PUPILS_AT_1X * scale))
    started = time.monotonic()
    summary = build_county(
        pupils=pupils,
        schools=max(MIN_SCHOOLS, round(pupils / PUPILS_PER_SCHOOL)),
        providers=max(5, round(pupils / PUPILS_PER_PROVIDER)),
    )
    verb = f"Built in {time.monotonic() - started:.1f}s" if summary.created else "Reusing"
    print(
        f"{verb}: {summary.pupils} pupils, {summary.schools} schools, "
        f"{summary.providers} providers, {summary.users} users"
    )


# --- sessions and pages --------------------------------------------------------------------


def signed_in_session(membership: Any) -> str:
    """A session as if the user had signed in (password and, where their role needs one, the
    authenticator's code) and acts in ``membership``."""
    import time
    from importlib import import_module

    from django.conf import settings
    from django.contrib import auth
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inclusion.accounts.access import MEMBERSHIP_COUNT_KEY, SESSION_KEY
    from inclusion.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT

    user = membership.user
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[auth.SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[auth.BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[auth.HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_KEY] = str(membership.pk)
    store[MEMBERSHIP_COUNT_KEY] = 1
    store[SIGNED_IN_AT] = store[LAST_SEEN_AT] = time.time()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return str(store.session_key)


def persona_membership(key: str, role: str) -> Any:
    from inclusion.accounts.models import Membership
    from inclusion.demo.generate import PERSONAS

    email = next(p.email for p in PERSONAS if p.key == key)
    return Membership.objects.select_related("user").get(user__email=email, role=role)


def common_surname() -> str:
    from django.db.models import Count

    from inclusion.pupils.models import Pupil

    row = (
        Pupil.objects.values("legal_last_name")
        .annotate(n=Count("id"))
        .order_by("-n", "legal_last_name")
        .first()
    )
    if row is None:
        raise RuntimeError("The bench database has no pupils.")
    return str(row["legal_last_name"]).lower()


def detail_pupil_id(la_membership: Any) -> str:
    """A pupil the LA officer may see, with needs and contacts: a full detail page."""
    from django.db.models import Count

    from inclusion.pupils.selectors import pupils_visible_to

    pupils = pupils_visible_to(membership=la_membership).annotate(n=Count("contacts"))
    pupil = pupils.filter(n__gt=0, sen_provision="E").order_by("upn").first()
    pupil = pupil or pupils.order_by("upn").first()
    if pupil is None:
        raise RuntimeError("The LA officer can see no pupil in the bench database.")
    return str(pupil.pk)


def detail_provider_id() -> str:
    """The provider with the most evidence and QA visits: the fullest provider page."""
    from django.db.models import Count

    from inclusion.providers.models import Provider

    provider = (
        Provider.objects.annotate(n=Count("evidence", distinct=True) + Count("qa_visits"))
        .order_by("-n", "name")
        .first()
    )
    if provider is None:
        raise RuntimeError("The bench database has no providers.")
    return str(provider.pk)


def busiest_meeting_id(partnership_id: Any) -> str:
    """The partnership's meeting with the longest agenda: the fullest meeting page."""
    from django.db.models import Count

    from inclusion.forums.models import ForumMeeting

    meeting = (
        ForumMeeting.objects.filter(partnership_id=partnership_id)
        .annotate(n=Count("items"))
        .order_by("-n", "starts_at")
        .first()
    )
    if meeting is None:
        raise RuntimeError("The bench database has no forum meetings: run with --rebuild.")
    return str(meeting.pk)


def placed_pupil_id(coordinator: Any) -> str:
    """The co-ordinator's pupil with the most placements: the fullest pupil page."""
    from django.db.models import Count

    from inclusion.pupils.selectors import pupils_visible_to

    pupil = (
        pupils_visible_to(membership=coordinator)
        .annotate(n=Count("placements"))
        .filter(n__gt=0)
        .order_by("-n", "upn")
        .first()
    )
    if pupil is None:
        raise RuntimeError("The co-ordinator has no placed pupil in the bench database.")
    return str(pupil.pk)


def last_school_day() -> Any:
    """The last school day before today in the home authority's calendar (marks exist for it)."""
    from django.utils import timezone

    from inclusion.calendar.days import calendar_for
    from inclusion.demo.generate import home_authority

    return calendar_for(home_authority()).add_school_days(timezone.localdate(), -1)


def bench_pages() -> list[Page]:
    from inclusion.accounts.models import Role

    la_officer = persona_membership("la_officer", Role.LA_OFFICER)
    school = persona_membership("school_staff", Role.SCHOOL_STAFF)
    coordinator = persona_membership("coordinator", Role.COORDINATOR)
    la_session = signed_in_session(la_officer)
    return [
        Page("raw", "/healthz"),
        Page("floor", "/cookies/", la_session),
        Page("pupil_list_search", f"/pupils/?q={common_surname()}", la_session),
        Page("pupil_list_school", "/pupils/", signed_in_session(school)),
        Page("pupil_detail", f"/pupils/{detail_pupil_id(la_officer)}/", la_session),
        Page(
            "directory_search",
            "/providers/?postcode=LE1+6ZG&within=20&key_stage=ks4&sort=distance",
            signed_in_session(school),
        ),
        Page("provider_detail", f"/providers/{detail_provider_id()}/", signed_in_session(school)),
        Page("triage_queue", "/referrals/queue/?status=all", signed_in_session(coordinator)),
        Page("placement_list", "/placements/", signed_in_session(coordinator)),
        Page(
            "pupil_with_placements",
            f"/pupils/{placed_pupil_id(coordinator)}/",
            signed_in_session(coordinator),
        ),
        Page(
            "attendance_today",
            f"/attendance/today/?day={last_school_day().isoformat()}",
            la_session,
        ),
        Page("county_report", "/reports/county/", la_session),
        Page(
            "forum_agenda",
            f"/forums/{busiest_meeting_id(coordinator.partnership_id)}/",
            signed_in_session(school),
        ),
    ]


def count_queries(page: Page) -> int:
    """SQL queries for one request, in-process against the bench database (caches warmed)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if page.session:
        client.cookies[settings.SESSION_COOKIE_NAME] = page.session
    client.get(page.path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
    if response.status_code != 200:
        raise RuntimeError(f"{page.name}: {page.path} answered {response.status_code} in-process")
    return len(captured.captured_queries)


# --- serving -------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_status(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log.read_text()[-2000:]}")
        try:
            if get_status(port, "/healthz", {}) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz within {STARTUP_SECONDS:.0f}s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@contextmanager
def gunicorn(
    database_url: str, workers: int, *, log_name: str = "bench-gunicorn", **env_extra: str
) -> Iterator[int]:
    """Serve the app from ``database_url`` on a free local port, DEBUG off; always stop it."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "inclusion.settings",
        "DJANGO_DEBUG": "false",
        **env_extra,
    }
    command = [sys.executable, "-m", "gunicorn", "inclusion.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"]
    log = VAR / f"{log_name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            wait_until_healthy(port, process, log)
            yield port
        finally:
            stop(process)


# --- load ----------------------------------------------------------------------------------


def _request(connection: http.client.HTTPConnection, page: Page, headers: dict[str, str]) -> str:
    try:
        connection.request("GET", page.path, headers=headers)
        response = connection.getresponse()
        response.read()
        return str(response.status)
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request reconnects
        return type(error).__name__


def _worker(port: int, page: Page, deadline: float, budget: Budget, tally: Tally) -> None:
    headers = {"Cookie": f"sessionid={page.session}"} if page.session else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        while time.monotonic() < deadline and budget.take():
            started = time.perf_counter()
            outcome = _request(connection, page, headers)
            tally.record(outcome, time.perf_counter() - started)
    finally:
        connection.close()


def hammer(port: int, page: Page, *, concurrency: int, seconds: float, requests: int) -> Tally:
    """``concurrency`` threads send requests until the time or the request budget runs out."""
    tally, budget = Tally(), Budget(requests)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_worker, args=(port, page, deadline, budget, tally))
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(port: int, page: Page, args: argparse.Namespace, errors: Counter[str]) -> Measure:
    warm = hammer(
        port,
        page,
        concurrency=args.concurrency,
        seconds=args.warmup,
        requests=WARMUP_MAX_REQUESTS,
    )
    started = time.monotonic()
    tally = hammer(
        port, page, concurrency=args.concurrency, seconds=args.duration, requests=args.requests
    )
    elapsed = time.monotonic() - started
    for outcome, count in (warm.errors + tally.errors).items():
        errors[f"{page.name}: {outcome}"] += count
    if not tally.latencies:
        raise RuntimeError(f"{page.name}: no request completed")
    return Measure(
        rps=round(len(tally.latencies) / elapsed, 1),
        p50_ms=round(percentile(tally.latencies, 0.50) * 1000, 2),
        p95_ms=round(percentile(tally.latencies, 0.95) * 1000, 2),
        queries=0,
    )


# --- results -------------------------------------------------------------------------------


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cores} cores, Python {platform.python_version()}, {platform.platform()}"


def markdown_table(results: dict[str, Measure]) -> str:
    floor = results["floor"].rps
    lines = [
        "| page | rps | p50 ms | p95 ms | queries | rps ÷ floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, m in results.items():
        ratio = m.rps / floor if floor else 0.0
        lines.append(
            f"| {name} | {m.rps:.1f} | {m.p50_ms:.1f} | {m.p95_ms:.1f} | {m.queries} "
            f"| {ratio:.2f} |"
        )
    return "\n".join(lines)


def timing_lines(timings: Timings) -> str:
    register, pdf = timings.register, timings.ofsted_pdf
    return (
        f"Register save ({register.marks} marks: {REGISTER_PUPILS} pupils for a week, "
        f"in-process, {register.runs} runs): median {register.median_ms:.1f} ms, "
        f"p95 {register.p95_ms:.1f} ms, {register.queries} queries (target: median under 300 ms)"
        f"\n\nOfsted pack PDF ({pdf.pupils} pupils at provision, in-process, {pdf.runs} runs): "
        f"median {pdf.median_ms:.1f} ms, p95 {pdf.p95_ms:.1f} ms, {pdf.queries} queries, "
        f"{pdf.size_kb} kB (target: under 2 s)"
    )


def write_results(
    scale: float, results: dict[str, Measure], args: argparse.Namespace, timings: Timings
) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "scale": int(scale) if scale.is_integer() else scale,
        "machine": machine(),
        "pages": {
            name: {"rps": m.rps, "p50_ms": m.p50_ms, "p95_ms": m.p95_ms, "queries": m.queries}
            for name, m in results.items()
        },
        "register_week_save": timings.register.__dict__,
        "ofsted_pack_pdf": timings.ofsted_pdf.__dict__,
    }
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n")
    table = markdown_table(results)
    heading = (
        f"# Benchmark at scale {scale_label(scale)}x\n\n{machine()}; concurrency "
        f"{args.concurrency}, {args.workers} gunicorn workers, up to {args.requests} requests "
        f"or {args.duration:g}s per page after {args.warmup:g}s warm-up.\n"
    )
    table = f"{table}\n\n{timing_lines(timings)}"
    (RESULTS / "latest.md").write_text(f"{heading}\n{table}\n")
    return table


def print_ratios(results: dict[str, Measure]) -> None:
    floor = results["floor"].rps
    for name in results:
        if name not in ("raw", "floor") and floor:
            print(
                f"{name}: {results[name].rps:.1f} requests/s = "
                f"{results[name].rps / floor:.2f} of the floor page's {floor:.1f}"
            )


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0, help="1 is about 5,000 pupils")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds, not measured")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page at most")
    parser.add_argument("--requests", type=int, default=500, help="requests per page at most")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench database")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.concurrency < 1 or args.workers < 1 or args.requests < 1:
        parser.error("--scale, --concurrency, --workers and --requests must be positive")
    return args


def prepare(args: argparse.Namespace) -> tuple[Path, list[Page], dict[str, int], Timings]:
    database = database_path(args.scale)
    VAR.mkdir(parents=True, exist_ok=True)
    if args.rebuild:
        remove_database(database)
    print(f"Bench database: {database.relative_to(ROOT)}")
    setup_django(database)
    build_database(args.scale)
    pages = bench_pages()
    queries = {page.name: count_queries(page) for page in pages}
    print(f"Timing the register save: {REGISTER_PUPILS} pupils for a week, in-process ...")
    register = time_week_save(signed_in_session)
    print("Timing the Ofsted pack PDF, in-process ...")
    from inclusion.accounts.models import Role

    ofsted_pdf = time_pack_pdf(
        signed_in_session, persona_membership("school_staff", Role.SCHOOL_STAFF)
    )
    from django.db import connections

    connections.close_all()
    return database, pages, queries, Timings(register, ofsted_pdf)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    database, pages, queries, timings = prepare(args)
    errors: Counter[str] = Counter()
    results: dict[str, Measure] = {}
    with gunicorn(f"sqlite:///{database}", args.workers) as port:
        print(f"Serving on 127.0.0.1:{port} with {args.workers} workers; measuring ...")
        for page in pages:
            measured = measure(port, page, args, errors)
            results[page.name] = Measure(**{**measured.__dict__, "queries": queries[page.name]})
            print(f"  {page.name}: {measured.rps:.1f} requests/s")
    if errors:
        print("FAILED: responses other than 200:", file=sys.stderr)
        for what, count in sorted(errors.items()):
            print(f"  {what}: {count}", file=sys.stderr)
        return 1
    print(write_results(args.scale, results, args, timings))
    print_ratios(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
