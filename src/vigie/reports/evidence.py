"""Evidence files: the type is decided from the bytes, images are decoded under a pixel cap, and
moderators see re-encoded previews without metadata.

Names and declared types are attacker-controlled, so neither is trusted: a PNG renamed ``.pdf`` is a
PNG, an HTML page declared ``image/png`` is refused, and SVG (scriptable), archives (zip bombs) and
anything else are refused outright. Previews are decoded and re-encoded from pixels, which drops
EXIF (GPS position, phone model) and any payload hidden after the image data.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFile, UnidentifiedImageError

from vigie.errors import UploadRejected

ACCEPTED = ("image/png", "image/jpeg", "image/webp", "application/pdf")
PIL_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
PREVIEW_MAX_SIDE = 1600
REFUSED_MESSAGE = (
    "Type de fichier refusé : seules les images PNG, JPEG, WebP et les PDF sont acceptés."
)


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, with what the database records about it."""

    data: bytes
    sha256: str
    media_type: str
    original_name: str
    preview: bytes | None


def sniff(data: bytes) -> str:
    """The media type read from the file's first bytes, or ``UploadRejected`` (415)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    raise UploadRejected(REFUSED_MESSAGE, details={"reason": "unsupported_type"})


def safe_name(name: str | None) -> str:
    """The client's file name reduced to something printable, for display only (never a path)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in "<>\"'&")
    return cleaned[:200]


def check_file(data: bytes, name: str | None, *, max_bytes: int, max_pixels: int) -> CheckedFile:
    if len(data) > max_bytes:
        raise UploadRejected(
            f"Fichier trop volumineux (au plus {max_bytes // (1024 * 1024)} Mo).",
            status_code=413,
            details={"reason": "too_large"},
        )
    if not data:
        raise UploadRejected("Fichier vide.", details={"reason": "empty"})
    media_type = sniff(data)
    if media_type == "application/pdf":
        _check_pdf(data)
        preview = None
    else:
        preview = make_preview(data, media_type, max_pixels)
    digest = hashlib.sha256(data).hexdigest()
    return CheckedFile(data, digest, media_type, safe_name(name), preview)


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise UploadRejected("Ce PDF est incomplet ou endommagé.", details={"reason": "bad_pdf"})


def refuse_truncated_images() -> None:
    """Make Pillow refuse an image whose data stops early, whatever was imported before.

    Importing WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process, so
    without this a worker would accept a truncated upload once it had rendered its first dossier.
    The flag is only ever set to ``False`` here (never saved and restored), so two threads cannot
    undo each other's setting.
    """
    ImageFile.LOAD_TRUNCATED_IMAGES = False


def make_preview(data: bytes, media_type: str, max_pixels: int) -> bytes:
    """A JPEG re-encoded from the decoded pixels (no metadata), at most 1600 px on a side."""
    refuse_truncated_images()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _reencode(data, media_type, max_pixels)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UploadRejected(
                "Cette image est illisible ou endommagée.", details={"reason": "bad_image"}
            ) from None


def _reencode(data: bytes, media_type: str, max_pixels: int) -> bytes:
    with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[media_type]]) as image:
        width, height = image.size
        if width * height > max_pixels:
            raise _too_many_pixels(max_pixels)
        image.thumbnail((PREVIEW_MAX_SIDE, PREVIEW_MAX_SIDE))
        rgb = _flatten(image)
    out = io.BytesIO()
    rgb.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB pixels only: transparency composited on white, palette and CMYK converted."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _too_many_pixels(max_pixels: int) -> UploadRejected:
    return UploadRejected(
        f"Image trop grande (au plus {max_pixels // 1_000_000} millions de pixels).",
        status_code=413,
        details={"reason": "too_many_pixels"},
    )
