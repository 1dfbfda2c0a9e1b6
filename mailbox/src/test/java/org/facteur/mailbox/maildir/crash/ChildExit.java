package org.facteur.mailbox.maildir.crash;

/**
 * Makes a crash-test child die with the test that started it. When the test fails or times out
 * before it kills its child, the child would otherwise go on appending for ever on a machine
 * shared with other builds.
 */
public final class ChildExit {

    private ChildExit() {
    }

    /** Halts this JVM as soon as its parent process is gone. */
    public static void withParent() {
        ProcessHandle.current().parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
    }
}
