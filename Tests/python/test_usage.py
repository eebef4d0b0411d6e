"""usage_request on control (what jupyter-resource-usage asks a kernel), answered with
ipykernel's usage_reply fields; the figures are checked against psutil, an independent
reader of the same /proc files."""
import os
import socket
import time

import psutil

from conftest import reply_to, start_client, stop_client

FIELDS = {"hostname", "pid", "kernel_cpu", "kernel_memory", "host_cpu_percent", "cpu_count",
          "host_virtual_memory"}


def usage(kc, timeout=10):
    msg = kc.session.msg("usage_request", {})
    kc.control_channel.send(msg)
    while True:
        reply = kc.control_channel.get_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply


def test_usage_reply_has_ipykernels_fields_and_true_figures():
    km, kc = start_client()
    try:
        pid = km.provisioner.process.pid
        first = usage(kc)
        assert first["msg_type"] == "usage_reply"
        # Asked while a CPU-bound cell runs (control answers during it): kernel_cpu is the
        # share of one core since the previous request.
        msg_id = kc.execute("net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000")
        time.sleep(1.5)
        content = usage(kc)["content"]
        assert FIELDS <= set(content), set(content) ^ FIELDS
        assert content["hostname"] == socket.gethostname()
        assert content["pid"] == pid
        assert content["cpu_count"] == psutil.cpu_count(logical=True)
        assert 5 < content["kernel_cpu"] <= 100 * os.cpu_count() + 5, content["kernel_cpu"]
        assert 0 <= content["host_cpu_percent"] <= 100
        pss = psutil.Process(pid).memory_full_info().pss
        assert 0.5 * pss < content["kernel_memory"] < 2 * pss, (content["kernel_memory"], pss)
        vm = content["host_virtual_memory"]
        reference = psutil.virtual_memory()._asdict()
        assert set(vm) == set(reference)
        assert vm["total"] == reference["total"]
        for key in ("available", "used", "free", "cached"):
            assert abs(vm[key] - reference[key]) < 0.1 * reference["total"], key
        assert abs(vm["percent"] - reference["percent"]) < 10
        km.interrupt_kernel()
        assert reply_to(kc, msg_id, timeout=30)["content"]["status"] in ("ok", "error")
        assert kc.execute_interactive("precision 4", timeout=30)["content"]["status"] == "ok"
    finally:
        stop_client(km, kc)
