"""The Vega module: static images and spec files of a figure, written once per spec; the print
edition's image is drawn from the spec file."""

from __future__ import annotations

import json

from minsk2020.book import vega

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]},
        "mark": "line", "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}


def test_write_figure_writes_spec_svg_and_png_once_per_spec(tmp_path):
    assert vega.write_figure(tmp_path, "fig-a", SPEC) is True
    assert json.loads((tmp_path / "fig-a.vl.json").read_text(encoding="utf-8")) == SPEC
    assert (tmp_path / "fig-a.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "fig-a.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert vega.write_figure(tmp_path, "fig-a", SPEC) is False  # current: nothing rendered
    changed = {**SPEC, "mark": "bar"}
    assert vega.write_figure(tmp_path, "fig-a", changed) is True
    assert json.loads((tmp_path / "fig-a.vl.json").read_text(encoding="utf-8"))["mark"] == "bar"


def test_an_interrupted_render_is_redone(tmp_path):
    vega.write_figure(tmp_path, "fig-a", SPEC)
    (tmp_path / "fig-a.png").unlink()  # killed between the images and the spec file
    assert vega.write_figure(tmp_path, "fig-a", SPEC) is True and (tmp_path / "fig-a.png").is_file()


def test_the_print_image_is_drawn_from_the_spec_file(tmp_path):
    png = vega.print_png(tmp_path, "fig-a", SPEC)
    assert png == (tmp_path / "fig-a.png").read_bytes() and (tmp_path / "fig-a.vl.json").is_file()


def test_the_served_bundle_names_the_vega_lite_version():
    assert vega.VENDOR_JS.endswith(f"vl{vega.VL_VERSION}.js")
    assert f"Vega-Lite {vega.VL_VERSION}" in vega.bundle()[:300]


def _bundle(*outputs):
    from docutils import nodes

    bundle = nodes.container(nb_element="mime_bundle")
    for mime_type, child in outputs:
        container = nodes.container(mime_type=mime_type)
        container += child
        bundle += container
    doctree = nodes.section()
    doctree += bundle
    return doctree


class _App:
    class env:
        docname = "chapters/x/page"


def test_the_build_collects_each_figure_spec_and_refuses_a_chart_output_without_one(caplog):
    from docutils import nodes

    from minsk2020.book import sphinxext

    chart_html = nodes.raw("", '<div class="book-figure" id="figure-fig-a">…</div>', format="html")
    spec = sphinxext.figure_spec("", name="fig-a", spec=SPEC, description="d", table="claims")
    app = _App()
    sphinxext._collect_figure_specs(app, _bundle(("text/html", chart_html), (vega.MIME_TYPE, spec)))
    assert app.env.minsk2020_figures == {"chapters/x/page": {"fig-a": SPEC}}
    assert "without its Vega-Lite spec" not in caplog.text
    stale = _bundle(("text/html", chart_html.deepcopy()))  # an output executed by an older package
    sphinxext._collect_figure_specs(app, stale)
    assert "a chart output without its Vega-Lite spec" in caplog.text


def test_the_mime_plugin_turns_the_spec_output_into_a_node():
    from myst_nb.core.render import MimeData, load_mime_renders

    from minsk2020.book.sphinxext import FigureSpecRenderer, figure_spec

    assert FigureSpecRenderer in load_mime_renders()  # the entry point is installed
    payload = {"name": "fig-a", "spec": SPEC, "description": "d", "table": "claims"}
    [node] = FigureSpecRenderer.handle_mime(None, MimeData(vega.MIME_TYPE, payload), False)
    assert isinstance(node, figure_spec) and node["spec"] == SPEC and node["name"] == "fig-a"
    assert FigureSpecRenderer.handle_mime(None, MimeData("text/html", "<p>"), False) is None
