"""Pages of the staff interface: one layout, navigation, language and sign-in for all."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import Request
from starlette.responses import Response

from cxm.i18n import formatting as fmt
from cxm.i18n.catalogue import Catalogue, language_names
from cxm.i18n.metric_names import METRIC_NAMES
from cxm.i18n.ui import UI
from cxm.users.service import User
from cxm.web.auth import csrf_for
from cxm.web.language import remember_language, request_language
from cxm.web.templating import page

# The main navigation: (address, key of its name in the UI catalogue). Areas add theirs here.
NAV: list[tuple[str, str]] = [
    ("/dashboard", "nav_overview"),
    ("/dashboard/trends", "nav_trends"),
    ("/dashboard/loyalty", "nav_loyalty"),
    ("/dashboard/journey", "nav_journey"),
    ("/dashboard/comments", "nav_comments"),
    ("/admin/surveys", "nav_surveys"),
    ("/admin/invitations", "nav_invitations"),
    ("/followups", "nav_followups"),
    ("/notices", "nav_notices"),
    ("/sla", "nav_sla"),
    ("/alerts", "nav_alerts"),
]


def path_part(value: object) -> str:
    """A value (a customer id ...) made safe as one segment of an address."""
    return quote(str(value), safe="")


def staff_page(
    request: Request,
    name: str,
    user: User,
    texts: Catalogue = UI,
    view: Any = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """A staff page in the signed-in user's language: `t` speaks `texts`, `ui` the shared
    navigation texts, `fmt` writes numbers and dates; `view` (a dashboard View) shows the
    filter bar."""
    lang = request_language(request)
    response = page(
        name,
        status_code=status_code,
        user=user,
        csrf=csrf_for(request, user),
        lang=lang,
        t=texts.for_language(lang),
        ui=UI.for_language(lang),
        nav=NAV,
        languages=language_names(),
        view=view,
        path=request.url.path,
        fmt=fmt,
        metric_name=lambda key: METRIC_NAMES.text(lang, key),
        request_path=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        request_params=request.query_params,
        zip=zip,
        quote=path_part,
        **context,
    )
    remember_language(request, response, lang)
    return response
