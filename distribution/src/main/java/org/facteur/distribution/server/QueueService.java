package org.facteur.distribution.server;

import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.queue.MailQueue;
import org.facteur.smtp.queue.QueueRunner;

/**
 * The queue of {@code data/queue/} and its runner, started before the listeners that put mail in
 * it, so that what a crash left queued is delivered whether or not SMTP is configured.
 */
final class QueueService implements BackgroundFactory {

    /** Keeps deliveries in progress room on the disk, like Postfix's queue_minfree. */
    private static final long MIN_FREE_BYTES = 64L << 20;

    private MailQueue queue;
    private QueueRunner runner;

    @Override
    public synchronized Service start(ServerContext context) {
        queue = new MailQueue(context.config().dataDirectory(), MIN_FREE_BYTES);
        runner = new QueueRunner(queue, new LocalDelivery(context.store(), queue, context.directory()::userExists),
                QueueRunner.DEFAULT_THREADS, QueueRunner.DEFAULT_RETRY_MILLIS, context.config().queueMaxAge());
        runner.start();
        return Service.of("queue in " + queue.directory(), runner::close);
    }

    synchronized MailQueue queue() {
        if (queue == null) {
            throw new IllegalStateException("the queue starts before the listeners");
        }
        return queue;
    }

    synchronized QueueRunner runner() {
        queue();
        return runner;
    }
}
