"""Vega in one place: the Vega-Lite version, the JavaScript bundle the book serves, and the
static SVG and PNG of a chart, all from vl-convert (offline, no CDN).

A figure's Vega-Lite spec travels as a spec: :class:`minsk2020.book.charts.Figure` puts it in
its notebook output under its own MIME type (:data:`MIME_TYPE`, ``{"name", "spec",
"description"}``) beside the ``text/html`` the page shows, so it survives the Jupyter cache;
the Sphinx extension (:mod:`minsk2020.book.sphinxext`) collects it while reading a page and
writes ``<name>.vl.json``, ``<name>.svg`` and ``<name>.png`` into the output's
``_static/figures/`` with :func:`write_figure`. The print edition draws each figure from that
spec file (:func:`print_png`).
"""

from __future__ import annotations

import json
from pathlib import Path

VL_VERSION = "6.4"  # Vega-Lite version of the served bundle and of every static image
VENDOR_JS = f"vendor/vega-bundle-vl{VL_VERSION}.js"  # under the output's _static/
FIGURES_DIR = "_static/figures"  # <name>.vl.json, .svg and .png of every figure, in the HTML output
MIME_TYPE = "application/vnd.minsk2020.figure+json"  # a figure's spec in its notebook output


def bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script for ``_static/``."""
    import vl_convert as vlc

    header = (
        f"/* Vega {vlc.get_vega_version()}, Vega-Lite {VL_VERSION}, Vega-Embed {vlc.get_vega_embed_version()}: "
        "bundled by vl-convert-python (BSD-3-Clause licences of the Vega projects). */\n"
    )
    # The bundle is an ES module body: wrapped in a function it keeps its top-level names
    # (e.g. `_`) out of the page's global scope, where Sphinx's own scripts live.
    return header + "(function () {\n\"use strict\";\n" + vlc.javascript_bundle(vl_version=VL_VERSION) + "\n})();\n"


def svg(spec: dict) -> str:
    """The chart as SVG, for the static-image link under every figure."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)


def png(spec: dict, scale: float = 2) -> bytes:
    """The chart as PNG, for the PDF edition."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, vl_version=VL_VERSION, scale=scale)


def spec_text(spec: dict) -> str:
    """A spec as the text of its ``.vl.json`` file (keys sorted, so equal specs are equal bytes)."""
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, indent=1) + "\n"


def write_figure(folder: Path, name: str, spec: dict) -> bool:
    """Write ``<name>.svg``, ``<name>.png`` and ``<name>.vl.json`` into ``folder``.

    Skipped when ``<name>.vl.json`` already holds this spec and both images exist; the spec file is
    written last, so an interrupted render is redone. Returns whether anything was rendered.
    """
    text = spec_text(spec)
    spec_file = folder / f"{name}.vl.json"
    images = (folder / f"{name}.svg", folder / f"{name}.png")
    if spec_file.is_file() and spec_file.read_text(encoding="utf-8") == text and all(p.is_file() for p in images):
        return False
    folder.mkdir(parents=True, exist_ok=True)
    images[0].write_text(svg(spec), encoding="utf-8")
    images[1].write_bytes(png(spec))
    spec_file.write_text(text, encoding="utf-8")
    return True


def print_png(folder: Path, name: str, spec: dict) -> bytes:
    """The print edition's image of a figure: its spec file written (or found current), then the
    PNG drawn from that file."""
    write_figure(folder, name, spec)
    return (folder / f"{name}.png").read_bytes()
