"""The HTML pages and the Linked Data descriptions, made in the workers: one Jinja
environment (`render`) over `templates/`, and the SPARQL they run in `queries/*.rq`
(`query_files`), checked like the stored queries. Each page module has the job that
makes its page (`*Job.run(engine)`)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from warkg.version import package_version

TEMPLATES = Path(__file__).parent / "templates"
ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template: str, **context: object) -> str:
    """`template` rendered with `context` (every value escaped) and the version."""
    return ENVIRONMENT.get_template(template).render(version=package_version(), **context)


def render_markup(template: str, **context: object) -> Markup:
    """A fragment (such as a chart) to place in a page as it is."""
    return Markup(ENVIRONMENT.get_template(template).render(**context))


def not_found(message: str) -> tuple[int, str]:
    """(404, the error page saying `message`)."""
    return 404, render("error.html", title="Not found", message=message)
