#!/usr/bin/python3
"""The internet's mail servers for scripts/e2e-mailstack: a small SMTP server that accepts
recipients whose local part starts with "ok" and refuses every other recipient with 550.
Each accepted recipient of each accepted message is appended to the record file as one JSON
line, so the driver counts `sent` from what arrived, not from the MTA's log.

usage: sink.py ADDR PORT RECORD_FILE
"""
import asyncio
import json
import sys

MAX_LINE = 4096
MAX_MESSAGE = 1 << 20


class Session:
    def __init__(self, reader, writer, record):
        self.reader, self.writer, self.record = reader, writer, record
        self.reset()

    def reset(self):
        self.sender, self.recipients = None, []

    async def reply(self, text):
        self.writer.write((text + "\r\n").encode())
        await self.writer.drain()

    async def line(self):
        raw = await asyncio.wait_for(self.reader.readline(), 60)
        if not raw:
            raise EOFError
        return raw[:MAX_LINE].decode("latin-1").rstrip("\r\n")

    async def serve(self):
        await self.reply("220 sink.example.net ESMTP")
        while True:
            command = await self.line()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                await self.reply("250-sink.example.net\r\n250-8BITMIME\r\n250 SIZE %d" % MAX_MESSAGE
                                 if verb == "EHLO" else "250 sink.example.net")
            elif verb == "MAIL":
                self.reset()
                self.sender = command[10:].strip().split(" ")[0].strip("<>")
                await self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = command[8:].strip().split(" ")[0].strip("<>")
                if address.split("@")[0].startswith("ok"):
                    self.recipients.append(address)
                    await self.reply("250 2.1.5 Ok")
                else:
                    await self.reply("550 5.1.1 <%s>: Recipient address rejected: no such user" % address)
            elif verb == "DATA":
                if not self.recipients:
                    await self.reply("554 5.5.1 No valid recipients")
                    continue
                await self.reply("354 End data with <CR><LF>.<CR><LF>")
                size = 0
                while (data := await self.line()) != ".":
                    size += len(data)
                    if size > MAX_MESSAGE:
                        raise EOFError
                with open(self.record, "a") as out:
                    for r in self.recipients:
                        out.write(json.dumps({"from": self.sender, "to": r}) + "\n")
                await self.reply("250 2.0.0 Ok: queued as SINK%d" % size)
                self.reset()
            elif verb == "RSET":
                self.reset()
                await self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                await self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                await self.reply("221 2.0.0 Bye")
                return
            else:
                await self.reply("502 5.5.2 Error: command not recognized")


async def main(addr, port, record):
    async def handle(reader, writer):
        try:
            await Session(reader, writer, record).serve()
        except (EOFError, ConnectionError, asyncio.TimeoutError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, addr, port, limit=MAX_LINE * 2)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: sink.py ADDR PORT RECORD_FILE")
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3]))
