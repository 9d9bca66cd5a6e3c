#!/usr/bin/env python3
"""The link order of kimdoc's code: which functions run, so that the linker places them together.

usage: link-order.py MAP CALLGRIND-FILE... > Sources/kimdoc/link-order.txt

MAP is lld's map of a release build (-Map, --no-demangle); each CALLGRIND-FILE a run of that build
under `valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no`, in the
order their code should come (start-up first). Prints, for every input section of .text that ran,
one symbol that names that section alone (lld moves every section a listed name is defined in:
a name that many objects define would drag all their code to the front). Code the linker did not
get in sections of its own (the toolchain's prebuilt runtime and Foundation put much of theirs in
one .text per object) moves as a whole.

Why: the kernel maps a file's pages 64 KiB around each one a process touches (fault-around), so
resident code is 64 KiB per region touched, wherever the code that runs is spread (ARCHITECTURE.md,
"Memory of a batch").
"""
import bisect
import collections
import sys


def read_map(path):
    # lld's map: columns VMA, LMA, Size, Align, then the name, indented by its level: an output
    # section (".text") at the name column, its input sections ("file.o:(.text.f)") 8 further,
    # their symbols 16 further.
    sections, names, in_text, current = [], collections.defaultdict(list), False, None
    count = collections.Counter()
    for line in open(path):
        fields = line.split(None, 4)
        if len(fields) < 5 or fields[0] == "VMA":
            continue
        name = fields[4].strip()
        column = len(line.rstrip("\n")) - len(name)
        if ":(" not in name and column < 60:  # an output section
            in_text, current = name == ".text", None
        elif ":(" in name and name.endswith(")"):  # an input section
            current = (int(fields[0], 16), int(fields[2], 16), name)
            if in_text and current[1] > 0:
                sections.append(current)
            else:
                current = None
        else:  # a symbol
            count[name] += 1
            if current:
                names[current].append(name)
    sections.sort()
    return sections, names, count


def executed(path, binary_suffixes):
    addresses, inside = set(), False
    for line in open(path):
        if line.startswith("ob="):
            inside = line.rstrip().endswith(binary_suffixes)
        elif inside and line.startswith("0x"):
            addresses.add(int(line.split()[0], 16))
    return sorted(addresses)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sections, names, count = read_map(sys.argv[1])
    starts = [s[0] for s in sections]
    drags = collections.Counter()  # bytes a name would move: every section it is defined in
    for section, defined in names.items():
        for name in set(defined):
            drags[name] += section[1]
    placed, order, unnamed = set(), [], 0
    for path in sys.argv[2:]:
        ran = []
        for address in executed(path, ("/kimdoc", "/kimdoc.debugless")):
            i = bisect.bisect_right(starts, address) - 1
            if i >= 0 and address < sections[i][0] + sections[i][1] and sections[i] not in placed:
                placed.add(sections[i])
                ran.append(sections[i])
        for section in sorted(ran):  # in the order the code had, which keeps its neighbours
            candidates = names.get(section, [])
            alone = [n for n in candidates if count[n] == 1]
            shared = min(candidates, key=lambda n: drags[n], default=None)
            if alone:
                order.append(alone[0])
            elif shared and drags[shared] <= section[1] + 8192:
                order.append(shared)
            else:
                unnamed += 1
    size = sum(s[1] for s in placed)
    print(f"link-order: {len(order)} names for {len(placed)} sections ({size / 1048576:.2f} MiB) that ran; "
          f"{unnamed} without a name of their own stay where they are", file=sys.stderr)
    print("\n".join(order))


main()
