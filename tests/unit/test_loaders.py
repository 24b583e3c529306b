"""Every loader and encoding on real files, and a clear reason for every file that cannot be read."""

from __future__ import annotations

import pytest

from core.errors import DocumentError
from ingest.loaders import load_text

SIMPLIFIED = "巴中市选派3654名党员干部组建驻村工作队，对口帮扶699个贫困村。第一书记要“五天四夜”在村在岗。"
TRADITIONAL = "山西省從中央、省、市、縣四級選派10009名幹部擔任農村第一書記，實現建檔立卡貧困村全覆蓋。"


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("utf-8", SIMPLIFIED),
        ("utf-8-sig", SIMPLIFIED),
        ("gbk", SIMPLIFIED),
        ("gb18030", SIMPLIFIED),
        ("big5", TRADITIONAL),
        ("utf-16", TRADITIONAL),
        ("gbk", TRADITIONAL),  # Traditional characters written in GBK
    ],
)
def test_text_encodings(tmp_path, encoding, text):
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert load_text(path).strip() == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path, encoding):
    """What some Windows tools save as "Unicode": no BOM, the NUL bytes of the ASCII characters all on one side."""
    text = f"2022年3月1日\n{SIMPLIFIED}\n{TRADITIONAL}\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode(encoding))
    assert load_text(path) == text


def test_short_gbk_and_big5_fragments(tmp_path):
    (tmp_path / "a.txt").write_bytes("第一书记驻村".encode("gbk"))
    (tmp_path / "b.txt").write_bytes("第一書記駐村".encode("big5"))
    assert load_text(tmp_path / "a.txt") == "第一书记驻村"
    assert load_text(tmp_path / "b.txt") == "第一書記駐村"


def test_markdown(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(f"# 驻村工作\n\n{SIMPLIFIED}\n", encoding="utf-8")
    assert SIMPLIFIED in load_text(path)


def test_html_visible_text_only(tmp_path):
    html = (
        "<html><head><title>驻村帮扶</title><style>p{color:red}</style>"
        "<script>var x='不应出现';</script></head>"
        f"<body><div class='nav'>首页 &gt; 要闻</div><p>{SIMPLIFIED}</p><p>第二段。</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("gbk"))
    text = load_text(path)
    assert SIMPLIFIED in text and "第二段。" in text and "驻村帮扶" in text
    assert "不应出现" not in text and "color" not in text


def test_html_with_an_unclosed_title_keeps_its_body(tmp_path):
    html = f"<html><head><title>驻村帮扶简报\n</head><body><p>{SIMPLIFIED}</p><p>第二段。</p></body></html>"
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    text = load_text(path)
    assert text.splitlines()[0] == "驻村帮扶简报"
    assert SIMPLIFIED in text and "第二段。" in text and "<p>" not in text


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("强化第一书记作用", level=1)
    document.add_paragraph(TRADITIONAL)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "工作经费"
    table.rows[0].cells[1].text = "每年1万元"
    path = tmp_path / "report.docx"
    document.save(path)
    text = load_text(path)
    assert "强化第一书记作用" in text and TRADITIONAL in text and "每年1万元" in text


def test_pdf_text_layer(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "speech.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(50, 750, "选派3654名党员干部组建驻村工作队。")
    pdf.showPage()
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(50, 750, "第二页：第一书记驻村帮扶。")
    pdf.save()
    text = load_text(path)
    assert "选派3654名党员干部组建驻村工作队。" in text and "第二页：第一书记驻村帮扶。" in text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "文件为空"),
        ("blank.txt", b"   \n\n  ", "没有可读取的文字"),
        ("image.txt", bytes(range(256)) * 4, "不是文本文件"),
        ("broken.docx", b"PK\x03\x04 this is not a real zip archive", "Word 文件已损坏"),
        ("broken.pdf", b"%PDF-1.4\n garbage without objects", "PDF"),
        ("slides.pptx", b"whatever", "不支持的文件类型"),
    ],
)
def test_unreadable_files_give_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        load_text(path)
    assert reason in info.value.help_message


def test_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(SIMPLIFIED * 2000, encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        load_text(path, max_bytes=10_000)
    assert "文件过大" in info.value.help_message
    assert load_text(path, max_bytes=10_000_000).startswith(SIMPLIFIED)


def test_a_docx_that_inflates_to_gigabytes_is_refused_before_it_is_opened(tmp_path):
    import zipfile

    from core.errors import DocumentError
    from ingest.loaders import load_text

    bomb = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 30_000_000)  # 30 MB of zeros: ~30 KB compressed
    assert bomb.stat().st_size < 100_000
    with pytest.raises(DocumentError) as error:
        load_text(bomb, max_bytes=20_000_000)
    assert "解压后过大" in error.value.help_message
