"""Registries of the papers' figures, tables and claims.

Every figure, table and claim of the replication is registered exactly once, by a
decorator next to the function that makes it.  The CLI, the book chapters, the claims
ledger, the figure index and the README map all read these registries, so nothing is
listed twice.

Ids have the form ``<paper>:<kind>_<label>``, e.g. ``shim2012:figure_3``,
``naghizadeh2014:theorem_2`` or ``ogut2005:result_4``.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from replication.core.papers import PAPERS

# What figures, tables and checks return lives in results; re-exported here, where it was first defined.
from replication.drawing.exhibit import Column, FigureData, Table, check_columns  # noqa: F401
from replication.ledger.parameters import parameters_of, render_template, same_value
from replication.ledger.results import (  # noqa: F401
    CALIBRATED,
    CAVEAT,
    DEGENERATE,
    DOMAIN,
    FAILURE_KINDS,
    MISPRINT,
    NOT_REPRODUCED,
    QUANTIFIERS,
    READING,
    REPRODUCED,
    STATUS_RULE,
    STATUSES,
    SUBSTANTIVE,
    ClaimResult,
    CrossCheck,
    status_by_rule,
)

#: A function of no arguments (figure, table) or of ``contrast`` (claim) being registered.
F = TypeVar("F", bound=Callable[..., Any])


_ID = re.compile(r"^(?P<paper>[a-z][a-z0-9]*):(?P<label>[a-z0-9][a-z0-9_]*)$")


class UnknownIdError(KeyError):
    """Raised when an id is not registered; the message lists the valid ids."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


class UnknownParameterError(ValueError):
    """Raised when a figure or table is given a parameter it does not take; the message
    lists the parameters it accepts."""


class ModulePathError(ValueError):
    """Raised when a module of one's own to load (:func:`~replication.ledger.own.load_module`) is not a Python file."""


class ContrastError(ValueError):
    """Raised when a claim's contrast case gives the same verdict as the claim: the check
    cannot tell the two cases apart, so its verdict is no evidence."""


@dataclass(frozen=True)
class _Entry:
    """What every registered item shares: its id, the chapter showing it, its function."""

    id: str
    chapter: str
    func: Callable[[], Any]

    @property
    def paper(self) -> str:
        return paper_of(self.id)

    def _call(self, kind: type, **values: Any) -> Any:
        """Call the function (with ``values`` as keywords) and check it returned a ``kind``."""
        out = self.func(**values)
        if not isinstance(out, kind):
            raise TypeError(f"{self.id}: expected the function to return {kind.__name__}, got {type(out).__name__}")
        return out


@dataclass(frozen=True)
class _Numbered(_Entry):
    """A figure or table: it carries the paper's own number and a caption.

    The function's keyword parameters are the exhibit's parameters, their defaults the
    paper's values (``parameters``).  For a function with parameters the caption (and
    a figure's alt text) is a ``str.format`` template over them, rendered from the values
    used (:meth:`caption_for`); for one without, it is literal text.
    """

    number: str = ""
    #: The caption as registered: a ``str.format`` template over the parameters (literal text without them).
    caption_template: str = ""
    #: Further template fields computed from the parameters' values (e.g. the last seed of ``draws``).
    fields: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None

    def _template_values(self, given: Mapping[str, Any]) -> dict[str, Any]:
        values = self.values(**given)
        return {**values, **self.fields(values)} if self.fields is not None else values

    @property
    def parameters(self) -> dict[str, Any]:
        """The exhibit's parameters: name -> the paper's value (the function's default)."""
        return parameters_of(self.func, self.id)

    def values(self, **given: Any) -> dict[str, Any]:
        """Every parameter's value: ``given`` over the paper's values.  Raises
        :class:`UnknownParameterError` for a name the exhibit does not take, listing those it does."""
        defaults = self.parameters
        unknown = sorted(set(given) - set(defaults))
        if unknown:
            accepted = ", ".join(sorted(defaults)) or "none (it has no parameters)"
            raise UnknownParameterError(
                f"{self.id} takes no parameter {', '.join(repr(u) for u in unknown)}; it accepts: {accepted}"
            )
        return {**defaults, **given}

    def changed(self, **given: Any) -> dict[str, Any]:
        """The parameters in ``given`` whose value differs from the paper's (those a file name carries)."""
        defaults = self.values()
        return {k: v for k, v in self.values(**given).items() if not same_value(v, defaults[k])}

    def caption_for(self, **given: Any) -> str:
        """The caption rendered from the values used (``given`` over the paper's)."""
        return render_template(self.id, "caption", self.caption_template, self._template_values(given))

    @property
    def caption(self) -> str:
        """The caption at the paper's values."""
        return self.caption_for()

    def title_for(self, **given: Any) -> str:
        """:meth:`caption_for`, prefixed with the paper and its own number."""
        return f"{PAPERS[self.paper].short} {self.number}. {self.caption_for(**given)}"

    @property
    def title(self) -> str:
        """Caption at the paper's values, prefixed with the paper and its own number."""
        return self.title_for()


