"""Which Chromium the browser tests drive: `CHROMIUM` if set, else Debian's headless shell
(`apt-get install chromium-headless-shell`), else Debian's full `chromium` in its headless mode.

The shell is the old headless Chromium: the same Blink renders the pages and runs their scripts,
without the full browser's user interface underneath. On this 2-core machine it took the browser
tests from 154 s to 104 s (all 47, two workers)."""

import os

HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
FULL = "/usr/bin/chromium"


def executable():
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen
    return HEADLESS_SHELL if os.path.exists(HEADLESS_SHELL) else FULL
