"""Is an uploaded file a plain .docx we may read? Checked before anything parses it.

Order matters: the cheap facts first (size, the first bytes), then the zip's directory
(sizes as declared, before anything is inflated), then the parts themselves, inflated
under a running budget so a directory that lies about sizes still cannot make us inflate
more than the limit. A file that passes comes back as a ``CheckedDocx`` holding its
parts: the reader only ever sees those, never the original bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from importing.limits import LIMITS, UploadLimits

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # a compound file: .doc, or an encrypted Office file
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # how Office stores a password-protected .docx
_ZIP_MAGIC = b"PK\x03\x04"
_DOCUMENT_PART = "word/document.xml"
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")
_MACRO_CONTENT = (b"macroEnabled", b"vbaProject")
_MACRO_SUFFIXES = (".docm", ".dotm")
_CHUNK = 64 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)

NOT_DOCX = "这个文件不是 Word 文档（.docx），读不了。请在 Word 或 WPS 里打开原稿，「另存为」.docx 格式后再发给我。"
OLD_WORD = "这是旧版 Word（.doc）或其他 Office 文件，读不了。请在 Word 或 WPS 里「另存为」.docx 格式后再发给我。"
ENCRYPTED = "文件加了密码，打不开。请在 Word 里去掉密码（文件→信息→保护文档），另存一份 .docx 再发给我。"
CORRUPT = "文件已损坏，打不开。请在 Word 或 WPS 里打开原稿，重新保存为 .docx 后再发给我。"
MACROS = "文件里带有宏（.docm），为了安全没有读取。请在 Word 里「另存为」普通的 Word 文档（.docx）后再发给我。"
UNSAFE = "这个文件的内容异常（解压后过大或结构可疑），为了安全没有读取。请在 Word 里打开原稿，另存为 .docx 后再发给我。"


def too_large(size: int | None, limits: UploadLimits = LIMITS) -> str:
    """The reply to a file over the limit; ``size`` None when only "too large" is known."""
    megabytes = limits.file_bytes // (1024 * 1024)
    said = f"（{size / (1024 * 1024):.1f} MB）" if size is not None else ""
    return f"文件太大了{said}，读不了。请发 {megabytes} MB 以内的 Word 文档（可以删去文中的图片后再发）。"


@dataclass(frozen=True)
class Refused:
    """Why a file is not read, as the clerk is told."""

    message: str


@dataclass(frozen=True)
class CheckedDocx:
    """A .docx that passed every check: its parts, inflated within the limits."""

    file_name: str
    parts: dict[str, bytes]

    def package(self) -> bytes:
        """The parts as a fresh zip (stored, not deflated) for python-docx to open."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return buffer.getvalue()


def check_upload(data: bytes, file_name: str, limits: UploadLimits = LIMITS) -> CheckedDocx | Refused:
    """The file's parts if it is a plain .docx within the limits, else why not."""
    if len(data) > limits.file_bytes:
        return Refused(too_large(len(data), limits))
    if data.startswith(_OLE_MAGIC):
        return Refused(ENCRYPTED if _ENCRYPTED_STREAM in data else OLD_WORD)
    if not data.startswith(_ZIP_MAGIC):
        return Refused(NOT_DOCX)
    if file_name.lower().endswith(_MACRO_SUFFIXES):
        return Refused(MACROS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return Refused(CORRUPT)
    with archive:
        refused = _check_directory(archive.infolist(), limits)
        if refused is not None:
            return refused
        parts = _inflate(archive, limits)
    if isinstance(parts, Refused):
        return parts
    return _check_parts(parts) or CheckedDocx(file_name, parts)


def _check_directory(entries: list[zipfile.ZipInfo], limits: UploadLimits) -> Refused | None:
    """What the zip's directory says, before anything is inflated."""
    names = {entry.filename for entry in entries}
    if any(entry.flag_bits & 0x1 for entry in entries):
        return Refused(ENCRYPTED)  # zip-level encryption
    if any(name.lower().rsplit("/", 1)[-1] in _MACRO_NAMES for name in names):
        return Refused(MACROS)
    if len(entries) > limits.entries:
        return Refused(UNSAFE)
    if sum(entry.file_size for entry in entries) > limits.inflated_bytes:
        return Refused(UNSAFE)
    for entry in entries:
        if entry.file_size > limits.ratio_from_bytes and entry.file_size > limits.ratio * max(entry.compress_size, 1):
            return Refused(UNSAFE)
    if _DOCUMENT_PART not in names:
        return Refused(NOT_DOCX)  # a zip, but not a Word document (an .xlsx, a folder zipped)
    return None


def _inflate(archive: zipfile.ZipFile, limits: UploadLimits) -> dict[str, bytes] | Refused:
    """Every part, inflated chunk by chunk under one budget for the whole file. zipfile
    itself stops a part at the size its directory declares and then fails its CRC, so a
    directory that understates a size ends as CORRUPT here; the budget stands behind it."""
    budget = limits.inflated_bytes
    parts: dict[str, bytes] = {}
    try:
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            chunks: list[bytes] = []
            with archive.open(entry) as member:
                while chunk := member.read(min(_CHUNK, budget + 1)):
                    budget -= len(chunk)
                    if budget < 0:
                        return Refused(UNSAFE)
                    chunks.append(chunk)
            parts[entry.filename] = b"".join(chunks)
    except RuntimeError:  # a member encrypted with a password zipfile asks for
        return Refused(ENCRYPTED)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError):
        # A CRC that does not match (a directory that lied about a size ends the read
        # early and fails here), a truncated stream, a compression we do not read.
        return Refused(CORRUPT)
    return parts


def _check_parts(parts: dict[str, bytes]) -> Refused | None:
    """What the inflated parts say: macro content types, XML that declares entities."""
    content_types = parts.get("[Content_Types].xml", b"")
    if any(marker in content_types for marker in _MACRO_CONTENT):
        return Refused(MACROS)
    for name, data in parts.items():
        # No Office part declares a DTD; one that does is after entity expansion (a
        # "billion laughs") or external entities, which no reader of ours should meet.
        if name.endswith((".xml", ".rels")) and _DOCTYPE.search(data):
            return Refused(UNSAFE)
    return None
