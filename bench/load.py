"""``make bench-load``: 50 people of mixed personas for 5 minutes against gunicorn and PostgreSQL.

1. (Re)creates the PostgreSQL database ``bench_load`` on 127.0.0.1 (never ``test`` or the
   development database), migrates it and builds the county with the benchmark's generator
   (``bench/run.py``); a database built by the same generator at the same scale is reused.
2. Signs people in by writing Django sessions (with a confirmed TOTP device, so two-factor
   sign-in is satisfied) for school staff, co-ordinators, chairs, providers, LA officers, the
   Virtual School and governance, and lists each persona's pages; every page is checked once
   in-process first.
3. Serves the app with gunicorn (``DJANGO_DEBUG=false``) on 127.0.0.1 and a free port.
4. Runs Locust headless (``bench/locustfile.py``): ``--users`` people, ``--spawn-rate`` a second,
   for ``--duration`` (or ``LOAD_DURATION``), loopback only.
5. Writes ``bench/results/load-<date>.json`` and ``.md``: requests, errors, p50 and p95 per page
   and in total. Any error fails the run (exit 1), after the results are written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import (  # noqa: E402
    DATA_VERSION,
    RESULTS,
    VAR,
    build_database,
    gunicorn,
    machine,
    signed_in_session,
)

SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = "bench_load"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PLAN = VAR / "bench-load-plan.json"
# How many of the simulated people act in each persona (scaled to --users).
MIX = {
    "school_staff": 16,
    "coordinator": 8,
    "provider_staff": 8,
    "la_officer": 6,
    "chair": 4,
    "virtual_school": 4,
    "governance": 4,
}


# --- the database --------------------------------------------------------------------------


def server_connection() -> Any:
    import psycopg

    parts = urlsplit(SERVER)
    if parts.hostname not in LOOPBACK:
        raise SystemExit(f"BENCH_PG_URL must name a loopback host, not {parts.hostname}.")
    return psycopg.connect(
        dbname="postgres",
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        autocommit=True,
    )


def label(scale: float) -> str:
    return f"bench-load data v{DATA_VERSION} scale {scale:g}"


def prepare_database(scale: float, *, rebuild: bool) -> bool:
    """Create ``bench_load`` unless one built at this scale and data version exists: whether
    the county has to be built."""
    with server_connection() as server:
        row = server.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [DATABASE],
        ).fetchone()
        if row is not None and row[0] == label(scale) and not rebuild:
            return False
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {DATABASE}")
        return True


def mark_built(scale: float) -> None:
    with server_connection() as server:
        server.execute(f"COMMENT ON DATABASE {DATABASE} IS '{label(scale)}'")


def database_url() -> str:
    return f"{SERVER.rstrip('/')}/{DATABASE}"


def setup_django() -> None:
    os.environ["DATABASE_URL"] = database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "inclusion.settings"
    import django

    django.setup()


# --- people and their pages ----------------------------------------------------------------


def memberships(role: str, count: int) -> list[Any]:
    """Up to ``count`` active memberships in ``role``, the demo personas first."""
    from inclusion.accounts.models import Membership

    found = list(
        Membership.objects.filter(role=role, is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    if not found:
        raise SystemExit(f"The bench database has no {role} membership: run with --rebuild.")
    personas = [m for m in found if not m.user.email.split("@")[0].split(".")[-1].isdigit()]
    others = [m for m in found if m not in personas]
    return (personas + others)[: max(1, count)]


def pupil_paths(membership: Any, limit: int = 10) -> list[list[str]]:
    from inclusion.pupils.selectors import pupils_visible_to

    ids = pupils_visible_to(membership=membership).order_by("upn").values_list("pk", flat=True)
    return [["pupil", f"/pupils/{pk}/"] for pk in ids[:limit]]


def pages_for(role: str, membership: Any) -> list[list[str]]:
    from bench.run import common_surname, last_school_day

    day = last_school_day().isoformat()
    pupils = pupil_paths(membership)
    common = [["home", "/"], ["notifications", "/notifications/"]]
    pages: dict[str, list[list[str]]] = {
        "school_staff": [
            ["pupil_list", "/pupils/"],
            *pupils,
            ["referrals", "/referrals/"],
            ["forums", "/forums/"],
            ["visits_due", "/visits/due/"],
            ["attendance_codes", "/attendance/school/"],
            ["providers", "/providers/"],
        ],
        "coordinator": [
            ["pupil_list", "/pupils/"],
            *pupils,
            ["triage_queue", "/referrals/queue/"],
            ["placements", "/placements/"],
            ["attendance_today", f"/attendance/today/?day={day}"],
            ["attendance_alerts", "/attendance/alerts/"],
            ["forums", "/forums/"],
            ["partnership_report", "/reports/partnership/"],
        ],
        "chair": [["pupil_list", "/pupils/"], *pupils, ["referrals", "/referrals/"]],
        "provider_staff": [
            ["register", "/attendance/"],
            ["provider_pupils", "/placements/provider/"],
        ],
        "la_officer": [
            ["pupil_search", f"/pupils/?q={common_surname()}"],
            *pupils,
            ["county_report", "/reports/county/"],
            ["attendance_today", f"/attendance/today/?day={day}"],
            ["audit", "/audit/"],
            ["providers", "/providers/"],
        ],
        "virtual_school": [["pupil_list", "/pupils/"], *pupils, ["providers", "/providers/"]],
        "governance": [["partnership_report", "/reports/partnership/"]],
    }
    return common + pages[role]


def check_pages(session: str, pages: list[list[str]]) -> None:
    """Every page answers 200 in-process before the run, or the plan is wrong."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    for name, path in pages:
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{name}: {path} answered {status} in-process: fix the plan.")


