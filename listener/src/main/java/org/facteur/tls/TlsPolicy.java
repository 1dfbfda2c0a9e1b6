package org.facteur.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * What every facteur listener accepts: TLS 1.2 and 1.3 only, forward-secret AEAD cipher suites
 * only (the server-side "intermediate" profile most mail servers use), in the server's order of
 * preference. Older clients fail the handshake rather than fall back to weak cryptography.
 */
public final class TlsPolicy {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** In order of preference; suites the running JDK lacks are dropped. */
    static final List<String> CIPHER_SUITES = List.of(
            // TLS 1.3: all three are AEAD and forward secret by design.
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            // TLS 1.2: ephemeral key exchange and AEAD only (no CBC, no RSA key transport, no SHA-1 MAC).
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final String[] protocols;
    private final String[] cipherSuites;

    private TlsPolicy(String[] protocols, String[] cipherSuites) {
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
    }

    /** The policy restricted to what {@code context} supports. */
    static TlsPolicy forContext(SSLContext context) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        String[] suites = CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new);
        return new TlsPolicy(PROTOCOLS.toArray(String[]::new), suites);
    }

    public String[] protocols() {
        return protocols.clone();
    }

    public String[] cipherSuites() {
        return cipherSuites.clone();
    }

    /** Applies the policy to a server-side engine (Netty listeners). */
    public void apply(SSLEngine engine) {
        engine.setUseClientMode(false);
        engine.setSSLParameters(applyTo(engine.getSSLParameters()));
    }

    /** Applies the policy to a blocking server socket. */
    public void apply(SSLServerSocket socket) {
        socket.setSSLParameters(applyTo(socket.getSSLParameters()));
    }

    private SSLParameters applyTo(SSLParameters parameters) {
        parameters.setProtocols(protocols());
        parameters.setCipherSuites(cipherSuites());
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        parameters.setWantClientAuth(false);
        return parameters;
    }

    @Override
    public String toString() {
        return String.join("/", protocols) + " with " + Arrays.toString(cipherSuites);
    }
}
