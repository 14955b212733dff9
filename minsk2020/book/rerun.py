"""What a downloaded chapter notebook runs so that a reader sees what the book shows.

The book pastes glued values into its prose (``{glue:text}``) and glued charts into numbered
figures (``{glue:figure}``); Jupyter knows neither. The downloadable notebooks
(:mod:`minsk2020.book.downloads`) therefore start with a setup cell that calls :func:`setup`, and
carry a one-line cell :func:`show` wherever the prose uses glued values or the book shows a
glued figure:

- :func:`setup` wraps ``myst_nb.glue`` (before the chapter's own ``from myst_nb import glue``) so
  every glued object is also remembered here; the glue records themselves are unchanged, so
  the notebook still works in the book.
- :func:`show` displays the glued values a paragraph uses, formatted exactly as the book
  formats them, and the glued figures (a chart through Altair's active renderer, so it draws in
  JupyterLab, Notebook, VS Code and Colab; a table as its HTML). A name glued by a later cell
  is shown as pending and filled in when that cell runs (a Jupyter display update).

Every output :func:`show` makes carries ``metadata["minsk2020"]`` (the names and values shown),
which the tests compare with the values in the built HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

METADATA_KEY = "minsk2020"
_glued: dict[str, Any] = {}
_pending: dict[str, list["_Shown"]] = {}
_installed = False


@dataclass
class _Shown:
    """One display :func:`show` made, which names it shows, and its handle for updates."""

    names: list[str]
    kind: str  # "values" or "figure"
    handle: Any = field(default=None, repr=False)


def setup() -> None:
    """Remember every object the chapter glues (idempotent). Run before the chapter's imports."""
    global _installed
    import myst_nb

    if _installed and getattr(myst_nb.glue, "_minsk2020", False):
        return
    original = myst_nb.glue

    def glue(name: str, variable: Any, display: bool = True) -> None:
        original(name, variable, display=display)
        remember(name, variable)

    glue._minsk2020 = True  # type: ignore[attr-defined]
    glue.__doc__ = original.__doc__
    myst_nb.glue = glue
    _installed = True


def _waiting(shown: _Shown) -> list[str]:
    return [name for name in (split_key(key)[0] for key in shown.names) if name not in _glued]


def remember(name: str, variable: Any) -> None:
    """Record a glued object and update every display still waiting for it."""
    _glued[name] = variable
    for shown in _pending.pop(name, []):
        waiting = _waiting(shown)
        if not waiting:
            data, metadata = _bundle(shown)
            shown.handle.update(data, raw=True, metadata=metadata)
        else:
            _pending.setdefault(waiting[0], []).append(shown)


def split_key(text: str) -> tuple[str, str]:
    """``name`` or ``name:format`` of a glue role, as MyST-NB splits it."""
    if ":" in text:
        name, fmt = text.rsplit(":", 1)
        return name.strip(), fmt.strip()
    return text.strip(), ""


def text_of(key: str) -> str | None:
    """A glued value as the book prints it in prose (``{glue:text}``), or None when not yet glued."""
    import IPython
    from myst_nb.core.variables import format_plain_text

    name, fmt = split_key(key)
    if name not in _glued:
        return None
    bundle, _ = IPython.core.formatters.format_display_data(_glued[name])
    return format_plain_text(bundle.get("text/plain", ""), fmt)


def _values_bundle(keys: list[str]) -> tuple[dict, dict]:
    shown = [(key, text_of(key)) for key in keys]
    lines = [f"{split_key(key)[0]}: {'(computed by a later cell)' if value is None else value}" for key, value in shown]
    items = "".join(
        f"<li><code>{html.escape(split_key(key)[0])}</code>: "
        + ("<em>computed by a later cell</em>" if value is None else f"<strong>{html.escape(value)}</strong>")
        + "</li>"
        for key, value in shown
    )
    data = {
        "text/plain": "Values in the text above (as the book shows them):\n" + "\n".join(lines),
        "text/html": f'<div class="minsk2020-glued"><small>Values in the text above:</small><ul>{items}</ul></div>',
    }
    metadata = {METADATA_KEY: {"glued": [[split_key(key)[0], value] for key, value in shown]}}
    return data, metadata


def _figure_bundle(name: str) -> tuple[dict, dict]:
    from minsk2020.book.charts import Figure

    if name not in _glued:
        return ({"text/plain": f"Figure {name}: drawn when the cell that makes it has run."},
                {METADATA_KEY: {"figure": name, "kind": None}})
    obj = _glued[name]
    if isinstance(obj, Figure):
        import altair as alt

        rendered = alt.renderers.get()(obj.spec)
        data, metadata = rendered if isinstance(rendered, tuple) else (rendered, {})
        data = dict(data)
        data["text/plain"] = f"Figure {name}: {obj.description}"
        return data, {**metadata, METADATA_KEY: {"figure": name, "kind": "chart"}}
    import IPython

    data, metadata = IPython.core.formatters.format_display_data(obj)
    return dict(data), {**metadata, METADATA_KEY: {"figure": name, "kind": "table"}}


def _bundle(shown: _Shown) -> tuple[dict, dict]:
    return _figure_bundle(shown.names[0]) if shown.kind == "figure" else _values_bundle(shown.names)


def _display(shown: _Shown) -> None:
    from IPython.display import display

    data, metadata = _bundle(shown)
    shown.handle = display(data, raw=True, metadata=metadata, display_id=True)
    waiting = _waiting(shown)
    if waiting:
        _pending.setdefault(waiting[0], []).append(shown)


def show(*keys: str) -> None:
    """Show the glued values the paragraph above uses (``name`` or ``name:format``), in order."""
    _display(_Shown([*keys], "values"))


def show_figure(name: str) -> None:
    """Show a glued figure where the book shows it: the chart (or table), then its caption."""
    _display(_Shown([name], "figure"))
