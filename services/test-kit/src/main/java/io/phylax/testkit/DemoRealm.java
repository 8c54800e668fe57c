package io.phylax.testkit;

import java.util.List;

/** Names seeded in the local {@code phylax} realm (deploy/local/keycloak/phylax-realm.json). */
public final class DemoRealm {

    public static final String CLINIC_A = "clinic-a";
    public static final String CLINIC_B = "clinic-b";
    public static final List<String> TENANTS = List.of(CLINIC_A, CLINIC_B);

    /** Staff roles; each tenant has one user per role, named {@code <tenant>-<role>}. */
    public static final List<String> STAFF_ROLES =
            List.of("clinician", "scheduler", "billing", "support", "auditor", "tenant-admin");

    public static final List<String> SERVICES = List.of("phi-vault", "audit", "notification", "reporting");

    private DemoRealm() {}

    public static String user(String tenant, String role) {
        return tenant + "-" + role;
    }

    public static String integrationClient(String tenant) {
        return tenant + "-integration";
    }
}
