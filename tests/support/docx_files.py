""".docx files for the import tests, built at test time: summaries written elsewhere
(python-docx, one paragraph per line of the text) and hostile files a clerk might send."""

from __future__ import annotations

import io
import struct
import zipfile

import docx


def docx_of_text(title: str, text: str, bold_headings: tuple[str, ...] = ()) -> bytes:
    """A .docx as an office would type it: the title in Word's Title style, then every
    line of ``text`` as a plain paragraph (numbered headings are typed, not styled);
    lines in ``bold_headings`` are set in bold."""
    document = docx.Document()
    if title:
        document.add_heading(title, 0)
    for line in text.splitlines():
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line.strip())
        run.bold = line.strip() in bold_headings or None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_of(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bomb(inflated_bytes: int) -> bytes:
    """A real .docx with a part of ``inflated_bytes`` zeros beside its document: a few KB packed."""
    parts = parts_of(docx_of_text("某某乡工作总结", "一、主要工作\n成立领导小组。"))
    parts["word/media/padding.bin"] = bytes(inflated_bytes)
    return zip_of(parts)


def with_lying_sizes(data: bytes, part: str, declared: int) -> bytes:
    """``data`` with ``part``'s inflated size rewritten to ``declared`` in both zip headers
    (the packed stream is unchanged, so it inflates to far more than the directory says)."""
    out = bytearray(data)
    name = part.encode()
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            name_offset = 30 if signature == b"PK\x03\x04" else 46
            name_length = struct.unpack_from("<H", out, start + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(out[start + name_offset : start + name_offset + name_length]) == name:
                struct.pack_into("<I", out, start + size_offset, declared)
            start += 4
    return bytes(out)


def encrypted_office_file() -> bytes:
    """A compound file (OLE2) as Office writes a password-protected .docx: a header, one FAT
    sector and one directory sector naming the Root Entry, EncryptionInfo and EncryptedPackage."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # minor, major, byte order, sector shift, mini shift
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # the directory starts at sector 1
    struct.pack_into("<I", header, 56, 4096)  # mini stream cutoff
    struct.pack_into("<III", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)  # no DIFAT sectors
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)  # sector 0: FAT, sector 1: end of the directory chain
    directory = bytearray(sector)
    for index, (name, kind) in enumerate((("Root Entry", 5), ("EncryptionInfo", 2), ("EncryptedPackage", 2))):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), kind, 1)
        struct.pack_into("<III", entry, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<I", entry, 116, 0xFFFFFFFE)
        directory[index * 128 : (index + 1) * 128] = entry
    return bytes(header + fat + directory)