@dataclass(frozen=True)
class FigureEntry(_Numbered):
    """A registered figure: its id, chapter, function, the paper's number, caption and alt text."""

    #: The alt text as registered (a template like ``caption_template``).
    alt_template: str = ""

    def alt_for(self, **given: Any) -> str:
        """The alt text rendered from the values used (``given`` over the paper's).

        An alt text written without fields describes what the figure shows at the paper's
        values; at other values it would state findings that no longer hold, so it is replaced
        by one that names the values used and says no more than is true at any values.
        """
        changed = {k: v for k, v in self.values(**given).items() if not same_value(v, self.parameters[k])}
        if changed and "{" not in self.alt_template:
            values = ", ".join(f"{name} = {value}" for name, value in sorted(changed.items()))
            return (
                f"{self.number} drawn at {values}, every other input at the paper's value: the same "
                "axes and series as in the book; the values drawn are in the figure's data file."
            )
        return render_template(self.id, "alt text", self.alt_template, self._template_values(given))

    @property
    def alt(self) -> str:
        """The alt text at the paper's values."""
        return self.alt_for()

    def make(self, **given: Any) -> FigureData:
        """Draw the figure at the paper's values, or with ``given`` parameters (keywords; see
        ``parameters``).  Raises :class:`UnknownParameterError` for a parameter it does
        not take and TypeError unless the function returns :class:`~replication.drawing.exhibit.FigureData`."""
        self.values(**given)
        return self._call(FigureData, **given)


@dataclass(frozen=True)
class TableEntry(_Numbered):
    """A registered table: its id, chapter, function, the paper's number and caption."""

    def make(self, **given: Any) -> Table:
        """Make the table at the paper's values, or with ``given`` parameters (keywords; see
        ``parameters``).  Raises :class:`UnknownParameterError` for a parameter it does
        not take and TypeError unless the function returns :class:`~replication.drawing.exhibit.Table`."""
        self.values(**given)
        return self._call(Table, **given)


