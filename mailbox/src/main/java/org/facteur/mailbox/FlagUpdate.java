package org.facteur.mailbox;

/** How STORE combines the given flags with a message's flags (RFC 3501 6.4.6). */
public enum FlagUpdate {
    REPLACE,
    ADD,
    REMOVE;

    public Flags apply(Flags current, Flags given) {
        return switch (this) {
            case REPLACE -> given;
            case ADD -> current.plus(given);
            case REMOVE -> current.minus(given);
        };
    }
}
