package io.phylax.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's keytool, for the certificates an attack brings (self-signed, or re-issued from the stack's CA). */
final class Keytool {

    private Keytool() {}

    /**
     * A new key pair ({@code algorithm}: keytool's {@code -keyalg ...} arguments) with a self-signed certificate for
     * {@code cn}, valid two days, under {@code alias} in the PKCS#12 store {@code store}.
     */
    static void generateKeyPair(Path store, String alias, String cn, String password, String... algorithm)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias));
        args.addAll(List.of(algorithm));
        args.addAll(List.of("-dname", "CN=" + cn, "-validity", "2", "-storetype", "PKCS12", "-keystore"));
        args.addAll(List.of(store.toString(), "-storepass", password, "-keypass", password));
        run(args.toArray(String[]::new));
    }

    /** Runs keytool with {@code args} and fails the test unless it exits 0 within a minute. */
    static void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as("keytool " + args[0]).isZero();
    }
}
