#!/usr/bin/env python3
"""Sender and stopwatch of the full-table race (benchmarks/race.sh).

  sender.py --local A --peer B --asn N --peer-asn M -n ROUTES [--paths P] [--hold S]
            --kind bird|frr|gobgp|jbgp --target ARG --pid PID [--timeout S] [--poll S]
            [--java JAR [--java-flags FLAGS]]

Builds an UPDATE stream of ROUTES IPv4 /24s (11.0.0.0/24 upward) in P distinct attribute sets
(4-octet AS_PATH starting with our AS, NEXT_HOP 198.18.0.1, MED and a community; prefixes of one
set packed into UPDATEs of at most 4096 octets) followed by the IPv4 End-of-RIB; connects from
--local to --peer:179, exchanges OPEN/KEEPALIVE (capabilities: IPv4 unicast, route refresh,
4-octet AS), writes the stream as fast as the socket takes it, and keeps the session alive.
With --java JAR the BGP side is dev.jbgp.bench.RaceSender from JAR instead (the same bytes, written
from a direct buffer by a blocking Java socket); this script then only reads its "established"
line and keeps the stopwatch.
Meanwhile it polls the receiver's route count (--kind/--target: BIRD control socket, FRR vty
directory, GoBGP API ADDR:PORT, or the TableReceiver's output file) and the receiver's peak RSS
(VmHWM of --pid). BIRD and FRR are asked over one control-socket connection kept open for the
run (no CLI process per poll), with a command whose cost does not grow with the table: BIRD's
"show protocols all n0" (the channel's imported-route counter), FRR's peer summary. Prints one
JSON object: seconds from Established to ROUTES routes in the receiver's RIB, the receiver's own
figure when it gives one (jbgp), peak RSS in KiB.
Not a BGP implementation: no FSM beyond the handshake; it never withdraws anything.
"""
import argparse
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time

MARKER = b"\xff" * 16
MAX_MESSAGE = 4096


def message(kind, body):
    return MARKER + struct.pack("!HB", 19 + len(body), kind) + body


def attribute(flags, code, value):
    return struct.pack("!BBB", flags, code, len(value)) + value


def attribute_set(asn, k):
    """Attribute set k: distinct AS path (2-4 hops), MED and community per k. Every AS after ours is
    a private 4-octet AS, so no path contains the receiver's AS (a loop it would drop)."""
    path = [asn, 4_200_001_000 + k] + [4_200_100_000 + (k * 7 + h) % 1000 for h in range(k % 3)]
    block = attribute(0x40, 1, b"\x00")
    block += attribute(0x40, 2, struct.pack("!BB", 2, len(path)) + b"".join(struct.pack("!I", a) for a in path))
    block += attribute(0x40, 3, socket.inet_aton("198.18.0.1"))
    block += attribute(0x80, 4, struct.pack("!I", (k % 10) * 10))
    block += attribute(0xC0, 8, struct.pack("!HH", asn & 0xFFFF if asn < 65536 else 65535, k % 65536))
    return block


