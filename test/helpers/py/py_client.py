"""Stands in for `python script.py args...` in tests (started with -S: no site imports, a few ms):
forwards its stdin, the script, args, cwd and env to py_server.py's socket and gives back the
script's stdout, stderr and exit status as its own.

argv[1]: JSON {sock (an abstract Unix socket's name), pid (the server's), log (the server's
output until it listens), script, args, cwd, env}. Waits for the server's socket while the
server lives (60 s at most); if the server died, prints the tail of its log and exits 97.
"""
import json
import os
import socket
import sys
import time


def server_dead(pid):
    """True once the process is gone or a zombie (its parent, blocked in spawnSync, has not reaped it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True
    except OSError:
        return False


def fail(spec, why):
    try:
        with open(spec["log"], encoding="utf-8", errors="replace") as f:
            tail = f.read()[-4000:]
    except OSError:
        tail = ""
    sys.stderr.write(f"python test server {why}:\n{tail}\n")
    sys.exit(97)


def main():
    spec = json.loads(sys.argv[1])
    stdin = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    req = {k: spec[k] for k in ("script", "args", "cwd", "env")} | {"stdin": stdin}
    req = json.dumps(req).encode("utf-8", "surrogateescape")
    deadline = time.monotonic() + 60
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect("\0" + spec["sock"])
            break
        except (FileNotFoundError, ConnectionRefusedError):
            s.close()
            if server_dead(spec["pid"]):
                fail(spec, "exited before it answered")
            if time.monotonic() > deadline:
                fail(spec, "did not listen within 60 s")
            time.sleep(0.02)
    with s:
        s.sendall(req)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            b = s.recv(1 << 20)
            if not b:
                break
            chunks.append(b)
    if not chunks:
        fail(spec, "closed the connection without a reply")
    reply = json.loads(b"".join(chunks).decode("utf-8", "surrogateescape"))
    sys.stdout.buffer.write(reply["stdout"].encode("utf-8", "surrogateescape"))
    sys.stderr.buffer.write(reply["stderr"].encode("utf-8", "surrogateescape"))
    sys.exit(reply["status"])


if __name__ == "__main__":
    main()
