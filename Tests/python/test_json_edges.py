"""JSON edge cases on the wire: a request holding a lone surrogate escape ("\\ud800") is valid
JSON; the kernel decodes the escape to U+FFFD and serves the request instead of dropping it."""
import json

from jupyter_client.jsonutil import json_default

from conftest import iopub_until_idle, reply_to, start_client, stop_client


def ascii_packer(obj):
    # ensure_ascii writes a lone surrogate as the escape "\ud800" (jupyter_client's own packer
    # cannot encode it at all).
    return json.dumps(obj, default=json_default, ensure_ascii=True, allow_nan=False).encode("ascii")


def outputs_until_idle(kc, msg_id, timeout=10.0):
    return iopub_until_idle(kc, msg_id, timeout)


def test_lone_surrogate_escapes_are_decoded_and_the_request_is_served():
    km, kc = start_client()
    try:
        kc.session.pack = ascii_packer
        cases = [('print "a\ud800b"', "a\ufffdb\n"),          # lone high surrogate
                 ('print "a\udc00b"', "a\ufffdb\n"),          # lone low surrogate
                 ('print "\ud83dA\U0001F600"', "\ufffdA\U0001F600\n")]  # high not followed by a low; then a pair
        for code, expected in cases:
            packed = ascii_packer({"code": code})
            assert b"\\ud" in packed, packed  # really sent as an escape
            msg_id = kc.execute(code)
            reply = reply_to(kc, msg_id, timeout=10)
            assert reply["content"]["status"] == "ok", reply["content"]
            outputs = outputs_until_idle(kc, msg_id)
            text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
            assert text == expected
        # A lone surrogate in the metadata and the header's username does not stop the reply either.
        msg = kc.session.msg("kernel_info_request", {}, metadata={"note": "\udfff"})
        msg["header"]["username"] = "user\ud800"
        kc.shell_channel.send(msg)
        reply = reply_to(kc, msg["header"]["msg_id"], timeout=10)
        assert reply["msg_type"] == "kernel_info_reply"
        assert reply["parent_header"]["username"] == "user\ufffd"
    finally:
        stop_client(km, kc)
