"""What an editor sees in VS Code (or any editor with the YAML language server): open a catalogue file
in Red Hat's yaml-language-server, the engine of VS Code's YAML extension, and print the mistakes it
underlines, `file:line:column: message`. Usage: python tools/editor_diagnostics.py SERVER FILE…
(SERVER: the yaml-language-server executable; `make editor-check` installs it from npm)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


class LanguageServer:
    """Just enough of the Language Server Protocol over stdio to open documents and read diagnostics."""

    def __init__(self, command: list[str], root: Path):
        self.process = subprocess.Popen(command + ["--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
            "workspace": {"configuration": True}, "textDocument": {"publishDiagnostics": {}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": {"validate": True}}})

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().strip()):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(self.process.stdout.read(length))
        if message.get("method") == "workspace/configuration":  # the server asks for its settings
            self.send({"id": message["id"], "result": [{"validate": True, "completion": True}
                                                       for _ in message["params"]["items"]]})
        elif "id" in message and "method" in message:  # any other request from the server
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while (message := self.receive()).get("id") != self.next_id or "method" in message:
            pass
        return message

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, path: Path) -> list[dict]:
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def main(server: str, files: list[str]) -> int:
    language_server = LanguageServer([server], Path.cwd())
    found = 0
    try:
        for file in files:
            for diagnostic in language_server.diagnostics(Path(file)):
                start = diagnostic["range"]["start"]
                print(f"{file}:{start['line'] + 1}:{start['character'] + 1}: {diagnostic['message']}")
                found += 1
    finally:
        language_server.close()
    print(f"{found} underlined")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
