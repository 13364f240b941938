"""Reading a report's multipart body with every limit enforced while it streams in.

Starlette's parser spools files to temporary storage and checks sizes only afterwards; here each
file part is counted as its bytes arrive and the request is abandoned the moment a file passes
``max_upload_bytes`` or the whole body passes its cap, so a 50 MB upload is never held in memory
nor written out in full.

The report page reads with ``keep_going``: a person who picked one file too many, or one too
big, must get the rest of the form back with the problem named beside the evidence field, not an
error page that loses what was typed. So an oversize file or a file past ``max_files_per_report``
is kept in the form as a ``RefusedUpload`` (its name and the reason; its bytes past the limit are
dropped as they arrive) and the reading goes on, still within the body cap and ``MAX_FILE_PARTS``.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from vigie.config import Settings
from vigie.errors import InvalidInput, UploadRejected
from vigie.reports.evidence import CheckedFile, check_file, safe_name
from vigie.reports.schemas import ReportInput

FIELD_BYTES = 64 * 1024
FIELDS_OVERHEAD = 1024 * 1024
MAX_FILE_PARTS = 100  # file parts a lenient reading lists before refusing the whole form
TOO_LARGE, TOO_MANY = "too_large", "too_many"


class _TooLarge(MultiPartException):
    pass


class RefusedUpload(UploadFile):
    """A file part a lenient reading did not keep: its name, and why (``TOO_LARGE``, ``TOO_MANY``)."""

    def __init__(self, upload: UploadFile, reason: str) -> None:
        super().__init__(upload.file, filename=upload.filename, headers=upload.headers)
        self.reason = reason


class BoundedMultiPartParser(MultiPartParser):
    def __init__(
        self,
        *args: object,
        max_file_bytes: int,
        keep_files: int | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.max_file_bytes = max_file_bytes
        self.keep_files = keep_files  # None: strict (raise); else the files kept before refusing
        self._file_bytes = 0
        self._files_seen = 0
        self._refusal: str | None = None

    def on_part_begin(self) -> None:
        super().on_part_begin()
        self._file_bytes = 0
        self._refusal = None

    def on_headers_finished(self) -> None:
        super().on_headers_finished()
        if self._current_part.file is not None and self.keep_files is not None:
            self._files_seen += 1
            if self._files_seen > self.keep_files:
                self._refusal = TOO_MANY

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current_part.file is not None:
            if self._refusal is not None:
                return  # a refused file: its bytes are dropped as they arrive
            self._file_bytes += end - start
            if self._file_bytes > self.max_file_bytes:
                if self.keep_files is None:
                    raise _TooLarge("file too large")
                self._refusal = TOO_LARGE
                return
        super().on_part_data(data, start, end)

    def on_part_end(self) -> None:
        if self._current_part.file is not None and self._refusal is not None:
            self._current_part.file = RefusedUpload(self._current_part.file, self._refusal)
        super().on_part_end()


def _too_large(settings: Settings) -> UploadRejected:
    megabytes = settings.max_upload_bytes // (1024 * 1024)
    return UploadRejected(
        f"Fichier trop volumineux (au plus {megabytes} Mo par fichier).",
        status_code=413,
        details={"reason": TOO_LARGE},
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


async def read_form(request: Request, settings: Settings, *, keep_going: bool = False) -> FormData:
    """The form, bounded; ``keep_going`` lists refused files instead of refusing the form."""
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
        max_files=MAX_FILE_PARTS if keep_going else settings.max_files_per_report,
        max_fields=200,
        max_part_size=FIELD_BYTES,
        max_file_bytes=settings.max_upload_bytes,
        keep_files=settings.max_files_per_report if keep_going else None,
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
        if isinstance(item, UploadFile):
            checked = await _check_one(item, settings)
            if checked is not None:
                files.append(checked)
    return files


async def _check_one(item: UploadFile, settings: Settings) -> CheckedFile | None:
    """The file checked, ``None`` for a browser's empty file input, else ``UploadRejected``."""
    if isinstance(item, RefusedUpload):
        if item.reason == TOO_MANY:
            raise _too_many(settings)
        raise _too_large(settings)
    data = await item.read(settings.max_upload_bytes + 1)
    if not data and not item.filename:
        return None
    return await run_in_threadpool(  # decoding images is CPU work: off the event loop
        check_file,
        data,
        item.filename,
        max_bytes=settings.max_upload_bytes,
        max_pixels=settings.max_image_pixels,
    )


def _too_many(settings: Settings) -> UploadRejected:
    return UploadRejected(
        f"Au plus {settings.max_files_per_report} fichiers par signalement.",
        status_code=413,
        details={"reason": TOO_MANY},
    )


@dataclass(frozen=True)
class SortedFiles:
    """A lenient reading's files: those that passed, and one French line per file that did not."""

    kept: list[CheckedFile]
    problems: list[str]


async def sorted_files(form: FormData, name: str, settings: Settings) -> SortedFiles:
    """Every file under ``name`` checked, the refused ones named with their reason instead of
    stopping at the first, so a form can say everything at once and keep what passed."""
    kept: list[CheckedFile] = []
    problems: list[str] = []
    too_many = 0
    try:
        for item in form.getlist(name):
            if not isinstance(item, UploadFile):
                continue
            if isinstance(item, RefusedUpload) and item.reason == TOO_MANY:
                too_many += 1
                continue
            try:
                checked = await _check_one(item, settings)
            except UploadRejected as exc:
                problems.append(f"« {safe_name(item.filename) or 'sans nom'} » : {exc.message}")
                continue
            if checked is not None:
                kept.append(checked)
    finally:
        await form.close()
    if too_many:
        problems.append(too_many_message(settings.max_files_per_report, too_many))
    return SortedFiles(kept, problems)


def too_many_message(limit: int, left_out: int) -> str:
    return (
        f"Trop de fichiers : au plus {limit} par signalement. "
        f"{left_out} fichier(s) en trop n'ont pas été joints."
    )


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
