package org.facteur.smtp.reception;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.facteur.directory.Directory;
import org.facteur.directory.DirectoryException;
import org.facteur.directory.Resolution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAIL on the submission listeners (RFC 6409): TLS first, then AUTH, then a reverse-path the
 * user owns.
 *
 * <p>Owned means: the address, resolved by the directory as a recipient would be, delivers to
 * the authenticated user. So the user's own address in any case, its sub-addresses
 * ({@code alice+tag@}), and every alias that reaches the user (also one shared with others) are
 * owned; a domain's catch-all makes its user the owner of the addresses nobody else has (as
 * Postfix's {@code reject_sender_login_mismatch} over {@code virtual_alias_maps} does); another
 * user's address and any address of a domain that is not ours are not ({@code 553 5.7.1}).
 *
 * <p>The null reverse-path {@code <>} is allowed, as Postfix allows it on submission: a client
 * sends it for delivery reports and auto-replies (RFC 3834 5.1), and the user is still logged
 * and authenticated; nothing can bounce back to it, so it cannot be used to aim bounces.
 */
final class SenderPolicy implements MailHook {

    private static final Logger LOG = LoggerFactory.getLogger(SenderPolicy.class);

    private final Directory directory;

    SenderPolicy(Directory directory) {
        this.directory = directory;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (!session.isTLSStarted()) {
            return Replies.STARTTLS_FIRST; // RFC 3207 4 / RFC 8314 3.3: no mail in clear text
        }
        String user = SessionState.of(session).authUser;
        if (user == null) {
            return Replies.AUTH_REQUIRED; // RFC 4954 6
        }
        if (sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        String address = Utf8Addresses.real(session, sender.get().asString());
        boolean owned;
        try {
            owned = owns(user, address);
        } catch (RuntimeException e) {
            LOG.error("smtp.directory_error session={} from=<{}> error=\"{}\"", session.getSessionID(), address,
                    e.getMessage(), e);
            return Replies.DIRECTORY_UNAVAILABLE;
        }
        if (owned) {
            return HookResult.DECLINED;
        }
        LOG.info("smtp.sender_rejected session={} user={} from=<{}> reason=not_owned", session.getSessionID(), user,
                address);
        return Replies.SENDER_NOT_OWNED;
    }

    private boolean owns(String user, String address) {
        Resolution resolution;
        try {
            resolution = directory.resolve(address);
        } catch (DirectoryException e) {
            return false;
        }
        return resolution.localUsers().contains(user);
    }
}
