"""Guess the real type of a file from its first bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
WPS = "application/vnd.ms-works"  # Kingsoft WPS Writer; OLE files are Word-compatible
ET = "application/vnd.kingsoft-et"  # Kingsoft spreadsheets that are not BIFF
OLE_ENCRYPTED = "application/x-ole-encrypted-ooxml"  # password-protected docx/xlsx live in an OLE container
OLE = "application/x-ole-storage"
OFD = "application/ofd"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ZIP = "application/zip"
RTF = "application/rtf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
TIFF = "image/tiff"
BMP = "image/bmp"
WEBP = "image/webp"
HTML = "text/html"
TEXT = "text/plain"
UNKNOWN = "application/octet-stream"

IMAGE_TYPES = frozenset({PNG, JPEG, GIF, TIFF, BMP, WEBP})

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _ext(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[1].lower()


def sniff(data: bytes, filename: str | None = None) -> str:
    """Return the media type of ``data``; ``filename`` only separates look-alikes (.wps vs .doc, .et vs .xls)."""
    head = data[:16]
    ext = _ext(filename)
    if data[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(data, ext)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, ext)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    if head.startswith(b"BM"):
        return BMP
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"{\\rtf"):
        return RTF
    return _sniff_text(data)


def _sniff_ole(data: bytes, ext: str) -> str:
    # Directory entry names are UTF-16LE; finding them in the raw bytes is enough to tell the kinds apart.
    if _utf16("EncryptedPackage") in data:
        return OLE_ENCRYPTED
    if _utf16("WordDocument") in data:
        return WPS if ext == "wps" else DOC
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return XLS
    if _utf16("PowerPoint Document") in data:
        return PPT
    # the directory (at the end of the file) is missing: a truncated file; the extension is all we have
    return {"et": ET, "wps": WPS, "doc": DOC, "xls": XLS, "ppt": PPT}.get(ext, OLE)


def _sniff_zip(data: bytes, ext: str = "") -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename.replace("\\", "/").lstrip("/").lower() for info in archive.infolist()}
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
        # no central directory (truncated): the local headers still name the parts
        for marker, media_type in ((b"word/", DOCX), (b"xl/", XLSX), (b"ppt/", PPTX), (b"OFD.xml", OFD)):
            if marker in data[:65536]:
                return media_type
        return {"docx": DOCX, "xlsx": XLSX, "ofd": OFD, "odt": ODT, "ods": ODS}.get(ext, ZIP)
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    if "ofd.xml" in names:
        return OFD
    if mimetype.startswith(ODT):
        return ODT
    if mimetype.startswith(ODS):
        return ODS
    return ZIP


def _sniff_text(data: bytes) -> str:
    sample = data[:2048].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in sample or b"<body" in sample:
        return HTML
    if not sample:
        return TEXT
    if b"\x00" in sample:
        return UNKNOWN
    for encoding in ("utf-8", "gb18030"):
        for cut in range(4):  # the sample may end inside a multi-byte character
            try:
                sample[: len(sample) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return TEXT
    return UNKNOWN
