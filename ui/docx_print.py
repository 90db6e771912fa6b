"""Print and make PDFs of generated documents without an office suite: the .docx laid out
with Qt (``ui.docx_layout``) and painted page by page. Used for the print preview of sheets
and lists and for 导出PDF; Word or WPS remain the way to print letters exactly as the
template lays them out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from ui.docx_layout import DocxLayout
from xinyi_desktop.errors import XinyiError

__all__ = ["DocxLayout", "export_pdf", "page_count", "print_preview"]


def _a4() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
    )


def _paint_all(target, docx_path: Path, scale: float, what: str = "") -> None:
    """Paint every page on ``target``; ``what`` names the file written, for the refusal
    when the painter cannot start (a PDF in a folder that does not exist or is read-only)."""
    # Laid out in device pixels (fonts sized in pixels at ``scale``), not on the target
    # device: laid out on a PDF writer, Qt drops the text after a tab (签发人, 印发日期).
    layout = DocxLayout(Path(docx_path), scale)
    painter = QPainter()
    if not painter.begin(target):
        raise XinyiError(
            f"无法写出“{what}”：请确认文件夹存在、可以写入，且该文件未被其他程序打开。"
        )
    try:
        for index in range(layout.page_count()):
            if index:
                target.newPage()
            layout.paint_page(painter, index, QPointF(0, 0))
    finally:
        painter.end()


def export_pdf(docx_path: Path, pdf_path: Path) -> Path:
    """Write ``docx_path`` as a PDF through Qt alone; refused (``XinyiError`` naming the
    file) when it cannot be written."""
    folder = Path(pdf_path).parent
    if not folder.is_dir():
        raise XinyiError(f"无法写出“{pdf_path}”：文件夹“{folder}”不存在。")
    writer = QPdfWriter(str(pdf_path))
    writer.setPageLayout(_a4())
    writer.setResolution(300)
    writer.setTitle(Path(docx_path).stem)
    writer.setCreator("新沂市政府机构失信治理工作台")
    _paint_all(writer, docx_path, 300 / 72, str(pdf_path))
    return Path(pdf_path)


def page_count(docx_path: Path) -> int:
    """How many pages ``docx_path`` takes, laid out as Word lays out our templates."""
    return DocxLayout(Path(docx_path), 1.0).page_count()


def print_preview(parent, docx_path: Path) -> None:
    """Qt's print preview of a generated document; printing goes to the chosen printer."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(_a4())
    printer.setFullPage(True)
    printer.setDocName(Path(docx_path).stem)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {Path(docx_path).name}")
    dialog.paintRequested.connect(
        lambda target: _paint_all(target, docx_path, target.resolution() / 72)
    )
    dialog.exec()
