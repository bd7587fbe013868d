"""An uploaded file is checked before anything parses it (issue 24, item 4): each hostile
file gets its own clear reply, and a plain .docx passes with its parts."""

from __future__ import annotations

import io
import zipfile

import pytest

from importing import safety
from importing.limits import LIMITS, UploadLimits
from importing.safety import CheckedDocx, Refused, check_upload
from tests.support.docx_files import docx_of_text, encrypted_office_file, parts_of, with_lying_sizes, zip_bomb, zip_of

PLAIN = docx_of_text("某某乡2019年创建文明城市工作总结", "一、主要工作\n（一）健全机构\n成立创建工作领导小组。")


def test_a_plain_docx_passes_with_its_parts() -> None:
    checked = check_upload(PLAIN, "总结.docx")
    assert isinstance(checked, CheckedDocx)
    assert checked.file_name == "总结.docx"
    assert checked.parts == parts_of(PLAIN)
    assert parts_of(checked.package()) == checked.parts


def test_plain_text_renamed_docx_is_not_a_docx() -> None:
    assert check_upload("一、主要工作\n成立领导小组。".encode(), "总结.docx") == Refused(safety.NOT_DOCX)


def test_a_zip_without_a_word_document_is_not_a_docx() -> None:
    assert check_upload(zip_of({"xl/workbook.xml": b"<workbook/>"}), "表格.docx") == Refused(safety.NOT_DOCX)


def test_a_password_protected_office_file_is_said_to_have_a_password() -> None:
    refused = check_upload(encrypted_office_file(), "总结.docx")
    assert refused == Refused(safety.ENCRYPTED)
    assert "密码" in refused.message


def test_an_old_word_file_is_asked_to_be_saved_as_docx() -> None:
    old = encrypted_office_file().replace("EncryptedPackage".encode("utf-16-le"), "WordDocument\0\0\0\0".encode("utf-16-le"))
    assert check_upload(old, "总结.doc") == Refused(safety.OLD_WORD)


def test_an_oversized_file_is_refused_by_its_size_before_anything_else() -> None:
    refused = check_upload(PLAIN + bytes(LIMITS.file_bytes), "总结.docx")
    assert isinstance(refused, Refused) and "太大" in refused.message and "5 MB" in refused.message


def test_a_zip_bomb_is_refused_from_its_directory(nothing_inflated: None) -> None:
    bomb = zip_bomb(LIMITS.inflated_bytes + 1)
    assert len(bomb) < LIMITS.file_bytes // 10  # small as sent
    assert check_upload(bomb, "总结.docx") == Refused(safety.UNSAFE)


@pytest.fixture
def nothing_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file must be refused from the zip's directory alone, before any part is inflated."""

    def inflate(*_: object) -> None:
        raise AssertionError("a part was inflated")

    monkeypatch.setattr(safety, "_inflate", inflate)


def test_the_total_inflated_size_is_checked_on_its_own(nothing_inflated: None) -> None:
    # No part is far beyond its packed size here; together they are over the limit.
    limits = UploadLimits(inflated_bytes=sum(len(part) for part in parts_of(PLAIN).values()) - 1, ratio_from_bytes=1 << 40)
    assert check_upload(PLAIN, "总结.docx", limits) == Refused(safety.UNSAFE)


def test_a_part_that_inflates_far_beyond_its_packed_size_is_refused(nothing_inflated: None) -> None:
    bomb = zip_bomb(3 * 1024 * 1024)  # under the total, a thousand times its packed size
    assert check_upload(bomb, "总结.docx") == Refused(safety.UNSAFE)


def test_a_directory_that_understates_a_size_inflates_no_further_than_it_says() -> None:
    bomb = zip_bomb(3 * 1024 * 1024)
    lying = with_lying_sizes(bomb, "word/media/padding.bin", 1000)
    declared = {info.filename: info.file_size for info in zipfile.ZipFile(io.BytesIO(lying)).infolist()}
    assert declared["word/media/padding.bin"] == 1000
    assert check_upload(lying, "总结.docx") == Refused(safety.CORRUPT)


def test_the_inflating_budget_holds_on_its_own() -> None:
    # Behind the directory checks: parts inflated past the budget are refused while reading.
    limits = UploadLimits(inflated_bytes=len(parts_of(PLAIN)["word/styles.xml"]))
    with zipfile.ZipFile(io.BytesIO(PLAIN)) as archive:
        assert safety._inflate(archive, limits) == Refused(safety.UNSAFE)
        assert safety._inflate(archive, LIMITS) == parts_of(PLAIN)


@pytest.mark.parametrize("macro_part", ["word/vbaProject.bin", "word/vbaData.xml"])
def test_a_document_with_macros_is_refused(macro_part: str) -> None:
    parts = parts_of(PLAIN) | {macro_part: b"\x00" * 64}
    assert check_upload(zip_of(parts), "总结.docx") == Refused(safety.MACROS)


def test_a_macro_enabled_content_type_or_file_name_is_refused() -> None:
    parts = parts_of(PLAIN)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
    )
    assert check_upload(zip_of(parts), "总结.docx") == Refused(safety.MACROS)
    assert check_upload(PLAIN, "总结.docm") == Refused(safety.MACROS)


def test_a_corrupt_zip_is_said_to_be_damaged() -> None:
    assert check_upload(PLAIN[: len(PLAIN) // 2], "总结.docx") == Refused(safety.CORRUPT)
    damaged = bytearray(PLAIN)
    start = damaged.find(b"word/document.xml") + len("word/document.xml")
    damaged[start + 40 : start + 400] = bytes(360)  # the packed document itself
    assert check_upload(bytes(damaged), "总结.docx") == Refused(safety.CORRUPT)


def test_xml_that_declares_a_dtd_is_refused() -> None:
    parts = parts_of(PLAIN)
    parts["word/document.xml"] = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>' + parts["word/document.xml"].split(b"?>", 1)[1]
    assert check_upload(zip_of(parts), "总结.docx") == Refused(safety.UNSAFE)


def test_zip_level_encryption_is_a_password() -> None:
    data = bytearray(PLAIN)
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:  # the encrypted flag in every directory entry
        data[start + 8] |= 0x1
        start += 4
    assert check_upload(bytes(data), "总结.docx") == Refused(safety.ENCRYPTED)


def test_every_refusal_is_chinese_and_says_what_to_do() -> None:
    for message in (safety.NOT_DOCX, safety.OLD_WORD, safety.ENCRYPTED, safety.CORRUPT, safety.MACROS, safety.UNSAFE, safety.too_large(6 << 20)):
        assert "docx" in message.lower() or "MB" in message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
