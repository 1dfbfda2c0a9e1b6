package org.facteur.smtp.relay;

/**
 * Nothing could be sent to a destination (no route, no server reachable, a refused greeting):
 * every recipient there gets this result. Permanent ones bounce at once, temporary ones retry.
 */
public final class DeliveryFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final String status;
    private final String remoteMta;

    public DeliveryFailure(boolean permanent, String status, String message, String remoteMta) {
        super(message);
        this.permanent = permanent;
        this.status = status;
        this.remoteMta = remoteMta == null ? "" : remoteMta;
    }

    public static DeliveryFailure temporary(String status, String message) {
        return new DeliveryFailure(false, status, message, "");
    }

    public static DeliveryFailure permanent(String status, String message) {
        return new DeliveryFailure(true, status, message, "");
    }

    public boolean permanent() {
        return permanent;
    }

    public String status() {
        return status;
    }

    public String remoteMta() {
        return remoteMta;
    }
}
