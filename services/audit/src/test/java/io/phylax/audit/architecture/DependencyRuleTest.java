package io.phylax.audit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The verifier trusts nothing but the JDK; the domain nothing but the verifier and the JDK; adapters stay apart. */
class DependencyRuleTest {

    private static final JavaClasses AUDIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.phylax.audit");

    @Test
    void theVerifierNeedsOnlyTheJdk() {
        classes()
                .that()
                .resideInAPackage("io.phylax.audit.verify..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.phylax.audit.verify..")
                .check(AUDIT);
    }

    @Test
    void theDomainNeedsOnlyTheVerifierAndTheJdk() {
        classes()
                .that()
                .resideInAPackage("io.phylax.audit.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.phylax.audit.verify..", "io.phylax.audit.domain..")
                .check(AUDIT);
    }

    @Test
    void applicationDoesNotReachIntoAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.phylax.audit.application..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.phylax.audit.adapter..", "io.vertx..", "org.apache.kafka..")
                .check(AUDIT);
    }

    @Test
    void adaptersDoNotCallEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.phylax.audit.adapter.in..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.phylax.audit.adapter.out..")
                .check(AUDIT);
    }
}
