package org.facteur.imap.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

import org.facteur.imap.command.CommandFailed;
import org.facteur.imap.command.CommandHandler;
import org.facteur.imap.command.Commands;
import org.facteur.imap.command.FetchCommand;
import org.facteur.imap.command.Reply;
import org.facteur.imap.command.Request;
import org.facteur.imap.protocol.Arg;
import org.facteur.imap.protocol.BadCommandException;
import org.facteur.imap.protocol.Capabilities;
import org.facteur.imap.protocol.ClientInput;
import org.facteur.imap.protocol.CommandDecoder;
import org.facteur.imap.protocol.DeflateEncoder;
import org.facteur.imap.protocol.InflateDecoder;
import org.facteur.imap.protocol.ImapWriter;
import org.facteur.imap.notify.Notifier;
import org.facteur.mailbox.MailStore;
import org.facteur.mailbox.MailboxInfo;
import org.facteur.mailbox.StoreException;
import org.facteur.mailbox.UidSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: its state (RFC 3501 3), its user, its selected mailbox, and the order of its
 * work. Input arrives from the I/O thread ({@link #onInput}) and runs on the session's
 * {@link SerialExecutor}; every response goes through one {@link ImapWriter}, so pipelined
 * commands are answered in order and each response once (RFC 3501 5.5).
 */
public final class ImapSession {

    private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);
    /** The commands after which the decoder waits for the session (see {@link CommandDecoder}). */
    private static final Set<String> PAUSING = Set.of("STARTTLS", "AUTHENTICATE", "IDLE", "COMPRESS");
    /** The UID forms (RFC 3501 6.4.8 and the extensions that add UID forms: UIDPLUS, MOVE, SORT and THREAD). */
    private static final Set<String> UID_COMMANDS = Set.of("FETCH", "STORE", "COPY", "MOVE", "SEARCH", "EXPUNGE",
            "SORT", "THREAD");

    private final ServerResources resources;
    private final Channel channel;
    private final String remoteAddress;
    private final CommandDecoder decoder;
    private final SerialExecutor executor;
    private final ChannelOutput output;
    private final ImapWriter writer;
    private final AtomicBoolean pushScheduled = new AtomicBoolean();
    /** Inputs handed to the executor and not yet done. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean backlogged;

    private volatile SessionState state = SessionState.NOT_AUTHENTICATED;
    private volatile boolean tls;
    private volatile boolean compressed;
    private volatile boolean closed;
    /** Volatile: the decoder reads it on the I/O thread for the quota (RFC 9208 7.1). */
    private volatile String user;
    private SelectedMailbox selected;
    private final EnabledExtensions enabled = new EnabledExtensions();
    private int authFailures;
    /** Who takes the next bare line (a SASL response, IDLE's DONE), or null. */
    private Consumer<String> rawLineHandler;
    /** Between a literal's {@code +} and the end of its command: a command is in progress (RFC 5465 5). */
    private boolean commandArriving;
    private boolean inputTaken;
    private volatile boolean idling;
    /** NOTIFY's state (RFC 5465), or null; set on the executor, read by store threads too. */
    private volatile Notifier notifier;
    private boolean limitsAcquired;

    public ImapSession(ServerResources resources, Channel channel, boolean implicitTls, String remoteAddress) {
        this.resources = resources;
        this.channel = channel;
        this.tls = implicitTls;
        this.remoteAddress = remoteAddress;
        this.decoder = new CommandDecoder(this::maxLiteral, this::quotaRoom, resources.settings().spoolDirectory());
        this.executor = new SerialExecutor(resources.workers());
        this.output = new ChannelOutput(channel);
        this.writer = new ImapWriter(output);
    }

    public CommandDecoder decoder() {
        return decoder;
    }

    private long maxLiteral() {
        return state == SessionState.NOT_AUTHENTICATED
                ? resources.settings().literalLimitBeforeLogin()
                : resources.settings().appendLimit();
    }

    /** What the user's storage quota still allows, if known without a query (I/O thread). */
    private long quotaRoom() {
        String u = user;
        return u == null ? Long.MAX_VALUE : resources.quota().roomIfKnown(u);
    }

    // ---- life cycle (I/O thread)

    /** A new connection: admitted and greeted (RFC 3501 7.1.1), or refused with BYE at a limit. */
    void opened() {
        if (!resources.limits().tryAcquire(remoteAddress)) {
            LOG.info("imap.refused reason=connection_limit remote={}", remoteAddress);
            channel.writeAndFlush(Unpooled.copiedBuffer("* BYE Too many connections, try again later\r\n",
                    StandardCharsets.US_ASCII)).addListener(f -> channel.close());
            closed = true;
            return;
        }
        limitsAcquired = true;
        executor.execute(() -> unlessGone("greeting", () -> {
            writer.raw("* OK [CAPABILITY " + capabilities() + "] " + resources.settings().hostname()
                    + " IMAP4rev1 ready\r\n");
            flush();
        }));
    }

    /**
     * Runs a write of the server's own initiative (greeting, autologout). A client may be gone by
     * then (scanners and health checks close right after connecting): that is an ordinary end of
     * a connection, worth one INFO line, not a warning with a stack trace.
     */
    private void unlessGone(String what, Runnable write) {
        try {
            write.run();
        } catch (UncheckedIOException e) {
            LOG.info("imap.disconnected remote={} during={}", remoteAddress, what);
            channel.close();
        }
    }

    /** Commands queued beyond this stop the reading of more (see {@link CommandDecoder#backlogged}). */
    private static final int MAX_PENDING = 64;

    void onInput(ClientInput input) {
        if (closed) {
            input.release();
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING && !backlogged) {
            backlogged = true;
            decoder.backlogged(true);
        }
        executor.execute(() -> {
            try {
                process(input);
            } finally {
                if (pending.decrementAndGet() < MAX_PENDING / 4 && backlogged) {
                    backlogged = false;
                    channel.eventLoop().execute(() -> decoder.backlogged(false));
                }
            }
        });
    }

    void onIdleTimeout() {
        executor.execute(() -> unlessGone("autologout", () -> {
            // RFC 3501 5.4: an autologout timer of at least 30 minutes.
            writer.raw("* BYE Autologout; idle for too long\r\n");
            flush();
            channel.close();
        }));
    }

    void onClosed() {
        closed = true;
        executor.execute(this::release);
    }

    void onWritabilityChanged() {
        output.writabilityChanged();
    }

    private void release() {
        notifications(null);
        if (selected != null) {
            selected.close();
            selected = null;
        }
        if (user != null) {
            resources.releaseUserSession(user);
            user = null;
        }
        if (limitsAcquired) {
            resources.limits().release(remoteAddress);
            limitsAcquired = false;
        }
        output.discard();
        state = SessionState.LOGOUT;
    }

    // ---- commands (serial executor)

    private void process(ClientInput input) {
        if (closed || state == SessionState.LOGOUT) {
            input.release();
            return;
        }
        try {
            if (!(input instanceof ClientInput.ContinuationRequest)) {
                commandArriving = false;
            }
            if (input instanceof ClientInput.Command command) {
                run(command);
            } else if (input instanceof ClientInput.Malformed bad) {
                sendUpdates(false);
                writer.raw(bad.tag() + " " + bad.status() + " " + bad.text() + "\r\n");
                flush();
            } else if (input instanceof ClientInput.ContinuationRequest) {
                writer.raw("+ Ready for literal data\r\n"); // RFC 3501 7.5
                flush();
                commandArriving = true;
            } else if (input instanceof ClientInput.RawLine line) {
                Consumer<String> handler = rawLineHandler;
                rawLineHandler = null;
                if (handler == null) {
                    writer.raw("* BAD unexpected line\r\n");
                    flush();
                    resumeInput(false);
                } else {
                    handler.accept(line.text());
                }
            }
        } catch (UncheckedIOException e) {
            LOG.debug("imap.write_failed remote={}", remoteAddress, e);
            channel.close();
        }
    }

    private void run(ClientInput.Command command) {
        inputTaken = false;
        String tag = command.tag();
        Request request = new Request(tag, command.name(), command.args(), false);
        Reply reply;
        CommandHandler handler = null;
        try {
            if (command.name().equals("UID")) {
                request = uidRequest(command);
            }
            handler = Commands.get(request.name());
            if (handler == null) {
                reply = Reply.bad("unknown command " + command.name());
            } else if (!handler.validIn().contains(state)) {
                reply = Reply.bad(command.name() + " is not valid in the " + stateName() + " state");
            } else {
                reply = handler.handle(this, request);
            }
        } catch (BadCommandException e) {
            reply = Reply.bad(e.getMessage());
        } catch (CommandFailed e) {
            reply = Reply.no(e.getMessage());
        } catch (StoreException e) {
            reply = Reply.no(StoreReplies.text(e, request.name()));
            if (e.isTemporary()) {
                LOG.warn("imap.store_error user={} command={}", user, request.name(), e);
            }
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("imap.command_failed user={} command={}", user, request.name(), e);
            reply = Reply.no("[SERVERBUG] internal error");
        } finally {
            command.release();
        }
        if (reply != Reply.LATER) {
            finish(tag, reply, handler == null || handler.allowsExpunge(request));
        }
        if (PAUSING.contains(command.name()) && !inputTaken) {
            resumeInput(false);
        }
    }

    private static Request uidRequest(ClientInput.Command command) {
        if (command.args().isEmpty()) {
            throw new BadCommandException("UID: missing command");
        }
        String sub = Arg.text(command.args().get(0)).toUpperCase(Locale.ROOT);
        if (!UID_COMMANDS.contains(sub)) {
            throw new BadCommandException("UID " + sub + " is not a UID command");
        }
        return new Request(command.tag(), sub, command.args().subList(1, command.args().size()), true);
    }

    private String stateName() {
        return state.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Ends the session from the server's side with a reason (RFC 3501 7.1.5). */
    private void bye(String reason) {
        writer.raw("* BYE " + reason + "\r\n");
        flush();
        channel.close();
        closed = true;
    }

    /** Sends pending updates, then the tagged response, and flushes. */
    public void finish(String tag, Reply reply, boolean expungeAllowed) {
        sendUpdates(expungeAllowed);
        writer.raw(tag + " " + reply.status() + " " + reply.text() + "\r\n");
        flush();
    }

    /**
     * Untagged updates about the selected mailbox (RFC 3501 7.3.1, 7.4.1), then what NOTIFY
     * tells of the others (RFC 5465).
     */
    public void sendUpdates(boolean expungeAllowed) {
        if (selected != null) {
            if (selected.deleted()) {
                bye("the selected mailbox was deleted");
                return;
            }
            if (selected.overflowed()) {
                bye("too many changes to the selected mailbox waited while this client was not reading");
                return;
            }
            long known = selected.highestUid();
            selected.sendUpdates(writer, expungeAllowed);
            fetchNewMessages(known);
        }
        Notifier n = notifier;
        if (n != null && !n.drain(this)) {
            notifier = null;
        }
    }

    public void flush() {
        try {
            output.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- what handlers use

    public ImapWriter writer() {
        return writer;
    }

    public ServerResources resources() {
        return resources;
    }

    public MailStore store() {
        return resources.store();
    }

    public SessionState state() {
        return state;
    }

    public boolean tls() {
        return tls;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String user() {
        return user;
    }

    public String capabilities() {
        return Capabilities.line(tls, state != SessionState.NOT_AUTHENTICATED,
                resources.settings().allowPlaintextAuth(), resources.settings().appendLimit());
    }

    /** LOGIN and AUTHENTICATE are allowed: over TLS, or in clear if the administrator said so. */
    public boolean authenticationAllowed() {
        return tls || resources.settings().allowPlaintextAuth();
    }

    /** The failed logins of this connection so far, counting this one. */
    public int authenticationFailed() {
        return ++authFailures;
    }

    /** Enters the authenticated state, or fails at the per-user session limit. */
    public void loggedIn(String canonicalUser) {
        if (!resources.acquireUserSession(canonicalUser)) {
            throw new CommandFailed("[LIMIT] too many sessions for this user");
        }
        user = canonicalUser;
        state = SessionState.AUTHENTICATED;
        if (resources.quota().limited()) {
            // Counted here, on the worker, so the decoder can refuse an APPEND over quota before its
            // literal (RFC 9208 7.1) without a query: one index sum per user per server start.
            resources.quota().used(canonicalUser);
        }
        LOG.info("imap.login user={} remote={}", canonicalUser, remoteAddress);
    }

    /** What this client has enabled (CONDSTORE, QRESYNC) for the rest of the connection. */
    public EnabledExtensions enabled() {
        return enabled;
    }

    /**
     * A CONDSTORE enabling command ran (RFC 7162 3.1): the first one with a mailbox selected
     * tells its HIGHESTMODSEQ.
     */
    public void condstoreEnabled() {
        if (enabled.enableCondstore() && selected != null) {
            writer.raw("* OK [HIGHESTMODSEQ " + store().status(selected.id()).highestModSeq() + "] CONDSTORE enabled\r\n");
        }
    }

    /** The selected mailbox, if any. */
    public java.util.Optional<SelectedMailbox> selectedIfAny() {
        return java.util.Optional.ofNullable(selected);
    }

    public SelectedMailbox selected() {
        if (selected == null) {
            throw new IllegalStateException("no mailbox selected");
        }
        return selected;
    }

    /** Selects a mailbox, leaving the previous one (RFC 3501 6.3.1: a failed SELECT leaves none). */
    public SelectedMailbox select(MailboxInfo mailbox, boolean readOnly) {
        unselect();
        selected = SelectedMailbox.open(store(), mailbox.id(), readOnly, mailbox.uidValidity(),
                resources.recent(), this::mailboxChanged, enabled);
        state = SessionState.SELECTED;
        return selected;
    }

    public void unselect() {
        if (selected != null) {
            selected.close();
            selected = null;
        }
        if (state == SessionState.SELECTED) {
            state = SessionState.AUTHENTICATED;
        }
    }

    /** Ends the session after the responses written so far. */
    public void logout() {
        flush();
        state = SessionState.LOGOUT;
        closed = true;
        channel.close();
    }

    /** The next bare line goes to {@code handler} (after a {@code +} continuation the caller wrote). */
    public void takeNextLine(Consumer<String> handler) {
        rawLineHandler = handler;
        inputTaken = true;
        resumeInput(true);
    }

    /** Lets the decoder go on with commands (after a pausing command the session handled itself). */
    public void resumeInput(boolean rawLine) {
        inputTaken = true;
        channel.eventLoop().execute(() -> decoder.resume(rawLine, false));
    }

    /** Holds the commands queued behind this one until {@link #resumeCommands()} (a delayed reply). */
    public void pauseCommands() {
        executor.pause();
    }

    public void resumeCommands() {
        executor.resume();
    }

    /** Resumes the commands, running {@code first} before them (a delayed reply). */
    public void resumeWith(Runnable first) {
        executor.resumeWith(guarded(first));
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (UncheckedIOException e) {
                channel.close();
            }
        };
    }

    /** Runs {@code task} in this session's order (from a timer, for instance). */
    public void later(Runnable task) {
        executor.execute(() -> {
            try {
                task.run();
            } catch (UncheckedIOException e) {
                channel.close();
            }
        });
    }

    /**
     * STARTTLS (RFC 3501 6.2.1): answers OK in clear, then puts TLS in front of everything; bytes
     * the client sent after the command in clear are dropped.
     */
    public void startTls(String tag) {
        flush();
        inputTaken = true;
        tls = true;
        channel.eventLoop().execute(() -> {
            SslHandler ssl = new SslHandler(resources.settings().tls().orElseThrow().newServerEngine(), true);
            channel.pipeline().addFirst("tls", ssl);
            channel.writeAndFlush(Unpooled.copiedBuffer(tag + " OK Begin TLS negotiation now\r\n",
                    StandardCharsets.US_ASCII));
            decoder.resume(false, true);
        });
    }

    public boolean compressed() {
        return compressed;
    }

    /**
     * COMPRESS DEFLATE (RFC 4978 3): the tagged OK goes out uncompressed, then both directions
     * are raw DEFLATE streams, inside TLS when there is TLS. What the client sent after the
     * command (already compressed) is inflated before the decoder reads on.
     */
    public void startCompression(String tag) {
        sendUpdates(false);
        flush();
        inputTaken = true;
        compressed = true;
        channel.eventLoop().execute(() -> {
            channel.writeAndFlush(Unpooled.copiedBuffer(tag + " OK DEFLATE active\r\n", StandardCharsets.US_ASCII));
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get("tls") != null) {
                pipeline.addAfter("tls", "inflate", new InflateDecoder());
            } else {
                pipeline.addFirst("inflate", new InflateDecoder());
            }
            pipeline.addAfter("inflate", "deflate", new DeflateEncoder());
            ByteBuf early = decoder.takeBuffered();
            decoder.resume(false, false);
            if (early.isReadable()) {
                inflateFromStart(pipeline, early);
            } else {
                early.release();
            }
        });
    }

    /** Feeds bytes into the pipeline at the inflater, as if they had just arrived. */
    private static void inflateFromStart(ChannelPipeline pipeline, ByteBuf bytes) {
        if (pipeline.get("tls") != null) {
            pipeline.context("tls").fireChannelRead(bytes);
        } else {
            pipeline.fireChannelRead(bytes);
        }
    }

    // ---- IDLE (RFC 2177)

    /** Pushes updates as they come until {@code done} runs (on the next bare line). */
    public void idle(Consumer<String> done) {
        idling = true;
        sendUpdates(true);
        flush();
        takeNextLine(line -> {
            idling = false;
            done.accept(line);
        });
    }

    /** The selected mailbox changed: pushed during IDLE, or between commands if NOTIFY asks (RFC 5465 6.1). */
    private void mailboxChanged() {
        Notifier n = notifier;
        if (idling || (n != null && n.pushesSelected())) {
            schedulePush();
        }
    }

    // ---- NOTIFY (RFC 5465)

    /** Replaces the session's NOTIFY setting; null is NOTIFY NONE. On the executor. */
    public void notifications(Notifier replacement) {
        Notifier old = notifier;
        notifier = replacement;
        if (old != null) {
            old.close();
        }
    }

    /** RFC 5465 5.1: MessageNew's fetch attributes, for the messages the view just took in above {@code known}. */
    private void fetchNewMessages(long known) {
        Notifier n = notifier;
        if (n == null || selected.highestUid() <= known) {
            return;
        }
        n.newMessageFetch().ifPresent(fetch -> FetchCommand.writeUnsolicited(this, fetch, selected.inView(
                store().messages(selected.id(), UidSet.range(known + 1, selected.highestUid())))));
    }

    /** Another mailbox of the user changed (a store thread): told between commands. */
    public void notificationsPending() {
        schedulePush();
    }

    private void schedulePush() {
        if (pushScheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                pushScheduled.set(false);
                if (closed) {
                    return;
                }
                try {
                    push();
                } catch (UncheckedIOException e) {
                    channel.close();
                }
            });
        }
    }

    /**
     * Runs between commands (the executor runs one task at a time): IDLE gets every update;
     * otherwise NOTIFY's, unless a command waits for a line of the client or is still arriving
     * after a literal's continuation (RFC 5465 5: only while no command is in progress), with
     * EXPUNGE only under {@code selected}.
     */
    private void push() {
        Notifier n = notifier;
        if (idling) {
            sendUpdates(true);
        } else if (n != null && rawLineHandler == null && !commandArriving) {
            if (n.pushesSelected()) {
                sendUpdates(n.immediateExpunges());
            } else if (!n.drain(this)) {
                notifier = null;
            }
        } else {
            return;
        }
        flush();
    }
}
