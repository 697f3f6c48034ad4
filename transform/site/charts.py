"""Plotly figure specs as plain dicts (the JSON ``Plotly.newPlot`` takes).

The site bundles Plotly's own script once (``assets/plotly.min.js`` from the ``plotly`` package)
and every page passes these specs to it; building dicts directly, rather than through
``plotly.graph_objects``, keeps a 100k-report build fast and the pages small (no template
boilerplate per figure).
"""

from __future__ import annotations

from typing import Any

FONT = "'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', sans-serif"
SMALL_GROUP = 5  # fewer agencies than this: the group's spread is shown but labelled small


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    """The figure's own layout; what every figure shares (fonts, margins, colours) is applied by
    the page script (``BASE_LAYOUT`` in base.html) so it is not repeated in every figure."""
    return {"title": {"text": title}, **extra}


# Shared by every figure; base.html merges it under each figure's own layout.
BASE_LAYOUT: dict[str, Any] = {
    "title": {"font": {"size": 15}, "x": 0.02, "xanchor": "left"},
    "font": {"family": FONT, "size": 12},
    "margin": {"l": 60, "r": 20, "t": 40, "b": 60},
    "height": 340,
    "paper_bgcolor": "white",
    "plot_bgcolor": "#fafafa",
}


def bar(title: str, x: list[Any], y: list[float], horizontal: bool = False) -> dict[str, Any]:
    """One series of bars."""
    trace = {"type": "bar", "x": y, "y": x, "orientation": "h"} if horizontal else {"type": "bar", "x": x, "y": y}
    extra: dict[str, Any] = {}
    if horizontal:
        extra = {"height": max(260, 22 * len(x) + 80), "yaxis": {"autorange": "reversed", "automargin": True}}
    else:
        extra = {"xaxis": {"type": "category"}}
    return {"data": [trace | {"marker": {"color": "#3b6ea5"}}], "layout": _layout(title, **extra)}


def stacked(title: str, x: list[Any], series: dict[str, list[float]], colors: dict[str, str] | None = None) -> dict[str, Any]:
    """Stacked bars, one series per key (e.g. quality status by year)."""
    data = [
        {"type": "bar", "name": name, "x": x, "y": ys} | ({"marker": {"color": colors[name]}} if colors and name in colors else {})
        for name, ys in series.items()
    ]
    return {"data": data, "layout": _layout(title, barmode="stack", xaxis={"type": "category"})}


def distribution(title: str, groups: dict[str, list[tuple[str, float]]]) -> dict[str, Any]:
    """Per group (agency kind) a box with every agency as a point; the box's line is the median.
    Groups under :data:`SMALL_GROUP` agencies carry "(small group, n=…)" in their label."""
    data = []
    for group, points in groups.items():
        label = f"{group} (n={len(points)})" if len(points) >= SMALL_GROUP else f"{group} (small group, n={len(points)})"
        data.append(
            {
                "type": "box",
                "name": label,
                "y": [round(v, 4) for _, v in points],
                "text": [name for name, _ in points],
                "boxpoints": "all",
                "jitter": 0.4,
                "pointpos": 0,
                "hovertemplate": "%{text}: %{y:.1%}<extra></extra>",
                "marker": {"size": 5, "opacity": 0.7},
            }
        )
    return {
        "data": data,
        "layout": _layout(title, showlegend=False, yaxis={"tickformat": ".0%", "rangemode": "tozero"}),
    }


def trend(title: str, years: list[int], own: list[float | None], median: list[float | None]) -> dict[str, Any]:
    """An agency's rate by year with its peers' median (dashed)."""
    return {
        "data": [
            {"type": "scatter", "mode": "lines+markers", "name": "本机关 this agency", "x": years, "y": own},
            {"type": "scatter", "mode": "lines", "name": "同类中位数 peer median", "x": years, "y": median,
             "line": {"dash": "dash", "color": "#999"}},
        ],  # fmt: skip
        "layout": _layout(title, height=280, xaxis={"type": "category"}, yaxis={"tickformat": ".0%", "rangemode": "tozero"}),
    }
