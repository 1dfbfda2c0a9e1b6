package org.facteur.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's certificate chain and private key, the {@link SSLContext} built from them and the
 * {@link TlsPolicy} every listener applies.
 *
 * <p>Either loaded from the PEM files the administrator configured ({@link #fromPem}), or a
 * self-signed certificate generated once into the data directory and reused on later starts
 * ({@link #selfSigned}), so a fresh install speaks TLS from its first start.
 */
public final class TlsMaterial {

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
    private static final String ALIAS = "facteur";
    /** Protects the in-memory key store only; the key never leaves this process through it. */
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private final List<X509Certificate> chain;
    private final SSLContext context;
    private final TlsPolicy policy;
    private final String description;

    private TlsMaterial(List<X509Certificate> chain, PrivateKey key, String description) {
        this.chain = List.copyOf(chain);
        this.context = serverContext(chain, key);
        this.policy = TlsPolicy.forContext(context);
        this.description = description;
    }

    /**
     * Loads a PEM certificate chain (the server's certificate first, as in certbot's
     * {@code fullchain.pem}) and the PEM private key that belongs to it.
     *
     * @throws TlsException naming the file, when a file is missing, unreadable, not PEM, or the
     *     key does not belong to the certificate
     */
    public static TlsMaterial fromPem(Path certificateFile, Path keyFile) {
        return load(certificateFile, keyFile, "certificate");
    }

    /**
     * The self-signed certificate kept in {@code directory} ({@code cert.pem}, {@code key.pem}),
     * generated for {@code hostname} when absent. The key file is readable by its owner only.
     */
    public static TlsMaterial selfSigned(Path directory, String hostname) {
        Path certificateFile = directory.resolve("cert.pem");
        Path keyFile = directory.resolve("key.pem");
        if (!Files.exists(certificateFile) || !Files.exists(keyFile)) {
            generateFiles(directory, certificateFile, keyFile, hostname);
            LOG.info("generated a self-signed certificate for {} in {}", hostname, directory);
        }
        return load(certificateFile, keyFile, "self-signed certificate");
    }

    /** A throwaway self-signed certificate held in memory only: for tests of listeners and clients. */
    public static TlsMaterial ephemeral(String hostname) {
        SelfSignedCertificate generated = SelfSignedCertificate.generate(hostname, SelfSignedCertificate.KeyType.EC_P256);
        return new TlsMaterial(List.of(generated.certificate()), generated.keyPair().getPrivate(),
                "ephemeral self-signed certificate for " + hostname);
    }

    public SSLContext sslContext() {
        return context;
    }

    public TlsPolicy policy() {
        return policy;
    }

    /** A server-side engine with the policy applied: what a Netty listener puts in its pipeline. */
    public SSLEngine newServerEngine() {
        SSLEngine engine = context.createSSLEngine();
        policy.apply(engine);
        return engine;
    }

    public List<X509Certificate> certificateChain() {
        return chain;
    }

    /** A client context that trusts exactly this certificate (tests, and clients of a self-signed server). */
    public SSLContext trustingClientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, chain.get(0));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            return client;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context", e);
        }
    }

    /** For the start-up log: which certificate is served and where it came from. */
    @Override
    public String toString() {
        return description;
    }

    private static SSLContext serverContext(List<X509Certificate> chain, PrivateKey key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("cannot build a TLS context from " + subject(chain.get(0)) + ": " + PemFiles.oneLine(e), e);
        }
    }

    private static TlsMaterial load(Path certificateFile, Path keyFile, String kind) {
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!belongTogether(key, chain.get(0).getPublicKey(), keyFile)) {
            throw new TlsException(keyFile, "this private key does not belong to the certificate in "
                    + certificateFile);
        }
        warnIfOutsideValidity(chain.get(0), certificateFile);
        return new TlsMaterial(chain, key, kind + " " + subject(chain.get(0)) + " from " + certificateFile);
    }

    /** Signs a challenge with the key and verifies it with the certificate: works for any key type. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> throw new TlsException(keyFile, "unsupported private key type " + key.getAlgorithm()
                    + " (use an RSA, EC or Ed25519 key)");
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's cannot even start verifying.
            return false;
        }
    }

    private static void generateFiles(Path directory, Path certificateFile, Path keyFile, String hostname) {
        SelfSignedCertificate generated = SelfSignedCertificate.generate(hostname, SelfSignedCertificate.KeyType.EC_P256);
        try {
            createPrivateDirectory(directory);
            // The key first: a crash between the two writes leaves no certificate, so the next start regenerates.
            writeAtomically(keyFile, PemFiles.privateKeyToPem(generated.keyPair().getPrivate()), true);
            writeAtomically(certificateFile, PemFiles.certificatesToPem(List.of(generated.certificate())), false);
        } catch (IOException e) {
            throw new TlsException(directory, "cannot write the self-signed certificate: " + PemFiles.oneLine(e), e);
        }
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            // Another process made it meanwhile.
        }
    }

    private static void writeAtomically(Path file, String content, boolean ownerOnly) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (ownerOnly) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void warnIfOutsideValidity(X509Certificate certificate, Path file) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            LOG.warn("the certificate in {} expired on {}: clients will refuse it", file, certificate.getNotAfter());
        } catch (CertificateNotYetValidException e) {
            LOG.warn("the certificate in {} is valid only from {}", file, certificate.getNotBefore());
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
