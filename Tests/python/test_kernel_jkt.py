"""jupyter_kernel_test's protocol suite (KernelTests + IopubWelcomeTests), over tcp and ipc.

Every sample below needs the real backprop language behind the kernel.
"""
import tempfile
import unittest

import jupyter_kernel_test as jkt
from jupyter_client.manager import KernelManager

from conftest import KERNEL_NAME


class BackpropKernelTests(jkt.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "backprop"
    file_extension = ".bp"

    code_hello_world = 'print "hello, world"'
    code_stderr = 'warn "oops"'

    completion_samples = [
        {"text": "net 4 -> 4 sigm", "matches": {"sigmoid"}},
        {"text": "sigm", "matches": {"sigmoid"}},
        {"text": "forw", "matches": {"forward"}},
    ]

    complete_code_samples = ["forward", "W1 = [1 2]", "net 2 -> 1 sigmoid"]
    incomplete_code_samples = ["W1 = [1 2", "W1 = [1 2\n 3 4"]
    invalid_code_samples = ["W1 = ]"]

    # help is a display output (saved notebooks keep it); `help … page` is the pager payload.
    code_page_something = "help explain page"
    code_generate_error = "frobnicate"

    code_execute_result = [{"code": "net 2 -> 1 sigmoid", "mime": "text/plain"}]

    code_display_data = [
        # The network comes from setUpClass, so the picture is the only display.
        {"code": "graph", "mime": "image/svg+xml"},
        {"code": "net 2 -> 1 sigmoid\nprecision 4", "mime": "text/html"},
        {"code": "help", "mime": "text/html"},
    ]

    # A glob matching exactly one distinct cell of code_execute_result (unique → 1 entry).
    code_history_pattern = "net 2 -> 1 sigmoid"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "forward"
    code_clear_output = "clear"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.define_network()

    @classmethod
    def define_network(cls):
        reply = cls.kc.execute_interactive("net 2 -> 2 sigmoid -> 1 sigmoid", timeout=30, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]

    def test_execute_result_text(self):
        """The net summary's text/plain names the activation (beyond jkt's presence check)."""
        self.flush_channels()
        reply, outputs = self.execute_helper("net 2 -> 1 sigmoid")
        self.assertEqual(reply["content"]["status"], "ok")
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        self.assertIn("sigmoid", results[0]["content"]["data"]["text/plain"])

    def test_error_name(self):
        self.flush_channels()
        reply, _ = self.execute_helper("frobnicate")
        self.assertIn("Error", reply["content"]["ename"])


class BackpropIopubWelcomeTests(jkt.IopubWelcomeTests):
    kernel_name = KERNEL_NAME
    support_iopub_welcome = True


def _start_ipc(cls):
    cls._ipc_dir = tempfile.TemporaryDirectory(prefix="bp-ipc-")
    cls.km = KernelManager(kernel_name=cls.kernel_name, transport="ipc", ip=cls._ipc_dir.name + "/kernel")
    cls.km.start_kernel()


class BackpropKernelTestsIPC(BackpropKernelTests):
    @classmethod
    def setUpClass(cls):
        _start_ipc(cls)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=60)
        cls.define_network()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._ipc_dir.cleanup()


class BackpropIopubWelcomeTestsIPC(BackpropIopubWelcomeTests):
    @classmethod
    def setUpClass(cls):
        _start_ipc(cls)
        cls.kc = cls.km.client()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._ipc_dir.cleanup()


class BackpropKernelTestsCurve(BackpropKernelTests):
    """The whole suite again over CurveZMQ: jupyter_client provisions the keys because the
    kernelspec declares `supported_encryption: ["curve"]`, and every channel is encrypted."""

    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name=cls.kernel_name, transport_encryption="required")
        cls.km.start_kernel()
        assert cls.km.curve_publickey and cls.km.curve_secretkey, "no curve keys were provisioned"
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=60)
        cls.define_network()


if __name__ == "__main__":
    unittest.main()
