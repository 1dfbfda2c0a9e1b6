package org.facteur.imap.protocol;

import java.util.ArrayList;
import java.util.List;

/** The capability list (RFC 3501 7.2.1) in one place, by connection state. */
public final class Capabilities {

    private Capabilities() {
    }

    /**
     * @param tls           the connection is encrypted
     * @param authenticated the user has logged in
     * @param plaintextAuth LOGIN and AUTHENTICATE allowed without TLS
     * @param appendLimit   the largest message APPEND accepts (RFC 7889)
     */
    public static String line(boolean tls, boolean authenticated, boolean plaintextAuth, long appendLimit) {
        List<String> caps = new ArrayList<>(List.of(
                "IMAP4rev1",
                "IMAP4rev2",     // RFC 9051, after ENABLE IMAP4rev2 (RFC 9051 6.3.1)
                "LITERAL+",      // RFC 7888
                "SASL-IR",       // RFC 4959
                "ID",            // RFC 2971
                "ENABLE",        // RFC 5161
                "IDLE",          // RFC 2177
                "NAMESPACE",     // RFC 2342
                "UIDPLUS",       // RFC 4315
                "MULTIAPPEND",   // RFC 3502
                "CATENATE",      // RFC 4469
                "MOVE",          // RFC 6851
                "UNSELECT",      // RFC 3691
                "CHILDREN",      // RFC 3348
                "LIST-EXTENDED", // RFC 5258
                "LIST-STATUS",   // RFC 5819
                "SPECIAL-USE",   // RFC 6154
                "ESEARCH",       // RFC 4731
                "SEARCHRES",     // RFC 5182
                "WITHIN",        // RFC 5032
                "CREATE-SPECIAL-USE", // RFC 6154 3
                "CONDSTORE",     // RFC 7162 3.1
                "QRESYNC",       // RFC 7162 3.2
                "NOTIFY",        // RFC 5465
                "SORT",          // RFC 5256
                "SORT=DISPLAY",  // RFC 5957: DISPLAYFROM, DISPLAYTO
                "ESORT",         // RFC 5267 3.1
                "CONTEXT=SEARCH", // RFC 5267 4: UPDATE, PARTIAL, CANCELUPDATE for SEARCH
                "CONTEXT=SORT",  // RFC 5267 4: the same for SORT
                "THREAD=ORDEREDSUBJECT", // RFC 5256 3
                "THREAD=REFERENCES",     // RFC 5256 3
                "STATUS=SIZE",   // RFC 8438
                "COMPRESS=DEFLATE", // RFC 4978
                "BINARY",        // RFC 3516
                "QUOTA",         // RFC 9208 3.1
                "QUOTA=RES-STORAGE", // RFC 9208 5.1
                "APPENDLIMIT=" + appendLimit)); // RFC 7889
        if (!authenticated) {
            if (!tls) {
                caps.add("STARTTLS"); // RFC 3501 6.2.1
            }
            if (tls || plaintextAuth) {
                caps.add("AUTH=PLAIN"); // RFC 4616
            } else {
                caps.add("LOGINDISABLED"); // RFC 3501 6.2.3
            }
        }
        return String.join(" ", caps);
    }
}
