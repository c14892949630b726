"""A PDF page's characters as the author typed them: /ActualText honoured.

A producer that shapes complex scripts writes what each glyph *means* in a marked-content
span, `/Span <</ActualText (ู)>> BDC … EMC`, whenever the font's ToUnicode map cannot say
it. LibreOffice does so for Thai: a below vowel drawn in its lowered form (ู under ผ) is
mapped to a tone mark in ToUnicode (`ผู้` would read `ผ้่`), and SARA AM is drawn as two
glyphs inside one span. Poppler and Acrobat read the span; pdfminer.six does not (its issue
1288), so pdfplumber's characters keep the wrong letters.

`pages(pdf)` gives pdfplumber pages whose layout is built by a subclass of pdfplumber's own
aggregator: the first character drawn inside a span carries the span's text, the others
none (they are dropped from `page.chars`-based text below). Everything else is pdfplumber's.
"""

from __future__ import annotations

from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.utils import decode_text
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException


class _ActualTextAggregator(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's aggregator, plus: characters inside an /ActualText span read as the
    span's text. Spans nest; the outermost one with /ActualText wins (PDF 32000 14.9.4)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One entry per open marked-content sequence: [replacement text or None, used].
        self._spans: list[list] = []

    def begin_tag(self, tag, props=None) -> None:
        super().begin_tag(tag, props)
        actual = props.get("ActualText") if isinstance(props, dict) else None
        if isinstance(actual, bytes):
            actual = decode_text(actual)
        self._spans.append([actual if isinstance(actual, str) else None, False])

    def end_tag(self) -> None:
        super().end_tag()
        if self._spans:
            self._spans.pop()

    def render_char(self, *args, **kwargs) -> float:  # type: ignore[override]
        advance = super().render_char(*args, **kwargs)
        span = next((s for s in self._spans if s[0] is not None), None)
        if span is not None and self.cur_item._objs:
            char = self.cur_item._objs[-1]
            char._text = "" if span[1] else span[0]
            span[1] = True
        return advance


class _ActualTextPage(Page):
    @property
    def layout(self):  # the same steps as pdfplumber's Page.layout, with our aggregator
        if hasattr(self, "_layout"):
            return self._layout
        device = _ActualTextAggregator(self.pdf.rsrcmgr, pageno=self.page_number,
                                       laparams=self.pdf.laparams)
        interpreter = PDFPageInterpreter(self.pdf.rsrcmgr, device)
        try:
            interpreter.process_page(self.page_obj)
        except Exception as exc:  # what pdfplumber does: one exception type for callers
            raise PdfminerException(exc) from exc
        self._layout = device.get_result()
        return self._layout


def pages(pdf) -> list[Page]:
    """The document's pages, reading /ActualText (see the module docstring)."""
    return [_ActualTextPage(pdf, page.page_obj, page_number=page.page_number,
                            initial_doctop=page.initial_doctop) for page in pdf.pages]


# Thai vowels and tone marks drawn over or under the letter before them.
_THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                        "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def chars(page: Page) -> list[dict]:
    """The page's characters in drawing order, ready for pdfplumber's word grouping:

    * a glyph folded into a span's text (SARA AA of SARA AM) widens the character that
      carries the text, instead of leaving a gap that would read as a space (`ดำ เนิน`);
    * a Thai mark takes the horizontal extent of its letter: marks are drawn with offsets
      to the left, and a character starting left of the one before it begins a new word
      for pdfplumber (`ขั้ นตอน`, `พื ้นฐาน`)."""
    out: list[dict] = []
    for char in page.chars:
        previous = out[-1] if out else None
        same_line = previous is not None and abs(previous["top"] - char["top"]) < 1
        if not char["text"]:
            if same_line:
                previous["x0"] = min(previous["x0"], char["x0"])
                previous["x1"] = max(previous["x1"], char["x1"])
            continue
        char = dict(char)
        if char["text"] in _THAI_MARKS and same_line:
            char["x0"], char["x1"] = previous["x0"], previous["x1"]
        out.append(char)
    return out
