"""One error shape for every 4xx and 5xx the server sends: an RFC 9457 problem document.

    HTTP/1.1 400 Bad Request
    Content-Type: application/problem+json

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "the query is not valid SPARQL: ...", "parameter": "query"}

`parameter` (when there is one) names the request parameter or header at fault. A handler raises
`HTTPProblem(status, detail, parameter=...)`; `install(app)` turns it, Starlette's own HTTP errors (404, 405)
and anything unexpected (500, with a fixed message: no stack trace ever reaches a client; the trace goes to
the server's log) into this shape. Reusable by every part of the server (pages, API).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

__all__ = ["PROBLEM_TYPE", "HTTPProblem", "install", "not_acceptable", "problem"]

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger("termgraph.serve")


class HTTPProblem(Exception):
    """An HTTP error with a message for the client; raised by handlers, answered in the one shape."""

    def __init__(self, status: int, detail: str, *, parameter: str | None = None,
                 headers: Mapping[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.parameter = parameter
        self.headers = dict(headers or {})


def problem(status: int, detail: str, *, parameter: str | None = None,
            headers: Mapping[str, str] | None = None) -> Response:
    """The response for an error: the JSON problem document with `status`."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if parameter:
        body["parameter"] = parameter
    data = (json.dumps(body, ensure_ascii=False) + "\n").encode("utf-8")
    return Response(data, status_code=status, media_type=PROBLEM_TYPE, headers=dict(headers or {}))


def not_acceptable(offers: Iterable[str], what: str = "this resource") -> HTTPProblem:
    """406: the Accept header excludes every media type `what` comes in."""
    return HTTPProblem(406, f"none of the media types in Accept fits {what}; available: {', '.join(offers)}",
                       parameter="Accept", headers={"Vary": "Accept"})


async def _problem_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPProblem)
    return problem(exc.status, exc.detail, parameter=exc.parameter, headers=exc.headers)


async def _http_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if exc.detail and exc.detail != HTTPStatus(exc.status_code).phrase else {
        404: f"nothing is served at {request.url.path}",
        405: f"{request.method} is not allowed on {request.url.path}",
    }.get(exc.status_code, HTTPStatus(exc.status_code).phrase)
    return problem(exc.status_code, detail, headers=exc.headers)


async def _unexpected_handler(request: Request, exc: Exception) -> Response:
    log.error("internal error answering %s %s", request.method, request.url.path, exc_info=exc)
    return problem(500, "internal server error; the server's log has the details")


def install(app: Any) -> None:
    """Make a Starlette app answer every error in the one shape."""
    app.add_exception_handler(HTTPProblem, _problem_handler)
    app.add_exception_handler(HTTPException, _http_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
