package org.facteur.distribution.crash;

import org.facteur.distribution.Main;
import org.facteur.mailbox.maildir.crash.ChildExit;

/** {@code facteur serve} as a crash-test child: the real entry point, which dies with its test. */
public final class ServeChild {

    private ServeChild() {
    }

    public static void main(String[] args) {
        ChildExit.withParent();
        Main.main(args);
    }
}
