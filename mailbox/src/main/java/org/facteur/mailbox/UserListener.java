package org.facteur.mailbox;

/**
 * Receives every event of one user's mailboxes and the changes to the user's subscriptions
 * (RFC 5465 NOTIFY's MailboxName and SubscriptionChange need both). Called as a
 * {@link MailboxListener} is: on the thread that made the change, right after it is committed;
 * implementations must not block.
 */
public interface UserListener extends MailboxListener {

    /** {@code name} was added to ({@code subscribed}) or removed from the user's subscriptions. */
    void onSubscriptionChange(String name, boolean subscribed);
}
