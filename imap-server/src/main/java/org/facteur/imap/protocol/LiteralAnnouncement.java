package org.facteur.imap.protocol;

/**
 * The announcement that ends a line before literal data (RFC 3501 9): {@code {n}} synchronizing,
 * {@code {n+}} LITERAL+ and {@code {n-}} LITERAL- (RFC 7888), each optionally after {@code ~}
 * (literal8, RFC 3516).
 */
record LiteralAnnouncement(long length, boolean synchronizing) {

    /** Literals longer than this are refused whatever the limits (ten digits at most). */
    private static final int MAX_DIGITS = 10;

    static boolean endsWith(byte[] line) {
        return start(line) >= 0;
    }

    /** Where the announcement begins ({@code ~} or '{'), or -1 if the line does not end with one. */
    static int start(byte[] line) {
        int i = line.length - 1;
        if (i < 2 || line[i] != '}') {
            return -1;
        }
        i--;
        if (line[i] == '+' || line[i] == '-') {
            i--;
        }
        int digitsEnd = i;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            i--;
        }
        int digits = digitsEnd - i;
        if (digits == 0 || digits > MAX_DIGITS || i < 0 || line[i] != '{') {
            return -1;
        }
        return i > 0 && line[i - 1] == '~' ? i - 1 : i;
    }

    /** The announcement that ends {@code line}, or null. */
    static LiteralAnnouncement of(byte[] line) {
        int start = start(line);
        if (start < 0) {
            return null;
        }
        int open = line[start] == '~' ? start + 1 : start;
        int end = line.length - 1;
        boolean nonSync = line[end - 1] == '+' || line[end - 1] == '-';
        long n = Long.parseLong(new String(line, open + 1, (nonSync ? end - 1 : end) - open - 1,
                java.nio.charset.StandardCharsets.US_ASCII));
        return new LiteralAnnouncement(n, !nonSync);
    }
}
