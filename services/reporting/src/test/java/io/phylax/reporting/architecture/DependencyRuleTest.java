package io.phylax.reporting.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** Reporting's layers: a framework-free domain, and only the repository touches the database. */
class DependencyRuleTest {

    private static final JavaClasses REPORTING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.phylax.reporting");

    @Test
    void domainDependsOnTheJdkAndTheEventContractOnly() {
        classes()
                .that()
                .resideInAPackage("io.phylax.reporting.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.phylax.contract..", "io.phylax.reporting.domain..")
                .check(REPORTING);
    }

    @Test
    void onlyTheRepositoryTalksToTheDatabase() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.phylax.reporting.repository..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.pgclient..")
                .check(REPORTING);
    }
}