def build(n, paths, asn):
    """The UPDATE stream: set k holds the contiguous prefixes [k*n/paths, (k+1)*n/paths)."""
    out = bytearray()
    base = 11 << 24
    for k in range(paths):
        lo, hi = k * n // paths, (k + 1) * n // paths
        attrs = attribute_set(asn, k)
        room = MAX_MESSAGE - 23 - len(attrs)
        i = lo
        while i < hi:
            count = min(hi - i, room // 4)
            nlri = b"".join(b"\x18" + struct.pack("!I", base + (j << 8))[:3] for j in range(i, i + count))
            out += message(2, struct.pack("!HH", 0, len(attrs)) + attrs + nlri)
            i += count
    out += message(2, b"\x00\x00\x00\x00")  # End-of-RIB (RFC 4724)
    return bytes(out)


def open_message(asn, hold, router_id):
    caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([2, 0]) + bytes([65, 4]) + struct.pack("!I", asn)
    params = bytes([2, len(caps)]) + caps
    my_as = asn if asn < 65536 else 23456
    return message(1, struct.pack("!BHH", 4, my_as, hold) + socket.inet_aton(router_id) + bytes([len(params)]) + params)


def read_message(sock, buf):
    while True:
        if len(buf) >= 19:
            length = struct.unpack("!H", buf[16:18])[0]
            if len(buf) >= length:
                m = bytes(buf[:length])
                del buf[:length]
                return m
        data = sock.recv(65536)
        if not data:
            raise EOFError("peer closed the connection")
        buf += data


class BirdCounter:
    """BIRD's imported-route counter of the launcher's protocol n0, over one control connection."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.f = self.s.makefile("rb")
        self.f.readline()  # 0001 BIRD x ready.

    def __call__(self):
        self.s.sendall(b"show protocols all n0\n")
        n = -1
        while True:
            line = self.f.readline().decode(errors="replace")
            if not line:
                raise EOFError("bird closed its control socket")
            m = re.search(r"Routes:\s+(\d+) imported", line)
            if m:
                n = int(m.group(1))
            if re.match(r"^\d{4} ", line):
                return n


class FrrCounter:
    """FRR's received-prefix count of the peer (the summary's PfxRcd), over one vty connection."""

    def __init__(self, path, peer):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.connect(path)
        self.peer = peer

    def __call__(self):
        self.s.sendall(b"show bgp ipv4 unicast summary\0")
        buf = b""
        while not (len(buf) >= 4 and buf[-4:-1] == b"\0\0\0"):
            d = self.s.recv(65536)
            if not d:
                raise EOFError("bgpd closed its vty socket")
            buf += d
        for line in buf.decode(errors="replace").splitlines():
            p = line.split()
            if p and p[0] == self.peer and len(p) >= 10:
                return int(p[9]) if p[9].isdigit() else 0
        return -1


def counter(kind, target, peer):
    """A function returning the receiver's Loc-RIB IPv4 route count, or -1 when it cannot be read now."""
    if kind == "bird":
        return BirdCounter(target)
    if kind == "frr":
        return FrrCounter(target + "/bgpd.vty", peer)
    return lambda: count_routes(kind, target)


def count_routes(kind, target):
    """A route count read by a CLI process or from the receiver's output file, or -1."""
    try:
        if kind == "gobgp":
            addr, port = target.rsplit(":", 1)
            out = subprocess.run(["gobgp", "-u", addr, "-p", port, "global", "rib", "summary", "-a", "ipv4"],
                                 capture_output=True, text=True, timeout=5).stdout
            m = re.search(r"Destination:\s*(\d+)", out)
            return int(m.group(1)) if m else -1
        if kind == "jbgp":
            last = -1
            with open(target) as f:
                for line in f:
                    m = re.match(r"received (\d+) routes", line) or re.match(r"t=\S+ routes=(\d+)", line)
                    if m:
                        last = int(m.group(1))
            return last
    except (OSError, ValueError, subprocess.SubprocessError):
        return -1
    return -1


