package org.facteur.pop3.protocol;

/** The CAPA lines (RFC 2449 5, 6), in one place. */
enum Capability {
    TOP("TOP"),                         // RFC 2449 6.1
    UIDL("UIDL"),                       // RFC 2449 6.7
    USER("USER"),                       // RFC 2449 6.2
    SASL("SASL PLAIN"),                 // RFC 2449 6.3, RFC 5034 4
    RESP_CODES("RESP-CODES"),           // RFC 2449 6.4
    AUTH_RESP_CODE("AUTH-RESP-CODE"),   // RFC 3206 6
    PIPELINING("PIPELINING"),           // RFC 2449 6.6
    STLS("STLS"),                       // RFC 2595 4
    IMPLEMENTATION("IMPLEMENTATION facteur"); // RFC 2449 6.9

    private final String line;

    Capability(String line) {
        this.line = line;
    }

    String line() {
        return line;
    }
}
