# Test harness, not the capture agent: runs a crash program under gdb to its fatal signal and prints what
# a snapshot needs (fault, threads with registers and frames, memory map, stacks, code and pointer
# neighbourhoods, glibc's __abort_msg) as one JSON line, so the analysis rules can be checked against
# real crashes before the agent exists. GdbSnapshot.cs turns it into a Snapshot.
import base64
import json
import os
import re

import gdb

GPRS = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13",
        "r14", "r15", "rip", "fs_base", "gs_base"]
CALLEE_SAVED = ["rbx", "rbp", "r12", "r13", "r14", "r15"]
MAX_FRAMES = 400
STACK_BYTES = 64 * 1024

gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("run", to_string=True)
inferior = gdb.selected_inferior()


def u64(value):
    return int(value) & 0xFFFFFFFFFFFFFFFF


def read(address, size):
    try:
        return bytes(inferior.read_memory(address, size))
    except gdb.MemoryError:
        return None


mappings = []
for line in gdb.execute("info proc mappings", to_string=True).splitlines():
    m = re.match(r"\s*0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+([rwxps-]{4})\s*(.*)$", line)
    if m:
        path = m.group(5).strip() or None
        mappings.append({"start": int(m.group(1), 16), "end": int(m.group(2), 16), "offset": int(m.group(3), 16),
                         "perms": m.group(4), "path": path})


def mapping_of(address):
    for m in mappings:
        if m["start"] <= address < m["end"]:
            return m
    return None


memory = []


def capture(address, size, label):
    m = mapping_of(address)
    if m is None or m["perms"][0] != "r":
        return
    start = max(address, m["start"])
    size = min(size, m["end"] - start)
    data = read(start, size)
    if data:
        memory.append({"address": start, "label": label, "bytes": base64.b64encode(data).decode()})


def chase(seeds, depth=4, limit=400):
    """Memory around pointer values, then around the pointers found there, a few levels deep (the way an
    agent follows object references), so rules that walk objects (C++ exceptions) have their bytes."""
    seen, level = set(), [v for v in seeds if mapping_of(v) is not None]
    for d in range(depth):
        found = []
        for value in level:
            if value in seen or len(seen) >= limit:
                continue
            seen.add(value)
            start = value - 128 if d == 0 else value
            before = len(memory)
            capture(start, 256 if d == 0 else 64, "register")
            if len(memory) > before:
                data = base64.b64decode(memory[-1]["bytes"])
                for i in range(0, len(data) - 7, 8):
                    word = int.from_bytes(data[i:i + 8], "little")
                    if mapping_of(word) is not None:
                        found.append(word)
        level = found


siginfo = gdb.parse_and_eval("$_siginfo")
signo, code = int(siginfo["si_signo"]), int(siginfo["si_code"])
fault = {"signal": signo, "code": code}
if signo in (4, 5, 7, 8, 11) and code > 0:
    fault["address"] = u64(siginfo["_sifields"]["_sigfault"]["si_addr"])
elif code <= 0:
    fault["sender_pid"] = int(siginfo["_sifields"]["_kill"]["si_pid"])
faulting_tid = gdb.selected_thread().ptid[1]

threads = []
for thread in inferior.threads():
    thread.switch()
    frame = gdb.newest_frame()
    registers = {name: u64(frame.read_register(name)) for name in GPRS}
    frames = []
    while frame is not None and len(frames) < MAX_FRAMES:
        entry = {"pc": u64(frame.pc()), "sp": u64(frame.read_register("rsp")), "function": frame.name()}
        if len(frames) > 0:
            entry["registers"] = {name: u64(frame.read_register(name)) for name in CALLEE_SAVED}
        frames.append(entry)
        try:
            frame = frame.older()
        except gdb.error:
            break
    threads.append({"tid": thread.ptid[1], "name": thread.name, "registers": registers, "frames": frames})
    rsp = registers["rsp"]
    capture(rsp, STACK_BYTES, "stack")
    if thread.ptid[1] == faulting_tid:
        capture(registers["rip"] - 64, 128, "register")
        capture(rsp - 16 * 1024, 16 * 1024, "stack")  # dead frames just below sp (jemalloc's message buffer)
        seeds = [registers[name] for name in GPRS if name not in ("rsp", "rip")]
        seeds += [value for f in frames for value in f.get("registers", {}).values()]
        chase(seeds)

# Requested globals (like the agent's --global NAME): the variable's bytes, and the objects it points to.
for name in filter(None, os.environ.get("BT_GLOBALS", "").split(",")):
    try:
        symbol = u64(gdb.parse_and_eval("(unsigned long)&" + name))
        capture(symbol, 8, "global:" + name)
        chase([u64(gdb.parse_and_eval("*(unsigned long *)&" + name))], depth=8)
    except gdb.error:
        pass

try:
    symbol = u64(gdb.parse_and_eval("(unsigned long)&__abort_msg"))
    capture(symbol, 8, "global:__abort_msg")
    pointer = u64(gdb.parse_and_eval("*(unsigned long *)&__abort_msg"))
    if pointer:
        capture(pointer, 4096, "deref:__abort_msg")
except gdb.error:
    pass

print("BTSNAPSHOT " + json.dumps({
    "pid": inferior.pid, "faulting_tid": faulting_tid, "fault": fault, "threads": threads,
    "mappings": mappings, "memory": memory,
}))
gdb.execute("kill")
