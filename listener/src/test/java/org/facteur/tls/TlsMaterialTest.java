package org.facteur.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.facteur.tls.SelfSignedCertificate.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    private static final SelfSignedCertificate RSA = SelfSignedCertificate.generate("mail.example.test", KeyType.RSA_2048);
    private static final SelfSignedCertificate EC = SelfSignedCertificate.generate("mail.example.test", KeyType.EC_P256);

    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateIsGeneratedOnceWithAPrivateKeyFileAndReused() throws Exception {
        Path tls = dir.resolve("data/tls");

        TlsMaterial first = TlsMaterial.selfSigned(tls, "mail.example.test");
        TlsMaterial second = TlsMaterial.selfSigned(tls, "mail.example.test");

        assertThat(tls.resolve("cert.pem")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(tls.resolve("key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(second.certificateChain()).isEqualTo(first.certificateChain());
        assertThat(first.toString()).contains("self-signed").contains(tls.resolve("cert.pem").toString());
    }

    @Test
    void selfSignedCertificateNamesTheHostAndLocalhostForTenYears() throws Exception {
        X509Certificate certificate = TlsMaterial.selfSigned(dir, "mail.example.test").certificateChain().get(0);

        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactly("mail.example.test", "localhost");
        assertThat(certificate.getNotAfter().toInstant())
                .isAfter(Instant.now().plus(Duration.ofDays(3640)));
        assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void aSelfSignedCertificateForLocalhostNamesItOnce() throws Exception {
        X509Certificate certificate = TlsMaterial.ephemeral("localhost").certificateChain().get(0);

        assertThat(certificate.getSubjectAlternativeNames()).hasSize(1);
    }

    @Test
    void loadsAnRsaKeyInPkcs8() throws Exception {
        TlsMaterial material = TlsMaterial.fromPem(certificateFile(RSA), keyFile(PemFixtures.pkcs8(RSA)));

        assertThat(material.certificateChain()).containsExactly(RSA.certificate());
    }

    @Test
    void loadsAnRsaKeyInPkcs1() throws Exception {
        String pem = PemFixtures.traditional(RSA);
        assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(TlsMaterial.fromPem(certificateFile(RSA), keyFile(pem)).certificateChain()).hasSize(1);
    }

    @Test
    void loadsAnEcKeyInSec1AndInPkcs8() throws Exception {
        String sec1 = PemFixtures.traditional(EC);
        assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThat(TlsMaterial.fromPem(certificateFile(EC), keyFile(sec1)).certificateChain()).hasSize(1);
        assertThat(TlsMaterial.fromPem(certificateFile(EC), keyFile(PemFixtures.pkcs8(EC))).certificateChain()).hasSize(1);
    }

    @Test
    void keepsAFullChainInFileOrder() throws Exception {
        Path chain = PemFixtures.write(dir.resolve("fullchain.pem"), PemFixtures.certificate(EC, RSA));

        TlsMaterial material = TlsMaterial.fromPem(chain, keyFile(PemFixtures.pkcs8(EC)));

        assertThat(material.certificateChain()).containsExactly(EC.certificate(), RSA.certificate());
    }

    @Test
    void readsWhatOpensslWrites() throws Exception {
        assumeTrue(PemFixtures.opensslPresent(), "openssl is not installed");
        // PKCS#1 RSA, SEC1 EC preceded by an "EC PARAMETERS" block, and PKCS#8 (OpenSSL 3's default).
        PemFixtures.openssl(dir, "genrsa -traditional -out rsa.key 2048");
        PemFixtures.openssl(dir, "req -new -x509 -key rsa.key -out rsa.crt -subj /CN=rsa.example.test -days 2");
        PemFixtures.openssl(dir, "ecparam -name prime256v1 -genkey -out ec.key");
        PemFixtures.openssl(dir, "req -new -x509 -key ec.key -out ec.crt -subj /CN=ec.example.test -days 2");
        PemFixtures.openssl(dir, "req -x509 -newkey rsa:2048 -nodes -keyout p8.key -out p8.crt -subj /CN=p8 -days 2");
        assertThat(Files.readString(dir.resolve("ec.key"))).startsWith("-----BEGIN EC PARAMETERS-----");

        for (String name : List.of("rsa", "ec", "p8")) {
            TlsMaterial material = TlsMaterial.fromPem(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
            assertThat(material.certificateChain()).as(name).hasSize(1);
        }
    }

    @Test
    void anEncryptedKeyIsAClearError() throws Exception {
        assumeTrue(PemFixtures.opensslPresent(), "openssl is not installed");
        PemFixtures.openssl(dir, "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -passout pass:secret"
                + " -keyout enc.key -out enc.crt -subj /CN=enc -days 2");

        assertOneLineError(() -> TlsMaterial.fromPem(dir.resolve("enc.crt"), dir.resolve("enc.key")),
                dir.resolve("enc.key") + ": the private key is encrypted");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothFiles() throws Exception {
        Path certificate = certificateFile(RSA);
        Path key = keyFile(PemFixtures.pkcs8(SelfSignedCertificate.generate("other", KeyType.RSA_2048)));

        assertOneLineError(() -> TlsMaterial.fromPem(certificate, key),
                key + ": this private key does not belong to the certificate in " + certificate);
    }

    @Test
    void aKeyOfAnotherTypeIsRefused() throws Exception {
        Path certificate = certificateFile(RSA);
        Path key = keyFile(PemFixtures.pkcs8(EC));

        assertOneLineError(() -> TlsMaterial.fromPem(certificate, key), key + ": this private key does not belong");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.pem");

        assertOneLineError(() -> TlsMaterial.fromPem(missing, missing), missing + ": no such file");
    }

    @Test
    void aFileWithoutCertificateIsNamed() throws Exception {
        Path notPem = PemFixtures.write(dir.resolve("notes.txt"), "hello\nworld\n");

        assertOneLineError(() -> TlsMaterial.fromPem(notPem, keyFile(PemFixtures.pkcs8(RSA))),
                notPem + ": no PEM certificate");
    }

    @Test
    void aKeyFileWithoutKeyIsNamed() throws Exception {
        Path certificate = certificateFile(RSA);

        assertOneLineError(() -> TlsMaterial.fromPem(certificate, certificate), certificate + ": no PEM private key");
    }

    @Test
    void aDamagedPemFileIsNamed() throws Exception {
        Path damaged = PemFixtures.write(dir.resolve("damaged.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        assertOneLineError(() -> TlsMaterial.fromPem(damaged, keyFile(PemFixtures.pkcs8(RSA))), damaged + ": ");
    }

    @Test
    void aDamagedSelfSignedCertificateIsNamedRatherThanSilentlyReplaced() throws Exception {
        TlsMaterial.selfSigned(dir, "localhost");
        Files.writeString(dir.resolve("key.pem"), "truncated");

        assertOneLineError(() -> TlsMaterial.selfSigned(dir, "localhost"), dir.resolve("key.pem") + ": no PEM private key");
    }

    @Test
    void thePolicyAllowsOnlyTls12And13WithForwardSecretAeadSuites() {
        TlsPolicy policy = TlsMaterial.ephemeral("localhost").policy();

        assertThat(policy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(policy.cipherSuites()).isNotEmpty().allSatisfy(suite -> {
            assertThat(suite).containsAnyOf("_GCM_", "CHACHA20_POLY1305");
            assertThat(suite).satisfiesAnyOf(s -> assertThat(s).startsWith("TLS_AES_"),
                    s -> assertThat(s).startsWith("TLS_CHACHA20_"),
                    s -> assertThat(s).contains("_ECDHE_"), s -> assertThat(s).contains("_DHE_"));
        });
    }

    private Path certificateFile(SelfSignedCertificate generated) throws Exception {
        return PemFixtures.write(Files.createTempFile(dir, "cert", ".pem"), PemFixtures.certificate(generated));
    }

    private Path keyFile(String pem) throws Exception {
        return PemFixtures.write(Files.createTempFile(dir, "key", ".pem"), pem);
    }

    private static void assertOneLineError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String prefix) {
        assertThatThrownBy(call).isInstanceOf(TlsException.class)
                .hasMessageStartingWith(prefix)
                .extracting(Throwable::getMessage).asString().doesNotContain("\n");
    }
}
