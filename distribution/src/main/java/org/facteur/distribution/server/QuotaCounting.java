package org.facteur.distribution.server;

import org.facteur.mailbox.MailStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under a storage quota, counts every user's bytes once at start, on a thread of its own. The
 * store counts a user the first time it is asked; without this, that first ask after a start
 * would come from an SMTP RCPT check, on a Netty I/O thread, and hold that thread for an index
 * query over all of the user's messages.
 */
final class QuotaCounting implements BackgroundFactory {

    private static final Logger LOG = LoggerFactory.getLogger(QuotaCounting.class);

    @Override
    public Service start(ServerContext context) {
        if (!context.quota().limited()) {
            return Service.of("storage quota: none", () -> { });
        }
        Thread counter = new Thread(() -> countAll(context), "facteur-quota-count");
        counter.setDaemon(true);
        counter.start();
        return Service.of("storage quota: " + context.config().quotaStorage() + " bytes per user", counter::interrupt);
    }

    private static void countAll(ServerContext context) {
        MailStore store = context.store();
        for (String user : context.directory().listUsers()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                store.storageUsed(user);
            } catch (RuntimeException e) {
                // A user deleted meanwhile, or the store closing under a stop: the next ask counts.
                LOG.debug("quota.count_skipped user={} ({})", user, e.toString());
            }
        }
    }
}
