package org.facteur.smtp.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes messages out of the queue and delivers their local copies, on its own threads (never a
 * Netty I/O thread). Reception calls {@link #submit} right after the commit, so local delivery
 * follows the {@code 250} within milliseconds; {@link #start} picks up what a previous run left.
 *
 * <p>Per message: each pending local delivery is made (skipped if the store already has its
 * delivery id); then the envelope is removed if nothing remains, or rewritten with the remote
 * deliveries only, which stay queued for remote delivery (a later issue). A local delivery that
 * fails for now (disk full, say) leaves the message queued and is retried after
 * {@link #retryDelayMillis}; one that fails for good ({@link LocalDelivery.PermanentFailure}), or
 * still fails once the message is older than {@code maxAge} ({@code queue.max_age}), is parked as
 * {@link Envelope.Kind#FAILED} in the envelope, logged as an error, and never tried again: it
 * waits there for the bounce (DSN) of a later issue.
 */
public final class QueueRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRunner.class);

    private final MailQueue queue;
    private final LocalDelivery local;
    private final ScheduledExecutorService executor;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    /** Messages received by this process and not yet tried: none of their deliveries can be done. */
    private final Set<String> fresh = ConcurrentHashMap.newKeySet();
    private final long retryDelayMillis;
    private final Duration maxAge;

    /** How long a failed local delivery (disk full, say) waits before the next attempt. */
    public static final long DEFAULT_RETRY_MILLIS = 30_000;
    /** Local deliveries in parallel: the store's appends scale to about 16 writers (issue 2). */
    public static final int DEFAULT_THREADS = 16;

    public QueueRunner(MailQueue queue, LocalDelivery local, int threads, long retryDelayMillis, Duration maxAge) {
        this.queue = queue;
        this.local = local;
        this.retryDelayMillis = retryDelayMillis;
        this.maxAge = maxAge;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, DaemonThreads.named("queue-runner"));
        // A retry waiting at shutdown is not run: the message stays queued for the next start.
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    /** Schedules every queued message that still has local deliveries. */
    public void start() {
        for (String id : queue.ids()) {
            submit(id);
        }
    }

    /** A message just committed by reception: delivers its local copies at once. */
    public void submitNew(String id) {
        fresh.add(id);
        submit(id);
    }

    /** Delivers {@code id}'s local copies soon. */
    public void submit(String id) {
        if (!inFlight.add(id)) {
            again.add(id);
            return;
        }
        try {
            executor.execute(() -> run(id));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.remove(id);
            LOG.info("queue.not_scheduled queue={} (runner stopped; it stays queued)", id);
        }
    }

    private void run(String id) {
        boolean retry = false;
        try {
            retry = !process(id);
        } catch (RuntimeException e) {
            LOG.error("queue.error queue={} error=\"{}\"", id, e.getMessage(), e);
            retry = true;
        } finally {
            inFlight.remove(id);
        }
        if (again.remove(id)) {
            submit(id);
        } else if (retry && !executor.isShutdown()) {
            executor.schedule(() -> submit(id), retryDelayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Returns false if something must be retried later. */
    private boolean process(String id) {
        if (!queue.contains(id)) {
            return true;
        }
        boolean mayBeDone = !fresh.remove(id);
        Envelope envelope;
        try {
            envelope = queue.envelope(id);
        } catch (IllegalArgumentException e) {
            // Unreadable: retrying cannot help; it stays in the queue for an administrator.
            LOG.error("queue.bad_envelope queue={} error=\"{}\" (left in the queue, not retried)", id, e.getMessage());
            return true;
        }
        List<Envelope.Delivery> pending = envelope.deliveries(Envelope.Kind.LOCAL);
        if (pending.isEmpty()) {
            return true; // remote or parked deliveries only: later issues' remote delivery and bounces take them
        }
        boolean expired = Instant.now().isAfter(envelope.received().plus(maxAge));
        List<Envelope.Delivery> remaining = new ArrayList<>();
        for (Envelope.Delivery d : envelope.deliveries()) {
            if (d.kind() != Envelope.Kind.LOCAL) {
                remaining.add(d);
                continue;
            }
            long start = System.nanoTime();
            try {
                LocalDelivery.Outcome outcome = local.deliver(envelope, d, mayBeDone);
                LOG.info("delivery.local queue={} delivery={} user={} result={} ms={}", id, d.deliveryId(id),
                        d.target(), outcome == LocalDelivery.Outcome.DELIVERED ? "delivered" : "already_delivered",
                        (System.nanoTime() - start) / 1_000_000);
            } catch (LocalDelivery.PermanentFailure e) {
                LOG.error("delivery.local queue={} delivery={} user={} result=failed error=\"{}\" (parked in the"
                        + " queue for a bounce, not retried)", id, d.deliveryId(id), d.target(), e.getMessage());
                remaining.add(Envelope.failed(d));
            } catch (Exception e) {
                if (expired) {
                    LOG.error("delivery.local queue={} delivery={} user={} result=expired error=\"{}\" (still failing"
                            + " after queue.max_age {}: parked in the queue for a bounce, not retried)", id,
                            d.deliveryId(id), d.target(), e.getMessage(), maxAge);
                    remaining.add(Envelope.failed(d));
                } else {
                    LOG.warn("delivery.local queue={} delivery={} user={} result=deferred error=\"{}\"", id,
                            d.deliveryId(id), d.target(), e.getMessage());
                    remaining.add(d);
                }
            }
        }
        if (remaining.isEmpty()) {
            queue.remove(id);
            LOG.info("queue.removed queue={} (all deliveries done)", id);
            return true;
        }
        if (!remaining.equals(envelope.deliveries())) {
            queue.update(envelope.withDeliveries(remaining));
        }
        return remaining.stream().noneMatch(d -> d.kind() == Envelope.Kind.LOCAL);
    }

    /** Waits up to 5 s for deliveries in progress, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
