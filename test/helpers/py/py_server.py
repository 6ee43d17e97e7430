"""A long-lived Python for the tests: runs test scripts as `python script.py args...` would,
without paying torch's / keras's import (seconds) again for each call. Under Vitest one serves
each worker slot for the whole run (the test files that slot runs one after another); elsewhere
one per Node process.

argv: socket name, the owner's pid (exits once it is gone), the log file (this process's output,
deleted once listening), idle seconds (exits after that long without a request). Listens on that
abstract Unix socket; each connection gets this process's pid and a newline at once, then sends
one JSON request {script, args, cwd, env, stdin} and closes its write side; the reply is one
JSON object {status, stdout, stderr}. Requests run one at a time, each as __main__ through runpy,
with sys.stdin/stdout/stderr, argv, sys.path[0], cwd and os.environ (the request's env, whole)
set as a fresh process would have them, and restored after. State a fresh process would not
carry over is reset before each run: modules imported from outside the Python installation (an
export's model.py, helpers next to a script) are forgotten; torch's default RNG is reseeded at
random (as a fresh process's is); grad mode, default dtype, keras's session, floatx, epsilon and
image data format go back to their defaults.
"""
import gc
import io
import json
import os
import runpy
import socket
import sys
import threading
import time
import traceback

_ROOTS = (sys.prefix, sys.base_prefix, sys.exec_prefix)
PREFIXES = tuple({os.path.realpath(p) + os.sep for p in _ROOTS} | {p + os.sep for p in _ROOTS})
SOCK, OWNER, LOG, IDLE = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])


def gone(pid):
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True
    except OSError:
        return False


def watch_owner():
    """Exits once the owner (the Vitest run, or the Node process) is gone."""
    while True:
        time.sleep(1)
        if gone(OWNER):
            os._exit(0)


def installed(mod):
    f = getattr(mod, "__file__", None)
    if f is None:
        return True  # builtins and namespace packages
    return f.startswith(PREFIXES) or os.path.realpath(f).startswith(PREFIXES)


def reset_state():
    torch = sys.modules.get("torch")
    if torch is not None and hasattr(torch, "manual_seed"):
        torch.seed()  # a fresh process's default generator starts from a random seed too
        torch.set_grad_enabled(True)
        torch.set_default_dtype(torch.float32)
    keras = sys.modules.get("keras")
    if keras is not None and hasattr(keras, "config"):
        keras.backend.clear_session()
        keras.config.set_floatx("float32")
        keras.config.set_epsilon(1e-7)
        keras.config.set_image_data_format("channels_last")


def text_stream(data=b""):
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogateescape", write_through=True)


def run(req):
    saved = (sys.stdin, sys.stdout, sys.stderr, sys.argv, list(sys.path), os.getcwd(), dict(os.environ))
    before = set(sys.modules)
    out, err = text_stream(), text_stream()
    status = 0
    try:
        reset_state()
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        script = os.path.abspath(req["script"])
        sys.argv = [req["script"], *req.get("args", [])]
        sys.path[0] = os.path.dirname(script)
        sys.stdin = text_stream(req.get("stdin", "").encode("utf-8", "surrogateescape"))
        sys.stdout, sys.stderr = out, err
        runpy.run_path(script, run_name="__main__")
    except SystemExit as e:
        if e.code is None:
            status = 0
        elif isinstance(e.code, int):
            status = e.code
        else:
            print(e.code, file=err)
            status = 1
    except BaseException:  # noqa: B036 - a script's failure is reported, as its own process would
        traceback.print_exc(file=err)
        status = 1
    finally:
        for s in (out, err):
            s.flush()
        sys.stdin, sys.stdout, sys.stderr, sys.argv = saved[:4]
        sys.path[:] = saved[4]
        os.chdir(saved[5])
        os.environ.clear()
        os.environ.update(saved[6])
        for name in set(sys.modules) - before:
            if not installed(sys.modules[name]):
                del sys.modules[name]
        gc.collect()
    decode = lambda s: s.buffer.getvalue().decode("utf-8", "surrogateescape")  # noqa: E731
    return {"status": status, "stdout": decode(out), "stderr": decode(err)}


def recv_all(conn):
    chunks = []
    while True:
        b = conn.recv(1 << 20)
        if not b:
            return b"".join(chunks)
        chunks.append(b)


def main():
    threading.Thread(target=watch_owner, daemon=True).start()
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        srv.bind("\0" + SOCK)  # Linux's abstract namespace: no file to leave behind
    except OSError:
        os.unlink(LOG)
        sys.exit(0)  # another client of the same slot started one first
    srv.listen(4)
    os.unlink(LOG)  # started: what the log had to say (an import or bind failure) is past
    srv.settimeout(IDLE)
    while True:
        try:
            conn, _ = srv.accept()
        except TimeoutError:
            os._exit(0)
        with conn:
            conn.settimeout(None)
            try:
                conn.sendall(f"{os.getpid()}\n".encode())
                req = json.loads(recv_all(conn).decode("utf-8", "surrogateescape"))
            except (OSError, ValueError):
                continue  # a client that went away before sending its request
            reply = json.dumps(run(req)).encode("utf-8", "surrogateescape")
            try:
                conn.sendall(reply)
            except OSError:
                pass  # the client timed out; Node restarts this server


if __name__ == "__main__":
    main()
