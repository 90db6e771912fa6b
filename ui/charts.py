"""Charts drawn with Qt: the one painter behind the report's pictures and the 工作台.

``paint_chart`` draws a core ``BarChart`` into any rectangle of any QPainter; the renderer
paints it onto a QImage and returns PNG bytes (for the .docx); ``ChartWidget`` paints it on
screen. Works without a display on the offscreen platform (the command line).
"""

from __future__ import annotations

import math
import os
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from xinyi_desktop.reports.charts import BarChart

FONT_FAMILIES = ["Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
AXIS = QColor("#8a9099")
GRID = QColor("#e3e6ea")
TEXT = QColor("#2b2f36")
PRINTED_WIDTH_M = 0.150


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def _nice_max(value: int) -> int:
    """A round top for the value axis (1, 2, 5 × 10^n) at or above ``value``."""
    if value <= 5:
        return 5
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * 5 >= value:
                return step * factor * 5
        step *= 10


def paint_chart(painter: QPainter, rect: QRectF, chart: BarChart, scale: float = 1.0) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, QColor("white"))
    title_font, label_font = _font(12 * scale, True), _font(9 * scale)
    painter.setFont(title_font)
    painter.setPen(TEXT)
    title_h = QFontMetricsF(title_font, painter.device()).height() * 1.6
    painter.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), title_h),
        Qt.AlignmentFlag.AlignCenter,
        chart.title,
    )
    painter.setFont(label_font)
    metrics = QFontMetricsF(label_font, painter.device())
    line = metrics.height()
    legend_h = line * 1.6 if len(chart.series) > 1 else 0
    if legend_h:
        x = (
            rect.left()
            + rect.width() / 2
            - sum(metrics.horizontalAdvance(s.name) + line * 2.2 for s in chart.series) / 2
        )
        y = rect.top() + title_h
        for s in chart.series:
            painter.fillRect(QRectF(x, y + line * 0.25, line * 0.8, line * 0.8), QColor(s.colour))
            painter.setPen(TEXT)
            painter.drawText(QRectF(x + line, y, line * 20, line * 1.2), s.name)
            x += metrics.horizontalAdvance(s.name) + line * 2.2
    area = QRectF(
        rect.left(),
        rect.top() + title_h + legend_h,
        rect.width(),
        rect.height() - title_h - legend_h,
    )
    count = len(chart.categories)
    if count == 0 or chart.empty:
        painter.setPen(AXIS)
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "（无数据）")
        painter.restore()
        return
    totals = [
        chart.total(i) if chart.stacked else max(s.values[i] for s in chart.series)
        for i in range(count)
    ]
    top = _nice_max(max(totals))
    if chart.horizontal:
        _horizontal(painter, area, chart, top, metrics)
    else:
        _vertical(painter, area, chart, top, metrics)
    painter.restore()


def _vertical(painter, area: QRectF, chart: BarChart, top: int, metrics) -> None:
    line = metrics.height()
    left = area.left() + metrics.horizontalAdvance(str(top)) + line
    plot = QRectF(left, area.top() + line, area.right() - left - line, area.height() - line * 3)
    _grid(painter, plot, top, metrics, vertical=True)
    count = len(chart.categories)
    slot = plot.width() / count
    width = slot * 0.62
    for i, label in enumerate(chart.categories):
        x = plot.left() + slot * i + (slot - width) / 2
        base = plot.bottom()
        for s in chart.series:
            h = plot.height() * s.values[i] / top
            painter.fillRect(QRectF(x, base - h, width, h), QColor(s.colour))
            base -= h
        painter.setPen(TEXT)
        total = chart.total(i)
        painter.drawText(
            QRectF(x - slot, base - line * 1.2, width + 2 * slot, line),
            Qt.AlignmentFlag.AlignCenter,
            str(total),
        )
        painter.drawText(
            QRectF(plot.left() + slot * i, plot.bottom() + line * 0.3, slot, line),
            Qt.AlignmentFlag.AlignCenter,
            label,
        )


SLOT_LINES = 1.15  # a bar's label needs this many of its lines of height


def _horizontal_plot(area: QRectF, chart: BarChart, metrics) -> tuple[QRectF, float, float]:
    """The plot of a horizontal chart in ``area``, its labels' width, each bar's slot."""
    line = metrics.height()
    label_w = min(
        max(metrics.horizontalAdvance(c) for c in chart.categories) + line, area.width() * 0.4
    )
    plot = QRectF(
        area.left() + label_w,
        area.top() + line * 0.5,
        area.width() - label_w - line * 2.5,
        area.height() - line * 2,
    )
    return plot, label_w, plot.height() / len(chart.categories)


