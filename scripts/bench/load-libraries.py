#!/usr/bin/env python3
"""How long loading Foundation's networking part and OpenBLAS takes in a process that has
Swift's core and Foundation loaded already (docs/performance.md, "The fixed cost of a run").

    python3 scripts/bench/load-libraries.py [TRIES]
"""
import subprocess, sys

SWIFT = "/opt/swift/usr/lib/swift/linux/"
tries = int(sys.argv[1]) if len(sys.argv) > 1 else 5
# Each try in a fresh interpreter: a library loads only once per process.
code = f"""
import ctypes, time
t0 = time.perf_counter()
for name in ["libswiftCore.so", "libFoundationEssentials.so", "libFoundationInternationalization.so", "libFoundation.so"]:
    ctypes.CDLL({SWIFT!r} + name, mode=ctypes.RTLD_GLOBAL)
t1 = time.perf_counter()
ctypes.CDLL({SWIFT!r} + "libFoundationNetworking.so", mode=ctypes.RTLD_GLOBAL)
t2 = time.perf_counter()
ctypes.CDLL("libopenblas.so.0", mode=ctypes.RTLD_GLOBAL)
t3 = time.perf_counter()
print(f"Swift core and Foundation {{1000*(t1-t0):.1f}} ms, then FoundationNetworking {{1000*(t2-t1):.1f}} ms, then OpenBLAS {{1000*(t3-t2):.1f}} ms")
"""
for _ in range(tries):
    subprocess.run([sys.executable, "-c", code], check=True)
