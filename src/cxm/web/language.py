"""The interface language of the staff pages (dashboard and admin), chosen the same way on all.

An explicit choice wins: `?lang=` on any page, remembered in the `cxm_lang` cookie (the
language menu sets it); then the browser's Accept-Language; then English.
"""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from cxm.i18n.catalogue import negotiate

LANG_COOKIE = "cxm_lang"
LANG_MAX_AGE_S = 365 * 86400


def request_language(request: Request) -> str:
    """The language to speak on this request."""
    return negotiate(
        request.query_params.get("lang") or request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
    )


def remember_language(request: Request, response: Response, lang: str) -> None:
    """Keep a language chosen with `?lang=` for the next pages."""
    if request.query_params.get("lang") == lang:
        response.set_cookie(
            LANG_COOKIE, lang, max_age=LANG_MAX_AGE_S, samesite="lax", httponly=True
        )
