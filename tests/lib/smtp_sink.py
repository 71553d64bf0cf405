"""A real SMTP server for tests (Debian's python3-aiosmtpd): prints the port it listens on,
then one JSON line per message received: {"from", "to", "data"}. Stops when stdin closes."""
import json
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
        }), flush=True)
        return "250 OK"


# A free port, found by binding and releasing it: the controller checks readiness by dialling
# the port it was given, which port 0 would defeat.
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
controller = Controller(Sink(), hostname="127.0.0.1", port=port)
controller.start()
print(json.dumps({"port": port}), flush=True)
sys.stdin.read()
controller.stop()
