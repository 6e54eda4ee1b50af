"""Spans of rows a layer wrote, to take out again inside `undone()` (coaching/tests/casts.py).

`rewind(mark)` deletes every row written since a mark: the newest rows. A layer that grows several
kinds of rows one after the other, each between two marks (`checkpoint()`), lets a test keep only
the kind it measures by erasing the spans of the others: the rows that kind's builder wrote, and
nothing else, whatever was written after them."""

from coaching.tests.casts import checkpoint, deleting_past_triggers


def erase(start, end):
    """Delete every row written between the marks `start` and `end` (both from `checkpoint()`),
    one statement a table, as `rewind` does: inside `undone()`, which brings them back."""
    with deleting_past_triggers() as delete:
        for (table, column), newest in end.items():
            since = start.get((table, column), 0)
            if newest > since:
                delete(table, column, since, newest)


def grown_in_spans(w, builders, few, many):
    """Run each builder on `w` for `few` rows, then for `many` more; `w.spans[builder.__name__]`
    is (before, at `few`, after) as marks."""
    w.spans = {}
    for builder in builders:
        before = checkpoint()
        builder(w, few)
        at_few = checkpoint()
        builder(w, many)
        w.spans[builder.__name__] = (before, at_few, checkpoint())
    return w
