"""Fixtures of the cross-app tests that start servers of their own (tests/servers.py)."""

import pytest

from tests.servers import RedisServer, has_program


@pytest.fixture
def own_redis():
    """A redis-server of this test's own (stop it, start it again, pause it); gone after the test."""
    if not has_program("redis-server"):
        pytest.fail("needs redis-server on the PATH (Debian's redis-server package)")
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()
