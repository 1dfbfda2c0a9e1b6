package org.facteur.pop3.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandDispatcher;
import org.apache.james.protocols.pop3.POP3Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's command dispatcher with two additions facteur needs.
 *
 * <p><b>Deferred replies.</b> In James 3.8.1 commands run on the Netty I/O thread and must
 * answer at once. A handler that has slow work (a password hash, QUIT's removals) or must hold
 * its reply (a failed login's delay) calls {@link #defer}: the work runs on a worker thread, the
 * reply is written from the connection's event loop when it is done and its delay has passed,
 * and meanwhile the connection stops reading and any pipelined lines wait here, in order, to run
 * after the reply. No I/O thread ever sleeps.
 *
 * <p><b>Lines as UTF-8, SASL continuations.</b> Lines are decoded as UTF-8 (James uses
 * US-ASCII, which would mangle non-ASCII passwords), only the line end is stripped (a password
 * may end in a space), and a line answering a SASL "+ " goes to that exchange, not to a command.
 */
final class Pop3Dispatcher extends CommandDispatcher<POP3Session> {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Dispatcher.class);

    /** Lines a client may pipeline behind a deferred reply before it is cut off. */
    private static final int MAX_QUEUED = 1000;

    private final Pop3Context context;

    Pop3Dispatcher(Pop3Context context) {
        this.context = context;
    }

    /** A reply and how long after the start of its work it may be written, at the earliest. */
    record DeferredReply(Response response, Duration notBefore) {
    }

    @Override
    public Response onLine(POP3Session session, byte[] line) {
        SessionState state = SessionState.of(session);
        synchronized (state) {
            if (state.busy) {
                if (state.queued.size() >= MAX_QUEUED) {
                    return Replies.closing("-ERR", "Too many pipelined commands");
                }
                state.queued.add(line.clone());
                return null;
            }
        }
        return handle(session, state, line);
    }

    private Response handle(POP3Session session, SessionState state, byte[] line) {
        BiFunction<POP3Session, String, Response> continuation = state.continuation;
        if (continuation != null) {
            state.continuation = null;
            return continuation.apply(session, stripLineEnd(line));
        }
        return super.onLine(session, line);
    }

    @Override
    protected Request parseRequest(POP3Session session, byte[] line) {
        String text = stripLineEnd(line);
        int space = text.indexOf(' ');
        String command = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? null : text.substring(space + 1);
        if (argument != null && !command.equals("PASS")) {
            argument = argument.strip();
        }
        return new BaseRequest(command, argument == null || argument.isEmpty() ? null : argument);
    }

    private static String stripLineEnd(byte[] line) {
        int end = line.length;
        while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
            end--;
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code work} on a worker thread and writes its reply once it is done and its delay
     * has passed; commands the client sends meanwhile run afterwards, in order. Returns the
     * {@code null} a command handler returns to say "no reply now".
     */
    Response defer(POP3Session session, Supplier<DeferredReply> work) {
        SessionState state = SessionState.of(session);
        synchronized (state) {
            state.busy = true;
            state.waiting = true;
        }
        transport(session).setReadable(false);
        long start = System.nanoTime();
        try {
            context.workers().execute(() -> {
                DeferredReply reply;
                try {
                    reply = work.get();
                } catch (RuntimeException e) {
                    LOG.error("pop3.deferred_failed session={} client={}", session.getSessionID(), state.clientAddress, e);
                    reply = new DeferredReply(Replies.err(Replies.SYS_TEMP, "Internal error, try again later"),
                            Duration.ZERO);
                }
                long wait = Math.max(0, reply.notBefore().toNanos() - (System.nanoTime() - start));
                Response response = reply.response();
                // Back on the connection's event loop: the reply and what follows it are written
                // in order, and no line read meanwhile can overtake them.
                state.eventLoop.schedule(() -> complete(session, state, response), wait, TimeUnit.NANOSECONDS);
            });
        } catch (RejectedExecutionException e) {
            state.eventLoop.execute(() ->
                    complete(session, state, Replies.closing("-ERR", Replies.SYS_TEMP + " Server shutting down")));
        }
        return null;
    }

    /** On the event loop: writes a deferred reply, then runs the lines that waited for it. */
    private void complete(POP3Session session, SessionState state, Response response) {
        ProtocolTransport transport = transport(session);
        synchronized (state) {
            state.waiting = false;
        }
        transport.writeResponse(response, session);
        if (response.isEndSession()) {
            synchronized (state) {
                state.queued.clear();
            }
            return;
        }
        while (true) {
            byte[] next;
            synchronized (state) {
                if (state.waiting) {
                    return; // a queued command deferred again; its completion carries on
                }
                next = state.queued.poll();
                if (next == null) {
                    state.busy = false;
                    break;
                }
            }
            Response r = handle(session, state, next);
            if (r != null) {
                transport.writeResponse(r, session);
                if (r.isEndSession()) {
                    synchronized (state) {
                        state.queued.clear();
                    }
                    return;
                }
            }
        }
        transport.setReadable(true);
    }

    private static ProtocolTransport transport(POP3Session session) {
        return ((ProtocolSessionImpl) session).getProtocolTransport();
    }
}
