"""Finder: the district's social services, and the right door to knock on.

Importing `finder` (or its domain packages, `finder.catalog` and `finder.assistant`) loads no Flask: the
web app is built by `finder.app.create_app`, also reachable as `finder.create_app`."""
from __future__ import annotations

from .settings import default_content, resource_dir

__all__ = ["create_app", "default_content", "resource_dir"]


def __getattr__(name: str):
    """`finder.create_app`, loaded only when asked for (PEP 562), so the domain stays free of Flask."""
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(f"module 'finder' has no attribute {name!r}")
