"""The web application: ``GET /`` the upload page, ``POST /check`` the results of one upload.

Every response carries a Content-Security-Policy that forbids fetching
anything (the page is self-contained) and asks browsers and proxies to keep
nothing (``Cache-Control: no-store``).  An upload is written into a private
temporary folder (mode 0700) made for the request and removed in ``finally``,
whatever happens; uploads over the size limits are refused or, for a single
file over the per-file limit, reported as the command line reports a file too
large to read.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import field

from lint.ingest.forms import FORMS, MAX_DOCUMENT_BYTES
from lint.records import record
from lint.run.checker import Options
from lint.web.assets import CSP

HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


@record
class Settings:
    options: Options = field(default_factory=lambda: Options(isolated=True))
    max_bytes: int = MAX_DOCUMENT_BYTES
    max_files: int = 20
    lang: str = "zh"


def accept() -> str:
    """The file input's filter: every extension the readers know (lint.ingest.forms)."""
    return ",".join(ext for form in FORMS for ext in form.extensions)


def create_app(settings: Settings | None = None):
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route

    from lint.web import page
    from lint.web.audit import Auditor
    from lint.web.upload import UploadError, receive

    settings = settings or Settings()
    auditor = Auditor(settings.options, settings.max_bytes)
    limits = {"max_bytes": settings.max_bytes, "max_files": settings.max_files, "accept": accept()}

    def language(request: Request, fallback: str | None = None) -> str:
        lang = request.query_params.get("lang") or fallback or settings.lang
        return lang if lang in ("zh", "en") else settings.lang

    def html(text: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(text, status_code=status, headers=HEADERS)

    async def index(request: Request) -> Response:
        return html(page.index_page(language(request), **limits))

    async def check(request: Request) -> Response:
        lang = language(request)
        folder = tempfile.mkdtemp(prefix="xxgk-web-")  # mode 0700: the clerk's files are nobody else's
        try:
            try:
                received = await receive(request.headers.get("content-type"), request.headers.get("content-length"),
                                         request.stream(), folder, max_bytes=settings.max_bytes,
                                         max_files=settings.max_files)
            except UploadError as exc:
                return html(page.problem_page(lang, exc.zh if lang == "zh" else exc.en, **limits), exc.status)
            lang = language(request, received.fields.get("lang"))
            if not received.files:
                message = "请先选择要检查的文件。" if lang == "zh" else "Choose the files to check first."
                return html(page.problem_page(lang, message, **limits), 400)
            audit = await run_in_threadpool(auditor.audit, received.files, lang)
            return html(page.results_page(audit, lang, **limits))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    async def nothing(request: Request) -> Response:
        return Response(status_code=204, headers=HEADERS)

    return Starlette(routes=[Route("/", index, methods=["GET"]), Route("/check", check, methods=["POST"]),
                             Route("/favicon.ico", nothing, methods=["GET"])])
