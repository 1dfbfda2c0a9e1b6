package org.facteur.distribution.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build, written into version.properties by the build. */
public final class Version {

    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/org/facteur/distribution/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
