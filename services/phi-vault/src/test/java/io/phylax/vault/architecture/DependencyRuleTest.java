package io.phylax.vault.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The vault's hexagon: the domain depends on nothing but the JDK, and adapters only on ports. */
class DependencyRuleTest {

    private static final JavaClasses VAULT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.phylax.vault");

    @Test
    void domainImportsNoFrameworkNorAdapter() {
        noClasses()
                .that()
                .resideInAPackage("io.phylax.vault.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.phylax.vault.application..",
                        "io.phylax.vault.adapter..",
                        "io.phylax.vault.config..",
                        "io.quarkus..",
                        "io.smallrye..",
                        "io.vertx..",
                        "jakarta..",
                        "org.hibernate..",
                        "org.apache.kafka..",
                        "ca.uhn..",
                        "org.hl7..",
                        "com.fasterxml..")
                .check(VAULT);
    }

    @Test
    void applicationDoesNotReachIntoAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.phylax.vault.application..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.phylax.vault.adapter..", "org.hibernate..", "org.apache.kafka..", "io.phylax.keys..")
                .check(VAULT);
    }

    @Test
    void adaptersDoNotCallEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.phylax.vault.adapter.in..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.phylax.vault.adapter.out..")
                .check(VAULT);
    }
}
