"""Read a file of any supported type into plain text, or fail with a reason a user understands."""

from __future__ import annotations

import io
import re
from pathlib import Path

from core.errors import DocumentError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
# Tried in this order after UTF-8: GB18030 is a superset of GBK and GB2312.
_CJK_ENCODINGS = ("gb18030", "big5")


def load_text(path: Path, *, max_bytes: int | None = None) -> str:
    """Return the text content of ``path``; raise ``DocumentError`` with the reason otherwise."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"{path.name}: unsupported type {suffix or '(none)'}",
            help_message=f"不支持的文件类型 {suffix or '(无扩展名)'}，支持：{' '.join(SUPPORTED_SUFFIXES)}",
        )
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise DocumentError(
            f"{path.name}: {size} bytes exceeds the limit of {max_bytes}",
            help_message=f"文件过大（{_size(size)}），上限 {_size(max_bytes)}",
        )
    if size == 0:
        raise DocumentError(f"{path.name}: empty file", help_message="文件为空")
    data = path.read_bytes()
    if suffix in (".txt", ".md"):
        text = decode_bytes(data, name=path.name)
    elif suffix in (".html", ".htm"):
        text = html_to_text(decode_bytes(data, name=path.name))
    elif suffix == ".docx":
        text = _docx_text(data, name=path.name)
    else:
        text = _pdf_text(data, name=path.name)
    if not text.strip():
        raise DocumentError(f"{path.name}: no text content", help_message="文件中没有可读取的文字")
    return text


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 1e6 else f"{n_bytes / 1e3:.0f} KB"


def decode_bytes(data: bytes, *, name: str = "") -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5 text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise DocumentError(f"{name}: binary content", help_message="这不是文本文件（含二进制内容）")
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # GB18030 accepts almost any byte sequence, Big5 text included; charset-normalizer's
    # coherence check tells the two apart (checked on GBK and Big5 fixtures).
    best = from_bytes(data, cp_isolation=list(_CJK_ENCODINGS)).best()
    if best is None:
        raise DocumentError(f"{name}: unknown text encoding", help_message="无法识别文件编码，请另存为 UTF-8 后重试")
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark (Windows Notepad's "Unicode" in some tools), or None.

    Its ASCII characters (digits, line ends, punctuation) put their NUL bytes at odd offsets
    (little-endian) or at even ones (big-endian) — nearly all of them: a character such as 一
    (U+4E00) has a zero low byte. The decoded text must then read as text: no control characters
    besides line ends and tabs.
    """
    if len(data) % 2:
        return None
    head = data[:4096]
    odd, even = head[1::2].count(0), head[::2].count(0)
    if min(odd, even) > 0.1 * (odd + even):
        return None
    try:
        text = data.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None
    readable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return text if readable >= 0.99 * len(text) else None


# An unclosed <title> makes the HTML parser read the rest of the page as the title's text.
_UNCLOSED_TITLE = re.compile(r"(<title[^>]*>)([^<\n]*)", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line; scripts and styles dropped."""
    from bs4 import BeautifulSoup

    if re.search(r"<title", html, re.IGNORECASE) and not re.search(r"</title", html, re.IGNORECASE):
        html = _UNCLOSED_TITLE.sub(r"\1\2</title>", html, count=1)
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    body = soup.get_text("\n")
    return f"{title}\n{body}" if title and title not in body[:500] else body


# A .docx is a zip: a few kilobytes can inflate to gigabytes (a "zip bomb"). Real policy documents inflate to a
# few megabytes; 200 MB, or a ratio past 100:1 on a large file, is refused before python-docx opens it.
MAX_INFLATED_BYTES = 200_000_000
MAX_INFLATION_RATIO = 100


def check_inflation(data: bytes, *, name: str) -> None:
    """Refuse a zip-based file whose members would inflate past the limits (read from the zip's directory only)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip at all: python-docx gives the damaged-file reason
    if inflated > MAX_INFLATED_BYTES or (inflated > 10_000_000 and inflated > MAX_INFLATION_RATIO * len(data)):
        raise DocumentError(f"{name}: inflates to {inflated} bytes",
                            help_message=f"Word 文件解压后过大（{_size(inflated)}），可能是恶意文件，已拒绝")


def _docx_text(data: bytes, *, name: str) -> str:
    import docx

    check_inflation(data, name=name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged zip
        raise DocumentError(f"{name}: unreadable docx ({exc})", help_message="Word 文件已损坏或不是 .docx 格式") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(data: bytes, *, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DocumentError(f"{name}: unreadable pdf ({exc})", help_message="PDF 文件已损坏，无法读取") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{name}: pdf without a text layer", help_message="PDF 没有文字层（可能是扫描件），请先做文字识别")
    return text
