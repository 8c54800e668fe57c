package io.phylax.vault.it;

import static io.phylax.vault.it.SyntheticPatients.patient;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.phylax.vault.application.fhir.FhirCodec;
import io.phylax.vault.application.port.in.PatientQueries;
import io.phylax.vault.application.port.in.RegisterPatientUseCase;
import io.phylax.vault.application.port.in.ResourceSnapshot;
import io.vertx.core.Vertx;

/** Registers and reads synthetic subjects through the use cases, for tests on tenants no token names. */
@ApplicationScoped
class TestSubjects {

    @Inject
    Vertx vertx;

    @Inject
    RegisterPatientUseCase registrations;

    @Inject
    PatientQueries patients;

    @Inject
    FhirCodec fhir;

    /** A synthetic patient marked with the canary, registered by a clinician of the tenant. */
    UUID register(String tenant, String canary) throws Exception {
        return OnVertx.await(
                        vertx,
                        () -> registrations.register(new RegisterPatientUseCase.RegisterPatientCommand(
                                OnVertx.as(tenant, "clinician"), fhir.parse(patient(canary)), null)))
                .snapshot()
                .id();
    }

    /** The subject as the registering clinician reads it. */
    ResourceSnapshot read(String tenant, UUID subject) throws Exception {
        return OnVertx.await(
                vertx,
                () -> patients.fetch(new PatientQueries.FetchPatientQuery(OnVertx.as(tenant, "clinician"), subject)));
    }
}
