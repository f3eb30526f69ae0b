"""The colour pdfminer's characters are painted in, as the page sets it, for telling white text.

pdfminer keeps a fill colour's components and the name of its colour space,
but reads only colours of one, three or four components (a DeviceN colour of
two inks keeps the colour set before it), and choosing a colour space
(``/CS0 cs``) leaves the colour as it was, where the PDF gives the space's
initial colour (full ink of a spot colour, black in the device spaces).  Read
in the new space, the old components may say "no ink" of a glyph that prints
black.  :class:`Interpreter` reads every colour whole and notes whether the
fill colour was set in the current colour space (``fill_set``); the device of
lint.ingest.pdf hands that on to each character, and lint.ingest.pdfseen takes
a character whose colour was not set so as seen.
"""

from __future__ import annotations

from typing import Any

from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter
from pdfminer.psparser import PSLiteral


class _State(PDFGraphicState):
    """pdfminer's graphics state, with whether the fill colour was set in the fill colour space (saved and
    restored with the rest by q and Q)."""

    def __init__(self) -> None:
        super().__init__()
        self.fill_set = True  # the initial fill colour: black in DeviceGray

    def copy(self) -> _State:
        state = _State()
        state.__dict__.update(self.__dict__)
        return state


class Interpreter(PDFPageInterpreter):
    """pdfminer's page interpreter, reading fill colours of any number of components, and knowing whether
    the fill colour was set after the fill colour space was chosen."""

    def init_state(self, ctm: Any) -> None:
        super().init_state(ctm)
        self.graphicstate = _State()

    def do_cs(self, name: Any) -> None:
        super().do_cs(name)
        self.graphicstate.fill_set = False

    def do_scn(self) -> None:
        space = self.graphicstate.ncs
        if space.name == "Pattern" or space.ncomponents in (1, 3, 4):
            return self._setting(super().do_scn)
        components = self.pop(space.ncomponents)
        values = [c for c in components if isinstance(c, (int, float)) and not isinstance(c, bool)]
        if len(values) == space.ncomponents and not any(isinstance(c, PSLiteral) for c in components):
            self.graphicstate.ncolor = tuple(float(v) for v in values)
            self.graphicstate.fill_set = True

    def do_g(self, gray: Any) -> None:
        self._setting(super().do_g, gray)

    def do_rg(self, r: Any, g: Any, b: Any) -> None:
        self._setting(super().do_rg, r, g, b)

    def do_k(self, c: Any, m: Any, y: Any, k: Any) -> None:
        self._setting(super().do_k, c, m, y, k)

    def _setting(self, operator: Any, *operands: Any) -> None:
        """Run pdfminer's colour operator; the fill colour is set if the operator set one."""
        before = self.graphicstate.ncolor
        marker = self.graphicstate.ncolor = object()
        operator(*operands)
        if self.graphicstate.ncolor is marker:  # operands pdfminer could not read: nothing was set
            self.graphicstate.ncolor = before
        else:
            self.graphicstate.fill_set = True
