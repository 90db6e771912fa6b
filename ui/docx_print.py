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

__all__ = ["DocxLayout", "export_pdf", "print_preview"]


def _a4() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
    )


def _paint_all(target, docx_path: Path, scale: float) -> None:
    # Laid out in device pixels (fonts sized in pixels at ``scale``), not on the target
    # device: laid out on a PDF writer, Qt drops the text after a tab (签发人, 印发日期).
    layout = DocxLayout(Path(docx_path), scale)
    painter = QPainter(target)
    try:
        for index in range(layout.page_count()):
            if index:
                target.newPage()
            layout.paint_page(painter, index, QPointF(0, 0))
    finally:
        painter.end()


def export_pdf(docx_path: Path, pdf_path: Path) -> Path:
    """Write ``docx_path`` as a PDF through Qt alone."""
    writer = QPdfWriter(str(pdf_path))
    writer.setPageLayout(_a4())
    writer.setResolution(300)
    writer.setTitle(Path(docx_path).stem)
    writer.setCreator("新沂市政府机构失信治理工作台")
    _paint_all(writer, docx_path, 300 / 72)
    return Path(pdf_path)


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
