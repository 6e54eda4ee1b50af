"""Inter-rater agreement between two reviewers who scored the same subjects on a rubric.

Each rating is a level on an ordered scale of ``categories`` levels, given by position:
0 is the lowest level and ``categories - 1`` the highest. The input is a list (any iterable) of
pairs ``(a, b)``: rater A's level and rater B's level for the same subject and criterion.

Pure Python: the arithmetic is done exactly with ``fractions.Fraction`` and only the results are
converted to ``float``, so values that are exact decimals (0.65, 0.4, ...) come out as the nearest
float to them, independent of the order of the pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

WEIGHTS = ("none", "linear")


@dataclass(frozen=True)
class Agreement:
    """Agreement statistics for one set of paired ratings.

    ``n`` is the number of pairs. ``exact`` and ``adjacent`` are shares in 0..1 and are ``None``
    only when ``n == 0``. ``kappa`` and ``weighted_kappa`` are Cohen's kappa, unweighted and
    linearly weighted (see :func:`cohen_kappa`); each is ``None`` when undefined (no pairs, or
    expected agreement of 1, e.g. both raters always gave the same single level).
    """

    n: int
    exact: float | None  # share of pairs with a == b
    adjacent: float | None  # share of pairs with |a - b| <= 1 (includes the exact ones)
    kappa: float | None
    weighted_kappa: float | None


def agreement(pairs: Iterable[tuple[int, int]], *, categories: int) -> Agreement:
    """All agreement statistics for ``pairs`` of levels on a scale of ``categories`` levels.

    - ``exact``: share of pairs where both raters gave the same level.
    - ``adjacent``: share of pairs where the levels differ by at most one. This *includes* the
      exact agreements, so ``adjacent >= exact`` always; with ``categories == 2`` it is always 1.0.
    - ``kappa``: unweighted Cohen's kappa, ``cohen_kappa(pairs, weights="none")``.
    - ``weighted_kappa``: linearly weighted Cohen's kappa, ``cohen_kappa(pairs, weights="linear")``;
      with ``categories == 2`` it equals ``kappa``.

    ``pairs`` is read exactly once, so a generator is fine. Raises ``ValueError`` if
    ``categories`` is not an int >= 2, or if any pair is not two int levels in
    ``0..categories - 1`` (bools are rejected).
    """
    table, n = _confusion(pairs, categories)
    return _from_table(table, n, categories)


def agreement_from_counts(counts: Mapping[tuple[int, int], int], *, categories: int) -> Agreement:
    """`agreement` from counted pairs: ``counts[(a, b)]`` is how many pairs rated ``a`` by rater A
    and ``b`` by rater B (what a database's GROUP BY returns), so that the pairs need not be
    listed one by one. The same result as ``agreement`` over the pairs the counts stand for;
    the same ValueErrors, and one for a negative count."""
    table, _ = _confusion((), categories)
    n = 0
    for pair, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"the count of {pair!r} must be an int >= 0, got {count!r}")
        _confusion([pair], categories)  # the pair's own checks
        table[pair[0]][pair[1]] += count
        n += count
    return _from_table(table, n, categories)


def _from_table(table: list[list[int]], n: int, categories: int) -> Agreement:
    if n == 0:
        return Agreement(n=0, exact=None, adjacent=None, kappa=None, weighted_kappa=None)
    exact = sum(table[i][i] for i in range(categories))
    adjacent = sum(
        table[i][j] for i in range(categories) for j in range(categories) if abs(i - j) <= 1
    )
    return Agreement(
        n=n,
        exact=float(Fraction(exact, n)),
        adjacent=float(Fraction(adjacent, n)),
        kappa=_kappa(table, n, categories, "none"),
        weighted_kappa=_kappa(table, n, categories, "linear"),
    )


def cohen_kappa(
    pairs: Iterable[tuple[int, int]], *, categories: int, weights: str = "none"
) -> float | None:
    """Cohen's kappa for ``pairs`` of levels on a scale of ``categories`` levels.

    ``kappa = (p_o - p_e) / (1 - p_e)``, where, with ``p_ij`` the share of pairs rated ``i`` by A
    and ``j`` by B, ``p_i.`` and ``p_.j`` the two raters' marginal shares, and agreement weights
    ``w_ij``:

    - ``p_o = sum_ij w_ij * p_ij`` (observed agreement),
    - ``p_e = sum_ij w_ij * p_i. * p_.j`` (agreement expected by chance from the marginals).

    ``weights="none"``: ``w_ij = 1`` if ``i == j`` else 0 (plain Cohen's kappa).
    ``weights="linear"``: ``w_ij = 1 - |i - j| / (categories - 1)``, so near misses earn partial
    credit. With ``categories == 2`` both weightings give the same value.

    The result is 1.0 for perfect agreement, 0.0 for agreement no better than chance, and
    negative for agreement worse than chance (its lower bound depends on the marginals, it is
    not always -1). Returns ``None`` when kappa is undefined: no pairs, or ``p_e == 1`` (which
    happens exactly when both raters gave one and the same level to every subject).

    ``pairs`` is read exactly once. Raises ``ValueError`` for an unknown ``weights``, for
    ``categories`` that is not an int >= 2, or for a pair that is not two int levels in
    ``0..categories - 1`` (bools are rejected).
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {WEIGHTS!r}, got {weights!r}")
    table, n = _confusion(pairs, categories)
    if n == 0:
        return None
    return _kappa(table, n, categories, weights)


def _confusion(pairs: Iterable[tuple[int, int]], categories: int) -> tuple[list[list[int]], int]:
    """The ``categories x categories`` count table (rows: rater A, columns: rater B) and n."""
    if isinstance(categories, bool) or not isinstance(categories, int):
        raise ValueError(f"categories must be an int >= 2, got {categories!r}")
    if categories < 2:
        raise ValueError(f"categories must be >= 2, got {categories}")
    table = [[0] * categories for _ in range(categories)]
    n = 0
    for index, pair in enumerate(pairs):
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise ValueError(f"pair #{index} must be two levels (a, b), got {pair!r}") from None
        for rater, level in (("A", a), ("B", b)):
            if isinstance(level, bool) or not isinstance(level, int):
                raise ValueError(
                    f"pair #{index}: rater {rater}'s level must be an int, got {level!r}"
                )
            if not 0 <= level < categories:
                raise ValueError(
                    f"pair #{index}: rater {rater}'s level {level} is out of range "
                    f"0..{categories - 1} for {categories} categories"
                )
        table[a][b] += 1
        n += 1
    return table, n


def _kappa(table: list[list[int]], n: int, categories: int, weights: str) -> float | None:
    """Kappa from a non-empty count table; ``None`` when expected agreement is 1.

    In integers, exactly: with integer weights ``W_ij = D * w_ij`` (unweighted: 1 on the diagonal,
    D = 1; linear: ``(k - 1) - |i - j|``, D = k - 1), ``O = sum W_ij t_ij`` and
    ``E = sum W_ij r_i c_j``, ``p_o = O / (D n)`` and ``p_e = E / (D n^2)``, so
    ``kappa = (O n - E) / (D n^2 - E)``: one Fraction at the end, the same value as working in
    Fractions throughout, at a fraction of the cost (the agreement report computes it for every
    reviewer pair)."""
    k = categories
    if weights == "linear":
        scale = k - 1
        weight = [[scale - abs(i - j) for j in range(k)] for i in range(k)]
    else:
        scale = 1
        weight = [[int(i == j) for j in range(k)] for i in range(k)]
    rows = [sum(table[i]) for i in range(k)]  # rater A's count per level
    cols = [sum(table[i][j] for i in range(k)) for j in range(k)]  # rater B's count per level
    observed = sum(weight[i][j] * table[i][j] for i in range(k) for j in range(k))
    expected = sum(weight[i][j] * rows[i] * cols[j] for i in range(k) for j in range(k))
    whole = scale * n * n
    if expected == whole:  # p_e == 1
        return None
    return float(Fraction(observed * n - expected, whole - expected))
