package org.facteur.distribution.server;

import org.facteur.distribution.config.Config;
import org.facteur.distribution.config.ConfigException;
import org.facteur.distribution.config.ConfigKeys;
import org.facteur.tls.TlsException;
import org.facteur.tls.TlsMaterial;

/** The certificate the configuration asks for, or the self-signed one kept in {@code <data>/tls/}. */
final class TlsSetup {

    private TlsSetup() {
    }

    static TlsMaterial load(Config config) {
        return config.tlsFiles().map(files -> {
            try {
                return TlsMaterial.fromPem(files.certificate(), files.key());
            } catch (TlsException e) {
                // Point at the line that named the faulty file.
                boolean keyAtFault = e.file().filter(files.key()::equals).isPresent();
                var key = keyAtFault ? ConfigKeys.TLS_KEY : ConfigKeys.TLS_CERT;
                throw new ConfigException(config.origin(key).error(key.name(), e.getMessage()), e);
            }
        }).orElseGet(() -> TlsMaterial.selfSigned(config.dataDirectory().resolve("tls"), config.hostname()));
    }
}