@dataclass(frozen=True)
class ClaimEntry(_Entry):
    """A registered claim.

    ``statement`` is the paper's statement (in our words, as worded, never narrowed);
    ``location`` where the paper makes it (section, proposition, figure, footnote);
    ``reading`` which reading of an ambiguous wording this claim tests (empty when the
    wording admits one reading); ``contrast`` the case under which the same check must
    return the other verdict; ``repairs`` for a claim reproduced only after a repair, the
    id of the claim that keeps the unrepaired statement; ``quantifier`` the paper's
    quantifier (one of :data:`~replication.ledger.results.QUANTIFIERS`: the check must use it); ``failure_kind`` the
    kind of failure (one of :data:`~replication.ledger.results.FAILURE_KINDS`) when the check finds one and does not
    name the kind itself.

    The check function is called as ``func()`` for the claim and ``func(contrast=True)``
    for its contrast case: the same code on the contrast inputs.
    """

    label: str = ""
    statement: str = ""
    location: str = ""
    reading: str = ""
    contrast: str = ""
    repairs: str = ""
    quantifier: str = ""
    failure_kind: str = ""

    def kind_of_failure(self, result: ClaimResult) -> str | None:
        """The kind of ``result``'s failure (the check's own, else the registration's); None
        when the result is not a failure.  Raises ``ValueError`` for a failure of no kind."""
        if result.status != NOT_REPRODUCED:
            return None
        kind = result.failure_kind or self.failure_kind
        if not kind:
            raise ValueError(f"{self.id} is not reproduced but states no failure_kind (one of {tuple(FAILURE_KINDS)})")
        return kind

    def check(self) -> ClaimResult:
        """Run the claim's check on the paper's inputs; raises TypeError unless it returns
        :class:`~replication.ledger.results.ClaimResult`."""
        return self._call(ClaimResult)

    def check_contrast(self) -> ClaimResult:
        """The same check run on the contrast case (see ``contrast``)."""
        if not self.contrast:
            raise ValueError(f"{self.id} registers no contrast case")
        out = self.func(contrast=True)  # type: ignore[call-arg]
        if not isinstance(out, ClaimResult):
            raise TypeError(f"{self.id}: expected the contrast check to return ClaimResult, got {type(out).__name__}")
        return out

    def compare_contrast(self, result: ClaimResult, contrast: ClaimResult) -> None:
        """Raise :class:`ContrastError` when the contrast case's verdict (``contrast``) is the
        claim's own (``result``): a check that cannot tell them apart is no evidence.

        The verdicts are known only by running the check, so this is done at the first check
        of both (:func:`replication.ledger.checks.check_contrast`), not at registration.
        """
        if result.status == contrast.status:
            raise ContrastError(
                f"{self.id}: its contrast case ({self.contrast}) gives the same verdict as the claim "
                f"({result.status!r}), so the check cannot tell the two apart; change the check or the contrast case"
            )


Entry = FigureEntry | TableEntry | ClaimEntry


def paper_of(entry_id: str) -> str:
    """The paper key of an id such as ``shim2012:figure_3``."""
    match = _ID.match(entry_id)
    if match is None:
        raise ValueError(f"malformed id {entry_id!r}: expected '<paper>:<label>', e.g. 'shim2012:figure_3'")
    return match["paper"]


