// A minimal Fpx bot on @msgpack/msgpack (the version package-lock.json pins).
//
//   node bot.mjs HOST PORT [SECRET]
//
// Calls ping, three decides (one forced to fp16), then 20 pipelined decides whose responses may
// come back in any order, and prints one JSON line per result (same lines as python/bot.py).
// Exits 1 with a message on stderr on any protocol surprise.
import net from "node:net";
import { encode, decodeMultiStream } from "@msgpack/msgpack";

const [host, port, secret] = process.argv.slice(2);
const socket = net.createConnection({ host, port: Number(port), noDelay: true });
const messages = decodeMultiStream(socket)[Symbol.asyncIterator]();
let nextId = 0;

function fail(message) {
  console.error(message);
  process.exit(1);
}

function send(method, params) {
  nextId += 1;
  socket.write(encode([0, nextId, method, params]));
  return nextId;
}

async function receive() {
  const { value, done } = await messages.next();
  if (done) fail("the host closed the connection");
  if (value[0] !== 1) fail(`expected a response, got ${JSON.stringify(value)}`);
  return value;
}

async function call(method, params) {
  const id = send(method, params);
  const [, msgid, error, result] = await receive();
  if (msgid !== id) fail(`expected msgid ${id}, got ${msgid}`);
  if (error !== null) fail(`${method} failed: ${JSON.stringify(error)}`);
  return result;
}

await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("error", reject); });
if (secret) await call("auth", [secret]);
console.log(JSON.stringify({ ping: await call("ping", []) }));
for (const [tokens, variant] of [[[1, 2, 3], "fp16"], [[4, 5], null], [[6], null]]) {
  const request = { task: "demo", tokens, budget_us: 1_000_000 };
  if (variant) request.variant = variant;
  const r = await call("decide", [request]);
  console.log(JSON.stringify({ id: nextId, tokens, action: r.action, probs: r.probs, variant: r.variant, deadline_met: r.deadline_met }));
}
const sent = [];
for (let i = 0; i < 20; i++) sent.push(send("decide", [{ task: "trade", tokens: [i, i + 1], budget_us: 1_000_000 }]));
const seen = new Set();
let errors = 0;
for (let i = 0; i < sent.length; i++) {
  const [, msgid, error] = await receive();
  seen.add(msgid);
  if (error !== null) errors += 1;
}
if (seen.size !== sent.length || !sent.every((id) => seen.has(id))) fail(`pipelined msgids ${[...seen]} != ${sent}`);
console.log(JSON.stringify({ pipelined: sent.length, distinct_ids: seen.size, errors }));
socket.end();
