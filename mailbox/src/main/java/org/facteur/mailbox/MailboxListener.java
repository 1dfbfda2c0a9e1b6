package org.facteur.mailbox;

/**
 * Receives the events of the mailboxes it subscribed to. Called on the thread that made the
 * change, right after it is committed: implementations must not block (queue the event and
 * return).
 */
@FunctionalInterface
public interface MailboxListener {

    void onEvent(MailboxEvent event);
}
