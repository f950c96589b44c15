"""A view piped into a reader that stops early (`| head -1`) ends quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_view_piped_into_head_prints_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        "".join(
            f'[[sources]]\nname = "s{n}"\nurl = "https://example.org/feed{n}.xml"\n\n'
            for n in range(3000)
        )
    )
    cmd = [sys.executable, "-m", "bot.cli", "check-config", "config.toml"]
    reader = "import sys; sys.stdout.write(sys.stdin.readline())"
    with subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as bot:
        assert bot.stdout is not None and bot.stderr is not None
        head = subprocess.run(
            [sys.executable, "-c", reader], stdin=bot.stdout, capture_output=True, timeout=60
        )
        bot.stdout.close()
        err = bot.stderr.read().decode()
        code = bot.wait(timeout=60)
    assert head.stdout  # the first line reached the reader
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code in (0, 141)
