from coaching.tests.casts import cast_layer

from . import world


@cast_layer
def cw(cast):
    """The course world (world.py), built once and lent to each test."""
    return world.build(cast)
