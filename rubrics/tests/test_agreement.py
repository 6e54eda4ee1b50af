"""Inter-rater agreement (rubrics.agreement), checked against worked examples computed by hand.

The expected values below are the oracle: each was worked out by hand in the comments (and
double-checked once, outside this file, with a brute-force Fraction computation using the
disagreement-weight form kappa = 1 - sum(v_ij p_ij) / sum(v_ij p_i. p_.j)). No database needed.
"""

import pytest

from rubrics.agreement import Agreement, agreement, cohen_kappa


def pairs_from_table(table):
    """Expand a count table (rows: rater A's level, columns: rater B's level) into pairs."""
    return [
        (a, b) for a, row in enumerate(table) for b, count in enumerate(row) for _ in range(count)
    ]


# 1. The classic 2x2 example, 50 items; level 1 = "yes", level 0 = "no".
#
#                B no (0)  B yes (1) | A total
#     A no (0)      15        10     |   25
#     A yes (1)      5        20     |   25
#     ---------------------------------------
#     B total       20        30     |   50
#
# p_o = (20 + 15) / 50 = 0.70
# A: yes 25/50 = 0.5, no 0.5;  B: yes 30/50 = 0.6, no 0.4
# p_e = 0.5*0.6 + 0.5*0.4 = 0.30 + 0.20 = 0.50
# kappa = (0.70 - 0.50) / (1 - 0.50) = 0.20 / 0.50 = 0.40
# With 2 levels the linear weights are w = 1 on the diagonal, 1 - 1/1 = 0 off it: the same as
# unweighted, so kappa_w = 0.40 too. Every pair differs by at most 1, so adjacent = 50/50 = 1.0.
CLASSIC_2X2 = [[15, 10], [5, 20]]


def test_classic_2x2_example():
    pairs = pairs_from_table(CLASSIC_2X2)
    assert len(pairs) == 50

    result = agreement(pairs, categories=2)

    assert result.n == 50
    assert result.exact == pytest.approx(0.70)
    assert result.adjacent == pytest.approx(1.0)
    assert result.kappa == pytest.approx(0.40)
    assert result.weighted_kappa == pytest.approx(0.40)
    assert cohen_kappa(pairs, categories=2) == pytest.approx(0.40)


def test_two_categories_linear_weighting_equals_unweighted():
    # The classic table plus a few lopsided ones: with k = 2 the two weightings must coincide.
    tables = [CLASSIC_2X2, [[7, 1], [3, 0]], [[0, 4], [6, 2]], [[9, 0], [1, 1]]]
    for table in tables:
        pairs = pairs_from_table(table)
        unweighted = cohen_kappa(pairs, categories=2, weights="none")
        linear = cohen_kappa(pairs, categories=2, weights="linear")
        assert linear == pytest.approx(unweighted), table


# 2. A 3-level example, 20 items, with different marginals for the two raters.
#
#            B=0  B=1  B=2 | A total  p_i.
#     A=0     5    2    1  |    8     0.40
#     A=1     1    4    1  |    6     0.30
#     A=2     0    2    4  |    6     0.30
#     ----------------------------------
#     B total 6    8    6  |   20
#     p_.j   0.30 0.40 0.30
#
# Exact: diagonal 5 + 4 + 4 = 13 -> exact = p_o = 13/20 = 0.65
# Off by one: (0,1)=2 + (1,0)=1 + (1,2)=1 + (2,1)=2 = 6; off by two: (0,2)=1 + (2,0)=0 = 1
#   (check: 13 + 6 + 1 = 20)
# Adjacent (includes exact) = (13 + 6) / 20 = 19/20 = 0.95
#
# Unweighted:
#   p_e = 0.40*0.30 + 0.30*0.40 + 0.30*0.30 = 0.12 + 0.12 + 0.09 = 0.33
#   kappa = (0.65 - 0.33) / (1 - 0.33) = 0.32 / 0.67 = 32/67 = 0.477611940...
#
# Linear weights, k = 3: w = 1 - |i-j|/2 -> 1 on the diagonal, 0.5 off by one, 0 off by two.
#   p_o_w = (13*1 + 6*0.5 + 1*0) / 20 = 16/20 = 0.80
#   p_e_w = diagonal 0.33
#         + 0.5 * (p_0.p_.1 + p_1.p_.0 + p_1.p_.2 + p_2.p_.1)
#         = 0.33 + 0.5 * (0.40*0.40 + 0.30*0.30 + 0.30*0.30 + 0.30*0.40)
#         = 0.33 + 0.5 * (0.16 + 0.09 + 0.09 + 0.12) = 0.33 + 0.5 * 0.46 = 0.33 + 0.23 = 0.56
#   kappa_w = (0.80 - 0.56) / (1 - 0.56) = 0.24 / 0.44 = 6/11 = 0.545454...
THREE_LEVEL = [[5, 2, 1], [1, 4, 1], [0, 2, 4]]


