package org.facteur.pop3.transfer;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message as the body of a POP3 multi-line response (RFC 1939 3): every line that begins with
 * "." gets one more "." (byte-stuffing), every line ends with CRLF, a message whose last line has
 * no line end gets one, and the response ends with the termination line ".CRLF".
 *
 * <p>For TOP (RFC 1939 7) the stream stops after the header, the empty line that ends it and at
 * most {@code bodyLines} lines of the body. The message is read in chunks as the socket drains
 * the stream, so a large message never sits in memory.
 *
 * <p>Stored messages have CRLF line ends; a bare LF (a file written by a foreign tool) is sent as
 * CRLF, as the protocol requires. Other bytes pass unchanged.
 */
public final class MultiLineStream extends InputStream {

    /** {@code bodyLines} meaning the whole message (RETR). */
    public static final long WHOLE_MESSAGE = -1;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] TERMINATION = {DOT, CR, LF};

    private final InputStream message;
    private final long bodyLines;

    /** Input read per chunk at most; also Netty's ChunkedStream chunk size, so one TLS record. */
    private static final int MAX_CHUNK = 8192;
    private static final int MIN_CHUNK = 64;

    private final byte[] in;
    private int inPos;
    private int inLimit;

    /** Bytes produced but not yet handed out; at most two per input byte plus the ending. */
    private final byte[] out;
    private int outPos;
    private int outLimit;

    private boolean atLineStart = true;
    private boolean lastWasCr;
    private boolean inBody;
    private boolean currentLineEmpty = true;
    private long bodyLinesSent;
    private boolean sourceDone;
    private boolean finished;

    private final byte[] one = new byte[1];
    private byte[] statusLine;

    private MultiLineStream(InputStream message, long bodyLines, byte[] statusLine, int chunk) {
        this.in = new byte[chunk];
        this.out = new byte[2 * chunk + TERMINATION.length + 2];
        this.message = message;
        this.bodyLines = bodyLines;
        this.statusLine = statusLine;
    }

    /** The RETR response body of a message. */
    public static MultiLineStream whole(InputStream message) {
        return new MultiLineStream(message, WHOLE_MESSAGE, new byte[0], MAX_CHUNK);
    }

    /** The TOP response body: header, the empty line, and at most {@code bodyLines} body lines. */
    public static MultiLineStream top(InputStream message, long bodyLines) {
        return new MultiLineStream(message, checked(bodyLines), new byte[0], MAX_CHUNK);
    }

    /**
     * The whole response, status line first: one write, so a small message goes out in one TLS
     * record. {@code statusLine} ends with CRLF.
     */
    public static MultiLineStream withStatus(byte[] statusLine, InputStream message, long bodyLines) {
        return withStatus(statusLine, message, bodyLines, MAX_CHUNK);
    }

    /**
     * As {@link #withStatus(byte[], InputStream, long)}, for a message of about {@code sizeHint}
     * bytes: a small message gets buffers its size (they are allocated per response), a large
     * one 8 KB chunks. A wrong hint costs speed, never correctness.
     */
    public static MultiLineStream withStatus(byte[] statusLine, InputStream message, long bodyLines, long sizeHint) {
        int chunk = (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, sizeHint + 1));
        return new MultiLineStream(message, bodyLines == WHOLE_MESSAGE ? bodyLines : checked(bodyLines),
                statusLine.clone(), chunk);
    }

    private static long checked(long bodyLines) {
        if (bodyLines < 0) {
            throw new IllegalArgumentException("negative line count");
        }
        return bodyLines;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    /** Fills {@code b} as far as the message allows, so that callers get full chunks. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        if (statusLine.length > 0) {
            n = Math.min(len, statusLine.length);
            System.arraycopy(statusLine, 0, b, off, n);
            statusLine = java.util.Arrays.copyOfRange(statusLine, n, statusLine.length);
        }
        while (n < len) {
            if (outPos == outLimit) {
                if (finished) {
                    break;
                }
                fill();
                continue;
            }
            int k = Math.min(len - n, outLimit - outPos);
            System.arraycopy(out, outPos, b, off + n, k);
            outPos += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    /**
     * The bytes ready now, producing the next chunk first if none are: Netty's ChunkedStream sizes
     * its chunks (TLS records) by this, so it must not be a small number while more is coming.
     */
    @Override
    public int available() throws IOException {
        if (outPos == outLimit && !finished) {
            fill();
        }
        return statusLine.length + (outLimit - outPos);
    }

    /** Produces the next chunk of output from the next chunk of input (or the ending). */
    private void fill() throws IOException {
        outPos = 0;
        outLimit = 0;
        if (inPos == inLimit && !sourceDone) {
            int n = message.read(in, 0, in.length);
            if (n < 0) {
                sourceDone = true;
            } else {
                inPos = 0;
                inLimit = n;
            }
        }
        if (inPos == inLimit && sourceDone) {
            end();
            return;
        }
        // Copies whole runs up to each line end (most bytes need no change), with the loop's
        // state in locals: byte-at-a-time work over fields cost half the server's CPU per RETR.
        final byte[] src = in;
        final byte[] dst = out;
        int ip = inPos;
        final int il = inLimit;
        int ol = outLimit;
        while (ip < il) {
            if (atLineStart) {
                atLineStart = false;
                if (src[ip] == DOT) {
                    dst[ol++] = DOT; // RFC 1939 3: byte-stuff a leading termination octet
                }
            }
            int lf = ip;
            while (lf < il && src[lf] != LF) {
                lf++;
            }
            if (lf > ip) {
                System.arraycopy(src, ip, dst, ol, lf - ip);
                ol += lf - ip;
                if (currentLineEmpty) {
                    for (int k = ip; k < lf; k++) {
                        if (src[k] != CR) {
                            currentLineEmpty = false;
                            break;
                        }
                    }
                }
                lastWasCr = src[lf - 1] == CR;
                ip = lf;
            }
            if (ip == il) {
                break; // the line goes on in the next chunk
            }
            if (!lastWasCr) {
                dst[ol++] = CR; // a bare LF goes out as CRLF
            }
            dst[ol++] = LF;
            ip++;
            lastWasCr = false;
            if (endOfLine()) {
                inPos = ip;
                outLimit = ol;
                end();
                return;
            }
        }
        inPos = ip;
        outLimit = ol;
    }

    /** A line ended; says whether TOP has sent all it must. */
    private boolean endOfLine() {
        atLineStart = true;
        boolean wasEmpty = currentLineEmpty;
        currentLineEmpty = true;
        if (bodyLines == WHOLE_MESSAGE) {
            return false;
        }
        if (!inBody) {
            if (wasEmpty) {
                inBody = true; // RFC 5322 2.1: the first empty line ends the header
                return bodyLines == 0;
            }
            return false;
        }
        bodyLinesSent++;
        return bodyLinesSent >= bodyLines;
    }

    private void end() throws IOException {
        if (!atLineStart) {
            if (!lastWasCr) {
                out[outLimit++] = CR;
            }
            out[outLimit++] = LF; // a message without a final line end gets one
            atLineStart = true;
        }
        System.arraycopy(TERMINATION, 0, out, outLimit, TERMINATION.length);
        outLimit += TERMINATION.length;
        finished = true;
        message.close();
    }

    @Override
    public void close() throws IOException {
        finished = true;
        message.close();
    }
}
