"""The `rota` command: serve, demo, import, create-admin, db upgrade."""

import argparse
import json
import os
import secrets
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from app import clock, serving
from app import subscribers as _subscribers  # noqa: F401  (registers event subscribers)
from app.auth import scim_tokens
from app.auth.models import Role, User, UserCreate
from app.auth.service import create_user, issue_token
from app.config import DEFAULT_SECRET, InsecureSecretKey, get_settings
from app.db import get_engine
from app.demand import contacts_import, demo_history
from app.demo import rotation_history, schedule_demo, seed_demo
from app.errors import AppError, Invalid
from app.migrate import SchemaOutOfDate, current_revision, head_revision, upgrade
from app.notifications import delivery
from app.people.csv_import import import_employees
from app.schedules.problem import build_problem
from solver import ProblemError, solve
from staffing_math import erlang


def _session() -> Session:
    return Session(get_engine(), expire_on_commit=False)


def _upgrade() -> None:
    upgrade(get_engine(), get_settings().database_url)


def cmd_db(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.action == "upgrade":
        _upgrade()
    current = current_revision(get_engine())
    head = head_revision(settings.database_url)
    state = "up to date" if current == head else "out of date: run `rota db upgrade`"
    print(f"schema at {current or 'none'}, code needs {head} ({state})")
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    _upgrade()
    with _session() as session:
        user = session.exec(select(User).where(User.email == args.email.lower())).first()
        if user is None:
            user = create_user(
                session=session,
                data=UserCreate(
                    email=args.email, name="Administrator", role=Role.admin, password=args.password
                ),
            )
        issued = issue_token(session=session, user=user, name="create-admin")
        session.commit()
    print(f"Admin {user.email} is ready. API token (shown once):")
    print(issued.token)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _upgrade()
    text = Path(args.file).read_text(encoding="utf-8-sig")
    with _session() as session:
        try:
            report = import_employees(session=session, text=text, dry_run=args.dry_run)
        except AppError as exc:
            print(exc.detail, file=sys.stderr)
            for error in exc.errors:
                row = error.get("row", "-")
                print(
                    f"  line {row}: {error.get('field')}: {error.get('message')}", file=sys.stderr
                )
            return 1
        session.commit()
    prefix = "Dry run, nothing written: " if args.dry_run else ""
    print(
        f"{prefix}{report.rows} rows: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged."
    )
    if report.departments_created:
        print("New departments: " + ", ".join(report.departments_created))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _demo_secret_key()
    _upgrade()
    with _session() as session:
        try:
            logins = seed_demo(session=session, today=clock.today())
        except ValueError as exc:
            print(f"{exc} (set ROTA_DATABASE_URL to a new file, or delete the old one)")
            return cmd_serve(args) if args.serve else 1
        session.commit()
        history = demo_history.seed_history(session, clock.today())
        session.commit()
        print(f"A year of contact history: {history.rows} contacts.", flush=True)
        if args.history_weeks:
            done = rotation_history(session=session, today=clock.today(), weeks=args.history_weeks)
            session.commit()
            print(
                f"The past {args.history_weeks} weeks of rotations: schedule {done.id}, "
                f"{done.stats.get('obligations_met')} rotations done.",
                flush=True,
            )
        if args.weeks:
            print(f"Planning the next {args.weeks} weeks …", flush=True)
            schedule = schedule_demo(
                session=session, start=clock.next_monday(clock.today()), weeks=args.weeks
            )
            session.commit()
            print(
                f"Schedule {schedule.id} published: {schedule.stats.get('obligations_met')} "
                f"rotations, score {schedule.fairness.get('score')}/100."
            )
    print("Demo company created. Logins (password for all: " + logins.password + "):")
    for role, email, token in (
        ("admin", logins.admin_email, logins.admin_token),
        ("hr", logins.hr_email, logins.hr_token),
        ("employee", logins.employee_email, logins.employee_token),
    ):
        print(f"  {role:<8} {email:<36} token {token}")
    print("  Colleagues (employees, to offer and take swaps): " + ", ".join(logins.colleagues))
    if args.serve:
        return cmd_serve(args)
    return 0


def _demo_secret_key() -> None:
    """The demo makes its own key once and keeps it beside its database, so its feed links
    and sessions survive restarts without anyone choosing a key."""
    settings = get_settings()
    if settings.secret_key != DEFAULT_SECRET:
        return
    path = Path(settings.secret_key_file or "rota-demo.secret")
    if not path.is_file() or not path.read_text().strip():
        path.write_text(secrets.token_urlsafe(48) + "\n")
        path.chmod(0o600)
    os.environ["ROTA_SECRET_KEY_FILE"] = str(path.resolve())
    get_settings.cache_clear()


def cmd_serve(args: argparse.Namespace) -> int:
    return serving.serve(
        host=args.host,
        port=args.port,
        workers=args.workers,
        with_worker=not getattr(args, "no_worker", False),
    )


def cmd_worker(args: argparse.Namespace) -> int:
    return serving.run_worker(threads=args.threads)


def cmd_solve(args: argparse.Namespace) -> int:
    start = date.fromisoformat(args.start) if args.start else clock.next_monday(clock.today())
    with _session() as session:
        problem = build_problem(session=session, start=start, weeks=args.weeks)
    print(
        f"Planning {args.weeks} weeks from {start}: {len(problem.people)} people, "
        f"{len(problem.rules)} rules, {len(problem.needs)} coverage needs."
    )
    try:
        plan = solve(problem, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed)
    except ProblemError as exc:
        print("The input can never be satisfied:", file=sys.stderr)
        for problem_text in exc.problems:
            print(f"  - {problem_text}", file=sys.stderr)
        return 1
    stats, fairness = plan.stats, plan.fairness
    people = len({t.person_id for t in plan.turns})
    print(
        f"Solved in {stats.total_s:.1f} s (weeks {stats.stage_a_s:.1f} s, shifts "
        f"{stats.stage_b_s:.1f} s); stage A {stats.status}, {stats.gap_pct:.2f} % from its bound."
    )
    print(
        f"{len(plan.turns)} rotation weeks for {people} people; {stats.obligations_met} of "
        f"{stats.obligations} due rotations scheduled; {stats.seats_filled} of "
        f"{stats.seats_needed} shift seats covered."
    )
    if fairness:
        print(
            f"Quality score {fairness.score}/100"
            + (f" ({'; '.join(fairness.score_notes)})" if fairness.score_notes else "")
            + f"; rotators per week {min(fairness.rotators_per_week)}–"
            f"{max(fairness.rotators_per_week)}."
        )
    kinds = Counter(g.kind for g in plan.gaps)
    print(f"{len(plan.gaps)} gap(s)" + (f": {dict(kinds)}" if kinds else "."))
    for gap in plan.gaps[: args.show_gaps]:
        print(f"  - {gap.message}")
    if len(plan.gaps) > args.show_gaps:
        print(f"  … and {len(plan.gaps) - args.show_gaps} more")
    return 0


def cmd_scim_token(args: argparse.Namespace) -> int:
    _upgrade()
    with _session() as session:
        issued = scim_tokens.issue(session, args.name, actor=None)
        session.commit()
    print(f"SCIM base URL: {get_settings().base_url.rstrip('/')}/scim/v2")
    print("Bearer token for the identity provider (shown once):")
    print(issued.token)
    return 0


def cmd_deliver(args: argparse.Namespace) -> int:
    """Send the notifications that are due (the worker does this every minute)."""
    get_settings().require_secret_key()
    report = delivery.deliver(get_engine(), limit=args.limit)
    print(
        f"{report.sent} sent, {report.kept} kept (no mail server), "
        f"{report.retried} to retry, {report.dead} dead-lettered"
    )
    return 0


def cmd_import_contacts(args: argparse.Namespace) -> int:
    """Contact history from a help-desk export, streamed from disk."""
    _upgrade()
    with _session() as session, open(args.file, newline="", encoding="utf-8-sig") as lines:
        try:
            report = contacts_import.import_contacts(session, lines, args.format, args.dry_run)
        except Invalid as exc:
            session.rollback()
            print(exc.detail, file=sys.stderr)
            for error in exc.errors[:20]:
                print(f"  {error['field']}: {error['message']}", file=sys.stderr)
            return 1
        if args.dry_run:
            session.rollback()
        else:
            session.commit()
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb} {report.rows} contacts ({report.created} new, {report.updated} updated): "
        + ", ".join(f"{n} {c}" for c, n in sorted(report.channels.items()))
    )
    return 0


