package org.facteur.distribution.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import org.facteur.directory.Directory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "user", description = "Add, remove or list users, or change a password.",
        mixinStandardHelpOptions = true)
final class UserCommands {

    @Spec
    CommandSpec spec;

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user in a local domain, with the default folders (INBOX, Sent, Drafts, Trash, Junk, Archive).")
    void add(@Parameters(paramLabel = "ADDRESS") String address,
            @Option(names = "--password-stdin", description = "Read the password from the first line of standard input"
                    + " instead of asking twice on the console.") boolean passwordStdin,
            @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            char[] password = PasswordInput.read(passwordStdin, address);
            Directory directory = session.directory();
            String user;
            try {
                user = directory.addUser(address, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            createFolders(session, directory, user);
            out().println("added user " + user);
        }
    }

    /** A user without folders could log in but not receive mail: undo the directory entry if the store fails. */
    private static void createFolders(AdminSession session, Directory directory, String user) {
        try {
            session.store().createAccount(user);
        } catch (RuntimeException e) {
            directory.removeUser(user);
            throw e;
        }
    }

    @Command(name = "passwd", description = "Set a user's password.", mixinStandardHelpOptions = true)
    void passwd(@Parameters(paramLabel = "ADDRESS") String address,
            @Option(names = "--password-stdin", description = "Read the password from the first line of standard input"
                    + " instead of asking twice on the console.") boolean passwordStdin,
            @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            char[] password = PasswordInput.read(passwordStdin, address);
            try {
                session.directory().setPassword(address, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            out().println("password changed for " + address);
        }
    }

    @Command(name = "remove", description = "Remove a user and delete their mail.", mixinStandardHelpOptions = true)
    void remove(@Parameters(paramLabel = "ADDRESS") String address, @Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            Directory directory = session.directory();
            String user = canonical(directory, address);
            directory.removeUser(address);
            session.store().deleteAccount(user);
            out().println("removed user " + user);
        }
    }

    @Command(name = "list", description = "List the users, one address per line.", mixinStandardHelpOptions = true)
    void list(@Mixin CommonOptions options) {
        try (AdminSession session = AdminSession.open(options)) {
            session.directory().listUsers().forEach(out()::println);
        }
    }

    /**
     * The spelling the directory stored (lowercase, IDNA domain), which also names the user's
     * Maildir: resolving a user's own address yields exactly that user first.
     */
    private static String canonical(Directory directory, String address) {
        return directory.resolve(address).localUsers().stream().findFirst().orElse(address);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
