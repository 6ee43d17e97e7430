"""Stands in for `python script.py args...` in tests (started with -S: no site imports, a few ms):
forwards its stdin, the script, args, cwd and env to py_server.py's socket, starting that server
first when none listens, and gives back the script's stdout, stderr and exit status as its own.

argv[1]: JSON {sock (an abstract Unix socket's name), python, server (py_server.py), owner (the
pid the server lives for), log (a new file for the server's start-up output), idle (seconds),
timeout (seconds), script, args, cwd, env}. Exits 97 with the server's log when it could not
start or died mid-run, and 98 after killing a server whose script ran past the timeout.
"""
import json
import os
import socket
import subprocess
import sys
import time


def fail(code, why, log=None):
    tail = ""
    if log:
        try:
            with open(log, encoding="utf-8", errors="replace") as f:
                tail = f.read()[-4000:]
        except OSError:
            pass
    sys.stderr.write(f"python test server: {why}\n{tail}")
    sys.exit(code)


def connect(spec):
    """A socket connected to the server, started here when none listens (60 s at most)."""
    started = None
    deadline = time.monotonic() + 60
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect("\0" + spec["sock"])
            return s
        except ConnectionRefusedError:
            s.close()
        if started is None:
            args = [spec["python"], spec["server"], spec["sock"], str(spec["owner"]), spec["log"], str(spec["idle"])]
            with open(spec["log"], "wb") as log:
                started = subprocess.Popen(
                    args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=spec["env"], start_new_session=True
                )
        elif started.poll() is not None:
            fail(97, f"exited {started.returncode} before it listened", spec["log"])
        if time.monotonic() > deadline:
            started.kill()
            fail(97, "did not listen within 60 s", spec["log"])
        time.sleep(0.02)


def exchange(spec, req):
    """The server's pid and reply bytes; (None, b"") when it closed before taking the request."""
    with connect(spec) as s:
        s.settimeout(spec["timeout"])
        chunks = []
        try:
            s.sendall(req)
            s.shutdown(socket.SHUT_WR)
            while True:
                b = s.recv(1 << 20)
                if not b:
                    break
                chunks.append(b)
        except TimeoutError:
            pid = b"".join(chunks).split(b"\n", 1)[0]
            if pid.isdigit():
                os.kill(int(pid), 9)  # it is stuck in the script; the next call starts a fresh one
            fail(98, f"{spec['script']} ran past {spec['timeout']} s")
        except OSError:
            pass  # reset: judged by what arrived
    pid, nl, body = b"".join(chunks).partition(b"\n")
    return (pid.decode() if nl else None), body


def main():
    spec = json.loads(sys.argv[1])
    stdin = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
    req = {k: spec[k] for k in ("script", "args", "cwd", "env")} | {"stdin": stdin}
    req = json.dumps(req).encode("utf-8", "surrogateescape")
    pid, body = exchange(spec, req)
    if pid is None:  # a server leaving after its idle time as this connected: the script never ran
        pid, body = exchange(spec, req)
    if not body:
        fail(97, f"server {pid} closed the connection without a reply (it died?)")
    reply = json.loads(body.decode("utf-8", "surrogateescape"))
    sys.stdout.buffer.write(reply["stdout"].encode("utf-8", "surrogateescape"))
    sys.stderr.buffer.write(reply["stderr"].encode("utf-8", "surrogateescape"))
    sys.exit(reply["status"])


if __name__ == "__main__":
    main()
