package org.facteur.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.facteur.tls.SelfSignedCertificate.KeyType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback against a server socket configured with the policy. */
class TlsHandshakeTest {

    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
    private TlsMaterial material;
    private SSLServerSocket server;

    @BeforeEach
    void startServer(@TempDir Path dir) throws IOException {
        material = TlsMaterial.selfSigned(dir, "localhost");
        server = (SSLServerSocket) material.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        material.policy().apply(server);
        acceptor.submit(this::serve);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        acceptor.shutdownNow();
    }

    /** Greets every client that completes a handshake with one byte. */
    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket client = (SSLSocket) server.accept()) {
                client.setSoTimeout(5000);
                client.startHandshake();
                client.getOutputStream().write('+');
                client.getOutputStream().flush();
            } catch (IOException refusedOrClosed) {
                // A refused handshake is what some tests want; the loop serves the next client.
            }
        }
    }

    @Test
    void negotiatesTls13() throws IOException {
        try (SSLSocket client = connect("TLSv1.3")) {
            assertThat(client.getInputStream().read()).isEqualTo('+');
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void negotiatesTls12WithAnAllowedSuite() throws IOException {
        try (SSLSocket client = connect("TLSv1.2")) {
            assertThat(client.getInputStream().read()).isEqualTo('+');
            assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(material.policy().cipherSuites()).contains(client.getSession().getCipherSuite());
        }
    }

    @Test
    void servesAnRsaCertificateToo(@TempDir Path dir) throws IOException {
        SelfSignedCertificate rsa = SelfSignedCertificate.generate("localhost", KeyType.RSA_2048);
        TlsMaterial rsaMaterial = TlsMaterial.fromPem(
                PemFixtures.write(dir.resolve("c.pem"), PemFixtures.certificate(rsa)),
                PemFixtures.write(dir.resolve("k.pem"), PemFixtures.traditional(rsa)));
        material = rsaMaterial;
        server.close();
        server = (SSLServerSocket) rsaMaterial.sslContext().getServerSocketFactory()
                .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        rsaMaterial.policy().apply(server);
        acceptor.submit(this::serve);

        try (SSLSocket client = connect("TLSv1.2")) {
            assertThat(client.getInputStream().read()).isEqualTo('+');
            assertThat(client.getSession().getCipherSuite()).startsWith("TLS_ECDHE_RSA_");
        }
    }

    /**
     * The JDK's client no longer offers TLS 1.1, so the test speaks it by hand: a TLS 1.1
     * ClientHello offering only suites a TLS 1.1 server would pick. The server must answer with an
     * alert or close, never with a ServerHello.
     */
    @Test
    void refusesTls11() throws IOException {
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5000);
            raw.setSoTimeout(5000);
            raw.getOutputStream().write(tls11ClientHello());
            raw.getOutputStream().flush();

            int firstByte = readFirstByte(raw.getInputStream());

            final int handshakeRecord = 0x16;
            final int alertRecord = 0x15;
            assertThat(firstByte).isNotEqualTo(handshakeRecord).isIn(alertRecord, -1);
        }
    }

    private static int readFirstByte(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed", e);
        } catch (IOException reset) {
            return -1;
        }
    }

    private SSLSocket connect(String protocol) throws IOException {
        SSLSocket client = (SSLSocket) material.trustingClientContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        client.setSoTimeout(5000);
        client.setEnabledProtocols(new String[] {protocol});
        client.startHandshake();
        return client;
    }

    /** RFC 4346 7.4.1.2: a ClientHello for TLS 1.1 (version 3.2), without extensions. */
    private static byte[] tls11ClientHello() throws IOException {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        DataOutputStream body = new DataOutputStream(hello);
        body.writeShort(0x0302); // client_version TLS 1.1
        body.write(new byte[32]); // random
        body.writeByte(0); // no session id
        int[] suites = {0xC013, 0xC009, 0x002F, 0x0035}; // ECDHE-RSA/ECDSA-AES128-SHA, AES128-SHA, AES256-SHA
        body.writeShort(suites.length * 2);
        for (int suite : suites) {
            body.writeShort(suite);
        }
        body.writeByte(1); // one compression method:
        body.writeByte(0); // null

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(record);
        out.writeByte(0x16); // handshake record
        out.writeShort(0x0301); // record version, as clients send it
        out.writeShort(hello.size() + 4);
        out.writeByte(1); // client_hello
        out.writeByte(0);
        out.writeShort(hello.size());
        out.write(hello.toByteArray());
        return record.toByteArray();
    }
}