class Registry:
    """Figures, tables and claims by id.  Entries are added with the decorators."""

    def __init__(self, known_papers: Mapping[str, Any] = PAPERS) -> None:
        self._papers = known_papers
        self.figures: dict[str, FigureEntry] = {}
        self.tables: dict[str, TableEntry] = {}
        self.claims: dict[str, ClaimEntry] = {}

    # -- registration -------------------------------------------------------------
    def _add(self, store: dict[str, Any], entry: Entry) -> None:
        paper = paper_of(entry.id)
        if paper not in self._papers:
            raise ValueError(f"{entry.id}: unknown paper {paper!r}; known: {sorted(self._papers)}")
        if entry.id in self.figures or entry.id in self.tables or entry.id in self.claims:
            raise ValueError(f"{entry.id} is registered twice")
        store[entry.id] = entry

    def figure(
        self,
        id: str,
        *,
        number: str,
        caption: str,
        alt: str,
        chapter: str = "",
        fields: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
    ) -> Callable[[Callable[..., FigureData]], Callable[..., FigureData]]:
        """Register a figure function (``number`` is the paper's own, e.g. ``"Figure 3"``).

        The function's keyword parameters, each with the paper's value as default, are the
        figure's parameters; ``caption`` and ``alt`` are then ``str.format`` templates over
        them (e.g. ``"... at loading {lam:g}."``), rendered from the values used.  A
        parameter without a default, or a template that does not format at the defaults,
        raises ``ValueError`` here.  ``fields``, given the parameters' values, returns further
        template fields (e.g. ``lambda v: {"last": v["draws"] - 1}``).  ``chapter`` is the book
        page showing it (empty for a figure of one's own).

        Parameters
        ----------
        id : str
            ``"<paper>:<name>"``, unique in the registry.
        number : str
            The paper's own number, e.g. ``"Figure 3"``.
        caption : str
            The caption (a template over the figure's parameters).
        alt : str
            The text alternative for readers who cannot see the figure (a template too).
        chapter : str, optional
            The book page that shows it.
        fields : callable, optional
            Further template fields, from the parameters' values.

        Returns
        -------
        callable
            The decorator: it registers the function and returns it, documented.

        Raises
        ------
        ValueError
            (When decorating) a parameter without a default, a template that does not format at
            the defaults, an unknown paper in ``id``, or an id registered twice.

        Examples
        --------
        >>> from matplotlib.figure import Figure
        >>> from replication.ledger.registry import FigureData, Registry
        >>> registry = Registry()  # a registry of its own, not the package's
        >>> @registry.figure(
        ...     "shim2012:blank", number="Figure 0", caption="Nothing at {lam:g}.", alt="A blank frame.", chapter="x"
        ... )
        ... def blank(lam=0.2):
        ...     return FigureData(Figure(), {"lam": [lam]})
        >>> registry.figures["shim2012:blank"].number, list(blank().data)
        ('Figure 0', ['lam'])
        """

        def decorate(func: Callable[..., FigureData]) -> Callable[..., FigureData]:
            entry = FigureEntry(
                id, chapter, func, number=number, caption_template=caption, fields=fields, alt_template=alt
            )
            entry.caption_for()
            entry.alt_for()
            self._add(self.figures, entry)
            return _documented(
                func, f"{number} (``{id}``), shown in ``{chapter}``.", entry.caption_for() + _parameters_line(entry)
            )

        return decorate

    def table(
        self,
        id: str,
        *,
        number: str,
        caption: str,
        chapter: str = "",
        fields: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
    ) -> Callable[[Callable[..., Table]], Callable[..., Table]]:
        """Register a table function (``number`` is the paper's own, e.g. ``"Table 1"``).

        Its parameters and caption as for :meth:`figure`.

        Parameters
        ----------
        id : str
            ``"<paper>:<name>"``, unique in the registry.
        number : str
            The paper's own number, e.g. ``"Table 1"``.
        caption : str
            The caption (a template over the table's parameters).
        chapter : str, optional
            The book page that shows it.
        fields : callable, optional
            Further template fields, from the parameters' values.

        Returns
        -------
        callable
            The decorator: it registers the function and returns it, documented.

        Raises
        ------
        ValueError
            (When decorating) as :meth:`figure`.

        Examples
        --------
        >>> from replication.ledger.registry import Registry, Table
        >>> registry = Registry()
        >>> @registry.table("shim2012:squares", number="Table 0", caption="Squares.", chapter="intro")
        ... def squares():
        ...     return Table(("n", "n^2"), tuple((n, n * n) for n in range(3)))
        >>> registry.tables["shim2012:squares"].number, squares().rows
        ('Table 0', ((0, 0), (1, 1), (2, 4)))
        """

        def decorate(func: Callable[..., Table]) -> Callable[..., Table]:
            entry = TableEntry(id, chapter, func, number=number, caption_template=caption, fields=fields)
            entry.caption_for()
            self._add(self.tables, entry)
            return _documented(
                func, f"{number} (``{id}``), shown in ``{chapter}``.", entry.caption_for() + _parameters_line(entry)
            )

        return decorate

    def claim(
        self,
        id: str,
        *,
        label: str,
        statement: str,
        chapter: str = "",
        location: str = "",
        reading: str = "",
        contrast: str = "",
        repairs: str = "",
        quantifier: str,
        failure_kind: str = "",
    ) -> Callable[[Callable[..., ClaimResult]], Callable[..., ClaimResult]]:
        """Register a claim check (``label`` is the paper's, e.g. ``"Proposition 3"``).

        See :class:`ClaimEntry` for the fields; the function must accept ``contrast=True``
        when ``contrast`` is given (``ValueError`` here if it cannot).  ``quantifier`` is
        the paper's (one of :data:`~replication.ledger.results.QUANTIFIERS`); ``failure_kind`` (one of
        :data:`~replication.ledger.results.FAILURE_KINDS`) the kind of failure when the check finds one and does not
        name the kind itself.  ``chapter`` is the book page showing it (empty for a claim
        of one's own).

        A contrast case whose verdict is the claim's own is an error
        (:class:`ContrastError`) at the first check of both, not here: the verdicts are
        known only by running the check.  The check's result is cached on disk keyed on
        its own code too (:func:`replication.ledger.checks.check`), so an edited check is run again.

        Parameters
        ----------
        id : str
            ``"<paper>:<name>"``, unique in the registry.
        label : str
            The paper's label, e.g. ``"Proposition 3"``.
        statement : str
            The statement checked, in words.
        chapter : str, optional
            The book page that shows it.
        location, reading, contrast, repairs : str, optional
            Where the paper states it, how we read it, the contrast case, the repairs tried
            (see :class:`ClaimEntry`).
        quantifier : str
            The paper's quantifier, one of :data:`~replication.ledger.results.QUANTIFIERS`.
        failure_kind : str, optional
            One of :data:`~replication.ledger.results.FAILURE_KINDS`.

        Returns
        -------
        callable
            The decorator: it registers the check and returns it, documented.

        Raises
        ------
        ValueError
            An unknown ``quantifier`` or ``failure_kind``; (when decorating) a check that cannot
            take ``contrast=True`` where ``contrast`` is given, an unknown paper in ``id``, or an
            id registered twice.

        Examples
        --------
        >>> from replication.ledger.registry import Registry
        >>> from replication.ledger.verdicts import tally, verdict
        >>> registry = Registry()
        >>> @registry.claim(
        ...     "shim2012:squares_grow", label="Example", statement="n^2 >= n.", chapter="intro", quantifier="all"
        ... )
        ... def squares_grow():
        ...     counted = tally("n^2 >= n", range(5), lambda n: n * n >= n, str)
        ...     return verdict("all", [counted], what="n^2 >= n", checked_over="n = 0, ..., 4")
        >>> squares_grow().status
        'reproduced'
        """
        if quantifier not in QUANTIFIERS:
            raise ValueError(f"{id}: quantifier must be one of {tuple(QUANTIFIERS)}, got {quantifier!r}")
        if failure_kind and failure_kind not in FAILURE_KINDS:
            raise ValueError(f"{id}: failure_kind must be one of {tuple(FAILURE_KINDS)}, got {failure_kind!r}")

        def decorate(func: Callable[..., ClaimResult]) -> Callable[..., ClaimResult]:
            if contrast:
                try:
                    inspect.signature(func).bind(contrast=True)
                except TypeError:
                    raise ValueError(
                        f"{id}: it registers a contrast case, so its check must accept contrast=True"
                    ) from None
            self._add(
                self.claims,
                ClaimEntry(
                    id,
                    chapter,
                    func,
                    label=label,
                    statement=statement,
                    location=location,
                    reading=reading,
                    contrast=contrast,
                    repairs=repairs,
                    quantifier=quantifier,
                    failure_kind=failure_kind,
                ),
            )
            where = f" ({location})" if location else ""
            return _documented(func, f"Check of {label}{where} (``{id}``), in ``{chapter}``.", statement)

        return decorate

    # -- lookup -------------------------------------------------------------------
    def kind(self, kind: str) -> Mapping[str, Entry]:
        """The store for ``kind`` in {'figures', 'tables', 'claims'}."""
        stores: dict[str, Mapping[str, Entry]] = {"figures": self.figures, "tables": self.tables, "claims": self.claims}
        if kind not in stores:
            raise ValueError(f"kind must be one of {sorted(stores)}, got {kind!r}")
        return stores[kind]

    def get(self, entry_id: str, kind: str | None = None) -> Any:
        """The entry with ``entry_id``; an :class:`UnknownIdError` lists the valid ids."""
        kinds = [kind] if kind else ["figures", "tables", "claims"]
        for k in kinds:
            if entry_id in self.kind(k):
                return self.kind(k)[entry_id]
        valid = sorted(i for k in kinds for i in self.kind(k))
        raise UnknownIdError(f"unknown id {entry_id!r}; valid ids are: {', '.join(valid) or '(none registered)'}")

    def sorted(self, kind: str) -> list[Any]:
        """Entries of ``kind`` in paper order, then in natural id order (figure_2 < figure_10).

        Claims follow their paper's inventory order (see :mod:`replication.ledger.inventory`);
        a claim in no inventory statement comes after those that are.
        """
        order = {key: i for i, key in enumerate(self._papers)}
        position: dict[str, int] = {}
        if kind == "claims":
            position = _inventory_positions({e.paper for e in self.claims.values()})
        return sorted(
            self.kind(kind).values(),
            key=lambda e: (order[e.paper], position.get(e.id, len(position)), natural_key(e.id)),
        )

    def __iter__(self) -> Iterator[Entry]:
        for kind in ("figures", "tables", "claims"):
            yield from self.sorted(kind)


