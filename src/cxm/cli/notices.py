"""`cxm notices`: publish a notice about maintenance or an incident, post updates, resolve it,
list the notices (docs/notices.md). The e-mails go out with the worker (`cxm worker` or
`cxm serve`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.text import Text

from cxm.cli import output
from cxm.cli.output import Format, console
from cxm.clock import SYSTEM, iso

notices_app = typer.Typer(
    help="Notices to customers: planned maintenance and incidents.", no_args_is_help=True
)


def _engine() -> Any:
    from cxm.cli.app import ready
    from cxm.db import open_database

    return open_database(ready())


def _fail(message: str) -> Any:
    from cxm.cli.app import fail

    return fail(message)


def _when(value: str | None, what: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return _fail(f"--{what}: expected an ISO time like 2025-06-01T19:00:00+07:00")  # type: ignore[no-any-return]
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _pairs(values: list[str] | None, what: str) -> dict[str, str]:
    """`--title km=...` style options: language=text."""
    out: dict[str, str] = {}
    for item in values or []:
        lang, sep, text = item.partition("=")
        if not sep or not lang.strip():
            _fail(f"--{what} {item!r}: expected LANGUAGE=TEXT, e.g. --{what} 'km=...'")
        out[lang.strip().lower()] = text
    return out


@notices_app.command("create")
def create_command(
    title: Annotated[str, typer.Argument(help="Title in the default language")],
    kind: Annotated[str, typer.Option(help="maintenance or incident")] = "maintenance",
    body: Annotated[str, typer.Option(help="Message in the default language")] = "",
    starts: Annotated[
        str | None, typer.Option(help="Start, ISO 8601 (UTC without an offset); default: now")
    ] = None,
    ends: Annotated[str | None, typer.Option(help="Expected end, ISO 8601")] = None,
    audience: Annotated[
        list[str] | None,
        typer.Option(help="Filter key=value,value (repeatable): region, plan, any attribute"),
    ] = None,
    language: Annotated[str, typer.Option(help="Default language of the notice")] = "en",
    title_in: Annotated[
        list[str] | None, typer.Option("--title-in", help="Title in another language: km=...")
    ] = None,
    body_in: Annotated[
        list[str] | None, typer.Option("--body-in", help="Message in another language: km=...")
    ] = None,
    private: Annotated[bool, typer.Option(help="Leave it off the public status page")] = False,
    dry_run: Annotated[bool, typer.Option(help="Only count the customers it would reach")] = False,
) -> None:
    """Publish a notice: its announcement goes to every affected customer."""
    from cxm.notices import service
    from cxm.notices.audience import Audience, AudienceError
    from cxm.notices.schedule import NoticeError

    try:
        who = Audience.parse(audience or [])
    except AudienceError as exc:
        return _fail(str(exc))  # type: ignore[no-any-return]
    engine = _engine()
    if dry_run:
        with engine.connect() as conn:
            matching, reachable = service.preview(conn, who)
        console.print(f"{matching} customers affected, {reachable} would receive an e-mail")
        return None
    texts: dict[str, dict[str, str]] = {language.lower(): {"title": title, "body": body}}
    for lang, text in _pairs(title_in, "title-in").items():
        texts.setdefault(lang, {"title": "", "body": ""})["title"] = text
    for lang, text in _pairs(body_in, "body-in").items():
        texts.setdefault(lang, {"title": "", "body": ""})["body"] = text
    now = SYSTEM.now()
    try:
        with engine.begin() as conn:
            notice = service.create(
                conn,
                kind=kind,
                texts=texts,
                audience=who,
                starts_at=_when(starts, "starts") or now,
                expected_end_at=_when(ends, "ends"),
                default_language=language,
                public=not private,
                created_by="cli",
                now=now,
            )
            queued = sum(n for _, _, n in service.stage_counts(conn, notice.id))
    except NoticeError as exc:
        return _fail(str(exc))  # type: ignore[no-any-return]
    console.print(Text(f"notice {notice.id} published ({notice.status}); {queued} e-mails queued"))
    return None


@notices_app.command("update")
def update_command(
    notice_id: Annotated[int, typer.Argument(help="The notice")],
    text: Annotated[str, typer.Argument(help="The update, in the notice's default language")],
    status: Annotated[
        str, typer.Option(help="scheduled, in_progress, monitoring or resolved")
    ] = "in_progress",
    text_in: Annotated[
        list[str] | None, typer.Option("--text-in", help="The update in another language: km=...")
    ] = None,
) -> None:
    """Post a progress update; its e-mail goes to every affected customer."""
    from cxm.notices import service
    from cxm.notices.schedule import NoticeError

    engine = _engine()
    try:
        with engine.begin() as conn:
            notice = service.get(conn, notice_id)
            texts = {notice.default_language: text, **_pairs(text_in, "text-in")}
            made = service.add_update(
                conn, notice_id, texts=texts, status=status, created_by="cli", now=SYSTEM.now()
            )
    except NoticeError as exc:
        return _fail(str(exc))  # type: ignore[no-any-return]
    console.print(Text(f"update {made.id} posted to notice {notice_id} ({made.status})"))
    return None


@notices_app.command("resolve")
def resolve_command(
    notice_id: Annotated[int, typer.Argument(help="The notice")],
    text: Annotated[str, typer.Argument(help="Closing message (optional)")] = "",
    text_in: Annotated[
        list[str] | None, typer.Option("--text-in", help="The message in another language")
    ] = None,
) -> None:
    """Resolve a notice; its resolution e-mail goes to every affected customer."""
    from cxm.notices import service
    from cxm.notices.schedule import NoticeError

    engine = _engine()
    try:
        with engine.begin() as conn:
            notice = service.get(conn, notice_id)
            texts = {notice.default_language: text, **_pairs(text_in, "text-in")}
            service.resolve(conn, notice_id, texts=texts, created_by="cli", now=SYSTEM.now())
    except NoticeError as exc:
        return _fail(str(exc))  # type: ignore[no-any-return]
    console.print(Text(f"notice {notice_id} resolved"))
    return None


@notices_app.command("list")
def list_command(
    format_: Annotated[Format, typer.Option("--format")] = Format.TABLE,
) -> None:
    """The notices, newest first, with their e-mails sent and missing translations."""
    from cxm.notices import service

    engine = _engine()
    now = SYSTEM.now()
    with engine.connect() as conn:
        found = service.list_notices(conn)
        counts = service.delivery_counts(conn)
    rows = [
        {
            "id": n.id,
            "kind": n.kind,
            "status": n.shown_status(now),
            "title": n.text(n.default_language, "title"),
            "audience": n.audience.describe(),
            "starts_at": iso(n.starts_at),
            "expected_end_at": iso(n.expected_end_at) if n.expected_end_at else None,
            "resolved_at": iso(n.resolved_at) if n.resolved_at else None,
            "sent": counts.get(n.id, {}).get("sent", 0),
            "queued": counts.get(n.id, {}).get("queued", 0),
            "failed": counts.get(n.id, {}).get("failed", 0),
            "missing": ";".join(f"{k}:{','.join(v)}" for k, v in n.missing().items()),
        }
        for n in found
    ]
    if output.write_data(rows, format_):
        return
    output.table(
        "notices",
        [
            ("id", "right"),
            ("kind", "left"),
            ("status", "left"),
            ("title", "left"),
            ("audience", "left"),
            ("start", "left"),
            ("sent", "right"),
            ("queued", "right"),
            ("failed", "right"),
            ("missing", "left"),
        ],
        [
            [
                str(r["id"]),
                r["kind"],
                r["status"],
                r["title"],
                r["audience"],
                r["starts_at"],
                str(r["sent"]),
                str(r["queued"]),
                str(r["failed"]),
                r["missing"] or "-",
            ]
            for r in rows
        ],
    )
