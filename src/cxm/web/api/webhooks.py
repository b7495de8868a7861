"""Webhooks: subscribe a URL to the answer events, list and remove subscriptions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from cxm.web.api.common import ApiRoute, not_found
from cxm.web.api.fields import MAX_INT
from cxm.web.api.schemas import WebhookCreated, WebhookIn, WebhookOut
from cxm.web.deps import state
from cxm.webhooks import service
from cxm.webhooks.service import Webhook

router = APIRouter(tags=["webhooks"], route_class=ApiRoute)


def webhook_out(hook: Webhook, cls: type[WebhookOut] = WebhookOut, **extra: Any) -> Any:
    return cls(
        id=hook.id,
        url=hook.url,
        active=hook.active,
        created_at=hook.created_at,
        events=list(service.EVENTS),
        **extra,
    )


@router.post("/webhooks", status_code=201, response_model=WebhookCreated)
def create_webhook(body: WebhookIn, request: Request) -> Any:
    """Subscribe a URL to response.created and response.updated; the secret is shown once."""
    app = state(request)
    with app.engine.begin() as conn:
        hook, secret = service.create(conn, str(body.url), app.clock.now())
    return webhook_out(hook, WebhookCreated, secret=secret)


@router.get("/webhooks", response_model=list[WebhookOut])
def list_webhooks(request: Request) -> Any:
    """The active subscriptions (without their secrets)."""
    with state(request).engine.connect() as conn:
        return [webhook_out(h) for h in service.list_active(conn)]


@router.delete("/webhooks/{webhook_id}", status_code=204, response_model=None)
def delete_webhook(
    webhook_id: Annotated[int, Path(ge=1, le=MAX_INT)], request: Request
) -> Response:
    """Stop a subscription; its deliveries not made yet are given up."""
    app = state(request)
    with app.engine.begin() as conn:
        if not service.deactivate(conn, webhook_id, app.clock.now()):
            raise not_found("webhook", webhook_id)
    return Response(status_code=204)
