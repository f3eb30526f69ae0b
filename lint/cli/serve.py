"""``xxgk-lint serve``: the web page for a 政务公开 office, on this computer or the office's intranet.

Needs the optional extra ``web`` (``pip install 'xxgk-lint[web]'``).  It listens
on 127.0.0.1:8000 unless told otherwise; ``--host 0.0.0.0`` (or the machine's
intranet address) opens it to the office's network.  It makes no connection
to anywhere itself.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from lint.cli import EXIT_OK, fail, lang_option, pack_options, seconds, tr


def add_parser(sub) -> None:
    serve = sub.add_parser("serve", help=tr("网页版检查", "a web page to check reports in the browser"),
                           description=tr("在本机启动一个网页：把报告文件拖进浏览器即可检查，并下载批注版 Word。",
                                          "Start a web page on this computer: drop report files into the browser "
                                          "to check them and download the annotated Word copy."))
    serve.add_argument("--host", default="127.0.0.1",
                       help=tr("监听地址（默认 127.0.0.1：只有本机可用；供办公室使用时填内网地址或 0.0.0.0）",
                               "address to listen on (default 127.0.0.1: this computer only; the intranet address "
                               "or 0.0.0.0 for the office)"))
    serve.add_argument("--port", type=int, default=8000, help=tr("端口（默认 8000）", "port (default 8000)"))
    lang_option(serve, "网页的默认", "default page", default="zh")
    serve.add_argument("--max-upload-mb", type=float, default=None, metavar="MB",
                       help=tr("可接受的最大文件（默认：读取程序的文档上限 100 MB）",
                               "largest file accepted (default: the document limit of the readers, 100 MB)"))
    serve.add_argument("--max-files", type=int, default=20, metavar="N",
                       help=tr("每次上传的文件数上限（默认 20）", "files per upload (default 20)"))
    serve.add_argument("--timeout", type=seconds, default=180.0, metavar="SECONDS",
                       help=tr("每个文件的时间上限，秒（默认 180）", "time limit per file (default 180)"))
    serve.add_argument("--config", metavar="FILE",
                       help=tr("所有上传文件使用的配置（默认：无；上传的文件不能自带配置）",
                               "configuration for every upload (default: none; uploads never bring their own)"))
    serve.add_argument("--select", action="append", default=[], metavar="CODE",
                       help=tr("只检查这些代码或前缀；可重复，可用逗号分隔",
                               "check only these codes or prefixes; repeatable, comma-separated"))
    pack_options(serve)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from lint.cli import options

    try:
        import uvicorn

        from lint.web.app import Settings, create_app
        from lint.web.audit import warm
    except ImportError as exc:
        missing = getattr(exc, "name", None) or exc
        return fail(f"网页版需要安装可选组件：pip install 'xxgk-lint[web]'（缺少 {missing}）",
                    f"the web page needs the optional extra: pip install 'xxgk-lint[web]' (missing {missing})")
    from lint.ingest.forms import MAX_DOCUMENT_BYTES

    if args.max_files < 1 or (args.max_upload_mb is not None and args.max_upload_mb <= 0):
        return fail("--max-files 和 --max-upload-mb 必须大于 0", "--max-files and --max-upload-mb must be positive")
    settings_options = options(args)
    settings_options.isolated = args.config is None  # an upload's folder has no configuration of its own
    limit = MAX_DOCUMENT_BYTES if args.max_upload_mb is None else min(int(args.max_upload_mb * 1024 * 1024),
                                                                       MAX_DOCUMENT_BYTES)
    app = create_app(Settings(settings_options, limit, args.max_files, args.lang))
    warm()
    shown = f"[{args.host}]" if ":" in args.host else args.host
    out.write(f"xxgk-lint serve: http://{shown}:{args.port}/  （按 Ctrl-C 停止 / Ctrl-C to stop）\n")
    out.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                date_header=False, access_log=False)
    return EXIT_OK
