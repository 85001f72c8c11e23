// Interop peer for the Fpx.Protocol tests, built on the independent @msgpack/msgpack package
// (pinned in package.json; install with `npm ci --prefix tests/interop/node`).
//
//   node peer.mjs decode SPEC.json IN.msgpack OUT.msgpack
//       Decodes every value in IN, checks each against its typed description in SPEC, and
//       re-encodes them all with @msgpack/msgpack's Encoder into OUT.
//   node peer.mjs encode SPEC.json OUT.msgpack
//       Encodes every described value into OUT.
//
// SPEC is the same typed description as tests/interop/python/peer.py documents. What JavaScript
// cannot express is the test's business, not this script's: it is given only maps with distinct
// str keys and timestamps whose seconds fit a double exactly. Its encoder writes every number
// that is a safe integer in [-2^31, 2^32) as an int and every other number as float 64, and
// int 64 / uint 64 values travel as bigint (useBigInt64).
import { readFileSync, writeFileSync } from "node:fs";
import { Decoder, Encoder, ExtData, ExtensionCodec, decodeTimestampToTimeSpec, encodeTimeSpecToTimestamp } from "@msgpack/msgpack";

class Ts {
  constructor(sec, nsec) {
    this.sec = sec;
    this.nsec = nsec;
  }
}

// Replace the built-in timestamp decoder (which returns a millisecond Date) with one that keeps
// seconds and nanoseconds, using the library's own TimeSpec codec.
const codec = new ExtensionCodec();
codec.register({
  type: -1,
  encode: (o) => (o instanceof Ts ? encodeTimeSpecToTimestamp(o) : null),
  decode: (data) => {
    const t = decodeTimestampToTimeSpec(data);
    return new Ts(t.sec, t.nsec);
  },
});
const decoder = new Decoder({ useBigInt64: true, extensionCodec: codec });
const encoder = new Encoder({ useBigInt64: true, extensionCodec: codec });

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
const f32 = (h) => Buffer.from(h, "hex").readFloatBE(0);
const f64 = (h) => Buffer.from(h, "hex").readDoubleBE(0);
const same = (a, b) => (Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b));

class Mismatch extends Error {}

function check(v, spec, path) {
  const [t] = spec;
  let ok;
  switch (t) {
    case "nil": ok = v === null; break;
    case "bool": ok = v === spec[1]; break;
    case "int": ok = (typeof v === "bigint" || Number.isInteger(v)) && BigInt(v) === BigInt(spec[1]); break;
    case "f32": ok = typeof v === "number" && same(v, f32(spec[1])); break;
    case "f64": ok = typeof v === "number" && same(v, f64(spec[1])); break;
    case "str": ok = v === spec[1]; break;
    case "bin": ok = v instanceof Uint8Array && hex(v) === spec[1]; break;
    case "ext": ok = v instanceof ExtData && v.type === spec[1] && hex(v.data) === spec[2]; break;
    case "ts": ok = v instanceof Ts && BigInt(v.sec) === BigInt(spec[1]) && v.nsec === spec[2]; break;
    case "arr":
      ok = Array.isArray(v) && v.length === spec[1].length;
      if (ok) spec[1].forEach((s, i) => check(v[i], s, `${path}[${i}]`));
      break;
    case "map": {
      ok = v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)
        && Object.keys(v).length === spec[1].length;
      if (ok) {
        for (const [k, x] of spec[1]) {
          if (k[0] !== "str" || !Object.hasOwn(v, k[1])) throw new Mismatch(`${path}: missing key ${JSON.stringify(k)}`);
          check(v[k[1]], x, `${path}.${k[1]}`);
        }
      }
      break;
    }
    default: throw new Mismatch(`${path}: unknown description ${t}`);
  }
  if (!ok) {
    throw new Mismatch(`${path}: expected ${JSON.stringify(spec).slice(0, 200)}, decoded ${String(v).slice(0, 200)}`);
  }
}

function native(spec) {
  const [t] = spec;
  switch (t) {
    case "nil": return null;
    case "bool": return spec[1];
    case "int": {
      const n = BigInt(spec[1]);
      return n >= -(2n ** 31n) && n < 2n ** 32n ? Number(n) : n;
    }
    case "f32": return f32(spec[1]);
    case "f64": return f64(spec[1]);
    case "str": return spec[1];
    case "bin": return Buffer.from(spec[1], "hex");
    case "ext": return new ExtData(spec[1], Buffer.from(spec[2], "hex"));
    case "ts": return new Ts(Number(spec[1]), spec[2]);
    case "arr": return spec[1].map(native);
    case "map": {
      const o = {};
      for (const [k, x] of spec[1]) o[k[1]] = native(x);
      return o;
    }
    default: throw new Mismatch(`unknown description ${t}`);
  }
}

function encodeAll(values) {
  const parts = values.map((v) => Buffer.from(encoder.encode(v)));
  return Buffer.concat(parts);
}

try {
  const [, , mode, specPath, a, b] = process.argv;
  const specs = JSON.parse(readFileSync(specPath, "utf8"));
  if (mode === "decode") {
    const values = [...decoder.decodeMulti(readFileSync(a))];
    if (values.length !== specs.length) throw new Mismatch(`decoded ${values.length} values, expected ${specs.length}`);
    values.forEach((v, i) => check(v, specs[i], `value ${i}`));
    writeFileSync(b, encodeAll(values));
  } else if (mode === "encode") {
    writeFileSync(a, encodeAll(specs.map(native)));
  } else {
    console.error("usage: node peer.mjs decode SPEC IN OUT | encode SPEC OUT");
    process.exit(2);
  }
  console.error("@msgpack/msgpack: ok");
} catch (e) {
  console.error(e instanceof Mismatch ? `mismatch: ${e.message}` : e.stack);
  process.exit(1);
}
