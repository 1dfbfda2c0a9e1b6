package org.facteur.smtp.relay;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opportunistic TLS between MTAs (RFC 7435; RFC 3207 4.1 lets the client go on whatever the
 * certificate): it protects against passive listeners, and without DANE or MTA-STS there is no
 * name to check a certificate against, so every certificate is accepted, as Postfix's
 * {@code smtp_tls_security_level = may} does.
 */
final class InsecureTls {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private InsecureTls() {
    }

    static SSLContext context() {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {new AcceptAll()}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this Java runtime", e);
        }
    }

    private static final class AcceptAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // We are the client.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Opportunistic: see the class comment.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
