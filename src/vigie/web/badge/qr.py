"""QR codes drawn locally (segno, pure Python): nothing is sent to a QR service.

Error correction M at least (segno raises it when the URL leaves room), so a poster that is a
little scratched or photographed at an angle still scans; the four-module quiet zone is the
standard's.
"""

from __future__ import annotations

import io

import segno

MODULE_PX = 12  # pixels per module in the PNG: crisp when printed ~9 cm wide
QUIET_ZONE = 4


def qr_code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error="m", boost_error=True)


def qr_png(url: str, module_px: int = MODULE_PX) -> bytes:
    """A black-on-white PNG, ``module_px`` pixels per module, quiet zone included."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=module_px, border=QUIET_ZONE)
    return out.getvalue()
