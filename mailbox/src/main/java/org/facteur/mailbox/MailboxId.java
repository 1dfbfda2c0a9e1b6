package org.facteur.mailbox;

/** The store's identifier of one mailbox: stable across renames, never reused. */
public record MailboxId(long value) {

    @Override
    public String toString() {
        return "mailbox#" + value;
    }
}
