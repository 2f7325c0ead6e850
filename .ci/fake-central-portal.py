#!/usr/bin/env python3
"""A stand-in for the Central Publisher Portal's upload endpoint, on 127.0.0.1 only.

Usage: fake-central-portal.py <port file> <upload dir>

Listens on a free loopback port (written to <port file>), stores the body of every
POST /api/v1/publisher/upload in <upload dir>/upload-<n>.bin (the multipart request holding the
bundle), answers with a deployment id, and reports every deployment as VALIDATED. Lets
.ci/release-dry-run run the release profile to the end without contacting Central.
"""
import http.server
import json
import pathlib
import sys

PORT_FILE = pathlib.Path(sys.argv[1])
UPLOADS = pathlib.Path(sys.argv[2])
UPLOADS.mkdir(parents=True, exist_ok=True)


class Portal(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/api/v1/publisher/upload"):
            n = len(list(UPLOADS.glob("upload-*.bin"))) + 1
            (UPLOADS / f"upload-{n}.bin").write_bytes(body)
            self._answer(201, f"dry-run-deployment-{n}", "text/plain")
        elif self.path.startswith("/api/v1/publisher/status"):
            state = {"deploymentId": "dry-run", "deploymentName": "dry run", "deploymentState": "VALIDATED", "purls": []}
            self._answer(200, json.dumps(state), "application/json")
        else:
            self._answer(404, "not part of the stand-in portal", "text/plain")

    def _answer(self, code, text, content_type):
        data = text.encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Portal)
PORT_FILE.write_text(str(server.server_address[1]))
server.serve_forever()