def cmd_staffing(args: argparse.Namespace) -> int:
    """Erlang C from the command line, the same answer as GET /api/v1/staffing/erlang."""
    try:
        result = erlang.agents_for(
            args.calls,
            args.interval_minutes * 60,
            args.aht_seconds,
            args.target,
            args.within_seconds,
            args.max_occupancy,
            args.concurrency,
        )
    except ValueError as exc:
        print(f"rota staffing: {exc}", file=sys.stderr)
        return 2
    print(
        json.dumps(
            {
                "agents": result.agents,
                "service_level": round(result.service_level, 6),
                "asa_seconds": round(result.asa_seconds, 3),
                "occupancy": round(result.occupancy, 6),
            }
        )
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rota", description="Support rotations for everyone.")
    sub = parser.add_subparsers(dest="command", required=True)

    def serve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--workers", type=int, default=1, help="web server processes")
        p.add_argument("--no-worker", action="store_true", help="do not start a solve worker")

    serve = sub.add_parser("serve", help="run the web service")
    serve_options(serve)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run solve jobs from the queue")
    worker.add_argument("--threads", type=int, default=1, help="jobs at a time")
    worker.set_defaults(func=cmd_worker)

    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(func=cmd_db)

    admin = sub.add_parser("create-admin", help="create an admin and print an API token")
    admin.add_argument("--email", default="admin@example.com")
    admin.add_argument("--password", default=None)
    admin.set_defaults(func=cmd_create_admin)

    contacts = sub.add_parser("import-contacts", help="import contact history from a help desk")
    contacts.add_argument("file")
    contacts.add_argument("--format", default="generic", choices=sorted(contacts_import.FORMATS))
    contacts.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    contacts.set_defaults(func=cmd_import_contacts)

    staff = sub.add_parser("staffing", help="agents a queue needs (Erlang C), as JSON")
    staff.add_argument("--calls", type=float, required=True, help="contacts in the interval")
    staff.add_argument("--interval-minutes", type=float, default=30)
    staff.add_argument("--aht-seconds", type=float, default=180, help="average handle time")
    staff.add_argument("--target", type=float, default=0.8, help="share answered in time")
    staff.add_argument("--within-seconds", type=float, default=20)
    staff.add_argument("--concurrency", type=int, default=1, help="chats at once per agent")
    staff.add_argument("--max-occupancy", type=float, default=1.0)
    staff.set_defaults(func=cmd_staffing)

    send = sub.add_parser("deliver", help="send the notifications that are due, then exit")
    send.add_argument("--limit", type=int, default=None, help="at most this many messages")
    send.set_defaults(func=cmd_deliver)

    scim = sub.add_parser("scim-token", help="print a new bearer token for directory sync")
    scim.add_argument("--name", default="directory", help="what the token is for")
    scim.set_defaults(func=cmd_scim_token)

    imp = sub.add_parser("import", help="import employees from an HRIS CSV export")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="report what would change")
    imp.set_defaults(func=cmd_import)

    demo = sub.add_parser("demo", help="seed the demo company")
    demo.add_argument("--serve", action="store_true", help="then run the service")
    demo.add_argument("--weeks", type=int, default=26, help="weeks to plan and publish (0: none)")
    demo.add_argument(
        "--history-weeks",
        type=int,
        default=52,
        help="weeks of rotations already done, up to this week (0: none)",
    )
    serve_options(demo)
    demo.set_defaults(func=cmd_demo)
    solve_cmd = sub.add_parser("solve", help="plan a rotation and print a summary")
    solve_cmd.add_argument("--start", help="a Monday (default: next Monday)")
    solve_cmd.add_argument("--weeks", type=int, default=52)
    solve_cmd.add_argument("--time-limit", type=float, default=60.0)
    solve_cmd.add_argument("--workers", type=int, default=2)
    solve_cmd.add_argument("--seed", type=int, default=0)
    solve_cmd.add_argument("--show-gaps", type=int, default=10)
    solve_cmd.set_defaults(func=cmd_solve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (SchemaOutOfDate, InsecureSecretKey) as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
