package org.facteur.imap.command;

import java.util.HashMap;
import java.util.Map;

/** Every command this server knows, by name. */
public final class Commands {

    private static final Map<String, CommandHandler> HANDLERS = new HashMap<>();

    static {
        // RFC 3501 6.1: any state.
        HANDLERS.put("CAPABILITY", new CapabilityCommand());
        HANDLERS.put("NOOP", new NoopCommand(CommandHandler.ANY));
        HANDLERS.put("LOGOUT", new LogoutCommand());
        HANDLERS.put("ID", new IdCommand());
        // RFC 3501 6.2: not authenticated.
        HANDLERS.put("STARTTLS", new StartTlsCommand());
        HANDLERS.put("LOGIN", new LoginCommand());
        HANDLERS.put("AUTHENTICATE", new AuthenticateCommand());
        // RFC 3501 6.3: authenticated.
        HANDLERS.put("SELECT", new SelectCommand(false));
        HANDLERS.put("EXAMINE", new SelectCommand(true));
        HANDLERS.put("CREATE", new CreateCommand());
        HANDLERS.put("DELETE", new DeleteCommand());
        HANDLERS.put("RENAME", new RenameCommand());
        HANDLERS.put("SUBSCRIBE", new SubscribeCommand(true));
        HANDLERS.put("UNSUBSCRIBE", new SubscribeCommand(false));
        HANDLERS.put("LIST", new ListCommand(false));
        HANDLERS.put("LSUB", new ListCommand(true));
        HANDLERS.put("STATUS", new StatusCommand());
        HANDLERS.put("APPEND", new AppendCommand());
        HANDLERS.put("NAMESPACE", new NamespaceCommand());
        HANDLERS.put("ENABLE", new EnableCommand());
        HANDLERS.put("IDLE", new IdleCommand());
        HANDLERS.put("COMPRESS", new CompressCommand());
        // RFC 3501 6.4: selected.
        HANDLERS.put("CHECK", new NoopCommand(CommandHandler.SELECTED));
        HANDLERS.put("CLOSE", new CloseCommand(true));
        HANDLERS.put("UNSELECT", new CloseCommand(false));
        HANDLERS.put("EXPUNGE", new ExpungeCommand());
        HANDLERS.put("FETCH", new FetchCommand());
        HANDLERS.put("STORE", new StoreCommand());
        HANDLERS.put("COPY", new CopyCommand(false));
        HANDLERS.put("MOVE", new CopyCommand(true));
        HANDLERS.put("SEARCH", new SearchCommand());
        HANDLERS.put("CANCELUPDATE", new CancelUpdateCommand()); // RFC 5267 4.3.5
        // RFC 5256.
        HANDLERS.put("SORT", new SortCommand());
        HANDLERS.put("THREAD", new ThreadCommand());
        // RFC 9208.
        HANDLERS.put("GETQUOTA", new GetQuotaCommand());
        HANDLERS.put("GETQUOTAROOT", new GetQuotaRootCommand());
        HANDLERS.put("SETQUOTA", new SetQuotaCommand());
        // RFC 5465.
        HANDLERS.put("NOTIFY", new org.facteur.imap.notify.NotifyCommand());
    }

    private Commands() {
    }

    /** The handler of a command name in upper case, or null. */
    public static CommandHandler get(String name) {
        return HANDLERS.get(name);
    }
}
