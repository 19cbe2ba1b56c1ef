#!/usr/bin/env python3
"""Instructions per .NET method from a callgrind dump, with JIT-compiled frames named from the runtime's perf map.

callgrind cannot name code the JIT wrote; the runtime writes where each method's code lies to /tmp/perf-PID.map when
DOTNET_PerfMapEnabled=1. This joins the two: self and inclusive instructions per method, divided by the requests the
dump covers, optionally as the difference against a second dump (what one setup costs over another).

  benchmarks/callgrind-methods.py DUMP MAP REQUESTS [--against DUMP MAP REQUESTS] [--match REGEX] [--top N] [--self]

benchmarks/load/instructions.sh --keep DIR leaves DIR/<mode>-<route>.callgrind, .map and .requests for it.
Inclusive costs of recursive methods count the recursion more than once; read them as an upper bound.
"""
import argparse
import bisect
import collections
import re


def load_map(path):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) == 3:
                rows.append((int(parts[0], 16), int(parts[1], 16), parts[2]))
    rows.sort()
    return rows


def costs(dump, perf_map):
    starts = [row[0] for row in perf_map]

    def name_of(raw):
        match = re.fullmatch(r"0x([0-9a-f]+)", raw)
        if not match:
            return raw
        address = int(match.group(1), 16)
        at = bisect.bisect_right(starts, address) - 1
        if at >= 0 and address < perf_map[at][0] + perf_map[at][1]:
            return perf_map[at][2]
        return raw

    names = {}

    def resolve(token):
        match = re.match(r"\((\d+)\)(?: (.*))?", token)
        if not match:
            return name_of(token)
        if match.group(2) is not None:
            names[match.group(1)] = name_of(match.group(2))
        return names[match.group(1)]

    own = collections.Counter()
    inclusive = collections.Counter()
    current = callee = None
    in_call = False
    with open(dump, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("fn="):
                current = resolve(line[3:].strip())
            elif line.startswith("cfn="):
                callee = resolve(line[4:].strip())
            elif line.startswith("calls="):
                in_call = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                parts = line.split()
                cost = int(parts[-1]) if len(parts) >= 2 and parts[-1].isdigit() else 0
                if in_call:
                    if callee != current:
                        inclusive[current] += cost
                    in_call = False
                else:
                    own[current] += cost
                    inclusive[current] += cost
    return own, inclusive


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dump")
    parser.add_argument("map")
    parser.add_argument("requests", type=float)
    parser.add_argument("--against", nargs=3, metavar=("DUMP", "MAP", "REQUESTS"))
    parser.add_argument("--match", help="only methods whose name matches this regular expression")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--self", action="store_true", help="self instructions instead of inclusive")
    args = parser.parse_args()

    index = 0 if args.self else 1
    first = {k: v / args.requests for k, v in costs(args.dump, load_map(args.map))[index].items()}
    second = {}
    if args.against:
        dump, perf_map, requests = args.against
        second = {k: v / float(requests) for k, v in costs(dump, load_map(perf_map))[index].items()}

    pattern = re.compile(args.match) if args.match else None
    rows = []
    for key in set(first) | set(second):
        if pattern and not pattern.search(key):
            continue
        rows.append((first.get(key, 0) - second.get(key, 0), first.get(key, 0), second.get(key, 0), key))
    rows.sort(key=lambda row: -abs(row[0]))
    header = "difference  this  other  method" if args.against else "per request  method"
    print(header)
    for difference, this, other, key in rows[: args.top]:
        name = re.sub(r"\[[A-Za-z0-9.]+\] ", "", key)[:170]
        if args.against:
            print(f"{difference:10.0f} {this:7.0f} {other:7.0f}  {name}")
        else:
            print(f"{this:10.0f}  {name}")


if __name__ == "__main__":
    main()