def _heads(chart: BarChart, device, scale: float = 1.0) -> tuple[float, float, QFontMetricsF]:
    """The title's and the legend's heights and the labels' metrics."""
    title = QFontMetricsF(_font(12 * scale, True), device)
    metrics = QFontMetricsF(_font(9 * scale), device)
    legend = metrics.height() * 1.6 if len(chart.series) > 1 else 0
    return title.height() * 1.6, legend, metrics


def legible_height(chart: BarChart, device=None) -> int:
    """The height a chart needs for every bar's label at full size (a horizontal chart
    grows with its bars); 200 for one that fits any height."""
    if not chart.horizontal or not chart.categories:
        return 200
    title_h, legend_h, metrics = _heads(chart, device)
    line = metrics.height()
    return max(200, math.ceil(title_h + legend_h + line * (2 + SLOT_LINES * len(chart.categories))))


def label_size(chart: BarChart, rect: QRectF, device=None) -> float:
    """The point size the bars' labels get in ``rect``: 9, or smaller when the bars do not
    leave a line of room each."""
    title_h, legend_h, metrics = _heads(chart, device)
    if not chart.horizontal or not chart.categories:
        return 9.0
    top = title_h + legend_h
    area = QRectF(rect.left(), rect.top() + top, rect.width(), rect.height() - top)
    _plot, _w, slot = _horizontal_plot(area, chart, metrics)
    return _shrunk(9.0, slot, metrics.height())


def _shrunk(size: float, slot: float, line: float) -> float:
    if slot >= line * SLOT_LINES:
        return size
    # scaled down so a line fits its slot (setting a pixel size could grow it instead)
    return max(5.0, size * slot / (line * SLOT_LINES))


def _horizontal(painter, area: QRectF, chart: BarChart, top: int, metrics) -> None:
    line = metrics.height()
    plot, label_w, slot = _horizontal_plot(area, chart, metrics)
    _grid(painter, plot, top, metrics, vertical=False)
    height = min(slot * 0.62, line * 2)
    values = chart.series[0].values
    if slot < line * SLOT_LINES:  # a small chart: smaller labels rather than labels on each other
        font = QFont(painter.font())
        font.setPointSizeF(_shrunk(font.pointSizeF(), slot, line))
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
    for i, label in enumerate(chart.categories):
        y = plot.top() + slot * i + (slot - height) / 2
        w = plot.width() * values[i] / top
        painter.fillRect(QRectF(plot.left(), y, w, height), QColor(chart.series[0].colour))
        painter.setPen(TEXT)
        elided = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - line * 0.5)
        painter.drawText(
            QRectF(area.left(), plot.top() + slot * i, label_w - line * 0.5, slot),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            elided,
        )
        painter.drawText(
            QRectF(plot.left() + w + line * 0.3, plot.top() + slot * i, line * 3, slot),
            Qt.AlignmentFlag.AlignVCenter,
            str(values[i]),
        )


def _grid(painter, plot: QRectF, top: int, metrics, *, vertical: bool) -> None:
    line = metrics.height()
    for k in range(6):
        value = top * k // 5
        painter.setPen(QPen(GRID if k else AXIS, 1))
        if vertical:
            y = plot.bottom() - plot.height() * k / 5
            painter.drawLine(plot.left(), y, plot.right(), y)
            painter.setPen(AXIS)
            painter.drawText(
                QRectF(plot.left() - line * 4, y - line / 2, line * 3.6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        else:
            x = plot.left() + plot.width() * k / 5
            painter.drawLine(x, plot.top(), x, plot.bottom())
            painter.setPen(AXIS)
            painter.drawText(
                QRectF(x - line * 2, plot.bottom() + line * 0.2, line * 4, line),
                Qt.AlignmentFlag.AlignCenter,
                str(value),
            )


def _ensure_gui_application() -> None:
    """QFont needs a QGuiApplication; the command line has none (and maybe no display)."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if sys.platform != "win32":
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(["xinyi-charts"])


class QtChartRenderer:
    """``ChartRenderer`` of the core: PNG bytes of a chart, drawn with QPainter."""

    def __init__(self) -> None:
        _ensure_gui_application()

    def png(self, chart: BarChart, width: int, height: int) -> bytes:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        # Type sizes in points come out right at the printed width (about 150 mm).
        image.setDotsPerMeterX(int(width / PRINTED_WIDTH_M))
        image.setDotsPerMeterY(int(width / PRINTED_WIDTH_M))
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_chart(painter, QRectF(0, 0, width, height), chart)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())


class ChartWidget(QWidget):
    """A chart on screen (工作台): the same drawing as in the report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: BarChart | None = None
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: BarChart) -> None:
        self.chart = chart
        self.setToolTip(chart.title)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self.chart is None:
            return
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self.chart)
        painter.end()
