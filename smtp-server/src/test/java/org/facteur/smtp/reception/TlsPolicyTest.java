package org.facteur.smtp.reception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.facteur.smtp.RawClient;
import org.facteur.smtp.TestMx;
import org.facteur.smtp.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STARTTLS offers TLS 1.2 and 1.3 only, with forward-secret AEAD suites only. */
class TlsPolicyTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void onlyForwardSecretAeadSuites() throws Exception {
        List<String> suites = List.of(SmtpServer.strongCipherSuites(SSLContext.getDefault()));
        assertThat(suites).contains("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(suites).noneMatch(s -> s.contains("_CBC_") || s.startsWith("TLS_RSA_") || s.contains("RC4")
                || s.contains("3DES") || s.contains("NULL") || s.contains("anon"));
    }

    @Test
    void tls12WorksAndCbcSuitesAreRefused() throws Exception {
        try (TestMx mx = new TestMx(dir)) {
            try (RawClient c = RawClient.ehlo(mx.port())) {
                assertThat(c.command("STARTTLS")).startsWith("220");
                SSLSocket tls = (SSLSocket) TestTls.get().clientSocketFactory().createSocket(c.socket(), "127.0.0.1",
                        mx.port(), true);
                tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                tls.startHandshake();
                assertThat(tls.getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(tls.getSession().getCipherSuite()).contains("_GCM_");
            }
            try (RawClient c = RawClient.ehlo(mx.port())) {
                assertThat(c.command("STARTTLS")).startsWith("220");
                SSLSocket tls = (SSLSocket) TestTls.get().clientSocketFactory().createSocket(c.socket(), "127.0.0.1",
                        mx.port(), true);
                tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                tls.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
                assertThatThrownBy(tls::startHandshake).isInstanceOf(java.io.IOException.class);
            }
        }
    }
}
