package org.facteur.smtp.reception;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.facteur.directory.Directory;
import org.facteur.directory.DirectoryException;
import org.facteur.directory.Resolution;
import org.facteur.mailbox.quota.StorageQuota;
import org.facteur.smtp.queue.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RCPT TO: who the recipient is, through {@link Directory#resolve}, and whether we may relay.
 *
 * <p>Runs on a Netty I/O thread (James 3.8.1): one H2 lookup, microseconds. Refused before any
 * lookup, with {@code 550 5.7.1}, are the classic relay tricks: a domain literal
 * ({@code user@[127.0.0.2]}: we have no address-literal mailboxes), and local parts carrying a
 * route ({@code user%remote@local}, {@code remote!user@local}, {@code "user@remote"@local});
 * RFC 5321 3.6.1 and 4.1.3 make them the receiver's business, and we never route on them. A
 * source route ({@code <@a:b@c>}) is ignored as RFC 5321 4.1.1.3 and C allow
 * ({@link RouteIgnoringRcptCmdHandler}): {@code b@c} is judged alone. A trailing dot is the directory's: {@code remote.test.} is
 * {@code remote.test}, not ours.
 */
final class RecipientHook implements RcptHook {

    private static final Logger LOG = LoggerFactory.getLogger(RecipientHook.class);
    private static final Set<String> PARAMETERS = Set.of("NOTIFY", "ORCPT");

    private final Directory directory;
    private final int maxRecipients;
    private final StorageQuota quota;

    RecipientHook(Directory directory, int maxRecipients, StorageQuota quota) {
        this.directory = directory;
        this.maxRecipients = maxRecipients;
        this.quota = quota;
    }

    @Override
    public Set<String> supportedParameters() {
        return PARAMETERS;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        // RFC 5321 4.5.3.1.8: at least 100 must be accepted; past our limit, 452 (RFC 5321 3.3).
        if (session.getRcptCount() >= maxRecipients) {
            return Replies.TOO_MANY_RECIPIENTS;
        }
        String notify = parameters.getOrDefault("NOTIFY", "");
        String orcpt = parameters.getOrDefault("ORCPT", "");
        if (!validNotify(notify) || !validOrcpt(orcpt)) {
            return Replies.BAD_PARAMETER;
        }
        String address = Utf8Addresses.real(session, rcpt.asString());
        int at = address.lastIndexOf('@');
        String local = address.substring(0, Math.max(at, 0));
        String domain = address.substring(at + 1);
        if (isAddressLiteral(domain) || local.indexOf('%') >= 0 || local.indexOf('!') >= 0
                || local.indexOf('@') >= 0 || local.startsWith("\"")) {
            LOG.info("smtp.relay_denied session={} rcpt=<{}> reason=route_in_address", session.getSessionID(), address);
            return Replies.RELAY_DENIED;
        }
        Resolution resolution;
        try {
            resolution = directory.resolve(address);
        } catch (DirectoryException e) {
            return Replies.BAD_ADDRESS;
        } catch (RuntimeException e) {
            LOG.error("smtp.directory_error session={} rcpt=<{}> error=\"{}\"", session.getSessionID(), address,
                    e.getMessage(), e);
            return Replies.DIRECTORY_UNAVAILABLE;
        }
        Transaction tx = Transaction.of(session);
        int index = tx.recipients.size();
        switch (resolution.status()) {
            case UNKNOWN:
                return Replies.UNKNOWN_USER;
            case NOT_LOCAL_DOMAIN:
                if (!session.isRelayingAllowed()) {
                    LOG.info("smtp.relay_denied session={} rcpt=<{}> reason=not_local", session.getSessionID(), address);
                    return Replies.RELAY_DENIED;
                }
                tx.remoteTargets.putIfAbsent(address.toLowerCase(Locale.ROOT), index);
                break;
            case DELIVER:
            default:
                if (allMailboxesFull(resolution, tx.declaredSize)) {
                    LOG.info("smtp.rcpt_refused session={} rcpt=<{}> reason=over_quota", session.getSessionID(), address);
                    return Replies.MAILBOX_FULL;
                }
                resolution.localUsers().forEach(u -> tx.localTargets.putIfAbsent(u, index));
                resolution.remoteAddresses().forEach(a -> tx.remoteTargets.putIfAbsent(a, index));
                break;
        }
        tx.recipients.add(new Envelope.Recipient(address, notify.toUpperCase(Locale.ROOT), orcpt));
        return HookResult.OK;
    }

    /**
     * Whether every final mailbox of the recipient (the user, or each user an alias or postmaster
     * resolves to) is at its quota or would pass it with the size MAIL FROM declared. An alias
     * with some room left, or a remote target, is accepted: the full mailboxes bounce at delivery.
     * The first check of a user sums their bytes in the index once (on this I/O thread); later
     * ones read a count in memory.
     */
    private boolean allMailboxesFull(Resolution resolution, long declaredSize) {
        if (!quota.limited() || resolution.localUsers().isEmpty() || !resolution.remoteAddresses().isEmpty()) {
            return false;
        }
        long needed = Math.max(1, declaredSize);
        return resolution.localUsers().stream().noneMatch(user -> quota.allows(user, needed));
    }

    /** RFC 5321 4.1.3 address literals; James's Domain may have dropped the brackets. */
    static boolean isAddressLiteral(String domain) {
        return domain.startsWith("[") || domain.indexOf(':') >= 0 || domain.matches("[0-9.]+");
    }

    /** RFC 3461 4.1: NEVER alone, or a list of SUCCESS, FAILURE, DELAY. */
    static boolean validNotify(String notify) {
        if (notify.isEmpty()) {
            return true;
        }
        String n = notify.toUpperCase(Locale.ROOT);
        if (n.equals("NEVER")) {
            return true;
        }
        for (String part : n.split(",", -1)) {
            if (!part.equals("SUCCESS") && !part.equals("FAILURE") && !part.equals("DELAY")) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3461 4.2: addr-type ";" xtext. */
    static boolean validOrcpt(String orcpt) {
        if (orcpt.isEmpty()) {
            return true;
        }
        int semi = orcpt.indexOf(';');
        return semi > 0 && semi < orcpt.length() - 1 && orcpt.length() <= 500 && EsmtpParameters.isXtext(orcpt.substring(semi + 1));
    }
}
