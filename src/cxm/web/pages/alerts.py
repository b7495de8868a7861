"""Alert pages: the history of alerts (viewers and above) and the rules (admins edit them).

Every form carries the signed-in user's CSRF token; summaries and rule names are data and
are escaped by the templates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import func, select
from starlette.responses import RedirectResponse, Response

from cxm.alerts import service
from cxm.alerts.rules import (
    COMPARATORS,
    KINDS,
    PERIODS,
    SEVERITIES,
    SLA_STATES,
    SPIKE_METRIC,
    Rule,
    RuleError,
    metric_keys,
    parse_recipients,
    parse_segment,
    segment_text,
)
from cxm.db.schema import alert_notifications
from cxm.i18n.alerts import ALERTS
from cxm.users.service import User
from cxm.web.auth import check_csrf, require
from cxm.web.deps import state
from cxm.web.staff import staff_page

router = APIRouter(include_in_schema=False)
PAGE = 100


def _rule_name(t: Any, rule_key: str | None, name: str) -> str:
    """A built-in rule's name in the page's language, unless it was renamed."""
    if rule_key and ALERTS.texts["en"].get("rule_" + rule_key) == name:
        return str(t("rule_" + rule_key))
    return name


@router.get("/alerts")
def history(
    request: Request,
    severity: str = "",
    rule: str = "",
    before: str = "",
) -> Response:
    user = require(request, "viewer")
    app = state(request)
    chosen_state = request.query_params.get("state", "")
    if chosen_state not in ("", *service.STATES):
        raise HTTPException(status_code=422, detail="state: open or resolved")
    if severity not in ("", *SEVERITIES):
        raise HTTPException(status_code=422, detail=f"severity: one of {', '.join(SEVERITIES)}")
    try:
        rule_id = int(rule) if rule else None
        before_id = int(before) if before else None
    except ValueError as exc:
        raise HTTPException(status_code=422, detail="rule / before: a number") from exc
    with app.engine.begin() as conn:
        service.install_builtin(conn, app.clock.now())
        rules = service.list_rules(conn)
        found = service.list_alerts(
            conn,
            state=chosen_state or None,
            severity=severity or None,
            rule_id=rule_id,
            limit=PAGE + 1,
            before_id=before_id,
        )
        ids = [a.id for a in found[:PAGE]]
        notified = (
            dict(
                conn.execute(
                    select(alert_notifications.c.alert_id, func.count())
                    .where(
                        alert_notifications.c.alert_id.in_(ids),
                        alert_notifications.c.status == "sent",
                    )
                    .group_by(alert_notifications.c.alert_id)
                ).all()
            )
            if ids
            else {}
        )
        open_count = service.counts_by_state(conn).get("open", 0)
    more = len(found) > PAGE
    rows = found[:PAGE]
    next_page = None
    if more:
        keep = {"state": chosen_state, "severity": severity, "rule": rule, "before": rows[-1].id}
        next_page = "/alerts?" + urlencode({k: v for k, v in keep.items() if v})
    t = ALERTS.for_language(_lang(request))
    keys = {r.id: r.key for r in rules}
    return staff_page(
        request,
        "alerts/history.html",
        user,
        texts=ALERTS,
        title=t("title"),
        alerts=rows,
        rules=rules,
        rule_name=lambda rid, name: _rule_name(t, keys.get(rid), name),
        notified=notified,
        open_count=open_count,
        chosen_state=chosen_state,
        severity=severity,
        rule=rule,
        states=service.STATES,
        severities=SEVERITIES,
        next_page=next_page,
        base_url=app.settings.base_url.rstrip("/"),
    )


def _lang(request: Request) -> str:
    from cxm.web.language import request_language

    return request_language(request)


def _rules_page(request: Request, user: User, status_code: int = 200, **context: Any) -> Response:
    app = state(request)
    with app.engine.begin() as conn:
        service.install_builtin(conn, app.clock.now())
        rules = service.list_rules(conn)
    t = ALERTS.for_language(_lang(request))
    context.setdefault("form", {})
    return staff_page(
        request,
        "alerts/rules.html",
        user,
        texts=ALERTS,
        status_code=status_code,
        title=t("rules_title"),
        rules=rules,
        rule_name=lambda r: _rule_name(t, r.key, r.name),
        segment_text=segment_text,
        can_edit=user.can("admin"),
        kinds=KINDS,
        severities=SEVERITIES,
        periods=PERIODS,
        comparators=list(COMPARATORS),
        metrics=[*metric_keys(), SPIKE_METRIC, *SLA_STATES],
        quiet=app.settings.alert_quiet_hours,
        notice=request.query_params.get("notice"),
        **context,
    )


@router.get("/alerts/rules")
def rules_page(request: Request) -> Response:
    user = require(request, "viewer")
    return _rules_page(request, user)


def _from_form(rule_id: int | None, form: dict[str, str], key: str | None) -> Rule:
    value_text = form.get("value", "").strip()
    try:
        value = float(value_text) if value_text else None
    except ValueError as exc:
        raise RuleError("value", f"{value_text!r} is not a number") from exc
    try:
        min_n = int(form.get("min_n", "0").strip() or 0)
    except ValueError as exc:
        raise RuleError("min_n", "a whole number") from exc
    return Rule(
        id=rule_id,
        name=form.get("name", ""),
        kind=form.get("kind", ""),
        metric=form.get("metric", ""),
        comparator=form.get("comparator", "<"),
        value=value,
        period=form.get("period", "week"),
        segment=parse_segment(form.get("segment")),
        min_n=min_n,
        severity=form.get("severity", "warning"),
        recipients=parse_recipients(form.get("recipients")),
        active=form.get("active", "") == "on",
        key=key,
    )


FIELDS = ("name", "kind", "metric", "comparator", "value", "period", "segment", "min_n",
          "severity", "recipients", "active")  # fmt: skip


async def _save(request: Request, rule_id: int | None) -> Response:
    user = require(request, "admin")
    raw = await request.form()
    check_csrf(request, user, str(raw.get("csrf", "")))
    form = {f: str(raw.get(f, "")) for f in FIELDS}
    app = state(request)
    key = None
    if rule_id is not None:
        with app.engine.connect() as conn:
            existing = service.get_rule(conn, rule_id)
        if existing is None:
            raise HTTPException(status_code=404, detail=f"no alert rule {rule_id}")
        key = existing.key
    try:
        rule = _from_form(rule_id, form, key)
        with app.engine.begin() as conn:
            service.save_rule(conn, rule, app.clock.now())
    except RuleError as exc:
        t = ALERTS.for_language(_lang(request))
        return _rules_page(
            request,
            user,
            status_code=422,
            error=t("error", message=str(exc)),
            error_field=exc.field,
            form=form,
            editing=rule_id,
        )
    return RedirectResponse("/alerts/rules?notice=saved", status_code=303)


@router.post("/alerts/rules")
async def create_rule(request: Request) -> Response:
    return await _save(request, None)


@router.post("/alerts/rules/{rule_id}")
async def update_rule(request: Request, rule_id: int) -> Response:
    return await _save(request, rule_id)


@router.post("/alerts/rules/{rule_id}/active")
def switch_rule(
    request: Request, rule_id: int, active: str = Form(""), csrf: str = Form("")
) -> Response:
    user = require(request, "admin")
    check_csrf(request, user, csrf)
    app = state(request)
    with app.engine.begin() as conn:
        if not service.set_active(conn, rule_id, active == "on", app.clock.now()):
            raise HTTPException(status_code=404, detail=f"no alert rule {rule_id}")
    return RedirectResponse("/alerts/rules?notice=saved", status_code=303)
