package org.facteur.smtp.relay;

/**
 * What became of one recipient: delivered, failed for now (retry), or failed for good (bounce),
 * with what a DSN reports (RFC 3464 2.3: Status, Remote-MTA, Diagnostic-Code).
 *
 * @param outcome delivered, temporary or permanent
 * @param status the enhanced status code (RFC 3463), e.g. {@code 5.1.1}
 * @param diagnostic {@code smtp; <the server's reply>} or our own explanation
 * @param remoteMta the host that answered, or empty when no server was reached
 */
public record DeliveryResult(Outcome outcome, String status, String diagnostic, String remoteMta) {

    public enum Outcome { DELIVERED, TEMPORARY, PERMANENT }

    public static DeliveryResult of(Reply reply, String remoteMta) {
        Outcome o = reply.positive() ? Outcome.DELIVERED : reply.permanent() ? Outcome.PERMANENT : Outcome.TEMPORARY;
        return new DeliveryResult(o, reply.status(), reply.diagnostic(), remoteMta);
    }

    public static DeliveryResult temporary(String status, String why, String remoteMta) {
        return new DeliveryResult(Outcome.TEMPORARY, status, why, remoteMta);
    }

    public static DeliveryResult permanent(String status, String why, String remoteMta) {
        return new DeliveryResult(Outcome.PERMANENT, status, why, remoteMta);
    }

    public static DeliveryResult of(DeliveryFailure f) {
        return new DeliveryResult(f.permanent() ? Outcome.PERMANENT : Outcome.TEMPORARY, f.status(), f.getMessage(),
                f.remoteMta());
    }

    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }

    public boolean permanent() {
        return outcome == Outcome.PERMANENT;
    }
}
