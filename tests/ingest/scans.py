"""Scanned reports made by the tests: a real report PDF rendered to grey page images, tilted and speckled
like a scan, optionally with a figure replaced (planted) or smudged, and wrapped as an image-only PDF."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tests.ingest import CORPUS

HUAIAN = CORPUS / "2024_huaianshi.pdf"
FONTS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


@dataclass
class Change:
    """Replace the printed figure ``old`` on ``page`` (1-based; the n-th occurrence) by ``new``; smudge it if asked."""

    page: int
    old: str
    new: str
    occurrence: int = 0
    smudge: bool = False


def _font(size: int):
    from PIL import ImageFont

    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _words(pdf_path: Path, page: int, text: str) -> list[tuple[float, float, float, float]]:
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        return [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in pdf.pages[page - 1].extract_words()
                if w["text"] == text]


def _apply(image, change: Change, scale: float, where: tuple[float, float, float, float]) -> None:
    from PIL import ImageDraw, ImageFilter

    x0, top, x1, bottom = (v * scale for v in where)
    pad = 2 * scale
    draw = ImageDraw.Draw(image)
    draw.rectangle([x0 - pad, top - pad, x1 + pad, bottom + pad], fill=255)
    draw.text((x0, bottom), change.new, fill=0, font=_font(round(bottom - top)), anchor="ls")
    if change.smudge:
        # a thumb across the figure: blurred, with the right half of the last digit rubbed out
        box = tuple(int(v) for v in (x0 - pad, top - pad, x1 + 3 * pad, bottom + pad))
        image.paste(image.crop(box).filter(ImageFilter.GaussianBlur(scale * 0.9)), box[:2])
        width = (x1 - x0) / max(1, len(change.new))
        draw.rectangle([x1 - width * 0.55, top + (bottom - top) * 0.35, x1 + pad, bottom + pad], fill=235)


def scan_pages(pdf_path: Path, dpi: int, pages: list[int] | None = None, changes: list[Change] = (),
               angle: float = 0.5, seed: int = 7) -> list:
    """Grey PIL images of the PDF's pages as a scanner would give them."""
    import pypdfium2 as pdfium
    from PIL import Image

    rnd = random.Random(seed)
    scale = dpi / 72
    pdf = pdfium.PdfDocument(str(pdf_path))
    images = []
    try:
        for number in pages or range(1, len(pdf) + 1):
            page = pdf[number - 1]
            image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
            page.close()
            for change in changes:
                if change.page == number:
                    _apply(image, change, scale, _words(pdf_path, number, change.old)[change.occurrence])
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            pixels = image.load()
            width, height = image.size
            for _ in range(width * height // 2000):  # speckle: dust and toner specks
                pixels[rnd.randrange(width), rnd.randrange(height)] = rnd.randrange(0, 120)
            images.append(image)
    finally:
        pdf.close()
    return images


def write_pdf(images: list, path: Path, dpi: int) -> Path:
    """An image-only PDF of the page images (no text layer at all)."""
    images[0].save(str(path), save_all=True, append_images=images[1:], resolution=dpi)
    return path
