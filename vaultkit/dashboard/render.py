"""Jinja2 → text, in the immutable sandbox. Every value from a note is escaped where it lands."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.dashboard.file import OVERRIDE_DIR, has_override
from vaultkit.dashboard.isolated import Failed, run_isolated
from vaultkit.dashboard.markdown import Markdown, chain, escape_markdown, escape_message, where, wikilink, wikilinks
from vaultkit.read.model import Problem
from vaultkit.read.paths import is_inside

if TYPE_CHECKING:
    import jinja2

TIME_LIMIT = 5.0  # seconds a vault's template may render (SPEC §5)
MAX_OUTPUT = 1_000_000  # bytes it may write


class TemplateFailure(Exception):
    """A template could not be loaded or rendered; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def finalize(value: Any) -> str:
    """Applied to every `{{ … }}`: Markdown passes, dates are ISO, everything else is escaped."""
    if isinstance(value, Markdown):
        return value
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return escape_markdown(str(value))


def finalize_plain(value: Any) -> str:
    """For a message rather than a note: nothing is escaped; dates are ISO, None is nothing."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def packaged_templates() -> Path:
    """Templates inside the installed package, or the repository's `templates/` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "templates"
    return inside if inside.is_dir() else package.parent / "templates"


def environment(loader: jinja2.BaseLoader, sandboxed: bool = True, plain: bool = False) -> jinja2.Environment:
    """A vault's templates may come from someone else's repository: they run in the immutable sandbox.
    The packaged templates ship with vaultkit and are trusted, so they skip the sandbox's checks.

    Jinja2 is imported here, not at the top: a build with nothing to do never renders, and importing
    it (about 20 ms) would cost a third of such a build on 10,000 notes."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = kind(
        loader=loader,
        autoescape=False,
        finalize=finalize_plain if plain else finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["link"] = wikilink
    env.filters["links"] = wikilinks
    env.filters["md"] = escape_markdown
    env.filters["message"] = escape_message
    env.filters["where"] = where
    env.filters["chain"] = chain
    env.filters["thousands"] = "{:,}".format  # 7,747
    env.filters["new_command"] = new_command
    return env


def _failure(name: str, error: Failed) -> TemplateFailure:
    message = f"template failed: {error}; fix the template or delete it to use the packaged one"
    return TemplateFailure(Problem(f"{OVERRIDE_DIR}/{name}", error.line, message))


def vault_loader(folder: Path, root: Path) -> jinja2.BaseLoader:
    """Templates from the vault's folder, refusing any (an include, a link) whose real location is
    outside the vault: a vault from someone else's repository could otherwise copy a private file
    into the dashboard."""
    import jinja2
    from jinja2.loaders import split_template_path

    def load(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        path = folder.joinpath(*split_template_path(name))
        if not is_inside(path, root):
            raise jinja2.TemplateNotFound(f"{name} (its real location is outside the vault, so it is not read)")
        if not path.is_file():
            return None
        return path.read_text(encoding="utf-8"), str(path), lambda: False

    return jinja2.FunctionLoader(load)


def render_limited(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render, stopping once the output passes MAX_OUTPUT bytes."""
    parts, size = [], 0
    for part in template.generate(context):
        size += len(part.encode("utf-8"))
        if size > MAX_OUTPUT:
            raise Failed(f"wrote more than {MAX_OUTPUT // 1_000_000} MB")
        parts.append(part)
    return "".join(parts)


def render_override(vault: Path, name: str, context: dict[str, Any], plain: bool = False) -> str | None:
    """Render the vault's own template if it has one, in a process of its own with a time limit and
    an output limit; TemplateFailure if it fails in any way (it must never crash or stall a build).
    `plain`: the text is a message, not Markdown: values are not escaped."""
    if not has_override(vault, name):
        return None
    folder = vault / OVERRIDE_DIR

    def work() -> str:
        return render_limited(environment(vault_loader(folder, vault), plain=plain).get_template(name), context)

    import jinja2.sandbox  # noqa: F401  (imported before the fork, so the child never imports)

    try:
        return run_isolated(work, TIME_LIMIT)
    except Failed as failure:
        raise _failure(name, failure) from None


@functools.lru_cache(maxsize=2)
def _packaged_environment(plain: bool) -> jinja2.Environment:
    import jinja2

    return environment(jinja2.FileSystemLoader(str(packaged_templates())), sandboxed=False, plain=plain)


def render_packaged(name: str, context: dict[str, Any], plain: bool = False) -> str:
    return _packaged_environment(plain).get_template(name).render(context)


def new_command(name: str) -> Markdown:
    """`vaultkit new "Bo Chen"`, as a command to paste (quoted for the shell), and plain Markdown."""
    quoted = f'"{name}"' if not any(char in name for char in '"$`\\!') else shlex.quote(name)
    return escape_markdown(f"vaultkit new {quoted}", at_start=False)
