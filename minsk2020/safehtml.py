"""Putting data into HTML safely: one helper per context, used by every renderer of the book.

- text and attribute values: :func:`text` / :func:`attr` (``html.escape`` with quotes);
- links: :func:`web_url` accepts only ``http`` and ``https`` URLs with a host, and
  :func:`link` renders anything else as inert text;
- JSON inside a ``<script type="application/json">`` or ``application/ld+json`` block:
  :func:`json_for_script` escapes ``<``, ``>``, ``&``, U+2028 and U+2029 as ``\\u003c`` and so
  on, so no value can close the block (``</script>``), open a comment (``<!--``) or end a
  JavaScript line. ``json.loads`` reads the result back unchanged.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")

# characters that must never appear raw inside an HTML <script> data block
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data, **dumps_options) -> str:
    """``json.dumps(data)`` made safe to embed in an HTML ``<script>`` data block."""
    options = {"ensure_ascii": False, "separators": (",", ":"), **dumps_options}
    text = json.dumps(data, **options)
    return "".join(_SCRIPT_UNSAFE.get(ch, ch) for ch in text)


def text(value) -> str:
    """Escape for HTML text content."""
    return html.escape(str(value), quote=True)


def attr(value) -> str:
    """Escape for a double-quoted HTML attribute value."""
    return html.escape(str(value), quote=True)


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL that may be linked, or None if it is."""
    if any(ord(ch) < 0x20 or ch.isspace() for ch in url):
        return "contains whitespace or a control character"
    parts = urlsplit(url)
    if parts.scheme.lower() not in WEB_SCHEMES:
        return f"scheme {parts.scheme + ':' if parts.scheme else '(none)'} is not http or https"
    if not parts.netloc:
        return "has no host"
    return None


def web_url(url: str) -> str | None:
    """``url`` if it is an http(s) URL with a host, else None."""
    return url if url_problem(url) is None else None


def link(url: str, label: str, **attrs: str) -> str:
    """``<a href>`` for an http(s) URL; any other URL becomes inert text (no link)."""
    if web_url(url) is None:
        return f'<span class="link-refused" title="not an http(s) link">{text(label)}</span>'
    extra = "".join(f' {name.replace("_", "-")}="{attr(value)}"' for name, value in attrs.items())
    return f'<a href="{attr(url)}"{extra}>{text(label)}</a>'


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def md_escape(text: str) -> str:
    """``text`` with every MyST/Markdown special character backslash-escaped (text that must stay text)."""
    return _MD_SPECIAL.sub(r"\\\1", text)
