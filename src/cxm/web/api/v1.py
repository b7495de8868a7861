"""Version 1 of the REST API, under /api/v1 (its OpenAPI document: /api/v1/openapi.json).

Every endpoint needs `Authorization: Bearer KEY`. Errors keep FastAPI's shape: `{"detail":
"message"}` for 401 and 404, `{"detail": [{"loc", "msg", "type"}]}` for 422.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from cxm.web.api import customers, invitations, metrics, responses, sla, surveys, tickets, webhooks
from cxm.web.api import followups as followup_api
from cxm.web.api import notices as notice_api
from cxm.web.api.auth import require_key
from cxm.web.api.schemas import ErrorOut, ValidationErrorOut

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "No valid API key"},
    404: {"model": ErrorOut, "description": "Not found"},
    422: {"model": ValidationErrorOut, "description": "Invalid input, field by field"},
}

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_key)], responses=ERRORS)
for module in (customers, tickets, responses, surveys, invitations, metrics, webhooks):
    router.include_router(module.router)
router.include_router(sla.router)
router.include_router(followup_api.router)
router.include_router(notice_api.router)
