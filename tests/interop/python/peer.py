#!/usr/bin/env python3
"""Interop peer for the Fpx.Protocol tests, built on the independent msgpack package
(Debian python3-msgpack). Run with /usr/bin/python3.

  peer.py decode SPEC.json IN.msgpack OUT.msgpack
      Decodes every value in IN with msgpack.Unpacker, checks each against its typed
      description in SPEC, and re-encodes them all with msgpack.Packer into OUT.
  peer.py encode SPEC.json OUT.msgpack
      Encodes every described value with msgpack.Packer into OUT.

SPEC is a JSON array with one typed description per value:
  ["nil"] ["bool", b] ["int", "<decimal>"] ["f32", "<8 hex digits>"] ["f64", "<16 hex digits>"]
  ["str", s] ["bin", "<hex>"] ["ext", type, "<hex>"] ["ts", "<seconds>", nanoseconds]
  ["arr", [items...]] ["map", [[key, value], ...]]
Exits 1 with the first mismatch on stderr.
"""
import json
import math
import struct
import sys

import msgpack
from msgpack import ExtType, Timestamp


class Pairs(list):
    """A map as decoded: ordered (key, value) pairs, so duplicate and unhashable keys survive."""


class F32(float):
    """A float that must be packed as float 32."""


class Mismatch(Exception):
    pass


def f32_from_hex(text):
    return struct.unpack(">f", bytes.fromhex(text))[0]


def same_float(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def check(v, spec, path):
    t = spec[0]
    if t == "nil":
        ok = v is None
    elif t == "bool":
        ok = type(v) is bool and v == spec[1]
    elif t == "int":
        ok = type(v) is int and v == int(spec[1])
    elif t == "f32":
        ok = type(v) is float and same_float(v, f32_from_hex(spec[1]))
    elif t == "f64":
        ok = type(v) is float and struct.pack(">d", v).hex() == spec[1]
    elif t == "str":
        ok = type(v) is str and v == spec[1]
    elif t == "bin":
        ok = type(v) is bytes and v.hex() == spec[1]
    elif t == "ext":
        ok = isinstance(v, ExtType) and v.code == spec[1] and v.data.hex() == spec[2]
    elif t == "ts":
        ok = isinstance(v, Timestamp) and v.seconds == int(spec[1]) and v.nanoseconds == spec[2]
    elif t == "arr":
        ok = type(v) is list and len(v) == len(spec[1])
        if ok:
            for i, (item, item_spec) in enumerate(zip(v, spec[1])):
                check(item, item_spec, f"{path}[{i}]")
    elif t == "map":
        ok = isinstance(v, Pairs) and len(v) == len(spec[1])
        if ok:
            for i, ((k, x), (k_spec, x_spec)) in enumerate(zip(v, spec[1])):
                check(k, k_spec, f"{path}{{key {i}}}")
                check(x, x_spec, f"{path}{{value {i}}}")
    else:
        raise Mismatch(f"{path}: unknown description {t!r}")
    if not ok:
        raise Mismatch(f"{path}: expected {str(spec)[:200]}, decoded {str(v)[:200]}")


def native(spec):
    t = spec[0]
    if t == "nil":
        return None
    if t == "bool":
        return bool(spec[1])
    if t == "int":
        return int(spec[1])
    if t == "f32":
        return F32(f32_from_hex(spec[1]))
    if t == "f64":
        return struct.unpack(">d", bytes.fromhex(spec[1]))[0]
    if t == "str":
        return spec[1]
    if t == "bin":
        return bytes.fromhex(spec[1])
    if t == "ext":
        return ExtType(spec[1], bytes.fromhex(spec[2]))
    if t == "ts":
        return Timestamp(int(spec[1]), spec[2])
    if t == "arr":
        return [native(item) for item in spec[1]]
    if t == "map":
        return Pairs((native(k), native(v)) for k, v in spec[1])
    raise Mismatch(f"unknown description {t!r}")


PACKER = msgpack.Packer(use_bin_type=True, autoreset=True)
SINGLE = msgpack.Packer(use_bin_type=True, autoreset=True, use_single_float=True)


def pack(v, out):
    # Containers are walked here so that maps keep their order and duplicate keys;
    # every header and scalar is still written by msgpack's own Packer.
    if isinstance(v, Pairs):
        out += PACKER.pack_map_header(len(v))
        for k, x in v:
            pack(k, out)
            pack(x, out)
    elif isinstance(v, list):
        out += PACKER.pack_array_header(len(v))
        for item in v:
            pack(item, out)
    elif isinstance(v, F32):
        out += SINGLE.pack(float(v))
    else:
        out += PACKER.pack(v)


def main(argv):
    if len(argv) == 5 and argv[1] == "decode":
        specs = json.load(open(argv[2], encoding="utf-8"))
        data = open(argv[3], "rb").read()
        unpacker = msgpack.Unpacker(
            raw=False, strict_map_key=False, use_list=True, object_pairs_hook=Pairs,
            timestamp=0, max_buffer_size=max(len(data), 1 << 20))
        unpacker.feed(data)
        values = list(unpacker)
        if len(values) != len(specs):
            raise Mismatch(f"decoded {len(values)} values, expected {len(specs)}")
        out = bytearray()
        for i, (v, spec) in enumerate(zip(values, specs)):
            check(v, spec, f"value {i}")
            pack(v, out)
        open(argv[4], "wb").write(out)
    elif len(argv) == 4 and argv[1] == "encode":
        specs = json.load(open(argv[2], encoding="utf-8"))
        out = bytearray()
        for spec in specs:
            pack(native(spec), out)
        open(argv[3], "wb").write(out)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(f"python msgpack {'.'.join(map(str, msgpack.version))}: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Mismatch as e:
        print(f"mismatch: {e}", file=sys.stderr)
        sys.exit(1)
