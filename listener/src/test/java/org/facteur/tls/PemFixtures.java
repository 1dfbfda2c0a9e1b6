package org.facteur.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.security.KeyPair;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/** Writes certificate and key files the way certbot and openssl do, for the tests. */
final class PemFixtures {

    private PemFixtures() {
    }

    static Path write(Path file, String pem) throws IOException {
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    /** PKCS#8, as certbot and "openssl genpkey" write it. */
    static String pkcs8(SelfSignedCertificate generated) {
        return PemFiles.privateKeyToPem(generated.keyPair().getPrivate());
    }

    /** PKCS#1 for RSA, SEC1 for EC: OpenSSL's "traditional" encoding. */
    static String traditional(SelfSignedCertificate generated) throws IOException {
        if (generated.keyPair().getPrivate().getAlgorithm().equals("EC")) {
            return sec1(generated.keyPair());
        }
        return PemFiles.toPem(generated.keyPair());
    }

    /** SEC1 as openssl writes it: with the curve and the public key inside ECPrivateKey (RFC 5915). */
    private static String sec1(KeyPair keyPair) throws IOException {
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        ECPrivateKey bare = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ECPrivateKey full = new ECPrivateKey(256, bare.getKey(),
                SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()).getPublicKeyData(),
                pkcs8.getPrivateKeyAlgorithm().getParameters());
        return PemFiles.toPem(new PemObject("EC PRIVATE KEY", full.getEncoded()));
    }

    static String certificate(SelfSignedCertificate... chain) {
        return PemFiles.toPem((Object[]) java.util.Arrays.stream(chain).map(SelfSignedCertificate::certificate).toArray());
    }

    static boolean opensslPresent() {
        try {
            return run(Path.of("."), List.of("openssl", "version")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs openssl in {@code directory}; the arguments are split on spaces. */
    static void openssl(Path directory, String arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments.split(" ")));
        int exit = run(directory, command);
        if (exit != 0) {
            throw new IOException("openssl " + arguments + " exited with " + exit);
        }
    }

    private static int run(Path directory, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl took too long");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
