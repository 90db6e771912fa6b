"""Where a document's title (公文标题) breaks into lines — GB/T 9704-2012 §7.3.3: a title
of several lines is broken at sense boundaries, words and names kept whole, in a trapezoid
or diamond shape (梯形或菱形).

The title is template text with filled values (case numbers, agency names). A filled value
that fits on a line is never split; the template's own text is broken only where a
declared boundary allows (before "的函", after "关于" …); where nothing allows a break the
line is cut at the width, never inside a number or before closing punctuation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import accumulate

MM_PER_PT = 25.4 / 72
# Punctuation that may not begin a line / may not end one (避头尾).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…—·,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『【〔“‘([{")

GOOD, WEAK, BAD = 0, 1, 2  # a declared boundary, the edge of a filled value, anywhere else


@dataclass(frozen=True)
class Segment:
    """A piece of the title: template text, or a filled value (``filled``)."""

    text: str
    filled: bool = False


@dataclass(frozen=True)
class TitleBreaks:
    """Boundaries in the template's text where a title may break: before or after a phrase."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def text_width(text: str) -> float:
    """Width in characters of the font size: CJK and full-width 1, ASCII ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def chars_per_line(text_width_mm: float, font_pt: float) -> int:
    """Full-width characters of ``font_pt`` that fit in ``text_width_mm`` (156 mm, 22 pt: 20)."""
    return max(1, math.floor(text_width_mm / (font_pt * MM_PER_PT) + 1e-6))


def title_lines(segments: list[Segment], width: float, breaks: TitleBreaks) -> list[str]:
    """The lines of the title, each at most ``width`` characters wide."""
    text = "".join(s.text for s in segments)
    widths = [0.0, *accumulate(text_width(ch) for ch in text)]
    if widths[-1] <= width:
        return [text] if text else []
    kinds = _break_kinds(segments, text, width, breaks)
    minimum = math.ceil(widths[-1] / width)
    # Sense boundaries alone first (an extra line or two is better than a split word);
    # then arbitrary cuts too; then, if nothing allowed fits (a long number), anywhere.
    sense = {p: k for p, k in kinds.items() if k != BAD}
    best = (
        _search(widths, sense, width, minimum + 2)
        or _search(widths, kinds, width, minimum + 1)
        or _search(widths, dict.fromkeys(range(1, len(text)), BAD), width, minimum + 1)
    )
    cuts = [0, *best, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _break_kinds(segments, text: str, width: float, breaks: TitleBreaks) -> dict[int, int]:
    """Every position (a break before ``text[p]``) where a break is allowed, with its kind."""
    kinds: dict[int, int] = {}
    start = 0
    for segment in segments:
        end = start + len(segment.text)
        if segment.filled and segment.text:
            for edge in (start, end):  # declared in the text beside it, or only a value's edge
                kinds[edge] = GOOD if _declared(text, edge, breaks) else WEAK
        splittable = not segment.filled or text_width(segment.text) > width
        for p in range(start + 1, end):
            if not splittable:
                continue
            if not segment.filled and _declared(text, p, breaks):
                kinds[p] = GOOD
            else:
                kinds.setdefault(p, BAD)
        start = end
    return {p: k for p, k in kinds.items() if 0 < p < len(text) and _may_break(text, p)}


def _declared(text: str, p: int, breaks: TitleBreaks) -> bool:
    return any(text[p:].startswith(b) for b in breaks.before) or any(
        text[:p].endswith(a) for a in breaks.after
    )


def _may_break(text: str, p: int) -> bool:
    left, right = text[p - 1], text[p]
    if right in NO_LINE_START or left in NO_LINE_END:
        return False
    return not (left.isascii() and left.isalnum() and right.isascii() and right.isalnum())


def _search(
    widths: list[float], kinds: dict[int, int], width: float, most: int
) -> list[int] | None:
    """The best set of breaks: fewest arbitrary cuts, then fewest lines, then the shape
    (upper lines not shorter than lower ones, or a diamond of three), then fewest breaks at
    a value's edge, then the most even lines; at most ``most`` lines."""
    n = len(widths) - 1
    positions = sorted(kinds)
    best: tuple | None = None
    best_cuts: list[int] | None = None

    def walk(start: int, cuts: list[int]) -> None:
        nonlocal best, best_cuts
        if widths[n] - widths[start] <= width:
            key = _key([0, *cuts, n], widths, kinds)
            if best is None or key < best:
                best, best_cuts = key, list(cuts)
            return
        if len(cuts) + 1 >= most or widths[n] - widths[start] > width * (most - len(cuts)):
            return
        for p in positions:
            if p <= start:
                continue
            if widths[p] - widths[start] > width:
                break
            cuts.append(p)
            walk(p, cuts)
            cuts.pop()

    walk(0, [])
    return best_cuts


def _key(cuts: list[int], widths: list[float], kinds: dict[int, int]) -> tuple:
    lines = [widths[b] - widths[a] for a, b in zip(cuts, cuts[1:], strict=False)]
    inner = cuts[1:-1]
    diamond = len(lines) == 3 and lines[1] >= max(lines[0], lines[2])
    rises = 0 if diamond else sum(1 for a, b in zip(lines, lines[1:], strict=False) if b > a)
    return (
        sum(1 for p in inner if kinds[p] == BAD),
        len(lines),
        rises,
        sum(1 for p in inner if kinds[p] == WEAK),
        max(lines) - min(lines),
    )
