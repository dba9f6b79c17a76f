"""Tables an HTML page builds without `<table>`: which elements play table, row and cell.

Portals and editors draw tables from `<div>`s in two usual ways:
- CSS display: `display: table` / `table-row` / `table-cell`, inline or in the page's `<style>` rules
  (".tbl .tr{display:table-row}", the portal page n1_vinh-long of blind set s12);
- a grid of classes: `<div class="row">` holding `<div class="col…">` cells (the Bootstrap grid), several
  rows under one parent.
A first pass over the markup builds the element tree and gives each element its role, keyed by the order of
its start tag; the text extractor then reads an element with a role as the table tag it plays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_DISPLAY = {"table": "table", "inline-table": "table", "table-row": "tr", "table-cell": "td"}
_DECLARATION = re.compile(r"(?:^|;)\s*display\s*:\s*(?P<value>[a-z-]+)", re.I)
_RULE = re.compile(r"(?P<selectors>[^{}]+)\{(?P<body>[^{}]*)\}")
_COMPOUND = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?P<classes>(?:\.[\w-]+)+)?$", re.I)
_TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"}
_GRID_CELL = re.compile(r"^col(?:-|$)")
_MIN_GRID_ROWS = 2


@dataclass
class _Rule:
    """One selector's display: its last compound (tag and classes), its specificity and source order."""

    tag: str | None
    classes: frozenset[str]
    display: str
    order: int

    def matches(self, tag: str, classes: set[str]) -> bool:
        return (self.tag is None or self.tag == tag) and self.classes <= classes

    @property
    def specificity(self) -> tuple[int, int, int]:
        return len(self.classes), int(self.tag is not None), self.order


def stylesheet_rules(css: str) -> list[_Rule]:
    """The `display` rules of a style sheet; a selector is matched on its last compound (".tbl .tr" → ".tr"),
    and selectors with ids, attributes or pseudo-classes are left out."""
    rules: list[_Rule] = []
    for match in _RULE.finditer(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        display = _DECLARATION.search(match["body"])
        if display is None:
            continue
        for selector in match["selectors"].split(","):
            parts = re.split(r"[\s>+~]+", selector.strip())
            compound = _COMPOUND.match(parts[-1]) if parts and parts[-1] else None
            if compound and (compound["tag"] or compound["classes"]):
                classes = frozenset(c for c in (compound["classes"] or "").split(".") if c)
                tag = compound["tag"].lower() if compound["tag"] else None
                rules.append(_Rule(tag, classes, display["value"].lower(), len(rules)))
    return rules


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    index: int
    children: list[_Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def descendants(self) -> list[_Element]:
        found: list[_Element] = []
        for child in self.children:
            found.append(child)
            found.extend(child.descendants())
        return found


class ElementStack:
    """Open elements as the parser meets them: an end tag closes the innermost open element of its name
    (and any left unclosed inside it, as a `<p>` without `</p>`)."""

    def __init__(self) -> None:
        self.open: list[tuple[str, object]] = []

    def push(self, tag: str, item: object) -> None:
        if tag not in VOID:
            self.open.append((tag, item))

    def close(self, tag: str) -> list[object]:
        """The items of the elements an end tag closes, innermost first (none when nothing of its name is open)."""
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                closed = [item for _, item in reversed(self.open[depth:])]
                del self.open[depth:]
                return closed
        return []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {}, -1)
        self.css: list[str] = []
        self.count = 0
        self._stack = ElementStack()
        self._in_style = False

    def _parent(self) -> _Element:
        return self._stack.open[-1][1] if self._stack.open else self.root  # type: ignore[return-value]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {k: v or "" for k, v in attrs}, self.count)
        self.count += 1
        self._parent().children.append(element)
        self._stack.push(tag, element)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._stack.close(tag)
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def _display(element: _Element, rules: list[_Rule]) -> str | None:
    inline = _DECLARATION.search(element.attrs.get("style") or "")
    if inline:
        return inline["value"].lower()
    matching = [rule for rule in rules if rule.matches(element.tag, element.classes)]
    return max(matching, key=lambda rule: rule.specificity).display if matching else None


def _css_roles(root: _Element, rules: list[_Rule]) -> dict[int, str]:
    """Elements whose CSS display is a table part; a row outside any table makes its parent the table
    (the anonymous table a browser draws around it)."""
    roles: dict[int, str] = {}

    def walk(element: _Element, in_table: bool) -> None:
        for child in element.children:
            role = None if child.tag in _TABLE_TAGS else _DISPLAY.get(_display(child, rules) or "")
            if role == "tr" and not in_table and element.index >= 0 and element.tag not in _TABLE_TAGS:
                roles[element.index] = "table"
                in_table = True
            if role:
                roles[child.index] = role
            walk(child, in_table or role in ("table", "tr") or child.tag == "table")
    walk(root, False)
    return roles


def _grid_roles(root: _Element) -> dict[int, str]:
    """Grids of classes: a parent of at least two `row` elements whose children are all `col…` cells, no cell
    holding a table of its own (a page laid out in columns is no table)."""
    roles: dict[int, str] = {}
    for parent in root.descendants():
        rows = [child for child in parent.children if "row" in child.classes and child.children
                and all(any(_GRID_CELL.match(c) for c in cell.classes) for cell in child.children)]
        if len(rows) < _MIN_GRID_ROWS or max(len(row.children) for row in rows) < 2:
            continue
        cells = [cell for row in rows for cell in row.children]
        if any(inner.tag == "table" or "row" in inner.classes for cell in cells for inner in cell.descendants()):
            continue
        roles[parent.index] = "table"
        roles.update({row.index: "tr" for row in rows})
        roles.update({cell.index: "td" for cell in cells})
    return roles


def table_roles(markup: str) -> dict[int, str]:
    """Start-tag order → "table", "tr" or "td" for the elements that play a table without being one."""
    if "display" not in markup and "row" not in markup:
        return {}
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    roles = _grid_roles(builder.root)
    roles.update(_css_roles(builder.root, stylesheet_rules(" ".join(builder.css))))
    return roles
