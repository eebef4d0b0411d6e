"""kill -9 during `save`: model.json is always the old or the new file, whole, and the
temporary files a killed save leaves are removed by the next save. Bounded: 8 kills."""
import json
import os
import random
import signal
import subprocess
import time

from conftest import kernel_binary

SAVE = 'net 300 -> 300 sigmoid -> 10 softmax\ninit normal 0.1 seed {seed}\nsave "model.json"\n'


def temporaries(folder):
    return [n for n in os.listdir(folder) if n.startswith(".model.json.tmp-")]


def test_kill_during_save_never_corrupts_and_leaves_nothing_behind(tmp_path):
    binary = str(kernel_binary())
    (tmp_path / "save.bp").write_text(SAVE.format(seed=0))
    start = time.monotonic()
    subprocess.run([binary, "run", "save.bp"], cwd=tmp_path, check=True, stdout=subprocess.DEVNULL, timeout=60)
    duration = time.monotonic() - start  # the write is at the end: kill around then
    first = json.loads((tmp_path / "model.json").read_text())
    os.chmod(tmp_path / "model.json", 0o600)
    rng = random.Random(17)
    for k in range(8):
        (tmp_path / "save.bp").write_text(SAVE.format(seed=k + 1))
        proc = subprocess.Popen([binary, "run", "save.bp"], cwd=tmp_path, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 1.05) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        model = json.loads((tmp_path / "model.json").read_text())  # whole: old or new, never a mix
        assert model["format"] == first["format"] and model["sizes"] == first["sizes"]
        assert os.stat(tmp_path / "model.json").st_mode & 0o777 == 0o600
    # One save that finishes removes what the killed ones left.
    (tmp_path / "save.bp").write_text(SAVE.format(seed=99))
    subprocess.run([binary, "run", "save.bp"], cwd=tmp_path, check=True, stdout=subprocess.DEVNULL, timeout=60)
    assert temporaries(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == ["model.json", "save.bp"]
    assert os.stat(tmp_path / "model.json").st_mode & 0o777 == 0o600
