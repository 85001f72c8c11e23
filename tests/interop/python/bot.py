#!/usr/bin/env python3
"""A minimal Fpx bot on the independent msgpack package (Debian python3-msgpack) and the
standard library only. Run with /usr/bin/python3.

  bot.py HOST PORT [SECRET]

Calls ping, three decides (one forced to fp16), then 20 pipelined decides whose responses may
come back in any order, and prints one JSON line per result:
  {"ping": "pong"}
  {"id": 2, "tokens": [1, 2, 3], "action": 1, "probs": [...], "variant": "fp16", "deadline_met": true}
  {"pipelined": 20, "distinct_ids": 20, "errors": 0}
Exits 1 (message on stderr) on any protocol surprise.
"""
import json
import socket
import sys

import msgpack


class Bot:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.unpacker = msgpack.Unpacker(raw=False)
        self.next_id = 0

    def send(self, method, params):
        self.next_id += 1
        self.sock.sendall(msgpack.packb([0, self.next_id, method, params], use_bin_type=True))
        return self.next_id

    def receive(self):
        while True:
            for message in self.unpacker:
                if message[0] != 1:
                    raise SystemExit(f"expected a response, got {message!r}")
                return message
            data = self.sock.recv(65536)
            if not data:
                raise SystemExit("the host closed the connection")
            self.unpacker.feed(data)

    def call(self, method, params):
        msgid = self.send(method, params)
        response = self.receive()
        if response[1] != msgid:
            raise SystemExit(f"expected msgid {msgid}, got {response[1]}")
        if response[2] is not None:
            raise SystemExit(f"{method} failed: {response[2]}")
        return response[3]


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    bot = Bot(host, port)
    if len(sys.argv) > 3:
        bot.call("auth", [sys.argv[3]])
    print(json.dumps({"ping": bot.call("ping", [])}))
    for tokens, variant in (([1, 2, 3], "fp16"), ([4, 5], None), ([6], None)):
        request = {"task": "demo", "tokens": tokens, "budget_us": 1_000_000}
        if variant:
            request["variant"] = variant
        result = bot.call("decide", [request])
        print(json.dumps({"id": bot.next_id, "tokens": tokens, "action": result["action"], "probs": result["probs"],
                          "variant": result["variant"], "deadline_met": result["deadline_met"]}))
    sent = [bot.send("decide", [{"task": "trade", "tokens": [i, i + 1], "budget_us": 1_000_000}]) for i in range(20)]
    seen, errors = set(), 0
    for _ in sent:
        response = bot.receive()
        seen.add(response[1])
        errors += response[2] is not None
    if seen != set(sent):
        raise SystemExit(f"pipelined msgids {sorted(seen)} != {sent}")
    print(json.dumps({"pipelined": len(sent), "distinct_ids": len(seen), "errors": errors}))


if __name__ == "__main__":
    main()