def cpu_seconds(pid):
    """User + system CPU time of process pid (all its threads) in seconds, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def peak_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def jbgp_own_seconds(target):
    try:
        with open(target) as f:
            for line in f:
                m = re.match(r"received \d+ routes in ([0-9.]+) s", line)
                if m:
                    return float(m.group(1))
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--local", required=True)
    ap.add_argument("--peer", required=True)
    ap.add_argument("--asn", type=int, required=True)
    ap.add_argument("--peer-asn", type=int, required=True)
    ap.add_argument("-n", type=int, required=True)
    ap.add_argument("--paths", type=int, default=1000)
    ap.add_argument("--hold", type=int, default=240)
    ap.add_argument("--kind", required=True, choices=["bird", "frr", "gobgp", "jbgp"])
    ap.add_argument("--target", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--poll", type=float, default=0.02)
    ap.add_argument("--java", help="benchmarks.jar: send with dev.jbgp.bench.RaceSender")
    ap.add_argument("--java-flags", default="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
    a = ap.parse_args()

    count = None
    for _ in range(100):
        try:
            count = counter(a.kind, a.target, a.local)
            break
        except OSError:
            time.sleep(0.1)
    if count is None:
        print(json.dumps({"error": "cannot reach the receiver's control socket %s" % a.target}))
        return 1
    if a.java:
        return stopwatch_java(a, count)

    stream = build(a.n, a.paths, a.asn)
    deadline = time.time() + 60
    while True:
        try:
            sock = socket.create_connection((a.peer, 179), timeout=5, source_address=(a.local, 0))
            break
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    sock.settimeout(None)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(open_message(a.asn, a.hold, a.local))
    buf = bytearray()
    established = None
    while established is None:
        m = read_message(sock, buf)
        if m[18] == 1:
            sock.sendall(message(4, b""))
        elif m[18] == 4:
            established = time.time()
        elif m[18] == 3:
            print(json.dumps({"error": "NOTIFICATION %d/%d" % (m[19], m[20])}))
            return 1

    def keep_alive():
        # read and discard what the receiver sends; answer with KEEPALIVEs every hold/3
        sock.settimeout(max(1, a.hold // 3))
        while True:
            try:
                read_message(sock, buf)
            except socket.timeout:
                pass
            except (EOFError, OSError):
                return
            try:
                sock.sendall(message(4, b""))
            except OSError:
                return

    sender = threading.Thread(target=lambda: (sock.sendall(stream), keep_alive()), daemon=True)
    sender.start()
    return stopwatch(a, count, established, {"n": a.n, "paths": a.paths, "updates_octets": len(stream),
                                             "sender": "python"})


def stopwatch_java(a, count):
    """Starts RaceSender, waits for its Established, then keeps the stopwatch; stops the sender at the end."""
    import shlex
    argv = (["java"] + shlex.split(a.java_flags) + ["-cp", a.java, "dev.jbgp.bench.RaceSender",
            "--local", a.local, "--peer", a.peer, "--asn", str(a.asn), "--peer-asn", str(a.peer_asn),
            "-n", str(a.n), "--paths", str(a.paths), "--hold", str(a.hold)])
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        established = None
        for line in proc.stdout:
            if line.startswith("established "):
                established = float(line.split()[1])
                break
            if line.startswith("error"):
                break
        if established is None:
            print(json.dumps({"error": "RaceSender: no session"}))
            return 1
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
        reader.start()
        rc = stopwatch(a, count, established, {"n": a.n, "paths": a.paths, "sender": "java"}, lines)
        return rc
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def stopwatch(a, count, established, result, sender_lines=None):
    """Polls until the receiver holds a.n routes; prints the result as JSON."""
    cpu0 = cpu_seconds(a.pid)
    while True:
        try:
            c = count()
        except (OSError, EOFError, ValueError):
            c = -1
        now = time.time()
        if c >= a.n:
            result["seconds"] = round(now - established, 3)
            cpu1 = cpu_seconds(a.pid)
            if cpu0 is not None and cpu1 is not None:
                # the receiver's CPU time (all threads: JIT and GC included) from about Established to done
                result["cpu_seconds"] = round(cpu1 - cpu0, 2)
            break
        if now - established > a.timeout:
            result["error"] = "timeout with %d routes" % c
            break
        time.sleep(a.poll)
    if a.kind == "jbgp":
        for _ in range(50):
            own = jbgp_own_seconds(a.target)
            if own is not None:
                result["own_seconds"] = own
                break
            time.sleep(0.1)
    result["peak_rss_kib"] = peak_rss_kib(a.pid)
    for _ in range(20 if sender_lines is not None else 0):
        if any(line.startswith("sent ") for line in sender_lines):
            break
        time.sleep(0.1)
    for line in sender_lines or []:
        m = re.match(r"sent (\d+) octets in ([0-9.]+) s", line)
        if m:
            result["updates_octets"] = int(m.group(1))
            result["sender_seconds"] = float(m.group(2))
    print(json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
