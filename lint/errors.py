"""Errors about the input itself.  Each becomes one E0xx finding for its file, never a traceback."""

from __future__ import annotations


class InputError(Exception):
    """The file cannot be read as a report.

    ``code`` is an E0xx code of the national pack (see rules/national-2021.yaml);
    ``zh`` and ``en`` say what is wrong in words an agency clerk understands.
    """

    def __init__(self, code: str, zh: str, en: str, *, line: int | None = None,
                 column: int | None = None, page: int | None = None, pointer: str = "") -> None:
        super().__init__(en)
        self.code = code
        self.zh = zh
        self.en = en
        self.line = line
        self.column = column
        self.page = page
        self.pointer = pointer


class ConfigError(Exception):
    """A usage or configuration problem: exit code 2, with a message naming the file and place."""


# The E0xx codes, one meaning each.
UNREADABLE = "E001"        # cannot open or read the file
UNDECODABLE = "E002"       # bytes that are no known text encoding / binary junk
UNSUPPORTED = "E003"       # a file type check does not read
SYNTAX = "E004"            # YAML/JSON syntax error
HOSTILE = "E005"           # refused: alias bomb, nesting too deep, zip bomb, entities, too large
NOT_A_REPORT = "E006"      # readable, but not an annual report (no sections, wrong top-level type)
SCHEMA = "E007"            # a value of the wrong type or shape for the structured report
CORRUPT = "E008"           # a damaged .docx/.pdf
ENCRYPTED = "E009"         # a password-protected PDF
NO_TEXT = "E010"           # a PDF without a text layer (a scan)
EMPTY = "E011"             # an empty file
TIMEOUT = "E012"           # reading the file took longer than allowed
INTERNAL = "E099"          # a rule or importer failed; the rest of the run goes on