def test_three_level_example():
    pairs = pairs_from_table(THREE_LEVEL)
    assert len(pairs) == 20

    result = agreement(pairs, categories=3)

    assert result == Agreement(
        n=20,
        exact=pytest.approx(0.65),
        adjacent=pytest.approx(0.95),
        kappa=pytest.approx(32 / 67),
        weighted_kappa=pytest.approx(6 / 11),
    )
    assert cohen_kappa(pairs, categories=3) == pytest.approx(32 / 67)
    assert cohen_kappa(pairs, categories=3, weights="linear") == pytest.approx(6 / 11)


def test_order_of_pairs_and_generators_do_not_matter():
    pairs = pairs_from_table(THREE_LEVEL)
    expected = agreement(pairs, categories=3)
    assert agreement(list(reversed(pairs)), categories=3) == expected
    assert agreement((pair for pair in pairs), categories=3) == expected
    assert cohen_kappa(iter(pairs), categories=3, weights="linear") == pytest.approx(6 / 11)


# 3. Perfect agreement on varied levels (4-level scale): 5 pairs, levels 0, 1, 2, 2, 3.
#   p_o = 5/5 = 1; marginals (both raters) 0.2, 0.2, 0.4, 0.2
#   p_e = 0.04 + 0.04 + 0.16 + 0.04 = 0.28 < 1, so kappa = (1 - 0.28) / (1 - 0.28) = 1.0
#   Weighted: p_o_w = 1 (all mass on the diagonal, w = 1), p_e_w < 1 -> kappa_w = 1.0
def test_perfect_agreement():
    pairs = [(0, 0), (1, 1), (2, 2), (2, 2), (3, 3)]

    result = agreement(pairs, categories=4)

    assert result == Agreement(n=5, exact=1.0, adjacent=1.0, kappa=1.0, weighted_kappa=1.0)


# 4. Systematic disagreement (3 levels, 10 items): the raters swap the extremes.
#
#            B=0  B=1  B=2 | A total  p_i.
#     A=0     0    0    4  |    4     0.4
#     A=1     0    2    0  |    2     0.2
#     A=2     4    0    0  |    4     0.4
#     B total 4    2    4  |   10     (p_.j = 0.4, 0.2, 0.4)
#
#   exact = p_o = 2/10 = 0.2; the off-by-two pairs are not adjacent -> adjacent = 2/10 = 0.2
#   p_e = 0.4*0.4 + 0.2*0.2 + 0.4*0.4 = 0.16 + 0.04 + 0.16 = 0.36
#   kappa = (0.2 - 0.36) / (1 - 0.36) = -0.16 / 0.64 = -0.25
#   Linear (w: 1, 0.5, 0): p_o_w = (2*1 + 8*0) / 10 = 0.2
#   p_e_w = 0.36 + 0.5 * (0.4*0.2 + 0.2*0.4 + 0.2*0.4 + 0.4*0.2) = 0.36 + 0.5*0.32 = 0.52
#   kappa_w = (0.2 - 0.52) / (1 - 0.52) = -0.32 / 0.48 = -2/3
def test_systematic_disagreement_gives_negative_kappa():
    pairs = pairs_from_table([[0, 0, 4], [0, 2, 0], [4, 0, 0]])

    result = agreement(pairs, categories=3)

    assert result == Agreement(
        n=10,
        exact=pytest.approx(0.2),
        adjacent=pytest.approx(0.2),
        kappa=pytest.approx(-0.25),
        weighted_kappa=pytest.approx(-2 / 3),
    )


