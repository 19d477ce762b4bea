"""Page (+ an article's Body) → Output: one compiled template set, rendered per page in the page's language.

Each language gets its own Jinja2 environment, created once per build with that
language's gettext catalog (compiled from ``locale/<lang>/LC_MESSAGES/messages.po``, or
kept compiled by the build's cache); templates are compiled once per environment.
Autoescaping is on and undefined names are errors. Template errors become diagnostics
with ``file:line``.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable, MutableMapping
from typing import Any, Protocol, runtime_checkable

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from digest import urls
from digest.config import Config, Language
from digest.errors import Diagnostic, error
from digest.model import Body, Output
from digest.render.theme import TemplateLoader, TemplateUnreadable, compile_catalog, shown, static_files, translations
from digest.views import Page

__all__ = ["Renderer", "output_path", "static_files", "xml_text"]


@runtime_checkable
class KeepsCatalogs(Protocol):
    """A store of compiled templates that also keeps a language's compiled catalog."""

    def catalog(self, make: Callable[[], bytes | None]) -> bytes | None:
        """The compiled catalog kept, or the one ``make`` compiles (then kept)."""


class Renderer:
    """Renders pages with one environment per language, built once.

    ``compiled`` gives, per language, where compiled templates are kept between builds
    (none: each template is compiled when first used); where it keeps the compiled
    catalog too (:class:`KeepsCatalogs`), the .po file is parsed only when it changed.
    """

    def __init__(self, config: Config, compiled: Callable[[str], jinja2.BytecodeCache] | None = None) -> None:
        self.config = config
        self._compiled = compiled
        self._envs = {lang.code: self._environment(lang) for lang in config.languages}

    def _environment(self, language: Language) -> jinja2.Environment:
        """A Jinja2 environment whose gettext speaks ``language``."""
        lang = language.code
        kept = self._compiled(lang) if self._compiled is not None else None
        env = _Environment(
            loader=TemplateLoader(self.config.template_dirs),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # a renderer lives for one build: no stat of every included template per page
            bytecode_cache=kept,
        )
        def make() -> bytes | None:
            return compile_catalog(self.config.locale_dir, lang)

        catalog = translations(kept.catalog(make) if isinstance(kept, KeepsCatalogs) else make())
        env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
        env.code_generator_class = _TranslatingCodeGenerator
        env.context_class = _Context
        env.digest_gettext = catalog.gettext  # type: ignore[attr-defined]  # read by the code generator
        env.digest_escape = _escaped_text  # type: ignore[attr-defined]  # called by the generated code
        base = self.config.base_path
        env.globals["url"] = lambda path: base + path
        env.globals["abs_url"] = self.absolute
        env.globals["lang"] = lang
        env.globals["og_locale"] = language.og_locale
        env.filters["json"] = _json
        env.filters["rfc3339"] = urls.rfc3339
        env.filters["xml"] = xml_text
        env.globals["teaser"] = _Memo(env, "_teaser.html")
        return env

    def absolute(self, path: str) -> str:
        """An absolute URL when the base URL has a host, else a root-relative one."""
        return self.config.base_url + path

    def render(self, page: Page, body: Body | None = None) -> Output:
        """Render one page to its ``index.html`` (or named file); an article page needs its story's body."""
        template = self._envs[page.lang].get_template(page.template)
        context: dict[str, Any] = {"page": page, "view": page.view}
        if body is not None:
            context["body"] = body
        html = template.render(context)
        return Output(output_path(page), html.encode("utf-8"))

    def try_render(self, page: Page, body: Body | None = None) -> Output | Diagnostic:
        """Render one page, or the template error (with file:line) that stopped it."""
        try:
            return self.render(page, body)
        except TemplateUnreadable as exc:
            return error(shown(exc.path, self.config), 0, f"template: {exc.reason}")
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or exc.name or page.template
            return error(shown(where, self.config), exc.lineno, f"template: {exc.message}")
        except jinja2.TemplateError as exc:
            where, line = _template_frame(exc, page.template)
            return error(shown(where, self.config), line, f"template: {exc} (rendering /{page.url})")
        except RecursionError as exc:
            where, line = _template_frame(exc, page.template)
            message = f"template: includes or extends itself, without end (rendering /{page.url})"
            return error(shown(where, self.config), line, message)
        except Exception as exc:  # a template calls what it must not (a method on None, a bad filter argument…)
            where, line = _template_frame(exc, page.template)
            return error(shown(where, self.config), line, f"template: {type(exc).__name__}: {exc} (rendering /{page.url})")


class _Environment(jinja2.Environment):
    """Jinja2's environment, with each template's globals one plain dict, and its templates found
    in a plain dict once loaded."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._loaded: dict[tuple[str, str | None], jinja2.Template] = {}

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """The template ``name`` (included from ``parent``), loaded once.

        Jinja2 looks every ``{% include %}``, ``{% from … import %}`` and page template up in its
        locked LRU cache under a new weak reference to the loader (63,000 lookups at 2,000
        articles, 3 % of rendering). With auto_reload off a loaded template is never loaded
        again anyway; a lookup that brings globals is left to Jinja2, which adds them.
        """
        if globals or type(name) is not str:
            return super().get_template(name, parent, globals)
        found = self._loaded.get((name, parent))
        if found is None:
            found = self._loaded[(name, parent)] = super().get_template(name, parent)
        return found

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals overlaid by the template's own, copied once when it is loaded.

        Jinja2 keeps a ChainMap over the environment's globals, so that later changes show
        through; ours are all set before the first template loads, and a ChainMap's pure-Python
        lookups, copies and key sets (every page context, every macro import) cost about 5 % of
        rendering.
        """
        return {**self.globals, **(d or {})}


