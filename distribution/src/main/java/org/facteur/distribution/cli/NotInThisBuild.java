package org.facteur.distribution.cli;

/** A command whose feature comes with a later issue: it exists so that scripts and help already name it. */
final class NotInThisBuild {

    private NotInThisBuild() {
    }

    static CommandFailure failure(String command, String feature) {
        return new CommandFailure("'" + command + "' is not available yet in this build (it comes with " + feature + ")",
                ExitCodes.NOT_AVAILABLE);
    }
}
