"""Deploying for a class: `install --sys-prefix` / `--prefix` land where a Python environment's
`jupyter kernelspec list` finds them (as in a docker-stacks image, where no environment is
activated), and a running kernel writes nothing outside the Jupyter directories it is given."""
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from conftest import kernel_binary

WORKED = (Path(__file__).resolve().parents[1] / "programs" / "worked_example.bp").read_text()


def make_env(tmp_path):
    """A venv without pip that sees this test's packages (a .pth file) and has a `jupyter`
    script in its bin/, like /opt/conda/bin/jupyter in a docker-stacks image."""
    venv = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True, timeout=30).stdout.strip())
    (site / "outer.pth").write_text(sysconfig.get_path("purelib") + "\n")
    jupyter = venv / "bin" / "jupyter"
    jupyter.write_text(f"#!{venv}/bin/python\nfrom jupyter_core.command import main\nmain()\n")
    jupyter.chmod(0o755)
    return venv


def clean_env(path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "CONDA_PREFIX", "JUPYTER_PATH", "JUPYTER_DATA_DIR")}
    env["PATH"] = path
    return env


def kernelspecs(venv, env):
    """What that environment's `jupyter kernelspec list` lists (its KernelSpecManager; the
    `jupyter-kernelspec` script is not in this pip-less venv)."""
    code = "import json; from jupyter_client.kernelspec import KernelSpecManager as K; print(json.dumps(K().find_kernel_specs()))"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], env=env,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    return json.loads(out)


def test_sys_prefix_without_an_active_environment_uses_the_jupyter_on_path(tmp_path):
    venv = make_env(tmp_path)
    env = clean_env(f"{venv}/bin:/usr/bin:/bin")
    subprocess.run([str(kernel_binary()), "install", "--sys-prefix", "--name", "class-sys"], env=env,
                   check=True, capture_output=True, timeout=30)
    target = venv / "share" / "jupyter" / "kernels" / "class-sys"
    assert json.loads((target / "kernel.json").read_text())["argv"][0] == str(kernel_binary().resolve())
    assert kernelspecs(venv, env)["class-sys"] == str(target)


def test_sys_prefix_falls_back_to_the_python3_on_path(tmp_path):
    venv = make_env(tmp_path)
    (venv / "bin" / "jupyter").unlink()
    env = clean_env(f"{venv}/bin:/nonexistent")
    subprocess.run([str(kernel_binary()), "install", "--sys-prefix", "--name", "class-py"], env=env,
                   check=True, capture_output=True, timeout=30)
    assert (venv / "share" / "jupyter" / "kernels" / "class-py" / "kernel.json").exists()


def test_sys_prefix_with_nothing_on_path_is_a_clear_error(tmp_path):
    result = subprocess.run([str(kernel_binary()), "install", "--sys-prefix"], env=clean_env(str(tmp_path)),
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "--sys-prefix needs" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_prefix_is_found_by_that_environments_jupyter(tmp_path):
    venv = make_env(tmp_path)
    env = clean_env(f"{venv}/bin:/usr/bin:/bin")
    subprocess.run([str(kernel_binary()), "install", "--prefix", str(venv), "--name", "class-prefix"], env=env,
                   check=True, capture_output=True, timeout=30)
    assert kernelspecs(venv, env)["class-prefix"] == str(venv / "share" / "jupyter" / "kernels" / "class-prefix")


def all_files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_running_kernel_writes_nothing_but_its_connection_file(tmp_path):
    runtime, home, work = tmp_path / "runtime", tmp_path / "home", tmp_path / "work"
    for d in (runtime, home, work):
        d.mkdir()
    connection = runtime / "kernel-class.json"
    write_connection_file(str(connection), ip="127.0.0.1", key=os.urandom(16).hex().encode())
    env = dict(os.environ, HOME=str(home), JUPYTER_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_RUNTIME_DIR=str(home / "xdg-runtime"), JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"))
    process = subprocess.Popen([str(kernel_binary()), "kernel", "-f", str(connection)], cwd=work, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = BlockingKernelClient()
    try:
        kc.load_connection_file(str(connection))
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(WORKED, timeout=60, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok"
        kc.history(hist_access_type="tail", n=10, reply=True, timeout=30)
        kc.shutdown()
        process.wait(timeout=30)
    finally:
        kc.stop_channels()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    # Nothing in $HOME, the XDG directories or the working directory; in the runtime dir only
    # the connection file. (Only the Jupyter data dir may hold the kernel's own state.)
    files = all_files(tmp_path)
    assert [f for f in files if not f.startswith("jupyter-data/")] == ["runtime/kernel-class.json"]