class _Context(Context):
    """Jinja2's template context, calling the plain callables templates use most without its checks."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja2's own signature
        """Call ``__obj`` as Jinja2 does; ``url()``, macros and teasers take no context, so go straight to it.

        Jinja2 asks every callable twice whether it wants the context, environment or
        evaluation context injected (about a third of a million calls at 1,000 articles).
        """
        if type(__obj) not in _PLAIN or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


class _TranslatingCodeGenerator(CodeGenerator):
    """Jinja2's code generator, translating ``_("literal")`` once, when the template is compiled,
    and escaping what ``{{ … }}`` writes without making each value Markup.

    The language is fixed per environment, so a call with one literal argument always
    gives the same text: the generated code holds the result that i18n's newstyle gettext
    would compute on every render (the translation, marked safe under autoescaping and
    %-formatted with no variables). Calls with variables, and a ``_`` the template
    defines itself, are left to the runtime.
    """

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        """Open the call that escapes one ``{{ … }}`` value: :func:`_escaped_text` where autoescaping is
        known to be on at compile time (no ``{% autoescape %}`` block decides it at run time), else Jinja2's."""
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("environment.digest_escape(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        """Write a literal translation as a constant; any other call as Jinja2 does."""
        text = self._literal_gettext(node, frame)
        if text is None:
            super().visit_Call(node, frame, forward_caller=forward_caller)
        elif frame.eval_ctx.autoescape:
            self.write(f"Markup({str(Markup(text) % {})!r})")
        else:
            self.write(repr(text % {}))

    def _literal_gettext(self, node: nodes.Call, frame: Frame) -> str | None:
        """The translation of ``node`` when it is ``_("...")`` or ``gettext("...")`` on the environment's gettext."""
        name = node.node
        if (not isinstance(name, nodes.Name) or name.name not in ("_", "gettext") or len(node.args) != 1
                or node.kwargs or node.dyn_args or node.dyn_kwargs or frame.eval_ctx.volatile):
            return None
        literal = node.args[0]
        ref = frame.symbols.find_ref(name.name)
        if not isinstance(literal, nodes.Const) or not isinstance(literal.value, str) or ref is None \
                or frame.symbols.find_load(ref) != ("resolve", name.name):
            return None
        gettext = getattr(self.environment, "digest_gettext", None)
        return gettext(literal.value) if gettext is not None else None


class _Memo:
    """A template rendered once per distinct view: a teaser appears on several lists,
    the same within a language but for the chips a country page leaves out (its ``key``), and
    makes most of a list page's rendering time.

    The HTML is kept as UTF-8: a teaser with a flag emoji is a four-bytes-per-character
    string in Python, and a worker keeps one per story it lists (at 100,000 articles,
    over 500 MiB as strings, a quarter of that as bytes). Decoding one costs about a microsecond.
    """

    def __init__(self, env: jinja2.Environment, name: str) -> None:
        self._env, self._name = env, name
        self._made: dict[object, tuple[Any, bytes]] = {}

    def __call__(self, value: Any) -> Markup:
        """The template's HTML for ``value``, a view with a ``key`` (looked up by key, checked by equality)."""
        made = self._made.get(value.key)
        if made is None or made[0] != value:
            html = self._env.get_template(self._name).render(t=value)
            self._made[value.key] = (value, html.encode("utf-8", "surrogatepass"))
            return Markup(html)
        return Markup(made[1].decode("utf-8", "surrogatepass"))


_escape_inner: Callable[[str], str] = getattr(markupsafe, "_escape_inner", lambda text: str(markupsafe.escape(text)))


def _escaped_text(value: Any) -> str:
    """What an autoescaped ``{{ value }}`` writes: the text of ``markupsafe.escape(value)``.

    A written value is only ever joined into the page, or into the Markup a macro, block
    or ``{% set %}`` block makes of its output, so the Markup that escape() wraps each
    value in (a Python-level ``__new__``, about 0.6 µs) is thrown away at once: three
    quarters of a million of them at 2,000 articles. Plain text is escaped by
    markupsafe's own function (its C speedup where installed), Markup (a macro's or a
    teaser's HTML, a literal translation) is its own text; anything else goes through
    escape() itself, unchanged.
    """
    kind = type(value)
    if kind is str:
        return _escape_inner(value)
    if kind is Markup:
        return value  # type: ignore[no-any-return]  # escape() would copy it into a new Markup
    return markupsafe.escape(value)


# What templates call that never has a context injected (unless marked, as gettext is).
_PLAIN = frozenset({types.FunctionType, types.MethodType, Macro, _Memo})


def output_path(page: Page) -> str:
    """The file a page is written to: ``<url>index.html`` for folder URLs."""
    return page.url + "index.html" if page.url.endswith("/") or not page.url else page.url


def _json(value: Any) -> Markup:
    """JSON for a <script> element: nothing in it can close the element or start a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


# The characters outside XML 1.0's Char production, listed as they are: its complement
# ("[^\t\n\r\x20-\ud7ff...]") spans the whole code space and took 7 ms to compile in
# every process that renders, 0.6 ms this way.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """Text without the control characters XML 1.0 forbids (pasted Word text has them)."""
    return _NOT_XML.sub("", str(value))


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int]:
    """The template file and line where a runtime error happened, from the traceback."""
    tb = exc.__traceback__
    where, line = fallback, 0
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            where, line = name, tb.tb_lineno
        tb = tb.tb_next
    return where, line