def _inventory_positions(papers: set[str]) -> dict[str, int]:
    """Claim id -> position in its paper's inventory, for the papers that have one."""
    from replication.ledger.inventory import claim_order

    position: dict[str, int] = {}
    for paper in sorted(papers):
        try:
            ids = claim_order(paper)
        except ModuleNotFoundError:
            continue
        position.update({claim_id: i for i, claim_id in enumerate(ids)})
    return position


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key that orders embedded integers numerically."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


REGISTRY = Registry()
figure = REGISTRY.figure
table = REGISTRY.table
claim = REGISTRY.claim


def _parameters_line(entry: FigureEntry | TableEntry) -> str:
    """The paragraph a parameterised exhibit's docstring ends with: its keywords and the paper's values."""
    values = entry.parameters
    if not values:
        return ""
    listed = ", ".join(f"``{k}={v!r}``" for k, v in values.items())
    return f"\n\nParameters (keywords; the paper's values are the defaults): {listed}."


def _documented(func: F, title: str, body: str) -> F:
    """Give a registered function without a docstring one from its registration.

    The API reference then shows, for every figure, table and claim, its id, chapter and
    caption or statement, written once in the decorator.
    """
    if not (func.__doc__ or "").strip():
        func.__doc__ = _INLINE_MATH.sub(r":math:`\1`", f"{title}\n\n{body}")
    return func


