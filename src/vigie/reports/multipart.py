"""Reading a report's multipart body with every limit enforced while it streams in.

Starlette's parser spools files to temporary storage and checks sizes only afterwards; here each
file part is counted as its bytes arrive and the request is abandoned the moment a file passes
``max_upload_bytes`` or the whole body passes its cap, so a 50 MB upload is never held in memory
nor written out in full.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from vigie.config import Settings
from vigie.errors import InvalidInput, UploadRejected
from vigie.reports.evidence import CheckedFile, check_file
from vigie.reports.schemas import ReportInput

FIELD_BYTES = 64 * 1024
FIELDS_OVERHEAD = 1024 * 1024


class _TooLarge(MultiPartException):
    pass


class BoundedMultiPartParser(MultiPartParser):
    def __init__(self, *args: object, max_file_bytes: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.max_file_bytes = max_file_bytes
        self._file_bytes = 0

    def on_part_begin(self) -> None:
        super().on_part_begin()
        self._file_bytes = 0

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current_part.file is not None:
            self._file_bytes += end - start
            if self._file_bytes > self.max_file_bytes:
                raise _TooLarge("file too large")
        super().on_part_data(data, start, end)


def _too_large(settings: Settings) -> UploadRejected:
    megabytes = settings.max_upload_bytes // (1024 * 1024)
    return UploadRejected(
        f"Fichier trop volumineux (au plus {megabytes} Mo par fichier).",
        status_code=413,
        details={"reason": "too_large"},
    )


async def _capped(
    stream: AsyncIterator[bytes], cap: int, settings: Settings
) -> AsyncGenerator[bytes, None]:
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > cap:
            raise _too_large(settings)
        yield chunk


def body_cap(settings: Settings) -> int:
    return settings.max_upload_bytes * settings.max_files_per_report + FIELDS_OVERHEAD


async def read_form(request: Request, settings: Settings) -> FormData:
    content_type = request.headers.get("content-type", "")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_cap(settings):
        raise _too_large(settings)
    if content_type.startswith("application/x-www-form-urlencoded"):
        return await request.form(max_files=0, max_fields=200, max_part_size=FIELD_BYTES)
    if not content_type.startswith("multipart/form-data"):
        raise InvalidInput("Send the report as multipart/form-data.")
    parser = BoundedMultiPartParser(
        request.headers,
        _capped(request.stream(), body_cap(settings), settings),
        max_files=settings.max_files_per_report,
        max_fields=200,
        max_part_size=FIELD_BYTES,
        max_file_bytes=settings.max_upload_bytes,
    )
    try:
        return await parser.parse()
    except _TooLarge:
        raise _too_large(settings) from None
    except MultiPartException as exc:
        status = 413 if "Too many files" in exc.message else 400
        raise UploadRejected(
            exc.message, status_code=status, details={"reason": "bad_form"}
        ) from None


async def checked_files(form: FormData, name: str, settings: Settings) -> list[CheckedFile]:
    """Every non-empty file under ``name``, checked (type from content, pixel cap, previews)."""
    try:
        return await _checked(form, name, settings)
    finally:
        await form.close()  # the spooled temporary files, whether the checks passed or not


async def _checked(form: FormData, name: str, settings: Settings) -> list[CheckedFile]:
    files: list[CheckedFile] = []
    for item in form.getlist(name):
        if not isinstance(item, UploadFile):
            continue
        data = await item.read(settings.max_upload_bytes + 1)
        if not data and not item.filename:
            continue  # a browser's empty file input
        checked = await run_in_threadpool(  # decoding images is CPU work: off the event loop
            check_file,
            data,
            item.filename,
            max_bytes=settings.max_upload_bytes,
            max_pixels=settings.max_image_pixels,
        )
        files.append(checked)
    return files


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def _flag(form: FormData, name: str) -> bool:
    return _text(form, name).lower() in ("1", "on", "true", "yes", "oui")


def report_input(form: FormData) -> ReportInput:
    """The report fields of a form (the API's and the page's are the same names)."""
    return ReportInput(
        platform=_text(form, "platform"),
        account=_text(form, "account"),
        acts=_texts(form, "acts"),
        description=_text(form, "description"),
        post_texts=_texts(form, "post_texts"),
        links=[line for v in _texts(form, "links") for line in v.splitlines()],
        contact_email=_text(form, "contact_email") or None,
        products=_text(form, "products"),
        price=_text(form, "price"),
        place=_text(form, "place"),
        department=_text(form, "department"),
        offered_on=_text(form, "offered_on"),
        harmed=_flag(form, "harmed"),
        notify=_flag(form, "notify"),
    )
