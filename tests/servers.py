"""Servers a test starts on its own free port and stops again: a redis-server that keeps nothing on
disk (to stop, or to pause with SIGSTOP, without touching the shared one), and a small SMTP server
that counts the connections made to it."""

import os
import signal
import socket
import socketserver
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

WAIT = 30  # seconds for a server or a worker to start, or a message to arrive


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what, timeout=WAIT, log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    tail = f"\n--- the worker's log:\n{log.read_text()[-4000:]}" if log else ""
    raise AssertionError(f"gave up waiting for {what}{tail}")


def has_program(program):
    return any((Path(p) / program).exists() for p in os.environ["PATH"].split(os.pathsep))


class RedisServer:
    """A redis-server of the test's own, on its own port, that keeps nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.answers, "redis-server to start")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        assert not self.answers()

    @contextmanager
    def paused(self):
        """Hung, not down: it still accepts connections (the kernel does) but never answers."""
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.process.pid, signal.SIGCONT)


class SmtpServer:
    """Just enough SMTP for Django's backend (no TLS, no auth), in a thread. `connections` counts
    the connections opened to it; `messages` holds each message's recipients. With
    `hang_up_after`, it closes a connection after that many messages (as servers that limit
    messages per connection do), without a word."""

    def __init__(self, hang_up_after=None):
        self.connections = 0
        self.messages = []
        self._lock = threading.Lock()
        server = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                with server._lock:
                    server.connections += 1
                self.reply(b"220 test ESMTP")
                recipients, taken = [], 0
                while line := self.rfile.readline():
                    command = line.strip().upper()
                    if command.startswith((b"EHLO", b"HELO")):
                        self.reply(b"250 test")
                    elif command.startswith(b"RCPT"):
                        recipients.append(line.strip().split(b":", 1)[1].decode())
                        self.reply(b"250 OK")
                    elif command == b"DATA":
                        self.reply(b"354 end with .")
                        while self.rfile.readline().rstrip(b"\r\n") != b".":
                            pass
                        with server._lock:
                            server.messages.append(recipients)
                        recipients, taken = [], taken + 1
                        self.reply(b"250 OK queued")
                        if taken == hang_up_after:
                            return
                    elif command == b"QUIT":
                        self.reply(b"221 bye")
                        return
                    else:  # MAIL, RSET, NOOP
                        self.reply(b"250 OK")

            def reply(self, text):
                self.wfile.write(text + b"\r\n")

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
