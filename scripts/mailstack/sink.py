#!/usr/bin/python3
"""The internet's mail servers for scripts/e2e-mailstack: a small SMTP server that accepts
recipients whose local part starts with "ok", answers 451 4.7.1 to those whose local part starts
with "defer" (the sending MTA keeps the message in its deferred queue) and refuses every other
recipient with 550. Each accepted recipient of each accepted message is appended to the record
file as one JSON line, so the driver counts `sent` from what arrived, not from the MTA's log;
each 451 and each completed STARTTLS handshake is appended as a line with an "event" member.

With TLS_PORT, CERT and KEY it also listens on TLS_PORT, where EHLO offers STARTTLS with that
(self-made) certificate.

usage: sink.py ADDR PORT RECORD_FILE [TLS_PORT CERT KEY]
"""
import asyncio
import json
import ssl
import sys

MAX_LINE = 4096
MAX_MESSAGE = 1 << 20


class Session:
    def __init__(self, reader, writer, record, tls):
        self.reader, self.writer, self.record, self.tls = reader, writer, record, tls
        self.reset()

    def note(self, entry):
        with open(self.record, "a") as out:
            out.write(json.dumps(entry) + "\n")

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
                starttls = "250-STARTTLS\r\n" if self.tls is not None else ""
                await self.reply("250-sink.example.net\r\n250-8BITMIME\r\n%s250 SIZE %d" % (starttls, MAX_MESSAGE)
                                 if verb == "EHLO" else "250 sink.example.net")
            elif verb == "STAR" and command.upper() == "STARTTLS" and self.tls is not None:
                await self.reply("220 2.0.0 Ready to start TLS")
                await self.writer.start_tls(self.tls)
                self.tls = None
                self.reset()
                self.note({"event": "starttls"})
            elif verb == "MAIL":
                self.reset()
                self.sender = command[10:].strip().split(" ")[0].strip("<>")
                await self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = command[8:].strip().split(" ")[0].strip("<>")
                local = address.split("@")[0]
                if local.startswith("ok"):
                    self.recipients.append(address)
                    await self.reply("250 2.1.5 Ok")
                elif local.startswith("defer"):
                    self.note({"event": "deferred", "to": address})
                    await self.reply("451 4.7.1 <%s>: Recipient address rejected: try again later" % address)
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
                for r in self.recipients:
                    self.note({"from": self.sender, "to": r})
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


async def main(addr, port, record, tls_port=None, cert=None, key=None):
    def handler(tls):
        async def handle(reader, writer):
            try:
                await Session(reader, writer, record, tls).serve()
            except (EOFError, ConnectionError, asyncio.TimeoutError, ssl.SSLError):
                pass
            finally:
                writer.close()
        return handle

    servers = [await asyncio.start_server(handler(None), addr, port, limit=MAX_LINE * 2)]
    if tls_port is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        servers.append(await asyncio.start_server(handler(context), addr, tls_port, limit=MAX_LINE * 2))
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    if len(sys.argv) not in (4, 7):
        sys.exit("usage: sink.py ADDR PORT RECORD_FILE [TLS_PORT CERT KEY]")
    tls = (int(sys.argv[4]), sys.argv[5], sys.argv[6]) if len(sys.argv) == 7 else ()
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], *tls))
