"""Preloaded first in the worker pool's forkserver: Ctrl-C there is ignored from the start.

Ctrl-C reaches every process of the terminal's process group. The forkserver ignores SIGINT
only after it has imported its preload modules (`bot.worktasks` and its regexes take a while),
so a Ctrl-C in that window printed a KeyboardInterrupt traceback from the forkserver. Importing
this module first closes the window; the workers inherit the setting. The bot handles Ctrl-C
itself and shuts the pool down.
"""

from __future__ import annotations

import signal
import sys


def _in_forkserver() -> bool:
    # The forkserver runs `python -c "from multiprocessing.forkserver import main; ..."`.
    return sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules


if _in_forkserver():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
