"""``xxgk-lint serve``: a small web page where a clerk drops reports and reads the findings.

:func:`lint.web.app.create_app` builds the application (Starlette, an ASGI
stack installed with the optional extra ``web``); :mod:`lint.web.audit` checks
the files of one upload through the command line's pipeline;
:mod:`lint.web.page` and :mod:`lint.web.tables` write the page; its style and
script are inline (:mod:`lint.web.assets`).  Nothing of an upload outlives the
response: the files live in a private temporary folder removed in ``finally``.
"""
