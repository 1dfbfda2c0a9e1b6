package org.facteur.smtp.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.facteur.smtp.delivery.LocalDelivery;
import org.facteur.smtp.relay.DeliveryResult;
import org.facteur.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes messages out of the queue and delivers them, on its own threads (never a Netty I/O
 * thread). Reception calls {@link #deliverNew} right after the commit, so local delivery
 * follows the {@code 250} within milliseconds; {@link #start} picks up what a previous run left.
 *
 * <p>Per message, under that message's lock: each pending local delivery is made (skipped if the
 * store already has its delivery id); deliveries that failed for good are bounced (one DSN per
 * pass, {@link Bouncer}) and dropped; remote deliveries that are due go to the
 * {@link RemoteTransport}, whose results come back to {@link #remoteDone}: delivered ones are
 * dropped, 5xx ones become FAILED (bounced on the next pass), 4xx ones get their next attempt
 * from {@code queue.retry} ({@link RetrySchedule}), or become FAILED once the message is older
 * than {@code queue.max_age}. The attempt count, next attempt and last error of each delivery
 * are in the envelope ({@link Envelope.Attempt}), so a restart keeps the schedule. The envelope
 * is removed when nothing remains.
 *
 * <p>A local delivery that fails for now (disk full, say) is retried after
 * {@code localRetryMillis}; one that fails for good ({@link LocalDelivery.PermanentFailure}) or
 * past {@code queue.max_age} becomes FAILED. Without a bouncer (tests of reception alone) FAILED
 * deliveries stay parked; without a transport remote deliveries stay queued.
 *
 * <p>{@link #flush} (or the {@code flush} file that {@code facteur queue flush} leaves in the
 * queue directory, looked for every 100 ms) makes every deferred delivery due now.
 */
public final class QueueRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRunner.class);
    private static final long FLUSH_POLL_MILLIS = 100;

    private final MailQueue queue;
    private final LocalDelivery local;
    private final RemoteTransport remote;
    private final Bouncer bouncer;
    private final ScheduledExecutorService executor;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> again = ConcurrentHashMap.newKeySet();
    /**
     * Messages received by this process and not yet tried: none of their deliveries can be done.
     * With their envelope when reception gave it, so the first run need not read it back.
     */
    private final Map<String, Fresh> fresh = new ConcurrentHashMap<>();
    /** Runs allowed on reception's threads at once ({@link #deliverNew}), beside the pool's. */
    private final Semaphore inline;
    private volatile boolean closed;
    /** Messages whose deferred deliveries are due at once (flush). */
    private final Set<String> forced = ConcurrentHashMap.newKeySet();
    /** Remote deliveries ({@code <queue id>.<index>}) in the transport's hands. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** When each message's next run is already scheduled, so that runs are not scheduled twice. */
    private final Map<String, Long> scheduledAt = new ConcurrentHashMap<>();
    private final MessageLocks locks = new MessageLocks();
    private final long localRetryMillis;
    private final RetrySchedule schedule;

    /** How long a failed local delivery (disk full, say) waits before the next attempt. */
    public static final long DEFAULT_RETRY_MILLIS = 30_000;
    /** Local deliveries in parallel: the store's appends scale to about 16 writers (issue 2). */
    public static final int DEFAULT_THREADS = 16;
    /**
     * Runs on reception's threads at once ({@link #deliverNew}), all listeners together: 48
     * leaves at least 16 of a listener's 64 commit threads ({@code SmtpSettings}) to commits, so
     * deliveries never hold other sessions' replies back. Capped at 16 (the pool's width), the
     * 50-session benchmark handed a third of its messages to the pool and delivered 1,600-1,900/s
     * against 2,400-2,600 accepted; at 64, 2,380-2,640/s, all it accepted (A/B, 2026-11-26).
     */
    static final int MAX_INLINE_RUNS = 48;
    /** A message with more local copies than this is delivered on the pool: it would hold a commit thread long. */
    static final int MAX_INLINE_COPIES = 4;

    /** Local delivery only: remote deliveries stay queued and failed ones stay parked. */
    public QueueRunner(MailQueue queue, LocalDelivery local, int threads, long retryDelayMillis, Duration maxAge) {
        this(queue, local, null, null, threads, retryDelayMillis, new RetrySchedule(RetrySchedule.DEFAULT.delays(), maxAge));
    }

    public QueueRunner(MailQueue queue, LocalDelivery local, RemoteTransport remote, Bouncer bouncer, int threads,
                       long localRetryMillis, RetrySchedule schedule) {
        this.queue = queue;
        this.local = local;
        this.remote = remote;
        this.bouncer = bouncer;
        this.localRetryMillis = localRetryMillis;
        this.schedule = schedule;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, DaemonThreads.named("queue-runner"));
        // A retry waiting at shutdown is not run: the message stays queued for the next start.
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        this.inline = new Semaphore(MAX_INLINE_RUNS);
    }

    /** A message just committed, with its envelope if known (else null: read from the queue). */
    private record Fresh(Envelope envelope) {
        static final Fresh UNKNOWN = new Fresh(null);
    }

    /** Schedules every queued message, and starts watching for {@code facteur queue flush}. */
    public void start() {
        // A flush asked for while no server ran is done now.
        boolean flush = queue.takeFlushRequest();
        for (String id : queue.ids()) {
            if (flush) {
                forced.add(id);
            }
            submit(id);
        }
        executor.scheduleWithFixedDelay(() -> {
            if (queue.takeFlushRequest()) {
                LOG.info("queue.flush (requested by facteur queue flush)");
                flush();
            }
        }, FLUSH_POLL_MILLIS, FLUSH_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A message just committed (by reception, or a bounce): delivers its local copies at once. */
    public void submitNew(String id) {
        start(id, Fresh.UNKNOWN, false);
    }

    /**
     * A message just committed by reception, as it was committed: its first run takes the
     * envelope from memory instead of reading it back from the queue. It runs on the calling
     * thread (reception's commit thread, once the {@code 250} is handed to the client's I/O
     * thread) while at most {@link #MAX_INLINE_RUNS} such runs are under way, if it is small
     * (held in memory by the queue's journal) and has at most {@link #MAX_INLINE_COPIES} local
     * copies; else on the pool. Handing it to an idle pool thread costs a wake-up per message.
     */
    public void deliverNew(Envelope committed) {
        boolean here = committed.size() <= CommitJournal.MAX_MESSAGE
                && committed.deliveries(Envelope.Kind.LOCAL).size() <= MAX_INLINE_COPIES;
        start(committed.queueId(), new Fresh(committed), here);
    }

    /** The first run of a new message: on this thread if {@code here} and allowed, else on the pool. */
    private void start(String id, Fresh known, boolean here) {
        if (!inFlight.add(id)) {
            // A run has it already (a flush's): the next run reads it from the queue, where it
            // may have changed since, so what reception gave is not used.
            again.add(id);
            return;
        }
        fresh.put(id, known);
        if (here && inline.tryAcquire()) {
            try {
                if (!closed) {
                    run(id);
                    return;
                }
            } finally {
                inline.release();
            }
        }
        execute(id);
    }

    /** Tries every queued message now, deferred deliveries included (like {@code postqueue -f}). */
    public void flush() {
        for (String id : queue.ids()) {
            forced.add(id);
            submit(id);
        }
    }

    /** Runs {@code id} soon. */
    public void submit(String id) {
        if (!inFlight.add(id)) {
            again.add(id);
            return;
        }
        execute(id);
    }

    /** Runs {@code id}, which this caller put in {@link #inFlight}, on the pool. */
    private void execute(String id) {
        try {
            executor.execute(() -> run(id));
        } catch (RejectedExecutionException e) {
            inFlight.remove(id);
            LOG.info("queue.not_scheduled queue={} (runner stopped; it stays queued)", id);
        }
    }

    private void run(String id) {
        long next = -1;
        try {
            next = process(id);
        } catch (RuntimeException e) {
            LOG.error("queue.error queue={} error=\"{}\"", id, e.getMessage(), e);
            next = localRetryMillis;
        } finally {
            inFlight.remove(id);
        }
        if (again.remove(id)) {
            submit(id);
        } else if (next >= 0) {
            scheduleRun(id, next);
        }
    }

    private void scheduleRun(String id, long delayMillis) {
        long at = System.currentTimeMillis() + delayMillis;
        Long already = scheduledAt.get(id);
        if (already != null && already <= at && already > System.currentTimeMillis()) {
            return; // an earlier run is already scheduled: it schedules what follows
        }
        scheduledAt.put(id, at);
        try {
            executor.schedule(() -> {
                scheduledAt.remove(id, at);
                submit(id);
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduledAt.remove(id, at);
        }
    }

    /** Returns in how many milliseconds to run the message again, or -1 when nothing needs it. */
    private long process(String id) {
        String bounceId = null;
        List<Envelope.Delivery> due = List.of();
        Envelope current;
        long next = -1;
        MessageLocks.Held held = locks.lock(id);
        try {
            Fresh known = fresh.remove(id);
            if (!queue.contains(id)) {
                return -1;
            }
            boolean mayBeDone = known == null;
            boolean force = forced.remove(id);
            Envelope envelope;
            try {
                envelope = known != null && known.envelope() != null ? known.envelope() : queue.envelope(id);
            } catch (IllegalArgumentException e) {
                // Unreadable: retrying cannot help; it stays in the queue for an administrator.
                LOG.error("queue.bad_envelope queue={} error=\"{}\" (left in the queue, not retried)", id, e.getMessage());
                return -1;
            }
            Instant now = Instant.now();
            boolean expired = now.isAfter(envelope.received().plus(schedule.maxAge()));
            Map<Integer, Envelope.Attempt> attempts = new HashMap<>(envelope.attempts());
            List<Envelope.Delivery> remaining = new ArrayList<>();
            for (Envelope.Delivery d : envelope.deliveries()) {
                if (d.kind() != Envelope.Kind.LOCAL) {
                    remaining.add(d);
                } else if (!deliverLocally(envelope, d, mayBeDone, expired, remaining, attempts)) {
                    next = localRetryMillis;
                }
            }
            List<Envelope.Delivery> failed = remaining.stream().filter(d -> d.kind() == Envelope.Kind.FAILED).toList();
            if (bouncer != null && !failed.isEmpty()) {
                try {
                    bounceId = bouncer.bounce(envelope.withDeliveries(remaining, attempts), failed).orElse(null);
                    remaining.removeAll(failed);
                    LOG.info("queue.bounced queue={} deliveries={} dsn={}", id, failed.size(),
                            bounceId == null ? "none" : bounceId);
                } catch (RuntimeException e) {
                    LOG.warn("queue.bounce_failed queue={} error=\"{}\" (retried)", id, e.getMessage());
                    next = localRetryMillis;
                }
            }
            Instant nextDue = null;
            if (remote != null) {
                List<Envelope.Delivery> dueNow = new ArrayList<>();
                for (Envelope.Delivery d : remaining) {
                    if (d.kind() != Envelope.Kind.REMOTE || busy.contains(d.deliveryId(id))) {
                        continue;
                    }
                    Envelope.Attempt a = attempts.get(d.index());
                    if (force || a == null || !a.next().isAfter(now)) {
                        dueNow.add(d);
                    } else if (nextDue == null || a.next().isBefore(nextDue)) {
                        nextDue = a.next();
                    }
                }
                due = dueNow;
            }
            current = save(envelope, remaining, attempts);
            due.forEach(d -> busy.add(d.deliveryId(id)));
            if (nextDue != null) {
                long wait = Math.max(0, nextDue.toEpochMilli() - now.toEpochMilli());
                next = next < 0 ? wait : Math.min(next, wait);
            }
        } finally {
            held.release();
        }
        if (bounceId != null) {
            submitNew(bounceId);
        }
        if (!due.isEmpty() && current != null) {
            try {
                remote.deliver(current, due, results -> remoteDone(id, results));
            } catch (RuntimeException e) {
                due.forEach(d -> busy.remove(d.deliveryId(id)));
                throw e;
            }
        }
        return next;
    }

    /** Delivers one local copy; false if it must be retried later. Adds what remains to {@code remaining}. */
    private boolean deliverLocally(Envelope envelope, Envelope.Delivery d, boolean mayBeDone, boolean expired,
                                   List<Envelope.Delivery> remaining, Map<Integer, Envelope.Attempt> attempts) {
        String id = envelope.queueId();
        long start = System.nanoTime();
        try {
            LocalDelivery.Outcome outcome = local.deliver(envelope, d, mayBeDone);
            LOG.info("delivery.local queue={} delivery={} user={} result={} ms={}", id, d.deliveryId(id),
                    d.target(), outcome == LocalDelivery.Outcome.DELIVERED ? "delivered" : "already_delivered",
                    (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (LocalDelivery.PermanentFailure e) {
            LOG.error("delivery.local queue={} delivery={} user={} result=failed error=\"{}\"", id, d.deliveryId(id),
                    d.target(), e.getMessage());
            remaining.add(Envelope.failed(d));
            attempts.put(d.index(), new Envelope.Attempt(1, Instant.EPOCH, e.status(), "", "x-local; " + e.getMessage()));
            return true;
        } catch (Exception e) {
            if (expired) {
                LOG.error("delivery.local queue={} delivery={} user={} result=expired error=\"{}\" (still failing"
                        + " after queue.max_age {})", id, d.deliveryId(id), d.target(), e.getMessage(), schedule.maxAge());
                remaining.add(Envelope.failed(d));
                attempts.put(d.index(), new Envelope.Attempt(1, Instant.EPOCH, "5.4.7", "",
                        "x-local; still failing after " + schedule.maxAge() + ": " + e.getMessage()));
                return true;
            }
            LOG.warn("delivery.local queue={} delivery={} user={} result=deferred error=\"{}\"", id,
                    d.deliveryId(id), d.target(), e.getMessage());
            remaining.add(d);
            return false;
        }
    }

    /** Results from the transport for some remote deliveries of {@code id}. */
    private void remoteDone(String id, Map<Integer, DeliveryResult> results) {
        boolean failedSome = false;
        MessageLocks.Held held = locks.lock(id);
        try {
            results.keySet().forEach(index -> busy.remove(id + "." + index));
            if (!queue.contains(id)) {
                return; // removed meanwhile (facteur queue remove)
            }
            Envelope envelope = queue.envelope(id);
            Instant now = Instant.now();
            boolean expired = !now.isBefore(envelope.received().plus(schedule.maxAge()));
            Map<Integer, Envelope.Attempt> attempts = new HashMap<>(envelope.attempts());
            List<Envelope.Delivery> remaining = new ArrayList<>();
            for (Envelope.Delivery d : envelope.deliveries()) {
                DeliveryResult r = results.get(d.index());
                if (r == null || d.kind() != Envelope.Kind.REMOTE) {
                    remaining.add(d);
                    continue;
                }
                int count = Optional.ofNullable(attempts.get(d.index())).map(Envelope.Attempt::count).orElse(0) + 1;
                String result;
                if (r.delivered()) {
                    attempts.remove(d.index());
                    result = "delivered";
                } else if (r.permanent() || expired) {
                    // RFC 3464 2.3.4: a failed action carries a 5.x.x status; expiry is 5.4.7 (RFC 3463).
                    String status = r.permanent() ? r.status() : "5.4.7";
                    String why = r.permanent() ? r.diagnostic() : r.diagnostic() + " (still failing after queue.max_age "
                            + schedule.maxAge() + ")";
                    remaining.add(Envelope.failed(d));
                    attempts.put(d.index(), new Envelope.Attempt(count, Instant.EPOCH, status, r.remoteMta(), why));
                    failedSome = true;
                    result = r.permanent() ? "failed" : "expired";
                } else {
                    Instant nextAttempt = now.plus(schedule.after(count));
                    remaining.add(d);
                    attempts.put(d.index(), new Envelope.Attempt(count, nextAttempt, r.status(), r.remoteMta(),
                            r.diagnostic()));
                    result = "deferred next=" + nextAttempt;
                }
                LOG.info("delivery.remote queue={} delivery={} rcpt={} result={} status={} mta={} detail=\"{}\"", id,
                        d.deliveryId(id), d.target(), result, r.status(), r.remoteMta().isEmpty() ? "-" : r.remoteMta(),
                        r.diagnostic());
            }
            save(envelope, remaining, attempts);
        } finally {
            held.release();
        }
        // Schedules the next attempt, and the bounce of what just failed.
        if (failedSome || queue.contains(id)) {
            submit(id);
        }
    }

    /** Writes what remains (or removes the message); returns the envelope now queued, or null if none. */
    private Envelope save(Envelope envelope, List<Envelope.Delivery> remaining, Map<Integer, Envelope.Attempt> attempts) {
        String id = envelope.queueId();
        if (remaining.isEmpty()) {
            queue.remove(id);
            LOG.info("queue.removed queue={} (all deliveries done)", id);
            return null;
        }
        Envelope updated = envelope.withDeliveries(remaining, attempts);
        if (!updated.equals(envelope)) {
            queue.update(updated);
        }
        return updated;
    }

    /** Waits up to 5 s for deliveries in progress, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            // The runs on reception's threads end first: their retries go to the pool.
            if (!inline.tryAcquire(MAX_INLINE_RUNS, 5, TimeUnit.SECONDS)) {
                LOG.warn("queue.close (deliveries on reception's threads still running after 5 s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
        if (remote != null) {
            remote.close();
        }
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
