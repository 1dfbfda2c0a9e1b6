"""Python's imaplib with COMPRESS=DEFLATE (RFC 4978) added the way a client adds it: zlib raw
deflate (wbits -15) both ways. Driven by CompressedClientsTest over stdin/stdout:
argv: port user password uid-of-the-large-message. Prints IDLING, then waits for a line on
stdin (the test delivers a message), prints EXISTS <ms>, then FETCHED <length> <sha256>."""
import hashlib
import imaplib
import ssl
import sys
import time
import zlib

imaplib.Commands['COMPRESS'] = ('AUTH', 'SELECTED')


class CompressedIMAP(imaplib.IMAP4_SSL):
    inflate = None

    def compress(self):
        typ, data = self._simple_command('COMPRESS', 'DEFLATE')
        if typ != 'OK':
            raise SystemExit('COMPRESS refused: %r' % data)
        self.deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.inflate = zlib.decompressobj(-15)
        self.pending = b''
        self.wire = 0

    def send(self, data):
        if self.inflate is not None:
            data = self.deflate.compress(data) + self.deflate.flush(zlib.Z_SYNC_FLUSH)
        super().send(data)

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise imaplib.IMAP4.abort('connection closed')
        self.wire += len(chunk)
        self.pending += self.inflate.decompress(chunk)

    def read(self, size):
        if self.inflate is None:
            return super().read(size)
        while len(self.pending) < size:
            self.fill()
        data, self.pending = self.pending[:size], self.pending[size:]
        return data

    def readline(self):
        if self.inflate is None:
            return super().readline()
        while b'\n' not in self.pending:
            self.fill()
        end = self.pending.index(b'\n') + 1
        line, self.pending = self.pending[:end], self.pending[end:]
        return line


def main():
    port, user, password, big_uid = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    imap = CompressedIMAP('127.0.0.1', port, ssl_context=context)
    imap.login(user, password)
    imap.compress()
    imap.select('INBOX')

    tag = imap._new_tag()
    imap.send(tag + b' IDLE\r\n')
    if not imap.readline().startswith(b'+'):
        raise SystemExit('IDLE refused')
    print('IDLING', flush=True)
    sys.stdin.readline()
    start = time.monotonic()
    line = imap.readline()
    while not line.endswith(b'EXISTS\r\n'):
        line = imap.readline()
    print('EXISTS %d' % int((time.monotonic() - start) * 1000), flush=True)
    imap.send(b'DONE\r\n')
    while not imap.readline().startswith(tag + b' OK'):
        pass

    before = imap.wire
    typ, data = imap.uid('FETCH', big_uid, '(BODY.PEEK[])')
    if typ != 'OK':
        raise SystemExit('FETCH failed: %r' % data)
    body = data[0][1]
    print('FETCHED %d %s %d' % (len(body), hashlib.sha256(body).hexdigest(), imap.wire - before), flush=True)
    imap.logout()


main()