def plan(users: int) -> dict[str, Any]:
    from django.conf import settings

    total = sum(MIX.values())
    people = []
    for role, share in MIX.items():
        count = max(1, round(users * share / total))
        chosen = memberships(role, count)
        for number in range(count):  # a persona with fewer people signs one in more than once
            membership = chosen[number % len(chosen)]
            session = signed_in_session(membership)
            pages = pages_for(role, membership)
            check_pages(session, pages)
            people.append({"persona": role, "session": session, "pages": pages})
    random.Random(1).shuffle(people)
    return {"cookie": settings.SESSION_COOKIE_NAME, "people": people}


# --- serving and loading -------------------------------------------------------------------


def run_locust(port: int, args: argparse.Namespace) -> Path:
    prefix = VAR / "bench-load"
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")]
    command += ["--headless", "--only-summary", "--host", f"http://127.0.0.1:{port}"]
    command += ["-u", str(args.users), "-r", str(args.spawn_rate), "-t", args.duration]
    command += ["--csv", str(prefix), "--stop-timeout", "10", "--loglevel", "WARNING"]
    env = {**os.environ, "LOAD_PLAN": str(PLAN)}
    subprocess.run(command, cwd=ROOT, env=env, check=False)  # exit 1 on errors: read below
    return Path(f"{prefix}_stats.csv")


# --- results -------------------------------------------------------------------------------


def read_stats(path: Path) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    pages: dict[str, dict[str, float]] = {}
    total: dict[str, float] = {}
    with path.open(newline="") as stream:
        for row in csv.DictReader(stream):
            figures = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "rps": round(float(row["Requests/s"]), 2),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                pages[row["Name"]] = figures
    return dict(sorted(pages.items())), total


def failures(prefix: Path) -> list[str]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="") as stream:
        return [
            f"{row['Name']}: {row['Error']} ({row['Occurrences']})"
            for row in csv.DictReader(stream)
        ]


def write_results(args: argparse.Namespace, stats: Path, people: int) -> dict[str, Any]:
    pages, total = read_stats(stats)
    document = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "scale": args.scale,
        "users": args.users,
        "people_signed_in": people,
        "spawn_rate": args.spawn_rate,
        "duration": args.duration,
        "gunicorn_workers": args.workers,
        "database": "PostgreSQL on 127.0.0.1",
        "total": total,
        "pages": pages,
        "failures": failures(VAR / "bench-load"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"load-{dt.date.today().isoformat()}"
    Path(f"{stem}.json").write_text(json.dumps(document, indent=2) + "\n")
    Path(f"{stem}.md").write_text(markdown(document))
    return document


def markdown(document: dict[str, Any]) -> str:
    total = document["total"]
    lines = [
        f"# Load run: {document['users']} users for {document['duration']}",
        "",
        f"{document['machine']}; scale {document['scale']:g}; gunicorn with "
        f"{document['gunicorn_workers']} workers and {document['database']}; Locust spawning "
        f"{document['spawn_rate']} users a second, each pausing 1 to 3 s between pages; "
        f"{document['when']}.",
        "",
        f"**Total: {total.get('requests', 0)} requests, {total.get('errors', 0)} errors, "
        f"p50 {total.get('p50_ms', 0):.0f} ms, p95 {total.get('p95_ms', 0):.0f} ms, "
        f"{total.get('rps', 0)} requests/s.**",
        "",
        "| persona: page | requests | errors | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, page in document["pages"].items():
        lines.append(
            f"| {name} | {page['requests']} | {page['errors']} | {page['p50_ms']:.0f} "
            f"| {page['p95_ms']:.0f} |"
        )
    if document["failures"]:
        lines += ["", "Errors:", "", *(f"- {failure}" for failure in document["failures"])]
    return "\n".join(lines) + "\n"


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0, help="1 is about 5,000 pupils")
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated people")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="people started a second")
    parser.add_argument(
        "--duration", default=os.environ.get("LOAD_DURATION", "5m"), help="e.g. 5m or 30s"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--rebuild", action="store_true", help="rebuild bench_load")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.users < 1 or args.workers < 1 or args.spawn_rate <= 0:
        parser.error("--scale, --users, --workers and --spawn-rate must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    fresh = prepare_database(args.scale, rebuild=args.rebuild)
    setup_django()
    print(f"Database {DATABASE}: {'building' if fresh else 'reusing'} the county ...")
    build_database(args.scale)
    mark_built(args.scale)
    people = plan(args.users)
    PLAN.write_text(json.dumps(people))
    from django.db import connections

    connections.close_all()
    print(f"{len(people['people'])} people signed in; every page checked in-process.")
    with gunicorn(
        database_url(), args.workers, log_name="bench-load-gunicorn", DATABASE_CONN_MAX_AGE="60"
    ) as port:
        print(f"Serving on 127.0.0.1:{port}; {args.users} users for {args.duration} ...")
        stats = run_locust(port, args)
    document = write_results(args, stats, len(people["people"]))
    print(markdown(document))
    if document["total"].get("errors", 1) or not document["total"].get("requests"):
        print("FAILED: the load run had errors (see above).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
