package org.facteur.pop3.protocol;

import java.util.List;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Response;

/** Status lines and the extended response codes of RFC 2449 8 and RFC 3206, in one place. */
final class Replies {

    /** RFC 3206 5: the failure is about the credentials, not the system. */
    static final String AUTH = "[AUTH]";
    /** RFC 3206 4: a temporary system failure; trying later may work. */
    static final String SYS_TEMP = "[SYS/TEMP]";
    /** RFC 3206 4: a permanent system failure. */
    static final String SYS_PERM = "[SYS/PERM]";

    static final String PLAINTEXT_REFUSED =
            "Plaintext authentication disallowed on non-secure connections, use STLS first";

    private Replies() {
    }

    static Response ok(String text) {
        return new POP3Response(POP3Response.OK_RESPONSE, text);
    }

    static Response err(String text) {
        return new POP3Response(POP3Response.ERR_RESPONSE, text);
    }

    static Response err(String code, String text) {
        return new POP3Response(POP3Response.ERR_RESPONSE, code + " " + text);
    }

    /** A reply after which the server closes the connection. */
    static Response closing(String status, String text) {
        POP3Response r = new POP3Response(status, text);
        r.setEndSession(true);
        return r;
    }

    /** "+ " asks for the next SASL response line (RFC 5034 4). */
    static Response continuation() {
        return new Response() {
            @Override
            public String getRetCode() {
                return "+";
            }

            @Override
            public List<CharSequence> getLines() {
                return List.of("+ ");
            }

            @Override
            public boolean isEndSession() {
                return false;
            }
        };
    }

    /** +OK, a line per entry, and the termination line (RFC 1939 3). */
    static Response multiLine(String text, List<String> lines) {
        POP3Response r = new POP3Response(POP3Response.OK_RESPONSE, text);
        lines.forEach(r::appendLine);
        r.appendLine(".");
        return r;
    }
}