#: An inline formula of registry text, ``$x_i^*$``; in a docstring it becomes ``:math:`x_i^*```.
_INLINE_MATH = re.compile(r"(?<!\\)\$([^$`]+?)(?<!\\)\$")


#: The subpackages of a paper that register: its claims and its exhibits (figures and tables).
REGISTERING_PACKAGES = ("claims", "exhibits")


def load_all(
    registry: Registry = REGISTRY,
    *,
    papers: Iterable[str] | None = None,
    packages: Iterable[str] = REGISTERING_PACKAGES,
) -> Registry:
    """Import every module of each paper's ``claims`` and ``exhibits`` subpackages.

    Registration is by package, not by file name: a paper splits its claims and exhibits into
    modules named after its chapters, and every module below ``replication.<paper>.claims``
    and ``replication.<paper>.exhibits`` is imported, in the order of its name.  ``papers``
    (default: every paper) and ``packages`` (default: both) narrow what is imported, so a
    command that draws one figure loads only that paper's exhibits.

    Raises
    ------
    UnknownIdError
        A paper or package that is not one of :data:`~replication.core.papers.PAPERS` or :data:`REGISTERING_PACKAGES`.
    """
    chosen = tuple(PAPERS) if papers is None else tuple(papers)
    kinds = tuple(packages)
    unknown = [p for p in chosen if p not in PAPERS] + [k for k in kinds if k not in REGISTERING_PACKAGES]
    if unknown:
        raise UnknownIdError(
            f"unknown paper or package {unknown}; papers: {tuple(PAPERS)}, packages: {REGISTERING_PACKAGES}"
        )
    for paper in chosen:
        if importlib.util.find_spec(f"replication.{paper}") is None:
            continue  # a paper of one's own (register_paper): its entries are in its own module
        for kind in kinds:
            package_spec = importlib.util.find_spec(f"replication.{paper}.{kind}")
            if package_spec is None or package_spec.submodule_search_locations is None:
                continue
            found = pkgutil.walk_packages(package_spec.submodule_search_locations, prefix=f"{package_spec.name}.")
            for info in sorted(found, key=lambda m: m.name):
                if not info.ispkg:
                    importlib.import_module(info.name)
    return registry
