package org.facteur.smtp.reception;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.smtp.SMTPSession;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;

import org.facteur.threads.DaemonThreads;
import org.facteur.threads.Pools;

/**
 * Runs a session's slow step on threads of its own: the queue commit of a received message
 * (fsyncs of the message, its envelope and the queue directory), and on the submission
 * listeners the password check of AUTH (a slow hash, then the failed-login delay). So no Netty I/O thread waits for the disk or the CPU: James 3.8.1 runs every handler on the I/O thread of the
 * connection (JAMES-4023), and a blocked I/O thread stalls every connection it serves. Several
 * commits in flight at once also let the file system group their fsyncs.
 *
 * <p>While a session's commit runs, the session reads nothing more from its socket, and the
 * commands already framed (pipelined behind the data, RFC 2920) are held; once the commit is
 * done, on the connection's event loop, its reply is written and the held commands are handed to
 * James's own handler in their order, so replies keep the order of the commands.
 */
final class Committer implements AutoCloseable {

    /** Stands in for the session's line handler while a commit runs: keeps what arrives. */
    private static final LineHandler<SMTPSession> HOLD = (session, line) -> {
        SessionState.of(session).held.add(line);
        return null;
    };

    private final ExecutorService pool;

    /** {@code name} names the threads ({@code smtp-commit}, {@code smtp-auth}). */
    Committer(int threads, String name) {
        pool = Executors.newFixedThreadPool(threads, DaemonThreads.named(name));
    }

    /**
     * Runs {@code work} on a committer thread, then {@code reply} with its result on the
     * session's event loop, and writes that reply. Called on the event loop, by the handler of
     * the last frame of a message. False if the server is stopping (nothing was run).
     */
    <T> boolean commit(SMTPSession session, Supplier<T> work, Function<T, Response> reply) {
        return commit(session, work, result -> Duration.ZERO, reply, result -> { });
    }

    /**
     * As {@link #commit(SMTPSession, Supplier, Function)}, then {@code then} with the result on
     * the same committer thread, once the reply is handed to the event loop: work that follows
     * the commit without delaying its reply (handing the message to the queue runner).
     */
    <T> boolean commit(SMTPSession session, Supplier<T> work, Function<T, Response> reply, Consumer<T> then) {
        return commit(session, work, result -> Duration.ZERO, reply, then);
    }

    /**
     * As {@link #commit(SMTPSession, Supplier, Function)}, with the reply held for {@code delay}
     * of the result after the work: a timer of the event loop waits, no thread sleeps (a failed
     * login's delay, up to {@link org.facteur.guard.LoginThrottle}'s cap). Meanwhile the session
     * reads nothing and runs no timeout.
     */
    <T> boolean commit(SMTPSession session, Supplier<T> work, Function<T, Duration> delay,
                       Function<T, Response> reply) {
        return commit(session, work, delay, reply, result -> { });
    }

    private <T> boolean commit(SMTPSession session, Supplier<T> work, Function<T, Duration> delay,
                               Function<T, Response> reply, Consumer<T> then) {
        SessionState state = SessionState.of(session);
        ChannelHandlerContext core = state.pipeline.context(HandlerConstants.CORE_HANDLER);
        ProtocolTransport transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        state.committing = true;
        session.pushLineHandler(HOLD);
        transport.setReadable(false);
        try {
            pool.execute(() -> {
                T result = work.get();
                Runnable answer = () -> release(session, core, transport, reply.apply(result));
                try {
                    Duration wait = delay.apply(result);
                    if (wait.isZero() || wait.isNegative()) {
                        core.executor().execute(answer);
                    } else {
                        core.executor().schedule(answer, wait.toNanos(), TimeUnit.NANOSECONDS);
                    }
                } catch (RejectedExecutionException stopped) {
                    // The listener is gone: the client never gets this reply (a committed message stays queued).
                }
                then.accept(result);
            });
            return true;
        } catch (RejectedExecutionException e) {
            state.committing = false;
            session.popLineHandler();
            transport.setReadable(true);
            return false;
        }
    }

    /** Writes the commit's reply, then handles what was held until one of it starts another commit. */
    private static void release(SMTPSession session, ChannelHandlerContext core, ProtocolTransport transport,
                                Response response) {
        SessionState state = SessionState.of(session);
        state.committing = false;
        if (!core.channel().isActive()) {
            return; // the client left during the commit: its message stays queued, nobody to answer
        }
        session.popLineHandler();
        transport.writeResponse(response, session);
        ChannelInboundHandler james = (ChannelInboundHandler) core.handler();
        while (!state.committing && !state.held.isEmpty() && core.channel().isActive()) {
            try {
                james.channelRead(core, Unpooled.wrappedBuffer(state.held.poll()));
            } catch (Exception e) {
                core.pipeline().fireExceptionCaught(e);
            }
        }
        if (!state.committing) {
            transport.setReadable(true);
            if (state.pipeline.get(HandlerConstants.FRAMER) instanceof SmtpFramer framer) {
                try {
                    framer.resume();
                } catch (Exception e) {
                    core.pipeline().fireExceptionCaught(e);
                }
            }
        }
    }

    /** Lets the commits in progress finish (their clients get their replies if still there). */
    @Override
    public void close() {
        Pools.stop(pool, Duration.ofSeconds(10));
    }
}