# 5. Undefined cases.
def test_no_pairs_everything_undefined():
    assert agreement([], categories=3) == Agreement(
        n=0, exact=None, adjacent=None, kappa=None, weighted_kappa=None
    )
    assert cohen_kappa([], categories=3) is None
    assert cohen_kappa([], categories=3, weights="linear") is None


def test_both_raters_always_same_single_level_kappa_undefined():
    # Both raters gave level 2 to all 3 subjects: p_o = 1, but p_e = 1*1 = 1 (and p_e_w = 1),
    # so kappa = 0/0 is undefined. The raters do agree exactly, though.
    pairs = [(2, 2)] * 3

    result = agreement(pairs, categories=3)

    assert result == Agreement(n=3, exact=1.0, adjacent=1.0, kappa=None, weighted_kappa=None)
    assert cohen_kappa(pairs, categories=3, weights="linear") is None


def test_one_rater_constant_other_varied_kappa_is_zero_not_undefined():
    # A always 1; B gives 0, 1, 2. p_o = 1/3; p_e = 1 * (1/3) = 1/3 < 1 -> kappa = 0 / (2/3) = 0.
    # Linear: p_o_w = (0.5 + 1 + 0.5) / 3 = 2/3; p_e_w = 1/3*(0.5 + 1 + 0.5) = 2/3 -> kappa_w = 0.
    result = agreement([(1, 0), (1, 1), (1, 2)], categories=3)
    assert result.kappa == pytest.approx(0.0)
    assert result.weighted_kappa == pytest.approx(0.0)


# 6. Adjacent agreement counts off-by-one but not off-by-two (5-level scale, 5 pairs).
#   (2,2) exact; (2,3) and (4,3) off by one; (0,2) and (4,1) off by two or more.
#   exact = 1/5 = 0.2; adjacent = (1 + 2) / 5 = 0.6
def test_adjacent_counts_off_by_one_not_off_by_two():
    result = agreement([(2, 2), (2, 3), (4, 3), (0, 2), (4, 1)], categories=5)
    assert result.n == 5
    assert result.exact == pytest.approx(0.2)
    assert result.adjacent == pytest.approx(0.6)


# 7. Bad input.
@pytest.mark.parametrize(
    "pairs, message",
    [
        ([(0, 3)], "out of range 0..2"),
        ([(-1, 0)], "out of range 0..2"),
        ([(0, 1), (1, 1.0)], "must be an int"),
        ([(True, 0)], "must be an int"),
        ([(0, "1")], "must be an int"),
        ([(0, 1, 2)], "must be two levels"),
        ([5], "must be two levels"),
    ],
)
def test_bad_level_raises_value_error(pairs, message):
    with pytest.raises(ValueError, match=message):
        agreement(pairs, categories=3)
    with pytest.raises(ValueError, match=message):
        cohen_kappa(pairs, categories=3)


@pytest.mark.parametrize("categories", [1, 0, -2, 2.0, True, "3"])
def test_bad_categories_raise_value_error(categories):
    with pytest.raises(ValueError, match="categories must be"):
        agreement([(0, 0)], categories=categories)
    with pytest.raises(ValueError, match="categories must be"):
        cohen_kappa([], categories=categories)


def test_unknown_weights_raise_value_error():
    with pytest.raises(ValueError, match="weights must be one of"):
        cohen_kappa([(0, 1)], categories=2, weights="quadratic")


def test_counted_pairs_give_what_the_pairs_give():
    from collections import Counter

    from rubrics.agreement import agreement_from_counts

    for table, k in [
        (CLASSIC_2X2, 2),
        ([[5, 2, 1], [1, 4, 1], [0, 2, 4]], 3),
        ([[0, 0], [0, 0]], 2),
    ]:
        pairs = pairs_from_table(table)
        assert agreement_from_counts(Counter(pairs), categories=k) == agreement(pairs, categories=k)
    with pytest.raises(ValueError, match="out of range"):
        agreement_from_counts({(0, 3): 1}, categories=3)
    with pytest.raises(ValueError, match="count"):
        agreement_from_counts({(0, 1): -1}, categories=3)
