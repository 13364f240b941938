"""Read a QR code's modules back from a picture of it, to compare with what a URL encodes.

segno writes QR codes but does not read them; a picture drawn on a grid (a PNG from segno, or the
same image once WeasyPrint embedded it in a PDF) is read back by sampling each module's centre.
Equal matrices mean the picture carries exactly the expected payload, with its format and error
correction bits: a different URL, a cropped quiet zone or a blurred scale all fail.
"""

from __future__ import annotations

import io

import segno
from PIL import Image

QUIET_ZONE = 4


def modules_of(picture: bytes, expected: segno.QRCode) -> list[list[int]]:
    """The dark (1) / light (0) modules of a square picture of a code as large as ``expected``."""
    image = Image.open(io.BytesIO(picture)).convert("L")
    side = len(expected.matrix) + 2 * QUIET_ZONE
    width, height = image.size
    assert width == height, f"a QR picture is square, got {width}x{height}"
    step = width / side
    return [
        [
            int(
                image.getpixel(
                    (int((x + QUIET_ZONE + 0.5) * step), int((y + QUIET_ZONE + 0.5) * step))
                )
                < 128
            )  # type: ignore[operator]
            for x in range(len(expected.matrix))
        ]
        for y in range(len(expected.matrix))
    ]


def matrix_of(code: segno.QRCode) -> list[list[int]]:
    return [[int(bool(v)) for v in row] for row in code.matrix]


def quiet_zone_is_light(picture: bytes, expected: segno.QRCode) -> bool:
    image = Image.open(io.BytesIO(picture)).convert("L")
    step = image.size[0] / (len(expected.matrix) + 2 * QUIET_ZONE)
    band = int(QUIET_ZONE * step) - 1
    return all(image.getpixel((i, band // 2)) > 128 for i in range(image.size[0]))  # type: ignore[operator]
