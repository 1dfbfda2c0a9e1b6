package org.facteur.distribution.config;

/** Where a setting came from, as the prefix of an error about it: {@code facteur.conf:7}, {@code --data}. */
public record Origin(String description) {

    static Origin line(String file, int line) {
        return new Origin(file + ":" + line);
    }

    static Origin commandLine(String option) {
        return new Origin(option);
    }

    static final Origin DEFAULT = new Origin("default");

    /** The one-line error about {@code key} set here. */
    public String error(String key, String problem) {
        return description + ": " + key + ": " + problem;
    }

    @Override
    public String toString() {
        return description;
    }
}
