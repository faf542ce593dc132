#!/usr/bin/env python3
"""Where the cores go during a load: CPU time per request, split by process name.

    cpu_split.py snap FILE          # writes every process's CPU ticks (utime+stime) to FILE
    cpu_split.py diff FILE REQUESTS [TIMES]
                                    # CPU per request since FILE, per process name; TIMES is the
                                    # children line of bash's `times` after the load ("0m1.2s 0m0.3s"),
                                    # the load generator's own CPU, which has exited by then

On a 2-core machine the throughput ceiling is 2,000 ms / (the sum of the per-request figures), so
this says whether the server, the database (postgres backends) or the load generator (wrk) holds a
figure back. Processes that started or ended in between count from zero or not at all.
"""
import os
import sys

TICK_MS = 1000.0 / os.sysconf("SC_CLK_TCK")


def snapshot():
    ticks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks[pid] = (name, int(fields[11]) + int(fields[12]))  # utime, stime
    return ticks


def main():
    if sys.argv[1] == "snap":
        with open(sys.argv[2], "w", encoding="ascii") as f:
            for pid, (name, t) in snapshot().items():
                f.write(f"{pid}\t{name}\t{t}\n")
        return
    before = {}
    with open(sys.argv[2], encoding="ascii") as f:
        for line in f:
            pid, name, t = line.rstrip("\n").split("\t")
            before[pid] = int(t)
    requests = max(1.0, float(sys.argv[3]))
    by_name = {}
    for pid, (name, t) in snapshot().items():
        for prefix in ("postgres", "safegrid"):  # backends; a baseline binary under another name
            name = prefix if name.startswith(prefix) else name
        by_name[name] = by_name.get(name, 0) + (t - before.get(pid, 0)) * TICK_MS
    if len(sys.argv) > 4:
        user, system = (float(t.split("m")[0]) * 60 + float(t.split("m")[1].rstrip("s")) for t in sys.argv[4].split())
        by_name["wrk"] = by_name.get("wrk", 0) + (user + system) * 1000
    shown = ("safegrid", "postgres", "wrk")
    other = sum(ms for n, ms in by_name.items() if n not in shown)
    parts = [f"{n} {by_name.get(n, 0) * 1000 / requests:.0f} µs" for n in shown]
    parts.append(f"everything else {other * 1000 / requests:.0f} µs")
    print("    cpu per request: " + ", ".join(parts))


if __name__ == "__main__":
    main()
