"""The web tasks shipped under ``omniarena/assets/web/`` (their pages define the same names).

Each entry: (page name, category, replies allowed). An id is ``omniarena/Web-<CamelName>-v0``; the
step limit is about 4x the oracle's longest solution, and at least 10.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["TASKS", "ASSETS", "task_id", "camel"]

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "web"

TASKS: tuple[tuple[str, str, int], ...] = (
    ("click-button", "click", 10),
    ("click-link", "click", 10),
    ("click-checkboxes", "click", 20),
    ("click-option", "click", 10),
    ("click-color", "click", 10),
    ("click-dialog", "click", 10),
    ("double-click", "click", 10),
    ("hover-reveal", "click", 10),
    ("right-click", "click", 10),
    ("click-collapsible", "click", 10),
    ("click-menu", "click", 10),
    ("focus-text", "click", 10),
    ("click-pixel", "click", 10),
    ("enter-text", "form", 10),
    ("login-user", "form", 12),
    ("form-validation", "form", 16),
    ("copy-paste", "form", 10),
    ("simple-arithmetic", "form", 10),
    ("enter-date", "form", 10),
    ("text-transform", "form", 10),
    ("fill-address", "form", 16),
    ("choose-list", "form", 10),
    ("select-even", "form", 30),
    ("sign-up", "form", 20),
    ("press-key", "keyboard", 10),
    ("type-focused", "keyboard", 12),
    ("choose-date", "widget", 60),
    ("drag-items", "widget", 10),
    ("scroll-find", "widget", 24),
    ("click-tab", "widget", 10),
    ("use-slider", "widget", 50),
    ("use-spinner", "widget", 60),
    ("terms-scroll", "widget", 30),
    ("toggle-switches", "widget", 20),
    ("sort-list", "widget", 40),
    ("read-table", "reading", 10),
    ("count-shapes", "reading", 10),
    ("find-word", "reading", 10),
    ("email-inbox", "app", 20),
    ("social-feed", "app", 10),
    ("search-engine", "app", 16),
    ("shopping-cart", "app", 30),
    ("book-flight", "app", 20),
    ("navigate-pages", "navigation", 16),
    ("go-back", "navigation", 20),
    ("new-tab", "navigation", 20),
)


def camel(name: str) -> str:
    """'click-button' -> 'ClickButton'."""
    return "".join(part.capitalize() for part in name.split("-"))


def task_id(name: str) -> str:
    return f"omniarena/Web-{camel(name)}-v0"
