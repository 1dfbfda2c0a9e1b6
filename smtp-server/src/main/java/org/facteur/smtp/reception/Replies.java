package org.facteur.smtp.reception;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * Every reply facteur's own handlers give, in one place, with its enhanced status code
 * (RFC 3463) and where it comes from. Replies are generic toward the client; the log line says more.
 */
final class Replies {

    private Replies() {
    }

    // RCPT
    /** RFC 3463 5.1.1: bad destination mailbox address. */
    static final HookResult UNKNOWN_USER = deny("550", "5.1.1 No such user here");
    /** RFC 3463 5.7.1: delivery not authorized; RFC 5321 3.6.2 / 7.1 no open relay. */
    static final HookResult RELAY_DENIED = deny("550", "5.7.1 Relaying denied");
    /** RFC 3463 5.1.3: bad destination mailbox address syntax. */
    static final HookResult BAD_ADDRESS = deny("553", "5.1.3 Bad recipient address syntax");
    /** RFC 5321 4.5.3.1.8 and 3.3: 452 for too many recipients; RFC 3463 4.5.3. */
    static final HookResult TOO_MANY_RECIPIENTS = denySoft("452", "4.5.3 Too many recipients");
    /** RFC 3463 4.3.0: the directory could not be read. */
    static final HookResult DIRECTORY_UNAVAILABLE = denySoft("451", "4.3.0 Temporary lookup failure, try again later");
    /** RFC 3461 4.1 / 5321 4.1.1.11: a parameter value we do not understand. */
    static final HookResult BAD_PARAMETER = deny("501", "5.5.4 Invalid parameter value");
    // MAIL
    /** RFC 1870 3 (size-value is 1 to 20 digits) and RFC 3463 5.5.4: invalid command arguments. */
    static final HookResult BAD_SIZE = deny("501", "5.5.4 Syntax error in SIZE parameter");
    /** RFC 1870 6.1 and RFC 3463 5.3.4: the declared size is over our fixed maximum. */
    /** RFC 5321 4.2.2 552 (storage allocation exceeded), RFC 3463 X.2.2 mailbox full. */
    static final HookResult MAILBOX_FULL = deny("552", "5.2.2 Mailbox full");
    static final HookResult DECLARED_TOO_BIG = deny("552", "5.3.4 Message size exceeds fixed maximum message size");
    /** RFC 6152: BODY=BINARYMIME needs CHUNKING, which we do not offer. */
    static final HookResult BODY_NOT_SUPPORTED = deny("555", "5.5.4 Unsupported BODY type");

    // Submission: MAIL (RFC 6409, RFC 4954)
    /** RFC 3207 4 and RFC 3463 5.7.0: on 587, nothing but EHLO, STARTTLS, NOOP, RSET and QUIT before TLS. */
    static final HookResult STARTTLS_FIRST = deny("530", "5.7.0 Must issue a STARTTLS command first");
    /** RFC 4954 6: 530 5.7.0, authentication required. */
    static final HookResult AUTH_REQUIRED = deny("530", "5.7.0 Authentication required");
    /** RFC 6409 6.1 and RFC 3463 5.7.1: the reverse-path is not one the user may use. */
    static final HookResult SENDER_NOT_OWNED = deny("553", "5.7.1 Sender address rejected: not owned by user");

    // AUTH (RFC 4954 4 and 6)
    static final String CODE_AUTH_CONTINUE = "334";
    static final Response AUTH_OK = immutable("235", "2.7.0 Authentication successful");
    static final Response AUTH_INVALID = immutable("535", "5.7.8 Authentication credentials invalid");
    static final Response AUTH_CANCELED = immutable("501", "5.0.0 Authentication canceled");
    static final Response AUTH_BAD_BASE64 = immutable("501", "5.5.2 Cannot decode response");
    static final Response AUTH_SYNTAX = immutable("501", "5.5.4 Syntax: AUTH mechanism [initial-response]");
    static final Response AUTH_UNKNOWN_MECHANISM = immutable("504", "5.5.4 Unrecognized authentication type");
    static final Response AUTH_ALREADY = immutable("503", "5.5.1 Already authenticated");
    static final Response AUTH_NEEDS_EHLO = immutable("503", "5.5.1 Send EHLO first");
    static final Response AUTH_STARTTLS_FIRST = immutable("530", "5.7.0 Must issue a STARTTLS command first");
    /** RFC 4954 6: 454 4.7.0, temporary authentication failure (the directory could not be read). */
    static final Response AUTH_UNAVAILABLE = immutable("454", "4.7.0 Temporary authentication failure");

    // DATA
    static final String CODE_DATA_READY = "354";
    /** RFC 1870 6.3 and RFC 3463 5.3.4: message too big for system. */
    static final Response TOO_BIG = immutable("552", "5.3.4 Message size exceeds fixed maximum message size");
    /** RFC 5321 2.3.8 and 4.1.1.4: lines end with CRLF only; we refuse bare CR and LF (no SMTP smuggling). */
    static final Response BARE_LINE_ENDING = immutable("554",
            "5.6.0 Message refused: bare CR or LF in the data; lines must end with CRLF");
    /** RFC 5321 4.5.2 (text is 7-bit or 8-bit, never NUL; RFC 6152 and 5322 2.3). */
    static final Response NUL_IN_DATA = immutable("554", "5.6.0 Message refused: NUL octet in the data");
    /** RFC 3463 4.3.1: mail system full. */
    static final Response DISK_FULL = immutable("452", "4.3.1 Insufficient system storage, try again later");
    /** RFC 3463 4.3.0: other or undefined mail system status. */
    static final Response LOCAL_ERROR = immutable("451", "4.3.0 Local error in processing, try again later");
    /** RFC 5321 3.3 and 4.1.1.4. */
    static final Response NO_VALID_RECIPIENTS = immutable("554", "5.5.1 No valid recipients");

    // Session
    /** RFC 5321 4.2.4 / 3.8: 421 then close. */
    static Response tooManyErrors() {
        SMTPResponse r = new SMTPResponse("421", "4.7.0 Too many errors, closing connection");
        r.setEndSession(true);
        return r;
    }

    /** RFC 5321 4.5.3.2.7 and 3.8: the server may close after its timeout, with 421 first. */
    static Response timeout() {
        SMTPResponse r = new SMTPResponse("421", "4.4.2 Timeout exceeded, closing connection");
        r.setEndSession(true);
        return r;
    }

    /** Too many failed AUTH on one connection: 421 and close (RFC 5321 3.8). */
    static Response tooManyAuthFailures() {
        SMTPResponse r = new SMTPResponse("421", "4.7.0 Too many authentication failures, closing connection");
        r.setEndSession(true);
        return r;
    }

    static Response queued(String queueId) {
        return new SMTPResponse("250", "2.0.0 Ok: queued as " + queueId);
    }

    private static HookResult deny(String code, String text) {
        return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode(code).smtpDescription(text)
                .build();
    }

    private static HookResult denySoft(String code, String text) {
        return HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).smtpReturnCode(code)
                .smtpDescription(text).build();
    }

    private static Response immutable(String code, String text) {
        return new SMTPResponse(code, text).immutable();
    }
}
