package org.facteur.imap.session;

/**
 * What a client has turned on for the rest of its connection (RFC 5161 ENABLE, and RFC 7162 3.1's
 * "CONDSTORE enabling commands"). Read and set on the session's serial executor only.
 */
public final class EnabledExtensions {

    private boolean condstore;
    private boolean qresync;
    private boolean imap4rev2;

    /** RFC 7162 3.1: every later untagged FETCH carries MODSEQ (and UID, 3.2.4). */
    public boolean condstore() {
        return condstore;
    }

    /** RFC 7162 3.2.3: VANISHED instead of EXPUNGE, SELECT (QRESYNC ...), UID FETCH (VANISHED). */
    public boolean qresync() {
        return qresync;
    }

    /**
     * RFC 9051 (ENABLE IMAP4rev2): no {@code \Recent} nor RECENT, ESEARCH answers to SEARCH, a LIST
     * response in SELECT; the README's IMAP4rev2 section lists every difference.
     */
    public boolean imap4rev2() {
        return imap4rev2;
    }

    public void enableImap4rev2() {
        imap4rev2 = true;
    }

    /** Returns whether it was off until now. */
    public boolean enableCondstore() {
        boolean first = !condstore;
        condstore = true;
        return first;
    }

    /** RFC 7162 3.2.3: QRESYNC implies CONDSTORE. */
    public void enableQresync() {
        condstore = true;
        qresync = true;
    }
}
