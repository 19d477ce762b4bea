"""Markdown → HTML with cmark-gfm, without the leak of ``cmarkgfm.markdown_to_html``.

``cmarkgfm.markdown_to_html`` copies the C string cmark-gfm returns into a Python
string and never frees the original: about 10 KB lost per article body, which grew
each build worker by 700 MiB at 100,000 articles. cmark-gfm allocates that string
with the C library's allocator (its default), so it is handed back to ``free``
here once copied. Without the cffi module or a C library to load ``free`` from,
the package's own function is used as is.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import cmarkgfm

Options = cmarkgfm.cmark.Options


def _freeing() -> Callable[[str, int], str] | None:
    """A converter that frees cmark-gfm's result, or None when this platform does not allow it."""
    try:
        from cmarkgfm import _cmark  # the package's cffi module

        free = ctypes.CDLL(None).free
    except (ImportError, OSError, AttributeError):
        return None
    free.argtypes, free.restype = [ctypes.c_void_p], None
    lib, ffi = _cmark.lib, _cmark.ffi

    def convert(text: str, options: int) -> str:
        """The HTML of ``text``; cmark-gfm's copy is freed once read."""
        data = text.encode("utf-8")
        raw: Any = lib.cmark_markdown_to_html(data, len(data), options)
        try:
            # cmark-gfm can cut a multi-byte character in two (a NUL inside it, say): never fail on it.
            return str(ffi.string(raw).decode("utf-8", "replace"))
        finally:
            free(int(ffi.cast("uintptr_t", raw)))

    return convert


to_html: Callable[[str, int], str] = _freeing() or cmarkgfm.markdown_to_html
